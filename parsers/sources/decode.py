"""Bytes to text lines, without ever raising on (or hanging on, or filling memory with) what the
internet sends.

A reader must name the file and line of anything it cannot read and still deliver every good
record, so decoding works line by line, streaming:

* compressed input (gzip, bzip2, xz) is decompressed on the fly, up to
  :data:`MAX_DECOMPRESSED_BYTES` (a "zip bomb" stops there with a message);
* known binary formats (PNG, PDF, ZIP, Parquet, ...) and byte soup are recognised from the first
  block and skipped with a message naming the format;
* UTF-32/UTF-16 with a BOM, and UTF-16 without one (recognised by its zero bytes), decode whole;
* everything else is UTF-8 line by line; a line that is not UTF-8 is read as Windows-1252/Latin-1
  and reported as a warning, so no text is lost and nothing is silently changed;
* CRLF, LF and lone CR all end a line; NUL bytes inside a text line are dropped with a warning;
* a line longer than :data:`MAX_LINE_BYTES` is skipped with a message without ever being held
  in memory whole, so a 50 MB single-line file costs a few MB at most.
"""
from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import re
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from parsers.records import Problem

#: lines longer than this (bytes; characters for UTF-16/32) are reported and skipped
MAX_LINE_BYTES = 4 * 1024**2
#: decompressed inputs are read up to this size; the rest is refused with a message
MAX_DECOMPRESSED_BYTES = 2 * 1024**3
#: per file and per kind of warning, the first few are listed one by one, the rest counted
MAX_WARNINGS_LISTED = 20
CHUNK_BYTES = 1024**2
HEAD_BYTES = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
COMPRESSED = [(GZIP_MAGIC, "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz")]

#: leading bytes of binary formats, with the name the message gives them
BINARY_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"), (b"PAR1", "Parquet table"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x00asm", "WebAssembly module"), (b"OggS", "Ogg media"), (b"RIFF", "RIFF media (WAV/AVI/WebP)"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O binary"), (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"ARROW1", "Arrow table"), (b"\x93NUMPY", "NumPy array"), (b"\x80\x04\x95", "Python pickle"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"), (b"\x04\x22\x4d\x18", "LZ4 archive"),
    (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"),
] + [(magic, f"{name} data nested inside a compressed file") for magic, name in COMPRESSED]
BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_EOL_BYTES = re.compile(rb"\r\n|\r|\n")
_EOL_TEXT = re.compile(r"\r\n|\r|\n")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


@dataclass
class DecodedText:
    """The lines of a file (without their line ends); ``lines[i]`` is line ``i + 1``.

    A line that could not be read (too long) is kept as an empty string, so the numbering of the
    lines after it stays true.
    """

    source: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    binary: bool = False
    encoding: str = "utf-8"
    compression: str | None = None


class _SafeReader(io.RawIOBase):
    """Reads a stream until it ends, fails, or (decompressed) passes ``limit`` bytes.

    Never raises: a failure ends the stream and is kept in ``failure``, so every line read
    before a corrupt block or a size cap still reaches the readers.
    """

    def __init__(self, stream: BinaryIO, limit: int | None = None, label: str = "input"):
        self.stream, self.limit, self.label = stream, limit, label
        self.produced = 0
        self.failure: str | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.failure:
            return b""
        size = CHUNK_BYTES if size is None or size < 0 else size
        if self.limit is not None:
            size = min(size, self.limit - self.produced + 1)
        try:   # read1: a buffered decompressor's read() would drop what it holds when it fails
            data = self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        except STREAM_ERRORS as exc:
            self.failure = f"corrupt {self.label}: {exc}"
            return b""
        self.produced += len(data)
        if self.limit is not None and self.produced > self.limit:
            self.failure = f"{self.label} content larger than {self.limit:,} bytes when decompressed"
            return b""
        return data


def sniff_binary(head: bytes) -> str | None:
    """The name of the binary format ``head`` starts with, 'binary data' for byte soup, else None."""
    for magic, name in BINARY_SIGNATURES:
        if head.startswith(magic):
            return name
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return "binary data" if looks_binary(head) else None


