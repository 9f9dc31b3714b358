"""Shared fixtures: paths to the real data, and one harvest of the seeds per test session."""
from __future__ import annotations

import os
from pathlib import Path

# the suite tests the pure-Python extraction modules (tests replace their functions, which
# compiled modules would call directly); tests/test_compiled_extractor.py checks the compiled build
os.environ["LEADERBOARD_EXTRACTOR"] = "python"

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TEST_DATA = ROOT / "tests" / "data"
GOLD = TEST_DATA / "seeds_dev.jsonl"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_harvest():
    from leaderboard.pipeline import harvest
    return harvest(SEEDS)
