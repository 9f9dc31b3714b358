"""Every reader on the hostile corpus (tests/data/make_hostile.py): a message naming the file and
line or record for each problem, every good record read, nothing written that was not asked for."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc

import pandas as pd
import pytest

from conftest import ROOT, TEST_DATA
from parsers.records import PaperRecord, Problem
from parsers.sources import decode, read_bytes, read_inputs, read_path

sys.path.insert(0, str(TEST_DATA))
from make_hostile import EXPECTED, build, gold_records, paper  # noqa: E402


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, PaperRecord)], [i for i in items if isinstance(i, Problem)])


def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.lstat().st_size, p.lstat().st_mtime_ns)
                  for p in folder.rglob("*"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_input_reads_its_good_records_and_names_its_problems(corpus, name):
    expect = EXPECTED[name]
    records, problems = split(read_path(corpus / name, name))
    assert len(records) == expect.records, [str(p) for p in problems]
    for line, severity, words in expect.problems:
        assert any(p.line == line and p.severity == severity and words in p.message and p.source == name
                   for p in problems), (line, severity, words, [str(p) for p in problems])
    expected_errors = sum(1 for _, severity, _ in expect.problems if severity == "error")
    assert sum(p.is_error for p in problems) == expected_errors, [str(p) for p in problems]
    for p in problems:
        assert str(p).startswith(name + (f":{p.line}" if p.line is not None else ""))


def test_good_records_arrive_intact_whatever_the_encoding(corpus):
    gold = gold_records()
    by_id = {}
    for name in ("utf16_bom.jsonl", "utf16_be_bom.jsonl", "utf16_nobom.jsonl", "crlf.jsonl",
                 "nul_bytes.jsonl", "papers.jsonl.gz", "bad_line.jsonl", "long_line.jsonl"):
        for rec in split(read_path(corpus / name))[0]:
            by_id[rec.paper_id] = rec
    for pid, rec in by_id.items():
        i = int(pid.split("-")[1])
        expected = paper(i, gold)
        assert rec.title == " ".join(expected["title"].split())
        assert rec.abstract == " ".join(expected["abstract"].split())
    assert len(by_id) == 4 + 2 + 3 + 4 + 3 + 5 + 999 + 2


def test_latin1_and_windows_1252_text_is_kept_not_mangled(corpus):
    records, _ = split(read_path(corpus / "latin1.csv"))
    assert all(r.title.startswith("Évaluation") and "modèles" in r.title for r in records)
    assert all(r.abstract.endswith("Résumé.") for r in records)
    rec = split(read_path(corpus / "invalid_utf8.jsonl"))[0][1]
    assert rec.abstract.startswith("\u201cquoted\u201d ")


def test_csv_recovers_every_good_row_around_an_unbalanced_quote(corpus):
    records, problems = split(read_path(corpus / "unbalanced.csv"))
    ids = [r.paper_id for r in records]
    assert "csv-broken" not in ids and len(ids) == 9
    assert ids[:6] == ["csv-32", "csv-33", "csv-34", "csv-35", "csv-37", "csv-multi"]  # rows after the bad one
    multi = records[ids.index("csv-multi")]
    assert multi.title == 'Quoted, "title"' and multi.line == 8 and "71.2 on MMLU" in multi.abstract
    formula = records[ids.index("csv-formula")]
    assert formula.title.startswith("=HYPERLINK(")                     # text, escaped only on export
    assert [p.line for p in problems] == [6]


def test_html_page_gives_title_and_abstract_and_never_script_text(corpus):
    (rec,), problems = split(read_path(corpus / "page.html"))
    gold = paper(60, gold_records())
    assert rec.title == " ".join(gold["title"].split())
    assert rec.abstract == " ".join(gold["abstract"].split())
    assert rec.arxiv_id == "2406.01234" and rec.published == "2024-06-03"
    assert "injected" not in rec.abstract and "color" not in rec.abstract and not problems


def test_fifty_megabyte_line_is_skipped_without_being_held_in_memory(corpus):
    tracemalloc.start()
    try:
        records, problems = split(read_path(corpus / "long_line.jsonl"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(records) == 2 and problems[0].line == 2
    assert peak < 4 * decode.MAX_LINE_BYTES, f"peak {peak / 1e6:.0f} MB while reading a 50 MB line"


def test_decompression_stops_at_the_size_cap(corpus, monkeypatch):
    monkeypatch.setattr(decode, "MAX_DECOMPRESSED_BYTES", 1024**2)
    records, problems = split(read_path(corpus / "bomb.jsonl.gz"))
    assert not records
    assert [p.message.split(":")[0] for p in problems] == ["gzip content larger than 1,048,576 bytes when decompressed"]


def test_folder_walk_ends_on_link_loops_skips_the_fifo_and_reads_each_file_once(corpus):
    records, problems = split(read_inputs([corpus, corpus / "loop", corpus / "papers.jsonl.gz"]))
    assert len(records) == sum(e.records for e in EXPECTED.values())
    assert len({r.paper_id for r in records}) == len(records)
    loops = [p for p in problems if "symbolic link loop" in p.message]
    assert {os.path.basename(p.source) for p in loops} == {"again", "up", "self.jsonl"}
    assert any(p.source == "pipe.fifo" and "FIFO" in p.message for p in problems)


def test_missing_input_and_top_level_link_loop_are_named(tmp_path):
    (tmp_path / "me").symlink_to("me")
    _, problems = split(read_inputs([tmp_path / "absent.jsonl", tmp_path / "me"]))
    assert [(os.path.basename(p.source), p.message.split(" (")[0]) for p in problems] == [
        ("absent.jsonl", "no such file or folder"), ("me", "symbolic link loop")]


@pytest.mark.parametrize("data, words", [
    (b"", "empty file"), (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04" + bytes(40), "ZIP archive"), (b"PAR1" + bytes(100), "Parquet table"),
    (bytes(range(256)) * 40, "binary data"), (b"\x1f\x8b\x08\x00garbage", "corrupt gzip"),
])
def test_binary_formats_are_named_in_the_message(data, words):
    records, problems = split(read_bytes(data, "upload.dat"))
    assert not records and len(problems) == 1 and words in problems[0].message


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_numbers_are_true_for_every_line_ending(eol):
    lines = [json.dumps(paper(i, gold_records())).encode() for i in range(5)]
    lines[3] = b"{broken"
    records, problems = split(read_bytes(eol.join(lines), "mixed.jsonl"))
    assert [r.line for r in records] == [1, 2, 3, 5] and [p.line for p in problems] == [4]


def test_crlf_split_across_read_chunks_is_one_line_end(monkeypatch):
    monkeypatch.setattr(decode, "CHUNK_BYTES", 7)
    monkeypatch.setattr(decode, "HEAD_BYTES", 7)
    text = decode.decode_bytes(b"abcdef\r\nghijklm\r\r\nxy\r", "t.txt")
    assert text.lines == ["abcdef", "ghijklm", "", "xy"]


@pytest.mark.slow
def test_cli_harvest_of_the_corpus_names_each_problem_and_writes_only_what_was_asked(corpus, tmp_path):
    before = snapshot(corpus)
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.run([sys.executable, "-m", "leaderboard", "harvest", str(corpus), "-o", str(out / "t.parquet")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr[-2000:]
    for where in ("bad_line.jsonl:613", "unbalanced.csv:6", "long_line.jsonl:2", "truncated.jsonl.gz:3",
                  "image.png: PNG image", "pipe.fifo: named pipe", "not_found.html: HTML page without"):
        assert where in run.stderr
    assert snapshot(corpus) == before
    assert sorted(p.name for p in out.iterdir()) == ["t.papers.parquet", "t.parquet"]
    papers = pd.read_parquet(out / "t.papers.parquet")
    assert len(papers) == sum(e.records for e in EXPECTED.values())


@pytest.mark.parametrize("make, line", [
    (lambda text: json.dumps({"id": "a", "title": "t", "abstract": text}) + "\n"
     + json.dumps(paper(1, gold_records())), 1),
    (lambda text: "A title\n" + text + "\nAnother title\n" + paper(1, gold_records())["abstract"], 2),
])
def test_an_abstract_too_long_to_be_one_is_rejected_by_line_and_the_rest_read(make, line):
    records, problems = split(read_bytes(make("Our model scores 84.2 on MMLU. " * 5000).encode(), "long.txt"))
    assert len(records) == 1 and records[0].abstract == " ".join(paper(1, gold_records())["abstract"].split())
    assert [(p.line, p.message.split(" is longer")[0][:14]) for p in problems] == [(line, "abstract of 15")]
