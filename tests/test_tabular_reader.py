"""JSON Lines and CSV inputs: ids pass through, fields map, bad lines are named."""
from __future__ import annotations

import json

from conftest import GOLD
from parsers.records import PaperRecord, Problem
from parsers.sources import read_path


def split(items):
    items = list(items)
    return [r for r in items if isinstance(r, PaperRecord)], [p for p in items if isinstance(p, Problem)]


def test_gold_ids_come_through_unchanged():
    papers, problems = split(read_path(GOLD))
    gold_ids = [json.loads(line)["id"] for line in GOLD.read_text().splitlines() if line.strip()]
    assert [p.paper_id for p in papers] == gold_ids and not problems
    qwen = next(p for p in papers if p.paper_id == "001_65cf3989b08e470f:56")
    assert qwen.title.startswith("Qwen2 Technical Report")


def test_jsonl_fields_ids_dates_and_a_bad_line(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join([
        json.dumps({"arxiv_id": "2407.10671v3", "title": "A &amp; B", "summary": "We report 84.2 on MMLU.",
                    "authors": ["x", "y"], "published": "2024-07-15T17:59:00Z"}),
        "{not json",
        json.dumps({"paper_id": "p-2", "title": "No abstract"}),
        json.dumps({"title": "Derived id", "abstract": "Text."}),
    ]), encoding="utf-8")
    papers, problems = split(read_path(path))
    assert [p.paper_id for p in papers][0] == "2407.10671"
    first = papers[0]
    assert first.title == "A & B" and first.published == "2024-07-15" and first.authors_count == 2
    assert first.extra["version"] == 3
    assert papers[1].paper_id.startswith("t-")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "not valid JSON"), (3, "record has no abstract")]
    assert all(p.source == "papers.jsonl" for p in problems)


def test_an_abstract_of_control_characters_only_is_a_problem_not_an_empty_record(tmp_path):
    """U+0080 is not white space, so the field is not blank, but cleaning drops it: the record is
    named as a problem (file and line) and the good records around it still go through."""
    csv_path = tmp_path / "papers.csv"
    csv_path.write_text('title,abstract\r\nGood,Model X scores 81.2 on MMLU.\r\nBad,\x80\x9f\r\n', encoding="utf-8")
    jsonl_path = tmp_path / "papers.jsonl"
    jsonl_path.write_text(json.dumps({"title": "Bad", "summary": "\u0085\x07"}) + "\n"
                          + json.dumps({"title": "Good", "abstract": "Text."}) + "\n", encoding="utf-8")
    for path, bad_line, good in [(csv_path, 3, "Good"), (jsonl_path, 1, "Good")]:
        papers, problems = split(read_path(path))
        assert [p.title for p in papers] == [good] and all(p.abstract.strip() for p in papers)
        assert [(p.line, p.message) for p in problems] == [(bad_line, "record has no abstract (only control characters)")]
        assert problems[0].source == path.name


def test_arxiv_id_gives_the_month_when_no_date():
    path_text = json.dumps({"id": "2406.01234", "title": "T", "abstract": "A."})
    from parsers.sources import read_bytes
    papers, _ = split(read_bytes(path_text.encode(), "x.jsonl"))
    assert papers[0].published == "2024-06"


def test_csv_with_title_and_abstract(tmp_path):
    path = tmp_path / "papers.csv"
    path.write_text('id,title,abstract\nx1,"Title, with comma","We reach 37.9 on GPQA."\n', encoding="utf-8")
    papers, problems = split(read_path(path))
    assert not problems and papers[0].paper_id == "x1" and papers[0].title == "Title, with comma"
    assert papers[0].line == 2
