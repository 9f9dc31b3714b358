"""Every extraction pattern carries a time limit, and running out of it costs an abstract, not a harvest."""
from __future__ import annotations

import time

import regex

from parsers import extract, lexicon, model_names, numbers, patterns, settings
from parsers.extract import extract_scores

EXTRACTION_MODULES = (extract, lexicon, model_names, numbers, settings)


def test_no_extraction_pattern_is_compiled_without_its_timeout():
    found = 0
    for module in EXTRACTION_MODULES:
        for name, value in vars(module).items():
            assert not isinstance(value, regex.Pattern), f"{module.__name__}.{name} has no timeout"
            found += isinstance(value, patterns.TimedPattern)
    assert found >= 40          # the modules' patterns are all there, and all timed


def test_a_pattern_that_backtracks_without_end_stops_at_its_timeout():
    catastrophic = patterns.compile(r"^(a|aa)+$")
    started = time.process_time()
    try:
        catastrophic.match("a" * 60 + "b")
        raised = False
    except TimeoutError:
        raised = True
    assert raised
    assert time.process_time() - started < patterns.TIMEOUT * 4


def test_an_abstract_whose_pattern_runs_out_of_time_gives_no_rows_and_no_exception(monkeypatch):
    text = "The flagship model, Qwen2-72B, achieves 84.2 on MMLU, 37.9 on GPQA and 64.6 on HumanEval."
    assert extract_scores(text)

    def out_of_time(*args, **kwargs):
        raise TimeoutError("regex timed out")

    monkeypatch.setattr(extract, "_extract", out_of_time)
    assert extract_scores(text) == []


# -- per-abstract mode (harvest workers): one interval timer bounds a whole abstract -------------

import threading  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def per_abstract(monkeypatch):
    monkeypatch.setattr(patterns, "ABSTRACT_BUDGET", 0.2)
    patterns.use_abstract_deadline()
    try:
        yield
    finally:
        patterns.use_abstract_deadline(False)


def test_per_abstract_mode_calls_the_compiled_methods_and_per_call_mode_restores_the_timeout(per_abstract):
    pattern = patterns.compile(r"\d+")
    assert patterns.per_abstract()
    assert pattern.search == pattern.compiled.search        # no timeout argument, no wrapper
    patterns.use_abstract_deadline(False)
    assert not patterns.per_abstract()
    assert pattern.search.keywords == {"timeout": patterns.TIMEOUT}
    patterns.use_abstract_deadline()


def test_per_abstract_mode_stops_a_runaway_pattern_at_the_budget(per_abstract):
    runaway = patterns.compile(r"(?:\w+\s?)+\d$")          # exponential on words without a digit
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        with patterns.time_limit:
            runaway.search("word " * 2000 + "x")
    assert time.monotonic() - started < 1.0
    # the timer is disarmed after the abstract: the next one runs to its end
    with patterns.time_limit:
        assert runaway.search("word 1") is not None
    time.sleep(0.3)                                          # no late signal arrives


def test_per_abstract_mode_gives_an_out_of_time_abstract_no_rows(per_abstract, monkeypatch):
    text = "The flagship model, Qwen2-72B, achieves 84.2 on MMLU, 37.9 on GPQA and 64.6 on HumanEval."
    rows = extract_scores(text)
    assert [(r.model, r.benchmark, r.score) for r in rows] == [
        ("Qwen2-72B", "MMLU", 84.2), ("Qwen2-72B", "GPQA", 37.9), ("Qwen2-72B", "HumanEval", 64.6)]

    def slow(*args, **kwargs):
        time.sleep(5)                                        # interrupted by the timer after 0.2 s

    monkeypatch.setattr(extract, "_extract", slow)
    started = time.monotonic()
    assert extract_scores(text) == []
    assert time.monotonic() - started < 1.0


def test_per_abstract_mode_gives_the_rows_per_call_mode_gives(per_abstract):
    from parsers.sources import read_inputs
    from tests.conftest import RAW
    texts = [(r.abstract, r.title) for r in read_inputs([RAW]) if hasattr(r, "abstract")]
    deadline_rows = [extract_scores(a, t) for a, t in texts]
    patterns.use_abstract_deadline(False)
    assert [extract_scores(a, t) for a, t in texts] == deadline_rows
    assert sum(map(len, deadline_rows)) > 10
    patterns.use_abstract_deadline()


def test_per_abstract_mode_is_refused_outside_the_main_thread():
    errors = []

    def switch():
        try:
            patterns.use_abstract_deadline()
        except RuntimeError as e:
            errors.append(e)

    worker = threading.Thread(target=switch)
    worker.start()
    worker.join()
    assert errors and not patterns.per_abstract()


def test_a_block_in_per_abstract_mode_restores_the_previous_mode_and_handler():
    import signal
    before = signal.getsignal(signal.SIGALRM)
    with patterns.abstract_deadline():
        assert patterns.per_abstract()
        assert extract_scores("Qwen2-72B achieves 84.2 on MMLU.")
    assert not patterns.per_abstract()
    assert signal.getsignal(signal.SIGALRM) is before
