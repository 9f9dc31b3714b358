"""Leaderboard views on real rows (the gold set's scores through the row builder)."""
from __future__ import annotations

import pandas as pd
import pytest

from gold_table import gold_table
from leaderboard import schema, views


@pytest.fixture(scope="module")
def table():
    return gold_table()


def _with_rows(table, *changes):
    """The table plus copies of its rows with some fields changed (another paper's report)."""
    extra = []
    for match, change in changes:
        row = table[(table[list(match)] == pd.Series(match)).all(axis=1)].iloc[0].to_dict()
        row.update(change)
        extra.append(row)
    return schema.conform(pd.concat([table, schema.from_rows(extra)], ignore_index=True))


def test_mmlu_board_one_entry_per_model_best_first(table):
    board = views.benchmark_board(table, "MMLU")
    assert list(board.columns[:4]) == ["rank", "model", "model_key", "benchmark"]
    assert board["model_key"].is_unique
    assert board["score_norm"].is_monotonic_decreasing
    assert board.iloc[0]["model"] == "Qwen2-72B" and board.iloc[0]["rank"] == 1
    assert board.iloc[0]["params_b"] == 72 and bool(board.iloc[0]["open_weights"])
    for column in ["model", "model_key", "score", "score_norm", "unit", "setting", "params_b", "open_weights",
                   "organisation", "paper_id", "title", "published", "evidence", "n_sources", "conflict", "rank"]:
        assert column in board.columns


def test_same_number_in_two_papers_is_one_entry_with_both_sources(table):
    # DataComp-LM appears in two seed files with the same abstract: 64% MMLU from two records
    board = views.benchmark_board(table, "MMLU")
    dclm = board[board["model_key"] == "dclm-baseline-7b"].iloc[0]
    assert dclm["n_sources"] == 2 and not dclm["conflict"]
    papers = table.loc[(table["model_key"] == "dclm-baseline-7b") & (table["kind"] == "score"), "paper_id"]
    assert dclm["sources"] == "; ".join(sorted(set(papers))) and papers.nunique() == 2


def test_deltas_and_out_of_range_scores_are_never_ranked(table):
    out_of_range = _with_rows(table, ({"model": "Qwen2-72B", "benchmark": "MMLU"},
                                      {"score": 184.2, "score_norm": 184.2, "in_range": False, "paper_id": "x"}))
    board = views.benchmark_board(out_of_range, "MMLU")
    assert board["score_norm"].max() == 84.2
    gsm = views.benchmark_board(table, "GSM8K")
    deltas = table[(table["kind"] == "delta") & (table["benchmark"] == "GSM8K")]
    assert len(deltas) and not set(gsm["score"]) & set(deltas["score"]) - set(
        table[(table["kind"] == "score") & (table["benchmark"] == "GSM8K")]["score"])


def test_setting_filter_and_case_insensitive_benchmark(table):
    assert len(views.benchmark_board(table, "mmlu")) == len(views.benchmark_board(table, "MMLU"))
    five = _with_rows(table, ({"model": "Llama 3 8B", "benchmark": "MMLU"},
                              {"setting": "5-shot", "score": 68.4, "score_norm": 68.4, "paper_id": "y"}))
    board = views.benchmark_board(five, "MMLU", setting="5-shot")
    assert (board["setting"] == "5-shot").all()
    assert board.set_index("model_key").loc["llama-3-8b", "score"] == 68.4
    assert len(views.benchmark_board(five, "MMLU")) > len(board)
    assert views.benchmark_board(table, "No Such Benchmark").empty


def test_conflict_kept_with_both_evidences(table):
    evidence = "Qwen2-72B reaches 82.3 on MMLU in our re-evaluation."
    disputed = _with_rows(table, ({"model": "Qwen2-72B", "benchmark": "MMLU"},
                                  {"score": 82.3, "score_norm": 82.3, "paper_id": "other-paper",
                                   "evidence": evidence}))
    found = views.conflicts(disputed)
    assert len(found) == 2
    assert set(found["score_norm"]) == {84.2, 82.3}
    assert evidence in set(found["evidence"]) and (found["n_values"] == 2).all()
    board = views.benchmark_board(disputed, "MMLU")
    qwen = board[board["model_key"] == "qwen-2-72b"].iloc[0]
    assert qwen["conflict"] and qwen["score_norm"] == 84.2 and qwen["n_sources"] == 1
    assert views.conflicts(table).empty  # the gold rows themselves agree


