"""The compiled extractor (``leaderboard compile``, mypyc) gives the reference rows, row for row,
and is used only for the sources it was built from.

The test suite itself runs the pure-Python modules (tests/conftest.py sets
LEADERBOARD_EXTRACTOR=python), so the compiled build is exercised here, in child processes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from parsers import compiled

ROOT = Path(__file__).resolve().parent.parent

needs_compiler = pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None,
                                    reason="no C compiler to build the compiled extractor with")

#: run in a child process with the compiled modules: which files were imported, and whether
#: every text of the oracle corpus gives its reference rows
CHECK_ORACLE = """
import importlib.util, json, sys
import parsers, parsers.extract as ex, parsers.numbers, parsers.sentences
spec = importlib.util.spec_from_file_location("oracle", sys.argv[1])
oracle = importlib.util.module_from_spec(spec); spec.loader.exec_module(oracle)
texts, expected = oracle.corpus(), oracle.load()
got = [json.loads(json.dumps(ex.extract(a, t), ensure_ascii=False)) for t, a in texts]
wrong = [k for k, (w, h) in enumerate(zip(expected, got)) if w != h]
print(json.dumps({"compiled": parsers.COMPILED, "files": [ex.__file__, parsers.numbers.__file__,
                  parsers.sentences.__file__], "texts": len(texts), "rows": sum(map(len, got)),
                  "wrong": wrong[:5], "n_wrong": len(wrong)}))