def looks_binary(data: bytes) -> bool:
    """Many control bytes, or mostly bytes that are neither ASCII nor UTF-8: not a text file.

    A few NUL bytes inside otherwise plain text do not make it binary (they are dropped line by
    line with a warning); random bytes have about 12% control bytes and half their bytes high.
    """
    head = data[:8192]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > 0.05:
        return True
    high = len(head) - len(head.translate(None, bytes(range(128, 256))))
    if high / len(head) > 0.3:
        text = head[:-4].decode("utf-8", errors="replace") if len(head) > 8 else head.decode("utf-8", "replace")
        return text.count("\ufffd") > 0.1 * len(text)
    return False


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when mostly-ASCII text shows the zero high bytes of UTF-16."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero > 0.3 and even_zero < 0.02:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.02:
        return "utf-16-be"
    return None


def split_lines(text: str) -> list[str]:
    """Split on CRLF, LF and lone CR alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _capped_lines(chunks: Iterator, eol: re.Pattern, cap: int) -> Iterator[tuple[object, int]]:
    """Split a stream of chunks (bytes or str) into lines, without holding a line over ``cap``.

    Yields ``(line, length)``; ``line`` is None for a line longer than ``cap`` (only its length is
    known: its content was dropped as it streamed by). Each chunk is scanned once, so the cost is
    linear in the input whatever its line lengths. A CR ending a chunk ends the line; a LF starting
    the next chunk is then the second half of that CRLF and skipped.
    """
    parts: list = []
    size = 0
    too_long = False
    skip_lf = False
    empty = lf = cr = None

    def take(piece) -> None:
        nonlocal size, too_long, parts
        size += len(piece)
        if too_long:
            return
        if size > cap:
            too_long, parts = True, []
        elif piece:
            parts.append(piece)

    def emit():
        nonlocal size, too_long, parts
        result = (None if too_long else empty.join(parts), size)
        parts, size, too_long = [], 0, False
        return result

    for chunk in chunks:
        if empty is None:
            empty = chunk[:0]
            lf, cr = ("\n", "\r") if isinstance(chunk, str) else (b"\n", b"\r")
        pos = 1 if skip_lf and chunk[:1] == lf else 0
        skip_lf = False
        for m in eol.finditer(chunk, pos):
            take(chunk[pos:m.start()])
            yield emit()
            pos = m.end()
            skip_lf = pos == len(chunk) and chunk[m.start():pos] == cr
        take(chunk[pos:])
    if parts or too_long:
        yield emit()


class _Log:
    """Collects a file's problems; caps the warnings of each kind (a Latin-1 file is one story)."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.listed: dict[str, int] = {}
        self.unlisted: dict[str, int] = {}

    def error(self, line: int | None, message: str, record: str | None = None) -> None:
        self.problems.append(Problem(self.source, line, message, record))

    def warn(self, kind: str, line: int | None, message: str, record: str | None = None) -> None:
        if self.listed.get(kind, 0) < MAX_WARNINGS_LISTED:
            self.listed[kind] = self.listed.get(kind, 0) + 1
            self.problems.append(Problem(self.source, line, message, record, severity="warning"))
        else:
            self.unlisted[kind] = self.unlisted.get(kind, 0) + 1

    def finish(self) -> list[Problem]:
        for kind, count in self.unlisted.items():
            self.problems.append(Problem(self.source, None, f"{count} more lines: {kind} (not listed)",
                                         severity="warning"))
        self.unlisted = {}
        return self.problems


def _chunks(stream: BinaryIO, first: bytes) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def _read_head(stream: BinaryIO) -> bytes:
    head = b""
    while len(head) < HEAD_BYTES:
        chunk = stream.read(HEAD_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


def _open_compressed(kind: str, stream: BinaryIO) -> _SafeReader:
    opener = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind]
    return _SafeReader(opener(fileobj=stream, mode="rb") if kind == "gzip" else opener(stream),
                       MAX_DECOMPRESSED_BYTES, kind)


