"""Source readers: files and folders in, :class:`PaperRecord` and :class:`Problem` out.

The layout of a file is chosen by its content, never by its name: HTML when it starts like a
web page, the arXiv metadata snapshot when the first record has its keys (read as a stream),
JSON Lines when the first record is a JSON object, CSV when the header names an abstract column,
a listing dump when some line has the shape of an abstract. Folders are walked by
:mod:`parsers.sources.files` (loop-proof, regular files only) and bytes become lines in
:mod:`parsers.sources.decode` (any encoding, compression and size, with a message for what
cannot be read).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from parsers.records import PaperRecord, Problem
from parsers.sources.arxiv_oai import looks_like_oai_snapshot, read_oai_snapshot, stream_if_snapshot
from parsers.sources.decode import DecodedText, decode_bytes, decode_stream
from parsers.sources.files import SKIPPED_SUFFIXES, iter_input_files, open_regular
from parsers.sources.html_page import looks_like_html, read_html
from parsers.sources.listing import looks_like_listing, read_listing
from parsers.sources.tabular import looks_like_csv, looks_like_jsonl, read_csv, read_jsonl

Reader = Callable[[DecodedText], Iterator[PaperRecord | Problem]]

#: (name, test on the first lines, reader), tried in order
LAYOUTS: list[tuple[str, Callable[[list[str]], bool], Reader]] = [
    ("html", looks_like_html, read_html),
    ("arxiv-oai", looks_like_oai_snapshot, read_oai_snapshot),
    ("jsonl", looks_like_jsonl, read_jsonl),
    ("csv", looks_like_csv, read_csv),
    ("listing", looks_like_listing, read_listing),
]


def detect_layout(lines: list[str]) -> tuple[str, Reader] | None:
    for name, test, reader in LAYOUTS:
        if test(lines):
            return name, reader
    return None


def read_path(path: str | os.PathLike, display_name: str | None = None) -> Iterator[PaperRecord | Problem]:
    """Read one file of any supported layout; never raises on (or hangs on) its content."""
    path = Path(path)
    source = display_name or path.name
    stream, problem = open_regular(path, source)
    if problem:
        yield problem
        return
    with stream:
        # the arXiv metadata snapshot is several GB: recognised by its first line, then streamed
        if (streamed := stream_if_snapshot(path, source)) is not None:
            yield from streamed
            return
        decoded = decode_stream(stream, source)
    yield from read_decoded(decoded)


def read_bytes(data: bytes, source: str) -> Iterator[PaperRecord | Problem]:
    """Read the content of one file held in memory (same rules as :func:`read_path`)."""
    yield from read_decoded(decode_bytes(data, source))


def read_decoded(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    source = decoded.source
    yield from decoded.problems
    if decoded.binary:
        return
    if not any(line.strip() for line in decoded.lines) and any(p.is_error for p in decoded.problems):
        return                       # nothing left to read, and the reason is already reported
    layout = detect_layout(decoded.lines)
    if layout is None:
        yield Problem(source, None, "no supported layout recognised (expected JSON Lines, CSV with an "
                                    "abstract column, an HTML paper page, or a paper-listing dump)")
        return
    yield from layout[1](decoded)


def read_inputs(inputs: Iterable[str | os.PathLike]) -> Iterator[PaperRecord | Problem]:
    """Every record and problem of every file under ``inputs``, in a stable order."""
    problems: list[Problem] = []
    for path in iter_input_files(inputs, problems):
        yield from problems
        problems.clear()
        yield from read_path(path)
    yield from problems
