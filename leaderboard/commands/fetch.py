"""``leaderboard fetch SOURCE``: bring new papers from a live API into ``data/raw/``.

Each source is one subcommand whose options are added by a function of its own, so that
``leaderboard update`` offers exactly the same options and runs exactly the same code.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from leaderboard import paths
from leaderboard.fetch import arxiv
from leaderboard.fetch.client import PoliteClient
from leaderboard.fetch.storage import RawStore
from leaderboard.pipeline import EXIT_OK, EXIT_REJECTS, EXIT_USAGE

ARXIV_STORE = "arxiv.jsonl"


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


def add_client_options(p: argparse.ArgumentParser, default_delay: float) -> None:
    p.add_argument("--delay", type=_seconds, default=default_delay, metavar="SECONDS",
                   help="pause between requests (default: %(default)s; the API's courtesy interval)")
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


def client_from(args: argparse.Namespace) -> PoliteClient:
    return PoliteClient(delay=args.delay, retries=args.retries, backoff=args.backoff, timeout=args.timeout)


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run_arxiv(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("leaderboard fetch arxiv: --from is after --to", file=sys.stderr)
        return EXIT_USAGE
    store = RawStore((args.store or paths.RAW_DIR / "arxiv") / ARXIV_STORE)
    report = arxiv.fetch(args.query, store, endpoint=args.endpoint, date_from=args.date_from,
                         date_to=args.date_to, max_results=args.max_results, page_size=args.page_size,
                         client=client_from(args), log=log)
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(report.summary_line() + f" -> {store.path}", file=sys.stderr)
    return EXIT_OK if report.complete and not report.problems else EXIT_REJECTS


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
