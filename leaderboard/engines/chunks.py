"""Cutting the inputs into chunks of work, in input order, without reading a file whole.

A plain-text JSON Lines file (the format of a large corpus) is cut into line-aligned blocks of
about ``chunk_bytes`` bytes; records and problems still name their true line (see
:class:`LineNumbers`). Every other file (listing dumps, CSV, gzip, UTF-16, binary)
is one chunk read whole by :func:`parsers.sources.read_path`, exactly as the in-memory pipeline
reads it: those layouts need the whole file to be understood, and they are small.

A block is planned as a byte range (offset, size) of its file: the driver only reads the end of
each range to find its last line end, and the worker reads the bytes itself and counts their
lines, so the corpus is read once, never travels through a pipe, and the driver stays free
while the workers are busy. An engine whose workers cannot see the driver's files (a remote Dask
cluster) ships the bytes with the chunk (:meth:`Chunk.loaded`). Memory is bounded by the chunk
size.
"""
from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from parsers.records import Problem
from parsers.sources import detect_layout, iter_input_files
from parsers.sources.decode import GZIP_MAGIC, decode_bytes

DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024     # the decoder's longest line: blocks take its fast path
_SNIFF_BYTES = 64 * 1024
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(slots=True)
class Chunk:
    """One unit of work: a block of JSON Lines (``offset``/``size`` of ``path``, or ``data``) or a whole file."""

    index: int                    # position in the input order
    source: str                   # file name as records cite it
    path: str | None = None       # the file (a whole-file chunk when offset is None)
    data: bytes | None = None     # JSON Lines block (without the file's UTF-8 BOM), when shipped
    first_line: int = 1           # number of the block's first line; a planned block counts from 1 and
                                  # the lines of its file's earlier blocks are added after (LineNumbers)
    size: int = 0                 # bytes (of the block; of the file's head for a whole file)
    layout: str = "jsonl"         # block layout: 'jsonl' or 'arxiv-oai' (the arXiv metadata snapshot)
    offset: int | None = None     # block: where its bytes start in ``path``
    file_key: int | None = None   # block: the index of its file's first block (which file it is part of)

    @property
    def is_block(self) -> bool:
        return self.data is not None or self.offset is not None

    def block_bytes(self) -> bytes:
        """The block's bytes: shipped with the chunk, or read from its range of the file."""
        if self.data is not None:
            return self.data
        fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, self.size, self.offset)
            while len(data) < self.size:          # pread may return less than asked
                more = os.pread(fd, self.size - len(data), self.offset + len(data))
                if not more:
                    break
                data += more
            return data
        finally:
            os.close(fd)

    def loaded(self) -> "Chunk":
        """This chunk with its bytes in it, for workers that cannot read the driver's files."""
        return replace(self, data=self.block_bytes()) if self.offset is not None and self.data is None else self


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


#: the smallest block the tail of a file is cut into (see ``workers`` in :func:`iter_file_blocks`)
MIN_TAIL_BYTES = 64 * 1024
#: how much of a block's end the planner reads to find its last line end (more only for longer lines)
CUT_WINDOW_BYTES = 64 * 1024


def block_size(remaining: int, chunk_bytes: int, workers: int) -> int:
    """The size of the next block: ``chunk_bytes``, shrinking near the end of a file.

    With several workers, blocks of ``remaining / (2 * workers)`` (at least
    :data:`MIN_TAIL_BYTES`) let all workers finish together instead of one worker extracting
    the last big block alone while the others wait; large blocks keep per-task costs low elsewhere.
    """
    if workers <= 1:
        return chunk_bytes
    return min(chunk_bytes, max(MIN_TAIL_BYTES, remaining // (2 * workers)))


def iter_file_blocks(path: Path, source: str, start_index: int, chunk_bytes: int,
                     layout: str = "jsonl", workers: int = 1) -> Iterator[Chunk]:
    """Line-aligned byte ranges of a JSON Lines file, each ending just after a line feed.

    A line longer than a block makes its block longer; the last block ends at the end of the
    file, line feed or not. Blocks are ``chunk_bytes`` long, smaller near the end of the file when
    ``workers`` share them (:func:`block_size`).

    The planner reads only the end of each range, to find its last line feed: the bytes between
    are read once, by the worker that extracts them. So it cannot count lines: each block's
    worker numbers its lines from 1 and counts them, and :class:`LineNumbers` adds the lines of
    the file's blocks before it, in order (``file_key`` says which file a block is part of).
    """
    index = start_index
    with open(path, "rb", buffering=0) as fh:
        size = os.fstat(fh.fileno()).st_size
        pos = len(codecs.BOM_UTF8) if fh.read(3) == codecs.BOM_UTF8 else 0
        while pos < size:
            want = block_size(size - pos, chunk_bytes, workers)
            end = size if pos + want >= size else _cut(fh, pos, pos + want, size)
            yield Chunk(index, source, path=str(path), size=end - pos, layout=layout, offset=pos,
                        file_key=start_index)
            pos = end
            index += 1


def _cut(fh, pos: int, limit: int, size: int) -> int:
    """Where a block starting at ``pos`` ends: just after the last line feed before ``limit``
    (found in the range's last :data:`CUT_WINDOW_BYTES`, else in the whole range), or, for a
    line longer than the range, just after its end."""
    lo = max(pos, limit - CUT_WINDOW_BYTES)
    while True:
        fh.seek(lo)
        data = fh.read(limit - lo)
        cut = data.rfind(b"\n")
        if cut >= 0:
            return lo + cut + 1
        if lo == pos or not data:
            return _next_line_end(fh, limit, size)
        lo = pos


def _next_line_end(fh, pos: int, size: int, step: int = 1 << 20) -> int:
    """The offset just after the first line feed at or after ``pos`` (the file's end if none)."""
    while pos < size:
        fh.seek(pos)
        data = fh.read(step)
        if not data:
            break
        cut = data.find(b"\n")
        if cut >= 0:
            return pos + cut + 1
        pos += len(data)
    return size


class LineNumbers:
    """True line numbers for planned blocks, whose workers numbered their lines from 1.

    Fed the blocks' results in input order, :meth:`base` gives the number of lines in the earlier
    blocks of the same file: what to add to the block's line numbers.
    """

    def __init__(self):
        self.file_key: int | None = None
        self.lines_before = 0

    def base(self, file_key: int | None, line_count: int | None) -> int:
        """Lines before this block in its file (0 for a whole file or a block of unknown file)."""
        if file_key is None or line_count is None:
            return 0
        if file_key != self.file_key:
            self.file_key, self.lines_before = file_key, 0
        base = self.lines_before
        self.lines_before += line_count
        return base


def plan_chunks(inputs: Iterable[str | os.PathLike], problems: list[Problem],
                chunk_bytes: int = DEFAULT_CHUNK_BYTES, workers: int = 1) -> Iterator[Chunk]:
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
            for chunk in iter_file_blocks(path, source, index, chunk_bytes, layout, workers):
                yield chunk
                index = chunk.index + 1
        else:
            yield Chunk(index, source, path=str(path), size=len(head))      # read whole by the worker
            index += 1
