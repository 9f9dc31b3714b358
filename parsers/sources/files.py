"""Files and folders to readable files, without hanging, looping or reading what is not a file.

* Folders are walked recursively in a stable (sorted) order. Symbolic links to folders are
  followed, but every folder is entered once (by device and inode), so a link loop ends the walk
  instead of trapping it; a loop is reported as a warning.
* Only regular files are read. A named pipe (FIFO) would block a plain ``open`` forever, and a
  device such as ``/dev/zero`` never ends, so files are opened non-blocking and checked with
  ``fstat`` before a byte is read.
* A file reached twice (named twice, or through a link) is read once.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from parsers.records import Problem

#: files a folder walk never reads (built tables, state, editor leftovers)
SKIPPED_SUFFIXES = {".parquet", ".lock", ".tmp", ".pyc", ".xlsx"}

_NOT_REGULAR = [(stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
                (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "folder")]


def os_error_message(exc: OSError) -> str:
    """A short, stable reason for an OSError ('symbolic link loop' rather than errno 40)."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or folder (or a broken symbolic link)"
    return exc.strerror or str(exc)


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what it is."""
    return None if stat.S_ISREG(mode) else next((name for test, name in _NOT_REGULAR if test(mode)),
                                                 "not a regular file")


def open_regular(path: str | os.PathLike, source: str) -> tuple[BinaryIO | None, Problem | None]:
    """Open a regular file for reading, or say why not; never blocks (FIFO) or follows a loop."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, Problem(source, None, f"cannot read: {os_error_message(exc)}")
    try:
        mode = os.fstat(fd).st_mode
        if (what := kind_of(mode)) is not None:
            os.close(fd)
            return None, Problem(source, None, f"{what}, not a regular file: not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), None
    except OSError as exc:
        os.close(fd)
        return None, Problem(source, None, f"cannot read: {os_error_message(exc)}")


def _walk(folder: Path, problems: list[Problem], visited: set[tuple[int, int]]) -> list[Path]:
    """Every candidate file under ``folder``, entering each real folder once."""
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        problems.append(Problem(str(exc.filename or folder), None, f"cannot list: {os_error_message(exc)}"))

    for root, dirs, files in os.walk(folder, followlinks=True, onerror=on_error):
        keep = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            sub = Path(root) / d
            try:
                st = os.stat(sub)
            except OSError as exc:
                problems.append(Problem(str(sub), None, f"folder not read: {os_error_message(exc)}",
                                        severity="warning"))
                continue
            if (st.st_dev, st.st_ino) in visited:
                what = "symbolic link loop" if sub.is_symlink() else "folder reached twice"
                problems.append(Problem(str(sub), None, f"{what}: folder already read, not entered again",
                                        severity="warning"))
                continue
            visited.add((st.st_dev, st.st_ino))
            keep.append(d)
        dirs[:] = keep
        found += [Path(root) / f for f in files
                  if not f.startswith(".") and Path(f).suffix.lower() not in SKIPPED_SUFFIXES]
    return sorted(found)


def file_identity(path: Path) -> object:
    """(device, inode) when the file can be stat-ed, else its path (reading will say why not)."""
    try:
        st = os.stat(path)
        return st.st_dev, st.st_ino
    except OSError:
        return os.path.abspath(path)


def iter_input_files(inputs: Iterable[str | os.PathLike], problems: list[Problem]) -> Iterator[Path]:
    """Expand files and folders into files, sorted per folder, each once; report what is missing."""
    seen: set[object] = set()
    visited: set[tuple[int, int]] = set()
    for item in inputs:
        path = Path(item)
        try:
            st = os.stat(path)
        except OSError as exc:
            problems.append(Problem(str(path), None, os_error_message(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            visited.add((st.st_dev, st.st_ino))
            files_found = _walk(path, problems, visited)
        else:
            files_found = [path]
        for f in files_found:
            key = file_identity(f)
            if key not in seen:
                seen.add(key)
                yield f
