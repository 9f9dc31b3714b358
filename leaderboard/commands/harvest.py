"""``leaderboard harvest [INPUT ...] [-o OUT]``: read inputs, extract scores, write the table.

Exit statuses: 0 every record read; 1 some records rejected (the table holds the good ones);
2 usage error or the table is locked by another harvest; 3 nothing readable (nothing written).
"""
from __future__ import annotations

import argparse
import sys

from leaderboard import paths, store
from leaderboard.engines import DEFAULT_CHUNK_BYTES, ENGINES, build, write_rejects
from leaderboard.corrections import CorrectionsError
from leaderboard.lock import LockHeld
from leaderboard.pipeline import EXIT_USAGE


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("harvest", help="extract every reported score from input files into a table",
                       description="Read paper files or folders (listing dumps, JSON Lines, CSV), extract "
                                   "every reported benchmark score, and write the table. With no INPUT, "
                                   "harvests the bundled data/raw/ into data/scores.parquet. Large JSON Lines "
                                   "inputs are streamed in chunks through worker processes.",
                       epilog="Exit status: 0 all good, 1 some records rejected (the others are in the table), "
                              "2 usage error or table locked by another harvest, 3 nothing readable.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: data/raw/)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="table to write; .parquet, .csv or .jsonl picks the format "
                        "(default: data/scores.parquet)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    p.add_argument("-j", "--jobs", type=positive_int, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="local worker processes, or a Dask cluster (default: %(default)s)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="Dask scheduler to use with --engine dask (default: a local cluster)")
    p.add_argument("--chunk-mb", type=positive_int, default=DEFAULT_CHUNK_BYTES // 2**20, metavar="MB",
                   help="JSON Lines block size per task; memory grows with it (default: %(default)s)")
    p.add_argument("--update", action="store_true",
                   help="extract only papers that are new or changed (by content hash) since the stored table; "
                        "keep the rest")
    corrections = p.add_mutually_exclusive_group()
    corrections.add_argument("--corrections", metavar="FILE", default=str(paths.CORRECTIONS_CSV),
                             help="user corrections applied to the rows (default: %(default)s)")
    corrections.add_argument("--no-corrections", dest="corrections", action="store_const", const=None,
                             help="the extractor's rows as they are")
    p.add_argument("--rejects", metavar="FILE",
                   help="write every rejected record as JSON Lines (file, line, reason, record)")
    p.add_argument("--lock-timeout", type=seconds, default=0.0, metavar="SECONDS",
                   help="wait this long for another harvest of the same table to finish (default: 0)")
    progress = p.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="always show the progress bar")
    progress.add_argument("--no-progress", dest="progress", action="store_false",
                          help="never show the progress bar (default: shown on a terminal)")
    p.set_defaults(func=run)


def usage_error(message: str) -> int:
    print(f"leaderboard harvest: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    inputs = args.inputs or [paths.RAW_DIR]
    out = args.output or paths.DEFAULT_TABLE
    try:
        store.format_for(out)
    except store.StoreError as exc:
        return usage_error(str(exc))
    if args.scheduler and args.engine != "dask":
        return usage_error("--scheduler needs --engine dask")
    try:
        report = build(inputs, out, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                       chunk_bytes=args.chunk_mb * 2**20, progress=False if args.quiet else args.progress,
                       lock_timeout=args.lock_timeout, update=args.update, corrections=args.corrections)
    except (LockHeld, CorrectionsError) as exc:
        return usage_error(str(exc))
    if not args.quiet:
        for problem in report.problems:
            print(f"problem: {problem}", file=sys.stderr)
    for stale in report.stale_corrections:
        print(f"warning: {stale}", file=sys.stderr)
    if report.updated is not None:
        print("update: {new} new papers, {changed} changed, {unchanged} unchanged".format(**report.updated),
              file=sys.stderr)
    if args.rejects:
        write_rejects(report.problems, args.rejects)
    rate = f" in {report.seconds:.1f} s ({report.papers_read / report.seconds:,.0f} abstracts/s)" \
        if report.seconds > 0 else ""
    print(report.summary_line() + rate + (f" -> {out}" if report.papers_read else " (nothing written)"),
          file=sys.stderr)
    hint = compile_hint(report.papers_read)
    if hint and not args.quiet:
        print(hint, file=sys.stderr)
    return report.exit_status


#: from this many abstracts on, a harvest with the pure-Python extractor suggests compiling it
COMPILE_HINT_ABSTRACTS = 100_000


def compile_hint(abstracts: int) -> str | None:
    """A note for a large harvest that ran the pure-Python extractor (None when it was compiled,
    when the user asked for the pure modules, or for a small harvest)."""
    import parsers
    from parsers import compiled

    if parsers.COMPILED or abstracts < COMPILE_HINT_ABSTRACTS or compiled.choice() == "python":
        return None
    return ("note: this harvest ran the pure-Python extractor; `leaderboard compile` (mypy and a C compiler) "
            "builds the compiled one, which every later harvest uses (about a quarter less CPU per abstract)")
