#!/usr/bin/env python3
"""Extraction speed on the seed abstracts: microseconds per abstract, median of several runs.

    python3 bench/extract_speed.py [--runs 7]
    python3 bench/extract_speed.py --corpus /tmp/c30k.jsonl [--limit 3000] [--no-fast-path] [--per-abstract]

With --corpus (a file written by bench/make_corpus.py), prints the CPU time per abstract of
extract_scores() over the first --limit abstracts of that corpus (median of the runs, process
time: not inflated by other processes), and the share the prefilter lets through.

Without it, prints, over every record of data/raw/ (the 519 seed abstracts), the mean cost per
abstract (median of the runs) and the typical cost (the median abstract's best time):
- with prefilter: extract_scores() as the harvest calls it (abstracts without a score-shaped
  number are skipped after one cheap pass);
- without prefilter: the full extractor on every abstract;
- prefilter alone: may_contain_scores(), and the share of abstracts it lets through.
Each run extracts every abstract once; nothing is cached across abstracts by text.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from parsers import extract as ex, patterns  # noqa: E402
from parsers.sources import read_inputs  # noqa: E402


def abstracts() -> list[tuple[str, str | None]]:
    return [(r.abstract, r.title) for r in read_inputs([ROOT / "data" / "raw"]) if hasattr(r, "abstract")]


def corpus_abstracts(path: str, limit: int) -> list[tuple[str, str | None]]:
    out = []
    with open(path, "rb") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            if line.strip():
                r = orjson.loads(line)
                out.append((r["abstract"], r.get("title")))
    return out


def per_abstract_us(fn, items, runs: int, clock=time.perf_counter) -> float:
    """Median over runs of the time per abstract by ``clock`` (wall by default)."""
    times = []
    for _ in range(runs):
        t0 = clock()
        for abstract, title in items:
            fn(abstract, title)
        times.append((clock() - t0) / len(items) * 1e6)
    return statistics.median(times)


def cpu_per_abstract_us(fn, items, runs: int) -> float:
    """Median over runs of the CPU (process) time per abstract: not inflated by other processes."""
    return per_abstract_us(fn, items, runs, clock=time.process_time)


def median_single_us(fn, items, runs: int) -> float:
    """Median over abstracts of each abstract's best time (the typical abstract's cost)."""
    best = [float("inf")] * len(items)
    for _ in range(runs):
        for k, (abstract, title) in enumerate(items):
            t0 = time.perf_counter()
            fn(abstract, title)
            best[k] = min(best[k], time.perf_counter() - t0)
    return statistics.median(best) * 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", metavar="JSONL", help="time the first --limit abstracts of this corpus instead")
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--no-fast-path", action="store_true", help="turn the extractor's fast path off")
    ap.add_argument("--per-abstract", action="store_true",
                    help="bound each abstract with one timer, as harvest workers do (default: a timeout per pattern call)")
    args = ap.parse_args(argv)
    if args.per_abstract:
        patterns.use_abstract_deadline()
    import parsers
    mode = f"{'compiled' if parsers.COMPILED else 'pure-Python'} extractor, " \
           f"{'one timer per abstract' if args.per_abstract else 'a timeout per pattern call'}"
    if args.no_fast_path:
        ex.FAST_PATH = False        # (else as LEADERBOARD_EXTRACT_FASTPATH says)
    if args.corpus:
        items = corpus_abstracts(args.corpus, args.limit)
        for abstract, title in items[:200]:
            ex.extract_scores(abstract, title)   # compile the patterns, outside the timing
        cpu = cpu_per_abstract_us(ex.extract_scores, items, args.runs)
        passed = sum(ex.may_contain_scores(a) for a, _ in items)
        print(f"{len(items)} abstracts of {args.corpus}, {mode}, fast path {'on' if ex.FAST_PATH else 'off'}: "
              f"{cpu:.1f} us CPU per abstract (median of {args.runs} runs; {1e6 / cpu:,.0f} abstracts/s on one core); "
              f"prefilter lets {passed} through")
        return 0
    items = abstracts()
    ex.extract_scores(*items[0])  # compile the patterns once, outside the timing
    with_pre = per_abstract_us(ex.extract_scores, items, args.runs)
    without = per_abstract_us(lambda a, t: ex._extract(a, t), items, args.runs)
    pre = per_abstract_us(lambda a, t: ex.may_contain_scores(a), items, args.runs)
    passed = sum(ex.may_contain_scores(a) for a, _ in items)
    typical = median_single_us(ex.extract_scores, items, args.runs)
    typical_full = median_single_us(lambda a, t: ex._extract(a, t), items, args.runs)
    print(f"{len(items)} seed abstracts; mean per abstract = median over {args.runs} runs; "
          f"typical = median abstract's best time")
    print(f"with prefilter     mean {with_pre:8.1f} us/abstract  ({1e6 / with_pre:,.0f} abstracts/s on one core)"
          f"   typical {typical:7.1f} us")
    print(f"without prefilter  mean {without:8.1f} us/abstract"
          f"                                typical {typical_full:7.1f} us")
    print(f"prefilter alone    mean {pre:8.1f} us/abstract  (lets {passed}/{len(items)} through)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
