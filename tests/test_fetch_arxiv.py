"""The arXiv client against a local server replaying hand-written Atom pages (tests/data/api/arxiv)."""
from __future__ import annotations

import json
import time

import pytest

from fetch_helpers import API_DATA, api_server, stored_lines  # noqa: F401  (fixture)
from leaderboard.fetch import arxiv
from leaderboard.fetch.client import FetchError, PoliteClient
from leaderboard.fetch.storage import RawStore

ROUTE = "/api/query"
ALL_IDS = {"2406.03118", "2406.03005", "2406.02877", "2406.02741", "2406.02510", "2406.02233", "2406.01964"}


def quick(**kw):
    """A client with tiny pauses: the behaviour of the real defaults, at test speed."""
    return PoliteClient(**{"delay": 0.01, "retries": 2, "backoff": 0.02, "timeout": 2.0, **kw})


def fetch(server, store, client=None, **kw):
    return arxiv.fetch("cat:cs.CL", store, endpoint=server.url + ROUTE, page_size=3,
                       client=client or quick(), **kw)


def test_pages_through_every_result_and_keeps_the_newest_version(api_server, tmp_path):
    store = RawStore(tmp_path / "arxiv.jsonl")
    report = fetch(api_server, store)
    assert report.complete and not report.problems
    assert [r["start"] for r in api_server.requests(ROUTE)] == ["0", "3", "6"]
    first = api_server.requests(ROUTE)[0]
    assert first["sortBy"] == "submittedDate" and first["sortOrder"] == "descending"
    assert first["max_results"] == "3" and first["search_query"] == "cat:cs.CL"
    assert report.entries == 8 and report.pages == 3 and report.total == 8
    assert report.updated == ["2406.03118"]            # v2 on page two replaced v1 of page one
    lines = stored_lines(store.path)
    assert sorted(r["arxiv_id"] for r in lines) == sorted(ALL_IDS)   # one line per paper
    lumen = next(r for r in lines if r["arxiv_id"] == "2406.03118")
    assert lumen["id"] == "2406.03118v2" and lumen["version"] == 2 and "83.1% on MMLU" in lumen["abstract"]
    assert lumen["authors"] == ["Mei Lin", "Oskar Brandt", "Priya Raman"]
    assert lumen["categories"] == ["cs.CL", "cs.AI"] and lumen["published"] == "2024-06-05T17:58:02Z"
    assert lumen["updated"] == "2024-06-07T09:14:30Z"
    quill = next(r for r in lines if r["arxiv_id"] == "2406.02510")
    assert quill["categories"][0] == "cs.LG" and quill["doi"].startswith("10.18653/")
    code = next(r for r in lines if r["arxiv_id"] == "2406.03005")
    assert code["title"] == "CodeWeaver: Repository-Level Pretraining for Code Language Models"
    assert not (tmp_path / arxiv.STATE_FILE).exists()   # a completed fetch leaves no state


def test_running_again_adds_nothing_and_an_older_version_never_replaces_a_newer(api_server, tmp_path):
    store = RawStore(tmp_path / "arxiv.jsonl")
    fetch(api_server, store)
    before = store.path.read_bytes()
    again = fetch(api_server, store)
    assert again.complete and again.added == [] and again.updated == [] and again.unchanged == 8
    assert store.path.read_bytes() == before


def test_courtesy_delay_spaces_every_request(api_server, tmp_path):
    # The server logs arrival times, which lag the client's sends by a scheduling delay that a
    # busy machine stretches: a 0.3 s pause must show as a gap of well over 0.2 s (without the
    # pause the requests arrive milliseconds apart).
    client = quick(delay=0.3)
    fetch(api_server, RawStore(tmp_path / "arxiv.jsonl"), client=client)
    times = [t for t, path, _ in api_server.log if path.endswith(ROUTE)]
    assert len(times) == 3
    assert all(b - a >= 0.2 for a, b in zip(times, times[1:]))
    assert [w.reason for w in client.waits] == ["courtesy", "courtesy"]


def test_503_is_retried_with_doubling_backoff(api_server, tmp_path):
    api_server.inject(ROUTE, 3, "503", "503")
    client = quick(retries=3, backoff=0.05)
    report = fetch(api_server, RawStore(tmp_path / "arxiv.jsonl"), client=client)
    assert report.complete and not report.problems and report.entries == 8
    assert [r["start"] for r in api_server.requests(ROUTE)] == ["0", "3", "3", "3", "6"]
    assert [w.seconds for w in client.waits if w.reason == "backoff"] == [0.05, 0.1]


