"""The dashboard: sortable leaderboards, filters, trend charts, comparison, evidence, downloads.

``create_app(table)`` loads the table once (see :class:`dashboard.service.Leaderboard`), lays out
the page (:mod:`dashboard.layout`) and wires thin callbacks (:mod:`dashboard.callbacks`). The grid
uses AG Grid's infinite row model, so the browser only ever holds the rows it shows; downloads are
plain routes streaming files (:mod:`dashboard.downloads`).
"""
from __future__ import annotations

import threading
from pathlib import Path

import dash
import pandas as pd

from dashboard import callbacks, downloads
from dashboard.layout import layout
from dashboard.service import Leaderboard

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(table: str | Path | Leaderboard | pd.DataFrame, papers: pd.DataFrame | None = None,
               warm: bool = True) -> dash.Dash:
    """A Dash app serving ``table`` (a path, a loaded :class:`Leaderboard` or a score frame)."""
    if isinstance(table, Leaderboard):
        lb = table
    elif isinstance(table, pd.DataFrame):
        lb = Leaderboard(table, papers)
    else:
        lb = Leaderboard.from_path(table)
    if warm:
        lb.warm()
        threading.Thread(target=lb.warm_more, name="leaderboard-warm-up", daemon=True).start()
    app = dash.Dash(__name__, title="Benchmark leaderboard", assets_folder=str(ASSETS),
                    suppress_callback_exceptions=False)
    app.layout = layout(lb)
    callbacks.register(app, lb)
    downloads.register(app.server, lb)
    app.server.config["LEADERBOARD"] = lb
    return app
