"""``leaderboard conflicts``: where papers disagree about a model's score, with both evidences."""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from leaderboard import paths, store, views
from leaderboard.commands import write_output
from leaderboard.pipeline import EXIT_USAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("conflicts", help="list scores on which papers disagree",
                       description="List every model, benchmark and setting for which different papers report "
                                   "different numbers, with each paper's number and the sentence it wrote. "
                                   "All rows stay in the table; leaderboards mark such entries as conflicts.")
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to read (default: %(default)s)")
    p.add_argument("--benchmark", metavar="B", help="only this benchmark")
    p.add_argument("-o", "--output", metavar="OUT", help="also write the rows (.csv .parquet .jsonl .xlsx)")
    p.set_defaults(func=run)


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def describe(found) -> str:
    if found.empty:
        return "no conflicts"
    lines = []
    keys = ["model_key", "benchmark", "setting"]
    groups = found.assign(setting=found["setting"].astype("string").fillna("")).groupby(keys, sort=False)
    for (key, bench, setting), group in groups:
        first = group.iloc[0]
        lines.append(f"{first['model']} [{key}] on {bench}" + (f" ({setting})" if setting else "")
                     + f": {first['n_values']} numbers from {first['n_papers']} papers")
        for _, row in group.iterrows():
            score = _text(row["score"]) if pd.isna(row["score"]) else f"{row['score']:g}"
            lines.append(f"  {score} {_text(row['unit'])}  {_text(row['paper_id'])}  {_text(row['title'])}".rstrip())
            lines.append(f"      \"{_text(row['evidence'])}\"")
    lines.append(f"{len(found.groupby(keys, dropna=False))} conflicts")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        table = store.read_table(args.table)
    except store.StoreError as exc:
        print(f"leaderboard conflicts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    found = views.conflicts(table)
    if args.benchmark:
        names = found["benchmark"].astype("string").str.casefold()
        found = found[(names == args.benchmark.casefold()).fillna(False).astype(bool)]
    if args.output and not write_output(found, args.output, "conflicts"):
        return EXIT_USAGE
    print(describe(found))
    return 0
