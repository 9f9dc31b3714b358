"""A first, plain app: every score in a sortable grid, and scores per benchmark in one chart."""
from __future__ import annotations

from pathlib import Path

import dash
import dash_ag_grid as dag
import plotly.express as px
from dash import dcc, html

from leaderboard import store

GRID_COLUMNS = ["model", "benchmark", "score", "unit", "setting", "title", "published", "evidence"]


def create_app(table_path: str | Path) -> dash.Dash:
    table = store.read_table(table_path)
    scores = table[table["kind"] == "score"]
    app = dash.Dash(__name__, title="Benchmark leaderboard")
    counts = scores["benchmark"].value_counts().head(20)
    fig = px.bar(x=counts.index.astype(str), y=counts.values, labels={"x": "benchmark", "y": "score rows"})
    records = scores[GRID_COLUMNS].astype(object).where(scores[GRID_COLUMNS].notna(), None).to_dict("records")
    app.layout = html.Div([
        html.H1("Benchmark leaderboard"),
        html.P(f"{scores['paper_id'].nunique()} papers, {len(scores)} scores"),
        dag.AgGrid(id="leaderboard-grid", rowData=records,
                   columnDefs=[{"field": c, "cellDataType": "text" if c == "published" else None}
                               for c in GRID_COLUMNS],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True}),
        dcc.Graph(id="trend-chart", figure=fig),
    ])
    return app
