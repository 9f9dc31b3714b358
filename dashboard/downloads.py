"""Downloads as plain HTTP routes: streamed in chunks, big ones built once on disk, CPU bounded.

    GET /download/view.{csv,xlsx,parquet}?<filter query>&grid=<{"sortModel", "filterModel"} JSON>
    GET /download/full.{csv,parquet}

A download used to be a Dash callback answering with the whole file base64-encoded inside JSON:
a million-row view meant the sorted frame, the file, its base64 text and the JSON response all in
memory at once, per request -- gigabytes under concurrent clients, and timeouts. Here:

* a view's rows are located once (positions into the loaded table, no copy of the table) and
  written :data:`CHUNK_ROWS` at a time by :mod:`dashboard.table_writers`, so memory per download
  is one chunk;
* every chunk is built while holding :attr:`Downloads.gate`, a semaphore of :data:`BUILDERS`
  slots: concurrent downloads queue for CPU, chunk by chunk, instead of competing for it (or
  failing), and the grid and chart callbacks keep a core;
* a view of :data:`CACHE_MIN_ROWS` rows or more, and the full table, are built once by a
  background thread into a file in the cache folder (atomically: a temporary name, renamed when
  complete) keyed by the table's version (mtime and size) and the view; every client asking for
  it while it is being built streams the file as it grows, and later clients get the finished
  file. The cache keeps at most :data:`CACHE_MAX_BYTES`, oldest first out;
* the full Parquet table is the table file itself.

CSV and Excel cells that begin like a formula are quoted (see :mod:`dashboard.table_writers`).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pandas as pd
from flask import Flask, Response, request, send_file
from werkzeug.wsgi import FileWrapper

from dashboard.service import Leaderboard, as_schema, table_version
from dashboard.table_writers import MIMETYPES, WRITERS
from leaderboard import schema
from leaderboard.filters import Filters, from_query, to_query

CHUNK_ROWS = 20_000
BUILDERS = 2                       # chunks built at once, across all downloads
CACHE_MIN_ROWS = 20_000            # views this big are built once on disk and shared
CACHE_MAX_BYTES = 2 * 1024 ** 3
READ_BLOCK = 1024 * 1024
MAX_GRID_CHARS = 20_000            # the sort/filter model travels in the link
VIEW_FORMATS = ("csv", "xlsx", "parquet")
FULL_FORMATS = ("csv", "parquet")
STALE_TEMP_SECONDS = 3600
#: part of every cached file's name: change it when what the writers produce changes, so a new
#: version of the app never serves a file an older one built
FILE_LAYOUT = ".l1"
#: a download's rows: a function returning the chunks (data frames) in order
Chunks = Callable[[], Iterator[pd.DataFrame]]


class DownloadError(Exception):
    """A download request that cannot be served; carries the HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def default_cache_dir(lb: Leaderboard) -> Path | None:
    """A per-table folder under the system temp dir (None for a table that has no file)."""
    if lb.table_path is None:
        return None
    tag = hashlib.sha1(str(Path(lb.table_path).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "leaderboard-downloads" / f"{Path(lb.table_path).stem}-{tag}"


def parse_grid(text: str | None) -> dict:
    """The grid's sort and filter model from the link (``grid`` parameter), or 400/413."""
    if not text:
        return {}
    if len(text) > MAX_GRID_CHARS:
        raise DownloadError(413, f"grid state of {len(text):,} characters is longer than {MAX_GRID_CHARS:,}")
    try:
        grid = json.loads(text)
    except (ValueError, RecursionError):
        raise DownloadError(400, "grid state is not valid JSON") from None
    if not isinstance(grid, dict):
        raise DownloadError(400, "grid state must be a JSON object")
    return {"sortModel": grid.get("sortModel"), "filterModel": grid.get("filterModel")}


@dataclass
class _Build:
    """A file being written by a background thread; readers follow it as it grows."""

    path: Path                      # where it will be when complete
    partial: Path                   # where it is written meanwhile
    size: int = 0
    done: bool = False
    error: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)


class Downloads:
    """The download routes' logic over one loaded :class:`Leaderboard`."""

    def __init__(self, lb: Leaderboard, cache_dir: str | os.PathLike | None = None,
                 builders: int = BUILDERS, chunk_rows: int = CHUNK_ROWS, cache_min_rows: int = CACHE_MIN_ROWS,
                 cache_max_bytes: int = CACHE_MAX_BYTES):
        self.lb = lb
        self.gate = threading.BoundedSemaphore(builders)
        self.chunk_rows = chunk_rows
        self.cache_min_rows = cache_min_rows
        self.cache_max_bytes = cache_max_bytes
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir(lb)
        #: names this table's cached files: the loaded table's version and the file layout's
        self.loaded_version = f"{lb.table_version}{FILE_LAYOUT}"
        self._builds: dict[Path, _Build] = {}
        self._lock = threading.Lock()
        if self.cache_dir is not None:
            self._clean_stale_temps()

    # ------------------------------------------------------------------ what a link asks for
    def view_columns(self, f: Filters) -> tuple[list[str], dict[str, str]]:
        from dashboard.callbacks import view_columns
        spec, renames = view_columns(self.lb, f)
        return [s[0] for s in spec], renames

    def view(self, query: str | dict, grid: dict, fmt: str) -> tuple[str, Chunks, int, str]:
        """(file name, chunk source, rows, cache key) of the view named by ``query`` (the URL
        contract of leaderboard/filters.py, as a string or parsed) under the grid's sort/filter."""
        from dashboard.callbacks import _rename_model
        if fmt not in VIEW_FORMATS:
            raise DownloadError(404, f"no such download format: {fmt}")
        f = from_query(query)
        fields, renames = self.view_columns(f)
        grid_request = {"sortModel": _rename_model(grid.get("sortModel"), renames),
                        "filterModel": _rename_model(grid.get("filterModel"), renames)}
        ix, positions = self.lb.grid_positions(f, grid_request)      # what a grid page costs: not gated
        columns = [c for c in fields if c not in renames.values()]
        columns = list(dict.fromkeys(columns + list(renames) + ["evidence", "paper_id"]))
        columns = [c for c in columns if c in ix.frame.columns]
        frame = ix.frame

        def chunks() -> Iterator[pd.DataFrame]:
            if not len(positions):
                yield frame.iloc[:0][columns]
            for start in range(0, len(positions), self.chunk_rows):
                yield frame.iloc[positions[start:start + self.chunk_rows]][columns]

        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"leaderboard_{f.view}_{self.lb.benchmark_of(f) or 'all'}")
        key_source = json.dumps([self.loaded_version, fmt, query_key(f), grid_request], sort_keys=True, default=str)
        key = hashlib.sha256(key_source.encode()).hexdigest()[:32]
        return f"{name}.{fmt}", chunks, int(len(positions)), key

    def full_chunks(self) -> Chunks:
        """The stored table, every row and column, read in chunks (the loaded rows when the
        table has no file)."""
        path = self.lb.table_path
        if path is None or Path(path).suffix.lower() != ".parquet":
            source = self.lb.scores if path is None else None

            def loaded() -> Iterator[pd.DataFrame]:
                from leaderboard import store
                frame = source if source is not None else store.read_table(path)
                for start in range(0, max(len(frame), 1), self.chunk_rows):
                    yield as_schema(frame.iloc[start:start + self.chunk_rows])
            return loaded

        def batches() -> Iterator[pd.DataFrame]:
            import pyarrow.parquet as pq
            parquet = pq.ParquetFile(path)
            empty = True
            for batch in parquet.iter_batches(batch_size=self.chunk_rows):
                empty = False
                yield schema.conform(batch.to_pandas())
            if empty:
                yield schema.empty_table()
        return batches

    # ------------------------------------------------------------------ streaming
    def stream(self, chunks: Chunks, fmt: str, gated: bool = True) -> Iterator[bytes]:
        """Bytes of the chunks in ``fmt``; with ``gated``, each chunk is built holding the gate.
        A download of one chunk is not gated: it costs what a chart does, and under many
        clients a gate held by threads that share one interpreter lock makes a convoy."""
        source = chunks()
        writer = WRITERS[fmt]()
        while True:
            with self.gate if gated else contextlib.nullcontext():
                frame = next(source, None)
                data = writer.finish() if frame is None else writer.write(frame)
            if data:
                yield data
            if frame is None:
                return

    def cached(self, name: str, chunks: Chunks, fmt: str) -> tuple[BinaryIO, _Build | None]:
        """The cache file ``name`` opened for reading, with the build still writing it (started
        here if needed) or None when it is complete. Opened under the lock that guards renames
        and pruning, so the handle stays valid whatever happens to the name afterwards."""
        path = self.cache_dir / name
        with self._lock:
            build = self._builds.get(path)
            if build is None and path.exists():
                os.utime(path)                         # recently used: pruned last
                return open(path, "rb"), None
            if build is None:
                self.cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.cache_dir)
                os.close(fd)
                build = _Build(path, Path(partial))
                self._builds[path] = build
                threading.Thread(target=self._build, args=(build, chunks, fmt), daemon=True,
                                 name=f"download-build-{name}").start()
            return open(build.partial, "rb"), build

    def _build(self, build: _Build, chunks: Chunks, fmt: str) -> None:
        try:
            with open(build.partial, "wb") as out:
                for data in self.stream(chunks, fmt):
                    out.write(data)
                    out.flush()
                    with build.changed:
                        build.size += len(data)
                        build.changed.notify_all()
            with self._lock:
                os.replace(build.partial, build.path)
                self._builds.pop(build.path, None)
            self._prune(keep=build.path)
        except Exception as exc:                  # noqa: BLE001 - readers must learn the build failed
            build.error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self._builds.pop(build.path, None)
                _unlink(build.partial)
        finally:
            with build.changed:
                build.done = True
                build.changed.notify_all()

    @staticmethod
    def follow(build: _Build, fh: BinaryIO) -> Iterator[bytes]:
        """The bytes of a file being built (``fh`` open on it), as they are written, to its end."""
        with fh:
            sent = 0
            while True:
                with build.changed:
                    while build.size == sent and not build.done:
                        build.changed.wait(5)
                    size, done, error = build.size, build.done, build.error
                if error:
                    raise RuntimeError(f"download build failed: {error}")
                while sent < size:
                    block = fh.read(min(READ_BLOCK, size - sent))
                    if not block:
                        break
                    sent += len(block)
                    yield block
                if done and sent >= size:
                    return

    # ------------------------------------------------------------------ cache housekeeping
    def _prune(self, keep: Path | None = None) -> None:
        """Drop cached files of other table versions, then the least recently used ones until
        the cache fits :attr:`cache_max_bytes`."""
        if self.cache_dir is None:
            return
        with self._lock:
            self._prune_locked(keep)

    def _prune_locked(self, keep: Path | None) -> None:
        current = self._current_full_version()
        files = []
        for p in self.cache_dir.glob("*"):
            if p.name.startswith(".") or not p.is_file():
                continue
            if p.name.startswith("full-") and current is not None and not p.name.startswith(f"full-{current}."):
                _unlink(p)
                continue
            if p.name.startswith("view-") and not p.name.startswith(f"view-{self.loaded_version}-"):
                _unlink(p)
                continue
            try:
                st = p.stat()
            except OSError:
                continue
            files.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in files)
        for _, size, p in sorted(files):
            if total <= self.cache_max_bytes:
                break
            if p != keep:
                _unlink(p)
                total -= size

    def _clean_stale_temps(self) -> None:
        if not self.cache_dir.is_dir():
            return
        for p in self.cache_dir.glob(".*.tmp"):
            try:
                if time.time() - p.stat().st_mtime > STALE_TEMP_SECONDS:
                    p.unlink()
            except OSError:
                pass

    def _current_full_version(self) -> str | None:
        try:
            return f"{table_version(Path(self.lb.table_path))}{FILE_LAYOUT}" if self.lb.table_path is not None else None
        except OSError:
            return None

    # ------------------------------------------------------------------ responses
    def view_response(self, fmt: str, query: str | dict, grid_text: str | None) -> Response:
        name, chunks, rows, key = self.view(query, parse_grid(grid_text), fmt)
        if self.cache_dir is not None and rows >= self.cache_min_rows:
            return self._file_response(self.cached(f"view-{self.loaded_version}-{key}.{fmt}", chunks, fmt),
                                       name, fmt)
        return _attachment(Response(self.stream(chunks, fmt, gated=rows > self.chunk_rows),
                                    mimetype=MIMETYPES[fmt]), name)

    def full_response(self, fmt: str) -> Response:
        if fmt not in FULL_FORMATS:
            raise DownloadError(404, f"no such download format: {fmt}")
        name = f"leaderboard_full.{fmt}"
        path = self.lb.table_path
        if path is not None and not Path(path).exists():
            raise DownloadError(404, f"the table file {Path(path).name} no longer exists")
        if fmt == "parquet" and path is not None and Path(path).suffix.lower() == ".parquet":
            return send_file(Path(path).resolve(), mimetype=MIMETYPES[fmt], as_attachment=True,
                             download_name=name, conditional=True)
        if self.cache_dir is None:
            return _attachment(Response(self.stream(self.full_chunks(), fmt), mimetype=MIMETYPES[fmt]), name)
        version = self._current_full_version()
        return self._file_response(self.cached(f"full-{version}.{fmt}", self.full_chunks(), fmt), name, fmt)

    def _file_response(self, target: tuple[BinaryIO, _Build | None], name: str, fmt: str) -> Response:
        fh, build = target
        if build is None:
            response = Response(FileWrapper(fh, READ_BLOCK), mimetype=MIMETYPES[fmt], direct_passthrough=True)
            response.content_length = os.fstat(fh.fileno()).st_size
        else:
            response = Response(self.follow(build, fh), mimetype=MIMETYPES[fmt])
        return _attachment(response, name)


def query_key(f: Filters) -> str:
    return to_query(f)


def _attachment(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def register(server: Flask, lb: Leaderboard, cache_dir: str | os.PathLike | None = None) -> Downloads:
    """Add the download routes to the app's Flask server."""
    downloads = Downloads(lb, cache_dir)
    server.config["LEADERBOARD_DOWNLOADS"] = downloads

    def error(exc: DownloadError) -> Response:
        return Response(json.dumps({"error": exc.message}), status=exc.status, mimetype="application/json")

    @server.route("/download/view.<fmt>", endpoint="leaderboard_download_view")
    def _view(fmt: str):
        query = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "grid"}
        try:
            return downloads.view_response(fmt, query, request.args.get("grid"))
        except DownloadError as exc:
            return error(exc)

    @server.route("/download/full.<fmt>", endpoint="leaderboard_download_full")
    def _full(fmt: str):
        try:
            return downloads.full_response(fmt)
        except DownloadError as exc:
            return error(exc)

    return downloads

