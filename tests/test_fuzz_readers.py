"""Property tests: every reader and the extractor on arbitrary bytes and text and on mutated real
abstracts. Nothing raises; every well-formed record comes back intact; evidence offsets hold.

Speed on adversarial input is measured by bench/adversarial_timing.py (figures, not timed tests).
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import GOLD
from parsers.extract import extract
from parsers.records import PaperRecord, Problem
from parsers.sources import read_bytes
from parsers.sources.decode import decode_bytes
from parsers.text import clean_text

GOLD_RECORDS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
ABSTRACTS = [g["abstract"] for g in GOLD_RECORDS]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LAYOUT_PREFIXES = ["", "{", '{"title": "t", "abstract": "', "id,title,abstract\n", "title,abstract\r\n",
                   "<!DOCTYPE html><html><head><title>x</title></head><body>",
                   '<meta name="citation_abstract" content="', "Daily Papers\nSubscribe\n"]
NASTY = ["\x00", "\r", "\r\n", "\n", '"', '""', ",", "{", "}", "[", "\\", "<", ">", "&amp;", "\ufeff", "\ufffd",
         "\u202e", "\u0301", "\U0001F600", "%", "±", "84.2", " on MMLU", "\t", "\x1b", "\x7f", "<script>"]


def check_items(items, source="fuzz"):
    n_lines = None
    for item in items:
        assert isinstance(item, (PaperRecord, Problem))
        if isinstance(item, Problem):
            assert item.source == source and item.severity in ("error", "warning") and item.message
            assert item.line is None or item.line >= 1
            str(item)
        else:
            assert item.abstract.strip() and item.source == source and (item.line or 1) >= 1
    return n_lines


mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 5000), st.sampled_from(NASTY) | st.text(max_size=5)),
    st.tuples(st.just("delete"), st.integers(0, 5000), st.integers(1, 40)),
    st.tuples(st.just("repeat"), st.integers(0, 5000), st.integers(1, 40)),
)


def mutate(text: str, edits) -> str:
    for op, at, arg in edits:
        at = at % (len(text) + 1)
        if op == "insert":
            text = text[:at] + arg + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + arg:]
        else:
            text = text[:at] + text[at:at + arg] * 3 + text[at + arg:]
    return text


mutated_abstract = st.builds(mutate, st.sampled_from(ABSTRACTS), st.lists(mutation, max_size=8))


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_are_read_without_raising(data):
    check_items(read_bytes(data, "fuzz"))


@FAST
@given(prefix=st.sampled_from(LAYOUT_PREFIXES), body=st.text(max_size=1500),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]))
def test_any_text_in_any_encoding_and_layout_is_read_without_raising(prefix, body, encoding):
    data = (prefix + body).encode(encoding, errors="replace")
    check_items(read_bytes(data, "fuzz"))


@FAST
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400),
       eol=st.sampled_from(["\n", "\r\n", "\r"]), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_decoding_keeps_every_line_of_well_formed_text(text, eol, encoding):
    lines = [line.replace("\r", " ").replace("\n", " ").replace("\x00", "") for line in text.split("|")]
    decoded = decode_bytes(eol.join(lines).encode(encoding), "fuzz")
    assume(not decoded.binary)
    assert [line for line in decoded.lines] == lines[:len(decoded.lines)]
    assert len(decoded.lines) in (len(lines), len(lines) - 1)     # a last empty line may be dropped
    assert not [p for p in decoded.problems if p.is_error]


@FAST
@given(st.lists(mutated_abstract, min_size=1, max_size=6), st.integers(0, 5))
def test_mutated_abstracts_in_json_lines_all_come_back(abstracts, broken):
    records = [{"id": f"p{i}", "title": f"Paper {i}", "abstract": a} for i, a in enumerate(abstracts)]
    lines = [json.dumps(r, ensure_ascii=bool(i % 2)) for i, r in enumerate(records)]
    if broken < len(lines):
        lines[broken] = lines[broken][:-3]                          # one truncated line
    items = list(read_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), "fuzz.jsonl"))
    check_items(items, "fuzz.jsonl")
    got = {r.paper_id: r for r in items if isinstance(r, PaperRecord)}
    for i, rec in enumerate(records):
        if i == broken:
            assert f"p{i}" not in got and any(p.line == i + 1 for p in items if isinstance(p, Problem))
        elif clean_text(rec["abstract"]):
            assert got[f"p{i}"].abstract == clean_text(rec["abstract"]) and got[f"p{i}"].line == i + 1


@FAST
@given(st.lists(mutated_abstract, min_size=1, max_size=6))
def test_mutated_abstracts_in_csv_round_trip_whatever_their_quotes_and_line_breaks(abstracts):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "title", "abstract"])
    for i, a in enumerate(abstracts):
        writer.writerow([f"p{i}", f'Title "{i}", part', a.replace("\x00", "")])
    items = list(read_bytes(buf.getvalue().encode("utf-8", "surrogatepass"), "fuzz.csv"))
    check_items(items, "fuzz.csv")
    got = {r.paper_id: r for r in items if isinstance(r, PaperRecord)}
    for i, a in enumerate(abstracts):
        if clean_text(a) and a.count("\n") + a.count("\r") < 90:
            assert got[f"p{i}"].abstract == clean_text(a.replace("\x00", ""))
            assert got[f"p{i}"].title == f'Title "{i}", part'


@FAST
@given(st.sampled_from(ABSTRACTS), st.lists(mutation, max_size=6), st.sampled_from(LAYOUT_PREFIXES))
def test_a_mutated_abstract_in_an_html_page_never_leaks_markup_or_raises(abstract, edits, prefix):
    text = mutate(abstract, edits)
    page = f"<!DOCTYPE html><html><head><script>var x = '{text[:50]}';</script></head><body>" \
           f"<h1 class='title'>T</h1><div class='abstract'>{prefix}{text}</div></body></html>"
    items = list(read_bytes(page.encode("utf-8", "surrogatepass"), "fuzz.html"))
    check_items(items, "fuzz.html")
    assert not any("var x" in r.abstract for r in items if isinstance(r, PaperRecord))


def check_extraction(abstract: str, rows: list[dict]) -> None:
    for row in rows:
        assert abstract[row["span_start"]:row["span_end"]] == row["evidence"]
        assert row["span_start"] <= row["number_start"] < row["number_end"] <= row["span_end"]
        assert isinstance(row["score"], float) and row["kind"] in ("score", "delta")


@FAST
@given(st.text(max_size=2000), st.none() | st.text(max_size=100))
def test_extractor_on_arbitrary_text(abstract, title):
    check_extraction(abstract, extract(abstract, title))


@FAST
@given(mutated_abstract, st.none() | st.sampled_from([g["title"] for g in GOLD_RECORDS]))
def test_extractor_on_mutated_real_abstracts(abstract, title):
    check_extraction(abstract, extract(abstract, title))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ["1", "1.", "(", "MMLU ", "84.2% ", "GPT-4-", " ", "a" * 7 + "\u0301"])
def test_a_megabyte_of_adversarial_text_is_read_and_extracted_without_raising(unit):
    text = unit * (1_000_000 // len(unit))
    check_items(read_bytes(json.dumps({"title": "t", "abstract": text}).encode(), "big.jsonl"), "big.jsonl")
    check_extraction(text, extract(text))
