"""The arXiv metadata snapshot reader on a small file in the snapshot's layout (with a bad line)."""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

from conftest import ROOT
from fetch_helpers import API_DATA, exit_status, stored_lines
from parsers.records import PaperRecord, Problem
from parsers.sources import arxiv_oai, read_bytes, read_inputs, read_path

SAMPLE = API_DATA / "oai_snapshot_sample.json"


def split(items):
    return [i for i in items if isinstance(i, PaperRecord)], [i for i in items if isinstance(i, Problem)]


def test_every_good_line_becomes_a_paper_and_bad_lines_are_named_by_file_and_line():
    papers, problems = split(list(read_path(SAMPLE)))
    assert [p.paper_id for p in papers] == ["2406.03118", "2406.02510", "2406.02118", "2406.01871",
                                            "cs/0112017", "2406.00412"]
    assert [str(p).split(": ")[0] for p in problems] == ["oai_snapshot_sample.json:5", "oai_snapshot_sample.json:7"]
    assert "not valid JSON" in str(problems[0]) and "has no abstract" in str(problems[1])
    lumen = papers[0]
    assert lumen.title == "Lumen: Open Bilingual Language Models at 7B and 70B Scale"
    assert lumen.published == "2024-06-05"            # the v1 submission, not the v2 revision
    assert lumen.arxiv_id == "2406.03118" and lumen.extra["version"] == 2 and lumen.line == 1
    assert lumen.authors_count == 3 and lumen.extra["categories"] == ["cs.CL", "cs.AI"]
    assert lumen.abstract.startswith("We present Lumen") and "83.1% on MMLU" in lumen.abstract
    turney = papers[4]
    assert turney.arxiv_id == "cs/0112017" and turney.published == "2001-12-11"
    assert papers[5].published == "2024-06"            # no versions: the month the id carries


def test_category_filter_keeps_papers_with_any_wanted_category_or_archive():
    def ids(categories):
        with open(SAMPLE, "rb") as stream:
            return [i[1]["arxiv_id"] for i in arxiv_oai.iter_snapshot_records(stream, SAMPLE.name, categories)
                    if not isinstance(i, Problem)]
    assert ids("cs.CL,cs.LG,cs.AI") == ["2406.03118", "2406.02510", "2406.01871", "cs/0112017"]
    assert ids("cs.AI") == ["2406.03118"]
    assert ids("cs") == ["2406.03118", "2406.02510", "2406.01871", "cs/0112017", "2406.00412"]
    assert ids("astro-ph.HE") == ["2406.02118"]
    assert len(ids(None)) == 6


def test_the_snapshot_is_streamed_not_read_whole(tmp_path):
    class Counting(io.BytesIO):
        reads = 0

        def readline(self, *args):
            Counting.reads += 1
            return super().readline(*args)

        def read(self, *args):
            raise AssertionError("the reader must not read the whole stream")

    data = SAMPLE.read_bytes()
    stream = Counting(data * 50)
    first = next(arxiv_oai.iter_snapshot(stream, "big.json"))
    assert first.paper_id == "2406.03118" and Counting.reads == 1


def test_recognised_by_content_in_a_folder_and_gzip_and_in_memory(tmp_path):
    (tmp_path / "metadata.txt").write_bytes(SAMPLE.read_bytes())
    with gzip.open(tmp_path / "snapshot.gz", "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    papers, problems = split(list(read_inputs([tmp_path])))
    assert len(papers) == 12 and len(problems) == 4
    assert {p.source for p in papers} == {"metadata.txt", "snapshot.gz"}
    in_memory, _ = split(list(read_bytes(SAMPLE.read_bytes(), "mem.json")))
    assert [p.published for p in in_memory] == [p.published for p in papers[:6]]


def test_ordinary_json_lines_are_not_taken_for_the_snapshot(tmp_path):
    plain = tmp_path / "p.jsonl"
    plain.write_text(json.dumps({"id": "2406.00001", "title": "T", "abstract": "We report 80.0% on MMLU."}) + "\n",
                     encoding="utf-8")
    assert not arxiv_oai.is_snapshot_file(plain)
    assert arxiv_oai.is_snapshot_file(SAMPLE)


def test_fetch_snapshot_command_stores_the_wanted_categories_beside_api_records(tmp_path, capsys):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "leaderboard", "fetch", "snapshot", *map(str, args)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    result = run(SAMPLE, "--category", "cs.CL,cs.LG,cs.AI", "--store", tmp_path)
    assert result.returncode == 1                       # two bad lines, reported
    assert "oai_snapshot_sample.json:5: not valid JSON" in result.stderr
    assert "snapshot: 4 papers in cs.CL,cs.LG,cs.AI, 4 new" in result.stderr
    stored = stored_lines(tmp_path / "arxiv.jsonl")
    lumen = next(r for r in stored if r["arxiv_id"] == "2406.03118")
    assert lumen["id"] == "2406.03118v2" and lumen["published"] == "2024-06-05T17:58:02Z"
    assert lumen["authors"] == ["Mei Lin", "Oskar Brandt", "Priya Raman"]
    capsys.readouterr()
    assert exit_status("fetch", "snapshot", SAMPLE, "--category", "cs.CL,cs.LG,cs.AI", "--store", tmp_path) == 1
    assert "0 new, 0 newer versions, 4 already stored" in capsys.readouterr().err
    assert exit_status("fetch", "snapshot", API_DATA / "hf_daily" / "2024-06-03.json", "--store", tmp_path) == 2
    assert exit_status("fetch", "snapshot", tmp_path / "missing.json", "--store", tmp_path) == 2


def test_the_harvest_engine_cuts_a_snapshot_into_blocks_and_reads_them_as_the_reader_does():
    from leaderboard.engines.chunks import plan_chunks
    from leaderboard.engines.work import read_chunks

    problems = []
    chunks = list(plan_chunks([SAMPLE], problems, chunk_bytes=1500))
    assert len(chunks) > 3 and {c.layout for c in chunks} == {"arxiv-oai"} and not problems
    from_blocks = list(read_chunks(chunks))
    whole = list(read_path(SAMPLE))

    def view(item):
        if isinstance(item, Problem):
            return str(item)
        return (item.paper_id, item.published, item.line, item.extra.get("version"), item.abstract)
    assert [view(i) for i in from_blocks] == [view(i) for i in whole]
