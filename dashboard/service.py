"""What the dashboard asks of a table, answered without a browser: the layer callbacks are thin over.

:class:`Leaderboard` loads a score table (and its paper table) once, builds the query index, and
answers every question the page asks -- a page of grid rows, the rows behind a chart, one
evidence record, a download -- as plain values. Leaderboard views come from
:mod:`leaderboard.views`; this module only chooses which rows they see and caches the answers,
so a million-row table stays responsive: filters that decide *which scores compete* (benchmark,
setting, dates, confidence) select rows, the view is computed once for that selection, and
filters on *models* (openness, size, organisation, name) then act on the view's rows.
"""
from __future__ import annotations

import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Hashable

import numpy as np
import pandas as pd

from leaderboard import paths, schema, store, views
from leaderboard.filters import Filters
from leaderboard.query import OPENNESS_COLUMN, Page, TableIndex

CACHE_SIZE = 64
#: sota_over_time frames hold every dated score of a benchmark (megabytes each on a big table):
#: only a few are kept; the charts drawn from them are kept instead (see :meth:`Leaderboard.charts_of`)
TREND_CACHE_SIZE = 4
CHART_CACHE_SIZE = 128
SOURCES_SHOWN = 20           # other/conflicting sources listed in the evidence panel
BACKGROUND_BOARDS = 30       # boards computed in the background after start-up
#: the columns leaderboard views read: views get a slim frame, which makes their many small
#: pandas operations several times cheaper on big tables
VIEW_COLUMNS = ["paper_id", "title", "published", "model", "model_key", "family", "organisation", "params_b",
                "active_params_b", "open_weights", "model_released", "benchmark", "benchmark_category",
                "benchmark_known", "score", "score_text", "unit", "score_norm", "higher_is_better", "in_range",
                "setting", "kind", "confidence", "evidence"]
COMPARE_BENCHMARKS = 15      # most-shared benchmarks in the comparison chart (more is unreadable)
PIVOT_BENCHMARKS = 12        # most-covered benchmarks shown in the pivot when none is chosen


def table_version(path: str | os.PathLike) -> str:
    """What changes when the table file is rewritten (atomic writes replace the file): its
    modification time and size. Names the downloads cached for one version of a table."""
    st = Path(path).stat()
    return f"{st.st_mtime_ns:x}-{st.st_size:x}"


def load_scores(path: str | os.PathLike) -> pd.DataFrame:
    """A score table with its text columns as pandas Categoricals.

    Parquet stores text dictionary-encoded; reading it that way skips building a million Python
    or Arrow strings per column, so a large table loads in about a second and the query index gets
    its category codes for free. Other formats go through :func:`leaderboard.store.read_table`.
    """
    path = Path(path)
    if path.suffix.lower() != ".parquet":
        return store.read_table(path)
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        arrow_schema = pq.read_schema(path)
        text = [f.name for f in arrow_schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        # a single file is read by ParquetFile: the dataset reader behind read_table costs three
        # times the CPU on a million rows (a partitioned dataset, a directory, still needs it)
        reader = pq.ParquetFile(path, read_dictionary=text).read if path.is_file() else \
            (lambda: pq.read_table(path, read_dictionary=text))
        frame = reader().to_pandas()
    except FileNotFoundError:
        raise store.StoreError(f"{path}: no such table (run `leaderboard harvest` first)") from None
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise store.StoreError(f"{path}: cannot read table: {exc}") from exc
    out = {}
    for name, dtype in schema.DTYPES.items():
        if name not in frame.columns:
            out[name] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
        elif dtype == "string":
            col = frame[name]
            out[name] = col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("string").astype("category")
        else:
            out[name] = frame[name] if str(frame[name].dtype) == dtype else frame[name].astype(dtype)
    return pd.DataFrame(out, copy=False)


def load_papers(path: str | os.PathLike) -> pd.DataFrame:
    """The paper table's ids and abstracts (abstracts as a Categorical: resampled or repeated
    abstracts are stored once). Only these two columns are needed to show evidence."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq
        try:
            if path.is_file():
                return pq.ParquetFile(path, read_dictionary=["abstract"]).read(
                    columns=["paper_id", "abstract"]).to_pandas()
            return pq.read_table(path, columns=["paper_id", "abstract"], read_dictionary=["abstract"]).to_pandas()
        except Exception:  # unexpected layout: the store's reader names the problem
            pass
    return store.read_table(path, papers=True)[["paper_id", "abstract"]]


def as_schema(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Categorical text columns turned back into the schema's ``string`` dtype
    (views, downloads and formula escaping expect it); decoded through Arrow, which is fast."""
    import pyarrow as pa
    out = {}
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = np.asarray(col.cat.codes)
            dictionary = pa.array(np.asarray(col.cat.categories, dtype=object), type=pa.string())
            decoded = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), dictionary).dictionary_decode()
            out[name] = pd.Series(pd.arrays.ArrowStringArray(decoded), index=frame.index, name=name)
        else:
            out[name] = col
    return pd.DataFrame(out, index=frame.index, copy=False)


