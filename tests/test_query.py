"""Server-side filter/sort/page: the index must agree with plain pandas on real and generated rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generated import generated_tables
from leaderboard.filters import LOW_CONFIDENCE, Filters, from_query
from leaderboard.query import MAX_PAGE, TableIndex, openness_labels, to_records


@pytest.fixture(scope="module")
def generated():
    return generated_tables()[0]


@pytest.fixture(scope="module")
def index(generated):
    return TableIndex(generated)


def reference_mask(t: pd.DataFrame, f: Filters) -> pd.Series:
    """The filter panel's meaning written the slow, obvious way."""
    m = pd.Series(True, index=t.index)
    if f.benchmark:
        m &= t["benchmark"].eq(f.benchmark).fillna(False)
    if f.setting:
        m &= t["setting"].eq(f.setting).fillna(False)
    if f.open:
        m &= pd.Series(openness_labels(t["open_weights"]), index=t.index).isin(f.open)
    size = t["params_b"].astype(float)
    if f.has_size_bound or not f.keep_unknown_size:
        inside = size.notna()
        if f.min_params is not None:
            inside &= size >= f.min_params * (1 - 1e-9)
        if f.max_params is not None:
            inside &= size <= f.max_params * (1 + 1e-9)
        m &= inside | (size.isna() & f.keep_unknown_size)
    if f.q:
        m &= (t["model"].str.casefold().str.contains(f.q.casefold(), regex=False).fillna(False)
              | t["model_key"].str.casefold().str.contains(f.q.casefold(), regex=False).fillna(False))
    if f.date_from:
        m &= (t["published"].str.slice(0, len(f.date_from)) >= f.date_from).fillna(False)
    if f.date_to:
        m &= (t["published"].str.slice(0, len(f.date_to)) <= f.date_to).fillna(False)
    if f.hide_low_confidence:
        m &= ~(t["confidence"] < LOW_CONFIDENCE).fillna(False)
    return m.astype(bool)


def test_seed_harvest_rows_are_all_served_and_searchable(seed_harvest):
    scores = seed_harvest.scores
    ix = TableIndex(scores)
    page = ix.page(ix.mask(Filters()), None, 0, 100)
    assert page.total == len(scores) > 0
    model = scores["model"].dropna().iloc[0]
    hits = ix.page(ix.mask(Filters(q=model.upper())), None, 0, 100)
    assert hits.total == int(scores["model"].str.casefold().str.contains(model.casefold(), regex=False).sum())
    bench = scores["benchmark"].iloc[0]
    assert ix.page(ix.mask(Filters(benchmark=bench)), None).total == int((scores["benchmark"] == bench).sum())


QUERIES = ["", "?open=closed&max_params=10", "?open=open&min_params=7", "?benchmark=MMLU&q=gpt",
           "?from=2024-01&to=2024-06&hide=low_confidence", "?unknown_size=0", "?min_params=1&unknown_size=1",
           "?q=LLAMA&open=unknown", "?benchmark=GSM8K&from=2025"]


@pytest.mark.parametrize("query", QUERIES)
def test_mask_matches_pandas_reference(index, generated, query):
    f = from_query(query)
    assert np.array_equal(index.mask(f), reference_mask(generated, f).to_numpy())


def test_generated_table_exercises_the_filters(index, generated):
    """The generated table is varied enough for these tests to mean something."""
    assert generated["model_key"].nunique() >= 10 and generated["benchmark"].nunique() >= 10
    assert generated["published"].nunique() > 100
    counts = [int(index.mask(from_query(q)).sum()) for q in QUERIES]
    assert len(set(counts)) >= 5 and max(counts) == len(generated)


@pytest.mark.parametrize("column", ["score", "model", "published", "params_b", "confidence", "openness"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sort_matches_pandas_with_missing_values_last(index, column, direction):
    frame = index.frame
    got = index.select(index.mask(Filters()), [{"colId": column, "sort": direction}])[column]
    numeric = index.is_numeric(column)
    key = frame[column] if numeric else frame[column].astype("string").str.casefold()
    expected = key.sort_values(ascending=direction == "asc", na_position="last", kind="stable")
    got_key = got if numeric else got.astype("string").str.casefold()
    assert got_key.tolist() == expected.tolist()      # equal keys: ties may come in any order


def test_multi_column_sort_and_default_tiebreak(index):
    sm = [{"colId": "benchmark", "sort": "asc"}, {"colId": "score", "sort": "desc"}]
    rows = index.page(index.mask(Filters()), sm, 0, MAX_PAGE).rows
    for _, group in rows.groupby("benchmark", sort=False):
        scores = group["score"].astype(float).dropna().to_numpy()
        assert (np.diff(scores) <= 0).all()


def test_pages_tile_the_sorted_result(index):
    f = from_query("?open=open,unknown")
    mask = index.mask(f)
    sm = [{"colId": "score", "sort": "desc"}]
    whole = index.select(mask, sm)
    pages = [index.page(mask, sm, s, s + 250) for s in range(0, len(whole) + 250, 250)]
    assert all(p.total == len(whole) for p in pages)
    stitched = pd.concat([p.rows for p in pages])
    assert stitched["paper_id"].tolist() == whole["paper_id"].tolist()


def test_column_filters_text_number_and_combined(index, generated):
    fm = {"model": {"filterType": "text", "type": "contains", "filter": "gpt"},
          "score": {"filterType": "number", "type": "inRange", "filter": 20, "filterTo": 80}}
    got = index.column_filter_mask(fm)
    ref = (generated["model"].str.casefold().str.contains("gpt", regex=False).fillna(False)
           & generated["score"].between(20, 80).fillna(False))
    assert np.array_equal(got, ref.to_numpy()) and 0 < got.sum() < len(generated)
    either = {"benchmark": {"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "equals", "filter": "mmlu"},
        {"filterType": "text", "type": "equals", "filter": "GSM8K"}]}}
    assert np.array_equal(index.column_filter_mask(either),
                          generated["benchmark"].isin(["MMLU", "GSM8K"]).to_numpy())
    blank = index.column_filter_mask({"params_b": {"filterType": "number", "type": "blank"}})
    assert np.array_equal(blank, generated["params_b"].isna().to_numpy())


JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=10), inner, max_size=3)),
                       max_leaves=10)
COLUMN = st.sampled_from(["model", "score", "params_b", "published", "nope", "openness", "open_weights"])


@settings(max_examples=80, deadline=None)
@given(sort_model=st.one_of(JSONISH, st.lists(st.fixed_dictionaries(
           {"colId": COLUMN, "sort": st.sampled_from(["asc", "desc", "up", None])}), max_size=3)),
       filter_model=st.one_of(JSONISH, st.dictionaries(COLUMN, st.fixed_dictionaries(
           {"filterType": st.sampled_from(["text", "number", "set"]),
            "type": st.sampled_from(["contains", "equals", "inRange", "blank", "greaterThan", "x"]),
            "filter": JSONISH, "filterTo": JSONISH}), max_size=3)),
       start=JSONISH, end=JSONISH)
def test_browser_supplied_models_never_raise(index, sort_model, filter_model, start, end):
    mask = index.mask(Filters()) & index.column_filter_mask(filter_model)
    page = index.page(mask, sort_model, start, end)
    assert len(page.rows) <= MAX_PAGE and page.total == int(mask.sum())


def test_records_are_json_safe(index):
    import json
    rows = to_records(index.page(index.mask(Filters()), None, 0, 50).rows)
    text = json.dumps(rows)
    assert "NaN" not in text and len(rows) == 50
