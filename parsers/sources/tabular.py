"""Readers for JSON Lines and CSV files of papers (at least ``title`` and ``abstract``).

The id comes from ``id``, ``paper_id`` or ``arxiv_id`` and passes through unchanged, so a gold
file's ids join back to the harvested rows. The abstract may also be called ``summary`` (the
arXiv and Hugging Face APIs' name). A line that is not a JSON object, or a record without an
abstract, becomes a :class:`Problem` naming the file and line; the other records go through.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Iterator, Mapping

from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText
from parsers.text import clean_text, month_from_arxiv_id, normalized_title, split_arxiv_id, stable_id

ID_FIELDS = ("id", "paper_id", "arxiv_id")
ABSTRACT_FIELDS = ("abstract", "summary")
DATE_FIELDS = ("published", "date", "publishedAt", "published_date", "update_date")
MAX_FIELD_CHARS = 1_000_000


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


def record_from_mapping(rec: Mapping[str, Any], source: str, line: int) -> PaperRecord | Problem:
    """Turn one JSON/CSV record into a PaperRecord, or say what is wrong with it."""
    abstract = next((rec[f] for f in ABSTRACT_FIELDS if isinstance(rec.get(f), str) and rec[f].strip()), None)
    if abstract is None:
        return Problem(source, line, "record has no abstract", json.dumps(dict(rec), default=str)[:200])
    if len(abstract) > MAX_FIELD_CHARS:
        return Problem(source, line, f"abstract longer than {MAX_FIELD_CHARS} characters, skipped")
    title = rec.get("title") if isinstance(rec.get("title"), str) else None
    title = clean_text(title) if title and title.strip() else None
    abstract = clean_text(abstract)
    given_id = next((str(rec[f]).strip() for f in ID_FIELDS if rec.get(f) not in (None, "")), None)
    arxiv_id, version = split_arxiv_id(rec.get("arxiv_id") or given_id)
    version = version or split_arxiv_id(given_id)[1] or _int(rec.get("version"))  # 'id': '2406.01234v2'
    if given_id and arxiv_id and given_id.split("v")[0] != arxiv_id and not given_id.startswith(arxiv_id):
        arxiv_id = split_arxiv_id(rec.get("arxiv_id"))[0]  # an id that merely contains digits
    paper_id = given_id.split("v")[0] if given_id and arxiv_id and given_id.startswith(arxiv_id) else given_id
    if not paper_id:
        paper_id = arxiv_id or stable_id(normalized_title(title or abstract[:300]))
    authors = rec.get("authors")
    authors_count = _int(rec.get("authors_count")) or (len(authors) if isinstance(authors, list) else None)
    published = next((_date(rec.get(f)) for f in DATE_FIELDS if _date(rec.get(f))), None)
    org = rec.get("organisation") or rec.get("organization")
    record = PaperRecord(
        paper_id=paper_id, title=title, abstract=abstract, source=source, line=line,
        published=published or month_from_arxiv_id(arxiv_id), arxiv_id=arxiv_id,
        authors_count=authors_count, organisation=org if isinstance(org, str) else None,
        upvotes=_int(rec.get("upvotes")))
    if version:
        record.extra["version"] = version
    if isinstance(rec.get("categories"), (str, list)):
        record.extra["categories"] = rec["categories"]
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


def read_csv(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    csv.field_size_limit(MAX_FIELD_CHARS * 4)
    reader = csv.DictReader(decoded.lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(decoded.source, reader.line_num, f"malformed CSV: {exc}")
            return
        if None in row:  # more cells than header names
            yield Problem(decoded.source, reader.line_num, "row has more cells than the header")
            continue
        yield record_from_mapping(row, decoded.source, reader.line_num)


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
