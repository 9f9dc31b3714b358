"""Download routes: the file equals the view, formulas are quoted, big files are built once on disk
and shared, concurrent downloads queue, bad links get a clear 4xx."""
from __future__ import annotations

import io
import json
import threading
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import downloads
from dashboard.app import create_app
from dashboard.service import Leaderboard
from dashboard.table_writers import write_all
from generated import generated_tables
from leaderboard import paths, store
from leaderboard.filters import from_query
from leaderboard.server_safety import harden

HOSTILE_MODELS = ['=HYPERLINK("http://x","click")', "+1+1", "-2", "@SUM(A1)", "\tTAB", "plain"]


def hostile_tables():
    """The generated table with some model names a spreadsheet would run as formulas."""
    scores, papers = generated_tables()
    scores = scores.copy()
    hits = np.arange(0, len(scores), 97)
    scores.loc[scores.index[hits], "model"] = [HOSTILE_MODELS[i % len(HOSTILE_MODELS)] for i in range(len(hits))]
    return scores, papers


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(test client, Leaderboard, table path, Downloads) of the app on a table file; small chunks
    and a low cache threshold so the generated table exercises chunking and the disk cache."""
    folder = tmp_path_factory.mktemp("downloads")
    scores, papers = hostile_tables()
    table = folder / "scores.parquet"
    store.write_table(scores, table)
    store.write_table(papers, paths.papers_path_for(table))
    app = harden(create_app(table, warm=False))
    dl = app.server.config["LEADERBOARD_DOWNLOADS"]
    dl.cache_dir = folder / "cache"
    dl.chunk_rows = 500
    dl.cache_min_rows = 1000
    return app.server.test_client(), app.server.config["LEADERBOARD"], table, dl


def read(fmt: str, data: bytes) -> pd.DataFrame:
    buf = io.BytesIO(data)
    if fmt == "csv":
        return pd.read_csv(buf, dtype=str, keep_default_na=False)
    if fmt == "xlsx":
        return pd.read_excel(buf, dtype=str, keep_default_na=False)
    return pd.read_parquet(buf)


def quoted(values) -> list[str]:
    return [("'" + v) if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v for v in map(str, values)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("query", ["?view=scores&q=a", "?view=scores", "", "?view=pivot&open=open"])
def test_view_download_equals_the_view_in_the_grids_order(served, fmt, query):
    client, lb, _, _ = served
    grid = {"sortModel": [{"colId": "model", "sort": "desc"}], "filterModel": {}}
    params = dict(parse_qsl(query.lstrip("?")))
    response = client.get(f"/download/view.{fmt}?" + urlencode({**params, "grid": json.dumps(grid)}))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    got = read(fmt, response.get_data())
    expected = lb.grid_frame(from_query(query), grid)
    assert len(got) == len(expected) > 0
    assert got.columns[0] in ("model", "rank")
    if fmt == "parquet":                                    # data as stored
        assert got["model"].astype(str).tolist() == expected["model"].astype(str).tolist()
    else:                                                   # spreadsheets: formula-leading cells quoted
        assert got["model"].tolist() == quoted(expected["model"])
    if "paper_id" in expected:
        assert got["paper_id"].astype(str).tolist() == expected["paper_id"].astype(str).tolist()
    if "score" in expected and fmt != "xlsx":
        assert np.allclose(got["score"].astype(float), expected["score"].astype(float), equal_nan=True)


def test_view_download_has_formulas_quoted_in_csv_and_excel(served):
    client, lb, _, _ = served
    for fmt in ("csv", "xlsx"):
        got = read(fmt, client.get(f"/download/view.{fmt}?view=scores").get_data())
        hostile = [m for m in got["model"] if m.lstrip("'") in HOSTILE_MODELS and m != "plain"]
        assert hostile and all(m.startswith("'") for m in hostile)


def test_full_downloads_are_the_stored_table_built_once(served):
    client, lb, table, dl = served
    response = client.get("/download/full.parquet")
    assert response.status_code == 200 and response.get_data() == table.read_bytes()
    response.close()
    first = client.get("/download/full.csv").get_data()
    frame = pd.read_csv(io.BytesIO(first), dtype=str, keep_default_na=False)
    stored = store.read_table(table)
    assert len(frame) == len(stored) and list(frame.columns) == list(stored.columns)
    assert frame["model"].tolist() == quoted(stored["model"])
    built = sorted(p.name for p in dl.cache_dir.glob("full-*.csv"))
    assert built == [f"full-{downloads.table_version(table)}{downloads.FILE_LAYOUT}.csv"]
    mtime = (dl.cache_dir / built[0]).stat().st_mtime_ns
    assert client.get("/download/full.csv").get_data() == first          # served from the file
    assert (dl.cache_dir / built[0]).stat().st_size == len(first)
    assert (dl.cache_dir / built[0]).stat().st_mtime_ns >= mtime


def test_a_rewritten_table_gets_a_new_full_download(tmp_path):
    scores, papers = generated_tables(400)
    table = tmp_path / "scores.parquet"
    store.write_table(scores, table)
    app = create_app(table, warm=False)
    dl = app.server.config["LEADERBOARD_DOWNLOADS"]
    dl.cache_dir = tmp_path / "cache"
    client = app.server.test_client()
    assert len(pd.read_csv(io.BytesIO(client.get("/download/full.csv").get_data()))) == len(scores)
    store.write_table(scores.iloc[:100], table)
    assert len(pd.read_csv(io.BytesIO(client.get("/download/full.csv").get_data()))) == 100
    current = f"full-{downloads.table_version(table)}{downloads.FILE_LAYOUT}.csv"
    assert [p.name for p in dl.cache_dir.glob("full-*")] == [current]


def test_big_views_are_built_once_and_shared_by_concurrent_clients(served):
    client, lb, table, dl = served
    app_client = client.application
    url = "/download/view.csv?view=scores&q=e"
    expected_rows = len(lb.grid_frame(from_query("?view=scores&q=e")))
    assert expected_rows >= dl.cache_min_rows
    bodies, errors = [], []

    def fetch():
        try:
            response = app_client.test_client().get(url)
            bodies.append((response.status_code, response.get_data()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(bodies) == 6
    assert {status for status, _ in bodies} == {200}
    assert len({body for _, body in bodies}) == 1
    assert len(pd.read_csv(io.BytesIO(bodies[0][1]))) == expected_rows
    cached = [p for p in dl.cache_dir.glob("view-*.csv")]
    assert any(p.read_bytes() == bodies[0][1] for p in cached)
    assert not list(dl.cache_dir.glob(".*.tmp"))                       # no half-written file left


def test_downloads_queue_for_one_builder_and_all_complete(tmp_path):
    scores, papers = generated_tables()
    lb = Leaderboard(scores, papers)
    dl = downloads.Downloads(lb, cache_dir=None, builders=1, chunk_rows=300)
    results = []

    def fetch(query):
        name, chunks, rows, _ = dl.view(query, {}, "csv")
        body = b"".join(dl.stream(chunks, "csv"))
        results.append((rows, len(pd.read_csv(io.BytesIO(body)))))

    queries = ["view=scores", "view=scores&open=open", "", "view=pivot"] * 2
    threads = [threading.Thread(target=fetch, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 8 and all(rows == got for rows, got in results)


def test_a_view_is_written_in_chunks_not_whole(served):
    _, lb, _, dl = served
    _, chunks, rows, _ = dl.view("?view=scores", {}, "csv")
    pieces = list(dl.stream(chunks, "csv"))
    assert rows > 3 * dl.chunk_rows and len(pieces) >= rows // dl.chunk_rows
    assert pieces[0].startswith(b'"model"') and not any(p.startswith(b'"model"') for p in pieces[1:])


@pytest.mark.parametrize("url, status", [
    ("/download/view.exe", 404), ("/download/full.xlsx", 404),
    ("/download/view.csv?grid=%7Bnot+json", 400), ("/download/view.csv?grid=%5B1%5D", 400),
    ("/download/view.csv?grid=" + "x" * 30_000, 413)])
def test_bad_download_links_get_a_clear_error(served, url, status):
    client = served[0]
    response = client.get(url)
    assert response.status_code == status
    assert "error" in response.get_json()


def test_junk_in_the_link_is_ignored_like_in_the_page(served):
    client, lb, _, _ = served
    grid = json.dumps({"sortModel": [{"colId": "nope", "sort": "sideways"}, 3], "filterModel": {"model": "x"}})
    response = client.get("/download/view.csv?" + urlencode({"max_params": "%%", "open": "<script>", "grid": grid}))
    assert response.status_code == 200
    assert len(read("csv", response.get_data())) == len(lb.grid_frame(from_query("")))


texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=12), st.integers(1, 5))
def test_any_text_survives_csv_and_excel_with_formulas_quoted(values, chunk):
    frame = pd.DataFrame({"model": pd.array(values, dtype="string"), "score": np.arange(len(values), dtype=float)})
    parts = [frame.iloc[i:i + chunk] for i in range(0, len(frame), chunk)]
    csv = pd.read_csv(io.BytesIO(b"".join(write_all(iter(parts), "csv"))), dtype=str, keep_default_na=False)
    assert csv["model"].tolist() == quoted(values)
    xlsx = pd.read_excel(io.BytesIO(b"".join(write_all(iter(parts), "xlsx"))), dtype=str, keep_default_na=False)
    legal = ["".join(c for c in v if c in "\t\n\r" or ord(c) >= 0x20) for v in values]
    assert xlsx["model"].tolist() == quoted(legal)
    assert xlsx["score"].astype(float).tolist() == frame["score"].tolist()
