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
