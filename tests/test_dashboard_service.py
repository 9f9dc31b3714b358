"""The plain functions behind the dashboard, on the seeds' harvest and on a generated table."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import callbacks, figures
from dashboard.evidence import evidence_children, segments
from dashboard.service import Leaderboard, best_candidates
from generated import generated_tables
from leaderboard import store, views
from leaderboard.filters import Filters, from_query, to_query


@pytest.fixture(scope="module")
def seeds_lb(seed_harvest):
    return Leaderboard(seed_harvest.scores, seed_harvest.papers)


@pytest.fixture(scope="module")
def gen_lb():
    scores, papers = generated_tables()
    return Leaderboard(scores, papers)


def test_board_is_the_view_of_the_competing_rows(seeds_lb, seed_harvest):
    bench = seeds_lb.default_benchmark
    board = seeds_lb.board(Filters(benchmark=bench)).frame
    expected = views.benchmark_board(seed_harvest.scores, bench)
    assert board["model_key"].tolist() == expected["model_key"].tolist()
    assert board["score_norm"].astype(float).tolist() == expected["score_norm"].astype(float).tolist()


def test_grid_page_applies_model_filters_to_the_board(gen_lb):
    f = from_query("?open=open,unknown&min_params=1&unknown_size=1")
    page = gen_lb.grid_page(f, {"startRow": 0, "endRow": 1000})
    board = gen_lb.board(f).frame
    open_ = board["open_weights"].astype("boolean")
    size = board["params_b"].astype(float)
    keep = (open_ != False).fillna(True) & ((size >= 1) | size.isna())  # noqa: E712
    assert set(page.rows["model_key"]) == set(board.loc[keep.to_numpy(dtype=bool), "model_key"])
    assert page.total == int(keep.sum())


def test_date_and_confidence_filters_decide_which_scores_compete(gen_lb):
    f = from_query("?from=2024-01&to=2024-12&hide=low_confidence")
    bench = gen_lb.default_benchmark
    rows = gen_lb.scores
    competing = rows[(rows["benchmark"] == bench) & rows["published"].str.startswith("2024")
                     & (rows["confidence"] >= 0.5)]
    expected = views.benchmark_board(competing, bench)
    got = gen_lb.board(f).frame
    assert got["model_key"].tolist() == expected["model_key"].tolist()
    assert got["score_norm"].astype(float).tolist() == expected["score_norm"].astype(float).tolist()


def test_best_candidates_keep_the_pivot_unchanged(gen_lb):
    rows = gen_lb.slim
    few = rows[rows["benchmark"].isin(gen_lb.benchmarks["benchmark"].head(6)).to_numpy()]
    pd.testing.assert_frame_equal(views.pivot(best_candidates(few)), views.pivot(few))


def test_pivot_view_and_comparison(gen_lb):
    pivot = gen_lb.pivot(Filters(view="pivot")).frame
    assert {"model", "average", "rank"} <= set(pivot.columns)
    assert pivot["model_key"].is_unique and len(pivot) == gen_lb.scores["model_key"].nunique()
    keys = gen_lb.distinct("model_key", 3)
    grid = gen_lb.compare(Filters(models=tuple(keys)))
    assert len(grid) == 3 and len(grid.columns) > 1
    assert all(grid[c].notna().sum() >= 2 for c in grid.columns if c != "model")
    assert gen_lb.compare(Filters(models=tuple(keys[:1]))).empty


def test_sota_and_trend_figure_stay_small_on_many_points():
    scores, papers = generated_tables(40_000, 3)
    lb = Leaderboard(scores, papers)
    f = Filters(benchmark=lb.default_benchmark)
    sota = lb.sota(f)
    assert len(sota) > figures.MAX_POINTS
    params = lb.scores.drop_duplicates("model_key").set_index("model_key")["params_b"]
    fig = figures.trend_figure(sota, params, f.benchmark)
    points = sum(len(t.x) for t in fig.data if t.mode == "markers")
    assert points <= figures.MAX_POINTS
    assert len(fig.to_json()) < 500_000
    records = sota[sota["is_record"].astype(bool)]
    drawn = {(t.name, x) for t in fig.data if t.mode == "lines" for x in t.x}
    assert len(drawn) >= len(records)           # every record is a step of its line


def test_thin_keeps_every_kept_row():
    frame = pd.DataFrame({"score_norm": np.arange(5000.0), "model_key": ["m"] * 5000,
                          "date": pd.date_range("2020-01-01", periods=5000, freq="h")})
    keep = pd.Series(False, index=frame.index)
    keep.iloc[::97] = True
    out = figures.thin(frame, keep, limit=300)
    assert len(out) <= 300 and set(frame.index[keep]) <= set(out.index)


def test_efficiency_frontier_is_pareto_optimal():
    board = pd.DataFrame({"model": list("abcdef"), "params_b": [1, 2, 3, 7, 70, pd.NA],
                          "score_norm": [50, 45, 60, 58, 80, 99]})
    front = figures.efficiency_frontier(board)
    assert front["model"].tolist() == ["a", "c", "e"]
    lower = figures.efficiency_frontier(board, higher_is_better=False)
    assert lower["model"].tolist() == ["a", "b"]


def test_size_and_compare_figures(gen_lb):
    board = gen_lb.board(Filters()).frame
    fig = figures.size_figure(board, "X")
    assert fig.layout.xaxis.type == "log"
    sized = board["params_b"].notna().sum()
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == sized
    grid = gen_lb.compare(Filters(models=tuple(gen_lb.distinct("model_key", 2))))
    bars = figures.compare_figure(grid, "bar")
    assert len(bars.data) == 2 and all(t.type == "bar" for t in bars.data)
    assert figures.compare_figure(grid, "radar").data[0].type == "scatterpolar"


def test_evidence_finds_the_row_its_sources_and_highlights_the_number(seeds_lb):
    row = seeds_lb.scores.iloc[0]
    ev = seeds_lb.evidence({c: (None if pd.isna(row[c]) else row[c]) for c in
                            ("paper_id", "model_key", "benchmark", "setting", "score_norm")})
    assert ev is not None and ev.row["paper_id"] == row["paper_id"]
    segs = segments(ev.abstract, (row["span_start"], row["span_end"]), (row["number_start"], row["number_end"]))
    assert "".join(s.text for s in segs) == ev.abstract
    number = [s.text for s in segs if s.role == "number"]
    assert number == [ev.abstract[int(row["number_start"]):int(row["number_end"])]]
    assert float(number[0].replace("\\", "").rstrip("%").strip()) == pytest.approx(float(row["score"]), rel=0.2) \
        or number[0] == str(row["score_text"])


def test_evidence_lists_conflicting_and_agreeing_sources(gen_lb):
    conflicts = views.conflicts(gen_lb.slim)
    assert len(conflicts)
    c = conflicts.iloc[0]
    ev = gen_lb.evidence({"paper_id": c["paper_id"], "model_key": c["model_key"], "benchmark": c["benchmark"],
                          "setting": None if pd.isna(c["setting"]) else c["setting"],
                          "score_norm": float(c["score_norm"])})
    assert len(ev.conflicting) > 0
    assert (ev.conflicting["score_norm"].astype(float).round(2) != round(float(c["score_norm"]), 2)).all()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.tuples(st.integers(-5, 70), st.integers(-5, 70)),
       st.tuples(st.integers(-5, 70), st.integers(-5, 70)))
def test_segments_always_reassemble_the_text(text, span, number):
    segs = segments(text, span, number)
    assert "".join(s.text for s in segs) == text


def test_evidence_panel_renders_markup_as_text(gen_lb):
    from dash import html
    ev = gen_lb.evidence(None)
    assert ev is None
    row = gen_lb.scores.iloc[0]
    ev = gen_lb.evidence({"paper_id": row["paper_id"], "model_key": row["model_key"], "benchmark": row["benchmark"],
                          "setting": row["setting"] if pd.notna(row["setting"]) else None,
                          "score_norm": float(row["score_norm"])})
    ev.abstract = "<script>alert(1)</script> " + ev.abstract
    children = evidence_children(ev)
    text = json.dumps([c.to_plotly_json() for c in children], default=lambda o: o.to_plotly_json())
    assert "<script>alert(1)</script>" in text          # a plain string child: React shows it as text
    assert "dangerouslySetInnerHTML" not in text and '"type": "Markdown"' not in text
    assert isinstance(children[1], html.P)


def test_url_sync_both_ways(gen_lb):
    import dash
    query, controls, stored = callbacks.sync(gen_lb, "?open=closed&max_params=10", [None] * 12, None)
    assert query is dash.no_update and stored == "?open=closed&max_params=10"
    assert controls[4] == ["closed"] and controls[2][1] == pytest.approx(1.0) and controls[3] == []
    query, controls, stored = callbacks.sync(gen_lb, "", controls, "openness-filter")
    assert from_query(query) == from_query(f"?benchmark={gen_lb.default_benchmark}&open=closed&max_params=10")
    garbage = callbacks.sync(gen_lb, "?max_params=%%%&open=<script>", [None] * 12, "url")
    assert garbage[2] == ""


def test_grid_callback_answers_any_request_without_raising(gen_lb):
    for query in ["", "?view=pivot", "?view=scores&q=zzzz-none", "?benchmark=NoSuchBench"]:
        for request in [None, {}, {"startRow": "x", "endRow": None, "sortModel": "bad", "filterModel": [1]},
                        {"startRow": 0, "endRow": 50, "sortModel": [{"colId": "b0", "sort": "asc"}]}]:
            response, count = callbacks.grid_rows(gen_lb, query, request)
            assert response["rowCount"] >= len(response["rowData"]) and "match" in count
            json.dumps(response)


def test_parquet_load_with_categorical_text_answers_like_the_schema_table(tmp_path, gen_lb):
    from leaderboard import paths
    scores, papers = generated_tables()
    table = tmp_path / "scores.parquet"
    store.write_table(scores, table)
    store.write_table(papers, paths.papers_path_for(table))
    loaded = Leaderboard.from_path(table)
    assert isinstance(loaded.scores["model"].dtype, pd.CategoricalDtype)
    for query in ["", "?view=scores&q=gpt&open=unknown", "?view=pivot", "?from=2023&hide=low_confidence"]:
        for sort in [None, [{"colId": "model", "sort": "asc"}], [{"colId": "published", "sort": "desc"}]]:
            request = {"startRow": 0, "endRow": 200, "sortModel": sort}
            a, _ = callbacks.grid_rows(loaded, query, request)
            b, _ = callbacks.grid_rows(gen_lb, query, request)
            assert a == b
    f = from_query("?view=scores&q=llama")
    pd.testing.assert_frame_equal(loaded.grid_frame(f).reset_index(drop=True),
                                  gen_lb.grid_frame(f).reset_index(drop=True), check_dtype=False)
    assert loaded.abstract(scores["paper_id"].iloc[0]) == gen_lb.abstract(scores["paper_id"].iloc[0])


def test_hide_conflicted_in_the_scores_view_drops_exactly_the_disagreeing_rows(gen_lb):
    conflicts = views.conflicts(gen_lb.slim)
    flagged = set(zip(conflicts["model_key"], conflicts["benchmark"], conflicts["setting"].fillna("")))
    page = gen_lb.grid_frame(from_query("?view=scores&hide=conflicted"))
    assert len(page) == len(gen_lb.scores) - int(gen_lb.conflicted_rows().sum())
    kept = set(zip(page["model_key"], page["benchmark"], page["setting"].fillna("")))
    assert not (kept & flagged)


def test_trend_of_a_single_date_spans_months_not_milliseconds():
    sota = pd.DataFrame({"group": ["open"], "date": [pd.Timestamp("2024-06-01")], "model": ["m"],
                         "model_key": ["m"], "score_norm": [80.0], "running_best": [80.0], "is_record": [True],
                         "title": ["t"], "paper_id": ["p"], "setting": [None], "score": [80.0]})
    fig = figures.trend_figure(sota, None, "B")
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo <= pd.Timestamp("2024-03-15") and hi >= pd.Timestamp("2024-08-15")
