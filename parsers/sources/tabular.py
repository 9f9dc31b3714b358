"""Readers for JSON Lines and CSV files of papers (at least ``title`` and ``abstract``).

Each record's fields are read by :func:`parsers.paper_fields.record_from_mapping`. A line that is
not a JSON object, or a record without an abstract, becomes a :class:`Problem` naming the file and
line; the other records go through.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from parsers.paper_fields import record_from_mapping
from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText

#: the CSV reader raises the csv module's cell limit to four times this (characters)
MAX_FIELD_CHARS = 1_000_000


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
