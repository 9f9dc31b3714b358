"""``leaderboard compile``: build the compiled extractor, which harvests use from then on."""
from __future__ import annotations

import argparse
import sys

from leaderboard.pipeline import EXIT_USAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compile", help="compile the extractor to C (mypyc) for faster harvests",
                       description="Compile the extraction modules with mypyc (installed with mypy; needs a C "
                                   "compiler) into a cache folder keyed by their sources. Every later harvest, "
                                   "server or Dask worker uses the build while the sources are unchanged, and "
                                   "the pure-Python modules otherwise; the rows are the same either way. "
                                   "LEADERBOARD_EXTRACTOR=python forces the pure modules.")
    p.add_argument("--force", action="store_true", help="rebuild even if a build for these sources exists")
    p.add_argument("--status", action="store_true", help="only say whether a build for these sources exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import parsers
    from parsers import compiled

    if args.status:
        folder = compiled.build_folder()
        built = compiled.complete(folder)
        print(f"compiled extractor for these sources: {'built' if built else 'not built'} ({folder})")
        print(f"in use by this process: {parsers.COMPILED or 'no (pure Python)'}")
        return 0
    try:
        folder = compiled.build(force=args.force, log=lambda m: print(m, file=sys.stderr))
    except compiled.BuildError as exc:
        print(f"leaderboard compile: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"compiled extractor ready: {folder}")
    return 0
