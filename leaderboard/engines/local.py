"""The local engine: chunks mapped over worker processes on this machine, results in input order.

At most ``2 * jobs`` chunks are in flight, so a corpus of any size is read, processed and written
with memory bounded by the chunk size. Workers are forked when the run starts, before the driver
opens any Parquet writer or progress bar, so they inherit the imported extraction code (they start
in milliseconds) and no lock held by a driver thread; and a script that calls :func:`build` needs
no ``if __name__ == "__main__"`` guard.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Callable, Iterable

from leaderboard.engines.chunks import Chunk
from leaderboard.engines.work import ChunkResult, WorkContext, process_chunk

_CTX: WorkContext | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(ctx: WorkContext) -> None:
    global _CTX
    _CTX = ctx


def _work(chunk: Chunk) -> ChunkResult:
    return process_chunk(chunk, _CTX)


class LocalRunner:
    """``with LocalRunner(ctx, jobs) as run: run(chunks, on_result)``: ``on_result`` in chunk order."""

    def __init__(self, ctx: WorkContext, jobs: int):
        self.ctx, self.jobs, self.pool = ctx, jobs, None

    def __enter__(self) -> "LocalRunner":
        if self.jobs > 1:
            self.pool = multiprocessing.get_context("fork").Pool(
                self.jobs, initializer=_init_worker, initargs=(self.ctx,))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def __call__(self, chunks: Iterable[Chunk], on_result: Callable[[ChunkResult], None]) -> None:
        if self.pool is None:
            for chunk in chunks:
                on_result(process_chunk(chunk, self.ctx))
            return
        pending: deque = deque()
        for chunk in chunks:
            pending.append(self.pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * self.jobs:
                on_result(pending.popleft().get())
        while pending:
            on_result(pending.popleft().get())
