"""The raw store of fetched papers: one JSON Lines file, one record per paper, newest version kept.

Fetchers deliver pages of records; :meth:`RawStore.add` merges a page into the file so that

* a paper seen again in a newer version (``2406.01234v2`` after ``v1``) replaces the old record,
  and one seen again unchanged is left alone, so re-running a fetch adds no duplicates;
* nothing already stored is ever lost: new papers are appended in one write, and a page that
  replaces records rewrites the file atomically (temporary file + rename); lines of the file
  that cannot be parsed are carried over verbatim and reported, never dropped;
* two fetches into the same store do not interleave (an exclusive lock file beside it).

Records are plain dicts with at least ``id`` (the arXiv id, possibly with its version) and
``abstract``; the harvest reads the file with the ordinary JSON Lines reader.
"""
from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from leaderboard.store import atomic_write_bytes
from parsers.text import split_arxiv_id


@dataclass
class MergeResult:
    """What one :meth:`RawStore.add` did."""

    added: list[str] = field(default_factory=list)       # keys of papers new to the store
    updated: list[str] = field(default_factory=list)     # keys replaced by a newer version
    unchanged: int = 0                                   # already stored as they are (or newer)
    skipped: list[str] = field(default_factory=list)     # records without a usable id


def paper_key(record: dict[str, Any]) -> str | None:
    """The id a paper is deduplicated by: the arXiv id without version, else the given id."""
    raw = record.get("arxiv_id") or record.get("id")
    if not raw:
        return None
    arxiv_id, _ = split_arxiv_id(str(raw))
    return arxiv_id or str(raw).strip() or None


def version_of(record: dict[str, Any]) -> int:
    if isinstance(record.get("version"), int):
        return record["version"]
    return split_arxiv_id(str(record.get("id") or ""))[1] or 0


def is_newer(candidate: dict[str, Any], stored: dict[str, Any]) -> bool:
    """A higher version wins; at equal versions, a later ``updated`` date, else a changed record.

    Sources without versions (Hugging Face) thus refresh a paper's metadata (upvotes) when it
    changed, and a record identical to the stored one is never rewritten.
    """
    cv, sv = version_of(candidate), version_of(stored)
    if cv != sv:
        return cv > sv
    cu, su = str(candidate.get("updated") or ""), str(stored.get("updated") or "")
    if cu != su:
        return cu > su
    return _content(candidate) != _content(stored)


def _content(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its bookkeeping fields (when it was fetched)."""
    return {k: v for k, v in record.items() if k != "fetched"}


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


class RawStore:
    """One JSON Lines file of fetched papers (created on first write)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.problems: list[str] = []

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read(self) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Stored records by key (in file order) and the raw lines that could not be parsed."""
        records: dict[str, dict[str, Any]] = {}
        unreadable: list[str] = []
        self.problems = []
        if not self.path.exists():
            return records, unreadable
        with open(self.path, encoding="utf-8", errors="surrogateescape") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    key = paper_key(record) if isinstance(record, dict) else None
                except (json.JSONDecodeError, RecursionError):
                    key = None
                if key is None:
                    unreadable.append(line.rstrip("\n"))
                    self.problems.append(f"{self.path}:{number}: unreadable stored record kept as it is")
                    continue
                if key not in records or is_newer(record, records[key]):
                    records[key] = record
        return records, unreadable

    def records(self) -> dict[str, dict[str, Any]]:
        """Every stored paper, newest version, by key."""
        return self._read()[0]

    def __len__(self) -> int:
        return len(self.records())

    def add(self, incoming: Iterable[dict[str, Any]]) -> MergeResult:
        """Merge records into the store: append new papers, rewrite atomically on replacements."""
        result = MergeResult()
        with self.locked():
            stored, unreadable = self._read()
            fresh: dict[str, dict[str, Any]] = {}
            for record in incoming:
                key = paper_key(record)
                if key is None:
                    result.skipped.append(str(record.get("title") or record)[:80])
                    continue
                current = fresh.get(key) or stored.get(key)
                if current is not None and not is_newer(record, current):
                    result.unchanged += 1
                    continue
                if key in stored and key not in result.updated:
                    result.updated.append(key)
                elif key not in stored and key not in result.added:
                    result.added.append(key)
                fresh[key] = record
            if result.updated:
                merged = {**stored, **fresh}
                body = b"".join(line.encode("utf-8", "surrogateescape") + b"\n" for line in unreadable)
                body += b"".join(_line(r) for r in merged.values())
                atomic_write_bytes(self.path, body)
            elif fresh:
                self._append(b"".join(_line(r) for r in fresh.values()))
        return result

    def _append(self, data: bytes) -> None:
        """One write at the end; a torn last line left by a crash is closed off first."""
        with open(self.path, "ab") as fh:
            if fh.tell() > 0:
                with open(self.path, "rb") as check:
                    check.seek(-1, os.SEEK_END)
                    if check.read(1) != b"\n":
                        data = b"\n" + data
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
