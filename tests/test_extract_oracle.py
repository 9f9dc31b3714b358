"""The extractor gives exactly its reference rows, and the same rows with its fast path on and off.

The reference (``tests/data/extract_oracle.jsonl.gz``, written by ``tests/data/make_extract_oracle.py``)
holds every row of every text of a fixed corpus: the real abstracts of ``data/raw/``, the gold
files and the API fixtures, seeded mutations of them and adversarial texts. Work on the
extractor's speed must leave each row as it was, field by field and in order.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parsers.extract as ex

ROOT = Path(__file__).resolve().parent.parent


def _oracle_module():
    spec = importlib.util.spec_from_file_location("make_extract_oracle", ROOT / "tests" / "data" / "make_extract_oracle.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


oracle = _oracle_module()


@pytest.fixture(scope="module")
def corpus():
    return oracle.corpus()


@pytest.fixture
def fast_path_off(monkeypatch):
    monkeypatch.setattr(ex, "FAST_PATH", False)


def _json(rows):
    """Rows as the reference stores them (JSON), so floats and None compare exactly."""
    return json.loads(json.dumps(rows, ensure_ascii=False))


def _first_difference(texts, expected, got) -> str:
    for k, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            title, abstract = texts[k]
            return f"text {k} ({abstract[:120]!r}, title {title!r}):\n  reference {want}\n  now       {have}"
    return f"{len(expected)} reference texts, {len(got)} now"


def test_rows_are_the_reference_rows(corpus):
    expected = oracle.load()
    got = [_json(ex.extract(abstract, title)) for title, abstract in corpus]
    assert len(corpus) == len(expected) > 5000
    assert sum(map(len, expected)) > 1500          # the corpus does exercise the extractor
    assert got == expected, _first_difference(corpus, expected, got)


def _real_rows():
    return [ex.extract(abstract, title) for title, abstract in oracle.real_texts()]


def test_fast_path_changes_no_row_on_the_real_abstracts(monkeypatch):
    fast = _real_rows()
    monkeypatch.setattr(ex, "FAST_PATH", False)
    full = _real_rows()
    assert sum(map(len, full)) > 100
    assert fast == full


WORDS = oracle.SALAD_WORDS + ["Our", "method", "Llama 3.1 8B", "8B", "92.0", "respectively", ".", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=70).map(" ".join),
       st.none() | st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join))
def test_fast_path_changes_no_row_on_any_mix_of_score_phrases(abstract, title):
    fast = ex.extract(abstract, title)
    ex.FAST_PATH = False
    try:
        full = ex.extract(abstract, title)
    finally:
        ex.FAST_PATH = True
    assert fast == full


@pytest.mark.parametrize("value, on", [(None, True), ("1", True), ("", True), ("yes", True),
                                       ("0", False), ("off", False), ("False", False), (" no ", False)])
def test_the_environment_switches_the_fast_path(value, on):
    assert ex.fast_path_from_env(value) is on
