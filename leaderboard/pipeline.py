"""The harvest: inputs -> paper records -> deduplicated papers -> score rows -> tables.

Each stage is a plain function over plain records, so the command line, the tests and any
parallel engine call the same code. :func:`extract_paper` is the unit of work an engine maps over.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from leaderboard import schema
from leaderboard.normalize import to_row
from parsers.extract import extract_scores
from parsers.records import PaperRecord, Problem
from parsers.sources import read_inputs
from parsers.text import content_hash, is_derived_id, normalized_title

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3


@dataclass
class HarvestReport:
    """What a harvest read, kept, merged and could not read."""

    papers_read: int = 0
    papers: int = 0
    duplicates: int = 0
    papers_with_scores: int = 0
    rows: int = 0
    deltas: int = 0
    per_source: Counter = field(default_factory=Counter)
    per_benchmark: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    stale_corrections: list[Problem] = field(default_factory=list)
    corrections_used: set[int] = field(default_factory=set)
    updated: dict[str, int] | None = None     # --update: new / changed / unchanged papers

    def summary_line(self) -> str:
        top = ", ".join(f"{b} {n}" for b, n in self.per_benchmark.most_common(10)) or "none"
        return (f"harvested {self.papers_read} paper records ({self.papers} distinct, {self.duplicates} "
                f"duplicates merged), {self.papers_with_scores} papers with scores, {self.rows} score rows "
                f"(+{self.deltas} deltas); top benchmarks: {top}; problems: {len(self.problems)}")

    @property
    def exit_status(self) -> int:
        """0 all read (warnings about altered text included), 1 some rejected, 3 nothing readable."""
        if self.papers_read == 0 and self.problems:
            return EXIT_NOTHING
        return EXIT_REJECTS if any(p.is_error for p in self.problems) else EXIT_OK


@dataclass
class Harvest:
    scores: pd.DataFrame
    papers: pd.DataFrame
    report: HarvestReport


def dedupe_key(paper: PaperRecord) -> str:
    """arXiv id where known; else an id the source gave; else the normalized title."""
    if paper.arxiv_id:
        return "arxiv:" + paper.arxiv_id
    if not is_derived_id(paper.paper_id):
        return "id:" + paper.paper_id
    return "title:" + normalized_title(paper.title or paper.abstract[:300])


#: fields a merged paper takes from another copy when its own copy lacks them
FILL_FIELDS = ("title", "published", "arxiv_id", "authors_count", "organisation", "upvotes")


def merge_rank(copy: PaperRecord) -> tuple[int, int]:
    """Which copy of a paper wins: the newest arXiv version, else the richest (first on ties).

    A paper met both as arXiv v2 and in a listing that copied v1 keeps the v2 abstract: a revision
    can correct the very numbers the table reports. Engines compare copies by this key only.
    """
    return (int(copy.extra.get("version") or 0), copy.richness())


def fill_missing(best: PaperRecord, copies: list[PaperRecord]) -> PaperRecord:
    """``best`` with each field it lacks taken from the first other copy that has it."""
    for other in copies:
        for name in FILL_FIELDS:
            if getattr(best, name) is None and getattr(other, name) is not None:
                setattr(best, name, getattr(other, name))
    return best


def merge(copies: list[PaperRecord]) -> PaperRecord:
    """The winning copy (:func:`merge_rank`), with any field it lacks filled from the others."""
    best = fill_missing(max(copies, key=merge_rank), copies)
    if len(copies) > 1:
        best.extra["also_in"] = sorted({f"{c.source}:{c.line}" for c in copies if c is not best})
    return best


def dedupe(records: Iterable[PaperRecord]) -> tuple[list[PaperRecord], int]:
    groups: dict[str, list[PaperRecord]] = {}
    count = 0
    for rec in records:
        groups.setdefault(dedupe_key(rec), []).append(rec)
        count += 1
    papers = [merge(copies) for copies in groups.values()]
    return papers, count - len(papers)


def extract_paper(paper: PaperRecord) -> list[dict]:
    """All table rows of one paper: the unit of work of every engine."""
    return [to_row(paper, m) for m in extract_scores(paper.abstract, paper.title)]


def paper_row(paper: PaperRecord) -> dict:
    return {"paper_id": paper.paper_id, "title": paper.title, "abstract": paper.abstract,
            "published": paper.published, "source": paper.source, "line": paper.line,
            "arxiv_id": paper.arxiv_id, "authors_count": paper.authors_count,
            "organisation": paper.organisation, "upvotes": paper.upvotes,
            "content_hash": content_hash(paper.title, paper.abstract)}


def paper_columns(papers: list[PaperRecord]) -> dict[str, list]:
    """:func:`paper_row` of many papers, column by column (what a columnar table is built from)."""
    return {"paper_id": [p.paper_id for p in papers], "title": [p.title for p in papers],
            "abstract": [p.abstract for p in papers], "published": [p.published for p in papers],
            "source": [p.source for p in papers], "line": [p.line for p in papers],
            "arxiv_id": [p.arxiv_id for p in papers], "authors_count": [p.authors_count for p in papers],
            "organisation": [p.organisation for p in papers], "upvotes": [p.upvotes for p in papers],
            "content_hash": [content_hash(p.title, p.abstract) for p in papers]}


def read_papers(inputs: Iterable[str | os.PathLike], report: HarvestReport) -> list[PaperRecord]:
    records = []
    for item in read_inputs(inputs):
        if isinstance(item, Problem):
            report.problems.append(item)
        else:
            records.append(item)
            report.per_source[item.source] += 1
    report.papers_read = len(records)
    papers, report.duplicates = dedupe(records)
    report.papers = len(papers)
    return papers


def build_tables(papers: list[PaperRecord], report: HarvestReport) -> Harvest:
    rows = []
    for paper in papers:
        paper_rows = extract_paper(paper)
        if any(r["kind"] == "score" for r in paper_rows):
            report.papers_with_scores += 1
        rows += paper_rows
    scores = schema.from_rows(rows)
    is_score = scores["kind"] == "score"
    report.rows = int(is_score.sum())
    report.deltas = int((~is_score).sum())
    report.per_benchmark = Counter(scores.loc[is_score, "benchmark"].dropna())
    papers_frame = schema.papers_from_rows(paper_row(p) for p in papers)
    return Harvest(scores, papers_frame, report)


def harvest(inputs: Iterable[str | os.PathLike]) -> Harvest:
    report = HarvestReport()
    return build_tables(read_papers(inputs, report), report)