def test_a_timeout_is_retried(api_server, tmp_path):
    api_server.inject(ROUTE, 6, "timeout:1.0")
    client = quick(timeout=0.3)
    started = time.monotonic()
    report = fetch(api_server, RawStore(tmp_path / "arxiv.jsonl"), client=client)
    assert report.complete and report.entries == 8
    assert [r["start"] for r in api_server.requests(ROUTE)] == ["0", "3", "6", "6"]
    assert [w.reason for w in client.waits].count("backoff") == 1
    assert time.monotonic() - started < 5


def test_an_interrupted_fetch_resumes_without_duplicates_or_gaps(api_server, tmp_path):
    store = RawStore(tmp_path / "arxiv.jsonl")
    api_server.inject(ROUTE, 6, "503", "503", "503")        # more failures than the retries
    first = fetch(api_server, store, client=quick(retries=2))
    assert not first.complete and first.next_start == 6
    assert "gave up after 3 attempts" in first.problems[0]
    assert len(stored_lines(store.path)) == 5                # pages one and two (Lumen twice)
    assert (tmp_path / arxiv.STATE_FILE).exists()
    second = fetch(api_server, store)
    assert second.complete and second.resumed_from == 6
    assert [r["start"] for r in api_server.requests(ROUTE)][-1:] == ["6"]   # no page asked twice
    assert sorted(r["arxiv_id"] for r in stored_lines(store.path)) == sorted(ALL_IDS)
    assert not (tmp_path / arxiv.STATE_FILE).exists()


def test_a_malformed_page_is_reported_and_nothing_stored_is_lost(api_server, tmp_path):
    store = RawStore(tmp_path / "arxiv.jsonl")
    fetch(api_server, store)                                 # a full store from an earlier run
    before = store.path.read_bytes()
    api_server.inject(ROUTE, 3, "file:malformed.xml")
    report = fetch(api_server, store)
    assert not report.complete and report.next_start == 3
    assert report.problems == [p for p in report.problems if "start=3" in p and "not well-formed XML" in p]
    assert store.path.read_bytes() == before
    resumed = fetch(api_server, store)                       # the mirror recovered: carry on
    assert resumed.complete and resumed.resumed_from == 3
    assert store.path.read_bytes() == before


def test_an_empty_result_is_a_complete_fetch_of_nothing(api_server, tmp_path):
    api_server.inject(ROUTE, 0, "file:empty.xml")
    store = RawStore(tmp_path / "arxiv.jsonl")
    report = fetch(api_server, store)
    assert report.complete and report.total == 0 and report.entries == 0 and not report.problems
    assert not store.path.exists()


def test_an_empty_page_inside_the_results_is_asked_again(api_server, tmp_path):
    api_server.inject(ROUTE, 3, "file:empty.xml")
    report = fetch(api_server, RawStore(tmp_path / "arxiv.jsonl"))
    assert report.complete and report.entries == 8
    assert [r["start"] for r in api_server.requests(ROUTE)] == ["0", "3", "3", "6"]


def test_an_api_error_feed_stops_with_its_message(api_server, tmp_path):
    api_server.inject(ROUTE, 0, "file:error.xml")
    report = fetch(api_server, RawStore(tmp_path / "arxiv.jsonl"))
    assert not report.complete
    assert "start must be an integer greater than or equal to 0" in report.problems[0]


def test_max_and_date_range_go_into_the_request(api_server, tmp_path):
    from datetime import date
    store = RawStore(tmp_path / "arxiv.jsonl")
    report = fetch(api_server, store, max_results=4, date_from=date(2024, 6, 4), date_to=date(2024, 6, 30))
    asked = api_server.requests(ROUTE)
    assert [(r["start"], r["max_results"]) for r in asked] == [("0", "3"), ("3", "1")]
    assert asked[0]["search_query"] == "(cat:cs.CL) AND submittedDate:[202406040000 TO 202406302359]"
    assert report.complete and report.entries == 4
    assert {r["arxiv_id"] for r in stored_lines(store.path)} == {"2406.03118", "2406.03005", "2406.02877",
                                                                 "2406.02741"}


def test_records_outside_the_date_range_are_dropped_even_if_the_server_ignores_it(api_server, tmp_path):
    from datetime import date
    store = RawStore(tmp_path / "arxiv.jsonl")
    report = fetch(api_server, store, date_from=date(2024, 6, 5))
    assert report.out_of_range == 5                          # the fixture server ignores the range
    assert {r["arxiv_id"] for r in stored_lines(store.path)} == {"2406.03118", "2406.03005"}


