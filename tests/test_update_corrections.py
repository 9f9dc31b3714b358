"""--update extracts only new or changed papers; corrections apply at every build and say when stale."""
from __future__ import annotations

import orjson
import pandas as pd
import pytest

from conftest import SEEDS
from leaderboard import store
from leaderboard.corrections import CorrectionsError, load, parse
from leaderboard.engines import build
from test_engines import load_bench, run_cli


def tables(out):
    return store.read_table(out), store.read_table(out.with_name(out.stem + ".papers.parquet"), papers=True)


@pytest.fixture(scope="module")
def corpus_lines(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "c.jsonl"
    load_bench("make_corpus").make_corpus(700, path, seed=3)
    return path.read_bytes().splitlines()


def write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_update_extracts_only_new_and_changed_papers_and_is_idempotent(tmp_path, corpus_lines):
    inputs = tmp_path / "in"
    write(inputs / "a.jsonl", corpus_lines[:600])
    out = tmp_path / "t" / "scores.parquet"
    build([inputs], out, jobs=1, corrections=None)
    changed = orjson.loads(corpus_lines[10])
    changed["abstract"] += " Our model reaches 91.3% on GSM8K."
    write(inputs / "a.jsonl", corpus_lines[:10] + [orjson.dumps(changed)] + corpus_lines[11:600])
    write(inputs / "b.jsonl", corpus_lines[600:])
    report = build([inputs], out, jobs=2, update=True, corrections=None)
    assert report.updated == {"new": 100, "changed": 1, "unchanged": 599}
    full = tmp_path / "full" / "scores.parquet"
    build([inputs], full, jobs=1, corrections=None)
    for updated, rebuilt in zip(tables(out), tables(full)):
        pd.testing.assert_frame_equal(updated, rebuilt)
    first = tables(out)
    again = build([inputs], out, jobs=1, update=True, corrections=None)
    assert again.updated == {"new": 0, "changed": 0, "unchanged": 700}
    for a, b in zip(first, tables(out)):
        pd.testing.assert_frame_equal(a, b)
    scores, _ = first
    assert ((scores["paper_id"] == changed["id"]) & (scores["score"] == 91.3)).any()


def test_update_keeps_papers_the_inputs_no_longer_mention(tmp_path, corpus_lines):
    write(tmp_path / "in" / "a.jsonl", corpus_lines[:300])
    out = tmp_path / "scores.parquet"
    build([tmp_path / "in"], out, jobs=1, corrections=None)
    before = tables(out)
    write(tmp_path / "in" / "a.jsonl", corpus_lines[:50])
    report = build([tmp_path / "in"], out, jobs=1, update=True, corrections=None)
    assert report.updated == {"new": 0, "changed": 0, "unchanged": 50}
    for a, b in zip(before, tables(out)):
        pd.testing.assert_frame_equal(a, b)


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "scores.parquet"
    build(SEEDS, out, jobs=1, corrections=None)
    return store.read_table(out)


def corrections_for(seed_rows):
    """A drop and a model fix on real rows, plus one that matches nothing."""
    scores = seed_rows[(seed_rows["kind"] == "score") & seed_rows["model"].notna()]
    drop, fix = scores.iloc[0], scores.iloc[-1]
    text = ("paper_id,benchmark,model,score,action,field,value,reason\n"
            f"{drop.paper_id},{drop.benchmark},,{drop.score},drop,,,not a result of this paper\n"
            f"{fix.paper_id},{fix.benchmark},{fix.model},,set,model,Llama-3-70B,the abstract misspells the model\n"
            "t-0000000000000000,MMLU,,,drop,,,paper that is gone\n")
    return drop, fix, text


def test_corrections_apply_at_every_build_and_stale_ones_are_reported(tmp_path, seed_rows):
    drop, fix, text = corrections_for(seed_rows)
    path = tmp_path / "corrections.csv"
    path.write_text(text)
    out = tmp_path / "scores.parquet"
    for update in (False, True, True):          # a full build, then re-harvests with --update
        report = build(SEEDS, out, jobs=1, corrections=path, update=update)
        scores = store.read_table(out)
        assert len(scores) == len(seed_rows) - 1
        gone = (scores["paper_id"] == drop.paper_id) & (scores["number_start"] == drop.number_start)
        assert not gone.any()
        fixed = scores[(scores["paper_id"] == fix.paper_id) & (scores["number_start"] == fix.number_start)]
        assert fixed["model"].tolist() == ["Llama-3-70B"] and fixed["model_key"].iloc[0] != fix.model_key
        assert fixed["correction"].tolist() == ["the abstract misspells the model"]
        assert scores["correction"].notna().sum() == 1
        assert [p.line for p in report.stale_corrections] == [4]
    result = run_cli("harvest", *SEEDS, "-o", out, "--corrections", path, "--update")
    assert result.returncode == 0
    assert "corrections.csv:4: warning: correction matches no row any more" in result.stderr


def test_removing_a_correction_restores_the_extracted_row_on_update(tmp_path, seed_rows):
    drop, fix, text = corrections_for(seed_rows)
    path = tmp_path / "corrections.csv"
    path.write_text(text)
    out = tmp_path / "scores.parquet"
    build(SEEDS, out, jobs=1, corrections=path)
    path.write_text(text.splitlines()[0] + "\n")
    build(SEEDS, out, jobs=1, corrections=path, update=True)
    pd.testing.assert_frame_equal(store.read_table(out), seed_rows)


def test_bad_corrections_file_is_a_usage_error_naming_the_line(tmp_path):
    with pytest.raises(CorrectionsError, match="corrections.csv:3: reason is required"):
        parse("paper_id,benchmark,model,score,action,field,value,reason\n"
              "p1,,,,drop,,,why\np2,,,,drop,,,\n")
    path = tmp_path / "corrections.csv"
    path.write_text("paper_id,benchmark,model,score,action,field,value,reason\np1,,,,set,params,1,why\n")
    result = run_cli("harvest", *SEEDS, "-o", tmp_path / "t.parquet", "--corrections", path)
    assert result.returncode == 2 and "corrections.csv:2: field must be one of" in result.stderr
    assert load(tmp_path / "missing.csv") is None


def test_committed_corrections_parse_match_real_rows_and_never_touch_the_gold_set(tmp_path):
    """The shipped corrections fix real rows, and none of them a gold record (gold scores the extractor alone)."""
    import json

    from conftest import GOLD, ROOT
    committed = load(ROOT / "data" / "corrections.csv")
    assert committed is not None and len(committed) >= 1
    out = tmp_path / "scores.parquet"
    report = build(SEEDS, out, jobs=1, corrections=committed)
    assert report.stale_corrections == []
    scores = store.read_table(out)
    corrected = scores[scores["correction"].notna()]
    assert set(corrected["paper_id"]) == committed.paper_ids()
    gold = {json.loads(line)["id"] for line in GOLD.read_text().splitlines()}
    where = corrected["source"].str.removesuffix(".txt") + ":" + corrected["line"].astype(str)
    assert not set(where) & gold