def test_same_paper_two_numbers_is_not_a_conflict(table):
    same_paper = _with_rows(table, ({"model": "Qwen2-72B", "benchmark": "MMLU"}, {"score": 82.3, "score_norm": 82.3}))
    assert views.conflicts(same_paper).empty


def test_pivot_average_never_mixes_scales(table):
    grid = views.pivot(table, ["MMLU", "MT-Bench", "Arena-Hard"])
    qwen_i = grid.loc["qwen-2-72b-instruct"]
    assert pd.isna(qwen_i["MMLU"]) and qwen_i["MT-Bench"] == 9.1
    assert qwen_i["average"] == 48.1 and qwen_i["n_averaged"] == 1   # MT-Bench (1-10) left out
    assert grid.loc["qwen-2-72b", "average"] == 84.2
    full = views.pivot(table)
    assert "MMLU" in full.columns and "average" in full.columns and full.index.is_unique


def test_model_profile_across_benchmarks(table):
    profile = views.model_profile(table, "qwen-2-72b")
    assert set(profile["benchmark"]) == {"MMLU", "GPQA", "HumanEval", "GSM8K", "BIG-Bench Hard", "AstroMLab-1"}
    mmlu = profile[profile["benchmark"] == "MMLU"].iloc[0]
    assert mmlu["rank"] == 1 and mmlu["n_models"] == len(views.benchmark_board(table, "MMLU"))
    assert views.model_profile(table, "no-such-model").empty


def test_sota_over_time_step_lines_per_openness(table):
    dated = _with_rows(
        table,
        ({"model": "Mistral-7B-v0.3", "benchmark": "MMLU"}, {"published": "2024-01-10", "paper_id": "a",
                                                              "score": 60.0, "score_norm": 60.0}),
        ({"model": "Llama 3 8B", "benchmark": "MMLU"}, {"published": "2024-03-01", "paper_id": "b",
                                                         "score": 66.0, "score_norm": 66.0}),
        ({"model": "Mistral-7B-v0.3", "benchmark": "MMLU"}, {"published": "2024-05-01", "paper_id": "c",
                                                              "score": 63.0, "score_norm": 63.0}),
    )
    sota = views.sota_over_time(dated, "MMLU")
    assert set(sota["group"]) <= {"open", "closed", "unknown"}
    open_ = sota[sota["group"] == "open"]
    assert open_["date"].is_monotonic_increasing
    assert open_["running_best"].is_monotonic_increasing
    first_three = open_[open_["paper_id"].isin(["a", "b", "c"])]
    assert list(first_three["running_best"]) == [60.0, 66.0, 66.0]
    assert list(first_three["is_record"]) == [True, True, False]
    # undated seed rows fall back to the model's release month, and say so
    assert set(sota["date_source"]) <= {"paper", "model release"}
    assert (open_.loc[open_["paper_id"] == "a", "date_source"] == "paper").all()


def test_sota_over_time_lower_is_better():
    rows = [{"model": m, "model_key": m.lower(), "benchmark": "WER", "score": s, "score_norm": s, "kind": "score",
             "published": d, "higher_is_better": False, "open_weights": True, "paper_id": m}
            for m, s, d in [("A", 5.0, "2023-01"), ("B", 6.0, "2023-06"), ("C", 3.0, "2024-01")]]
    sota = views.sota_over_time(schema.from_rows(rows), "WER")
    assert list(sota["running_best"]) == [5.0, 5.0, 3.0] and list(sota["is_record"]) == [True, False, True]
    board = views.benchmark_board(schema.from_rows(rows), "WER")
    assert list(board["model"]) == ["C", "A", "B"]


def test_views_do_not_modify_the_table(table):
    before = table.copy()
    views.benchmark_board(table, "MMLU"), views.pivot(table), views.conflicts(table)
    views.model_profile(table, "gpt-4o"), views.sota_over_time(table, "MMLU")
    pd.testing.assert_frame_equal(table, before)


def test_views_on_an_empty_table():
    empty = schema.empty_table()
    assert views.benchmark_board(empty, "MMLU").empty and views.conflicts(empty).empty
    assert views.pivot(empty).empty and views.sota_over_time(empty, "MMLU").empty
    assert views.model_profile(empty, "x").empty
