"""Build a large score table by resampling real rows: ``python3 bench/make_table.py N OUT.parquet``.

The dashboard must stay instant on a million scores, and the seeds give a few dozen. This script
takes the real rows (the harvest of ``data/raw/`` plus the hand-annotated scores of the gold set
``tests/data/seeds_dev.jsonl``, both normalised by the project's own code so catalog knowledge of
sizes and openness applies) and resamples them into N rows: each synthetic paper copies a real
paper (title, abstract, evidence offsets stay true to that abstract) under a new id and date, and
each of its rows takes a real model identity and a score jittered within the benchmark's range.
The paper table (abstracts) is written beside it, as ``leaderboard serve`` expects.

Deterministic for a given ``--seed``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaderboard import paths, schema, store  # noqa: E402
from leaderboard.normalize import to_row  # noqa: E402
from leaderboard.pipeline import harvest  # noqa: E402
from parsers.records import PaperRecord, ScoreMention  # noqa: E402

GOLD = ROOT / "tests" / "data" / "seeds_dev.jsonl"
ROWS_PER_PAPER = 8
MODEL_COLUMNS = ["model", "model_key", "family", "organisation", "params_b", "active_params_b",
                 "params_source", "open_weights", "open_weights_source", "model_released"]


def gold_tables(path: Path = GOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gold set's score rows as table rows (real numbers read by hand from the seeds)."""
    rows, papers = [], []
    if not path.exists():
        return schema.empty_table(), schema.papers_from_rows([])
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        if not rec.get("scores"):
            continue
        stem, _, abstract_line = rec["id"].rpartition(":")
        paper = PaperRecord(paper_id=rec["id"], title=rec.get("title"), abstract=rec["abstract"],
                            source=rec.get("source") or stem, line=int(abstract_line or line_no),
                            published=rec.get("date"))
        for s in rec["scores"]:
            start = paper.abstract.find(s["evidence"])
            if start < 0:
                continue
            end = start + len(s["evidence"])
            text = _number_text(s["score"])
            at = paper.abstract.find(text, start, end)
            num_start = at if at >= 0 else start
            mention = ScoreMention(benchmark=s["benchmark"], score=float(s["score"]), score_text=text,
                                   number_start=num_start, number_end=num_start + len(text),
                                   span_start=start, span_end=end, evidence=s["evidence"],
                                   model=s["model"], unit=s.get("unit") or "points",
                                   setting=s.get("setting"), confidence=1.0, reason="gold")
            rows.append(to_row(paper, mention))
        papers.append({"paper_id": paper.paper_id, "title": paper.title, "abstract": paper.abstract,
                       "published": paper.published, "source": paper.source, "line": paper.line})
    return schema.from_rows(rows), schema.papers_from_rows(papers)


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def real_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every real score row we have: the harvest of data/raw/ plus the gold set's rows."""
    result = harvest(sorted(paths.RAW_DIR.glob("*.txt")))
    gold_scores, gold_papers = gold_tables()
    scores = pd.concat([result.scores, gold_scores], ignore_index=True)
    papers = pd.concat([result.papers, gold_papers], ignore_index=True).drop_duplicates("paper_id")
    scores = scores[scores["kind"] == "score"]
    return schema.conform(scores), schema.conform_papers(papers)


def resample(scores: pd.DataFrame, papers: pd.DataFrame, n: int, seed: int = 0,
             start: str = "2019-01-01", end: str = "2026-10-31") -> tuple[pd.DataFrame, pd.DataFrame]:
    """N rows resampled from ``scores`` (see module docstring); returns (scores, papers)."""
    if scores.empty:
        raise ValueError("no real score rows to resample")
    rng = np.random.default_rng(seed)
    scores = scores.reset_index(drop=True)
    n_papers = max(1, n // ROWS_PER_PAPER)
    # synthetic papers: copies of real papers that have rows, with new ids and dates
    with_rows = scores["paper_id"].dropna().unique()
    base_paper = rng.choice(with_rows, size=n_papers)
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    dates = (pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days + 1, n_papers), unit="D")).strftime("%Y-%m-%d")
    paper_ids = np.char.add(np.char.add(base_paper.astype(str), "~g"), np.arange(n_papers).astype(str))
    # each row: a synthetic paper, a real row of its base paper, and a real model identity
    paper_of_row = np.sort(rng.integers(0, n_papers, n))
    rows_by_paper = scores.groupby("paper_id", sort=False).indices
    pick = np.fromiter((rows_by_paper[p][rng.integers(0, len(rows_by_paper[p]))]
                        for p in base_paper[paper_of_row]), dtype=np.int64, count=n)
    out = scores.iloc[pick].reset_index(drop=True)
    models = scores[MODEL_COLUMNS].dropna(subset=["model_key"]).drop_duplicates("model_key").reset_index(drop=True)
    if len(models):
        identity = models.iloc[rng.integers(0, len(models), n)].reset_index(drop=True)
        for column in MODEL_COLUMNS:
            out[column] = identity[column].to_numpy()
    out["paper_id"] = paper_ids[paper_of_row]
    out["published"] = dates[paper_of_row]
    out["line"] = pd.array(paper_of_row + 1, dtype="Int64")
    # scores: jitter by up to 10% of the value, kept inside [0, 2x] and rounded as reported
    base = out["score"].astype(float).to_numpy()
    jitter = base * (1 + rng.uniform(-0.1, 0.1, n))
    out["score"] = np.round(np.clip(jitter, 0, None), 1)
    ratio = np.divide(out["score"].to_numpy(), base, out=np.ones(n), where=base != 0)
    out["score_norm"] = np.round(out["score_norm"].astype(float).to_numpy() * ratio, 2)
    out["score_text"] = out["score"].map(_number_text)
    out["confidence"] = np.round(rng.uniform(0.3, 1.0, n), 2)
    base_papers = papers.set_index("paper_id").reindex(base_paper).reset_index()
    synthetic_papers = pd.DataFrame({
        "paper_id": paper_ids, "title": base_papers["title"].to_numpy(),
        "abstract": base_papers["abstract"].to_numpy(), "published": dates,
        "source": base_papers["source"].to_numpy(), "line": np.arange(n_papers) + 1})
    return schema.conform(out), schema.conform_papers(synthetic_papers)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int, help="number of score rows")
    p.add_argument("out", type=Path, help="output table (.parquet); papers go beside it")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    scores, papers = real_tables()
    big, big_papers = resample(scores, papers, args.n, args.seed)
    store.write_table(big, args.out)
    store.write_table(big_papers, paths.papers_path_for(args.out))
    print(f"{len(big):,} score rows ({big['model_key'].nunique()} models, {big['benchmark'].nunique()} benchmarks, "
          f"{len(big_papers):,} papers) from {len(scores)} real rows -> {args.out} "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
