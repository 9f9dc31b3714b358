"""Client of Hugging Face's daily-papers API (``/api/daily_papers?date=YYYY-MM-DD``).

The API answers one JSON list per day; each item holds a ``paper`` object (arXiv ``id``,
``title``, ``summary``, ``publishedAt``, ``upvotes``, ``authors``, sometimes ``organization``)
and repeats title, summary and date at the top level. Days are independent, so a day that
fails (after the retries) or answers malformed JSON is reported and the other days still go
through; running the same range again refreshes upvotes and adds nothing twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Iterator

from leaderboard.fetch.client import FetchError, PoliteClient
from leaderboard.fetch.storage import RawStore
from parsers.text import split_arxiv_id

DEFAULT_ENDPOINT = "https://huggingface.co/api/daily_papers"
#: longest range one command fetches (a year of days); a typo in a year must not mean 10,000 requests
MAX_DAYS = 366


@dataclass
class DailyReport:
    days: int = 0
    items: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    failed_days: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failed_days

    def summary_line(self) -> str:
        failed = f"; days that failed (run again): {', '.join(self.failed_days)}" if self.failed_days else ""
        return (f"hf-daily: {self.items} papers listed on {self.days} days, {len(self.added)} new papers, "
                f"{len(self.updated)} refreshed, {self.unchanged} already stored, "
                f"{len(self.problems)} problems{failed}")


def days(first: date, last: date) -> Iterator[date]:
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"a range of {(last - first).days + 1} days is longer than {MAX_DAYS}; fetch it in parts")
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _organisation(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("fullname")) or _text(value.get("name"))
    return _text(value)


def item_record(item: Any, day: date) -> dict[str, Any]:
    """One listed paper as a raw-store record; raises ValueError when it has no arXiv id or abstract."""
    if not isinstance(item, dict):
        raise ValueError("item is not a JSON object")
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    raw_id = _text(paper.get("id")) or _text(item.get("id"))
    arxiv_id, _ = split_arxiv_id(raw_id)
    title = _text(paper.get("title")) or _text(item.get("title"))
    if not arxiv_id:
        raise ValueError(f"paper without an arXiv id ({title or 'untitled'})")
    abstract = _text(paper.get("summary")) or _text(item.get("summary"))
    if not abstract:
        raise ValueError(f"paper {arxiv_id} has no summary")
    authors = paper.get("authors") if isinstance(paper.get("authors"), list) else []
    upvotes = paper.get("upvotes")
    record: dict[str, Any] = {
        "id": arxiv_id,
        "arxiv_id": arxiv_id,
        "title": title,
        "abstract": abstract,
        "authors": [n for a in authors if isinstance(a, dict) and (n := _text(a.get("name")))],
        "published": _text(paper.get("publishedAt")) or _text(item.get("publishedAt")),
        "upvotes": upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        "organisation": _organisation(paper.get("organization")) or _organisation(item.get("organization")),
        "daily_date": day.isoformat(),
        "origin": "hf-daily",
    }
    if isinstance(item.get("numComments"), int):
        record["comments_count"] = item["numComments"]
    return record


def parse_day(body: bytes, day: date) -> tuple[list[dict[str, Any]], list[str]]:
    """Records and problems of one day's answer; raises ValueError if it is not a JSON list."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"not valid JSON ({str(exc)[:120]})") from None
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON list of papers, got {type(data).__name__}")
    records, problems = [], []
    for position, item in enumerate(data, start=1):
        try:
            records.append(item_record(item, day))
        except ValueError as exc:
            problems.append(f"{day}: item {position}: {exc}")
    return records, problems


def fetch(first: date, last: date, store: RawStore, *, endpoint: str = DEFAULT_ENDPOINT,
          client: PoliteClient | None = None, log: Callable[[str], None] = lambda line: None) -> DailyReport:
    """Fetch every day from ``first`` to ``last`` (inclusive) into ``store``."""
    client = client or PoliteClient(delay=1.0)
    report = DailyReport()
    for day in days(first, last):
        report.days += 1
        try:
            records, problems = parse_day(client.get(endpoint, {"date": day.isoformat()}), day)
        except (FetchError, ValueError) as exc:
            report.problems.append(f"{day}: {exc}")
            report.failed_days.append(day.isoformat())
            log(f"hf-daily: {day}: {exc}")
            continue
        report.problems += problems
        report.items += len(records)
        merged = store.add(records)
        report.added += merged.added
        report.updated += merged.updated
        report.unchanged += merged.unchanged
        log(f"hf-daily: {day}: {len(records)} papers, {len(merged.added)} new")
    return report
