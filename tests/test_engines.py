"""The streaming harvest gives the in-memory pipeline's table, whatever the jobs and chunk size."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import orjson
import pandas as pd
import pytest

from conftest import ROOT, SEEDS
from leaderboard import store
from leaderboard.engines import build
from leaderboard.engines.assemble import PAPERS_DICTIONARY
from leaderboard.lock import LockHeld, TableLock
from leaderboard.pipeline import harvest


def load_bench(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "leaderboard", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def assert_same_tables(out, reference):
    pd.testing.assert_frame_equal(store.read_table(out), reference.scores)
    pd.testing.assert_frame_equal(store.read_table(out.with_name(out.stem + ".papers.parquet"), papers=True),
                                  reference.papers)


@pytest.fixture(scope="module")
def corpus_with_duplicates(tmp_path_factory):
    """A generated corpus plus a second file re-listing some of its papers, some copies richer."""
    folder = tmp_path_factory.mktemp("corpus")
    load_bench("make_corpus").make_corpus(1200, folder / "a.jsonl", seed=7)
    lines = (folder / "a.jsonl").read_bytes().splitlines()
    again = []
    for i, line in enumerate(lines[::41]):
        rec = orjson.loads(line)
        if i % 2:                        # a richer copy: it wins and must take the first copy's place
            rec["authors"] = ["A. Author", "B. Author"]
        else:                            # a poorer copy: it loses, and its date fills nothing
            rec.pop("published", None)
        again.append(orjson.dumps(rec))
    (folder / "b.jsonl").write_bytes(b"\n".join(again) + b"\n")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_seeds_give_the_in_memory_tables(tmp_path, seed_harvest, jobs):
    out = tmp_path / "scores.parquet"
    report = build(SEEDS, out, jobs=jobs, corrections=None)
    assert report.summary_line() == seed_harvest.report.summary_line()
    assert_same_tables(out, seed_harvest)


def test_chunked_corpus_with_cross_chunk_duplicates_gives_the_in_memory_tables(tmp_path, corpus_with_duplicates):
    reference = harvest([corpus_with_duplicates])
    assert reference.report.duplicates == 30
    for jobs, chunk_bytes in ((1, 50_000), (2, 200_000)):
        out = tmp_path / f"j{jobs}" / "scores.parquet"
        report = build([corpus_with_duplicates], out, jobs=jobs, chunk_bytes=chunk_bytes, corrections=None)
        assert (report.papers_read, report.papers, report.duplicates) == (1230, 1200, 30)
        assert_same_tables(out, reference)


def test_paper_table_is_zstd_compressed_also_when_duplicates_are_rewritten(tmp_path, corpus_with_duplicates):
    import pyarrow.parquet as pq
    out = tmp_path / "scores.parquet"
    report = build([corpus_with_duplicates], out, jobs=2, chunk_bytes=200_000, corrections=None)
    assert report.duplicates == 30          # finish() rewrote both tables
    papers = pq.ParquetFile(out.with_name("scores.papers.parquet")).metadata
    chunks = [papers.row_group(g).column(c) for g in range(papers.num_row_groups) for c in range(papers.num_columns)]
    assert {c.compression for c in chunks} == {"ZSTD"}
    # a dictionary only for the columns whose values repeat, never for one-per-paper ids and hashes
    with_dictionary = {c.path_in_schema for c in chunks if c.has_dictionary_page}
    assert {"source", "published"} <= with_dictionary
    assert not with_dictionary & {"paper_id", "line", "arxiv_id", "content_hash"}
    assert with_dictionary <= set(PAPERS_DICTIONARY)
    assert pq.ParquetFile(out).metadata.row_group(0).column(0).compression == "SNAPPY"


def test_line_numbers_survive_chunking(tmp_path, corpus_with_duplicates):
    out = tmp_path / "scores.parquet"
    build([corpus_with_duplicates / "a.jsonl"], out, jobs=1, chunk_bytes=20_000, corrections=None)
    papers = store.read_table(out.with_name("scores.papers.parquet"), papers=True)
    assert papers["line"].tolist() == list(range(1, 1201))


def _harvest_lines(tmp_path, lines: list[bytes]):
    """Harvest these JSON lines as in.jsonl with --rejects; the run and the rejects file."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    rejects = tmp_path / "rejects.jsonl"
    return run_cli("harvest", src, "-o", tmp_path / "t.parquet", "--rejects", rejects, "-j", "1"), rejects


