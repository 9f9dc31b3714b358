"""Reader for text dumps of paper-listing pages (the layouts of the bundled seed files).

Three layouts occur and are read by one state machine, chosen by content rather than file name:

* alternating lines: title, abstract, title, abstract ... with no blank lines;
* blocks: title / blank / abstract / blank, after a page header;
* blocks with listing metadata after the abstract: ``• 5 authors`` (or an organisation line such
  as ``tencent Tencent``), a ``·`` line, and a date with an optional upvote count glued on
  (``Aug 5``, ``May 31, 2024``, ``Sep 26 2`` = Sep 26 with 2 upvotes).

Page chrome ("Subscribe", "Get trending papers in your email inbox!", the page date) is dropped,
including "Subscribe" glued to the first title. A line is an abstract or a title by its shape:
abstracts are long or made of sentences; titles are short and do not end in a full stop.
"""
from __future__ import annotations

from typing import Iterator

import regex

from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText
from parsers.paper_fields import MAX_ABSTRACT_CHARS
from parsers.text import clean_text, normalized_title, stable_id

CHROME = {
    "new", "subscribe", "daily papers", "byak and the research community",
    "get trending papers in your email inbox!", "get trending papers in your email inbox once a day!",
}
_MONTH = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_LINE = regex.compile(
    rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}})|\s+(?P<year2>(?:19|20)\d{{2}})(?=\s|$))?"
    r"(?:\s+(?P<upvotes>\d{1,7}))?$")
AUTHORS_LINE = regex.compile(r"^[•·*\-]?\s*(?P<n>\d{1,5})\s+authors?$")
SEPARATOR_LINE = regex.compile(r"^[·•]$")
GLUED_CHROME = regex.compile(r"^Subscribe(?=\p{Lu}|\d)")
ABSTRACT_LABEL = regex.compile(r"^Abstract[:.\s]\s*(?=\p{Lu})")
_SENTENCE_END = regex.compile(r"[.!?](?:\s+\p{Lu}|$)")
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def is_abstract_like(line: str) -> bool:
    """Abstracts are long or are made of sentences; titles are neither."""
    if len(line) >= 400:
        return True
    if len(line) < 80:
        return False
    return len(_SENTENCE_END.findall(line)) >= 2 or (line.endswith(".") and len(line) >= 200)


def looks_like_listing(lines: list[str]) -> bool:
    """A text file with at least one abstract-shaped line."""
    return any(is_abstract_like(line.strip()) for line in lines[:2000])


def parse_date(match: regex.Match) -> tuple[str | None, int | None, str]:
    month = MONTHS[match.group("month")[:3].lower()]
    day = int(match.group("day"))
    year = match.group("year") or match.group("year2")
    upvotes = int(match.group("upvotes")) if match.group("upvotes") else None
    listed = f"{match.group('month')[:3]} {day}"
    if year and 1 <= day <= 31:
        return f"{int(year):04d}-{month:02d}-{day:02d}", upvotes, listed
    return None, upvotes, listed


def organisation_name(line: str) -> str:
    """'tencent Tencent' (handle + display name) -> 'Tencent'; other lines unchanged."""
    words = line.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and [w.casefold() for w in words[:half]] == [w.casefold() for w in words[half:]]:
        return " ".join(words[half:])
    return line


class _Builder:
    """Accumulates the records of one file; kept as a class so the state machine reads flat."""

    def __init__(self, source: str):
        self.source = source
        self.records: list[PaperRecord] = []
        self.problems: list[Problem] = []
        self.pending: tuple[int, str] | None = None   # a title waiting for its abstract
        self.in_meta = False                          # after a '·' line: the date comes next

    def add_abstract(self, number: int, text: str) -> None:
        title = self.pending[1] if self.pending else None
        abstract = ABSTRACT_LABEL.sub("", clean_text(text))
        title = clean_text(title) if title else None
        key = normalized_title(title) if title else normalized_title(abstract[:300])
        record = PaperRecord(paper_id=stable_id(key), title=title, abstract=abstract,
                             source=self.source, line=number)
        if abstract.endswith(("…", "...")) or not title:
            record.extra["truncated" if abstract.endswith(("…", "...")) else "untitled"] = True
        self.records.append(record)
        self.pending = None
        self.in_meta = False

    def drop_pending(self) -> None:
        if self.pending:
            number, text = self.pending
            self.problems.append(Problem(self.source, number, "title without an abstract, skipped", text[:200]))
        self.pending = None


def read_listing(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    """Yield the papers of a listing dump, then the problems met on the way."""
    b = _Builder(decoded.source)
    for number, raw in enumerate(decoded.lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.casefold() in CHROME:
            continue
        line = GLUED_CHROME.sub("", line)
        if (m := AUTHORS_LINE.match(line)) and b.records:
            b.records[-1].authors_count = int(m.group("n"))
            continue
        if SEPARATOR_LINE.match(line):
            if b.pending and b.records:          # the line before '·' named the organisation
                b.records[-1].organisation = organisation_name(clean_text(b.pending[1]))
                b.pending = None
            b.in_meta = True
            continue
        if m := DATE_LINE.match(line):
            if b.in_meta and b.records:
                published, upvotes, listed = parse_date(m)
                rec = b.records[-1]
                rec.published, rec.upvotes = published, upvotes
                rec.extra["listed"] = listed
            b.in_meta = False                    # otherwise: the page date in the header
            continue
        b.in_meta = False
        if len(line) > MAX_ABSTRACT_CHARS:
            b.pending = None                     # its title goes with it
            b.problems.append(Problem(b.source, number, f"abstract of {len(line):,} characters is longer "
                                                        f"than {MAX_ABSTRACT_CHARS:,}, skipped", line[:200]))
        elif is_abstract_like(line):
            b.add_abstract(number, line)
        else:
            b.drop_pending()
            b.pending = (number, line)
    b.drop_pending()
    yield from b.records
    yield from b.problems
