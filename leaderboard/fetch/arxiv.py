"""Client of the arXiv API (``/api/query``, Atom 1.0 with OpenSearch and arXiv extensions).

The API pages through a query with ``start`` and ``max_results``; results are asked for newest
first (``sortBy=submittedDate&sortOrder=descending``), so papers announced while a long fetch is
interrupted push older ones to later offsets: a resumed fetch may see a paper twice (the store
drops the copy) but never skips one. arXiv asks for one request every 3 seconds, which is the
default ``delay``; overload answers (503) and timeouts are retried with exponential backoff.

After each page is stored, the next offset is written to a small state file beside the store, so
an interrupted fetch (network down, Ctrl-C, a malformed page) resumes where it stopped when the
same command is run again; a completed fetch clears its entry.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from leaderboard.fetch.client import FetchError, PoliteClient
from leaderboard.fetch.storage import RawStore
from leaderboard.store import atomic_write_bytes
from parsers.text import split_arxiv_id

DEFAULT_ENDPOINT = "http://export.arxiv.org/api/query"
NS = {"atom": "http://www.w3.org/2005/Atom",
      "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
      "arxiv": "http://arxiv.org/schemas/atom"}
#: the first day arXiv accepted papers: the lower bound of an open-ended date range
ARXIV_EPOCH = date(1991, 8, 1)
STATE_FILE = ".arxiv-fetch-state.json"


class MalformedFeed(Exception):
    """A page that is not the Atom feed the API documents."""


class ApiError(Exception):
    """The API answered with its error feed (a bad query, a bad parameter)."""


@dataclass
class FeedPage:
    total: int | None
    start: int | None
    entries: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)


@dataclass
class FetchReport:
    query: str
    resumed_from: int = 0
    next_start: int = 0
    total: int | None = None
    pages: int = 0
    entries: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    out_of_range: int = 0
    problems: list[str] = field(default_factory=list)
    complete: bool = False

    def summary_line(self) -> str:
        state = "complete" if self.complete else f"stopped at start={self.next_start}; run again to resume"
        return (f"arxiv: {self.entries} entries in {self.pages} pages (total {self.total if self.total is not None else '?'}), "
                f"{len(self.added)} new papers, {len(self.updated)} newer versions, {self.unchanged} already stored, "
                f"{self.out_of_range} outside the date range, {len(self.problems)} problems; {state}")


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def parse_date_arg(value: str | None) -> date | None:
    """'2024-06-03' (or '20240603') -> date; None stays None."""
    if not value:
        return None
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"not a date (expected YYYY-MM-DD): {value!r}")


def search_query(query: str, date_from: date | None = None, date_to: date | None = None) -> str:
    """The query with a ``submittedDate`` range when dates are given (bounds are inclusive days)."""
    query = query.strip()
    if not (date_from or date_to):
        return query
    lo = (date_from or ARXIV_EPOCH).strftime("%Y%m%d") + "0000"
    hi = (date_to or datetime.now(timezone.utc).date()).strftime("%Y%m%d") + "2359"
    return f"({query}) AND submittedDate:[{lo} TO {hi}]"


def entry_record(entry: ET.Element) -> dict[str, Any]:
    """One Atom ``<entry>`` as a raw-store record; raises ValueError when it lacks id or abstract."""
    abs_url = _text(entry.find("atom:id", NS)) or ""
    raw_id = abs_url.split("/abs/", 1)[-1] if "/abs/" in abs_url else abs_url
    arxiv_id, version = split_arxiv_id(raw_id)
    if not arxiv_id:
        raise ValueError(f"entry without an arXiv id ({abs_url[:80] or 'no <id>'})")
    abstract = _text(entry.find("atom:summary", NS))
    if not abstract:
        raise ValueError(f"entry {raw_id} has no abstract")
    primary = entry.find("arxiv:primary_category", NS)
    categories = [c.get("term") for c in entry.findall("atom:category", NS) if c.get("term")]
    if primary is not None and primary.get("term"):
        categories = [primary.get("term")] + [c for c in categories if c != primary.get("term")]
    record: dict[str, Any] = {
        "id": f"{arxiv_id}v{version}" if version else arxiv_id,
        "arxiv_id": arxiv_id,
        "version": version,
        "title": _text(entry.find("atom:title", NS)),
        "abstract": abstract,
        "authors": [n for a in entry.findall("atom:author", NS) if (n := _text(a.find("atom:name", NS)))],
        "categories": categories,
        "published": _text(entry.find("atom:published", NS)),
        "updated": _text(entry.find("atom:updated", NS)),
    }
    for key, tag in (("doi", "arxiv:doi"), ("journal_ref", "arxiv:journal_ref"), ("comment", "arxiv:comment")):
        if (value := _text(entry.find(tag, NS))):
            record[key] = value
    record["origin"] = "arxiv-api"
    return record


def parse_feed(body: bytes) -> FeedPage:
    """Parse one page; raises :class:`MalformedFeed` or :class:`ApiError`."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise MalformedFeed(f"not well-formed XML ({exc})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise MalformedFeed(f"root element is {root.tag!r}, not an Atom <feed>")
    entries = root.findall("atom:entry", NS)
    if len(entries) == 1 and "/api/errors" in (_text(entries[0].find("atom:id", NS)) or ""):
        raise ApiError(_text(entries[0].find("atom:summary", NS)) or "unspecified API error")

    def number(tag: str) -> int | None:
        value = _text(root.find(tag, NS))
        try:
            return int(value) if value is not None else None
        except ValueError:
            raise MalformedFeed(f"<{tag}> is not a number: {value!r}") from None

    page = FeedPage(total=number("opensearch:totalResults"), start=number("opensearch:startIndex"), entries=[])
    for position, entry in enumerate(entries, start=1):
        try:
            page.entries.append(entry_record(entry))
        except ValueError as exc:
            page.problems.append(f"entry {position}: {exc}")
    return page


