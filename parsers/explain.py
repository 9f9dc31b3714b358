"""Why the extractor kept or rejected each number of an abstract: the tool to debug extraction.

    python3 -m parsers.explain data/raw/001_65cf3989b08e470f.txt      # every abstract of a file
    python3 -m parsers.explain papers.jsonl --match "Qwen2"           # only titles containing "Qwen2"
    python3 -m parsers.explain --text "Qwen2-72B reaches 84.2 on MMLU." [--title "..."]

For each abstract that may hold a score, each sentence with numbers is printed once, then every
number in it with its verdict: kept (as what: model, benchmark, and how each was found) or
rejected (a count, a gain, a bound, part of a name, no benchmark tied to it, no named model, ...).
"""
from __future__ import annotations

import argparse
import sys
from typing import Iterable, TextIO

from parsers.extract import _extract, may_contain_scores


def explain(abstract: str, title: str | None = None) -> list[dict]:
    """The decisions about every number of the abstract, in reading order, as plain dicts."""
    if not abstract or not may_contain_scores(abstract):
        return []
    trace: list = []
    _extract(abstract, title, trace)
    trace.sort(key=lambda st: (st.number.start, st.verdict != "kept"))
    return [{"sentence": st.sentence, "evidence": abstract[st.span_start:st.span_end],
             "number": abstract[st.number.start:st.number.end], "number_start": st.number.start,
             "verdict": st.verdict, "why": st.why} for st in trace]


def write_explanation(abstract: str, title: str | None, out: TextIO, label: str = "") -> int:
    """Print the decisions for one abstract; returns how many numbers were kept."""
    steps = explain(abstract, title)
    if not steps:
        return 0
    print(f"== {label}{title or '(no title)'}", file=out)
    last = None
    kept = 0
    for st in steps:
        if st["sentence"] != last:
            last = st["sentence"]
            print(f"   sentence {last + 1}: {st['evidence']}", file=out)
        mark = "+" if st["verdict"] == "kept" else "-"
        kept += st["verdict"] == "kept"
        print(f"      {mark} {st['number']:>8}  {st['verdict']}: {st['why']}", file=out)
    return kept


def _records(paths: Iterable[str]):
    from parsers.sources import read_inputs

    for rec in read_inputs(paths):
        if hasattr(rec, "abstract"):
            yield f"{rec.source}:{rec.line}  ", rec.title, rec.abstract
        else:
            print(f"problem: {rec}", file=sys.stderr)


def add_arguments(ap: argparse.ArgumentParser) -> None:
    """The options, shared by ``python3 -m parsers.explain`` and ``leaderboard explain``."""
    ap.add_argument("inputs", nargs="*", help="files or folders the harvest would read")
    ap.add_argument("--text", help="explain this abstract text instead of files")
    ap.add_argument("--title", help="title to go with --text")
    ap.add_argument("--match", help="only records whose title contains this text (case-insensitive)")


def run(args: argparse.Namespace) -> int:
    """Print the decisions for the abstracts ``args`` names; the exit status."""
    items = [("", args.title, args.text)] if args.text else _records(args.inputs)
    for label, title, abstract in items:
        if args.match and args.match.lower() not in (title or "").lower():
            continue
        write_explanation(abstract, title, sys.stdout, label)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m parsers.explain", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(ap)
    args = ap.parse_args(argv)
    if not args.text and not args.inputs:
        ap.error("give files or folders, or --text")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