def decode_stream(stream: BinaryIO, source: str) -> DecodedText:
    """Decode an open binary stream (a file or bytes) into lines; never raises on its content."""
    log = _Log(source)
    reader = _SafeReader(stream)
    head = _read_head(reader)
    compression = next((k for magic, k in COMPRESSED if head.startswith(magic)), None)
    if compression and not reader.failure:
        reader = _open_compressed(compression, _Prepend(head, reader))
        head = _read_head(reader)
    if not head.strip(b" \t\r\n\x00\x0b\x0c"):
        log.error(None, reader.failure or
                  "empty file" + (f" (after {compression} decompression)" if compression else ""))
        return DecodedText(source, [], log.finish(), binary=True, compression=compression)

    encoding = next((codec for bom, codec in BOMS if head.startswith(bom)), None)
    bom_length = next((len(bom) for bom, codec in BOMS if head.startswith(bom)), 0)
    if encoding is None and (encoding := utf16_without_bom(head)):
        log.warn("encoding", None, f"no byte-order mark: read as {encoding.upper()} by its zero bytes")
    if encoding is None:
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8):]
        kind_of_binary = sniff_binary(head)
        if kind_of_binary:
            what = f"{kind_of_binary} (not text)" if kind_of_binary != "binary data" else \
                "binary data (not text: control bytes or invalid UTF-8 in the first block)"
            log.error(None, f"{what}, skipped")
            return DecodedText(source, [], log.finish(), binary=True, compression=compression)
    decoded = DecodedText(source, [], [], encoding=encoding or "utf-8", compression=compression)
    if encoding:
        _decode_wide(_chunks(reader, head[bom_length:]), encoding, decoded.lines, log)
    else:
        _decode_narrow(_chunks(reader, head), decoded.lines, log)
    if reader.failure:
        if decoded.lines:
            decoded.lines.pop()          # the last line was cut where the stream failed
        log.error(len(decoded.lines) + 1, f"{reader.failure}: lines from here on skipped")
    decoded.problems = log.finish()
    return decoded


def _too_long(log: _Log, number: int, length: int, unit: str) -> None:
    log.error(number, f"line of {length:,} {unit} is longer than the limit of {MAX_LINE_BYTES:,}, skipped")


def _decode_narrow(chunks: Iterator[bytes], lines: list[str], log: _Log) -> None:
    """UTF-8 line by line; a line that is not UTF-8 is read as Windows-1252 (else Latin-1)."""
    for number, (raw, length) in enumerate(_capped_lines(chunks, _EOL_BYTES, MAX_LINE_BYTES), start=1):
        if raw is None:
            _too_long(log, number, length, "bytes")
            lines.append("")
            continue
        if b"\x00" in raw:
            log.warn("NUL bytes dropped", number, f"{raw.count(0)} NUL bytes dropped from the line")
            raw = raw.replace(b"\x00", b"")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            try:
                text, codec = raw.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                text, codec = raw.decode("latin-1"), "Latin-1"
            lines.append(text)
            log.warn("not UTF-8, read as Windows-1252/Latin-1", number,
                     f"not valid UTF-8 at byte {exc.start}; read as {codec}", raw[:200].decode("latin-1"))


def _decode_wide(chunks: Iterator[bytes], codec: str, lines: list[str], log: _Log) -> None:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")

    def texts() -> Iterator[str]:
        for chunk in chunks:
            if text := decoder.decode(chunk):
                yield text
        if tail := decoder.decode(b"", final=True):
            yield tail

    for number, (text, length) in enumerate(_capped_lines(texts(), _EOL_TEXT, MAX_LINE_BYTES), start=1):
        if text is None:
            _too_long(log, number, length, "characters")
            lines.append("")
            continue
        if "\x00" in text:
            log.warn("NUL characters dropped", number, "NUL characters dropped from the line")
            text = text.replace("\x00", "")
        if "\ufffd" in text:
            log.warn(f"invalid {codec} sequences replaced", number, f"invalid {codec} sequences replaced by U+FFFD")
        lines.append(text)


class _Prepend(io.RawIOBase):
    """A stream that first gives back bytes already read from it (so sniffing costs no seek)."""

    def __init__(self, first: bytes, rest: BinaryIO):
        self.first, self.rest = first, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.first:
            n = min(len(buffer), len(self.first))
            buffer[:n] = self.first[:n]
            self.first = self.first[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode bytes held in memory (same rules as a file)."""
    return decode_stream(io.BytesIO(data), source)
