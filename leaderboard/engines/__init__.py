"""Building the table from inputs at any scale: :func:`build` is the one entry point.

``build`` plans chunks (:mod:`.chunks`), maps the same per-chunk work (:mod:`.work`) over local
worker processes (:mod:`.local`) or a Dask cluster (:mod:`.dask_engine`), and streams the results
into temporary Parquet files that replace the table only when complete (:mod:`.assemble`). The
table it writes has exactly the rows, in exactly the order, of the in-memory
:func:`leaderboard.pipeline.harvest` on the same inputs.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

from leaderboard import paths, store
from leaderboard.lock import TableLock
from leaderboard.pipeline import HarvestReport
from parsers.records import Problem

from leaderboard.engines.assemble import TableAssembler, remove_stale_temps
from leaderboard.engines.chunks import DEFAULT_CHUNK_BYTES, plan_chunks
from leaderboard.engines.local import LocalRunner, default_jobs
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
    """Every rejected record as one JSON line: file, line, reason and the raw text when known."""
    import orjson
    lines = b"".join(orjson.dumps({"file": p.source, "line": p.line, "reason": p.message, "record": p.record})
                     + b"\n" for p in problems)
    store.atomic_write_bytes(path, lines)


def build(inputs: Iterable[str | os.PathLike], output: str | os.PathLike, *, jobs: int | None = None,
          engine: str = "local", scheduler: str | None = None, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
          progress: bool | None = False, lock_timeout: float = 0.0, ctx: WorkContext | None = None,
          papers: bool | None = None) -> HarvestReport:
    """Harvest ``inputs`` into the table ``output`` (.parquet streams; other formats are converted).

    Holds the table's lock for the whole run and raises :class:`leaderboard.lock.LockHeld` when
    another harvest has it. Nothing is written when no record could be read.
    """
    output = Path(output)
    fmt = store.format_for(output)
    jobs = jobs or default_jobs()
    ctx = ctx or WorkContext()
    with TableLock(output, timeout=lock_timeout):
        remove_stale_temps(output)
        if fmt != "parquet":
            return _build_other_format(inputs, output, jobs=jobs, engine=engine, scheduler=scheduler,
                                       chunk_bytes=chunk_bytes, progress=progress, ctx=ctx)
        with_papers = output.suffix == ".parquet" if papers is None else papers
        papers_target = paths.papers_path_for(output) if with_papers else None
        if papers_target:
            remove_stale_temps(papers_target)
        return _stream(inputs, output, papers_target, jobs=jobs, engine=engine, scheduler=scheduler,
                       chunk_bytes=chunk_bytes, progress=progress, ctx=ctx)


def _stream(inputs, scores_target: Path, papers_target: Path | None, *, jobs, engine, scheduler, chunk_bytes,
            progress, ctx) -> HarvestReport:
    if engine == "local":
        runner = LocalRunner(ctx, jobs)
    elif engine == "dask":
        from leaderboard.engines.dask_engine import DaskRunner
        runner = DaskRunner(ctx, jobs, scheduler)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    problems: list[Problem] = []
    with runner:                       # workers start before any writer or thread exists
        assembler = TableAssembler(scores_target, papers_target, ctx)
        bar = Progress(progress)

        def on_result(result) -> None:
            assembler.add(result)
            bar.update(len(result.keys))

        try:
            runner(plan_chunks(inputs, problems, chunk_bytes), on_result)
            report = assembler.finish()
        except BaseException:
            assembler.abort()
            raise
        finally:
            bar.close()
    report.problems = problems + report.problems
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
