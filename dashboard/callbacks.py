"""Thin callbacks: read the page's state, ask :class:`Leaderboard`, hand back plain values.

The URL is the single source of truth for the view. One callback keeps the query string and the
filter controls in step in both directions (loading a link sets the controls; moving a control
rewrites the link) and publishes the canonical query string in ``filters-store``; everything
else -- grid pages, charts, comparison -- is computed from that string.
"""
from __future__ import annotations

import json

import dash
import orjson
from dash import Input, Output, State, ctx

from dashboard import figures
from dashboard.evidence import evidence_children
from dashboard.layout import (BOARD_COLUMNS, PIVOT_FIXED, PIVOT_TAIL, SCORES_COLUMNS, VIEW_DOWNLOAD_PATH,
                              VIEW_DOWNLOADS, column_defs, size_to_slider, slider_to_size)
from dashboard.service import Leaderboard, evidence_ref
from leaderboard.filters import Filters, from_query, to_query
from leaderboard.query import to_records

CONTROLS = [("benchmark-select", "value"), ("setting-select", "value"), ("size-filter", "value"),
            ("unknown-size-toggle", "value"), ("openness-filter", "value"), ("org-filter", "value"),
            ("date-from", "value"), ("date-to", "value"), ("search-box", "value"), ("hide-filter", "value"),
            ("view-select", "value"), ("compare-models", "value")]
REF_FIELDS = ("paper_id", "model_key", "benchmark", "setting", "score_norm")


# ---------------------------------------------------------------------------- URL <-> controls
def filters_from_controls(values: list, trigger: str | None = None) -> Filters:
    (bench, setting, size, unknown, openness, org, date_from, date_to, q, hide, view, models) = values
    lo, hi = slider_to_size(size)
    keep_unknown = bool(unknown) and "include" in (unknown or [])
    has_bound = lo is not None or hi is not None
    unknown_size = None if (trigger == "size-filter" or keep_unknown == (not has_bound)) else keep_unknown
    bench = bench if isinstance(bench, str) and not bench.startswith("__category__") else None
    return Filters(benchmark=bench, setting=setting, min_params=lo, max_params=hi, unknown_size=unknown_size,
                   open=tuple(openness or ()), org=tuple(org or ()), date_from=date_from, date_to=date_to,
                   q=q or "", hide=tuple(hide or ()), view=view or "board",
                   models=tuple(models or ())).with_()


def controls_from_filters(f: Filters, lb: Leaderboard) -> list:
    shown_benchmark = f.benchmark or (None if f.view == "scores" else lb.default_benchmark)
    return [shown_benchmark, f.setting, size_to_slider(f.min_params, f.max_params),
            ["include"] if f.keep_unknown_size else [], list(f.open), list(f.org), f.date_from or "",
            f.date_to or "", f.q, list(f.hide), f.view, list(f.models)]


def sync(lb: Leaderboard, search: str | None, values: list, trigger: str | None):
    """(new query string, control values, store) for a URL load or a control change."""
    if trigger in (None, "url"):
        f = from_query(search or "")
        return dash.no_update, controls_from_filters(f, lb), to_query(f)
    f = filters_from_controls(values, trigger)
    controls = [dash.no_update] * len(CONTROLS)
    if trigger == "size-filter":
        controls[3] = ["include"] if f.keep_unknown_size else []
    query = to_query(f)
    return query or "?", controls, query


# ---------------------------------------------------------------------------- grid
def view_columns(lb: Leaderboard, f: Filters):
    """(column spec, field renames) of the current view; pivot benchmarks get safe field ids."""
    if f.view == "scores":
        return SCORES_COLUMNS, {}
    if f.view == "pivot":
        benches = lb.pivot_benchmarks(f)
        fields = {b: f"b{i}" for i, b in enumerate(benches)}
        spec = PIVOT_FIXED + [(fields[b], b, "number", True) for b in benches] + PIVOT_TAIL
        return spec, fields
    return BOARD_COLUMNS, {}


def _rename_model(model, renames: dict) -> object:
    """Translate field ids in an AG Grid sort/filter model back to the view's column names."""
    back = {v: k for k, v in renames.items()}
    if isinstance(model, list):
        return [{**m, "colId": back.get(m.get("colId"), m.get("colId"))} if isinstance(m, dict) else m
                for m in model]
    if isinstance(model, dict):
        return {back.get(k, k): v for k, v in model.items()}
    return model


def grid_rows(lb: Leaderboard, query: str | None, request: dict | None) -> tuple[dict, str]:
    f = from_query(query or "")
    spec, renames = view_columns(lb, f)
    request = request if isinstance(request, dict) else {}
    request = {**request, "sortModel": _rename_model(request.get("sortModel"), renames),
               "filterModel": _rename_model(request.get("filterModel"), renames)}
    page = lb.grid_page(f, request)
    fields = [s[0] for s in spec]
    rows = page.rows.rename(columns=renames)
    keep = list(dict.fromkeys(fields + [c for c in REF_FIELDS if c in rows.columns]))
    records = to_records(rows, keep)
    what = {"board": f"models on {lb.benchmark_of(f)}", "pivot": "models", "scores": "scores"}[f.view]
    return {"rowData": records, "rowCount": page.total}, f"{page.total:,} {what} match"


