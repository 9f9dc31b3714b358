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
import tempfile
from array import array
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from leaderboard.pipeline import FILL_FIELDS, HarvestReport, fill_missing, paper_row
from parsers.records import PaperRecord

from leaderboard.engines.work import PAPER_SCHEMA, SCORE_SCHEMA, ChunkResult, WorkContext, process_records, rows_to_table

_ORDER = "__order"


def temp_path_for(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def remove_stale_temps(target: Path) -> None:
    """Temporary files a killed harvest left beside ``target`` (called under the table's lock)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def record_from_paper_row(row: dict) -> PaperRecord:
    return PaperRecord(paper_id=row["paper_id"], title=row["title"], abstract=row["abstract"], source=row["source"],
                       line=row["line"], published=row["published"], arxiv_id=row["arxiv_id"],
                       authors_count=row["authors_count"], organisation=row["organisation"], upvotes=row["upvotes"])


class TableAssembler:
    """Collects chunk results in order and writes the score table and its paper table."""

    def __init__(self, scores_target: str | os.PathLike, papers_target: str | os.PathLike | None,
                 ctx: WorkContext | None = None, metadata: dict[bytes, bytes] | None = None):
        self.scores_target = Path(scores_target)
        self.papers_target = Path(papers_target) if papers_target else None
        self.ctx = ctx or WorkContext()
        self.metadata = metadata or {}
        self.scores_target.parent.mkdir(parents=True, exist_ok=True)
        self.scores_tmp = temp_path_for(self.scores_target)
        self.papers_tmp = temp_path_for(self.scores_target.with_name(self.scores_target.name + ".papers"))
        self.scores_writer = pq.ParquetWriter(self.scores_tmp, SCORE_SCHEMA.with_metadata(self.metadata))
        self.papers_writer = pq.ParquetWriter(self.papers_tmp, PAPER_SCHEMA)
        self.report = HarvestReport()
        self.first: dict[int, int] = {}           # key hash -> seq of its first copy
        self.copies: dict[int, list[int]] = {}    # key hash -> seqs of all copies (duplicated keys only)
        self.key_of = array("q")                  # seq -> key hash
        self.ranks = array("q")                   # seq -> merge_rank, flattened (rank_width ints each)
        self.rank_width = 0
        self.has_score = bytearray()              # seq -> produced a 'score' row
        self.row_seq = array("q")                 # score row -> seq of its paper
        self.corrections_used: set[int] = set()

    # -- streaming -------------------------------------------------------------------------------
    def add(self, result: ChunkResult) -> None:
        seq = len(self.key_of)
        for key in result.keys:
            first = self.first.setdefault(key, seq)
            if first != seq:
                self.copies.setdefault(key, [first]).append(seq)
            seq += 1
        for n, count in enumerate(result.row_counts, start=len(self.key_of)):
            if count:
                self.row_seq.extend([n] * count)
        self.key_of.extend(result.keys)
        for rank in result.ranks:
            if len(rank) != (self.rank_width or len(rank)):
                raise ValueError("merge ranks of different lengths")
            self.rank_width = len(rank)
            self.ranks.extend(rank)
        self.has_score += result.has_score
        if result.scores.num_rows:
            self.scores_writer.write_table(result.scores)
        if result.papers.num_rows:
            self.papers_writer.write_table(result.papers)
        self.report.problems += result.problems
        self.report.per_source.update(result.per_source)
        self.corrections_used |= result.corrections_used

    def abort(self) -> None:
        for writer in (self.scores_writer, self.papers_writer):
            try:
                writer.close()
            except Exception:
                pass
        for tmp in (self.scores_tmp, self.papers_tmp):
            try:
                tmp.unlink()
            except OSError:
                pass

    # -- finishing -------------------------------------------------------------------------------
    def rank(self, seq: int) -> tuple[int, ...]:
        w = self.rank_width
        return tuple(self.ranks[seq * w:(seq + 1) * w])

    def _winners(self) -> tuple[set[int], dict[int, int]]:
        """Seqs of copies to drop, and winner seq -> seq of its paper's first occurrence."""
        drop: set[int] = set()
        winner_first: dict[int, int] = {}
        for seqs in self.copies.values():
            best = max(seqs, key=self.rank)   # the first of the best, as max() in pipeline.merge()
            drop.update(s for s in seqs if s != best)
            winner_first[best] = seqs[0]
        return drop, winner_first

    def _rebuild_duplicates(self, winner_first: dict[int, int]) -> tuple[list[tuple[int, dict]], list[tuple[int, list[dict]]], set[int]]:
        """Merged paper rows and their re-extracted score rows, for every duplicated paper.

        Returns (order, paper row) pairs, (order, score rows) pairs and the winners rebuilt.
        """
        wanted = {s for seqs in self.copies.values() for s in seqs}
        found: dict[int, dict] = {}
        base = 0
        for batch in pq.ParquetFile(self.papers_tmp).iter_batches(batch_size=65536):
            hits = [i for i in range(batch.num_rows) if base + i in wanted] if wanted else []
            if hits:
                taken = batch.take(pa.array(hits)).to_pylist()
                for i, row in zip(hits, taken):
                    found[base + i] = row
            base += batch.num_rows
        papers_out, scores_out, rebuilt = [], [], set()
        for seqs in self.copies.values():
            winner = next(s for s in seqs if s in winner_first)
            records = [record_from_paper_row(found[s]) for s in seqs]
            best_index = seqs.index(winner)
            best = records[best_index]
            before = tuple(getattr(best, name) for name in FILL_FIELDS)
            merged = fill_missing(best, records)
            order = winner_first[winner]
            if tuple(getattr(merged, name) for name in FILL_FIELDS) != before or winner != seqs[0]:
                rows, counts, has_score, used = process_records([merged], self.ctx)
                self.corrections_used |= used
                self.has_score[winner] = has_score[0]
                papers_out.append((order, paper_row(merged)))
                scores_out.append((order, rows))
                rebuilt.add(winner)
        return papers_out, scores_out, rebuilt

    def _rewrite(self, source: Path, target_tmp: Path, arrow_schema: pa.Schema, seq_of_rows, drop: set[int],
                 extra: list[tuple[int, pa.Table]]) -> None:
        """Stream ``source`` into ``target_tmp`` without dropped seqs, inserting ``extra`` by order."""
        extra = sorted(extra, key=lambda item: item[0])
        pending = 0
        writer = pq.ParquetWriter(target_tmp, arrow_schema)
        base = 0
        try:
            for batch in pq.ParquetFile(source).iter_batches(batch_size=65536):
                table = pa.Table.from_batches([batch], schema=arrow_schema)
                seqs = seq_of_rows(base, batch.num_rows)
                base += batch.num_rows
                keep = [i for i, s in enumerate(seqs) if s not in drop]
                kept = table.take(pa.array(keep, type=pa.int64())) if len(keep) != len(seqs) else table
                order = pa.array([seqs[i] for i in keep], type=pa.int64())
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
                if merged.num_rows:
                    writer.write_table(merged)
            rest = [t for _, t in extra[pending:]]
            if rest:
                writer.write_table(pa.concat_tables(rest))
        finally:
            writer.close()

    def finish(self) -> HarvestReport:
        """Close, dedupe, rename into place; returns the harvest report."""
        self.scores_writer.close()
        self.papers_writer.close()
        drop, winner_first = self._winners()
        scores_file, papers_file = self.scores_tmp, self.papers_tmp
        if self.copies:
            papers_extra, scores_extra, rebuilt = self._rebuild_duplicates(winner_first)
            moved = {w for w, first in winner_first.items() if w != first}
            gone = drop | moved | rebuilt
            # winners that moved but were not rebuilt keep their own rows, fetched by seq
            keep_rows = self._take_rows(moved - rebuilt, winner_first)
            papers_extra = [(o, rows_to_table([row], PAPER_SCHEMA)) for o, row in papers_extra] + keep_rows[0]
            scores_extra = [(o, rows_to_table(rows, SCORE_SCHEMA)) for o, rows in scores_extra if rows] + keep_rows[1]
            new_papers = temp_path_for(self.scores_target.with_name(self.scores_target.name + ".papers"))
            new_scores = temp_path_for(self.scores_target)
            row_seq = self.row_seq
            self._rewrite(self.papers_tmp, new_papers, PAPER_SCHEMA, lambda b, n: range(b, b + n), gone, papers_extra)
            self._rewrite(self.scores_tmp, new_scores, SCORE_SCHEMA.with_metadata(self.metadata),
                          lambda b, n: row_seq[b:b + n], gone, scores_extra)
            self.scores_tmp.unlink()
            self.papers_tmp.unlink()
            scores_file, papers_file = new_scores, new_papers
        self._fill_report(drop, scores_file)
        if self.report.papers_read:
            if self.papers_target:
                fsync_path(papers_file)
                os.replace(papers_file, self.papers_target)
            else:
                papers_file.unlink()
            fsync_path(scores_file)
            os.replace(scores_file, self.scores_target)
        else:
            papers_file.unlink()
            scores_file.unlink()
        return self.report

    def _take_rows(self, seqs: set[int], winner_first: dict[int, int]):
        papers, scores = [], []
        if not seqs:
            return papers, scores
        base = 0
        for batch in pq.ParquetFile(self.papers_tmp).iter_batches(batch_size=65536):
            for i in range(batch.num_rows):
                if base + i in seqs:
                    papers.append((winner_first[base + i], pa.Table.from_batches([batch.slice(i, 1)], schema=PAPER_SCHEMA)))
            base += batch.num_rows
        base = 0
        for batch in pq.ParquetFile(self.scores_tmp).iter_batches(batch_size=65536):
            by_seq: dict[int, list[int]] = {}
            for i in range(batch.num_rows):
                s = self.row_seq[base + i]
                if s in seqs:
                    by_seq.setdefault(s, []).append(i)
            for s, idx in by_seq.items():
                scores.append((winner_first[s], pa.Table.from_batches([batch], schema=SCORE_SCHEMA).take(pa.array(idx))))
            base += batch.num_rows
        return papers, scores

    def _fill_report(self, drop: set[int], scores_file: Path) -> None:
        r = self.report
        r.papers_read = len(self.key_of)
        r.papers = len(self.first)
        r.duplicates = r.papers_read - r.papers
        r.papers_with_scores = sum(1 for s, flag in enumerate(self.has_score) if flag and s not in drop)
        kinds = pq.read_table(scores_file, columns=["kind", "benchmark"])
        is_score = pc.equal(kinds["kind"], "score")
        r.rows = int(pc.sum(is_score).as_py() or 0)
        r.deltas = kinds.num_rows - r.rows
        r.per_benchmark = Counter(b for b in pc.filter(kinds["benchmark"], is_score).to_pylist() if b is not None)
