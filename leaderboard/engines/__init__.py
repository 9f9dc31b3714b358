"""Building the table from inputs at any scale: :func:`build` is the one entry point.

``build`` plans chunks (:mod:`.chunks`), maps the same per-chunk work (:mod:`.work`) over local
worker processes (:mod:`.local`) or a Dask cluster (:mod:`.dask_engine`), and streams the results
into temporary Parquet files that replace the table only when complete (:mod:`.assemble`). The
table it writes has exactly the rows, in exactly the order, of the in-memory
:func:`leaderboard.pipeline.harvest` on the same inputs.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

import pyarrow.parquet as pq

from leaderboard import paths, store
from leaderboard.corrections import Corrections
from leaderboard.corrections import load as load_corrections
from leaderboard.lock import TableLock
from leaderboard.pipeline import HarvestReport
from parsers.records import Problem

from leaderboard.engines.assemble import TableAssembler, remove_stale_temps
from leaderboard.engines.chunks import DEFAULT_CHUNK_BYTES, plan_chunks
from leaderboard.engines.local import LocalRunner, default_jobs
from leaderboard.engines.update import CORRECTED_KEY, corrected_before, merge_update, stored_tables, \
    unchanged_versions, write_tables
from leaderboard.engines.work import WorkContext

ENGINES = ("local", "dask")


class Progress:
    """A tqdm bar in abstracts/s on a terminal (shown after the first second); silent otherwise."""

    def __init__(self, enabled: bool | None):
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.bar = None
        if enabled:
            from tqdm import tqdm
            self.bar = tqdm(unit=" abstracts", unit_scale=True, delay=1.0, file=sys.stderr,
                            desc="harvest", dynamic_ncols=True)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_rejects(problems: list[Problem], path: str | os.PathLike) -> None:
    """Every rejected record as one JSON line: file, line, reason and the raw text when known.

    Warnings (a record read, but altered to be readable) are not rejects: their records are in
    the table.
    """
    import orjson
    lines = b"".join(orjson.dumps({"file": p.source, "line": p.line, "reason": p.message, "record": p.record})
                     + b"\n" for p in problems if p.is_error)
    store.atomic_write_bytes(path, lines)


DEFAULT_CORRECTIONS = object()


def build(inputs: Iterable[str | os.PathLike], output: str | os.PathLike, *, jobs: int | None = None,
          engine: str = "local", scheduler: str | None = None, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
          progress: bool | None = False, lock_timeout: float = 0.0, update: bool = False,
          corrections=DEFAULT_CORRECTIONS) -> HarvestReport:
    """Harvest ``inputs`` into the table ``output`` (.parquet streams; other formats are converted).

    ``corrections`` is a corrections file (default ``data/corrections.csv``), a parsed
    :class:`leaderboard.corrections.Corrections`, or None for the extractor's rows as they are.
    Holds the table's lock for the whole run and raises :class:`leaderboard.lock.LockHeld` when
    another harvest has it. Nothing is written when no record could be read.
    """
    output = Path(output)
    fmt = store.format_for(output)
    jobs = jobs or default_jobs()
    if corrections is DEFAULT_CORRECTIONS:
        corrections = paths.CORRECTIONS_CSV
    if corrections is not None and not isinstance(corrections, Corrections):
        corrections = load_corrections(corrections)
    ctx = WorkContext(corrections=corrections if corrections else None)
    metadata = {CORRECTED_KEY: json.dumps(sorted(corrections.paper_ids()) if corrections else []).encode()}
    options = dict(jobs=jobs, engine=engine, scheduler=scheduler, chunk_bytes=chunk_bytes, progress=progress,
                   ctx=ctx, metadata=metadata)
    with TableLock(output, timeout=lock_timeout):
        remove_stale_temps(output)
        if fmt != "parquet":
            report = _build_other_format(inputs, output, **options)
        else:
            papers_target = paths.papers_path_for(output)
            remove_stale_temps(papers_target)
            stored = stored_tables(output, papers_target) if update else None
            if stored is not None:
                report = _update(inputs, output, papers_target, stored, **options)
            else:
                report = _stream(inputs, output, papers_target, **options)
    if corrections:
        report.stale_corrections = corrections.stale(report.corrections_used)
    return report


def _update(inputs, output: Path, papers_target: Path, stored, *, ctx: WorkContext, metadata, engine, **options):
    old_scores, old_papers = stored
    refresh = (ctx.corrections.paper_ids() if ctx.corrections else set()) | corrected_before(old_scores)
    ctx = dataclasses.replace(ctx, unchanged=unchanged_versions(old_papers, refresh))
    with tempfile.TemporaryDirectory(prefix=".harvest-", dir=output.parent) as tmp:
        staged = Path(tmp) / "new.parquet"
        report = _stream(inputs, staged, paths.papers_path_for(staged), ctx=ctx, metadata=metadata, engine=engine,
                         **options)
        if not report.papers_read:
            return report
        new_scores, new_papers = pq.read_table(staged), pq.read_table(paths.papers_path_for(staged))
        scores, papers, counts, used = merge_update(old_scores, old_papers, new_scores, new_papers, ctx, refresh)
        report.corrections_used |= used
        write_tables(scores, papers, output, papers_target, engine == "dask", metadata)
    kinds = scores.select(["paper_id", "kind", "benchmark"]).to_pandas()
    is_score = kinds["kind"] == "score"
    report.papers_with_scores = kinds.loc[is_score, "paper_id"].nunique()
    report.rows, report.deltas = int(is_score.sum()), int((~is_score).sum())
    report.per_benchmark = Counter(kinds.loc[is_score, "benchmark"].dropna())
    report.updated = counts
    return report


def _stream(inputs, scores_target: Path, papers_target: Path | None, *, jobs, engine, scheduler, chunk_bytes,
            progress, ctx, metadata=None) -> HarvestReport:
    if engine == "local":
        runner = LocalRunner(ctx, jobs, scores_target)
    elif engine == "dask":
        from leaderboard.engines.dask_engine import DaskRunner
        runner = DaskRunner(ctx, jobs, scheduler)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    problems: list[Problem] = []
    with runner:                       # workers start before any writer or thread exists
        assembler = TableAssembler(scores_target, papers_target, ctx, metadata, dataset=engine == "dask")
        bar = Progress(progress)

        def on_result(result) -> None:
            assembler.add(result)
            bar.update(len(result.keys))

        try:
            runner(plan_chunks(inputs, problems, chunk_bytes, runner.workers()), on_result)
            report = assembler.finish()
        except BaseException:
            assembler.abort()
            raise
        finally:
            bar.close()
    report.problems = problems + report.problems
    report.corrections_used = assembler.corrections_used
    report.seconds = time.perf_counter() - started
    return report


def _build_other_format(inputs, output: Path, **kwargs) -> HarvestReport:
    """CSV / JSON Lines / Excel: stream to a private Parquet file, then convert it atomically."""
    with tempfile.TemporaryDirectory(prefix=".harvest-", dir=output.parent) as tmp:
        staged = Path(tmp) / "scores.parquet"
        report = _stream(inputs, staged, None, **kwargs)
        if report.papers_read:
            store.write_table(store.read_table(staged), output)
    return report