# ---------------------------------------------------------------------------- downloads
#: the view download links follow the filters and the grid's sort and column filters; computed in
#: the browser (no round trip), so a click always downloads exactly what the grid shows
DOWNLOAD_HREFS = """function(query, request) {
    var grid = {sortModel: (request && request.sortModel) || [], filterModel: (request && request.filterModel) || {}};
    var params = new URLSearchParams((query || "").replace(/^\\?/, ""));
    if (grid.sortModel.length || Object.keys(grid.filterModel).length) {
        params.set("grid", JSON.stringify(grid));
    }
    var tail = params.toString() ? "?" + params.toString() : "";
    return FORMATS.map(function(fmt) { return "PATH" + fmt + tail; });
}"""


# ---------------------------------------------------------------------------- evidence
def ref_from_click(lb: Leaderboard, f: Filters, trigger: str | None, selected, trend_click, size_click):
    if trigger == "leaderboard-grid":
        if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
            return None
        ref = evidence_ref(selected[0])
        if not ref.get("paper_id") and ref.get("model_key"):        # pivot row: its best on the benchmark
            board = lb.board(Filters(benchmark=lb.benchmark_of(f))).frame
            hit = board[board["model_key"] == ref["model_key"]]
            ref = evidence_ref(to_records(hit.head(1))[0]) if len(hit) else None
        return ref
    click = trend_click if trigger == "trend-chart" else size_click
    try:
        custom = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(custom, list) or len(custom) != len(REF_FIELDS):
        return None
    return dict(zip(REF_FIELDS, custom))


# ---------------------------------------------------------------------------- charts
def charts(lb: Leaderboard, f: Filters) -> tuple[dict, dict]:
    """The trend and size charts of a filter state, as figure dicts. Each state's charts are
    drawn once and kept as their JSON text (a few hundred kB; the figure objects would be
    megabytes), so a state seen before costs one parse."""
    def draw() -> tuple[str, str]:
        bench = lb.benchmark_of(f)
        board = lb.board(f)
        shown = board.frame[board.mask(f, rows=False)]
        return (figures.figure_json(figures.trend_figure(lb.sota(f), lb.models["params_b"], bench)),
                figures.figure_json(figures.size_figure(shown, bench, higher_is_better=lb.higher_is_better(bench))))
    trend, size = lb.charts_of(f, draw)
    return orjson.loads(trend), orjson.loads(size)


def register(app: dash.Dash, lb: Leaderboard) -> None:
    @app.callback(Output("url", "search"), *[Output(i, p) for i, p in CONTROLS], Output("filters-store", "data"),
                  Input("url", "search"), *[Input(i, p) for i, p in CONTROLS])
    def _sync(search, *values):
        query, controls, stored = sync(lb, search, list(values), ctx.triggered_id)
        return (query, *controls, stored)

    app.clientside_callback(
        """function(query) {
            if (window.dash_ag_grid && dash_ag_grid.getApiAsync) {
                dash_ag_grid.getApiAsync("leaderboard-grid").then(function(api) { api.purgeInfiniteCache(); });
            }
            return query;
        }""",
        Output("grid-refresh", "data"), Input("filters-store", "data"))

    @app.callback(Output("column-chooser", "options"), Output("column-chooser", "value"),
                  Input("filters-store", "data"), State("column-chooser", "options"))
    def _chooser(query, current):
        spec, _ = view_columns(lb, from_query(query or ""))
        options = [{"label": header, "value": field} for field, header, _, _ in spec]
        if options == current:
            return dash.no_update, dash.no_update
        return options, [field for field, _, _, shown in spec if shown]

    @app.callback(Output("leaderboard-grid", "columnDefs"),
                  Input("column-chooser", "value"), State("filters-store", "data"))
    def _columns(visible, query):
        spec, _ = view_columns(lb, from_query(query or ""))
        return column_defs(spec, visible if isinstance(visible, list) else None)

    @app.callback(Output("leaderboard-grid", "getRowsResponse"), Output("match-count", "children"),
                  Input("leaderboard-grid", "getRowsRequest"), State("filters-store", "data"))
    def _rows(request, query):
        return grid_rows(lb, query, request)

    @app.callback(Output("trend-chart", "figure"), Output("size-chart", "figure"), Input("filters-store", "data"))
    def _charts(query):
        return charts(lb, from_query(query or ""))

    @app.callback(Output("compare-chart", "figure"), Input("filters-store", "data"), Input("compare-kind", "value"))
    def _compare(query, kind):
        kind = kind if kind in ("bar", "radar") else "bar"
        figure = figures.compare_figure(lb.compare(from_query(query or "")), kind)
        return orjson.loads(figures.figure_json(figure))

    @app.callback(Output("evidence-panel", "children"),
                  Input("leaderboard-grid", "selectedRows"), Input("trend-chart", "clickData"),
                  Input("size-chart", "clickData"), State("filters-store", "data"), prevent_initial_call=True)
    def _evidence(selected, trend_click, size_click, query):
        ref = ref_from_click(lb, from_query(query or ""), ctx.triggered_id, selected, trend_click, size_click)
        return evidence_children(lb.evidence(ref)) if ref else dash.no_update

    formats = json.dumps([button.split("-", 1)[1] for button in VIEW_DOWNLOADS])
    app.clientside_callback(DOWNLOAD_HREFS.replace("FORMATS", formats).replace("PATH", VIEW_DOWNLOAD_PATH),
                            *[Output(button, "href") for button in VIEW_DOWNLOADS],
                            Input("filters-store", "data"), Input("leaderboard-grid", "getRowsRequest"))
