"""``leaderboard export``: the table, or one benchmark's leaderboard, as CSV/Parquet/JSONL/Excel."""
from __future__ import annotations

import argparse
import sys

from leaderboard import paths, store
from leaderboard.pipeline import EXIT_NOTHING, EXIT_USAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the table or one benchmark's leaderboard to a file",
                       description="Write the score table (or, with --benchmark, that benchmark's rows, best "
                                   "first) as CSV, Parquet, JSON Lines or Excel, chosen by OUT's suffix.")
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to read (default: %(default)s)")
    p.add_argument("--benchmark", metavar="B", help="only this benchmark's leaderboard")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write (.csv .parquet .jsonl .xlsx)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        store.format_for(args.output)
        table = store.read_table(args.table)
    except store.StoreError as exc:
        print(f"leaderboard export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    table = table[table["kind"] == "score"]
    if args.benchmark:
        table = table[table["benchmark"].str.casefold() == args.benchmark.casefold()]
        if table.empty:
            print(f"leaderboard export: no scores for benchmark {args.benchmark!r}", file=sys.stderr)
            return EXIT_NOTHING
        table = table.sort_values("score_norm", ascending=False, na_position="last")
    store.write_table(table.reset_index(drop=True), args.output)
    print(f"wrote {len(table)} rows -> {args.output}", file=sys.stderr)
    return 0
