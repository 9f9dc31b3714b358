"""The ``leaderboard`` command: one subcommand per module in :mod:`leaderboard.commands`.

Each command module defines ``register(subparsers)``, which adds its parser and sets ``func`` to
a function taking the parsed arguments and returning an exit status. Exit statuses: 0 all good,
1 some records rejected, 2 usage error, 3 nothing readable.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from leaderboard import __version__

#: subcommand modules, in the order ``--help`` lists them
COMMANDS = ["harvest", "explain", "serve", "export", "fetch", "update", "models", "conflicts", "compile"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaderboard",
        description="Harvest benchmark scores reported in paper abstracts into one table, and serve "
                    "it as leaderboards where every number links to the sentence it came from.",
        epilog="Exit status: 0 all good, 1 some records rejected, 2 usage error, 3 nothing readable.")
    parser.add_argument("--version", action="version", version=f"leaderboard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"leaderboard.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("leaderboard: interrupted", file=sys.stderr)
        return 130
