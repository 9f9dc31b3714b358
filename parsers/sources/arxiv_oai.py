"""Reader for the arXiv metadata snapshot (``arxiv-metadata-oai-snapshot.json``).

The snapshot is one JSON object per line, millions of lines and several GB::

    {"id": "0704.0001", "submitter": ..., "authors": "C. Bal\\'azs, E. L. Berger, ...",
     "title": ..., "comments": ..., "journal-ref": ..., "doi": ..., "categories": "hep-ph",
     "abstract": ..., "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, ...],
     "update_date": "2008-11-13", "authors_parsed": [["Balázs", "C.", ""], ...]}

so it is read as a stream, line by line, never whole: :func:`stream_if_snapshot` recognises the
layout from the first line of a file (plain or gzip) and hands back a generator. Categories
can be filtered while streaming (``cs.CL``, or a whole archive: ``cs``). Each line becomes the
same record the arXiv API fetcher stores (id with its latest version, submission date of v1),
so both routes meet in one store and dedupe the same way. A bad line is a :class:`Problem`
naming the file and line; the lines after it still go through.
"""
from __future__ import annotations

import gzip
import json
import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO, Collection, Iterator

from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText
from parsers.paper_fields import record_from_mapping
from parsers.text import clean_text, split_arxiv_id

#: keys that only the snapshot layout has (with id and abstract they identify it)
SNAPSHOT_KEYS = {"versions", "authors_parsed", "update_date"}
#: a longer line is not a paper record (the longest real ones are tens of kB)
MAX_LINE_BYTES = 8 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def parse_categories(spec: str | Collection[str] | None) -> frozenset[str] | None:
    """'cs.CL,cs.LG' -> {'cs.CL', 'cs.LG'}; None or '' -> None (no filter)."""
    if not spec:
        return None
    items = spec.split(",") if isinstance(spec, str) else spec
    wanted = frozenset(c.strip() for c in items if c and c.strip())
    return wanted or None


def category_matches(categories: list[str], wanted: frozenset[str] | None) -> bool:
    """Any category of the paper is wanted, or belongs to a wanted archive ('cs' takes 'cs.CL')."""
    if wanted is None:
        return True
    return any(c in wanted or c.split(".")[0] in wanted for c in categories)


def is_snapshot_record(rec: Any) -> bool:
    return isinstance(rec, dict) and "id" in rec and "abstract" in rec and bool(SNAPSHOT_KEYS & set(rec))


def looks_like_oai_snapshot(lines: list[str]) -> bool:
    first = next((line.strip() for line in lines[:50] if line.strip()), "")
    if not first.startswith("{"):
        return False
    try:
        return is_snapshot_record(json.loads(first))
    except (json.JSONDecodeError, RecursionError):
        return False


def _iso(created: Any) -> str | None:
    """'Mon, 2 Apr 2007 19:18:42 GMT' -> '2007-04-02T19:18:42Z'."""
    if not isinstance(created, str):
        return None
    try:
        return parsedate_to_datetime(created).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, IndexError):
        return None


def _author_names(rec: dict[str, Any]) -> list[str]:
    parsed = rec.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts and all(isinstance(p, str) for p in parts):
                last, first = parts[0], parts[1] if len(parts) > 1 else ""
                suffix = parts[2] if len(parts) > 2 else ""
                names.append(clean_text(" ".join(p for p in (first, last, suffix) if p)))
        return [n for n in names if n]
    if isinstance(rec.get("authors"), str):
        return [clean_text(a) for a in rec["authors"].replace(" and ", ", ").split(",") if a.strip()]
    return []


def store_record(rec: dict[str, Any]) -> dict[str, Any]:
    """A snapshot line as the record the arXiv fetcher stores; ValueError if it lacks id or abstract."""
    arxiv_id, _ = split_arxiv_id(str(rec.get("id") or ""))
    if not arxiv_id:
        raise ValueError(f"no arXiv id ({str(rec.get('id'))[:40]!r})")
    abstract = rec.get("abstract")
    if not isinstance(abstract, str) or not abstract.strip():
        raise ValueError(f"{arxiv_id} has no abstract")
    versions = [v for v in rec.get("versions") or [] if isinstance(v, dict)] \
        if isinstance(rec.get("versions"), list) else []
    numbers = [int(str(v.get("version", ""))[1:]) for v in versions
               if str(v.get("version", "")).startswith("v") and str(v.get("version"))[1:].isdigit()]
    version = max(numbers) if numbers else None
    categories = rec.get("categories")
    categories = categories.split() if isinstance(categories, str) else \
        [c for c in categories if isinstance(c, str)] if isinstance(categories, list) else []
    title = rec.get("title")
    out: dict[str, Any] = {
        "id": f"{arxiv_id}v{version}" if version else arxiv_id,
        "arxiv_id": arxiv_id,
        "version": version,
        "title": clean_text(title) if isinstance(title, str) and title.strip() else None,
        "abstract": clean_text(abstract),
        "authors": _author_names(rec),
        "categories": categories,
        "published": _iso(versions[0].get("created")) if versions else None,
        "updated": _iso(versions[-1].get("created")) if versions else None,
    }
    if not out["published"] and isinstance(rec.get("update_date"), str):
        # a last-change date, not a publication date: used only when the id carries no month
        out["metadata_updated"] = rec["update_date"]
    for key, field in (("doi", "doi"), ("journal_ref", "journal-ref"), ("comment", "comments")):
        if isinstance(rec.get(field), str) and rec[field].strip():
            out[key] = clean_text(rec[field])
    out["origin"] = "arxiv-oai-snapshot"
    return out


