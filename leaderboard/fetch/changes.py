"""What an update changed in the table: new papers, new score rows, new best results.

Computed by comparing the table (and its paper table) before and after the harvest, so it
reports exactly what a user will see changed on the dashboard, whichever way the harvest ran.
A best result is the top ranked score of a benchmark (absolute scores only, within the
benchmark's range, in the benchmark's direction), as on the leaderboards.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: the columns that make two score rows the same reported number
ROW_KEY = ["paper_id", "model", "benchmark", "setting", "score_text", "kind", "span_start"]


@dataclass
class Best:
    benchmark: str
    score: float
    score_text: str
    unit: str | None
    model: str | None
    paper_id: str
    published: str | None
    lower_is_better: bool = False
    previous: "Best | None" = None

    def beats(self, other: "Best") -> bool:
        return self.score < other.score if self.lower_is_better else self.score > other.score

    def describe(self) -> str:
        unit = "%" if self.unit == "%" else ""
        who = self.model or "(model not named)"
        date = f", {self.published}" if self.published else ""
        return f"{self.score_text}{unit} {who} ({self.paper_id}{date})"


@dataclass
class Changes:
    new_papers: pd.DataFrame                 # paper_id, title, published, scores
    new_scores: pd.DataFrame                 # rows of the score table
    new_best: list[Best] = field(default_factory=list)

    def lines(self, show: int | None = None) -> list[str]:
        """The report printed by ``leaderboard update``: at most ``show`` papers and scores listed."""
        out = [f"update: {len(self.new_papers)} new papers, {len(self.new_scores)} new scores, "
               f"{len(self.new_best)} new best results"]
        if len(self.new_papers):
            out.append("new papers:")
            for p in self.new_papers.head(show).itertuples(index=False):
                date = p.published if isinstance(p.published, str) else "????-??"
                out.append(f"  {p.paper_id:<12} {date:<10}  {_short(p.title, 70)}  ({p.scores} score{'' if p.scores == 1 else 's'})")
            out += _more(len(self.new_papers), show, "papers")
        if len(self.new_scores):
            out.append("new scores:")
            for r in self.new_scores.head(show).itertuples(index=False):
                unit = "%" if r.unit == "%" else ""
                setting = f" [{r.setting}]" if isinstance(r.setting, str) else ""
                model = r.model if isinstance(r.model, str) else "(model not named)"
                out.append(f"  {r.benchmark:<16} {r.score_text + unit:>8}  {model}{setting}  ({r.paper_id})")
            out += _more(len(self.new_scores), show, "scores")
        if self.new_best:
            out.append("new best results:")
            for b in self.new_best:
                was = f"   was {b.previous.describe()}" if b.previous else "   (first result)"
                out.append(f"  {b.benchmark:<16} {b.describe()}{was}")
        return out


def _more(total: int, show: int | None, what: str) -> list[str]:
    return [f"  ... and {total - show} more {what} (--show 0 lists all)"] if show and total > show else []


def _short(text, width: int) -> str:
    text = text if isinstance(text, str) else "(untitled)"
    return text if len(text) <= width else text[: width - 1] + "…"


def ranked(scores: pd.DataFrame) -> pd.DataFrame:
    """Rows that compete on a leaderboard: absolute scores, not out of range, with a number."""
    keep = (scores["kind"] == "score") & (scores["in_range"] != False) & scores["score_norm"].notna()  # noqa: E712
    return scores[keep.fillna(False).astype(bool)]


def best_per_benchmark(scores: pd.DataFrame) -> dict[str, Best]:
    out: dict[str, Best] = {}
    for bench, rows in ranked(scores).groupby("benchmark", sort=True):
        lower = rows["higher_is_better"].eq(False).fillna(False).all()
        top = rows.sort_values(["score_norm", "published"], ascending=[lower, True], na_position="last").iloc[0]
        text = _na(top["score_text"]) or f"{float(top['score_norm']):g}"
        out[str(bench)] = Best(str(bench), float(top["score_norm"]), text, _na(top["unit"]), _na(top["model"]),
                               str(top["paper_id"]), _na(top["published"]), bool(lower))
    return out


def _na(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else value


def _keys(scores: pd.DataFrame) -> pd.Series:
    return scores[ROW_KEY].astype("string").fillna("").agg("\x1f".join, axis=1) if len(scores) else \
        pd.Series([], dtype="string")


def compare(before: pd.DataFrame, after: pd.DataFrame, before_papers: pd.DataFrame | None = None,
            after_papers: pd.DataFrame | None = None) -> Changes:
    """What ``after`` has that ``before`` had not (score tables conform to the schema)."""
    seen = set(_keys(before))
    new_scores = after[~_keys(after).isin(seen).to_numpy()] if len(after) else after
    new_scores = new_scores[new_scores["kind"] == "score"].reset_index(drop=True)

    papers_after = after_papers if after_papers is not None and len(after_papers) else \
        after.drop_duplicates("paper_id")[["paper_id", "title", "published"]]
    known = set(before["paper_id"].dropna())
    if before_papers is not None:
        known |= set(before_papers["paper_id"].dropna())
    fresh = papers_after[~papers_after["paper_id"].isin(known)][["paper_id", "title", "published"]].copy()
    counts = after[after["kind"] == "score"].groupby("paper_id").size()
    fresh["scores"] = fresh["paper_id"].map(counts).fillna(0).astype(int)
    fresh = fresh.sort_values(["published", "paper_id"], ascending=[False, True], na_position="last")

    old_best = best_per_benchmark(before)
    new_best = []
    for bench, best in best_per_benchmark(after).items():
        previous = old_best.get(bench)
        if previous is None or best.beats(previous):
            best.previous = previous
            new_best.append(best)
    return Changes(fresh.reset_index(drop=True), new_scores, new_best)
