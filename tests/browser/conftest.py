"""Headless Chromium (Debian's /usr/bin/chromium via Playwright) against the real app.

The app serves the harvested seeds plus the hostile abstracts of ``tests/data/xss_abstracts.jsonl``
on 127.0.0.1 and a port the OS picks. Without Chromium the tests are skipped, except under CI
(``CI`` set), where a missing browser is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
TEST_DATA = ROOT / "tests" / "data"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
XSS = TEST_DATA / "xss_abstracts.jsonl"
ARTIFACTS = ROOT / "tests" / "artifacts"


def pytest_collection_modifyitems(items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (CI must run browser tests)")
        pytest.skip("Chromium not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


def hostile_tables():
    """The hostile abstracts as papers and their extracted score rows (read verbatim, no cleaning)."""
    from leaderboard import schema
    from leaderboard.pipeline import extract_paper, paper_row
    from parsers.records import PaperRecord
    papers, rows = [], []
    for line_no, line in enumerate(XSS.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        paper = PaperRecord(paper_id=rec["id"], title=rec["title"], abstract=rec["abstract"],
                            source=XSS.name, line=line_no, published=rec.get("published"))
        papers.append(paper_row(paper))
        rows += extract_paper(paper)
    return schema.from_rows(rows), schema.papers_from_rows(papers)


@pytest.fixture(scope="session")
def served_table(tmp_path_factory):
    """Seeds harvest + hostile abstracts, written where `leaderboard serve` would read them."""
    import pandas as pd

    from leaderboard import paths, schema, store
    from leaderboard.pipeline import harvest
    seeds = harvest(SEEDS)
    xss_scores, xss_papers = hostile_tables()
    folder = tmp_path_factory.mktemp("served")
    table = folder / "scores.parquet"
    store.write_table(schema.conform(pd.concat([seeds.scores, xss_scores], ignore_index=True)), table)
    store.write_table(schema.conform_papers(pd.concat([seeds.papers, xss_papers], ignore_index=True)),
                      paths.papers_path_for(table))
    return table


@pytest.fixture(scope="session")
def app_server(served_table):
    """(base URL, Leaderboard, seconds from start to first grid rows served) of the running app."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from leaderboard.server_safety import harden
    started = time.perf_counter()
    app = harden(create_app(served_table))     # served as `leaderboard serve` serves it
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}", app.server.config["LEADERBOARD"], started
    srv.shutdown()
    thread.join(5)
    srv.server_close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
