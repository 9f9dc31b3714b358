"""``leaderboard explain``: why each number of an abstract was harvested or rejected.

The extractor's own trace (:mod:`parsers.explain`) as a subcommand, so a user who doubts a row, or
wonders why a score is missing, can read the verdict on every number of the abstract it came from.
"""
from __future__ import annotations

import argparse
import sys

from parsers import explain
from leaderboard.pipeline import EXIT_USAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show, per abstract, each number and why it was kept or rejected",
                       description="For every abstract of the inputs that may hold a score, print each sentence "
                                   "with numbers and, for every number, the verdict: kept (model, benchmark, and "
                                   "how each was found) or rejected (a count, a gain, a bound, part of a name, "
                                   "no benchmark tied to it, ...).")
    explain.add_arguments(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if not args.text and not args.inputs:
        print("leaderboard explain: give files or folders, or --text", file=sys.stderr)
        return EXIT_USAGE
    return explain.run(args)