#: what views.benchmark_board reads (a narrower frame than VIEW_COLUMNS: boards are the hot path)
BOARD_INPUT = ["paper_id", "title", "published", "model", "model_key", "organisation", "params_b",
               "active_params_b", "open_weights", "benchmark", "score", "unit", "score_norm",
               "higher_is_better", "in_range", "setting", "kind", "evidence"]


#: what views.sota_over_time reads
SOTA_INPUT = ["paper_id", "title", "published", "model", "model_key", "open_weights", "model_released",
              "benchmark", "score", "score_norm", "higher_is_better", "in_range", "setting", "kind", "evidence"]


class _LRU:
    """A small least-recently-used cache of computed views (keys are filter tuples)."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        value = compute()
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value


@dataclass
class Evidence:
    """One reported number and where it was read: the paper, the abstract and the spans."""

    row: dict
    abstract: str | None
    same: pd.DataFrame           # other papers reporting the same number
    conflicting: pd.DataFrame    # papers reporting a different number for the same model/benchmark/setting
    n_same: int = 0              # how many in all (the frames keep the first SOURCES_SHOWN)
    n_conflicting: int = 0


class Leaderboard:
    """A loaded table with its index and cached views (one per served table)."""

    def __init__(self, scores: pd.DataFrame, papers: pd.DataFrame | None = None,
                 built_at: str | None = None, source: str = "table", table_path: Path | None = None,
                 table_version: str | None = None):
        t0 = time.perf_counter()
        is_score = (scores["kind"] == "score").fillna(False).to_numpy(dtype=bool)
        if not is_score.all():
            scores = scores[is_score]
        self.index = TableIndex(scores)
        self.scores = self.index.frame
        self.slim = self.scores[[c for c in VIEW_COLUMNS if c in self.scores.columns]]
        self.papers = papers if papers is not None else schema.papers_from_rows([])
        ids = self.papers["paper_id"]
        self._paper_pos = {pid: i for i, pid in enumerate(ids.tolist()) if isinstance(pid, str)}
        self.built_at = built_at
        self.source = source
        self.table_path = table_path
        #: the loaded file's mtime and size (names cached downloads of this table)
        self.table_version = table_version
        self._boards = _LRU()
        self._pivots = _LRU()
        self._trends = _LRU(TREND_CACHE_SIZE)
        self._charts = _LRU(CHART_CACHE_SIZE)
        self._compares = _LRU()
        #: one row per model_key: what the catalog says about the model (for pivot and chart markers)
        self.models = as_schema(self.scores.drop_duplicates("model_key")[
            ["model_key", "model", "params_b", "open_weights", "organisation", "family"]].dropna(
            subset=["model_key"])).set_index("model_key")
        self.benchmarks = self._benchmark_catalogue()
        self.default_benchmark = self.benchmarks["benchmark"].iloc[0] if len(self.benchmarks) else None
        self.load_seconds = time.perf_counter() - t0

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_path(cls, table_path: str | os.PathLike) -> "Leaderboard":
        table_path = Path(table_path)
        try:
            version = table_version(table_path)
        except OSError:
            version = None
        scores = load_scores(table_path)
        papers_path = paths.papers_path_for(table_path)
        papers = load_papers(papers_path) if papers_path.exists() else None
        built = datetime.fromtimestamp(table_path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return cls(scores, papers, built_at=built, source=table_path.name, table_path=table_path,
                   table_version=version)

    def warm(self) -> None:
        """Build the index arrays and default sort orders a first page needs (at start-up)."""
        for column in ("benchmark", "setting", "published", "model", "model_key", OPENNESS_COLUMN):
            if self.index.has(column):
                self.index.strings(column)
        for column in ("params_b", "confidence", "score_norm"):
            self.index.numbers(column)
        if self.default_benchmark is not None:
            self.board(Filters(benchmark=self.default_benchmark))

    def warm_more(self, boards: int = BACKGROUND_BOARDS) -> None:
        """Work no first page needs but later requests will (run in the background after start):
        the all-scores sort orders and the boards of the most-covered benchmarks."""
        self.index.order(None, SCORE_ORDER)
        for bench in self.benchmarks["benchmark"].head(boards):
            self.board(Filters(benchmark=bench))
        for column in ("model", "score", "published"):
            for descending in (False, True):
                self.index.order([{"colId": column, "sort": "desc" if descending else "asc"}], SCORE_ORDER)

    # ------------------------------------------------------------------ facts for the controls
    def _benchmark_catalogue(self) -> pd.DataFrame:
        """benchmark, category, rows, models -- most-covered first (the default is the first)."""
        t = self.scores
        if t.empty:
            return pd.DataFrame(columns=["benchmark", "category", "rows", "models"])
        ix = self.index
        bench, cat, model = ix.strings("benchmark"), ix.strings("benchmark_category"), ix.strings("model_key")
        n_bench, n_model = len(bench.categories), len(model.categories) + 1
        rows = np.bincount(bench.codes, minlength=n_bench + 1)[:n_bench]
        pairs = np.unique(bench.codes.astype(np.int64) * n_model + model.codes)
        pairs = pairs[(pairs % n_model) < n_model - 1]                      # unknown model: not a model
        models = np.bincount(pairs // n_model, minlength=n_bench + 1)[:n_bench]
        _, first = np.unique(bench.codes, return_index=True)
        first_cat = np.full(n_bench + 1, len(cat.categories))
        first_cat[bench.codes[first]] = cat.codes[first]
        labels = np.append(cat.categories, "other")
        present = rows > 0
        out = pd.DataFrame({"benchmark": bench.categories[present], "category": labels[first_cat[:n_bench][present]],
                            "rows": rows[present], "models": models[present]})
        out = out.sort_values(["models", "rows", "benchmark"], ascending=[False, False, True])
        return out.reset_index(drop=True)

    def distinct(self, column: str, limit: int = 500) -> list[str]:
        """Distinct values of a text column, most frequent first (for dropdown options)."""
        if not self.index.has(column) or self.scores.empty:
            return []
        s = self.index.strings(column)
        counts = np.bincount(s.codes, minlength=len(s.categories) + 1)[:-1]
        order = np.argsort(-counts, kind="stable")
        return [str(s.categories[i]) for i in order[:limit] if counts[i] > 0]

    def status(self) -> dict:
        t = self.scores
        return {"papers": int(t["paper_id"].nunique()), "scores": len(t),
                "models": int(t["model_key"].nunique()), "benchmarks": int(t["benchmark"].nunique()),
                "built_at": self.built_at}

    # ------------------------------------------------------------------ rows behind every view
    def benchmark_of(self, f: Filters) -> str | None:
        return f.benchmark or self.default_benchmark

    def row_mask(self, f: Filters, models: bool = True, benchmark: bool = True) -> np.ndarray:
        """Score rows passing the panel (``benchmark``: restrict to the chosen benchmark)."""
        chosen = Filters(**{**f.__dict__, "benchmark": self.benchmark_of(f) if benchmark else f.benchmark})
        return self.index.mask(chosen, rows=True, models=models)

    def _row_key(self, f: Filters, benchmark: str | None) -> tuple:
        return (benchmark, f.setting, f.date_from, f.date_to, f.hide_low_confidence)

    def board(self, f: Filters) -> TableIndex:
        """The chosen benchmark's leaderboard (views.benchmark_board) over the rows that compete."""
        bench = self.benchmark_of(f)

        def compute() -> TableIndex:
            if bench is None:
                return TableIndex(views.benchmark_board(as_schema(self.slim.iloc[:0]), "", None))
            rows = self.slim[self.row_mask(Filters(benchmark=bench, date_from=f.date_from, date_to=f.date_to,
                                                     hide=("low_confidence",) if f.hide_low_confidence else ()),
                                             models=False)]
            return TableIndex(views.benchmark_board(as_schema(rows[BOARD_INPUT]), bench, f.setting))
        return self._boards.get(self._row_key(f, bench), compute)

    def pivot_benchmarks(self, f: Filters) -> list[str]:
        """The pivot's columns: the chosen benchmark's category, most-covered first."""
        cat = self.benchmarks
        if f.benchmark and f.benchmark in set(cat["benchmark"]):
            category = cat.loc[cat["benchmark"] == f.benchmark, "category"].iloc[0]
            same = cat[cat["category"] == category]["benchmark"].tolist()
            return ([f.benchmark] + [b for b in same if b != f.benchmark])[:PIVOT_BENCHMARKS]
        return cat["benchmark"].head(PIVOT_BENCHMARKS).tolist()

    def pivot(self, f: Filters) -> TableIndex:
        """Model x benchmark best scores with an average (views.pivot) over the competing rows."""
        benchmarks = tuple(self.pivot_benchmarks(f))

        def compute() -> TableIndex:
            mask = self.row_mask(Filters(date_from=f.date_from, date_to=f.date_to, setting=f.setting,
                                         hide=("low_confidence",) if f.hide_low_confidence else ()),
                                 models=False, benchmark=False)
            mask &= self.index.strings("benchmark").where(lambda c: np.isin(c, list(benchmarks)))
            grid = views.pivot(as_schema(best_candidates(self.slim[mask])), list(benchmarks)).reset_index()
            extra = self.models
            for column in ("params_b", "open_weights", "organisation", "family"):
                grid[column] = grid["model_key"].map(extra[column]) if len(grid) else pd.Series(dtype="object")
            grid["params_b"] = grid["params_b"].astype("Float64")
            grid["open_weights"] = grid["open_weights"].astype("boolean")
            grid.insert(0, "rank", pd.array(np.arange(1, len(grid) + 1), dtype="Int64"))
            return TableIndex(grid)
        return self._pivots.get((benchmarks,) + self._row_key(f, None)[1:], compute)

    def view(self, f: Filters) -> TableIndex:
        if f.view == "pivot":
            return self.pivot(f)
        if f.view == "scores":
            return self.index
        return self.board(f)

    def grid_page(self, f: Filters, request: Any) -> Page:
        """The rows AG Grid's infinite model asks for (``getRowsRequest``), under the panel."""
        request = request if isinstance(request, dict) else {}
        ix, mask, default = self._view_mask(f, request)
        return ix.page(mask, request.get("sortModel"), request.get("startRow", 0),
                       request.get("endRow", 100), default_sort=default)

    def _view_mask(self, f: Filters, request: dict) -> tuple[TableIndex, np.ndarray, tuple]:
        ix = self.view(f)
        if f.view == "scores":
            mask = self.row_mask(f, benchmark=False)
            if f.hide_conflicted:
                mask &= ~self.conflicted_rows()
        else:
            mask = ix.mask(f, rows=False, models=True)
        mask &= ix.column_filter_mask(request.get("filterModel"))
        default = SCORE_ORDER if f.view == "scores" else (("rank", False), ("model", False))
        return ix, mask, default

    def conflicted_rows(self) -> np.ndarray:
        """Per score row: do papers disagree about its model, benchmark and setting (views.conflicts)?
        Computed once per table, on first use."""
        if getattr(self, "_conflicted", None) is None:
            found = views.conflicts(as_schema(self.slim))
            keys = pd.MultiIndex.from_arrays([found[c].astype("string").fillna("") for c in
                                              ("model_key", "benchmark", "setting")])
            mine = pd.MultiIndex.from_arrays([self.scores[c].astype("string").fillna("") for c in
                                              ("model_key", "benchmark", "setting")])
            self._conflicted = np.asarray(mine.isin(keys), dtype=bool)
        return self._conflicted

    def grid_frame(self, f: Filters, request: Any = None) -> pd.DataFrame:
        """Every row of the current view, in the grid's order."""
        ix, positions = self.grid_positions(f, request)
        return as_schema(ix.frame.iloc[positions])

    def grid_positions(self, f: Filters, request: Any = None) -> tuple[TableIndex, np.ndarray]:
        """The current view's index and the positions of its rows in the grid's order: what a
        download needs to stream the view in chunks without copying it whole."""
        request = request if isinstance(request, dict) else {}
        ix, mask, default = self._view_mask(f, request)
        order = ix.order(request.get("sortModel"), default)
        return ix, order[mask[order]]

    def filtered_rows(self, f: Filters, columns: list[str] | None = None) -> pd.DataFrame:
        """Score rows of the chosen benchmark passing every panel filter (for the charts)."""
        frame = self.scores if columns is None else self.scores[columns]
        rows = frame[self.row_mask(f)]
        if f.hide_conflicted and len(rows):
            flagged = self.board(f).frame
            bad = set(flagged.loc[flagged["conflict"].astype(bool), "model_key"])
            rows = rows[~rows["model_key"].isin(bad).to_numpy()]
        return rows

    def higher_is_better(self, benchmark: str | None) -> bool:
        """The benchmark's direction (the majority of its rows; higher when unknown)."""
        if not benchmark or not self.index.has("higher_is_better"):
            return True
        rows = self.index.strings("benchmark").where(lambda c: c == benchmark)
        values = self.scores["higher_is_better"][rows].astype("boolean").dropna()
        return True if values.empty else bool(values.astype(float).mean() >= 0.5)

    def sota(self, f: Filters) -> pd.DataFrame:
        """views.sota_over_time over the filtered rows of the chosen benchmark (cached)."""
        bench = self.benchmark_of(f)
        key = (bench, f.setting, f.open, f.min_params, f.max_params, f.unknown_size, f.q, f.org,
               f.date_from, f.date_to, f.hide)
        return self._trends.get(key, lambda: views.sota_over_time(
            as_schema(self.filtered_rows(f, SOTA_INPUT)), bench or ""))

    def charts_of(self, f: Filters, draw: Callable[[], Any]) -> Any:
        """The charts of a filter state, drawn once (``draw``) and kept as the caller gives them
        (JSON text: a few hundred kB each, where the frames behind them are megabytes)."""
        key = (self.benchmark_of(f), f.setting, f.open, f.min_params, f.max_params, f.unknown_size, f.q, f.org,
               f.date_from, f.date_to, f.hide)
        return self._charts.get(key, draw)

    def compare(self, f: Filters) -> pd.DataFrame:
        """Pivot of the chosen models over benchmarks that at least two of them report."""
        keys = [k for k in f.models if k]
        if len(keys) < 2:
            return pd.DataFrame()
        return self._compares.get(tuple(keys), lambda: self._compare(keys))

    def _compare(self, keys: list[str]) -> pd.DataFrame:
        rows = self.slim[self.index.strings("model_key").where(lambda c: np.isin(c, keys))]
        per_bench = rows.groupby("benchmark", observed=True)["model_key"].nunique()
        shared = [str(b) for b in per_bench[per_bench >= 2].sort_values(ascending=False, kind="stable").index]
        shared = shared[:COMPARE_BENCHMARKS]
        if not shared:
            return pd.DataFrame()
        grid = views.pivot(as_schema(best_candidates(rows[rows["benchmark"].isin(shared).to_numpy()])), shared)
        keep = [c for c in shared if c in grid.columns and grid[c].notna().sum() >= 2]
        return grid[["model", *keep]]

    # ------------------------------------------------------------------ evidence
    def abstract(self, paper_id: str | None) -> str | None:
        pos = self._paper_pos.get(paper_id) if paper_id is not None else None
        if pos is None:
            return None
        value = self.papers["abstract"].iloc[pos]
        return None if pd.isna(value) else str(value)

    def evidence(self, ref: Any) -> Evidence | None:
        """The score row named by ``ref`` (paper_id, model_key, benchmark, setting, score_norm)."""
        if not isinstance(ref, dict):
            return None
        ix = self.index
        m = np.ones(ix.n, dtype=bool)
        for column in ("paper_id", "model_key", "benchmark"):
            value = ref.get(column)
            if not isinstance(value, str):
                return None
            m &= ix.strings(column).where(lambda c, v=value: c == v)
        setting = ref.get("setting")
        same_setting = ix.strings("setting").where(lambda c: c == setting, na=True) if isinstance(setting, str) \
            else ix.strings("setting").where(lambda c: np.zeros(len(c), dtype=bool), na=True)
        candidates = np.flatnonzero(m & same_setting)
        if not len(candidates):
            candidates = np.flatnonzero(m)
        if not len(candidates):
            return None
        value = _as_float(ref.get("score_norm"))
        norms = ix.numbers("score_norm")[candidates]
        pick = candidates[int(np.nanargmin(np.abs(norms - value)))] if value is not None and \
            not np.isnan(norms).all() else candidates[0]
        row = self.scores.iloc[pick]
        group = np.ones(ix.n, dtype=bool)
        for column in ("model_key", "benchmark"):
            group &= ix.strings(column).where(lambda c, v=row[column]: c == v)
        group &= same_setting if isinstance(setting, str) else ix.strings("setting").where(
            lambda c: np.zeros(len(c), dtype=bool), na=True)
        group[pick] = False
        others = self.scores[group]
        mine = round(float(row["score_norm"]), views.VALUE_DECIMALS) if pd.notna(row["score_norm"]) else None
        theirs = others["score_norm"].astype("Float64").round(views.VALUE_DECIMALS)
        same_value = (theirs == mine).fillna(False).to_numpy(dtype=bool) if mine is not None \
            else np.zeros(len(others), dtype=bool)
        different_paper = (others["paper_id"] != row["paper_id"]).fillna(True).to_numpy(dtype=bool)
        same = others[same_value & different_paper].drop_duplicates("paper_id")
        conflicting = others[~same_value & different_paper].drop_duplicates(["paper_id", "score_norm"])
        return Evidence(row=_row_dict(row), abstract=self.abstract(row["paper_id"]),
                        same=same.head(SOURCES_SHOWN), conflicting=conflicting.head(SOURCES_SHOWN),
                        n_same=len(same), n_conflicting=len(conflicting))