def parse_line(text: str, source: str, number: int,
               wanted: frozenset[str] | None) -> dict[str, Any] | Problem | None:
    """One snapshot line -> store record, Problem, or None when filtered out (or blank)."""
    text = text.rstrip("\r\n")
    if not text.strip():
        return None
    try:
        rec = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return Problem(source, number, f"not valid JSON: {str(exc)[:100]}", text[:200])
    if not isinstance(rec, dict):
        return Problem(source, number, "JSON value is not an object", text[:200])
    try:
        record = store_record(rec)
    except ValueError as exc:
        return Problem(source, number, f"snapshot record skipped: {exc}", text[:200])
    if not category_matches(record["categories"], wanted):
        return None
    return record


def to_paper(record: dict[str, Any], source: str, number: int) -> PaperRecord | Problem:
    paper = record_from_mapping(record, source, number)
    if isinstance(paper, PaperRecord):
        if not paper.published and record.get("metadata_updated"):
            paper.published = str(record["metadata_updated"])[:10]
        if record.get("version"):
            paper.extra["version"] = record["version"]
    return paper


def iter_snapshot_records(stream: BinaryIO, source: str,
                          categories: str | Collection[str] | None = None
                          ) -> Iterator[tuple[int, dict[str, Any]] | Problem]:
    """(line number, store record) pairs and problems of a snapshot stream, one line at a time."""
    wanted = parse_categories(categories)
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield Problem(source, number, f"line longer than {MAX_LINE_BYTES} bytes, skipped")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(source, number, f"not valid UTF-8 at byte {exc.start}, skipped",
                          raw[:200].decode("latin-1"))
            continue
        item = parse_line(text.lstrip("\ufeff") if number == 1 else text, source, number, wanted)
        if isinstance(item, Problem):
            yield item
        elif item is not None:
            yield number, item


def iter_snapshot(stream: BinaryIO, source: str,
                  categories: str | Collection[str] | None = None) -> Iterator[PaperRecord | Problem]:
    """The papers (and problems) of a snapshot stream, as the harvest reads them."""
    for item in iter_snapshot_records(stream, source, categories):
        yield item if isinstance(item, Problem) else to_paper(item[1], source, item[0])


def open_snapshot(path: str | os.PathLike) -> BinaryIO:
    """The file's bytes, decompressed on the fly when it is gzip."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == GZIP_MAGIC else open(path, "rb")


def is_snapshot_file(path: str | os.PathLike) -> bool:
    """Sniff the first line (up to 1 MB) of a file: is it the snapshot layout?"""
    try:
        with open_snapshot(path) as stream:
            head = stream.readline(1024 * 1024)
    except (OSError, EOFError, gzip.BadGzipFile):
        return False
    try:
        return looks_like_oai_snapshot([head.decode("utf-8").lstrip("\ufeff")])
    except UnicodeDecodeError:
        return False


def stream_if_snapshot(path: str | os.PathLike, source: str | None = None,
                       categories: str | Collection[str] | None = None) -> Iterator[PaperRecord | Problem] | None:
    """A streaming reader of ``path`` when its content is the snapshot layout, else None."""
    path = Path(path)
    if not path.is_file() or not is_snapshot_file(path):
        return None

    def generate() -> Iterator[PaperRecord | Problem]:
        try:
            with open_snapshot(path) as stream:
                yield from iter_snapshot(stream, source or path.name, categories)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield Problem(source or path.name, None, f"reading stopped: {exc}")

    return generate()


def read_oai_snapshot(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    """The layout reader for text already in memory (the content-sniffing selection)."""
    for number, line in enumerate(decoded.lines, start=1):
        item = parse_line(line, decoded.source, number, None)
        if item is None or isinstance(item, Problem):
            if item is not None:
                yield item
            continue
        yield to_paper(item, decoded.source, number)
