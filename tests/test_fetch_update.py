"""`leaderboard update` end to end against the local API server, and the change report it prints."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from fetch_helpers import API_DATA, api_server, exit_status  # noqa: F401  (fixture)
from leaderboard import schema
from leaderboard.fetch.changes import compare

SERVED = {"2406.03118", "2406.03005", "2406.02877", "2406.02741", "2406.02510", "2406.02233", "2406.01964"}


def row(paper, model, bench, score, **kw):
    return {"paper_id": paper, "model": model, "model_key": model.lower(), "benchmark": bench, "score": score,
            "score_norm": score, "score_text": f"{score:g}", "unit": "%", "kind": "score", "in_range": True,
            "higher_is_better": True, "published": kw.pop("published", "2024-06"), "span_start": 0, **kw}


def test_compare_reports_new_papers_scores_and_only_strictly_better_bests():
    before = schema.from_rows([row("a", "Old-7B", "MMLU", 70.0), row("a", "Old-7B", "GSM8K", 80.0)])
    after = schema.from_rows([
        row("a", "Old-7B", "MMLU", 70.0), row("a", "Old-7B", "GSM8K", 80.0),
        row("b", "New-8B", "MMLU", 72.5, published="2024-06-05"),       # beats 70.0
        row("b", "New-8B", "GSM8K", 80.0, published="2024-06-05"),      # a tie: not a new best
        row("c", "Other-1B", "MATH", 30.0),                             # first result of MATH
        row("c", "Other-1B", "MBPP", 999.0, in_range=False),            # never ranked
        {**row("c", "Other-1B", "HumanEval", 5.0), "kind": "delta"},     # a gain, never ranked
    ])
    changes = compare(before, after)
    assert sorted(changes.new_papers["paper_id"]) == ["b", "c"]
    assert dict(zip(changes.new_papers["paper_id"], changes.new_papers["scores"])) == {"b": 2, "c": 2}
    assert len(changes.new_scores) == 4
    bests = {b.benchmark: b for b in changes.new_best}
    assert set(bests) == {"MMLU", "MATH"}
    assert bests["MMLU"].score == 72.5 and bests["MMLU"].previous.score == 70.0
    assert bests["MATH"].previous is None
    text = "\n".join(changes.lines())
    assert text.startswith("update: 2 new papers, 4 new scores, 2 new best results")
    assert "MMLU             72.5% New-8B (b, 2024-06-05)   was 70% Old-7B (a, 2024-06)" in text
    short = compare(before, after).lines(show=1)
    assert "  ... and 1 more papers (--show 0 lists all)" in short
    assert "  ... and 3 more scores (--show 0 lists all)" in short
    assert compare(after, after).lines() == ["update: 0 new papers, 0 new scores, 0 new best results"]


def test_lower_is_better_benchmarks_rank_downwards():
    before = schema.from_rows([row("a", "A-1B", "Perplexity", 9.0, higher_is_better=False)])
    after = schema.from_rows([row("a", "A-1B", "Perplexity", 9.0, higher_is_better=False),
                              row("b", "B-1B", "Perplexity", 7.5, higher_is_better=False),
                              row("c", "C-1B", "Perplexity", 12.0, higher_is_better=False)])
    assert [(b.benchmark, b.score) for b in compare(before, after).new_best] == [("Perplexity", 7.5)]


@pytest.mark.slow
def test_update_end_to_end_adds_the_served_papers_and_their_scores(api_server, tmp_path, capsys):
    data = tmp_path / "data"
    (data / "raw" / "earlier").mkdir(parents=True)
    shutil.copy(API_DATA / "baseline_papers.jsonl", data / "raw" / "earlier")
    env = {**os.environ, "LEADERBOARD_DATA": str(data)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "leaderboard", *map(str, args)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    table, raw = data / "scores.parquet", data / "raw"
    assert exit_status("harvest", raw, "-o", table) == 0
    endpoint = api_server.url + "/api/query"
    first = run("update", "--query", "cat:cs.CL", "--endpoint", endpoint, "--page-size", 3, "--delay", 0)
    assert first.returncode == 0, first.stderr
    assert "arxiv: 8 entries in 3 pages (total 8), 7 new papers, 1 newer versions" in first.stderr
    assert first.stdout.startswith("update: 7 new papers, ")
    assert (data / "raw" / "arxiv" / "arxiv.jsonl").exists()

    scores = pd.read_parquet(data / "scores.parquet")
    papers = pd.read_parquet(data / "scores.papers.parquet").set_index("paper_id")
    assert SERVED | {"2405.10244", "2405.08817"} == set(papers.index)
    assert papers.loc["2406.03118", "published"] == "2024-06-05"
    assert "83.1% on MMLU" in papers.loc["2406.03118", "abstract"]          # the newest version
    served_scores = scores[scores["paper_id"].isin(SERVED) & (scores["kind"] == "score")]
    with_score_sentences = SERVED - {"2406.02233"}
    assert set(served_scores["paper_id"]) == with_score_sentences
    for r in served_scores.itertuples():
        abstract = papers.loc[r.paper_id, "abstract"]
        assert abstract[r.span_start:r.span_end] == r.evidence
        assert r.benchmark in abstract and r.published.startswith("2024-06")
    assert f", {len(served_scores)} new scores, " in first.stdout.splitlines()[0]
    for paper_id in SERVED:
        assert paper_id in first.stdout
    best = first.stdout.split("new best results:")[1]
    assert "GSM8K            88.4% Lumen-70B (2406.03118, 2024-06-05)   was 81.5% Kestrel-65B" in best

    # the same run again, in this process (the folders given explicitly instead of LEADERBOARD_DATA)
    where = ("--table", table, "--raw", raw)
    capsys.readouterr()
    assert exit_status("update", "--query", "cat:cs.CL", "--endpoint", endpoint, "--page-size", 3,
                       "--delay", 0, "--store", raw / "arxiv", *where) == 0
    assert capsys.readouterr().out.strip() == "update: 0 new papers, 0 new scores, 0 new best results"

    daily_status = exit_status("update", "--source", "hf-daily", "--from", "2024-06-03", "--to", "2024-06-05",
                               "--endpoint", api_server.url + "/api/daily_papers", "--delay", 0,
                               "--store", raw / "hf_daily", *where)
    daily = capsys.readouterr()
    assert daily_status == 1                           # the listing entry without an arXiv id
    assert "item 3: paper without an arXiv id" in daily.err
    assert daily.out.startswith("update: 2 new papers, ")
    papers = pd.read_parquet(data / "scores.papers.parquet").set_index("paper_id")
    assert {"2406.01871", "2406.02409"} <= set(papers.index)
    assert papers.loc["2406.02409", "organisation"] == "Marlin Lab"
    assert papers.loc["2406.03118", "organisation"] == "Lumen AI"          # the two sources met,
    assert papers.loc["2406.03118", "upvotes"] == 112
    assert "83.1% on MMLU" in papers.loc["2406.03118", "abstract"]          # and v2 still wins over v1


def test_the_newest_arxiv_version_of_a_paper_wins_over_a_listing_copy_of_an_older_one():
    from leaderboard.pipeline import dedupe
    from parsers.records import PaperRecord
    listing = PaperRecord("2406.03118", "Lumen", "Lumen-70B achieves 82.6% on MMLU.", "hf_daily.jsonl", 1,
                          published="2024-06-05", arxiv_id="2406.03118", authors_count=3,
                          organisation="Lumen AI", upvotes=112)
    api = PaperRecord("2406.03118", "Lumen", "Lumen-70B achieves 83.1% on MMLU.", "arxiv.jsonl", 4,
                      published="2024-06-05", arxiv_id="2406.03118", authors_count=3, extra={"version": 2})
    (paper,), duplicates = dedupe([listing, api])
    assert duplicates == 1 and "83.1%" in paper.abstract and paper.source == "arxiv.jsonl"
    assert paper.organisation == "Lumen AI" and paper.upvotes == 112


def test_update_usage_errors(tmp_path):
    assert exit_status("update", "--table", tmp_path / "t.txt") == 2
    assert exit_status("update", "--date", "2024-06-03", "--from", "2024-06-01", "--table", tmp_path / "t.parquet") == 2
    assert exit_status("update", "--source", "nowhere") == 2