SCORE_ORDER = (("score_norm", True), ("model", False))


def best_candidates(rows: pd.DataFrame) -> pd.DataFrame:
    """Only the rows that can be a model's best on a benchmark (its ranked rows with the top value
    in the metric's direction). A pivot of these equals the pivot of all rows, and on a big table
    it is orders of magnitude cheaper, since the pivot builds one board per benchmark."""
    ranked = views.ranked_rows(rows)
    if ranked.empty:
        return ranked
    sign = np.where(ranked["higher_is_better"].astype("boolean").fillna(True).to_numpy(dtype=bool), 1.0, -1.0)
    value = ranked["score_norm"].astype(float).round(views.VALUE_DECIMALS).to_numpy() * sign
    keys = [ranked["model_key"].astype("string").to_numpy(), ranked["benchmark"].astype("string").to_numpy()]
    top = pd.Series(value).groupby(keys).transform("max").to_numpy()
    return ranked[value >= top]


def _as_float(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def _row_dict(row: pd.Series) -> dict:
    return {k: (None if (not isinstance(v, (list, tuple, np.ndarray)) and pd.isna(v)) else v)
            for k, v in row.to_dict().items()}


def evidence_ref(record: dict) -> dict:
    """The part of a grid/chart record that names its score row (sent back on click)."""
    return {k: record.get(k) for k in ("paper_id", "model_key", "benchmark", "setting", "score_norm")}
