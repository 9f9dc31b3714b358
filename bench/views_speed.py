"""Time the leaderboard views and the row normalization: ``python3 bench/views_speed.py [N ...]``.

Builds an N-row table by resampling the real rows (bench/make_table.py) and prints, for each N,
the median seconds of each view (benchmark_board, pivot, model_profile, sota_over_time,
conflicts, models_seen) over a few runs. Also prints the cost of resolving one model mention
(catalog lookup plus the abstract's text rules), cold and warm, on the gold set's mentions.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from leaderboard import modelnames, normalize, views  # noqa: E402
from make_table import real_tables, resample  # noqa: E402

GOLD = ROOT / "tests" / "data" / "seeds_dev.jsonl"


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mention_cost(repeat: int) -> tuple[float, float]:
    with open(GOLD, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    items = [(s["model"], r["abstract"], r["title"], s["evidence"]) for r in records for s in r["scores"]]

    def cold():
        for cache in (normalize.resolve_model, normalize._abstract_facts, normalize._sizes, modelnames._fold):
            cache.cache_clear()
        for item in items:
            normalize.resolve_model(*item)

    def warm():
        normalize.resolve_model.cache_clear()
        for item in items:
            normalize.resolve_model(*item)
    return median_seconds(cold, repeat) / len(items), median_seconds(warm, repeat) / len(items)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    cold, warm = mention_cost(args.repeat)
    print(f"resolve one mention: {cold * 1e6:.0f} us (new abstract), {warm * 1e6:.0f} us (abstract seen)")
    scores, papers = real_tables()
    for n in args.sizes:
        table, _ = resample(scores, papers, n)
        bench = table["benchmark"].value_counts().index[0]
        model = table["model_key"].value_counts().index[0]
        runs = {"benchmark_board": lambda: views.benchmark_board(table, bench),
                "pivot": lambda: views.pivot(table),
                "model_profile": lambda: views.model_profile(table, model),
                "sota_over_time": lambda: views.sota_over_time(table, bench),
                "conflicts": lambda: views.conflicts(table),
                "models_seen": lambda: views.models_seen(table)}
        figures = ", ".join(f"{name} {median_seconds(fn, args.repeat):.2f}s" for name, fn in runs.items())
        print(f"{n:,} rows: {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
