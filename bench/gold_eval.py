#!/usr/bin/env python3
"""Score the extractor against a gold set and print the scorer's figures.

    python3 bench/gold_eval.py                 # dev gold: every seed record in data/raw/
    python3 bench/gold_eval.py --heldout       # held-out gold: its own abstracts
    python3 bench/gold_eval.py --gold real1    # 30 real abstracts (also real2, real3, or a gold file's path)
    python3 bench/gold_eval.py --details       # also list misses and false positives
    python3 bench/gold_eval.py --no-fast-path  # the same with the extractor's fast path off

For the dev set every record of the seed dumps is harvested (not only the gold ones: a row
predicted for a record without gold scores is a false positive), with paper_id
``<file stem>:<abstract line>``, the gold set's id. Records are not deduplicated, because the gold
set annotates each copy of a paper. The held-out file carries its abstracts, so its records are
harvested from the file itself, paper_id = its ``id``.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import parsers.extract  # noqa: E402
from parsers.extract import extract  # noqa: E402
from parsers.sources import read_inputs  # noqa: E402

DEV_GOLD = ROOT / "tests" / "data" / "seeds_dev.jsonl"
HELDOUT_GOLD = ROOT / "tests" / "data" / "heldout_gold.jsonl"
#: gold sets that carry their own abstracts, by name (see tests/data/REAL_GOLD.md)
GOLD_SETS = {"heldout": HELDOUT_GOLD,
             "real1": ROOT / "tests" / "data" / "real_gold_1.jsonl",
             "real2": ROOT / "tests" / "data" / "real_gold_2.jsonl",
             "real3": ROOT / "tests" / "data" / "real_gold_3.jsonl"}
SEEDS = ROOT / "data" / "raw"
COLUMNS = ["paper_id", "model", "benchmark", "score", "kind", "setting", "unit", "confidence", "evidence"]


def seed_records(folder: Path = SEEDS):
    """(gold id, title, abstract) of every record of the seed dumps."""
    for rec in read_inputs([folder]):
        if hasattr(rec, "abstract"):
            yield f"{Path(rec.source).stem}:{rec.line}", rec.title, rec.abstract


def gold_records(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                yield str(r["id"]), r.get("title"), r["abstract"]


def predictions(records) -> list[dict]:
    rows = []
    for pid, title, abstract in records:
        for row in extract(abstract, title):
            rows.append({"paper_id": pid, **{k: row.get(k) for k in COLUMNS[1:]}})
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)


def score(gold: Path, rows: list[dict]) -> dict:
    """The scorer's figures as a dict: {'strict': {...}, 'loose': {...}}."""
    sys.path.insert(0, str(ROOT / "tests" / "data"))
    import score_extraction as scorer

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.csv"
        write_csv(rows, pred)
        g = scorer.load_gold(str(gold))
        p = scorer.load_predictions(str(pred))
        return {"strict": scorer.match(g, p, use_model=True), "loose": scorer.match(g, p, use_model=False)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", action="store_true", help="score the held-out gold set instead of the dev set")
    ap.add_argument("--gold", metavar="SET", help="score a gold set that carries its abstracts: "
                    + ", ".join(GOLD_SETS) + ", or the path of a gold file")
    ap.add_argument("--details", action="store_true", help="list misses and false positives")
    ap.add_argument("--write", metavar="CSV", help="also write the predictions to CSV")
    ap.add_argument("--no-fast-path", action="store_true",
                    help="read every score-shaped sentence in full (the figures must not change)")
    args = ap.parse_args(argv)
    if args.no_fast_path:
        parsers.extract.FAST_PATH = False   # (else as LEADERBOARD_EXTRACT_FASTPATH says)
    own_abstracts = args.heldout or bool(args.gold)
    gold = Path(GOLD_SETS.get(args.gold, args.gold)) if args.gold else HELDOUT_GOLD if args.heldout else DEV_GOLD
    rows = predictions(gold_records(gold) if own_abstracts else seed_records())
    if args.write:
        write_csv(rows, Path(args.write))
    figures = score(gold, rows)
    print(f"gold {gold.name}  (fast path {'on' if parsers.extract.FAST_PATH else 'off'})")
    for name in ("strict", "loose"):
        r = figures[name]
        print(f"{name:6s} precision {r['precision']:.3f}  recall {r['recall']:.3f}  f1 {r['f1']:.3f}"
              f"  (tp {r['tp']}, predicted {r['predicted']}, gold {r['gold']})")
    if args.details:
        print("\nmissed (strict):")
        for m in figures["strict"]["misses"]:
            print("  ", m)
        print("\nfalse positives (strict):")
        for f in figures["strict"]["false_positives"]:
            print("  ", f)
        extra = [p for p in rows if p["paper_id"] in set(figures["strict"]["unknown_paper_ids"])]
        if figures["strict"]["unknown_paper_ids"]:
            print("\nrows for records without gold scores:", figures["strict"]["unknown_paper_ids"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
