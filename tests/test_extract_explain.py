"""parsers.explain: every number of an abstract gets a verdict and a reason."""
from __future__ import annotations

import io

from parsers.explain import explain, main, write_explanation

ABSTRACT = ("We train Orion-7B on 2.1T tokens. Orion-7B reaches 71.2% on MMLU, a 4.3 point gain over "
            "Llama-2-13B, while running 2.5x faster.")


def test_each_number_has_a_verdict_and_a_reason():
    steps = {s["number"]: s for s in explain(ABSTRACT)}
    assert steps["71.2"]["verdict"] == "kept" and "Orion-7B" in steps["71.2"]["why"]
    assert "MMLU" in steps["71.2"]["why"]
    assert steps["2.1"]["verdict"] == "rejected" and "count" in steps["2.1"]["why"]
    assert steps["2.5"]["verdict"] == "rejected"
    assert "delta" in steps["4.3"]["why"]
    for s in explain(ABSTRACT):
        assert ABSTRACT[s["number_start"]:s["number_start"] + len(s["number"])] == s["number"]


def test_abstracts_without_scores_explain_nothing():
    assert explain("We study scaling laws for small models.") == []


def test_printed_explanation_and_command_line(capsys, tmp_path):
    out = io.StringIO()
    kept = write_explanation(ABSTRACT, "Orion: a small model", out)
    assert kept == 2 and "+     71.2  kept" in out.getvalue()
    data = tmp_path / "papers.jsonl"
    data.write_text('{"id": "p1", "title": "Orion: a small model", "abstract": "%s"}\n' % ABSTRACT)
    assert main([str(data), "--match", "orion"]) == 0
    assert "71.2" in capsys.readouterr().out


def test_leaderboard_explain_command_on_a_seed_file(capsys):
    from leaderboard.cli import main as cli_main
    assert cli_main(["explain", "data/raw/001_65cf3989b08e470f.txt", "--match", "Qwen2 Technical Report"]) == 0
    out = capsys.readouterr().out
    assert "Qwen2 Technical Report" in out
    assert "kept: score of Qwen2-72B on MMLU" in out
    assert cli_main(["explain"]) == 2
