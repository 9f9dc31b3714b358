"""Server-side filter, sort and page over a table, fast enough for a million rows.

The dashboard never ships a whole table to the browser: the grid asks for rows ``start:end``
under a sort and a set of filters, and :class:`TableIndex` answers from arrays built once per
table. Strings are held as category codes, so an equality, substring or date-range test runs
over the few distinct values and is then gathered to rows in one vectorised step; sort orders
are computed once per sort key and reused, so a page is ``order[mask[order]][start:end]``.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from leaderboard.filters import LOW_CONFIDENCE, Filters

#: derived display column: 'open' / 'closed' / 'unknown' from the nullable open_weights
OPENNESS_COLUMN = "openness"
MAX_PAGE = 1000          # most rows one request may ask for
MAX_CACHED_ORDERS = 16


@dataclass
class Page:
    """One page of a query: its rows (in order) and how many rows the whole query matched."""

    rows: pd.DataFrame
    total: int


def openness_labels(open_weights: pd.Series) -> pd.Categorical:
    """'open' / 'closed' / 'unknown' per row of a nullable boolean column (as a Categorical:
    built from codes, so a million rows cost a few milliseconds)."""
    values = open_weights.astype("boolean")
    known = values.notna().to_numpy()
    truth = values.fillna(False).to_numpy(dtype=bool)
    codes = np.where(known, np.where(truth, 0, 1), 2).astype(np.int8)
    return pd.Categorical.from_codes(codes, categories=["open", "closed", "unknown"])


class _Strings:
    """A text column as category codes (NA = last slot of every lookup table)."""

    def __init__(self, series: pd.Series):
        if isinstance(series.dtype, pd.CategoricalDtype):      # codes already there: free
            cat = series.array
        else:
            cat = pd.Categorical(series.astype("string"))
        self.categories = np.asarray(cat.categories.astype(str), dtype=object)
        codes = cat.codes.astype(np.int32)
        codes[codes < 0] = len(self.categories)       # NA -> extra slot
        self.codes = codes

    def where(self, predicate: Callable[[np.ndarray], np.ndarray], na: bool = False) -> np.ndarray:
        """Row mask from a predicate evaluated once per distinct value."""
        lut = np.empty(len(self.categories) + 1, dtype=bool)
        lut[:-1] = predicate(self.categories) if len(self.categories) else []
        lut[-1] = na
        return lut[self.codes]

    def sort_key(self) -> np.ndarray:
        """Integer key ordering rows by case-folded text, NA last."""
        rank = np.argsort(np.argsort([c.casefold() for c in self.categories], kind="stable"), kind="stable")
        lut = np.empty(len(self.categories) + 1, dtype=np.int64)
        lut[:-1] = rank
        lut[-1] = len(self.categories)
        return lut[self.codes]


def _vectorize(fn: Callable[[str], bool]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda cats: np.fromiter((fn(c) for c in cats), dtype=bool, count=len(cats))


class TableIndex:
    """Arrays and sort orders built once over ``frame`` (a score table or a leaderboard view)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = _single_chunk(frame.reset_index(drop=True))
        if "open_weights" in self.frame.columns and OPENNESS_COLUMN not in self.frame.columns:
            self.frame[OPENNESS_COLUMN] = openness_labels(self.frame["open_weights"])
        self.n = len(self.frame)
        self._strings: dict[str, _Strings] = {}
        self._numbers: dict[str, np.ndarray] = {}
        self._orders: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._all = np.ones(self.n, dtype=bool)

    # ----------------------------------------------------------------- column access
    def is_numeric(self, column: str) -> bool:
        dtype = self.frame[column].dtype
        return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)

    def strings(self, column: str) -> _Strings:
        if column not in self._strings:
            self._strings[column] = _Strings(self.frame[column])
        return self._strings[column]

    def numbers(self, column: str) -> np.ndarray:
        if column not in self._numbers:
            self._numbers[column] = pd.to_numeric(self.frame[column], errors="coerce") \
                .astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        return self._numbers[column]

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    # ----------------------------------------------------------------- the filter panel
    def mask(self, f: Filters, *, rows: bool = True, models: bool = True) -> np.ndarray:
        """Rows passing the filter panel. ``rows``: per-score filters (benchmark, setting, dates,
        confidence); ``models``: per-model filters (openness, size, organisation, name search)."""
        m = self._all.copy()
        if rows:
            if f.benchmark and self.has("benchmark"):
                m &= self.strings("benchmark").where(lambda c: c == f.benchmark)
            if f.setting and self.has("setting"):
                m &= self.strings("setting").where(lambda c: c == f.setting)
            if (f.date_from or f.date_to) and self.has("published"):
                m &= self.strings("published").where(_vectorize(_date_test(f.date_from, f.date_to)))
            if f.hide_low_confidence and self.has("confidence"):
                conf = self.numbers("confidence")
                m &= ~(conf < LOW_CONFIDENCE)          # unknown confidence is not "low"
        if models:
            if f.open and self.has(OPENNESS_COLUMN):
                wanted = set(f.open)
                m &= self.strings(OPENNESS_COLUMN).where(_vectorize(lambda c: c in wanted))
            if self.has("params_b") and (f.has_size_bound or not f.keep_unknown_size):
                size = self.numbers("params_b")
                known = ~np.isnan(size)
                inside = known.copy()
                if f.min_params is not None:
                    inside &= size >= f.min_params * (1 - 1e-9)
                if f.max_params is not None:
                    inside &= size <= f.max_params * (1 + 1e-9)
                m &= inside | (~known if f.keep_unknown_size else False)
            if f.org:
                wanted_org = {o.casefold() for o in f.org}
                org_mask = np.zeros(self.n, dtype=bool)
                for column in ("organisation", "family"):
                    if self.has(column):
                        org_mask |= self.strings(column).where(_vectorize(lambda c: c.casefold() in wanted_org))
                m &= org_mask
            if f.q:
                needle = f.q.casefold()
                hit = np.zeros(self.n, dtype=bool)
                for column in ("model", "model_key"):
                    if self.has(column):
                        hit |= self.strings(column).where(_vectorize(lambda c: needle in c.casefold()))
                m &= hit
        if f.hide_conflicted and self.has("conflict"):
            m &= ~self.frame["conflict"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        return m

    # ----------------------------------------------------------------- AG Grid column filters
    def column_filter_mask(self, filter_model: Any) -> np.ndarray:
        """Rows passing AG Grid's ``filterModel`` (text/number filters, AND/OR of two conditions).

        Anything malformed (unknown column, wrong type, unknown operator) is ignored, never raised:
        the model comes from the browser.
        """
        m = self._all.copy()
        if not isinstance(filter_model, Mapping):
            return m
        for column, spec in list(filter_model.items())[:50]:
            if not isinstance(column, str) or not self.has(column) or not isinstance(spec, Mapping):
                continue
            cond = self._condition_mask(column, spec)
            if cond is not None:
                m &= cond
        return m

    def _condition_mask(self, column: str, spec: Mapping) -> np.ndarray | None:
        conditions = spec.get("conditions")
        if isinstance(conditions, list) and conditions:
            parts = [p for p in (self._condition_mask(column, c) for c in conditions[:4]
                                 if isinstance(c, Mapping)) if p is not None]
            if not parts:
                return None
            out = parts[0].copy()
            for p in parts[1:]:
                out = (out | p) if str(spec.get("operator", "AND")).upper() == "OR" else (out & p)
            return out
        kind = spec.get("type")
        if kind in ("blank", "notBlank"):
            blank = (np.isnan(self.numbers(column)) if self.is_numeric(column)
                     else self.strings(column).where(lambda c: np.zeros(len(c), dtype=bool), na=True))
            return blank if kind == "blank" else ~blank
        if self.is_numeric(column):
            return _number_condition(self.numbers(column), kind, spec.get("filter"), spec.get("filterTo"))
        value = spec.get("filter")
        if value is None or isinstance(value, (dict, list)):
            return None
        needle = str(value).casefold()[:200]
        tests: dict[str, Callable[[str], bool]] = {
            "contains": lambda c: needle in c.casefold(),
            "notContains": lambda c: needle not in c.casefold(),
            "equals": lambda c: c.casefold() == needle,
            "notEqual": lambda c: c.casefold() != needle,
            "startsWith": lambda c: c.casefold().startswith(needle),
            "endsWith": lambda c: c.casefold().endswith(needle),
        }
        if kind not in tests:
            return None
        return self.strings(column).where(_vectorize(tests[kind]), na=kind in ("notContains", "notEqual"))

    # ----------------------------------------------------------------- sorting and paging
    def order(self, sort_model: Any = None, default: Sequence[tuple[str, bool]] = ()) -> np.ndarray:
        """Row positions in the order of AG Grid's ``sortModel`` ([{colId, sort}]), NA last;
        ``default`` ((column, descending) pairs) breaks ties and applies when nothing is sorted."""
        keys = _sort_keys(sort_model, self.frame.columns) + [k for k in default if k[0] in self.frame.columns]
        keys = tuple(dict.fromkeys(keys))
        if not keys:
            return np.arange(self.n)
        if keys in self._orders:
            self._orders.move_to_end(keys)
            return self._orders[keys]
        arrays = []
        for column, descending in keys:
            if self.is_numeric(column):
                values = self.numbers(column)
                key = np.where(np.isnan(values), np.inf, -values if descending else values)
            elif pd.api.types.is_bool_dtype(self.frame[column].dtype):
                values = self.frame[column].astype("boolean")
                base = values.fillna(False).to_numpy(dtype=float)
                key = np.where(values.isna().to_numpy(), np.inf, -base if descending else base)
            else:
                codes = self.strings(column).sort_key()
                na = codes == len(self.strings(column).categories)
                key = np.where(na, np.iinfo(np.int64).max, -codes if descending else codes)
            arrays.append(key)
        order = np.lexsort(arrays[::-1])            # lexsort: last key is the primary one
        if self.n < 2 ** 31:                        # half the memory of the cached orders
            order = order.astype(np.int32)
        self._orders[keys] = order
        if len(self._orders) > MAX_CACHED_ORDERS:
            self._orders.popitem(last=False)
        return order

    def page(self, mask: np.ndarray, sort_model: Any = None, start: Any = 0, end: Any = 100,
             default_sort: Sequence[tuple[str, bool]] = ()) -> Page:
        """Rows ``start:end`` of the rows in ``mask``, sorted; ``total`` counts all of them."""
        order = self.order(sort_model, default_sort)
        selected = order[mask[order]]
        lo, hi = _bounds(start, end)
        return Page(self.frame.iloc[selected[lo:hi]], int(len(selected)))

    def select(self, mask: np.ndarray, sort_model: Any = None,
               default_sort: Sequence[tuple[str, bool]] = ()) -> pd.DataFrame:
        """All rows in ``mask``, sorted (for downloads and charts, never for the grid)."""
        order = self.order(sort_model, default_sort)
        return self.frame.iloc[order[mask[order]]]


# --------------------------------------------------------------------------- helpers
def _single_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """Arrow-backed columns as one chunk each: a Parquet read gives many chunks, and taking a
    page of rows from a chunked array costs milliseconds per column instead of microseconds."""
    out = frame.copy(deep=False)
    for column in out.columns:
        arr = out[column].array
        chunked = getattr(arr, "_pa_array", None)
        if chunked is not None and getattr(chunked, "num_chunks", 1) > 1:
            out[column] = pd.array(chunked.combine_chunks(), dtype=out[column].dtype)
    return out


def _date_test(start: str | None, end: str | None) -> Callable[[str], bool]:
    """Dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' strings: compare on the bound's precision."""
    def test(value: str) -> bool:
        if start is not None and value[:len(start)] < start:
            return False
        if end is not None and value[:len(end)] > end:
            return False
        return True
    return test


def _number_condition(values: np.ndarray, kind: Any, a: Any, b: Any) -> np.ndarray | None:
    def num(x: Any) -> float | None:
        try:
            v = float(x)
        except (TypeError, ValueError, OverflowError):
            return None
        return v if math.isfinite(v) else None
    x, y = num(a), num(b)
    if x is None:
        return None
    with np.errstate(invalid="ignore"):
        ops = {"equals": lambda: values == x, "notEqual": lambda: ~(values == x),
               "lessThan": lambda: values < x, "lessThanOrEqual": lambda: values <= x,
               "greaterThan": lambda: values > x, "greaterThanOrEqual": lambda: values >= x,
               "inRange": lambda: (values >= min(x, y)) & (values <= max(x, y)) if y is not None else None}
        fn = ops.get(kind) if isinstance(kind, str) else None
        return fn() if fn else None


def _sort_keys(sort_model: Any, columns: Iterable[str]) -> list[tuple[str, bool]]:
    columns = set(columns)
    keys = []
    if isinstance(sort_model, list):
        for item in sort_model[:5]:
            if isinstance(item, Mapping) and item.get("colId") in columns and item.get("sort") in ("asc", "desc"):
                keys.append((item["colId"], item["sort"] == "desc"))
    return keys


def _bounds(start: Any, end: Any) -> tuple[int, int]:
    def as_int(x: Any, fallback: int) -> int:
        try:
            return max(0, int(x))
        except (TypeError, ValueError, OverflowError):
            return fallback
    lo = as_int(start, 0)
    hi = as_int(end, lo + 100)
    return lo, max(lo, min(hi, lo + MAX_PAGE))


def to_records(frame: pd.DataFrame, columns: Sequence[str] | None = None, digits: int = 4) -> list[dict]:
    """JSON-safe row dicts (NA -> None, floats rounded) for the grid and for callbacks."""
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    out = {}
    for c in cols:
        s = frame[c]
        if pd.api.types.is_float_dtype(s.dtype):
            arr = s.astype("Float64").round(digits).to_numpy(dtype=object, na_value=None)
        elif pd.api.types.is_integer_dtype(s.dtype):
            arr = s.astype("Int64").to_numpy(dtype=object, na_value=None)
        elif pd.api.types.is_bool_dtype(s.dtype):
            arr = s.astype("boolean").to_numpy(dtype=object, na_value=None)
        else:
            arr = s.astype("string").to_numpy(dtype=object, na_value=None)
        out[c] = arr
    n = len(frame)
    return [{c: _plain(out[c][i]) for c in cols} for i in range(n)]


def _plain(value: Any) -> Any:
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
