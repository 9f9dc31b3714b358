"""A short, bounded form of bench/load_test.py: concurrent clients against the real server."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT
from leaderboard import paths, store

sys.path.insert(0, str(ROOT / "bench"))
from load_test import run_load, serve  # noqa: E402


@pytest.mark.slow
def test_concurrent_clients_get_no_failures_and_the_server_still_answers(seed_harvest, tmp_path):
    table = tmp_path / "scores.parquet"
    store.write_table(seed_harvest.scores, table)
    store.write_table(seed_harvest.papers, paths.papers_path_for(table))
    with serve(table) as served:
        result = run_load(served, clients=8, requests_total=160, seconds=120)
    print(result.report())
    assert result.requests == 160 and result.failures == 0, result.errors[:5]
    assert set(result.by_kind) == {"page", "filter", "download"}
    assert result.download_bytes > 0                 # bodies read to their end, none truncated
    assert result.still_answers
    assert result.rss_after_kb < 2 * result.rss_before_kb
