"""Bytes to text lines, without ever raising on what the internet sends.

A reader must name the file and line of anything it cannot read and still deliver every good
record, so decoding works line by line: a file that is valid UTF-8 (with or without BOM) or
UTF-16 with a BOM decodes whole; in any other file, the lines that are not UTF-8 are decoded as
Latin-1 and reported, so no text is lost and nothing is silently changed.
"""
from __future__ import annotations

import codecs
import gzip
import zlib
from dataclasses import dataclass, field

from parsers.records import Problem

GZIP_MAGIC = b"\x1f\x8b"
#: decompressed gzip inputs larger than this are refused (a "zip bomb" must not exhaust memory)
MAX_GUNZIP_BYTES = 2 * 1024**3


@dataclass
class DecodedText:
    """The lines of a file (without their line ends), 1-based numbering kept by the index."""

    source: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    binary: bool = False


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first block: not a text file."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def _gunzip(data: bytes, source: str, problems: list[Problem]) -> bytes | None:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, MAX_GUNZIP_BYTES)
        if d.unconsumed_tail:
            problems.append(Problem(source, None, f"gzip content larger than {MAX_GUNZIP_BYTES} bytes, skipped"))
            return None
        return out
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        problems.append(Problem(source, None, f"corrupt gzip file: {exc}"))
        return None


def split_lines(text: str) -> list[str]:
    """Split on CRLF, LF and lone CR alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def decode_bytes(data: bytes, source: str) -> DecodedText:
    problems: list[Problem] = []
    if data[:2] == GZIP_MAGIC:
        data = _gunzip(data, source, problems)
        if data is None:
            return DecodedText(source, [], problems, binary=True)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            if "\ufffd" in text:
                problems.append(Problem(source, None, f"invalid {codec} sequences replaced"))
            return DecodedText(source, split_lines(text.replace("\x00", "")), problems)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if looks_binary(data):
        problems.append(Problem(source, None, "binary file (not text), skipped"))
        return DecodedText(source, [], problems, binary=True)
    try:
        return DecodedText(source, split_lines(data.decode("utf-8")), problems)
    except UnicodeDecodeError:
        pass
    lines = []
    raw_lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            lines.append(raw.decode("latin-1"))
            problems.append(Problem(source, number, f"not valid UTF-8 at byte {exc.start}; read as Latin-1",
                                    raw[:200].decode("latin-1")))
    return DecodedText(source, lines, problems)
