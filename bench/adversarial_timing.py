"""Time the readers and the extractor on adversarial text at 10 kB, 100 kB and 1 MB.

    python3 bench/adversarial_timing.py [--sizes 10000 100000 1000000] [--repeat 3]

Each family repeats a unit that stresses a pattern (digits, decimal points, parentheses,
benchmark names, percentages, model-name shapes, real abstracts glued without full stops...).
Prints, per family, the median seconds of ``read_bytes`` (the text as one JSON Lines record) and
of ``extract`` at each size, and the growth from 10 kB to 100 kB (about 10 when linear). Lines
whose growth is over 20, or whose 1 MB time is over a second, are marked with '!'.
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

from parsers.extract import extract  # noqa: E402
from parsers.sources import read_bytes  # noqa: E402

GOLD = ROOT / "tests" / "data" / "seeds_dev.jsonl"


def families() -> dict[str, str]:
    abstracts = [json.loads(line)["abstract"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    rich = max(abstracts, key=lambda a: a.count("%"))
    return {
        "digits": "1", "decimal points": "1.", "parentheses": "(", "benchmark names": "MMLU ",
        "percentages": "85.3% ", "score phrases": "84.2 on MMLU, ", "model shapes": "GPT-4-",
        "sentences without full stops": "Llama 3 scores 84.2 on MMLU and ",
        "real abstracts": rich + " ", "combining marks": "a\u0301",
    }


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    print(f"{'family':30} {'stage':8} " + " ".join(f"{s // 1000:>7} kB" for s in sizes) + "   growth x10")
    for name, unit in families().items():
        texts = [unit * (size // len(unit)) for size in sizes]
        stages = {
            "read": lambda t: list(read_bytes(json.dumps({"title": "t", "abstract": t}).encode(), "x.jsonl")),
            "extract": lambda t: extract(t),
        }
        for stage, fn in stages.items():
            seconds = [timed(lambda t=t: fn(t), args.repeat if len(t) <= 100_000 else 1) for t in texts]
            growth = seconds[1] / max(seconds[0], 1e-6) if len(seconds) > 1 else float("nan")
            flag = "!" if growth > 20 or (sizes[-1] >= 1_000_000 and seconds[-1] > 1.0) else " "
            print(f"{name:30} {stage:8} " + " ".join(f"{s:8.3f}s" for s in seconds) + f"   {growth:6.1f} {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
