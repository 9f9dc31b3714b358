"""The page: a filter panel on the left, the leaderboard grid, charts, comparison and evidence.

Component ids are a public contract (tests and scripts address them): ``leaderboard-grid``,
``benchmark-select``, ``openness-filter``, ``size-filter``, ``search-box``, ``trend-chart``,
``size-chart``, ``compare-chart``, ``evidence-panel``, ``download-csv``, ``download-xlsx``,
``download-parquet``; and ``setting-select``, ``unknown-size-toggle``, ``org-filter``, ``date-from``,
``date-to``, ``hide-filter``, ``view-select``, ``column-chooser``, ``compare-models``,
``compare-kind``, ``download-full-csv``, ``download-full-parquet``, ``status-line``, ``match-count``.
"""
from __future__ import annotations

import math

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.service import Leaderboard

SIZE_MIN, SIZE_MAX = -1.0, 4.0       # log10 billions: 100M .. 10T parameters
SIZE_MARKS = {-1: "0.1B", 0: "1B", 1: "10B", 2: "100B", 3: "1T", 4: "10T"}

#: the grid's columns per view: (field, header, kind, shown by default)
BOARD_COLUMNS = [("rank", "Rank", "number", True), ("model", "Model", "text", True),
                 ("score", "Score", "number", True), ("unit", "Unit", "text", False),
                 ("setting", "Setting", "text", True), ("params_b", "Params (B)", "number", True),
                 ("openness", "Open/closed", "text", True), ("organisation", "Organisation", "text", True),
                 ("title", "Paper", "text", True), ("published", "Date", "text", True),
                 ("n_sources", "Sources", "number", True), ("conflict", "Conflict", "bool", True),
                 ("evidence", "Evidence", "text", False)]
SCORES_COLUMNS = [("model", "Model", "text", True), ("benchmark", "Benchmark", "text", True),
                  ("score", "Score", "number", True), ("unit", "Unit", "text", False),
                  ("setting", "Setting", "text", True), ("params_b", "Params (B)", "number", True),
                  ("openness", "Open/closed", "text", True), ("organisation", "Organisation", "text", True),
                  ("title", "Paper", "text", True), ("published", "Date", "text", True),
                  ("confidence", "Confidence", "number", True), ("evidence", "Evidence", "text", False)]
#: the view download routes, one per format (the query string follows)
VIEW_DOWNLOAD_PATH = "/download/view."
VIEW_DOWNLOADS = ["download-csv", "download-xlsx", "download-parquet"]
PIVOT_FIXED = [("rank", "Rank", "number", True), ("model", "Model", "text", True),
               ("average", "Average", "number", True), ("n_averaged", "Benchmarks averaged", "number", False)]
PIVOT_TAIL = [("params_b", "Params (B)", "number", True), ("openness", "Open/closed", "text", True),
              ("organisation", "Organisation", "text", True)]


def size_to_slider(min_params: float | None, max_params: float | None) -> list[float]:
    def log(x, default):
        if x is None or x <= 0:
            return default
        return min(SIZE_MAX, max(SIZE_MIN, math.log10(x)))
    return [log(min_params, SIZE_MIN), log(max_params, SIZE_MAX)]


def slider_to_size(value) -> tuple[float | None, float | None]:
    """Slider ends in log10 billions -> (min, max) billions; an end at the rail means no bound."""
    try:
        lo, hi = (float(value[0]), float(value[1]))
    except (TypeError, ValueError, IndexError, KeyError):
        return None, None

    def size(x):
        return float(f"{10 ** x:.3g}")
    return (None if lo <= SIZE_MIN + 1e-9 else size(lo)), (None if hi >= SIZE_MAX - 1e-9 else size(hi))


def benchmark_options(lb: Leaderboard) -> list[dict]:
    """Benchmarks grouped by category: a disabled heading option before each group."""
    options = []
    cat = lb.benchmarks.sort_values(["category", "models", "benchmark"], ascending=[True, False, True])
    for category, group in cat.groupby("category", sort=True):
        options.append({"label": f"-- {category} --", "value": f"__category__{category}", "disabled": True})
        options += [{"label": f"{b} ({m} models)", "value": b} for b, m in zip(group["benchmark"], group["models"])]
    return options


def column_defs(columns, visible: list[str] | None = None) -> list[dict]:
    defs = []
    for field, header, kind, shown in columns:
        d = {"field": field, "headerName": header, "hide": (field not in visible) if visible is not None else not shown}
        if kind == "number":
            d.update(filter="agNumberColumnFilter", cellDataType="number", type="rightAligned")
        elif kind == "bool":
            d.update(filter=False, cellDataType="text",
                     valueFormatter={"function": "params.value ? '\u26a0 conflict' : ''"})
        else:
            d.update(filter="agTextColumnFilter", cellDataType="text")
        if field == "model":
            d.update(pinned="left", minWidth=160)
        if field == "rank":
            d.update(pinned="left", width=90)
        if field in ("title", "evidence"):
            d.update(minWidth=240, tooltipField=field)
        defs.append(d)
    return defs


