"""``leaderboard export``: the table, or one benchmark's leaderboard, as CSV/Parquet/JSONL/Excel."""
from __future__ import annotations

import argparse
import sys

from leaderboard import paths, store, views
from leaderboard.pipeline import EXIT_NOTHING, EXIT_USAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the table or one benchmark's leaderboard to a file",
                       description="Write the score table (or, with --benchmark, that benchmark's leaderboard: "
                                   "each model's best ranked score, best first, with its sources and a conflict "
                                   "flag) as CSV, Parquet, JSON Lines or Excel, chosen by OUT's suffix.")
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to read (default: %(default)s)")
    p.add_argument("--benchmark", metavar="B", help="only this benchmark's leaderboard")
    p.add_argument("--setting", metavar="S", help="with --benchmark: only scores reported under this setting (e.g. 5-shot)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write (.csv .parquet .jsonl .xlsx)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        store.format_for(args.output)
        table = store.read_table(args.table)
    except store.StoreError as exc:
        print(f"leaderboard export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.benchmark:
        table = views.benchmark_board(table, args.benchmark, setting=args.setting)
        if table.empty:
            print(f"leaderboard export: no ranked scores for benchmark {args.benchmark!r}"
                  + (f" under setting {args.setting!r}" if args.setting else ""), file=sys.stderr)
            return EXIT_NOTHING
    else:
        table = table[table["kind"] == "score"]
    store.write_table(table.reset_index(drop=True), args.output)
    print(f"wrote {len(table)} rows -> {args.output}", file=sys.stderr)
    return 0
