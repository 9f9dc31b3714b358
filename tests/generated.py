"""A generated score table for tests: real rows resampled by ``bench/make_table.py``."""
from __future__ import annotations

import importlib.util
from functools import lru_cache

from conftest import ROOT


def make_table_module():
    spec = importlib.util.spec_from_file_location("make_table", ROOT / "bench" / "make_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def generated_tables(n: int = 4000, seed: int = 7):
    """(scores, papers) of ``n`` rows resampled from the seeds' harvest and the gold set."""
    mt = make_table_module()
    scores, papers = mt.real_tables()
    return mt.resample(scores, papers, n, seed)
