"""A polite HTTP GET: a courtesy pause between requests, retries with exponential backoff.

Public APIs ask clients to space their calls (arXiv: one request every 3 seconds) and answer
overload with 503 (often with ``Retry-After``). One :class:`PoliteClient` is shared by all the
requests of a fetch, so the pause is kept between pages as well as between retries. Every pause
is recorded in :attr:`PoliteClient.waits`, so a run can report how long it waited and why.
"""
from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from leaderboard import __version__

USER_AGENT = f"leaderboard/{__version__} (benchmark leaderboard harvester; python-urllib)"
#: statuses worth asking again: the server is overloaded or briefly unavailable
RETRY_STATUSES = {429, 500, 502, 503, 504}
#: an answer larger than this is refused: no API page comes near it
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class FetchError(Exception):
    """A request failed for good (after the retries); the message names the URL."""


@dataclass
class Wait:
    reason: str        # 'courtesy' or 'backoff'
    seconds: float


@dataclass
class PoliteClient:
    """GET with a minimum interval between requests and retries on 5xx, 429 and timeouts."""

    delay: float = 3.0            # seconds between the start of two requests
    retries: int = 4              # further attempts after a transient failure
    backoff: float | None = None  # first backoff pause (default: ``delay``), doubled each retry
    timeout: float = 30.0         # seconds to wait for an answer
    max_backoff: float = 300.0
    waits: list[Wait] = field(default_factory=list)
    requests: int = 0
    _last_start: float | None = None

    def _pause(self, seconds: float, reason: str) -> None:
        if seconds > 0:
            self.waits.append(Wait(reason, seconds))
            time.sleep(seconds)

    def _courtesy(self) -> None:
        if self._last_start is not None:
            self._pause(self.delay - (time.monotonic() - self._last_start), "courtesy")
        self._last_start = time.monotonic()

    def _backoff_seconds(self, attempt: int, retry_after: str | None) -> float:
        base = self.delay if self.backoff is None else self.backoff
        seconds = base * (2 ** attempt)
        if retry_after and retry_after.strip().isdigit():
            seconds = max(seconds, float(retry_after.strip()))
        return min(seconds, self.max_backoff)

    def get(self, url: str, params: dict[str, str | int] | None = None) -> bytes:
        """The body of a 200 answer; raises :class:`FetchError` once the retries are spent."""
        if params:
            url = url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        last_error = ""
        for attempt in range(self.retries + 1):
            self._courtesy()
            self.requests += 1
            retry_after = None
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read(MAX_RESPONSE_BYTES + 1)
                if len(body) > MAX_RESPONSE_BYTES:
                    raise FetchError(f"{url}: answer larger than {MAX_RESPONSE_BYTES} bytes")
                return body
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES:
                    raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
                last_error = f"HTTP {exc.code} {exc.reason}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
            except (TimeoutError, socket.timeout) as exc:
                last_error = f"timed out after {self.timeout:g} s ({exc})"
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, (TimeoutError, socket.timeout, ConnectionError)):
                    raise FetchError(f"{url}: {exc.reason}") from None
                last_error = f"{exc.reason}"
            except (ConnectionError, http.client.HTTPException) as exc:
                last_error = f"connection failed: {exc}"
            if attempt < self.retries:
                seconds = self._backoff_seconds(attempt, retry_after)
                self._pause(seconds, "backoff")
        raise FetchError(f"{url}: {last_error} (gave up after {self.retries + 1} attempts)")

