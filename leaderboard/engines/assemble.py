"""The driver side of a streaming harvest: chunk results in, one deduplicated table out, atomically.

Chunk results arrive in input order and are appended at once to temporary Parquet files beside
the target (one row group per chunk), so memory holds one chunk, not the corpus. Per record the
driver keeps only its hashed dedupe key and merge rank. When the same paper occurred more than once,
:meth:`TableAssembler.finish` rewrites the temporary files in one streaming pass: losing copies are
dropped, a winner that is not the first copy moves to where the paper first occurred, and a winner
whose missing metadata the other copies fill is re-extracted from the merged record, exactly as
:func:`leaderboard.pipeline.merge` does in memory. The row order is thus the in-memory pipeline's:
papers by first occurrence, rows in extraction order. Only then are the files renamed over the
targets (papers first, scores last), so a killed harvest leaves the previous table in place.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from leaderboard.pipeline import FILL_FIELDS, HarvestReport, fill_missing, merge_rank, paper_row
from parsers.records import PaperRecord

from leaderboard.engines.chunks import LineNumbers
from leaderboard.engines.work import PAPER_SCHEMA, SCORE_SCHEMA, ChunkResult, WorkContext, process_records, rows_to_table

_ORDER = "__order"


def remove_stale_temps(target: Path) -> None:
    """Temporary files a killed harvest left beside ``target`` (called under the table's lock)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: the paper table's Parquet compression. Its abstracts are nearly all its bytes: on real (unique)
#: abstracts zstd writes half the bytes snappy does, for the same CPU
PAPERS_COMPRESSION = "zstd"
#: the paper table's columns written with a dictionary: those whose values may repeat. The ids,
#: line numbers and content hashes are one per paper, so a dictionary for them is built only to
#: be dropped when it outgrows its page: leaving them out saves the writer 0.4 to 0.5 us of CPU
#: per paper, on unique abstracts and on the resampled bench corpus alike
PAPERS_DICTIONARY = ("title", "abstract", "published", "source", "organisation")


class Sink:
    """A table being written: one Parquet file, or (``dataset``) a folder of part files.

    It is written under a hidden temporary name beside its target and only :meth:`commit` puts it
    in place: a file by one atomic ``os.replace``; a folder by moving the previous one aside,
    moving the new one in and deleting the old (the target is missing only between two renames).
    """

    def __init__(self, target: Path, arrow_schema: pa.Schema, dataset: bool = False, compression: str = "snappy",
                 use_dictionary: bool | list[str] = True):
        self.target, self.schema, self.dataset, self.compression = target, arrow_schema, dataset, compression
        self.use_dictionary = use_dictionary
        target.parent.mkdir(parents=True, exist_ok=True)
        if dataset:
            self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
            self.parts: list[Path] = []
            self.writer = None
        else:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            self.path = Path(name)
            self.writer = pq.ParquetWriter(self.path, arrow_schema, compression=compression,
                                           use_dictionary=use_dictionary)

    def write(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        if self.dataset:
            part = self.path / f"part-{len(self.parts):05d}.parquet"
            pq.write_table(table.replace_schema_metadata(self.schema.metadata), part, compression=self.compression,
                           use_dictionary=self.use_dictionary)
            self.parts.append(part)
        else:
            self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def files(self) -> list[Path]:
        return list(self.parts) if self.dataset else [self.path]

    def iter_batches(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        for f in self.files():
            yield from pq.ParquetFile(f).iter_batches(batch_size=65536, columns=columns)

    def read_columns(self, columns: list[str]) -> pa.Table:
        batches = list(self.iter_batches(columns))
        return pa.Table.from_batches(batches, schema=pa.schema([self.schema.field(c) for c in columns]))

    def discard(self) -> None:
        try:
            self.close()
        except Exception:
            pass
        try:
            shutil.rmtree(self.path) if self.path.is_dir() else self.path.unlink()
        except OSError:
            pass

    def commit(self) -> None:
        self.close()
        if self.dataset and not self.parts:      # an empty table is still a readable dataset
            pq.write_table(self.schema.empty_table(), self.path / "part-00000.parquet", compression=self.compression,
                           use_dictionary=self.use_dictionary)
            self.parts.append(self.path / "part-00000.parquet")
        for f in self.files():
            _fsync(f)
        if not self.dataset and not self.target.is_dir():
            os.replace(self.path, self.target)
            return
        aside = None
        if self.target.exists() or self.target.is_symlink():
            aside = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent))
            os.rename(self.target, aside / "previous")
        os.rename(self.path, self.target)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def papers_sink(target: Path, dataset: bool = False) -> Sink:
    """The paper table's sink (its own compression and dictionaries, see :data:`PAPERS_COMPRESSION`)."""
    return Sink(target, PAPER_SCHEMA, dataset, PAPERS_COMPRESSION, list(PAPERS_DICTIONARY))


def record_from_paper_row(row: dict, version: int = 0) -> PaperRecord:
    """The record a paper-table row was made from (its arXiv version, not in the table, given apart)."""
    return PaperRecord(paper_id=row["paper_id"], title=row["title"], abstract=row["abstract"], source=row["source"],
                       line=row["line"], published=row["published"], arxiv_id=row["arxiv_id"],
                       authors_count=row["authors_count"], organisation=row["organisation"], upvotes=row["upvotes"],
                       extra={"version": version} if version else {})


def _shift_lines(result: ChunkResult, base: int) -> None:
    """Add ``base`` to every line number of a block's result (tables and problems)."""
    for name in ("papers", "scores"):
        table = getattr(result, name)
        i = table.schema.get_field_index("line")
        setattr(result, name, table.set_column(i, table.schema.field(i), pc.add(table.column(i), base)))
    for problem in result.problems:
        if problem.line is not None:
            problem.line += base


class TableAssembler:
    """Collects chunk results in order and writes the score table and its paper table."""

    def __init__(self, scores_target: str | os.PathLike, papers_target: str | os.PathLike | None,
                 ctx: WorkContext | None = None, metadata: dict[bytes, bytes] | None = None, dataset: bool = False):
        self.scores_target = Path(scores_target)
        self.papers_target = Path(papers_target) if papers_target else None
        self.ctx = ctx or WorkContext()
        self.metadata = metadata or {}
        self.dataset = dataset
        self.score_schema = SCORE_SCHEMA.with_metadata(self.metadata)
        self.scores = Sink(self.scores_target, self.score_schema, dataset)
        papers_target = self.papers_target or self.scores_target.with_name(self.scores_target.name + ".papers")
        self.papers = papers_sink(papers_target, dataset)
        self.report = HarvestReport()
        self.papers_read = 0
        self._keys: list[np.ndarray] = []         # per chunk: key hash of each record
        self._versions: list[np.ndarray] = []     # per chunk: arXiv version of each record (merge_rank)
        self._has_score: list[np.ndarray] = []    # per chunk: the record produced a 'score' row
        self._row_seq: list[np.ndarray] = []      # per chunk: seq of the paper of each score row
        self.copies: dict[int, list[int]] = {}    # key hash -> seqs of all copies (duplicated keys only)
        self.corrections_used: set[int] = set()
        self.line_numbers = LineNumbers()          # blocks' line numbers made true, in input order

    # -- streaming -------------------------------------------------------------------------------
    def add(self, result: ChunkResult) -> None:
        base = self.line_numbers.base(result.file_key, result.line_count)
        if base:
            _shift_lines(result, base)
        n = len(result.keys)
        if n:
            self._keys.append(result.keys)
            self._versions.append(result.versions)
            self._has_score.append(result.has_score)
            self._row_seq.append(np.repeat(np.arange(self.papers_read, self.papers_read + n), result.row_counts))
        self.papers_read += n
        self.scores.write(result.scores)
        self.papers.write(result.papers)
        self.report.problems += result.problems
        self.report.per_source.update(result.per_source)
        self.corrections_used |= result.corrections_used

    def _collect(self) -> None:
        """The per-chunk arrays joined, and the copies of every paper met more than once."""
        cat = (lambda parts, dtype: np.concatenate(parts) if parts else np.empty(0, dtype))
        self.key_of = cat(self._keys, np.int64)
        self.versions = cat(self._versions, np.int64)
        self.has_score = cat(self._has_score, bool)
        self.row_seq = cat(self._row_seq, np.int64)
        self._keys, self._versions, self._has_score, self._row_seq = [], [], [], []
        order = np.argsort(self.key_of, kind="stable")       # equal keys stay in input order
        ordered = self.key_of[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.empty(0, int)
        self.distinct = len(starts)
        sizes = np.diff(np.r_[starts, len(ordered)])
        groups = [order[a:a + k].tolist() for a, k in zip(starts[sizes > 1], sizes[sizes > 1])]
        self.copies = {int(self.key_of[g[0]]): g for g in sorted(groups)}

    def abort(self) -> None:
        self.scores.discard()
        self.papers.discard()

    # -- finishing -------------------------------------------------------------------------------
    def _winners(self, found: dict[int, dict]) -> tuple[set[int], dict[int, int]]:
        """Seqs of copies to drop, and winner seq -> seq of its paper's first occurrence."""
        drop: set[int] = set()
        winner_first: dict[int, int] = {}
        rank = (lambda seq: merge_rank(record_from_paper_row(found[seq], int(self.versions[seq]))))
        for seqs in self.copies.values():
            best = max(seqs, key=rank)        # the first of the best, as max() in pipeline.merge()
            drop.update(s for s in seqs if s != best)
            winner_first[best] = seqs[0]
        return drop, winner_first

    def _paper_rows(self, wanted: set[int]) -> dict[int, dict]:
        found: dict[int, dict] = {}
        if not wanted:
            return found
        wanted_seqs = np.array(sorted(wanted), dtype=np.int64)
        base = 0
        for batch in self.papers.iter_batches():
            hits = wanted_seqs[(wanted_seqs >= base) & (wanted_seqs < base + batch.num_rows)] - base
            if len(hits):
                for i, row in zip(hits.tolist(), batch.take(pa.array(hits, type=pa.int64())).to_pylist()):
                    found[base + i] = row
            base += batch.num_rows
        return found

    def _score_rows(self, wanted: set[int]) -> dict[int, pa.Table]:
        found: dict[int, list[pa.Table]] = {}
        wanted_seqs = np.array(sorted(wanted), dtype=np.int64)
        base = 0
        for batch in self.scores.iter_batches():
            seqs = self.row_seq[base:base + batch.num_rows]
            by_seq: dict[int, list[int]] = {}
            for i in np.flatnonzero(np.isin(seqs, wanted_seqs)).tolist():
                by_seq.setdefault(int(seqs[i]), []).append(i)
            for s, idx in by_seq.items():
                found.setdefault(s, []).append(
                    pa.Table.from_batches([batch.take(pa.array(idx, type=pa.int64()))], schema=SCORE_SCHEMA))
            base += batch.num_rows
        return {s: pa.concat_tables(parts) for s, parts in found.items()}

    def _merged_duplicates(self, found: dict[int, dict], winner_first: dict[int, int]) -> tuple[list, list, set[int]]:
        """(order, paper table) and (order, score table) for every winner placed anew.

        A winner whose copies fill some of its fields is re-extracted from the merged record; a
        winner that only moves (it was not the first copy) keeps its own rows.
        """
        papers_extra, scores_extra, placed, moved_only = [], [], set(), set()
        for seqs in self.copies.values():
            winner = next(s for s in seqs if s in winner_first)
            records = [record_from_paper_row(found[s]) for s in seqs]
            best = records[seqs.index(winner)]
            before = tuple(getattr(best, name) for name in FILL_FIELDS)
            merged = fill_missing(best, records)
            order = winner_first[winner]
            if tuple(getattr(merged, name) for name in FILL_FIELDS) != before:
                rows, counts, has_score, used = process_records([merged], self.ctx)
                self.corrections_used |= used
                self.has_score[winner] = has_score[0]
                papers_extra.append((order, rows_to_table([paper_row(merged)], PAPER_SCHEMA)))
                if rows:
                    scores_extra.append((order, rows_to_table(rows, SCORE_SCHEMA)))
                placed.add(winner)
            elif winner != seqs[0]:
                papers_extra.append((order, rows_to_table([found[winner]], PAPER_SCHEMA)))
                moved_only.add(winner)
                placed.add(winner)
        own_rows = self._score_rows(moved_only)
        scores_extra += [(winner_first[s], t) for s, t in own_rows.items()]
        return papers_extra, scores_extra, placed

    @staticmethod
    def _rewrite(source: Sink, target: Sink, seq_of_rows, drop: set[int], extra: list[tuple[int, pa.Table]]) -> None:
        """Copy ``source`` into ``target`` without dropped seqs, inserting ``extra`` by order."""
        extra = sorted(extra, key=lambda item: item[0])
        dropped = np.array(sorted(drop), dtype=np.int64)
        pending, base = 0, 0
        for batch in source.iter_batches():
            table = pa.Table.from_batches([batch]).replace_schema_metadata(None)
            seqs = np.asarray(seq_of_rows(base, batch.num_rows), dtype=np.int64)
            base += batch.num_rows
            keep = ~np.isin(seqs, dropped)
            kept = table.filter(pa.array(keep)) if not keep.all() else table
            order = pa.array(seqs[keep], type=pa.int64())
            top = order[-1].as_py() if len(order) else -1
            parts, orders = [kept], [order]
            while pending < len(extra) and extra[pending][0] <= top:
                o, t = extra[pending]
                parts.append(t)
                orders.append(pa.array([o] * t.num_rows, type=pa.int64()))
                pending += 1
            merged = pa.concat_tables(parts)
            if len(parts) > 1:
                merged = merged.take(pc.sort_indices(pa.concat_arrays(orders)))
            target.write(merged)
        rest = [t for _, t in extra[pending:]]
        if rest:
            target.write(pa.concat_tables(rest))

    def finish(self) -> HarvestReport:
        """Close, dedupe, put into place; returns the harvest report."""
        self.scores.close()
        self.papers.close()
        self._collect()
        found = self._paper_rows({s for seqs in self.copies.values() for s in seqs})
        drop, winner_first = self._winners(found)
        if self.copies:
            papers_extra, scores_extra, placed = self._merged_duplicates(found, winner_first)
            gone = drop | placed
            new_papers = papers_sink(self.papers.target, self.dataset)
            new_scores = Sink(self.scores_target, self.score_schema, self.dataset)
            row_seq = self.row_seq
            self._rewrite(self.papers, new_papers, lambda b, n: np.arange(b, b + n), gone, papers_extra)
            self._rewrite(self.scores, new_scores, lambda b, n: row_seq[b:b + n], gone, scores_extra)
            self.papers.discard()
            self.scores.discard()
            self.papers, self.scores = new_papers, new_scores
        self.scores.close()
        self.papers.close()
        self._fill_report(drop)
        if self.report.papers_read:
            if self.papers_target:
                self.papers.commit()
            else:
                self.papers.discard()
            self.scores.commit()
        else:
            self.papers.discard()
            self.scores.discard()
        return self.report

    def _fill_report(self, drop: set[int]) -> None:
        r = self.report
        r.papers_read = len(self.key_of)
        r.papers = self.distinct
        r.duplicates = r.papers_read - r.papers
        kept = np.ones(len(self.has_score), dtype=bool)
        kept[np.array(sorted(drop), dtype=np.int64)] = False
        r.papers_with_scores = int(np.count_nonzero(self.has_score & kept))
        kinds = self.scores.read_columns(["kind", "benchmark"])
        is_score = pc.equal(kinds["kind"], "score")
        r.rows = int(pc.sum(is_score).as_py() or 0)
        r.deltas = kinds.num_rows - r.rows
        r.per_benchmark = Counter(b for b in pc.filter(kinds["benchmark"], is_score).to_pylist() if b is not None)
