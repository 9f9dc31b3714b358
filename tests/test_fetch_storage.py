"""The raw store: newest version kept, appends and atomic rewrites, nothing stored ever lost."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from fetch_helpers import stored_lines
from leaderboard.fetch.storage import RawStore, is_newer, paper_key


def rec(arxiv_id, version=1, abstract="We report 80.1% on MMLU.", **kw):
    return {"id": f"{arxiv_id}v{version}", "arxiv_id": arxiv_id, "version": version,
            "title": f"Paper {arxiv_id}", "abstract": abstract, **kw}


def test_keys_and_versions():
    assert paper_key({"id": "2406.01234v3"}) == "2406.01234"
    assert paper_key({"id": "hep-th/9901001v2"}) == "hep-th/9901001"
    assert paper_key({"title": "no id"}) is None
    assert is_newer(rec("2406.00001", 2), rec("2406.00001", 1))
    assert not is_newer(rec("2406.00001", 1), rec("2406.00001", 2))
    assert not is_newer(rec("2406.00001", 1), rec("2406.00001", 1))
    assert is_newer({**rec("2406.00001"), "upvotes": 9}, {**rec("2406.00001"), "upvotes": 3})


def test_new_papers_are_appended_and_a_newer_version_rewrites(tmp_path):
    store = RawStore(tmp_path / "s.jsonl")
    assert store.add([rec("2406.00001"), rec("2406.00002")]).added == ["2406.00001", "2406.00002"]
    assert store.add([rec("2406.00003")]).added == ["2406.00003"]
    result = store.add([rec("2406.00002", 2, "Now 81.0% on MMLU."), rec("2406.00001")])
    assert result.updated == ["2406.00002"] and result.unchanged == 1 and not result.added
    lines = stored_lines(store.path)
    assert [r["id"] for r in lines] == ["2406.00001v1", "2406.00002v2", "2406.00003v1"]
    assert not list(tmp_path.glob("*.tmp"))


def test_records_without_an_id_are_skipped_not_stored(tmp_path):
    store = RawStore(tmp_path / "s.jsonl")
    result = store.add([{"title": "Anonymous", "abstract": "x"}, rec("2406.00001")])
    assert result.skipped == ["Anonymous"] and result.added == ["2406.00001"]


def test_unreadable_stored_lines_survive_a_rewrite_and_are_reported(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(rec("2406.00001")) + "\n{\"id\": \"2406.0000\n" + json.dumps(rec("2406.00002")) + "\n",
                    encoding="utf-8")
    store = RawStore(path)
    store.add([rec("2406.00001", 2)])
    text = path.read_text(encoding="utf-8")
    assert '{"id": "2406.0000' in text                       # kept verbatim
    assert store.problems == [f"{path}:2: unreadable stored record kept as it is"]
    assert set(store.records()) == {"2406.00001", "2406.00002"}
    assert store.records()["2406.00001"]["version"] == 2


def test_a_torn_last_line_is_closed_before_appending(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(rec("2406.00001")) + "\n" + '{"id": "2406.000', encoding="utf-8")
    store = RawStore(path)
    store.add([rec("2406.00002")])
    assert set(store.records()) == {"2406.00001", "2406.00002"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2406.00001", "2406.00002", "2406.00003"]), st.integers(1, 4)),
                max_size=12), st.integers(1, 4))
def test_any_sequence_of_batches_keeps_exactly_the_highest_version_of_each_paper(tmp_path_factory, items, batch):
    store = RawStore(tmp_path_factory.mktemp("store") / "s.jsonl")
    for i in range(0, len(items), batch):
        store.add([rec(a, v) for a, v in items[i:i + batch]])
    expected = {}
    for a, v in items:
        expected[a] = max(v, expected.get(a, 0))
    lines = stored_lines(store.path) if store.path.exists() else []
    assert {r["arxiv_id"]: r["version"] for r in lines} == expected
    assert len(lines) == len(expected)
