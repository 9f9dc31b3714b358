"""The work one worker does on one chunk: records in, columnar score and paper rows out.

Both engines (local processes and Dask) map :func:`process_chunk` over the chunks, so they run
the same code on the same records and produce the same rows. A result is Arrow tables (cheap to
ship between processes, written to Parquet as they are) plus, per record, what the driver needs
to merge duplicates across chunks, as numpy arrays: the dedupe key (hashed), the arXiv version
(with the paper table's fields, the record's merge rank), how many score rows it produced. The paper table is built column by column, never as one
dict per paper: at a million abstracts per run every per-record step counts.

JSON lines are parsed with orjson; a line orjson refuses is handed to the project's JSON Lines
reader, so every line gets exactly the record or the problem the in-memory pipeline gives it.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np
import orjson
import pyarrow as pa

from leaderboard import schema
from leaderboard.normalize import to_row
from leaderboard.pipeline import dedupe_key, extract_paper, paper_columns
from parsers.extract import extract_scores
from parsers.text import content_hash, json_line_is_printable
from parsers.records import PaperRecord, Problem
from parsers.sources import arxiv_oai, read_path
from parsers.sources.decode import MAX_LINE_BYTES, DecodedText, decode_bytes, split_lines
from parsers.paper_fields import record_from_mapping
from parsers.sources.tabular import read_jsonl

from leaderboard.engines.chunks import Chunk, LineNumbers, count_lines

_ARROW_TYPES = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64(), "boolean": pa.bool_()}
SCORE_SCHEMA = pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in schema.DTYPES.items()])
PAPER_SCHEMA = pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in schema.PAPER_DTYPES.items()])


@dataclass
class WorkContext:
    """What every worker needs besides the chunk; shipped once per worker."""

    corrections: Any = None            # leaderboard.corrections.Corrections or None
    unchanged: frozenset = frozenset()  # version hashes of papers whose rows are kept (--update)


@dataclass
class ChunkResult:
    index: int
    scores: pa.Table | None            # None while spooled (see :func:`spool`)
    papers: pa.Table | None
    keys: np.ndarray                   # per record: hashed dedupe key (int64)
    versions: np.ndarray               # per record: arXiv version, 0 if unknown (int64); with the paper
                                       # table's fields, what merge_rank needs to pick among copies
    row_counts: np.ndarray             # per record: score rows produced (int64)
    has_score: np.ndarray              # per record: a row of kind 'score' was produced (bool)
    problems: list[Problem] = field(default_factory=list)
    per_source: dict[str, int] = field(default_factory=dict)
    corrections_used: set[int] = field(default_factory=set)
    size: int = 0
    spooled: str | None = None         # the Arrow file holding scores and papers, while spooled
    file_key: int | None = None        # a block's file (Chunk.file_key), and its count of line ends: the
    line_count: int | None = None      # assembler turns line numbers counted from the block's start true


def spool(result: ChunkResult, folder: str) -> ChunkResult:
    """The result with its tables moved to an Arrow IPC file in ``folder`` (a worker calls this).

    What then travels back through the pipe is a few kilobytes of arrays instead of the chunk's
    abstracts: pickling megabytes through a pipe costs the driver more CPU than writing them
    costs the worker, and the driver reads the file back by memory-mapping it, without a copy.
    Both tables go in one file: two Arrow streams back to back, papers then scores.
    """
    path = f"{folder}/chunk-{result.index:08d}.arrow"
    with pa.OSFile(path, "wb") as sink:
        with pa.ipc.new_stream(sink, result.papers.schema) as writer:
            writer.write_table(result.papers)
        with pa.ipc.new_stream(sink, result.scores.schema) as writer:
            writer.write_table(result.scores)
    result.scores = result.papers = None
    result.spooled = path
    return result


def unspool(result: ChunkResult) -> ChunkResult:
    """The result with its tables back (memory-mapped, zero-copy) and its file deleted."""
    if result.spooled is None:
        return result
    with pa.memory_map(result.spooled) as source:
        result.papers = pa.ipc.open_stream(source).read_all()
        result.scores = pa.ipc.open_stream(source).read_all()
    os.unlink(result.spooled)
    result.spooled = None
    return result


def key_hash(key: str) -> int:
    """A 64-bit digest of a dedupe key: a million keys fit in a few tens of megabytes."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def paper_identity(paper_id: str, arxiv_id: str | None) -> str:
    """Which paper a stored row is, across runs: its arXiv id, else its id (given or derived).

    A derived id is a digest of the normalized title, so this is the dedupe key, read back from
    the columns the paper table keeps.
    """
    return "arxiv:" + arxiv_id if arxiv_id else "id:" + paper_id


