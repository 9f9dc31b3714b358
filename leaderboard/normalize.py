"""Score mention + paper -> one row of the table (see :mod:`leaderboard.schema`)."""
from __future__ import annotations

import regex

from parsers import lexicon
from parsers.records import PaperRecord, ScoreMention


def model_key(name: str | None) -> str | None:
    if not name:
        return None
    return regex.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def to_row(paper: PaperRecord, m: ScoreMention) -> dict:
    bench = lexicon.lookup(m.benchmark)
    return {
        "paper_id": paper.paper_id, "title": paper.title, "published": paper.published,
        "source": paper.source, "line": paper.line,
        "model": m.model, "model_key": model_key(m.model),
        "benchmark": m.benchmark, "benchmark_category": bench.category if bench else None,
        "benchmark_known": bench is not None, "score": m.score, "score_text": m.score_text,
        "unit": m.unit, "score_norm": m.score,
        "higher_is_better": bench.higher_is_better if bench else None,
        "in_range": (bench.min <= m.score <= bench.max) if bench else None,
        "setting": m.setting, "kind": m.kind, "confidence": m.confidence,
        "evidence": m.evidence, "span_start": m.span_start, "span_end": m.span_end,
        "number_start": m.number_start, "number_end": m.number_end,
    }
