"""The local engine: chunks mapped over worker processes on this machine, results in input order.

At most ``IN_FLIGHT_PER_WORKER * jobs`` chunks are in flight, so a corpus of any size is read,
processed and written with memory bounded by the chunk size. Workers are forked when the run starts, before the driver
opens any Parquet writer or progress bar, so they inherit the imported extraction code (they start
in milliseconds) and no lock held by a driver thread; and a script that calls :func:`build` needs
no ``if __name__ == "__main__"`` guard.

Workers read their blocks from the input files and hand their tables back through Arrow files in
a spool folder (:func:`leaderboard.engines.work.spool`), so only small arrays go through pipes. The
spool folder is a hidden temporary beside the table: removed at the end of the run, and by the
next harvest of the same table if this one was killed.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from pathlib import Path
from typing import Callable, Iterable

from leaderboard.engines.chunks import Chunk
from leaderboard.engines.work import ChunkResult, WorkContext, process_chunk, spool, unspool
from parsers import patterns

_CTX: WorkContext | None = None
_SPOOL: str | None = None

#: chunks submitted per worker before the driver waits for the oldest: enough queued work that a
#: worker never idles while the chunk at the head of the order is late (results wait on disk, in
#: the spool folder, not in the driver's memory)
IN_FLIGHT_PER_WORKER = 4


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(ctx: WorkContext, spool_dir: str) -> None:
    global _CTX, _SPOOL
    _CTX, _SPOOL = ctx, spool_dir
    # a worker extracts in its main thread and does nothing else: one timer per abstract bounds
    # its patterns for less than a clock reading per search (see parsers.patterns)
    patterns.use_abstract_deadline()


def _work(chunk: Chunk) -> ChunkResult:
    return spool(process_chunk(chunk, _CTX), _SPOOL)


class LocalRunner:
    """``with LocalRunner(ctx, jobs, target) as run: run(chunks, on_result)``: ``on_result`` in chunk order.

    ``target`` is the table being written: the spool folder goes beside it (same file system,
    cleaned up as the table's other temporaries are).
    """

    def __init__(self, ctx: WorkContext, jobs: int, target: str | os.PathLike | None = None):
        self.ctx, self.jobs, self.pool, self.spool_dir = ctx, jobs, None, None
        self.target = Path(target) if target is not None else None

    def __enter__(self) -> "LocalRunner":
        if self.jobs > 1:
            if self.target is not None:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                self.spool_dir = tempfile.mkdtemp(prefix=f".{self.target.name}.spool-", suffix=".tmp",
                                                  dir=self.target.parent)
            else:
                self.spool_dir = tempfile.mkdtemp(prefix="leaderboard-spool-")
            gc.freeze()     # the driver's objects stay out of the workers' collections (and their pages shared)
            try:
                self.pool = multiprocessing.get_context("fork").Pool(
                    self.jobs, initializer=_init_worker, initargs=(self.ctx, self.spool_dir))
            finally:
                gc.unfreeze()
        return self

    def workers(self) -> int:
        return self.jobs

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        if self.spool_dir is not None:
            shutil.rmtree(self.spool_dir, ignore_errors=True)

    def __call__(self, chunks: Iterable[Chunk], on_result: Callable[[ChunkResult], None]) -> None:
        if self.pool is None:
            with patterns.abstract_deadline():      # one job: this thread extracts, as a worker does
                for chunk in chunks:
                    on_result(process_chunk(chunk, self.ctx))
            return
        pending: deque = deque()
        for chunk in chunks:
            pending.append(self.pool.apply_async(_work, (chunk,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * self.jobs:
                on_result(unspool(pending.popleft().get()))
        while pending:
            on_result(unspool(pending.popleft().get()))
