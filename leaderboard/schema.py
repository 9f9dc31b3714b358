"""The one definition of the score table's columns and dtypes.

Every module that builds, stores, filters or shows the table imports :data:`COLUMNS` from here,
so a column is added in exactly one place. Dtypes are pandas' nullable ones: a score row with an
unknown model size keeps ``params_b`` as <NA> rather than turning the column into objects.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

#: column name -> (pandas dtype, what it means)
COLUMNS: dict[str, tuple[str, str]] = {
    # where the number comes from
    "paper_id": ("string", "arXiv id when known, else the input's id, else a hash of the title"),
    "title": ("string", "paper title"),
    "published": ("string", "publication date, 'YYYY-MM-DD' or 'YYYY-MM', when known"),
    "source": ("string", "input file the abstract was read from"),
    "line": ("Int64", "1-based line of the abstract in the input file"),
    # who scored
    "model": ("string", "model as written in the abstract (most specific form)"),
    "model_key": ("string", "canonical model key: one per model, however it is spelled"),
    "family": ("string", "model family (Llama 3, Qwen2, GPT-4, ...)"),
    "organisation": ("string", "maker of the model"),
    "params_b": ("Float64", "total parameters in billions"),
    "active_params_b": ("Float64", "active parameters in billions (mixture-of-experts)"),
    "params_source": ("string", "catalog / family / base / name / text / undisclosed / not-applicable / unknown"),
    "open_weights": ("boolean", "weights publicly released; <NA> when unknown"),
    "open_weights_source": ("string", "catalog / family / base / text / not-applicable / unknown"),
    "model_released": ("string", "model release month 'YYYY-MM' (catalog)"),
    "base_model": ("string", "catalog model(s) a derived system is built on, from its name or the abstract"),
    # what was measured
    "benchmark": ("string", "canonical benchmark name"),
    "benchmark_category": ("string", "knowledge, reasoning, math, code, chat, ..."),
    "benchmark_known": ("boolean", "benchmark is in the lexicon"),
    "score": ("Float64", "the number as reported"),
    "score_text": ("string", "the number exactly as written"),
    "unit": ("string", "%, points, rate, elo, other"),
    "score_norm": ("Float64", "score on the benchmark's own scale (0.842 accuracy -> 84.2)"),
    "higher_is_better": ("boolean", "direction of the benchmark's metric"),
    "in_range": ("boolean", "score lies within the benchmark's declared range"),
    "setting": ("string", "0-shot, 5-shot, CoT, pass@1, LC win rate, ..."),
    "kind": ("string", "'score' (absolute result) or 'delta' (relative gain, never ranked)"),
    "confidence": ("Float64", "extractor confidence in [0, 1]"),
    # the evidence
    "evidence": ("string", "the sentence the score was read from"),
    "span_start": ("Int64", "evidence start offset in the abstract"),
    "span_end": ("Int64", "evidence end offset in the abstract"),
    "number_start": ("Int64", "offset of the number in the abstract"),
    "number_end": ("Int64", "end offset of the number in the abstract"),
    # the user's hand
    "correction": ("string", "reason of the data/corrections.csv entry that changed this row; <NA> if none"),
}

COLUMN_NAMES: list[str] = list(COLUMNS)
DTYPES: dict[str, str] = {name: dtype for name, (dtype, _) in COLUMNS.items()}

#: the paper table stored beside the score table (abstracts are kept once per paper there)
PAPER_COLUMNS: dict[str, tuple[str, str]] = {
    "paper_id": ("string", "as in the score table"),
    "title": ("string", "paper title"),
    "abstract": ("string", "the abstract, verbatim"),
    "published": ("string", "publication date when known"),
    "source": ("string", "input file"),
    "line": ("Int64", "line of the abstract in the input file"),
    "arxiv_id": ("string", "arXiv id without version"),
    "authors_count": ("Int64", "number of authors, when the listing says"),
    "organisation": ("string", "organisation named by the listing"),
    "upvotes": ("Int64", "listing upvotes"),
    "content_hash": ("string", "hash of title and abstract, for incremental updates"),
}
PAPER_DTYPES: dict[str, str] = {name: dtype for name, (dtype, _) in PAPER_COLUMNS.items()}


def _conform(frame: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for name, dtype in dtypes.items():
        col = frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index)
        out[name] = col.astype(dtype) if len(col) else pd.Series([], dtype=dtype)
    return out.reset_index(drop=True)


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the schema's columns, in order, with their dtypes."""
    return _conform(frame, DTYPES)


def conform_papers(frame: pd.DataFrame) -> pd.DataFrame:
    return _conform(frame, PAPER_DTYPES)


def empty_table() -> pd.DataFrame:
    return conform(pd.DataFrame())


def from_rows(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Build a conforming table from row dicts (missing keys become <NA>)."""
    rows = list(rows)
    return conform(pd.DataFrame.from_records(rows, columns=COLUMN_NAMES)) if rows else empty_table()


def papers_from_rows(rows: Iterable[Mapping]) -> pd.DataFrame:
    rows = list(rows)
    if not rows:
        return conform_papers(pd.DataFrame())
    return conform_papers(pd.DataFrame.from_records(rows, columns=list(PAPER_DTYPES)))


def validate(frame: pd.DataFrame) -> list[str]:
    """Problems with a table that claims to follow the schema (empty list when it does)."""
    problems = []
    missing = [c for c in COLUMN_NAMES if c not in frame.columns]
    if missing:
        problems.append(f"missing columns: {missing}")
    for name, dtype in DTYPES.items():
        if name in frame.columns and str(frame[name].dtype) != dtype:
            problems.append(f"column {name} has dtype {frame[name].dtype}, expected {dtype}")
    if "kind" in frame.columns:
        bad = set(frame["kind"].dropna()) - {"score", "delta"}
        if bad:
            problems.append(f"unknown kinds: {sorted(bad)}")
    return problems
