"""``leaderboard harvest [INPUT ...] [-o OUT]``: read inputs, extract scores, write the table."""
from __future__ import annotations

import argparse
import sys

from leaderboard import paths, store
from leaderboard.pipeline import EXIT_USAGE, harvest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("harvest", help="extract every reported score from input files into a table",
                       description="Read paper files or folders (listing dumps, JSON Lines, CSV), extract "
                                   "every reported benchmark score, and write the table. With no INPUT, "
                                   "harvests the bundled data/raw/ into data/scores.parquet.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: data/raw/)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="table to write; .parquet, .csv or .jsonl picks the format "
                        "(default: data/scores.parquet)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    inputs = args.inputs or [paths.RAW_DIR]
    out = args.output or paths.DEFAULT_TABLE
    try:
        store.format_for(out)
    except store.StoreError as exc:
        print(f"leaderboard harvest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = harvest(inputs)
    report = result.report
    if not args.quiet:
        for problem in report.problems:
            print(f"problem: {problem}", file=sys.stderr)
    if report.papers_read:
        store.write_table(result.scores, out)
        if str(out).endswith(".parquet"):
            store.write_table(result.papers, paths.papers_path_for(out))
    print(report.summary_line() + (f" -> {out}" if report.papers_read else " (nothing written)"),
          file=sys.stderr)
    return report.exit_status