def version_hash(paper_id: str, arxiv_id: str | None, content_hash: str) -> int:
    """One paper in one wording: --update keeps the rows of a paper whose version hash it knew."""
    return key_hash(paper_identity(paper_id, arxiv_id) + "\x1f" + content_hash)


def _renumbered(item: PaperRecord | Problem, offset: int) -> PaperRecord | Problem:
    if item.line is not None:
        item.line += offset
    return item


def _decode_block(chunk: Chunk, data: bytes) -> tuple[list[str], list[Problem]]:
    """Lines of a block; any block that is not plain UTF-8 goes through the project's decoder.

    Plain UTF-8 without NUL bytes, no longer than the longest line allowed, is by far the common
    case and needs one C call; for the rest (Latin-1 lines, NULs, an oversized line) the decoder
    of :mod:`parsers.sources.decode` gives the very lines and warnings it gives for a whole file.
    """
    if b"\x00" not in data and (len(data) <= MAX_LINE_BYTES
                                or max(map(len, data.split(b"\n"))) <= MAX_LINE_BYTES):
        try:
            return split_lines(data.decode("utf-8")), []
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(data, chunk.source)
    offset = chunk.first_line - 1
    return decoded.lines, [_renumbered(p, offset) for p in decoded.problems]


def _read_line(line: str, source: str, number: int) -> Iterator[PaperRecord | Problem]:
    """One decoded JSON line: its record, its problem, or nothing for a blank line."""
    if not line or line.isspace():
        return
    try:
        rec = orjson.loads(line)
    except orjson.JSONDecodeError:
        rec = None
    if isinstance(rec, dict):
        yield record_from_mapping(rec, source, number)
    else:   # not JSON for orjson, or not an object: the reader says what is wrong
        yield from (_renumbered(item, number - 1) for item in read_jsonl(DecodedText(source, [line])))


def _read_plain_jsonl(chunk: Chunk, data: bytes) -> tuple[list[PaperRecord | Problem], int] | None:
    """The block's records parsed straight from its bytes and its count of line ends, or None
    when it needs the decoder.

    orjson reads UTF-8 bytes as they are (and refuses any that are not UTF-8), so a block with LF
    line ends only, no NUL and no oversized line is never decoded as a whole nor copied as text:
    the result is the line-by-line reading of :func:`_decode_block`'s lines, which for such a
    block are exactly its ``\n``-separated pieces. A line orjson does not take as an object is
    decoded and read as the decoded path reads it; a line that is not UTF-8 sends the whole block
    to the decoder (its Latin-1 fallback and warnings).
    """
    if b"\r" in data or b"\x00" in data:
        return None
    lines = data.split(b"\n")
    if len(data) > MAX_LINE_BYTES and max(map(len, lines)) > MAX_LINE_BYTES:
        return None
    out: list[PaperRecord | Problem] = []
    loads, source = orjson.loads, chunk.source
    for number, line in enumerate(lines, start=chunk.first_line):
        if not line:
            continue
        try:
            rec = loads(line)
        except orjson.JSONDecodeError:
            rec = None
        if isinstance(rec, dict):
            out.append(record_from_mapping(rec, source, number, json_line_is_printable(line)))
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            return None
        out.extend(_read_line(text, source, number))
    return out, len(lines) - 1


def read_block(chunk: Chunk) -> tuple[list[PaperRecord | Problem], int]:
    """Records and problems of a JSON Lines block, numbered from the block's ``first_line`` (see
    :class:`leaderboard.engines.chunks.LineNumbers`), and the block's count of line ends."""
    data = chunk.block_bytes()
    if chunk.layout == "jsonl":
        plain = _read_plain_jsonl(chunk, data)
        if plain is not None:
            return plain
    lines, problems = _decode_block(chunk, data)
    out: list[PaperRecord | Problem] = list(problems)
    if chunk.layout == "arxiv-oai":
        out.extend(read_snapshot_lines(lines, chunk.source, chunk.first_line))
    else:
        for number, line in enumerate(lines, start=chunk.first_line):
            out.extend(_read_line(line, chunk.source, number))
    return out, count_lines(data)


