"""One writer per table: an advisory lock file beside the table (``scores.parquet.lock``).

Two harvests writing the same table at once would each rename their own result over the other's;
the rename is atomic, so nothing would be corrupt, but one harvest's work would silently vanish.
The lock makes the second one wait (``--lock-timeout``) and then stop with a message naming the
holder. ``fcntl.flock`` is released by the kernel when the holder dies, even by SIGKILL, so a
crashed harvest never leaves a stale lock behind; the pid written into the file is only for the
message. The lock file is removed on release (a harvest leaves only what it was asked to write);
a waiter that locked a file just unlinked by its holder notices (the path no longer names its
file) and locks afresh.
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class LockHeld(Exception):
    """Another process holds the lock; the message says which and what to do."""


def lock_path_for(table: str | os.PathLike) -> Path:
    table = Path(table)
    return table.with_name(table.name + ".lock")


class TableLock:
    """Context manager: ``with TableLock(out, timeout=10): ...`` holds the table's lock."""

    def __init__(self, table: str | os.PathLike, timeout: float = 0.0, poll: float = 0.1):
        self.path = lock_path_for(table)
        self.timeout = max(0.0, float(timeout))
        self.poll = poll
        self._fd: int | None = None

    def _holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return "another process"
        return f"process {text}" if text else "another process"

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    waited = f" after waiting {self.timeout:g} s" if self.timeout else ""
                    raise LockHeld(
                        f"{self.path.with_suffix('')}: another harvest ({self._holder()}) is writing this "
                        f"table{waited}; wait for it to finish or pass --lock-timeout SECONDS") from None
                time.sleep(self.poll)
                continue
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)                # the holder removed this file as we locked it: start over
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.unlink(self.path)    # while still locked, so no one can hold the path meanwhile
            except FileNotFoundError:
                pass
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "TableLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
