"""Plotly figures of the dashboard, as plain functions of view frames (unit-tested, no server).

A million-row table can put a hundred thousand dated scores on one benchmark; a browser needs a
few thousand points to show the same picture. Every figure here therefore reduces first:
every record-setting score (the frontier) is always drawn, and the rest are thinned to the best
score per model per month, then to an evenly spread sample, so a figure's JSON stays far below
500 kB whatever the table's size.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

MAX_POINTS = 1500
MARGIN = dict(l=50, r=20, t=50, b=20)
LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.28, "x": 0}
COLOURS = {"open": "#2a9d8f", "closed": "#e76f51", "unknown": "#8d99ae"}
GROUP_LABELS = {"open": "open weights", "closed": "closed", "unknown": "openness unknown"}
CUSTOM = ["paper_id", "model_key", "benchmark", "setting", "score_norm"]
TEMPLATE = "plotly_white"


@lru_cache(maxsize=1)
def _template() -> dict:
    return pio.templates[TEMPLATE].to_plotly_json()


def figure_json(fig: go.Figure) -> str:
    """The figure as JSON, in the dashboard's template. The template is attached here, as data:
    set on a figure object it is validated and deep-copied, some 30 ms per figure."""
    data = fig.to_plotly_json()
    data["layout"]["template"] = _template()
    return pio.to_json(data, validate=False)


def _empty(message: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, height=220, margin=dict(l=50, r=20, t=50, b=20),
                      xaxis={"visible": False}, yaxis={"visible": False},
                      annotations=[{"text": message, "showarrow": False, "font": {"size": 14}}])
    return fig


def thin(points: pd.DataFrame, keep: pd.Series | None = None, limit: int = MAX_POINTS,
         key: str = "score_norm") -> pd.DataFrame:
    """At most ``limit`` rows of ``points``: all ``keep`` rows, then the best per model and month,
    then an evenly spaced sample of what is left (deterministic)."""
    if len(points) <= limit:
        return points
    keep = keep if keep is not None else pd.Series(False, index=points.index)
    kept = points[keep.fillna(False).astype(bool)]
    rest = points[~keep.fillna(False).astype(bool)]
    if "date" in rest.columns and "model_key" in rest.columns:
        date = pd.to_datetime(rest["date"], errors="coerce")
        month = (date.dt.year * 12 + date.dt.month).fillna(-1).astype(int).to_numpy()
        model = pd.factorize(rest["model_key"].astype("string").fillna(""))[0]
        value = pd.to_numeric(rest[key], errors="coerce").astype(float).fillna(-np.inf).to_numpy()
        order = np.lexsort((-value, month, model))            # best first within (model, month)
        pair = model[order].astype(np.int64) * 100_000 + month[order]
        first = np.concatenate([[True], pair[1:] != pair[:-1]])
        rest = rest.iloc[np.sort(order[first])]
    room = max(0, limit - len(kept))
    if len(rest) > room:
        rest = rest.iloc[np.linspace(0, len(rest) - 1, room).astype(int)] if room else rest.iloc[:0]
    return pd.concat([kept, rest]).sort_index()


def marker_sizes(params_b: pd.Series) -> np.ndarray:
    """Marker size grows with log(parameters); unknown size gets the smallest marker."""
    size = pd.to_numeric(params_b, errors="coerce").astype(float).to_numpy()
    scaled = 6 + 4 * np.log10(np.clip(np.nan_to_num(size, nan=0.1), 0.1, 10_000) / 0.1)
    return np.where(np.isnan(size), 5, np.round(scaled, 1))


def _customdata(frame: pd.DataFrame, benchmark: str | None) -> list[list]:
    cols = []
    for c in CUSTOM:
        if c == "benchmark" and c not in frame.columns:
            cols.append([benchmark] * len(frame))
        else:
            cols.append(frame[c].astype(object).where(frame[c].notna(), None).tolist() if c in frame.columns
                        else [None] * len(frame))
    out = np.empty((len(frame), len(cols)), dtype=object)          # an array: plotly checks it whole,
    for i, values in enumerate(cols):                                # where a list of lists is checked cell by cell
        out[:, i] = values
    return out


def trend_figure(sota: pd.DataFrame, params: pd.Series | None = None, benchmark: str | None = None,
                 limit: int = MAX_POINTS) -> go.Figure:
    """Score against date (views.sota_over_time rows): points coloured by openness and sized by
    parameters (``params``: model_key -> billions), with each group's record line as a step."""
    title = f"{benchmark}: score over time" if benchmark else "score over time"
    if sota is None or sota.empty:
        return _empty("no dated scores match the filters", title)
    fig = go.Figure()
    drawn = ["group", "date", "model", "model_key", "title", "is_record", "running_best", *CUSTOM]
    sota = sota[[c for c in dict.fromkeys(drawn) if c in sota.columns]]     # thinning copies fewer columns
    sota = sota.assign(score_norm=sota["score_norm"].astype(float))
    for group in ("open", "closed", "unknown"):
        rows = sota[sota["group"] == group]
        if rows.empty:
            continue
        shown = thin(rows, rows["is_record"].astype(bool), limit=max(50, limit // 3))
        size = shown["model_key"].map(params) if params is not None else pd.Series(np.nan, index=shown.index)
        fig.add_trace(go.Scatter(
            x=shown["date"].dt.strftime("%Y-%m-%d"), y=shown["score_norm"], mode="markers",
            name=GROUP_LABELS[group], legendgroup=group,
            marker={"color": COLOURS[group], "size": marker_sizes(size), "opacity": 0.65},
            text=shown["model"].astype("string").fillna("?"),
            hovertext=shown["title"].astype("string").fillna("").str.slice(0, 90),
            customdata=_customdata(shown, benchmark),
            hovertemplate="<b>%{text}</b><br>score %{y}<br>%{x}<br>%{hovertext}<extra></extra>"))
        records = rows[rows["is_record"].astype(bool)]
        if len(records):
            xs = records["date"].dt.strftime("%Y-%m-%d").tolist() + [rows["date"].max().strftime("%Y-%m-%d")]
            ys = records["running_best"].astype(float).tolist() + [float(records["running_best"].iloc[-1])]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"shape": "hv", "color": COLOURS[group],
                                                                      "width": 2},
                                     name=f"state of the art ({GROUP_LABELS[group]})", legendgroup=group,
                                     hoverinfo="skip"))
    first, last = sota["date"].min(), sota["date"].max()
    if last - first < pd.Timedelta(days=60):          # a lone date: show the months around it
        fig.update_xaxes(range=[(first - pd.Timedelta(days=90)).strftime("%Y-%m-%d"),
                                (last + pd.Timedelta(days=90)).strftime("%Y-%m-%d")])
    fig.update_layout(title=title, height=420, xaxis_title="date", xaxis_type="date",
                      yaxis_title="score", margin=MARGIN, legend=LEGEND)
    return fig


