"""Readers for JSON Lines and CSV files of papers (at least ``title`` and ``abstract``).

The id comes from ``id``, ``paper_id`` or ``arxiv_id`` and passes through unchanged, so a gold
file's ids join back to the harvested rows. The abstract may also be called ``summary`` (the
arXiv and Hugging Face APIs' name). A line that is not a JSON object, or a record without an
abstract, becomes a :class:`Problem` naming the file and line; the other records go through.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator, Mapping

from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText
from parsers.text import clean_text, month_from_arxiv_id, normalized_title, split_arxiv_id, stable_id

ID_FIELDS = ("id", "paper_id", "arxiv_id")
ABSTRACT_FIELDS = ("abstract", "summary")
DATE_FIELDS = ("published", "date", "publishedAt", "published_date", "update_date")
MAX_FIELD_CHARS = 1_000_000
#: an abstract longer than this is not an abstract (real ones are a few thousand characters), and
#: the extractor's time grows with the text: such a record is rejected with a message
MAX_ABSTRACT_CHARS = 100_000


def _date(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    if len(value) == 7 and value[4] == "-":
        return value
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _first_text(rec: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` whose value is a string with something besides white space."""
    for name in names:
        value = rec.get(name)
        if isinstance(value, str) and value and not value.isspace():
            return value
    return None


def record_from_mapping(rec: Mapping[str, Any], source: str, line: int, printable: bool = False) -> PaperRecord | Problem:
    """Turn one JSON/CSV record into a PaperRecord, or say what is wrong with it.

    It runs once per abstract of a harvest, so it is written as plain loops and tests (no
    generator per field, no string copied just to test it for white space). ``printable``: the
    caller knows every string of ``rec`` is printable (:func:`parsers.text.json_line_is_printable`).
    """
    abstract = _first_text(rec, ABSTRACT_FIELDS)
    if abstract is None:
        return Problem(source, line, "record has no abstract", json.dumps(dict(rec), default=str)[:200])
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return Problem(source, line, f"abstract of {len(abstract):,} characters is longer than "
                                     f"{MAX_ABSTRACT_CHARS:,}, skipped", abstract[:200])
    title = _first_text(rec, ("title",))
    title = clean_text(title, printable) if title is not None else None
    abstract = clean_text(abstract, printable)
    given_id = None
    for name in ID_FIELDS:
        value = rec.get(name)
        if value is not None and value != "":
            given_id = str(value).strip()
            break
    arxiv_field = rec.get("arxiv_id")
    arxiv_id, version = split_arxiv_id(arxiv_field or given_id)
    if not version:                                  # 'id': '2406.01234v2'
        version = (version if not arxiv_field else split_arxiv_id(given_id)[1]) or _int(rec.get("version"))
    if given_id and arxiv_id and given_id.split("v")[0] != arxiv_id and not given_id.startswith(arxiv_id):
        arxiv_id = split_arxiv_id(arxiv_field)[0]  # an id that merely contains digits
    paper_id = given_id.split("v")[0] if given_id and arxiv_id and given_id.startswith(arxiv_id) else given_id
    if not paper_id:
        paper_id = arxiv_id or stable_id(normalized_title(title or abstract[:300]))
    authors = rec.get("authors")
    authors_count = _int(rec.get("authors_count")) or (len(authors) if isinstance(authors, list) else None)
    published = None
    for name in DATE_FIELDS:
        published = _date(rec.get(name))
        if published:
            break
    org = rec.get("organisation") or rec.get("organization")
    record = PaperRecord(
        paper_id=paper_id, title=title, abstract=abstract, source=source, line=line,
        published=published or month_from_arxiv_id(arxiv_id), arxiv_id=arxiv_id,
        authors_count=authors_count, organisation=org if isinstance(org, str) else None,
        upvotes=_int(rec.get("upvotes")))
    if version:
        record.extra["version"] = version
    categories = rec.get("categories")
    if isinstance(categories, (str, list)):
        record.extra["categories"] = categories
    return record


def read_jsonl(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    for number, line in enumerate(decoded.lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Problem(decoded.source, number, f"not valid JSON: {str(exc)[:100]}", line[:200])
            continue
        if not isinstance(rec, dict):
            yield Problem(decoded.source, number, "JSON value is not an object", line[:200])
            continue
        yield record_from_mapping(rec, decoded.source, number)


#: a quoted cell may span lines (an abstract with line breaks), but not more than this many
MAX_RECORD_LINES = 100


def _parse(text: str) -> list[str] | None:
    """The cells of one CSV record, or None when its quoting is broken."""
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def csv_records(lines: list[str], first: int) -> Iterator[tuple[int, list[str]] | tuple[int, None]]:
    """``(line number, cells)`` per record from line index ``first`` on; ``cells`` None if broken.

    The csv module, given an unbalanced quote, reads on to the next quote anywhere in the file and
    silently merges the rows in between into one cell. Here a record is cut to its own lines
    first: a line with balanced quotes is a record; a line with an odd number of quotes is
    joined with the following lines until the quotes balance (a cell with line breaks), at most
    :data:`MAX_RECORD_LINES`. When they never balance, only that one line is rejected and reading
    resumes on the next line, so the good rows after a broken one are all kept.
    """
    i, n = first, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        cells = _parse(line)
        if cells is not None or line.count('"') % 2 == 0:   # a record, or a broken one-line record
            yield i + 1, cells
            i += 1
            continue
        quotes, j = line.count('"'), i
        while quotes % 2 and j + 1 < n and j - i < MAX_RECORD_LINES:
            j += 1
            quotes += lines[j].count('"')
        cells = _parse("\n".join(lines[i:j + 1])) if quotes % 2 == 0 else None
        if cells is None:
            yield i + 1, None
            i += 1
        else:
            yield i + 1, cells
            i = j + 1


def read_csv(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    csv.field_size_limit(MAX_FIELD_CHARS * 4)
    lines = decoded.lines
    start = next((k for k, line in enumerate(lines) if line.strip()), len(lines))
    header = _parse(lines[start]) if start < len(lines) else None
    if not header:
        yield Problem(decoded.source, start + 1, "malformed CSV header")
        return
    header = [h.strip() for h in header]
    for number, cells in csv_records(lines, start + 1):
        if cells is None:
            yield Problem(decoded.source, number, "malformed CSV: unbalanced quote, row skipped",
                          lines[number - 1][:200])
        elif len(cells) != len(header):
            yield Problem(decoded.source, number, f"row has {len(cells)} cells, the header has {len(header)}",
                          lines[number - 1][:200])
        else:
            yield record_from_mapping(dict(zip(header, cells)), decoded.source, number)


def looks_like_jsonl(lines: list[str]) -> bool:
    first = next((line.strip() for line in lines[:50] if line.strip()), "")
    return first.startswith("{")


def looks_like_csv(lines: list[str]) -> bool:
    first = next((line for line in lines[:5] if line.strip()), "")
    try:
        header = next(csv.reader([first]))
    except csv.Error:
        return False
    names = {h.strip().lower() for h in header}
    return len(header) >= 2 and bool({"abstract", "summary"} & names)
