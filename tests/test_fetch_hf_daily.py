"""The Hugging Face daily-papers client against a local server replaying hand-written JSON days."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

from conftest import ROOT
from fetch_helpers import api_server, exit_status, stored_lines  # noqa: F401  (fixture)
from leaderboard.fetch import hf_daily
from leaderboard.fetch.client import PoliteClient
from leaderboard.fetch.storage import RawStore

ROUTE = "/api/daily_papers"


def quick(**kw):
    return PoliteClient(**{"delay": 0.01, "retries": 2, "backoff": 0.02, "timeout": 2.0, **kw})


def fetch(server, store, first, last, client=None):
    return hf_daily.fetch(first, last, store, endpoint=server.url + ROUTE, client=client or quick())


def test_a_range_of_days_is_fetched_day_by_day_into_one_store(api_server, tmp_path):
    store = RawStore(tmp_path / "hf.jsonl")
    report = fetch(api_server, store, date(2024, 6, 3), date(2024, 6, 5))
    assert [r["date"] for r in api_server.requests(ROUTE)] == ["2024-06-03", "2024-06-04", "2024-06-05"]
    assert report.days == 3 and report.items == 4 and report.complete
    assert report.added == ["2406.01871", "2406.02877", "2406.02409", "2406.03118"]
    assert report.problems == ["2024-06-04: item 3: paper without an arXiv id (A Listing Entry Without an arXiv Id)"]
    marlin = next(r for r in stored_lines(store.path) if r["arxiv_id"] == "2406.02409")
    assert marlin["organisation"] == "Marlin Lab" and marlin["upvotes"] == 63
    assert marlin["authors"] == ["Hiroshi Tanaka", "Elena Petrova"]
    assert marlin["published"] == "2024-06-04T09:30:00.000Z" and marlin["daily_date"] == "2024-06-04"
    assert "MT-Bench score of 8.9" in marlin["abstract"] and marlin["comments_count"] == 5


def test_a_day_without_papers_is_not_a_problem(api_server, tmp_path):
    store = RawStore(tmp_path / "hf.jsonl")
    report = fetch(api_server, store, date(2024, 6, 8), date(2024, 6, 8))
    assert report.complete and report.items == 0 and not report.problems and not store.path.exists()


def test_fetching_again_refreshes_upvotes_and_adds_no_duplicate(api_server, tmp_path):
    store = RawStore(tmp_path / "hf.jsonl")
    fetch(api_server, store, date(2024, 6, 4), date(2024, 6, 4))
    api_server.inject(ROUTE, "2024-06-04", "file:upvotes-later.json")
    again = fetch(api_server, store, date(2024, 6, 4), date(2024, 6, 4))
    assert again.updated == ["2406.02877"] and again.added == []
    lines = stored_lines(store.path)
    assert len(lines) == 2
    assert next(r for r in lines if r["arxiv_id"] == "2406.02877")["upvotes"] == 58


def test_503_and_timeout_are_retried(api_server, tmp_path):
    api_server.inject(ROUTE, "2024-06-03", "503")
    api_server.inject(ROUTE, "2024-06-05", "timeout:1.0")
    client = quick(timeout=0.3, backoff=0.05)
    report = fetch(api_server, RawStore(tmp_path / "hf.jsonl"), date(2024, 6, 3), date(2024, 6, 5), client)
    assert report.complete and report.items == 4
    assert [r["date"] for r in api_server.requests(ROUTE)] == ["2024-06-03", "2024-06-03", "2024-06-04",
                                                               "2024-06-05", "2024-06-05"]
    assert [w.seconds for w in client.waits if w.reason == "backoff"] == [0.05, 0.05]


def test_a_malformed_day_is_reported_the_others_stored_and_nothing_lost(api_server, tmp_path):
    store = RawStore(tmp_path / "hf.jsonl")
    fetch(api_server, store, date(2024, 6, 3), date(2024, 6, 4))
    before = store.path.read_bytes()
    api_server.inject(ROUTE, "2024-06-04", "file:malformed.json")
    report = fetch(api_server, store, date(2024, 6, 4), date(2024, 6, 5))
    assert report.failed_days == ["2024-06-04"] and "not valid JSON" in report.problems[0]
    assert report.added == ["2406.03118"]
    assert store.path.read_bytes().startswith(before)
    assert len(stored_lines(store.path)) == 4


def test_a_missing_day_fails_that_day_only(api_server, tmp_path):
    report = fetch(api_server, RawStore(tmp_path / "hf.jsonl"), date(2024, 6, 2), date(2024, 6, 3))
    assert report.failed_days == ["2024-06-02"] and "HTTP 404" in report.problems[0]
    assert report.added == ["2406.01871"]


def test_command_line(api_server, tmp_path, capsys):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "leaderboard", "fetch", "hf-daily", *map(str, args)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    ok = run("--date", "2024-06-05", "--endpoint", api_server.url + ROUTE, "--delay", 0, "--store", tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "hf-daily: 1 papers listed on 1 days, 1 new papers" in ok.stderr
    capsys.readouterr()
    assert exit_status("fetch", "hf-daily", "--from", "2024-06-04", "--to", "2024-06-05", "--endpoint",
                       api_server.url + ROUTE, "--delay", 0, "--store", tmp_path) == 1
    assert "item 3: paper without an arXiv id" in capsys.readouterr().err
    usage = ("fetch", "hf-daily", "--store", tmp_path, "--endpoint", api_server.url + ROUTE)
    assert exit_status(*usage, "--to", "2024-06-05") == 2
    assert exit_status(*usage, "--from", "2024-06-05", "--to", "2024-06-01") == 2
    assert exit_status(*usage, "--from", "2020-01-01", "--to", "2024-01-01") == 2
    assert exit_status(*usage, "--date", "2024-06-05", "--from", "2024-06-01") == 2
    assert len(stored_lines(tmp_path / "hf_daily.jsonl")) == 3
