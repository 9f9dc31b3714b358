"""The command line end to end, as a user runs it (a real subprocess)."""
from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd

from conftest import ROOT, SEEDS


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "leaderboard", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_help_for_every_subcommand():
    from leaderboard.cli import COMMANDS
    top = run("--help")
    assert top.returncode == 0
    for name in COMMANDS:
        assert name in top.stdout
        sub = run(name, "--help")
        assert sub.returncode == 0 and "usage: leaderboard " + name in sub.stdout


def test_harvest_seeds_to_csv_reports_every_paper_once(tmp_path):
    out = tmp_path / "t.csv"
    result = run("harvest", *SEEDS, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "harvested 519 paper records (502 distinct, 17 duplicates merged)" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {"paper_id", "model", "benchmark", "score", "evidence"} <= set(rows[0])


def test_harvest_then_export_one_benchmark(tmp_path):
    table = tmp_path / "scores.parquet"
    assert run("harvest", *SEEDS, "-o", table).returncode == 0
    assert (tmp_path / "scores.papers.parquet").exists()
    frame = pd.read_parquet(table)
    bench = frame.loc[frame["kind"] == "score", "benchmark"].value_counts().index[0]
    for suffix in ("csv", "xlsx", "jsonl", "parquet"):
        out = tmp_path / f"board.{suffix}"
        result = run("export", "--table", table, "--benchmark", bench, "-o", out)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    board = pd.read_csv(tmp_path / "board.csv")
    assert set(board["benchmark"]) == {bench}


def test_usage_errors_exit_2(tmp_path):
    assert run("harvest", *SEEDS, "-o", tmp_path / "t.txt").returncode == 2
    assert run("export", "--table", tmp_path / "missing.parquet", "-o", tmp_path / "x.csv").returncode == 2
    assert run("no-such-command").returncode == 2
