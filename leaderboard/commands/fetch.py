"""``leaderboard fetch SOURCE``: bring new papers from a live API into ``data/raw/``.

Each source is one subcommand whose options are added by a function of its own, so that
``leaderboard update`` offers exactly the same options and runs exactly the same code.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from leaderboard import paths
from datetime import datetime, timezone

from leaderboard.fetch import arxiv, hf_daily
from leaderboard.fetch.client import PoliteClient
from leaderboard.fetch.storage import RawStore
from leaderboard.pipeline import EXIT_OK, EXIT_REJECTS, EXIT_USAGE

ARXIV_STORE = "arxiv.jsonl"
HF_DAILY_STORE = "hf_daily.jsonl"


def _date(value: str):
    try:
        return arxiv.parse_date_arg(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return number


def _seconds(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return number


def add_client_options(p: argparse.ArgumentParser, default_delay: float | None) -> None:
    p.add_argument("--delay", type=_seconds, default=default_delay, metavar="SECONDS",
                   help="pause between requests (default: %s)" % (
                       f"{default_delay}, the API's courtesy interval" if default_delay is not None else
                       "3 for arXiv, 1 for Hugging Face, the APIs' courtesy intervals"))
    p.add_argument("--retries", type=int, default=4, metavar="N",
                   help="retries of a request that failed with 5xx or timed out (default: %(default)s)")
    p.add_argument("--backoff", type=_seconds, default=None, metavar="SECONDS",
                   help="first pause before a retry, doubled each time (default: the --delay)")
    p.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS",
                   help="seconds to wait for an answer (default: %(default)s)")


def add_arxiv_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--query", required=True, metavar="Q",
                   help="arXiv search query, e.g. 'cat:cs.CL AND abs:MMLU'")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first submission day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last submission day (YYYY-MM-DD)")
    p.add_argument("--max", dest="max_results", type=_positive, metavar="N", help="fetch at most the first N results")
    p.add_argument("--page-size", type=_positive, default=100, metavar="N", help="results per request (default: %(default)s)")
    p.add_argument("--endpoint", default=arxiv.DEFAULT_ENDPOINT, metavar="URL",
                   help="API address, e.g. a mirror (default: %(default)s)")
    p.add_argument("--store", type=Path, default=None, metavar="DIR",
                   help=f"folder of the raw store (default: {paths.RAW_DIR / 'arxiv'})")
    add_client_options(p, default_delay=3.0)


def add_hf_daily_options(p: argparse.ArgumentParser) -> None:
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, metavar="DATE", help="one day (YYYY-MM-DD; default: today, UTC)")
    when.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first day of a range")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day of a range (default: today)")
    p.add_argument("--endpoint", default=hf_daily.DEFAULT_ENDPOINT, metavar="URL",
                   help="API address, e.g. a mirror (default: %(default)s)")
    p.add_argument("--store", type=Path, default=None, metavar="DIR",
                   help=f"folder of the raw store (default: {paths.RAW_DIR / 'hf_daily'})")
    add_client_options(p, default_delay=1.0)


def client_from(args: argparse.Namespace) -> PoliteClient:
    return PoliteClient(delay=args.delay, retries=args.retries, backoff=args.backoff, timeout=args.timeout)


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def store_failed(source: str, store: RawStore, exc: OSError) -> int:
    """The store cannot be written (permissions, full disk): what was stored before is intact."""
    print(f"leaderboard fetch {source}: cannot write {store.path}: {exc.strerror or exc}; "
          "records stored earlier are intact, run again to resume", file=sys.stderr)
    return EXIT_REJECTS


def run_arxiv(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("leaderboard fetch arxiv: --from is after --to", file=sys.stderr)
        return EXIT_USAGE
    store = RawStore((args.store or paths.RAW_DIR / "arxiv") / ARXIV_STORE)
    try:
        report = arxiv.fetch(args.query, store, endpoint=args.endpoint, date_from=args.date_from,
                             date_to=args.date_to, max_results=args.max_results, page_size=args.page_size,
                             client=client_from(args), log=log)
    except OSError as exc:
        return store_failed("arxiv", store, exc)
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(report.summary_line() + f" -> {store.path}", file=sys.stderr)
    return EXIT_OK if report.complete and not report.problems else EXIT_REJECTS


def run_hf_daily(args: argparse.Namespace) -> int:
    today = datetime.now(timezone.utc).date()
    if args.date_to and not args.date_from:
        print("leaderboard fetch hf-daily: --to needs --from (or use --date)", file=sys.stderr)
        return EXIT_USAGE
    first = args.date or args.date_from or today
    last = args.date or args.date_to or today
    if first > last:
        print("leaderboard fetch hf-daily: --from is after --to", file=sys.stderr)
        return EXIT_USAGE
    store = RawStore((args.store or paths.RAW_DIR / "hf_daily") / HF_DAILY_STORE)
    try:
        report = hf_daily.fetch(first, last, store, endpoint=args.endpoint, client=client_from(args), log=log)
    except ValueError as exc:
        print(f"leaderboard fetch hf-daily: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        return store_failed("hf-daily", store, exc)
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(report.summary_line() + f" -> {store.path}", file=sys.stderr)
    return EXIT_OK if not report.problems else EXIT_REJECTS


def run_snapshot(args: argparse.Namespace) -> int:
    from parsers.records import Problem
    from parsers.sources import arxiv_oai

    path = Path(args.snapshot)
    if not path.is_file():
        print(f"leaderboard fetch snapshot: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if not arxiv_oai.is_snapshot_file(path):
        print(f"leaderboard fetch snapshot: {path}: not the arXiv metadata snapshot layout "
              "(JSON Lines with id, abstract, versions, update_date)", file=sys.stderr)
        return EXIT_USAGE
    store = RawStore((args.store or paths.RAW_DIR / "arxiv") / ARXIV_STORE)
    problems: list[Problem] = []

    def records():
        with arxiv_oai.open_snapshot(path) as stream:
            for item in arxiv_oai.iter_snapshot_records(stream, path.name, args.category):
                if isinstance(item, Problem):
                    problems.append(item)
                    print(f"problem: {item}", file=sys.stderr)
                else:
                    yield item[1]

    try:
        merged = store.add(records())
    except OSError as exc:
        print(f"leaderboard fetch snapshot: {path}: reading stopped: {exc}", file=sys.stderr)
        return EXIT_REJECTS
    kept = len(merged.added) + len(merged.updated) + merged.unchanged
    print(f"snapshot: {kept} papers{' in ' + args.category if args.category else ''}, {len(merged.added)} new, "
          f"{len(merged.updated)} newer versions, {merged.unchanged} already stored, {len(problems)} problems "
          f"-> {store.path}", file=sys.stderr)
    return EXIT_OK if not problems else EXIT_REJECTS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fetch", help="fetch new papers from arXiv or Hugging Face into data/raw/",
                       description="Fetch papers from a live API into the raw store under data/raw/ "
                                   "(JSON Lines, one record per paper, newest version kept), politely and "
                                   "resumably. Then run `leaderboard harvest`, or use `leaderboard update`.")
    sources = p.add_subparsers(dest="source", metavar="SOURCE", required=True)
    a = sources.add_parser("arxiv", help="the arXiv API (Atom feed)",
                           description="Page through an arXiv API query, newest first, into data/raw/arxiv/. "
                                       "An interrupted fetch resumes when run again with the same options.")
    add_arxiv_options(a)
    a.set_defaults(func=run_arxiv)
    h = sources.add_parser("hf-daily", help="Hugging Face daily papers (JSON)",
                           description="Fetch the papers listed on Hugging Face's daily papers pages for one "
                                       "day or a range of days into data/raw/hf_daily/.")
    add_hf_daily_options(h)
    h.set_defaults(func=run_hf_daily)
    s = sources.add_parser("snapshot", help="the arXiv metadata snapshot (JSON Lines file)",
                           description="Stream the arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json, "
                                       "plain or gzip) into data/raw/arxiv/, keeping only the given categories.")
    s.add_argument("snapshot", metavar="FILE", help="the snapshot file")
    s.add_argument("--category", metavar="LIST",
                   help="comma-separated categories or archives to keep, e.g. cs.CL,cs.LG,cs.AI (default: all)")
    s.add_argument("--store", type=Path, default=None, metavar="DIR",
                   help=f"folder of the raw store (default: {paths.RAW_DIR / 'arxiv'})")
    s.set_defaults(func=run_snapshot)
