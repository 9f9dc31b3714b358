"""The URL contract of the dashboard: parsing, writing, and surviving whatever a URL holds."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leaderboard.filters import OPENNESS, Filters, from_query, normalise, to_query


def test_issue_example_parses_to_exactly_that_view():
    f = from_query("?open=closed&max_params=10")
    assert f == Filters(open=("closed",), max_params=10.0)
    assert f.has_size_bound and not f.keep_unknown_size


def test_every_contract_parameter_round_trips():
    q = ("?benchmark=MMLU&open=open,unknown&min_params=0.5&max_params=70&q=llama"
         "&from=2024-01&to=2024-06-30&setting=5-shot")
    f = from_query(q)
    assert (f.benchmark, f.open, f.min_params, f.max_params) == ("MMLU", ("open", "unknown"), 0.5, 70.0)
    assert (f.q, f.date_from, f.date_to, f.setting) == ("llama", "2024-01", "2024-06-30", "5-shot")
    assert from_query(to_query(f)) == f
    assert to_query(Filters()) == ""


def test_openness_is_case_insensitive_deduplicated_and_canonically_ordered():
    assert from_query("open=CLOSED,open,closed,bogus").open == ("open", "closed")
    assert from_query({"open": ["closed", "open"]}).open == ("open", "closed")


def test_garbage_values_are_dropped_not_fatal():
    f = from_query("?max_params=abc&min_params=-3&from=2024-13&to=yesterday&open=maybe&q=&view=../../etc")
    assert f == Filters()
    f = from_query("?max_params=nan&min_params=inf&benchmark=%00%FF")
    assert f.max_params is None and f.min_params is None


def test_wrong_types_from_callbacks_are_dropped():
    f = from_query({"max_params": [], "min_params": {"a": 1}, "open": 5, "q": ["x", "y"], "benchmark": True})
    assert f.max_params is None and f.min_params is None and f.open == () and f.q == "y"
    assert from_query(12345) == Filters() and from_query(None) == Filters()


def test_reversed_ranges_are_swapped():
    f = from_query("min_params=70&max_params=7&from=2025&to=2023-05")
    assert (f.min_params, f.max_params) == (7.0, 70.0)
    assert (f.date_from, f.date_to) == ("2023-05", "2025")


def test_size_suffix_and_unknown_size_toggle():
    assert from_query("max_params=7B").max_params == 7.0
    assert from_query("max_params=7&unknown_size=1").keep_unknown_size
    assert not from_query("unknown_size=0").keep_unknown_size
    assert from_query("").keep_unknown_size


def test_hide_flags_and_compare_models_are_capped():
    f = from_query("hide=conflicted,low_confidence,whatever&models=a,b,c,d,e,f,g,h")
    assert f.hide_conflicted and f.hide_low_confidence
    assert f.models == ("a", "b", "c", "d", "e", "f")


TEXT = st.text(max_size=30)
VALUE = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
                  st.lists(TEXT, max_size=3))
NAMES = st.sampled_from(["benchmark", "open", "min_params", "max_params", "q", "from", "to", "setting",
                         "org", "unknown_size", "hide", "view", "models", "junk"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(NAMES, VALUE, max_size=8))
def test_any_mapping_parses_and_its_canonical_url_is_a_fixed_point(params):
    f = from_query(params)
    assert f == normalise(f)
    assert from_query(to_query(f)) == f


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_query_string_parses(text):
    f = from_query(text)
    assert set(f.open) <= set(OPENNESS)
    assert from_query(to_query(f)) == f


@settings(max_examples=200, deadline=None)
@given(st.builds(Filters, benchmark=st.one_of(st.none(), st.text(max_size=20)),
                 open=st.lists(st.sampled_from(OPENNESS), unique=True).map(tuple),
                 min_params=st.one_of(st.none(), st.floats(0, 1000)),
                 max_params=st.one_of(st.none(), st.floats(0, 1000)),
                 q=st.text(max_size=20), setting=st.one_of(st.none(), st.text(max_size=10))))
def test_valid_filters_survive_the_url(f):
    f = normalise(f)
    assert from_query(to_query(f)) == f
