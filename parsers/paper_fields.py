"""One paper record's fields (a JSON object, a CSV row, an OAI record) read into a :class:`PaperRecord`.

Every reader ends here, once per abstract of a harvest, so this module is compiled with the
extractor (:mod:`parsers.compiled`): the same code, a fifth less CPU per record. The id comes
from ``id``, ``paper_id`` or ``arxiv_id`` and passes through unchanged, so a gold file's ids join
back to the harvested rows; the abstract may also be called ``summary`` (the arXiv and Hugging
Face APIs' name).
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from parsers.records import PaperRecord, Problem
from parsers.text import clean_text, month_from_arxiv_id, normalized_title, split_arxiv_id, stable_id

ID_FIELDS = ("id", "paper_id", "arxiv_id")
ABSTRACT_FIELDS = ("abstract", "summary")
DATE_FIELDS = ("published", "date", "publishedAt", "published_date", "update_date")
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
    raw_abstract, abstract = abstract, clean_text(abstract, printable)
    if not abstract:                                 # nothing but control characters
        return Problem(source, line, "record has no abstract (only control characters)", repr(raw_abstract)[:200])
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
