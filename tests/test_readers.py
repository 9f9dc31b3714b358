"""The readers on the real seed files: counts, titles, metadata, chrome, dedupe."""
from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from conftest import RAW, SEEDS
from leaderboard.pipeline import HarvestReport, read_papers
from parsers.records import PaperRecord, Problem
from parsers.sources import read_path


def records(path):
    items = list(read_path(path))
    return [r for r in items if isinstance(r, PaperRecord)], [p for p in items if isinstance(p, Problem)]


def test_each_seed_layout_reads_every_paper_once():
    counts = {p.name[:3]: len(records(p)[0]) for p in SEEDS}
    assert counts == {"001": 298, "002": 65, "003": 156}
    assert all(not records(p)[1] for p in SEEDS)


def test_chrome_is_not_a_paper_and_glued_subscribe_is_stripped():
    papers, _ = records(RAW / "001_65cf3989b08e470f.txt")
    assert papers[0].title.startswith("Planetarium: A Rigorous Benchmark")
    assert papers[0].line == 4
    titles = {p.title for s in SEEDS for p in records(s)[0]}
    assert not any(t and ("Subscribe" in t or "Get trending" in t) for t in titles)


def test_listing_metadata_authors_organisation_date_upvotes():
    papers, _ = records(RAW / "002_6a0982da2e3d9d33.txt")
    first = papers[0]
    assert first.authors_count == 5 and first.published is None and first.extra["listed"] == "Aug 5"
    cospadi = next(p for p in papers if p.title.startswith("COSPADI"))
    assert cospadi.organisation == "MTSAIR" and cospadi.upvotes == 2 and cospadi.published is None
    dated = [p for p in papers if p.published]
    assert len(dated) == 47
    with_upvotes = next(p for p in papers if p.published == "2024-06-17")
    assert with_upvotes.upvotes == 4
    assert papers[-1].organisation == "Tencent"


def test_html_entities_decoded_and_abstract_label_dropped():
    papers, _ = records(RAW / "003_e7a8ecaaed0fc502.txt")
    assert any("Dataset & Model" in (p.title or "") for p in papers)
    assert not any("&amp;" in (p.title or "") + p.abstract for p in papers)
    advantage = next(p for p in papers if p.title.startswith("Improving Language Models with Advantage"))
    assert advantage.abstract.startswith("Language Models (LMs) achieve")


def test_cross_file_duplicates_merge_to_502_papers():
    report = HarvestReport()
    papers = read_papers(SEEDS, report)
    assert report.papers_read == 519 and report.papers == 502 and report.duplicates == 17
    assert len({p.paper_id for p in papers}) == 502
    assert Counter(report.per_source.values()) == Counter([298, 65, 156])


def test_paper_ids_are_stable_across_runs():
    first = [p.paper_id for p in records(SEEDS[0])[0]]
    second = [p.paper_id for p in records(SEEDS[0])[0]]
    assert first == second and all(pid.startswith("t-") for pid in first)


@given(st.text(alphabet=st.characters(max_codepoint=0x7f)) | st.text())
def test_the_fast_printable_test_is_str_isprintable(text):
    from parsers.text import _printable
    assert _printable(text) == text.isprintable()