class FetchState:
    """Next offsets of unfinished queries, in a JSON file beside the store (written atomically)."""

    def __init__(self, path: Path):
        self.path = path

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return {}

    @staticmethod
    def key(endpoint: str, query: str) -> str:
        return f"{endpoint} {query}"

    def next_start(self, key: str) -> int:
        entry = self._load().get(key)
        return int(entry.get("next_start", 0)) if isinstance(entry, dict) else 0

    def save(self, key: str, next_start: int, total: int | None) -> None:
        data = self._load()
        data[key] = {"next_start": next_start, "total": total,
                     "saved": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        atomic_write_bytes(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def clear(self, key: str) -> None:
        data = self._load()
        if data.pop(key, None) is not None:
            if data:
                atomic_write_bytes(self.path, json.dumps(data, indent=1).encode("utf-8"))
            else:
                self.path.unlink(missing_ok=True)


def _in_range(record: dict[str, Any], date_from: date | None, date_to: date | None) -> bool:
    day = str(record.get("published") or "")[:10]
    if len(day) != 10:
        return True
    return (not date_from or day >= date_from.isoformat()) and (not date_to or day <= date_to.isoformat())


def fetch(query: str, store: RawStore, *, endpoint: str = DEFAULT_ENDPOINT, date_from: date | None = None,
          date_to: date | None = None, max_results: int | None = None, page_size: int = 100,
          client: PoliteClient | None = None, log: Callable[[str], None] = lambda line: None) -> FetchReport:
    """Fetch the results of ``query`` into ``store``, resuming an interrupted run of the same query.

    Stops cleanly (state kept, report not complete) on a page that fails after the retries, a
    malformed page, or an API error; whatever earlier pages stored stays stored.
    """
    client = client or PoliteClient()
    full_query = search_query(query, date_from, date_to)
    state = FetchState(store.path.parent / STATE_FILE)
    key = state.key(endpoint, full_query)
    start = state.next_start(key)
    report = FetchReport(query=full_query, resumed_from=start, next_start=start)
    if start:
        log(f"arxiv: resuming {full_query!r} at start={start}")
    empty_retries = 0
    while max_results is None or start < max_results:
        size = page_size if max_results is None else min(page_size, max_results - start)
        params = {"search_query": full_query, "start": start, "max_results": size,
                  "sortBy": "submittedDate", "sortOrder": "descending"}
        try:
            page = parse_feed(client.get(endpoint, params))
        except (FetchError, MalformedFeed, ApiError) as exc:
            report.problems.append(f"page at start={start}: {exc}")
            log(f"arxiv: page at start={start}: {exc}")
            break
        if page.total is not None:
            # arXiv sometimes answers a page inside the results with an empty feed that claims
            # zero results: the largest total seen is the one to trust
            report.total = max(page.total, report.total or 0)
        del page.entries[size:]  # a mirror that ignores max_results must not break the paging
        report.problems += [f"page at start={start}: {p}" for p in page.problems]
        if not page.entries and not page.problems:
            if report.total is not None and start < report.total and empty_retries < client.retries:
                empty_retries += 1
                log(f"arxiv: empty page at start={start} of {report.total}; asking again")
                continue
            if report.total is None or start >= report.total:
                report.complete = True
            else:
                report.problems.append(f"page at start={start}: empty although {report.total} results exist")
            break
        empty_retries = 0
        report.pages += 1
        kept = [r for r in page.entries if _in_range(r, date_from, date_to)]
        report.out_of_range += len(page.entries) - len(kept)
        report.entries += len(page.entries)
        merged = store.add(kept)
        report.added += merged.added
        report.updated += merged.updated
        report.unchanged += merged.unchanged
        start += len(page.entries) + len(page.problems)
        report.next_start = start
        state.save(key, start, report.total)
        log(f"arxiv: start={start - len(page.entries) - len(page.problems)}: {len(page.entries)} entries, "
            f"{len(merged.added)} new, {len(merged.updated)} newer versions")
        if report.total is not None and start >= report.total:
            report.complete = True
            break
    else:
        report.complete = True
    if report.complete:
        state.clear(key)
    return report
