"""The dashboard's filter state and its URL query-string form (a stable, documented contract).

A view of the leaderboard is fully described by a :class:`Filters` value, and a :class:`Filters`
value is fully described by a query string, so any view can be shared as a link and reloaded.
The parameter names are public (see the README's "Dashboard" section) and never renamed:

``benchmark``, ``open`` (``open``/``closed``/``unknown``, comma-separated), ``min_params`` /
``max_params`` (billions), ``q`` (model-name search), ``from`` / ``to`` (dates), ``setting``;
plus the extensions ``org``, ``unknown_size``, ``hide``, ``view`` and ``models``.

Parsing never fails: a URL is typed by people and pasted from chats, so a value that cannot be
understood is dropped (the rest of the view still applies) instead of answering with an error.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qs, urlencode

OPENNESS = ("open", "closed", "unknown")
HIDE_FLAGS = ("low_confidence", "conflicted")
VIEWS = ("board", "pivot", "scores")
#: confidence below which a row counts as "low confidence" for the hide toggle
LOW_CONFIDENCE = 0.5
MAX_TEXT = 200          # longest search/benchmark text kept from a URL
MAX_ITEMS = 50          # most comma-separated items kept from one parameter
MAX_PARAMS_B = 100_000.0  # 100 trillion parameters: anything above is a typo
MAX_COMPARE = 6

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Filters:
    """One view of the leaderboard: which benchmark, which rows, which layout.

    Empty tuples and ``None`` mean "no restriction". ``date_from``/``date_to`` are the URL's
    ``from``/``to`` (Python keywords cannot be field names).
    """

    benchmark: str | None = None
    open: tuple[str, ...] = ()
    min_params: float | None = None
    max_params: float | None = None
    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    setting: str | None = None
    org: tuple[str, ...] = ()
    unknown_size: bool | None = None
    hide: tuple[str, ...] = ()
    view: str = "board"
    models: tuple[str, ...] = field(default=())

    @property
    def has_size_bound(self) -> bool:
        return self.min_params is not None or self.max_params is not None

    @property
    def keep_unknown_size(self) -> bool:
        """Rows of unknown size stay unless a size bound is set (or the toggle says otherwise)."""
        if self.unknown_size is not None:
            return self.unknown_size
        return not self.has_size_bound

    @property
    def hide_low_confidence(self) -> bool:
        return "low_confidence" in self.hide

    @property
    def hide_conflicted(self) -> bool:
        return "conflicted" in self.hide

    def with_(self, **changes: Any) -> "Filters":
        """A copy with some fields changed and re-validated (e.g. from dashboard controls)."""
        return normalise(replace(self, **changes))


# --------------------------------------------------------------------------- value parsing
def _first(value: Any) -> Any:
    """parse_qs gives lists; callbacks give scalars; repeated keys keep the last value."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def parse_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    value = _first(value)
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return None
    text = " ".join(str(value).split())[:limit]
    return text or None


def parse_number(value: Any) -> float | None:
    """A non-negative finite number of billions, or None for anything else."""
    value = _first(value)
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip().lower().rstrip("b")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or number < 0 or number > MAX_PARAMS_B:
        return None
    return number


def parse_date(value: Any) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' with a real month/day, else None."""
    text = parse_text(value, 10)
    if text is None:
        return None
    m = _DATE.match(text)
    if not m:
        return None
    month, day = m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        return None
    return text


def parse_list(value: Any, allowed: Iterable[str] | None = None) -> tuple[str, ...]:
    """Comma-separated (or repeated) items, stripped, deduplicated, in first-seen order."""
    if value is None:
        return ()
    raw = value if isinstance(value, (list, tuple)) else [value]
    items: list[str] = []
    allowed_set = {a.lower(): a for a in allowed} if allowed is not None else None
    for chunk in raw:
        if chunk is None or isinstance(chunk, (dict, list, tuple, set)):
            continue
        for item in str(chunk).split(","):
            item = " ".join(item.split())[:MAX_TEXT]
            if not item:
                continue
            if allowed_set is not None:
                item = allowed_set.get(item.lower())
                if item is None:
                    continue
            if item not in items:
                items.append(item)
            if len(items) >= MAX_ITEMS:
                return tuple(items)
    return tuple(items)


def parse_bool(value: Any) -> bool | None:
    value = _first(value)
    if isinstance(value, bool):
        return value
    text = parse_text(value, 10)
    if text is None:
        return None
    text = text.lower()
    return True if text in _TRUE else False if text in _FALSE else None


def normalise(f: Filters) -> Filters:
    """Re-validate every field (for values set from controls rather than parsed from a URL)."""
    lo, hi = parse_number(f.min_params), parse_number(f.max_params)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    start, end = parse_date(f.date_from), parse_date(f.date_to)
    if start is not None and end is not None and start > end:
        start, end = end, start
    view = parse_text(f.view) or "board"
    return Filters(
        benchmark=parse_text(f.benchmark),
        open=tuple(o for o in OPENNESS if o in parse_list(f.open, OPENNESS)),
        min_params=lo, max_params=hi,
        q=parse_text(f.q) or "",
        date_from=start, date_to=end,
        setting=parse_text(f.setting),
        org=parse_list(f.org),
        unknown_size=parse_bool(f.unknown_size),
        hide=tuple(h for h in HIDE_FLAGS if h in parse_list(f.hide, HIDE_FLAGS)),
        view=view if view in VIEWS else "board",
        models=parse_list(f.models)[:MAX_COMPARE],
    )


# --------------------------------------------------------------------------- URL <-> Filters
_URL_NAMES = {"date_from": "from", "date_to": "to"}


def url_name(field_name: str) -> str:
    return _URL_NAMES.get(field_name, field_name)


def from_query(query: str | Mapping[str, Any] | None) -> Filters:
    """Parse ``?benchmark=MMLU&open=closed&max_params=10`` (or a mapping) into Filters.

    Unknown parameters are ignored; values of the wrong type or shape are dropped.
    """
    if query is None:
        params: Mapping[str, Any] = {}
    elif isinstance(query, str):
        try:
            params = parse_qs(query.lstrip("?"), keep_blank_values=False, max_num_fields=200)
        except ValueError:
            params = {}
    elif isinstance(query, Mapping):
        params = query
    else:
        params = {}
    values = {}
    for f in fields(Filters):
        name = url_name(f.name)
        if name in params:
            values[f.name] = params[name]
    raw = Filters(**{k: (_first(v) if k not in ("open", "org", "hide", "models") else v)
                     for k, v in values.items()})
    return normalise(raw)


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def to_query(f: Filters) -> str:
    """The canonical query string of a view ('' for the default view), with a leading '?'.

    Fields at their default are left out, so the shortest link is also the canonical one.
    """
    f = normalise(f)
    pairs: list[tuple[str, str]] = []
    default = Filters()
    for fd in fields(Filters):
        value = getattr(f, fd.name)
        if value == getattr(default, fd.name):
            continue
        if isinstance(value, tuple):
            text = ",".join(value)
        elif isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, float):
            text = _number_text(value)
        else:
            text = str(value)
        pairs.append((url_name(fd.name), text))
    return "?" + urlencode(pairs, safe=",") if pairs else ""