def efficiency_frontier(board: pd.DataFrame, higher_is_better: bool = True) -> pd.DataFrame:
    """Models of known size that no smaller (or equal-size) model beats: the size/score frontier."""
    rows = board.assign(_p=pd.to_numeric(board["params_b"], errors="coerce").astype(float),
                        _s=pd.to_numeric(board["score_norm"], errors="coerce").astype(float))
    rows = rows.dropna(subset=["_p", "_s"])
    if rows.empty:
        return rows.drop(columns=["_p", "_s"])
    sign = 1 if higher_is_better else -1
    rows = rows.sort_values(["_p", "_s"], ascending=[True, not higher_is_better], kind="stable")
    best = -np.inf
    keep = []
    for value in rows["_s"].to_numpy() * sign:
        keep.append(value > best)
        best = max(best, value)
    return rows[np.array(keep, dtype=bool)].drop(columns=["_p", "_s"])


def size_figure(board: pd.DataFrame, benchmark: str | None = None, higher_is_better: bool = True,
                limit: int = MAX_POINTS) -> go.Figure:
    """Best score per model against parameters (log x), with the efficiency frontier."""
    title = f"{benchmark}: score against model size" if benchmark else "score against model size"
    if board is None or board.empty:
        return _empty("no models match the filters", title)
    sized = board[pd.to_numeric(board["params_b"], errors="coerce").notna()]
    if sized.empty:
        return _empty("no model of known size matches the filters", title)
    frontier = efficiency_frontier(sized, higher_is_better)
    shown = thin(sized, sized.index.isin(frontier.index) if len(frontier) else None, limit=limit,
                 key="score_norm")
    fig = go.Figure()
    labels = shown.get("openness", pd.Series("unknown", index=shown.index)).fillna("unknown")
    for group in ("open", "closed", "unknown"):
        rows = shown[labels == group]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=rows["params_b"].astype(float), y=rows["score_norm"].astype(float), mode="markers",
            name=GROUP_LABELS[group], marker={"color": COLOURS[group], "size": 9, "opacity": 0.8},
            text=rows["model"].astype("string").fillna("?"), customdata=_customdata(rows, benchmark),
            hovertemplate="<b>%{text}</b><br>%{x}B parameters<br>score %{y}<extra></extra>"))
    if len(frontier):
        fig.add_trace(go.Scatter(x=frontier["params_b"].astype(float), y=frontier["score_norm"].astype(float),
                                 mode="lines", line={"shape": "hv", "color": "#264653", "dash": "dot"},
                                 name="efficiency frontier", hoverinfo="skip"))
    fig.update_layout(title=title, height=420, xaxis_type="log",
                      xaxis_title="parameters (billions, log scale)", yaxis_title="score",
                      margin=MARGIN, legend=LEGEND)
    return fig


def compare_figure(grid: pd.DataFrame, kind: str = "bar") -> go.Figure:
    """Chosen models side by side over the benchmarks at least two of them report
    (``grid``: model + one column per benchmark, as :meth:`Leaderboard.compare` returns)."""
    title = "model comparison"
    if grid is None or grid.empty or len(grid.columns) <= 1:
        return _empty("pick 2-6 models that share at least one benchmark", title)
    benchmarks = [c for c in grid.columns if c != "model"]
    fig = go.Figure()
    for _, row in grid.iterrows():
        values = [None if pd.isna(row[b]) else float(row[b]) for b in benchmarks]
        name = str(row["model"]) if pd.notna(row["model"]) else "?"
        if kind == "radar":
            fig.add_trace(go.Scatterpolar(r=values + values[:1], theta=benchmarks + benchmarks[:1],
                                          name=name, fill="toself", opacity=0.6))
        else:
            fig.add_trace(go.Bar(x=benchmarks, y=values, name=name))
    fig.update_layout(title=title, height=420, barmode="group",
                      margin=MARGIN, legend=LEGEND)
    return fig
