"""Cutting the inputs into chunks of work, in input order, without reading a file whole.

A plain-text JSON Lines file (the format of a large corpus) is cut into line-aligned blocks of
about ``chunk_bytes`` bytes; each block carries the 1-based number of its first line so records
and problems still name their true line. Every other file (listing dumps, CSV, gzip, UTF-16, binary)
is one chunk read whole by :func:`parsers.sources.read_path`, exactly as the in-memory pipeline
reads it: those layouts need the whole file to be understood, and they are small.

Memory is bounded by the chunk size: the driver holds one block at a time per worker in flight.
"""
from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from parsers.records import Problem
from parsers.sources import detect_layout, iter_input_files
from parsers.sources.decode import GZIP_MAGIC, decode_bytes

DEFAULT_CHUNK_BYTES = 2 * 1024 * 1024     # below the decoder's longest line: blocks take the fast path
_SNIFF_BYTES = 64 * 1024
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(slots=True)
class Chunk:
    """One unit of work: a block of JSON Lines (``data``) or a whole file (``path``)."""

    index: int                    # position in the input order
    source: str                   # file name as records cite it
    path: str | None = None       # whole-file chunk: read by the worker
    data: bytes | None = None     # JSON Lines block (without the file's UTF-8 BOM)
    first_line: int = 1           # line number of the block's first line
    size: int = 0                 # bytes, for progress
    layout: str = "jsonl"         # block layout: 'jsonl' or 'arxiv-oai' (the arXiv metadata snapshot)


def count_lines(data: bytes) -> int:
    """Line ends as :func:`parsers.sources.decode.split_lines` counts them (LF, CRLF, lone CR)."""
    if b"\r" not in data:
        return data.count(b"\n")
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


#: line-per-record layouts, the only ones that can be cut at any line end
STREAMABLE_LAYOUTS = ("jsonl", "arxiv-oai")


def streamable_layout(head: bytes, source: str) -> str | None:
    """The layout of UTF-8 text whose records are single lines (JSON Lines, the arXiv snapshot)."""
    if head.startswith(GZIP_MAGIC) or head.startswith(_WIDE_BOMS):
        return None
    decoded = decode_bytes(head, source)
    if decoded.binary or decoded.encoding != "utf-8" or decoded.compression:
        return None
    layout = detect_layout(decoded.lines)
    return layout[0] if layout is not None and layout[0] in STREAMABLE_LAYOUTS else None


def is_streamable_jsonl(head: bytes, source: str) -> bool:
    return streamable_layout(head, source) is not None


def iter_file_blocks(path: Path, source: str, start_index: int, chunk_bytes: int,
                     layout: str = "jsonl") -> Iterator[Chunk]:
    """Line-aligned blocks of a JSON Lines file, each ending just after a line feed."""
    index, line = start_index, 1
    with open(path, "rb") as fh:
        carry = fh.read(3)
        if carry == codecs.BOM_UTF8:
            carry = b""
        while True:
            block = fh.read(chunk_bytes)
            data = carry + block
            if not block:
                if data:
                    yield Chunk(index, source, data=data, first_line=line, size=len(data), layout=layout)
                return
            cut = data.rfind(b"\n")
            if cut < 0:               # one line longer than a block: keep reading
                carry = data
                continue
            head, carry = data[:cut + 1], data[cut + 1:]
            yield Chunk(index, source, data=head, first_line=line, size=len(head), layout=layout)
            line += count_lines(head)
            index += 1


def plan_chunks(inputs: Iterable[str | os.PathLike], problems: list[Problem],
                chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> Iterator[Chunk]:
    """Every chunk of every input file, in the stable order the readers use."""
    index = 0
    for path in iter_input_files(inputs, problems):
        source = path.name
        head = b""
        try:
            if stat.S_ISREG(os.stat(path).st_mode):     # never open a pipe or a device to sniff it
                with open(path, "rb") as fh:
                    head = fh.read(_SNIFF_BYTES)
        except OSError:
            pass                  # read_path reports the error with its reason
        layout = streamable_layout(head, source) if head.strip() else None
        if layout:
            for chunk in iter_file_blocks(path, source, index, chunk_bytes, layout):
                yield chunk
                index = chunk.index + 1
        else:
            yield Chunk(index, source, path=str(path), size=len(head))
            index += 1
