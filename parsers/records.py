"""The plain records passed between stages.

Readers yield :class:`PaperRecord` (or :class:`Problem` for input they could not read), the
extractor yields :class:`ScoreMention`. They are dataclasses rather than dicts so that a typo in
a field name fails loudly, and picklable so worker processes and Dask can ship them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class PaperRecord:
    """One paper as read from one input: enough to extract scores and to cite the source."""

    paper_id: str
    title: str | None
    abstract: str
    source: str                      # input file name (basename)
    line: int | None = None          # 1-based line of the abstract (or of the record) in `source`
    published: str | None = None     # 'YYYY-MM-DD' or 'YYYY-MM' when known
    arxiv_id: str | None = None      # without version, e.g. '2407.10671'
    authors_count: int | None = None
    organisation: str | None = None
    upvotes: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def richness(self) -> int:
        """How much this record knows; dedupe keeps the richest copy of a paper."""
        filled = [self.title, self.published, self.arxiv_id, self.authors_count,
                  self.organisation, self.upvotes]
        return sum(v is not None for v in filled) * 10_000 + len(self.abstract or "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Problem:
    """Input that could not be read as given: says where (file, line or record), why, how badly.

    ``severity`` is "error" when a record or a whole file was rejected (nothing of it reached the
    table), "warning" when it was read but altered to be readable (Latin-1 fallback, NUL bytes
    dropped): the record is in the table and the user should know how it got there.
    """

    source: str
    line: int | None
    message: str
    record: str | None = None        # the offending raw text, truncated, for --rejects
    severity: str = "error"          # "error" (rejected) or "warning" (read, but altered)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        label = "" if self.is_error else f"{self.severity}: "
        return f"{where}: {label}{self.message}"


@dataclass(slots=True)
class ScoreMention:
    """One number read from an abstract, with what it measures and where it stands.

    ``span_start``/``span_end`` delimit the evidence sentence in the abstract (so
    ``abstract[span_start:span_end] == evidence``); ``number_start``/``number_end`` delimit the
    number exactly as written, inside that span.
    """

    benchmark: str                   # canonical name when the lexicon knows it, else as written
    score: float
    score_text: str                  # the number as written, e.g. '84.2', '97\\%'
    number_start: int
    number_end: int
    span_start: int
    span_end: int
    evidence: str
    model: str | None = None         # as written (most specific form), None if unnamed
    unit: str = "points"             # '%', 'points', 'rate', 'elo', 'other'
    setting: str | None = None       # '5-shot', 'pass@1', 'LC win rate', ...
    kind: str = "score"              # 'score' (absolute result) or 'delta' (relative gain)
    benchmark_known: bool = True     # found in the benchmark lexicon
    confidence: float = 1.0
    reason: str = ""                 # which pattern produced it (for --explain)
