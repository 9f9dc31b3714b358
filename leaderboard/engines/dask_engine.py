"""The Dask engine: the same chunk work as tasks on a Dask distributed cluster.

With ``--scheduler tcp://HOST:PORT`` the tasks go to that cluster (its workers need this package
installed); without it a ``LocalCluster`` of ``jobs`` single-threaded worker processes is started
for the run and stopped after it. Chunks sent to a cluster travel with their bytes
(:meth:`Chunk.loaded`), so its workers need no access to the input files; the workers of the local
cluster read their byte ranges themselves, as the local engine's do. At most ``2 * workers`` tasks are in flight and results are taken in chunk order, so
the driver's memory stays bounded and the table is the local engine's, row for row.
"""
from __future__ import annotations

import logging
from collections import deque
from typing import Callable, Iterable

from leaderboard.engines.chunks import Chunk
from leaderboard.engines.work import ChunkResult, WorkContext, process_chunk


class DaskRunner:
    """``with DaskRunner(ctx, jobs, scheduler) as run: run(chunks, on_result)``."""

    def __init__(self, ctx: WorkContext, jobs: int, scheduler: str | None = None):
        self.ctx, self.jobs, self.scheduler = ctx, jobs, scheduler
        self.cluster = self.client = None

    def __enter__(self) -> "DaskRunner":
        from dask.distributed import Client, LocalCluster
        for name in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if self.scheduler:
            self.client = Client(self.scheduler, timeout="20s")
        else:
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def __call__(self, chunks: Iterable[Chunk], on_result: Callable[[ChunkResult], None]) -> None:
        ctx = self.client.scatter(self.ctx, broadcast=True)
        limit = 2 * self.workers()
        pending: deque = deque()
        for chunk in chunks:
            task = chunk if self.cluster is not None else chunk.loaded()   # a local cluster reads the files itself
            pending.append(self.client.submit(process_chunk, task, ctx, pure=False))
            if len(pending) >= limit:
                on_result(pending.popleft().result())
        while pending:
            on_result(pending.popleft().result())
