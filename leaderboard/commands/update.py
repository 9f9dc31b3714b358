"""``leaderboard update``: fetch new papers, harvest them into the table, say what is new.

The fetch is ``leaderboard fetch arxiv`` or ``fetch hf-daily`` (same options, same code); the
harvest is ``leaderboard harvest`` run through the command line's own entry point (with
``--update`` when the harvest offers it), so locking, incremental updates and exit statuses
are the harvest's. The report compares the table before and after: new papers, new score rows,
and every benchmark whose best result changed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from leaderboard import paths, schema, store
from leaderboard.commands import fetch
from leaderboard.fetch import arxiv, hf_daily
from leaderboard.fetch.changes import compare
from leaderboard.pipeline import EXIT_OK, EXIT_USAGE

#: what `update` asks arXiv for when no query is given: the language-model literature
DEFAULT_QUERY = "cat:cs.CL OR cat:cs.LG OR cat:cs.AI"
#: without --max, an arXiv update takes the newest results only
DEFAULT_MAX = 200
SOURCES = {"arxiv": (arxiv.DEFAULT_ENDPOINT, 3.0), "hf-daily": (hf_daily.DEFAULT_ENDPOINT, 1.0)}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("update", help="fetch new papers and harvest them into the table",
                       description="Fetch new papers (arXiv API or Hugging Face daily papers), harvest the raw "
                                   "data into the table, and print what is new: papers, scores, and new best "
                                   "results per benchmark.")
    p.add_argument("--source", choices=sorted(SOURCES), default="arxiv", help="API to fetch from (default: arxiv)")
    p.add_argument("--query", default=DEFAULT_QUERY, metavar="Q", help="arXiv query (default: %(default)r)")
    p.add_argument("--date", type=fetch._date, metavar="DATE", help="one day (YYYY-MM-DD)")
    p.add_argument("--from", dest="date_from", type=fetch._date, metavar="DATE", help="first day")
    p.add_argument("--to", dest="date_to", type=fetch._date, metavar="DATE", help="last day")
    p.add_argument("--max", dest="max_results", type=fetch._positive, default=DEFAULT_MAX, metavar="N",
                   help="arXiv: fetch at most the N newest results (default: %(default)s)")
    p.add_argument("--page-size", type=fetch._positive, default=100, metavar="N",
                   help="arXiv: results per request (default: %(default)s)")
    p.add_argument("--endpoint", metavar="URL", help="API address, e.g. a mirror (default: the source's own)")
    p.add_argument("--store", type=Path, metavar="DIR",
                   help=f"folder of the raw store (default: {paths.RAW_DIR}/arxiv or /hf_daily)")
    fetch.add_client_options(p, default_delay=None)
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to update (default: %(default)s)")
    p.add_argument("--show", type=int, default=50, metavar="N",
                   help="list at most N new papers and N new scores (0: all; default: %(default)s)")
    p.add_argument("--raw", type=Path, default=paths.RAW_DIR, metavar="DIR",
                   help="folder the harvest reads (default: %(default)s)")
    p.set_defaults(func=run)


def _read(path: Path, papers: bool = False) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return store.read_table(path, papers=papers)
    except store.StoreError as exc:
        print(f"leaderboard update: {exc}; comparing against an empty table", file=sys.stderr)
        return None


def harvest_has_update_flag() -> bool:
    from leaderboard.cli import build_parser
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return "--update" in commands.choices["harvest"]._option_string_actions


def run(args: argparse.Namespace) -> int:
    from leaderboard.cli import main as cli_main

    try:
        store.format_for(args.table)
    except store.StoreError as exc:
        print(f"leaderboard update: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.date and (args.date_from or args.date_to):
        print("leaderboard update: give --date or --from/--to, not both", file=sys.stderr)
        return EXIT_USAGE
    endpoint, delay = SOURCES[args.source]
    args.endpoint = args.endpoint or endpoint
    args.delay = delay if args.delay is None else args.delay
    if args.source == "arxiv":
        if args.date:
            args.date_from = args.date_to = args.date
        fetched = fetch.run_arxiv(args)
        store_dir = args.store or paths.RAW_DIR / "arxiv"
    else:
        fetched = fetch.run_hf_daily(args)
        store_dir = args.store or paths.RAW_DIR / "hf_daily"
    if fetched == EXIT_USAGE:
        return EXIT_USAGE

    table = Path(args.table)
    papers_path = paths.papers_path_for(table) if table.suffix == ".parquet" else None
    before = _read(table)
    before_papers = _read(papers_path, papers=True) if papers_path else None

    inputs = [str(args.raw)]
    if not Path(store_dir).resolve().is_relative_to(Path(args.raw).resolve()):
        inputs.append(str(store_dir))
    harvest_args = ["harvest", *inputs, "-o", str(table)]
    if harvest_has_update_flag():
        harvest_args.append("--update")
    harvested = cli_main(harvest_args)

    after = _read(table)
    if after is None:
        print("leaderboard update: the harvest wrote no table", file=sys.stderr)
        return max(fetched, harvested)
    changes = compare(before if before is not None else schema.empty_table(), after,
                      before_papers, _read(papers_path, papers=True) if papers_path else None)
    print("\n".join(changes.lines(show=args.show or None)), flush=True)
    return max(fetched, harvested, EXIT_OK)