def test_rejects_file_names_file_line_and_reason(tmp_path, corpus_with_duplicates):
    lines = (corpus_with_duplicates / "a.jsonl").read_bytes().splitlines()[:200]
    lines[10] = b'{"id": "broken", "title": "cut off'
    lines[20] = b'{"id": "x1", "title": "no abstract here"}'
    result, rejects = _harvest_lines(tmp_path, lines)
    assert result.returncode == 1, result.stderr
    assert "in.jsonl:11: not valid JSON" in result.stderr
    got = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(r["file"], r["line"]) for r in got] == [("in.jsonl", 11), ("in.jsonl", 21)]
    assert "not valid JSON" in got[0]["reason"] and "no abstract" in got[1]["reason"]
    assert len(store.read_table(tmp_path / "t.papers.parquet", papers=True)) == 198


def test_warnings_alone_exit_0_and_are_no_rejects(tmp_path, corpus_with_duplicates):
    lines = (corpus_with_duplicates / "a.jsonl").read_bytes().splitlines()[:50]
    lines[5] = lines[5].replace(b'"title":"', b'"title":"Caf\xe9 ')       # one Latin-1 byte
    result, rejects = _harvest_lines(tmp_path, lines)
    assert result.returncode == 0, result.stderr
    assert "in.jsonl:6: warning: not valid UTF-8" in result.stderr
    assert rejects.read_text() == ""
    papers = store.read_table(tmp_path / "t.papers.parquet", papers=True)
    assert len(papers) == 50 and papers["title"].str.startswith("Café ").sum() == 1


def test_nothing_readable_exits_3_and_writes_nothing(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 40)
    result = run_cli("harvest", junk, "-o", tmp_path / "t.parquet")
    assert result.returncode == 3, result.stderr
    assert "junk.bin" in result.stderr and "nothing written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.bin"]


def test_second_harvest_of_a_locked_table_exits_2_with_a_clear_message(tmp_path):
    out = tmp_path / "t.parquet"
    with TableLock(out):
        with pytest.raises(LockHeld):
            TableLock(out, timeout=0.2).acquire()
        result = run_cli("harvest", *SEEDS, "-o", out, "--lock-timeout", "0.3")
        assert result.returncode == 2
        assert "another harvest" in result.stderr and "--lock-timeout" in result.stderr
        assert not out.exists()
    assert run_cli("harvest", *SEEDS, "-o", out).returncode == 0


def test_other_formats_are_converted(tmp_path, seed_harvest):
    out = tmp_path / "t.csv"
    build(SEEDS, out, jobs=1, corrections=None)
    frame = store.read_table(out)
    assert frame["evidence"].tolist() == seed_harvest.scores["evidence"].tolist()


def test_newest_arxiv_version_wins_across_chunks_and_files(tmp_path, corpus_with_duplicates):
    """v2 in a later file beats a richer v1 met first, and takes v1's place; v1 fills its gaps."""
    pool = [orjson.loads(line) for line in (corpus_with_duplicates / "a.jsonl").read_bytes().splitlines()[:400]]
    first, second = [], []
    for i, rec in enumerate(pool):
        arxiv = f"2406.{i:05d}"
        first.append({**rec, "id": arxiv + "v1", "authors": ["A", "B", "C"], "upvotes": 3})
        if i % 3 == 0:
            second.append({**rec, "id": arxiv + "v2", "abstract": rec["abstract"] + " Revised."})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.jsonl").write_bytes(b"\n".join(map(orjson.dumps, first)) + b"\n")
    (tmp_path / "in" / "2.jsonl").write_bytes(b"\n".join(map(orjson.dumps, second)) + b"\n")
    reference = harvest([tmp_path / "in"])
    out = tmp_path / "scores.parquet"
    build([tmp_path / "in"], out, jobs=2, chunk_bytes=40_000, corrections=None)
    assert_same_tables(out, reference)
    papers = store.read_table(tmp_path / "scores.papers.parquet", papers=True)
    revised = papers[papers["abstract"].str.endswith(" Revised.")]
    assert len(revised) == 134 and set(revised["source"]) == {"2.jsonl"} and set(revised["upvotes"]) == {3}


@pytest.mark.slow
def test_hostile_corpus_gives_the_in_memory_tables_and_problems(tmp_path):
    sys.path.insert(0, str(ROOT / "tests" / "data"))
    from make_hostile import build as make_hostile
    corpus = make_hostile(tmp_path / "hostile")
    reference = harvest([corpus])
    out = tmp_path / "out" / "scores.parquet"
    report = build([corpus], out, jobs=2, chunk_bytes=64_000, corrections=None)
    assert sorted(map(str, report.problems)) == sorted(map(str, reference.report.problems))
    assert report.exit_status == reference.report.exit_status == 1
    assert_same_tables(out, reference)