def read_snapshot_lines(lines: list[str], source: str, first_line: int) -> Iterator[PaperRecord | Problem]:
    """A block of the arXiv metadata snapshot, read line by line as its own reader reads it."""
    for number, line in enumerate(lines, start=first_line):
        item = arxiv_oai.parse_line(line, source, number, None)
        if item is not None:
            yield item if isinstance(item, Problem) else arxiv_oai.to_paper(item, source, number)


def read_chunk(chunk: Chunk) -> tuple[Iterable[PaperRecord | Problem], int | None]:
    """Records and problems of a chunk, and its count of line ends when it is a block (its lines
    numbered from the block's start); a whole file's are numbered as its reader numbers them."""
    if chunk.is_block:
        return read_block(chunk)
    return read_path(chunk.path, chunk.source), None


def read_chunks(chunks: Iterable[Chunk]) -> Iterator[PaperRecord | Problem]:
    """The records and problems of chunks in input order, with their true line numbers (as the
    table's assembler gives them)."""
    numbers = LineNumbers()
    for chunk in chunks:
        items, count = read_chunk(chunk)
        base = numbers.base(chunk.file_key, count)
        yield from (_renumbered(item, base) for item in items) if base else items


def rows_to_table(rows: list[dict], arrow_schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pydict({name: [r.get(name) for r in rows] for name in arrow_schema.names},
                                schema=arrow_schema)


def corrected_rows(rec: PaperRecord, corrections) -> tuple[list[dict], set[int]]:
    """The rows of a paper named in the corrections file, with its corrections applied."""
    mentions, used = corrections.apply(rec.paper_id, extract_scores(rec.abstract, rec.title))
    rows = []
    for m, reason in mentions:
        row = to_row(rec, m)
        row["correction"] = reason
        rows.append(row)
    return rows, used


def process_records(records: list[PaperRecord], ctx: WorkContext) -> tuple[list[dict], list[int], bytearray, set[int]]:
    """Score rows of records, in order, with per-record row counts (corrections applied)."""
    rows: list[dict] = []
    counts: list[int] = []
    has_score = bytearray(len(records))
    used: set[int] = set()
    corrected = ctx.corrections.by_paper if ctx.corrections is not None else {}
    for i, rec in enumerate(records):
        if ctx.unchanged and rec.paper_id not in corrected and \
                version_hash(rec.paper_id, rec.arxiv_id, content_hash(rec.title, rec.abstract)) in ctx.unchanged:
            counts.append(0)            # --update: the stored table has this paper's rows already
            continue
        if rec.paper_id in corrected:
            paper_rows, hit = corrected_rows(rec, ctx.corrections)
            used |= hit
        else:
            paper_rows = extract_paper(rec)
        counts.append(len(paper_rows))
        if any(r["kind"] == "score" for r in paper_rows):
            has_score[i] = 1
        rows += paper_rows
    return rows, counts, has_score, used


def record_version(rec: PaperRecord) -> int:
    """The arXiv version a record carries (0 if none): the one field of :func:`merge_rank` the
    paper table does not keep."""
    return int(rec.extra.get("version") or 0)


def process_chunk(chunk: Chunk, ctx: WorkContext | None = None) -> ChunkResult:
    """Read, extract and tabulate one chunk (runs in a worker process)."""
    ctx = ctx or WorkContext()
    records: list[PaperRecord] = []
    problems: list[Problem] = []
    items, line_count = read_chunk(chunk)
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            records.append(item)
    per_source: dict[str, int] = {}
    for rec in records:
        per_source[rec.source] = per_source.get(rec.source, 0) + 1
    n = len(records)
    keys = np.fromiter((key_hash(dedupe_key(r)) for r in records), dtype=np.int64, count=n)
    papers = pa.Table.from_pydict(paper_columns(records), schema=PAPER_SCHEMA)
    rows, counts, has_score, used = process_records(records, ctx)
    return ChunkResult(
        index=chunk.index, scores=rows_to_table(rows, SCORE_SCHEMA), papers=papers, keys=keys,
        versions=np.fromiter(map(record_version, records), dtype=np.int64, count=n), row_counts=np.array(counts, dtype=np.int64),
        has_score=np.frombuffer(has_score, dtype=np.uint8).astype(bool), problems=problems,
        per_source=per_source, corrections_used=used, size=chunk.size, file_key=chunk.file_key,
        line_count=line_count)
