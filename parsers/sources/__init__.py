"""Source readers: files and folders in, :class:`PaperRecord` and :class:`Problem` out.

The layout of a file is chosen by its content, never by its name: the arXiv metadata snapshot
when the first record has its keys (read as a stream), JSON Lines when the first record is a
JSON object, CSV when the header names an abstract column, a listing dump when some
line has the shape of an abstract. Folders are walked recursively without following symbolic
links, so a link loop cannot trap the walk.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from parsers.records import PaperRecord, Problem
from parsers.sources.arxiv_oai import looks_like_oai_snapshot, read_oai_snapshot, stream_if_snapshot
from parsers.sources.decode import DecodedText, decode_bytes
from parsers.sources.listing import looks_like_listing, read_listing
from parsers.sources.tabular import looks_like_csv, looks_like_jsonl, read_csv, read_jsonl

Reader = Callable[[DecodedText], Iterator[PaperRecord | Problem]]

#: (name, test on the first lines, reader), tried in order
LAYOUTS: list[tuple[str, Callable[[list[str]], bool], Reader]] = [
    ("arxiv-oai", looks_like_oai_snapshot, read_oai_snapshot),
    ("jsonl", looks_like_jsonl, read_jsonl),
    ("csv", looks_like_csv, read_csv),
    ("listing", looks_like_listing, read_listing),
]

#: files a folder walk never reads (built tables, state, editor leftovers)
SKIPPED_SUFFIXES = {".parquet", ".lock", ".tmp", ".pyc", ".xlsx"}


def detect_layout(lines: list[str]) -> tuple[str, Reader] | None:
    for name, test, reader in LAYOUTS:
        if test(lines):
            return name, reader
    return None


def iter_input_files(inputs: Iterable[str | os.PathLike], problems: list[Problem]) -> Iterator[Path]:
    """Expand files and folders into files, sorted, each once; report what does not exist."""
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            candidates = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                candidates += [Path(root) / f for f in files
                               if not f.startswith(".") and Path(f).suffix.lower() not in SKIPPED_SUFFIXES]
            files_found = sorted(candidates)
        elif path.is_file():
            files_found = [path]
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
            continue
        for f in files_found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield f


def read_path(path: str | os.PathLike, display_name: str | None = None) -> Iterator[PaperRecord | Problem]:
    """Read one file of any supported layout; never raises on its content."""
    path = Path(path)
    source = display_name or path.name
    # the arXiv metadata snapshot is several GB: recognised by its first line, then streamed
    if (streamed := stream_if_snapshot(path, source)) is not None:
        yield from streamed
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, None, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, source)


def read_bytes(data: bytes, source: str) -> Iterator[PaperRecord | Problem]:
    if not data.strip():
        yield Problem(source, None, "empty file")
        return
    decoded = decode_bytes(data, source)
    yield from decoded.problems
    if decoded.binary:
        return
    layout = detect_layout(decoded.lines)
    if layout is None:
        yield Problem(source, None, "no supported layout recognised (expected JSON Lines, CSV with an "
                                    "abstract column, or a paper-listing dump)")
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