def test_workers_spool_folder_is_gone_after_a_run_and_after_a_failed_one(tmp_path, corpus_with_duplicates):
    # (before the Dask tests: their module-wide cluster runs threads, and a fork beside threads may hang)
    import leaderboard.pipeline as pipeline

    out = tmp_path / "t" / "scores.parquet"
    build([corpus_with_duplicates], out, jobs=2, chunk_bytes=100_000, corrections=None)
    assert sorted(p.name for p in out.parent.iterdir()) == ["scores.papers.parquet", "scores.parquet"]
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    real = pipeline.extract_scores

    def fails_late(abstract, title=None):
        if "Revised" in abstract or abstract.startswith("We"):
            raise RuntimeError("extractor bug")
        return real(abstract, title)
    pipeline.extract_scores = fails_late       # forked workers inherit the failing extractor
    try:
        with pytest.raises(RuntimeError, match="extractor bug"):
            build([corpus_with_duplicates], out, jobs=2, chunk_bytes=100_000, corrections=None)
    finally:
        pipeline.extract_scores = real
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before


@pytest.fixture(scope="module")
def dask_scheduler():
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_dask_engine_writes_a_partitioned_dataset_with_the_local_rows(tmp_path, seed_harvest, corpus_with_duplicates,
                                                                      dask_scheduler):
    seeds = tmp_path / "seeds.parquet"
    build(SEEDS, seeds, engine="dask", scheduler=dask_scheduler, corrections=None)
    assert seeds.is_dir() and len(list(seeds.glob("part-*.parquet"))) >= 1
    assert_same_tables(seeds, seed_harvest)
    local, dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    build([corpus_with_duplicates], local, jobs=2, chunk_bytes=100_000, corrections=None)
    build([corpus_with_duplicates], dask, engine="dask", scheduler=dask_scheduler, chunk_bytes=100_000, corrections=None)
    assert len(list(dask.glob("part-*.parquet"))) > 5
    for suffix in ("", ".papers"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"dask{suffix}.parquet"),
                                      pd.read_parquet(tmp_path / f"local{suffix}.parquet"))


@pytest.mark.slow
def test_dask_from_the_command_line_starts_its_own_local_cluster(tmp_path, seed_harvest):
    out = tmp_path / "t.parquet"
    result = run_cli("harvest", *SEEDS, "-o", out, "--engine", "dask", "--jobs", "2", "--no-corrections")
    assert result.returncode == 0, result.stderr[-2000:]
    assert_same_tables(out, seed_harvest)
    assert run_cli("harvest", *SEEDS, "-o", out, "--scheduler", "tcp://127.0.0.1:1").returncode == 2


def test_clean_text_fast_path_agrees_with_the_full_cleaning():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from parsers.text import _ARXIV_ID, _clean_text_slow, clean_text

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(), max_size=80) | st.sampled_from(
        ["a & b", "a &amp; b", "x  y", " lead", "trail ", "tab\there", "nbsp\u00a0x", "ok text", "2406.01234v2"]))
    def agrees(text):
        assert clean_text(text) == _clean_text_slow(text)
        if "." not in text and "/" not in text:       # split_arxiv_id skips its regex on such text
            assert _ARXIV_ID.search(text.strip()) is None

    agrees()


def test_a_json_line_proved_printable_holds_only_printable_strings():
    """json_line_is_printable lets clean_text skip its own test: never wrongly."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from parsers.text import clean_text, json_line_is_printable

    assert json_line_is_printable(b'{"abstract": "84.2 on MMLU  &amp; more"}')
    assert not json_line_is_printable(b'{"abstract": "a\x7fb"}')          # DEL is legal raw JSON
    assert not json_line_is_printable(b'{"abstract": "a\\tb"}')           # an escape may be a control
    assert not json_line_is_printable('{"abstract": "caf\u00e9"}'.encode())

    @settings(max_examples=400, deadline=None)
    @given(st.dictionaries(st.sampled_from(["abstract", "title", "id"]), st.text(max_size=40), min_size=1))
    def holds(rec):
        line = orjson.dumps(rec)
        if json_line_is_printable(line):
            for value in orjson.loads(line).values():
                assert value.isprintable()
                assert clean_text(value, True) == clean_text(value)

    holds()


def test_planned_blocks_cover_the_file_exactly_with_true_first_lines(tmp_path, monkeypatch):
    """Whatever the line ends (LF, CRLF, lone CR), line lengths, BOM or final line feed, the byte
    ranges tile the file after its BOM, each ends after a line feed (but the last), and each
    block's first line, 1 plus the line counts of the file's blocks before it
    (:class:`LineNumbers`), is the line the in-memory reader numbers it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from leaderboard.engines import chunks
    from leaderboard.engines.chunks import LineNumbers, count_lines, iter_file_blocks

    monkeypatch.setattr(chunks, "MIN_TAIL_BYTES", 1)       # tail blocks as small as the test's files

    line = st.binary(min_size=0, max_size=60).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b""))
    eol = st.sampled_from([b"\n", b"\r\n", b"\r"])

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.tuples(line, eol), max_size=40), st.booleans(), st.booleans(), st.integers(4, 90),
           st.integers(1, 3))
    def tiles(lines, bom, last_eol, chunk_bytes, workers):
        body = b"".join(text + end for text, end in lines)
        if lines and not last_eol:
            body = body[:-len(lines[-1][1])]
        path = tmp_path / "f.jsonl"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body)
        blocks = list(iter_file_blocks(path, "f.jsonl", 0, chunk_bytes, workers=workers))
        assert b"".join(c.block_bytes() for c in blocks) == body
        assert [c.index for c in blocks] == list(range(len(blocks)))
        done = b""
        numbers = LineNumbers()
        for c in blocks:
            data = c.block_bytes()
            assert c.first_line == 1 and c.file_key == 0
            assert c.first_line + numbers.base(c.file_key, count_lines(data)) == 1 + count_lines(done)
            assert data and (data.endswith(b"\n") or c is blocks[-1])
            assert c.loaded().data == data
            done += data

    tiles()