def _panel(lb: Leaderboard) -> html.Div:
    models = lb.models.reset_index()[["model_key", "model"]]
    return html.Div([
        html.H3("Filters"),
        html.Label("View"),
        dcc.RadioItems(id="view-select", value="board", inline=True, options=[
            {"label": " Leaderboard", "value": "board"}, {"label": " Model x benchmark", "value": "pivot"},
            {"label": " All scores", "value": "scores"}]),
        html.Label("Benchmark", htmlFor="benchmark-select"),
        dcc.Dropdown(id="benchmark-select", options=benchmark_options(lb), value=lb.default_benchmark,
                     placeholder="all benchmarks"),
        html.Label("Setting", htmlFor="setting-select"),
        dcc.Dropdown(id="setting-select", options=lb.distinct("setting", 300), placeholder="any setting"),
        html.Label("Model size (billions of parameters)"),
        dcc.RangeSlider(id="size-filter", min=SIZE_MIN, max=SIZE_MAX, step=0.05, value=[SIZE_MIN, SIZE_MAX],
                        marks=SIZE_MARKS, allowCross=False, updatemode="mouseup"),
        dcc.Checklist(id="unknown-size-toggle", options=[{"label": " include models of unknown size",
                                                          "value": "include"}], value=["include"]),
        html.Label("Openness"),
        dcc.Checklist(id="openness-filter", inline=True, value=[], options=[
            {"label": " open weights", "value": "open"}, {"label": " closed", "value": "closed"},
            {"label": " unknown", "value": "unknown"}]),
        html.Label("Organisation or family", htmlFor="org-filter"),
        dcc.Dropdown(id="org-filter", multi=True, placeholder="any",
                     options=sorted(set(lb.distinct("organisation", 300)) | set(lb.distinct("family", 300)))),
        html.Label("Published from / to (YYYY, YYYY-MM or YYYY-MM-DD)"),
        html.Div([dcc.Input(id="date-from", type="text", placeholder="from", debounce=True, className="date-input"),
                  dcc.Input(id="date-to", type="text", placeholder="to", debounce=True, className="date-input")],
                 className="date-row"),
        html.Label("Model name", htmlFor="search-box"),
        dcc.Input(id="search-box", type="search", placeholder="search models", debounce=True,
                  className="search-input"),
        dcc.Checklist(id="hide-filter", value=[], options=[
            {"label": " hide low-confidence rows", "value": "low_confidence"},
            {"label": " hide conflicted rows", "value": "conflicted"}]),
        html.Hr(),
        html.Label("Compare models (2-6)", htmlFor="compare-models"),
        dcc.Dropdown(id="compare-models", multi=True, placeholder="pick models",
                     options=[{"label": str(m), "value": str(k)} for k, m in
                              zip(models["model_key"], models["model"].fillna(models["model_key"]))][:2000]),
        html.Hr(),
        html.Label("Download the current view"),
        html.Div([download_link("CSV", "download-csv", VIEW_DOWNLOAD_PATH + "csv"),
                  download_link("Excel", "download-xlsx", VIEW_DOWNLOAD_PATH + "xlsx"),
                  download_link("Parquet", "download-parquet", VIEW_DOWNLOAD_PATH + "parquet")],
                 className="button-row"),
        html.Label("Download the full table"),
        html.Div([download_link("CSV", "download-full-csv", "/download/full.csv"),
                  download_link("Parquet", "download-full-parquet", "/download/full.parquet")],
                 className="button-row"),
    ], className="panel", id="filter-panel")


def download_link(label: str, component_id: str, href: str) -> html.A:
    """A plain link to a download route (dashboard/downloads.py): the browser streams the file
    to disk itself; the view links get the current filters and grid state appended."""
    return html.A(label, id=component_id, href=href, download="", className="download-link")


def status_text(lb: Leaderboard) -> str:
    s = lb.status()
    built = f"; table built {s['built_at']}" if s["built_at"] else ""
    return (f"{s['papers']:,} papers, {s['scores']:,} scores, {s['models']:,} models, "
            f"{s['benchmarks']:,} benchmarks{built}")


def layout(lb: Leaderboard) -> html.Div:
    grid = dag.AgGrid(
        id="leaderboard-grid", rowModelType="infinite", columnDefs=column_defs(BOARD_COLUMNS),
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "filterParams": {"buttons": ["reset"], "maxNumConditions": 2}},
        dashGridOptions={"rowBuffer": 0, "cacheBlockSize": 100, "maxBlocksInCache": 20,
                         "infiniteInitialRowCount": 1, "animateRows": False, "suppressFieldDotNotation": True,
                         "suppressColumnVirtualisation": True,
                         "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "tooltipShowDelay": 300},
        style={"height": "460px", "width": "100%"})
    return html.Div([
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="filters-store"),
        dcc.Store(id="grid-refresh"),
        html.Header([html.H1("Benchmark leaderboard"),
                     html.Div(status_text(lb), id="status-line", className="status")]),
        html.Div([
            _panel(lb),
            html.Main([
                html.Div([html.Span(id="match-count", className="status"),
                          html.Span("Columns:", className="chooser-label"),
                          dcc.Dropdown(id="column-chooser", multi=True, clearable=False,
                                       className="column-chooser")], className="grid-bar"),
                grid,
                html.Div([
                    dcc.Loading(dcc.Graph(id="trend-chart", config={"displaylogo": False}), type="circle"),
                    dcc.Loading(dcc.Graph(id="size-chart", config={"displaylogo": False}), type="circle"),
                ], className="charts"),
                html.Div([
                    html.Div([dcc.RadioItems(id="compare-kind", value="bar", inline=True, options=[
                        {"label": " grouped bars", "value": "bar"}, {"label": " radar", "value": "radar"}])]),
                    dcc.Loading(dcc.Graph(id="compare-chart", config={"displaylogo": False}), type="circle"),
                ], className="compare"),
                html.Section(id="evidence-panel", className="evidence", children=html.P(
                    "Click a row of the leaderboard or a point of a chart to see where its number comes from.",
                    className="hint")),
            ], className="main"),
        ], className="page"),
    ])
