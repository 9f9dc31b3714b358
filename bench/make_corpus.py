"""Write a benchmark corpus: ``python3 bench/make_corpus.py N OUT.jsonl [--seed S] [--raw DIR]``.

N abstracts as JSON Lines, resampled (with replacement) from the real paper records under
``data/raw/`` so that the share of abstracts with scores, their lengths and their wording are the
real ones. Each line gets a unique id (``corpus-<seed>-<n>``), so a harvest sees N distinct papers;
the order is shuffled and everything is deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.records import PaperRecord  # noqa: E402
from parsers.sources import read_inputs  # noqa: E402


def real_records(raw: Path) -> list[PaperRecord]:
    return [r for r in read_inputs([raw]) if isinstance(r, PaperRecord)]


def make_corpus(n: int, out: str | Path, seed: int = 0, raw: Path = ROOT / "data" / "raw") -> int:
    """Write ``n`` resampled abstracts to ``out``; returns the number of bytes written."""
    pool = real_records(raw)
    if not pool:
        raise SystemExit(f"no paper records under {raw}")
    rng = random.Random(seed)
    picks = [rng.randrange(len(pool)) for _ in range(n)]       # resampled, already in random order
    written = 0
    with open(out, "wb") as fh:
        buf = []
        for i, k in enumerate(picks):
            rec = pool[k]
            buf.append(orjson.dumps({"id": f"corpus-{seed}-{i:08d}", "title": rec.title, "abstract": rec.abstract,
                                     "published": rec.published}) + b"\n")
            if len(buf) >= 10_000:
                written += fh.write(b"".join(buf))
                buf.clear()
        written += fh.write(b"".join(buf))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of abstracts")
    parser.add_argument("out", help="output JSON Lines file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw", help="folder of real paper files")
    args = parser.parse_args(argv)
    size = make_corpus(args.n, args.out, args.seed, args.raw)
    print(f"wrote {args.n} abstracts ({size / 2**20:.1f} MiB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