def test_usage_errors(tmp_path):
    from fetch_helpers import exit_status
    base = ("fetch", "arxiv", "--store", tmp_path, "--query", "x", "--endpoint", "http://127.0.0.1:9/api/query")
    assert exit_status(*base, "--from", "2024-13-01") == 2
    assert exit_status(*base, "--from", "2024-06-05", "--to", "2024-06-01") == 2
    assert exit_status(*base, "--max", "0") == 2
    assert exit_status("fetch", "arxiv") == 2                       # --query is required
    assert not list(tmp_path.iterdir())


def test_a_non_retryable_status_fails_at_once(api_server):
    client = quick()
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get(api_server.url + "/nothing/here")
    assert client.requests == 1


def test_entries_without_id_or_abstract_are_reported_and_the_rest_stored():
    body = (API_DATA / "arxiv" / "start-0.xml").read_text(encoding="utf-8")
    body = body.replace("<id>http://arxiv.org/abs/2406.03005v1</id>", "", 1)
    page = arxiv.parse_feed(body.encode("utf-8"))
    assert [e["arxiv_id"] for e in page.entries] == ["2406.03118", "2406.02877"]
    assert page.problems == ["entry 2: entry without an arXiv id (no <id>)"]


def test_command_line_fetch_then_harvest_reads_the_store(api_server, tmp_path, capsys):
    import subprocess
    import sys

    import pandas as pd

    from conftest import ROOT

    def run(*args):
        return subprocess.run([sys.executable, "-m", "leaderboard", *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    fetched = run("fetch", "arxiv", "--query", "cat:cs.CL", "--endpoint", api_server.url + ROUTE,
                  "--page-size", 3, "--delay", 0, "--store", tmp_path / "arxiv")
    assert fetched.returncode == 0, fetched.stderr
    assert "arxiv: 8 entries in 3 pages (total 8), 7 new papers, 1 newer versions" in fetched.stderr
    table = tmp_path / "t.parquet"
    from fetch_helpers import exit_status
    capsys.readouterr()
    assert exit_status("harvest", tmp_path / "arxiv", "-o", table) == 0
    assert "harvested 7 paper records (7 distinct" in capsys.readouterr().err
    papers = pd.read_parquet(tmp_path / "t.papers.parquet").set_index("paper_id")
    assert set(papers.index) == ALL_IDS
    assert papers.loc["2406.03118", "published"] == "2024-06-05"
    assert "83.1% on MMLU" in papers.loc["2406.03118", "abstract"]


def test_a_killed_fetch_resumes_where_it_stopped(api_server, tmp_path):
    """The process dies mid-fetch (no chance to clean up): the state file and store stay usable."""
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    api_server.inject(ROUTE, 6, "timeout:5")                # the third page hangs ...
    args = [sys.executable, "-m", "leaderboard", "fetch", "arxiv", "--query", "cat:cs.CL", "--endpoint",
            api_server.url + ROUTE, "--page-size", 3, "--delay", 0, "--timeout", 30, "--store", tmp_path]
    proc = subprocess.Popen(list(map(str, args)), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(r.get("start") == "6" for r in api_server.requests(ROUTE)) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)                         # ... and the process is killed there
    proc.communicate(timeout=30)
    assert len(stored_lines(tmp_path / "arxiv.jsonl")) == 5
    state = json.loads((tmp_path / arxiv.STATE_FILE).read_text(encoding="utf-8"))
    assert [v["next_start"] for v in state.values()] == [6]
    resumed = subprocess.run(list(map(str, args)), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming 'cat:cs.CL' at start=6" in resumed.stderr
    starts = [r["start"] for r in api_server.requests(ROUTE)]
    assert starts == ["0", "3", "6", "6"]                    # nothing asked twice but the lost page
    lines = stored_lines(tmp_path / "arxiv.jsonl")
    assert sorted(r["arxiv_id"] for r in lines) == sorted(ALL_IDS)


def test_a_store_that_cannot_be_written_is_a_clear_message(api_server, tmp_path):
    from fetch_helpers import exit_status
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store folder should be", encoding="utf-8")
    status = exit_status("fetch", "arxiv", "--query", "cat:cs.CL", "--endpoint", api_server.url + ROUTE,
                         "--page-size", 3, "--delay", 0, "--store", blocker)
    assert status == 1
    assert blocker.read_text(encoding="utf-8") == "a file where the store folder should be"
