"""The gold set's score rows as a real score table, built through the normal row builder.

The extractor is still growing, so the views and normalization are tested on the rows a careful
reader found in the seed abstracts (tests/data/seeds_dev.jsonl), passed through exactly the code
the harvest uses (:func:`leaderboard.normalize.to_row`).
"""
from __future__ import annotations

import json
from functools import lru_cache

from conftest import GOLD, TEST_DATA

HELDOUT = TEST_DATA / "heldout_gold.jsonl"
from leaderboard import schema
from leaderboard.normalize import to_row
from parsers.records import PaperRecord, ScoreMention


def records(path=GOLD):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def mention(abstract: str, row: dict, kind: str = "score") -> ScoreMention:
    evidence = row.get("evidence") or abstract
    start = max(abstract.find(evidence), 0)
    score = row["score"] if kind == "score" else row["delta"]
    text = f"{score:g}"
    at = evidence.find(text)
    return ScoreMention(benchmark=row["benchmark"] or "", score=float(score), score_text=text,
                        number_start=start + max(at, 0), number_end=start + max(at, 0) + len(text),
                        span_start=start, span_end=start + len(evidence), evidence=evidence,
                        model=row["model"], unit=row.get("unit") or "points", setting=row.get("setting"),
                        kind=kind)


@lru_cache(maxsize=None)
def gold_table(path=GOLD):
    rows = []
    for rec in records(path):
        paper = PaperRecord(paper_id=rec["id"], title=rec["title"], abstract=rec["abstract"],
                            source=rec["source"], published=rec.get("date"))
        rows += [to_row(paper, mention(rec["abstract"], s)) for s in rec["scores"]]
        rows += [to_row(paper, mention(rec["abstract"], d, "delta")) for d in rec.get("deltas", [])
                 if d.get("model") and d.get("benchmark")]
    return schema.from_rows(rows)
