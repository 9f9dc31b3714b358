"""The dashboard in a real browser: rows, sorting, filters in the URL, evidence, downloads, XSS.

Expected values come from the same :class:`Leaderboard` the server uses, asked directly, so
the tests check that the page shows what the tested functions compute.
"""
from __future__ import annotations

import csv
import io
import re
import time
from urllib.parse import parse_qs, quote, urlparse

import pandas as pd
from playwright.sync_api import Page, expect

from leaderboard.filters import from_query
from leaderboard.query import to_records

PINNED = '.ag-pinned-left-cols-container .ag-row[row-index="{i}"] .ag-cell[col-id="{col}"]'
CENTER = '.ag-center-cols-container .ag-row[row-index="{i}"] .ag-cell[col-id="{col}"]'
TIMEOUT = 15_000


def cell(page: Page, i: int, col: str):
    pinned = col in ("model", "rank")
    return page.locator((PINNED if pinned else CENTER).format(i=i, col=col))


def expected_page(lb, query: str, sort_model=None, start=0, end=100):
    return lb.grid_page(from_query(query), {"startRow": start, "endRow": end, "sortModel": sort_model})


def score_text(value) -> str:
    """How AG Grid's number cell shows a score (no trailing .0)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def test_grid_shows_real_rows_trend_has_points_and_screenshot(page: Page, app_server, artifacts):
    base, lb, started = app_server
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    expected = expected_page(lb, "")
    assert expected.total > 0
    t0 = time.perf_counter()
    page.goto(base)
    expect(cell(page, 0, "model")).to_have_text(str(expected.rows["model"].iloc[0]), timeout=TIMEOUT)
    print(f"\nfirst grid rows {time.perf_counter() - t0:.2f} s after page load, "
          f"{time.perf_counter() - started:.2f} s after app start")
    expect(page.locator("#match-count")).to_contain_text(f"{expected.total:,} models on")
    expect(page.locator("#status-line")).to_contain_text(f"{lb.status()['scores']:,} scores")
    dated = lb.scores[lb.scores["published"].notna()]["benchmark"].value_counts()
    page.goto(base + "/?benchmark=" + quote(str(dated.index[0])))
    sota = lb.sota(from_query("?benchmark=" + quote(str(dated.index[0]))))
    expect(page.locator("#trend-chart .scatterlayer .point")).to_have_count(len(sota), timeout=TIMEOUT)
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "dashboard_main_view.png", full_page=True)
    assert (artifacts / "dashboard_main_view.png").stat().st_size > 20_000
    assert errors == []


def test_clicking_a_header_sorts_server_side(page: Page, app_server):
    base, lb, _ = app_server
    page.goto(base + "/?view=scores")
    default = expected_page(lb, "?view=scores")
    expect(cell(page, 0, "score")).to_have_text(score_text(default.rows["score"].iloc[0]), timeout=TIMEOUT)
    ascending = expected_page(lb, "?view=scores", [{"colId": "score", "sort": "asc"}])
    assert ascending.rows["score"].iloc[0] != default.rows["score"].iloc[0]
    page.locator('.ag-header-cell[col-id="score"] .ag-header-cell-label').click()
    expect(cell(page, 0, "score")).to_have_text(score_text(ascending.rows["score"].iloc[0]), timeout=TIMEOUT)
    page.locator('.ag-header-cell[col-id="score"] .ag-header-cell-label').click()
    descending = expected_page(lb, "?view=scores", [{"colId": "score", "sort": "desc"}])
    expect(cell(page, 0, "score")).to_have_text(score_text(descending.rows["score"].iloc[0]), timeout=TIMEOUT)


def test_search_filter_writes_the_url_and_reload_restores_it(page: Page, app_server):
    base, lb, _ = app_server
    model = str(lb.scores["model"].dropna().iloc[0])
    needle = model[:4].lower()
    expected = expected_page(lb, f"?view=scores&q={needle}")
    assert 0 < expected.total < len(lb.scores)
    page.goto(base + "/?view=scores")
    expect(page.locator("#match-count")).to_contain_text(f"{len(lb.scores):,} scores", timeout=TIMEOUT)
    page.locator("#search-box").fill(needle)
    page.locator("#search-box").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape(needle)), timeout=TIMEOUT)
    expect(page.locator("#match-count")).to_have_text(f"{expected.total:,} scores match", timeout=TIMEOUT)
    page.reload()
    expect(page.locator("#search-box")).to_have_value(needle, timeout=TIMEOUT)
    expect(page.locator("#match-count")).to_have_text(f"{expected.total:,} scores match", timeout=TIMEOUT)
    expect(cell(page, 0, "model")).to_have_text(str(expected.rows["model"].iloc[0]), timeout=TIMEOUT)


def test_url_with_openness_and_size_reproduces_the_view(page: Page, app_server):
    base, lb, _ = app_server
    query = "?view=scores&open=closed&max_params=10"
    expected = expected_page(lb, query)
    page.goto(base + "/" + query)
    expect(page.locator("#openness-filter input[value=closed]")).to_be_checked(timeout=TIMEOUT)
    expect(page.locator("#size-filter .dash-range-slider-max-input")).to_have_value("1")
    expect(page.locator("#match-count")).to_have_text(f"{expected.total:,} scores match", timeout=TIMEOUT)
    assert parse_qs(urlparse(page.url).query) == {"view": ["scores"], "open": ["closed"], "max_params": ["10"]}


def test_openness_checkbox_and_size_slider_change_rows_and_url(page: Page, app_server):
    base, lb, _ = app_server
    page.goto(base + "/?view=scores")
    expect(page.locator("#match-count")).to_contain_text(f"{len(lb.scores):,} scores", timeout=TIMEOUT)
    page.locator("#openness-filter input[value=unknown]").check()
    expect(page).to_have_url(re.compile(r"open=unknown"), timeout=TIMEOUT)
    unknown = expected_page(lb, "?view=scores&open=unknown").total
    expect(page.locator("#match-count")).to_have_text(f"{unknown:,} scores match", timeout=TIMEOUT)
    upper = page.locator("#size-filter [role=slider]").nth(1)
    upper.focus()
    for _ in range(6):                       # PageDown moves 10 steps of 0.05: 10T -> 10B
        upper.press("PageDown")
    expect(page).to_have_url(re.compile(r"max_params=10"), timeout=TIMEOUT)
    sized = expected_page(lb, "?view=scores&open=unknown&max_params=10").total
    expect(page.locator("#match-count")).to_have_text(f"{sized:,} scores match", timeout=TIMEOUT)


def test_row_click_opens_evidence_with_the_number_highlighted(page: Page, app_server):
    base, lb, _ = app_server
    page.goto(base + "/?view=scores")
    first = expected_page(lb, "?view=scores").rows.iloc[0]
    expect(cell(page, 0, "model")).to_have_text(str(first["model"]), timeout=TIMEOUT)
    cell(page, 0, "model").click()
    abstract = lb.abstract(first["paper_id"])
    number = abstract[int(first["number_start"]):int(first["number_end"])]
    evidence = abstract[int(first["span_start"]):int(first["span_end"])]
    expect(page.locator("#evidence-panel mark.evidence-number")).to_have_text(number, timeout=TIMEOUT)
    expect(page.locator("#evidence-title")).to_have_text(str(first["title"]))
    marked = "".join(page.locator("#evidence-panel mark").all_inner_texts())
    assert marked.strip() == evidence.strip()


def test_csv_download_equals_the_filtered_view(page: Page, app_server, tmp_path):
    base, lb, _ = app_server
    model = str(lb.scores["model"].dropna().iloc[0])
    query = f"?view=scores&q={model[:4].lower()}"
    expected = lb.grid_frame(from_query(query))
    page.goto(base + "/" + query)
    expect(page.locator("#match-count")).to_have_text(f"{len(expected):,} scores match", timeout=TIMEOUT)
    with page.expect_download() as info:
        page.click("#download-csv")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".csv"
    got = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(got) == len(expected)
    assert got["model"].tolist() == expected["model"].astype(str).tolist()
    assert [float(x) for x in got["score"]] == [float(x) for x in expected["score"]]
    assert got["paper_id"].tolist() == expected["paper_id"].astype(str).tolist()


def test_excel_download_follows_the_grids_sort(page: Page, app_server, tmp_path):
    base, lb, _ = app_server
    page.goto(base + "/?view=scores")
    ascending = expected_page(lb, "?view=scores", [{"colId": "score", "sort": "asc"}])
    expect(cell(page, 0, "score")).to_be_visible(timeout=TIMEOUT)
    page.locator('.ag-header-cell[col-id="score"] .ag-header-cell-label').click()
    expect(cell(page, 0, "score")).to_have_text(score_text(ascending.rows["score"].iloc[0]), timeout=TIMEOUT)
    expected = lb.grid_frame(from_query("?view=scores"), {"sortModel": [{"colId": "score", "sort": "asc"}]})
    with page.expect_download() as info:
        page.click("#download-xlsx")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".xlsx"
    got = pd.read_excel(path)
    assert len(got) == len(expected)
    assert got["score"].astype(float).tolist() == expected["score"].astype(float).tolist()
    assert got["paper_id"].astype(str).tolist() == expected["paper_id"].astype(str).tolist()


def test_hostile_abstract_renders_as_text_and_runs_nothing(page: Page, app_server):
    base, lb, _ = app_server
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = lb.scores[lb.scores["paper_id"].astype(str).str.startswith("xss-")]
    assert len(hostile), "the hostile abstracts must yield score rows"
    row = hostile.iloc[0]
    page.goto(base + "/?view=scores")
    expect(page.locator("#match-count")).to_contain_text("scores match", timeout=TIMEOUT)
    title_filter = page.locator('.ag-floating-filter[col-id="title"] input')
    title_filter.fill(str(row["title"])[:12])
    expect(cell(page, 0, "model")).to_have_text(str(row["model"]), timeout=TIMEOUT)
    cell(page, 0, "model").click()
    panel = page.locator("#evidence-panel")
    abstract = lb.abstract(row["paper_id"])
    expect(panel.locator("#evidence-abstract")).to_have_text(abstract, timeout=TIMEOUT)
    text = panel.inner_text()
    for literal in ("<script>", "onerror", "javascript:"):
        if literal in abstract:
            assert literal in text
    assert panel.locator("script, img, iframe, a, object, embed").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("[window.__xss, window.__xss_title]") == [None, None]
    assert dialogs == []
