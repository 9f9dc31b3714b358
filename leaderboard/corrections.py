"""User corrections (``data/corrections.csv``), applied to every build of the table.

An extractor reads text; sometimes a paper misspells a model, or a sentence fools a pattern. A
user fixes that once, in a committed CSV, and every later harvest (full or ``--update``) applies
it again, so the fix survives re-harvesting. Columns:

``paper_id``  the paper (as in the table), required;
``benchmark``, ``model``, ``score``  which of its rows (each optional: empty matches any);
``action``  ``drop`` (remove the row) or ``set`` (change one field);
``field``, ``value``  for ``set``: ``model``, ``score`` or ``benchmark``, and its new value;
``reason``  why, required; it is stored in the row's ``correction`` column.

A correction is applied to the extractor's mention before the row is built, so everything that
follows from the corrected field (model key and catalog attributes, benchmark category, range and
normalized score) is derived again. A correction that matches nothing is reported after the build
(the paper changed, or the extractor now gets it right) so the file does not rot. Corrections are
never an input of the extraction-quality evaluation: that measures the extractor alone.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import math
from dataclasses import dataclass
from pathlib import Path

from parsers import lexicon
from parsers.records import Problem, ScoreMention

COLUMNS = ["paper_id", "benchmark", "model", "score", "action", "field", "value", "reason"]
ACTIONS = {"drop", "set"}
FIELDS = {"model", "score", "benchmark"}


class CorrectionsError(ValueError):
    """The corrections file cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Correction:
    line: int                      # line in the corrections file, its identity in reports
    paper_id: str
    benchmark: str | None
    model: str | None
    score: float | None
    action: str
    field: str | None
    value: str | None
    reason: str

    def matches(self, m: ScoreMention) -> bool:
        if self.benchmark is not None and lexicon.fold(m.benchmark or "") != lexicon.fold(self.benchmark):
            return False
        if self.model is not None and (m.model or "") != self.model:
            return False
        return self.score is None or math.isclose(m.score, self.score, rel_tol=0, abs_tol=1e-9)

    def applied(self, m: ScoreMention) -> ScoreMention | None:
        if self.action == "drop":
            return None
        if self.field == "model":
            return dataclasses.replace(m, model=self.value)
        if self.field == "score":
            return dataclasses.replace(m, score=float(self.value), score_text=self.value)
        known = lexicon.lookup(self.value)
        return dataclasses.replace(m, benchmark=known.name if known else self.value, benchmark_known=known is not None)

    def describe(self) -> str:
        what = ", ".join(f"{k}={v}" for k, v in (("benchmark", self.benchmark), ("model", self.model),
                                                 ("score", self.score)) if v is not None) or "any row"
        change = "drop" if self.action == "drop" else f"set {self.field}={self.value}"
        return f"paper {self.paper_id}, {what}: {change} ({self.reason})"


class Corrections:
    """The parsed file: corrections grouped by paper, applied to one paper's mentions at a time."""

    def __init__(self, items: list[Correction], source: str = "corrections.csv"):
        self.items = items
        self.source = source
        self.by_paper: dict[str, list[Correction]] = {}
        for c in items:
            self.by_paper.setdefault(c.paper_id, []).append(c)

    def __len__(self) -> int:
        return len(self.items)

    def paper_ids(self) -> set[str]:
        return set(self.by_paper)

    def apply(self, paper_id: str, mentions: list[ScoreMention]) -> tuple[list[tuple[ScoreMention, str | None]], set[int]]:
        """(mention, reason or None) for each surviving mention, and the lines of the corrections used."""
        rules = self.by_paper.get(paper_id)
        if not rules:
            return [(m, None) for m in mentions], set()
        out, used = [], set()
        for m in mentions:
            reasons = []
            for rule in rules:
                if m is not None and rule.matches(m):
                    used.add(rule.line)
                    reasons.append(rule.reason)
                    m = rule.applied(m)
            if m is not None:
                out.append((m, "; ".join(reasons) or None))
        return out, used

    def stale(self, used: set[int]) -> list[Problem]:
        """A warning for each correction that matched no row of this build."""
        return [Problem(self.source, c.line, f"correction matches no row any more: {c.describe()}", severity="warning")
                for c in self.items if c.line not in used]


def _optional(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def parse(text: str, source: str = "corrections.csv") -> Corrections:
    """Parse a corrections file; raises :class:`CorrectionsError` naming the first bad line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CorrectionsError(f"{source}: missing columns {', '.join(missing)} (expected {','.join(COLUMNS)})")
    items = []
    for row in reader:
        line = reader.line_num

        def bad(why: str) -> CorrectionsError:
            return CorrectionsError(f"{source}:{line}: {why}")
        paper_id, action, reason = _optional(row["paper_id"]), _optional(row["action"]), _optional(row["reason"])
        if not paper_id:
            raise bad("paper_id is required")
        if action not in ACTIONS:
            raise bad(f"action must be one of {', '.join(sorted(ACTIONS))}, not {action!r}")
        if not reason:
            raise bad("reason is required")
        field, value = _optional(row["field"]), _optional(row["value"])
        if action == "set":
            if field not in FIELDS:
                raise bad(f"field must be one of {', '.join(sorted(FIELDS))} for a set, not {field!r}")
            if value is None:
                raise bad("value is required for a set")
            if field == "score":
                try:
                    float(value)
                except ValueError:
                    raise bad(f"score value is not a number: {value!r}") from None
        score = _optional(row["score"])
        try:
            score_value = float(score) if score is not None else None
        except ValueError:
            raise bad(f"score is not a number: {score!r}") from None
        items.append(Correction(line, paper_id, _optional(row["benchmark"]), _optional(row["model"]), score_value,
                                action, field if action == "set" else None, value if action == "set" else None,
                                reason))
    return Corrections(items, source)


def load(path: str | Path | None) -> Corrections | None:
    """The corrections at ``path``; None when there is no such file."""
    if path is None:
        return None
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{path}: cannot read: {exc}") from None
    return parse(text, path.name)