def test_paper_columns_are_paper_rows_column_by_column():
    from leaderboard.engines.work import PAPER_SCHEMA
    from leaderboard.pipeline import paper_columns, paper_row
    from parsers.sources import read_inputs

    records = [r for r in read_inputs(SEEDS) if not hasattr(r, "message")][:300]
    rows = [paper_row(r) for r in records]
    columns = paper_columns(records)
    assert list(columns) == PAPER_SCHEMA.names
    assert columns == {name: [row[name] for row in rows] for name in PAPER_SCHEMA.names}


def test_blocks_shrink_toward_the_end_of_a_file_when_workers_share_them(tmp_path, corpus_with_duplicates):
    from leaderboard.engines.chunks import MIN_TAIL_BYTES, plan_chunks

    src = corpus_with_duplicates / "a.jsonl"
    sizes = [c.size for c in plan_chunks([src], [], chunk_bytes=200_000, workers=2)]
    assert sum(sizes) == src.stat().st_size
    assert max(sizes[:3]) > 190_000 and sizes[-2] < MIN_TAIL_BYTES + 5_000     # big blocks first, small at the end
    assert all(later < 1.02 * earlier for earlier, later in zip(sizes, sizes[1:]))
    assert [c.size for c in plan_chunks([src], [], chunk_bytes=200_000, workers=1)][:-1] == \
        [c.size for c in plan_chunks([src], [], chunk_bytes=200_000)][:-1]


def test_blocks_parsed_from_bytes_give_what_the_decoded_lines_give(tmp_path):
    """The orjson-on-bytes path and the decode-then-read path agree, line for line, on any block."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from leaderboard.engines.chunks import Chunk, count_lines
    from leaderboard.engines.work import _decode_block, _read_line, _read_plain_jsonl
    from parsers.records import Problem

    real = [line for line in (ROOT / "tests" / "data" / "seeds_dev.jsonl").read_bytes().splitlines()[:40] if line]
    line = st.one_of(
        st.sampled_from(real),
        st.sampled_from([b"", b"   ", b"\t", "\u3000".encode(), b"[1, 2]", b"42", b'"text"', b"{", b"null",
                         b'{"id": "x", "title": "no abstract"}', b'{"abstract": "  "}', b"\xef\xbb\xbf{}",
                         b'{"abstract": "caf\xe9"}', b'{"abstract": "A \\u0000 b", "id": "\\ud800"}',
                         '{"abstract": "Ünïcode\u2028 line", "title": "T\u00a0itle"}'.encode(),
                         b'{"abstract": "raw DEL \x7f here  and &amp; ", "title": " T  &lt;x&gt; "}',
                         b'{"abstract": "raw DEL \x7f alone", "title": "a DEL \x7f too"}',
                         b'{"abstract": " edges  and  doubles &amp; ", "title": "plain"}']),
        st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")),
        st.text(max_size=30).map(lambda t: t.replace("\n", "").replace("\r", "").encode()))

    def view(item):
        return str(item) if isinstance(item, Problem) else (item.paper_id, item.title, item.abstract, item.line,
                                                            item.published, item.arxiv_id, item.extra)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(line, min_size=1, max_size=12), st.integers(1, 500))
    def agree(lines, first_line):
        data = b"\n".join(lines) + b"\n"
        chunk = Chunk(0, "in.jsonl", data=data, first_line=first_line, size=len(data))
        plain = _read_plain_jsonl(chunk, data)
        decoded_lines, problems = _decode_block(chunk, data)
        decoded = problems + [item for number, text in enumerate(decoded_lines, start=first_line)
                              for item in _read_line(text, "in.jsonl", number)]
        if plain is not None:
            items, line_ends = plain
            assert [view(i) for i in items] == [view(i) for i in decoded]
            assert line_ends == count_lines(data)
        elif b"\r" not in data and b"\x00" not in data:
            assert problems                      # only a block the decoder has something to say about

    agree()
