"""A harvest killed with SIGKILL at any moment leaves the previous table readable and complete."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from conftest import ROOT
from leaderboard import store
from leaderboard.engines import build
from test_engines import load_bench


def read_both(out):
    return store.read_table(out), store.read_table(out.with_name("scores.papers.parquet"), papers=True)


def equals_one_of(frame, candidates):
    for candidate in candidates:
        try:
            pd.testing.assert_frame_equal(frame, candidate)
            return True
        except AssertionError:
            continue
    return False


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_partial_table(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    load_bench("make_corpus").make_corpus(2500, corpus, seed=11)
    half = tmp_path / "half.jsonl"
    half.write_bytes(b"".join(corpus.read_bytes().splitlines(keepends=True)[:1200]))
    refs = {}
    for name, src in (("full", corpus), ("half", half)):
        ref_out = tmp_path / name / "scores.parquet"
        build([src], ref_out, jobs=1, corrections=None)
        refs[name] = read_both(ref_out)
    out = tmp_path / "live" / "scores.parquet"
    build([corpus], out, jobs=1, corrections=None)
    def harvest(src, jobs=1):   # 2 jobs: workers and their spool folder are killed too
        return subprocess.Popen([sys.executable, "-m", "leaderboard", "harvest", str(src), "-o", str(out), "-j", str(jobs),
                                 "--no-corrections", "--lock-timeout", "5"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    # kill moments are drawn within one uninterrupted run's duration, so they land mid-run on a fast
    # machine as on a slow one (start-up, reading, extraction and the final write are all hit)
    started = time.perf_counter()
    assert harvest(corpus).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    rng = random.Random(20261130)
    kills = 0
    for attempt in range(6):
        src = half if attempt % 2 == 0 else corpus
        proc = harvest(src, jobs=1 + attempt % 2)
        time.sleep(rng.uniform(0.05, 0.95) * duration * (0.5 if src is half else 1.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        scores, papers = read_both(out)            # readable, and one complete table or the other
        assert equals_one_of(scores, [refs["full"][0], refs["half"][0]])
        assert equals_one_of(papers, [refs["full"][1], refs["half"][1]])
    assert kills >= 3
    build([corpus], out, jobs=1, corrections=None)   # the next harvest cleans up what the killed ones left
    assert sorted(p.name for p in out.parent.iterdir()) == ["scores.papers.parquet", "scores.parquet"]
    for got, want in zip(read_both(out), refs["full"]):
        pd.testing.assert_frame_equal(got, want)