"""


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    """A compiled build in a fresh cache folder (about half a minute of mypyc and C compiler)."""
    pytest.importorskip("mypy")
    folder = tmp_path_factory.mktemp("compiled")
    env = {**os.environ, "LEADERBOARD_COMPILED_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-m", "leaderboard", "compile"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "compiled extractor ready" in done.stdout
    return folder


def _env(folder: Path, choice: str) -> dict:
    return {**os.environ, "LEADERBOARD_COMPILED_DIR": str(folder), "LEADERBOARD_EXTRACTOR": choice}


@pytest.mark.slow
@needs_compiler
def test_the_compiled_extractor_gives_every_reference_row(build_dir):
    done = subprocess.run([sys.executable, "-c", CHECK_ORACLE, str(ROOT / "tests" / "data" / "make_extract_oracle.py")],
                          cwd=ROOT, env=_env(build_dir, "compiled"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["compiled"] and Path(report["compiled"]).parent == build_dir
    assert all(f.endswith(".so") and f.startswith(str(build_dir)) for f in report["files"])
    assert report["texts"] > 5000 and report["rows"] > 1500
    assert report["n_wrong"] == 0, f"texts giving other rows than the reference: {report['wrong']}"


@pytest.mark.slow
@needs_compiler
def test_a_harvest_with_the_compiled_extractor_writes_the_same_table(build_dir, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, "bench/make_corpus.py", "3000", str(corpus)], cwd=ROOT, check=True,
                   capture_output=True)
    # records taking the field reader's other paths (compiled too): other field names, arXiv ids
    # with versions, numbers as ids, author lists, dates, entities, folded white space, no abstract
    odd = [{"paper_id": 17, "title": "Q&amp;A  models", "summary": "  We reach 71.2% on MMLU.\r\nDone. ",
            "authors": ["a", "b"], "date": "2024-05-01T00:00:00Z", "upvotes": "12"},
           {"id": "2406.01234v3", "title": "Foo: a model", "abstract": "Foo scores 45.1 on GSM8K.",
            "categories": ["cs.CL"], "organization": "Lab", "authors_count": 3},
           {"arxiv_id": "hep-th/9901001v2", "abstract": "A \u00a0note\u0007 with 12.5% on BoolQ."},
           {"id": "x", "title": "no abstract"}, {"title": "", "abstract": "   "}]
    with corpus.open("a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in odd)
    tables = {}
    for choice in ("python", "compiled"):
        out = tmp_path / choice / "scores.parquet"
        done = subprocess.run([sys.executable, "-m", "leaderboard", "harvest", str(corpus), "-o", str(out),
                               "--jobs", "2", "--chunk-mb", "1", "-q", "--no-corrections"],
                              cwd=ROOT, env=_env(build_dir, choice), capture_output=True, text=True, timeout=600)
        # the two records without an abstract are problems (exit status 1); the others go through
        assert done.returncode == 1 and "problems: 2 " in done.stderr + done.stdout, done.stderr
        tables[choice] = (pd.read_parquet(out), pd.read_parquet(out.with_name("scores.papers.parquet")))
    assert len(tables["python"][0]) > 100 and len(tables["python"][1]) == 3000 + 3
    pd.testing.assert_frame_equal(tables["python"][0], tables["compiled"][0])
    pd.testing.assert_frame_equal(tables["python"][1], tables["compiled"][1])     # every paper's fields


@pytest.mark.slow
@needs_compiler
def test_the_pure_modules_are_used_when_asked_or_when_no_build_matches(build_dir, tmp_path):
    probe = "import parsers, parsers.extract as ex; print(parsers.COMPILED, ex.__file__)"
    for env in (_env(build_dir, "python"), _env(tmp_path / "empty-cache", "auto")):
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        used, path = done.stdout.split()
        assert used == "None" and path.endswith("extract.py")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(tmp_path / "empty-cache", "compiled"),
                          capture_output=True, text=True)
    assert done.returncode != 0 and "leaderboard compile" in done.stderr


def test_a_build_is_keyed_by_every_source_so_an_edit_never_runs_a_stale_build(tmp_path, monkeypatch):
    copy = tmp_path / "parsers"
    shutil.copytree(compiled.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compiled, "PACKAGE", copy)
    before = compiled.build_key()
    assert compiled.build_key() == before                   # stable
    extract = copy / "extract.py"
    extract.write_text(extract.read_text() + "\n# edited\n")
    edited = compiled.build_key()
    assert edited != before                                 # an edited compiled module is another build
    (copy / "patterns.py").write_text((copy / "patterns.py").read_text() + "\n")
    assert compiled.build_key() not in (before, edited)     # so is an edit of a module they rely on


def test_importing_parsers_does_not_import_mypy(tmp_path):
    # the build key is computed at every start-up (here: a cache folder exists, with no build for
    # these sources): it must stay cheap, and mypy takes ~60 ms to import
    probe = "import sys, parsers; print('mypy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LEADERBOARD_EXTRACTOR": "auto", "LEADERBOARD_COMPILED_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_activate_reads_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADERBOARD_COMPILED_DIR", str(tmp_path))
    path: list[str] = ["/src/parsers"]
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "python")
    assert compiled.activate(path) is None and path == ["/src/parsers"]
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "auto")
    assert compiled.activate(path) is None and path == ["/src/parsers"]      # nothing built there
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "compiled")
    with pytest.raises(compiled.BuildError, match="leaderboard compile"):
        compiled.activate(path)
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "fast")
    with pytest.raises(ValueError, match="auto, python, compiled"):
        compiled.activate(path)


def test_a_large_harvest_with_the_pure_extractor_suggests_compiling_it(monkeypatch):
    import parsers
    from leaderboard.commands.harvest import COMPILE_HINT_ABSTRACTS, compile_hint

    monkeypatch.setattr(parsers, "COMPILED", None)
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "auto")
    assert "leaderboard compile" in compile_hint(COMPILE_HINT_ABSTRACTS)
    assert compile_hint(COMPILE_HINT_ABSTRACTS - 1) is None                 # a small harvest: no note
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "python")
    assert compile_hint(10 * COMPILE_HINT_ABSTRACTS) is None                # the user chose the pure modules
    monkeypatch.setenv("LEADERBOARD_EXTRACTOR", "auto")
    monkeypatch.setattr(parsers, "COMPILED", "/cache/build")
    assert compile_hint(10 * COMPILE_HINT_ABSTRACTS) is None                # already compiled
