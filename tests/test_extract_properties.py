"""Properties of the extractor on any input: it never raises, every number it reports is in its
evidence as written, the result does not depend on other abstracts, and time grows linearly."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.extract import extract, may_contain_scores
from parsers.numbers import mask

WORDS = ["MMLU", "GSM8K", "HumanEval+", "MT-Bench", "on", "of", "and", "respectively", "achieves", "scores",
         "Qwen2-72B", "llama-2-7b", "GPT-4o", "(", ")", ",", ".", "%", "\\%", "~", "rightarrow", "by", "+",
         "84.2", "9.1", "48.1%", "1,001", "7B", "2024", "5-shot", "pass@1", "we introduce", "Orca:", "from", "to"]
abstract_like = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)


def _check(abstract, title=None):
    rows = extract(abstract, title)
    for r in rows:
        assert abstract[r["span_start"]:r["span_end"]] == r["evidence"]
        assert abstract[r["number_start"]:r["number_end"]] == r["score_text"]
        assert r["span_start"] <= r["number_start"] < r["number_end"] <= r["span_end"]
        assert float(r["score_text"].replace(",", "")) == r["score"]
        assert r["kind"] in ("score", "delta")
        assert 0 < r["confidence"] <= 1
    return rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_never_raises_on_any_text(abstract, title):
    _check(abstract, title)


@settings(max_examples=300, deadline=None)
@given(abstract_like, st.one_of(st.none(), abstract_like))
def test_numbers_are_verbatim_in_their_evidence(abstract, title):
    _check(abstract, title)


@settings(max_examples=100, deadline=None)
@given(abstract_like)
def test_mask_keeps_offsets(abstract):
    assert len(mask(abstract)) == len(abstract)


@settings(max_examples=100, deadline=None)
@given(st.lists(abstract_like, min_size=2, max_size=5))
def test_result_does_not_depend_on_other_abstracts(abstracts):
    first = [extract(a) for a in abstracts]
    again = [extract(a) for a in reversed(abstracts)][::-1]
    assert first == again


def test_abstracts_without_score_shaped_numbers_are_skipped_by_the_prefilter():
    assert not may_contain_scores("We train GPT-4 style models on 7B tokens in 2024.")
    assert may_contain_scores("It reaches 84.2 on MMLU.")
    assert may_contain_scores("It reaches 84\\% on MMLU.")


def _seconds(text):
    """CPU seconds of one extraction: unlike wall time, not inflated by other processes, and
    (this thread's time) not by threads earlier tests left running in this one."""
    t0 = time.thread_time()
    extract(text)
    return time.thread_time() - t0


ADVERSARIAL = {
    "digits": "1" * 200_000,
    "dotted decimals": "1." * 100_000,
    "percent runs": "1% " * 70_000,
    "hyphen chains": "A-1-" * 50_000,
    "open brackets": "(" * 200_000,
    "one long sentence of scores": "GPT-4o 84.2% on MMLU-Pro (66.5 vs. 65.9) and AAAA-1-1-1 ((((( 1.1.1.1.1 " * 2_800,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_200kb_input_is_fast(name):
    text = ADVERSARIAL[name]
    assert len(text) >= 200_000
    assert _seconds(text) < 2.0


def _adversarial_families() -> dict[str, str]:
    """The families of bench/adversarial_timing.py (a unit each, repeated into a long text)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "adversarial_timing.py"
    spec = importlib.util.spec_from_file_location("adversarial_timing", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.families()


FAMILIES = _adversarial_families()


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_megabyte_of_adversarial_text_takes_well_under_a_second_of_cpu(name):
    unit = FAMILIES[name]
    text = unit * (1_000_000 // len(unit))
    assert len(text) >= 990_000
    assert _seconds(text) < 1.0


def test_time_grows_linearly_with_length():
    unit = "Qwen2-72B scores 84.2 on MMLU, 37.9 on GPQA and 64.6 on HumanEval. " * 3
    small, large = unit * 20, unit * 400     # ~4 kB and ~80 kB
    t_small = min(_seconds(small) for _ in range(3))
    t_large = min(_seconds(large) for _ in range(2))
    assert t_large < 60 * t_small            # 20x the text: linear is ~20x, quadratic would be ~400x


_PIECES = ["by", "an", "a", "of", "average", "absolute", "gains", "improvement", "improves", "up", "to", "over",
           "nearly", "approx.", "more", "than", "at", "least", "as", "high", "sim", "+", "↑", "-", "--", "–", "%",
           "~", "<", "≈", "3", "12", ".", " ", "  ", "\n", "\t", "x", "model", "Over", "BY"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_patterns_read_backwards_from_a_number_agree_with_a_search_to_the_end(before):
    """The 'ends with' patterns are compiled in reverse and tried once from the end: they must
    answer exactly what a search for the same pattern followed by '$' answers."""
    import regex

    from parsers import numbers
    for reverse in (numbers._APPROX_BEFORE, numbers._DELTA_BEFORE, numbers._RANGE_BEFORE):
        source = reverse.pattern[:-len(r"\n?")]
        forward = regex.compile(source + "$", reverse.flags & ~regex.REVERSE)
        assert (reverse.match(before) is None) == (forward.search(before) is None), (source, before)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "  ", "\t", "-", "B", "b", "x", "×", "on", "of", "times", "tokens", "k",
                                 "M", "billion", "shot", "-shot", ",", ")", "%", "é", "K", "ſ", "3"]), max_size=6)
       .map("".join))
def test_the_opening_screen_never_hides_a_unit(after):
    """The two-character screen before _COUNT_UNITS only skips texts the pattern cannot match."""
    from parsers import numbers
    if numbers._COUNT_UNITS.match(after):
        assert numbers._may_open(numbers._UNIT_OPENINGS, after)


_AROUND = _PIECES + ["on", "in", "and", "vs", "onward", "higher", "points", "point of", "pp", "pts", "percent",
                     "percentage points", "relative", "speed-up", "accuracy", "MMLU", "é", "K", "ſ", "ȷ", "_", "(", ","]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_AROUND), max_size=12).map(" ".join),
       st.lists(st.sampled_from(_AROUND), max_size=12).map("".join))
def test_the_head_and_tail_screens_never_hide_a_match(spaced, glued):
    """The screens in front of the patterns read backwards (before a number) and forwards (after
    it) only skip texts the pattern cannot match: a pattern that matches implies a screen that
    lets it through, whatever the text (words spaced or glued, non-ASCII letters, punctuation)."""
    from parsers import numbers
    for text in (spaced, glued, spaced + " ", " " + glued):
        for pattern in (numbers._DELTA_BEFORE, numbers._APPROX_BEFORE):
            if pattern.match(text):
                assert numbers._may_end(pattern, text), (pattern, text)
        if numbers._DELTA_AFTER.match(text):
            assert numbers._may_start(numbers._DELTA_AFTER, text), text


def test_the_head_and_tail_screens_skip_most_numbers():
    """On the seed abstracts, the screens skip at least half the numbers whose before- and
    after-text cannot match (else they would only cost time)."""
    from parsers import numbers
    from parsers.sources import read_inputs
    from leaderboard.paths import RAW_DIR
    befores, afters = [], []
    for rec in read_inputs([RAW_DIR]):
        if hasattr(rec, "abstract"):
            masked = mask(rec.abstract)
            for m in numbers.NUMBER.finditer(masked):
                befores.append(masked[max(0, m.start() - 40):m.start()])
                afters.append(masked[m.end():m.end() + 40])
    assert len(befores) > 500
    for pattern, texts, screen in ((numbers._DELTA_BEFORE, befores, numbers._may_end),
                                   (numbers._APPROX_BEFORE, befores, numbers._may_end),
                                   (numbers._DELTA_AFTER, afters, numbers._may_start)):
        matched = [t for t in texts if pattern.match(t)]
        assert all(screen(pattern, t) for t in matched)
        unmatched = [t for t in texts if not pattern.match(t)]
        assert sum(not screen(pattern, t) for t in unmatched) > len(unmatched) / 2


_TITLE_WORDS = ["benchmark", "Benchmarking", "dataset", "test", "bed", "testbed", "suite", "challenge", "arena",
                "LEADERBOARD", "evaluating", "Evaluating", "report", "Technical", "tech", "this", "our", "the",
                "first", "a", "new", "Novel", "evaluation", "ſ", "K", "é", ":", "-", "(", "x", "12",
                "5-shot", "Shot", "zero", "CoT", "pass@1", "LC", "win", "rate", "WR", "chain-of-thought",
                "merger", "of", "Merging", "synergy", "combination", "Combining", "ensemble", "applying", "Apply",
                "to", "on top of", "our", "search", "algorithm", "DARE"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_WORDS), max_size=10), st.sampled_from([" ", "", "  ", "\t"]))
def test_held_words_screens_never_hide_a_match(words, sep):
    """The patterns read in titles, near "benchmark" and next to a number (settings) run only on
    texts holding one of their words: any text they match holds one (or is not ASCII, and is
    always tried)."""
    from parsers import model_names as mn
    from parsers import screens, settings
    text = sep.join(words)
    for pattern, held in ((mn._BENCH_WORDS, mn._BENCH_WORDS_HELD), (mn._REPORT_WORDS, mn._REPORT_WORDS_HELD),
                          (mn._OWN_BENCH_CUE, mn._OWN_BENCH_CUE_HELD), (settings._SETTING, settings._CUES),
                          (mn._MERGE_OF, mn._MERGE_OF_HELD), (mn._APPLIED_TO, mn._APPLIED_TO_HELD)):
        if pattern.search(text):
            assert screens.may_hold(text, held), (pattern, text)


_BENCH_TEXT = ["on", "On", "in", "IN", "the", "The", "challenging", "popular", "widely-used", "widely used", "MMLU",
               "GSM8K", "Big-Bench", "X.1", "A*", "benchmark", "benchmarks", "dataset", "leaderboard", "tasks", "of",
               "thein", "on-", "-", ".", ",", "(", "x", "Qwen2", "t", "o", "I", "\x1c", "\t", "  ", "7"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_BENCH_TEXT), max_size=14), st.sampled_from([" ", "", "-"]),
       st.integers(0, 30), st.integers(0, 90))
def test_the_plain_ascii_twin_of_the_unknown_benchmark_pattern_finds_the_same_matches(words, sep, pos, length):
    """On printable ASCII text ``re`` and ``regex`` find the same matches of _UNKNOWN_BENCH, with
    the same groups, in any window (word boundaries and look-arounds at a window's edges too)."""
    from parsers import extract as ex
    from parsers import screens
    text = sep.join(words)
    if not screens.plain_ascii(text):
        return
    end = min(len(text), pos + length)
    twin = [(m.span(), m.groups()) for m in ex._UNKNOWN_BENCH_PLAIN.finditer(text, pos, end)]
    assert twin == [(m.span(), m.groups()) for m in ex._UNKNOWN_BENCH.finditer(text, pos, end)]


def test_a_re_twin_is_refused_for_flags_re_lacks():
    """A pattern read backwards (regex's REVERSE) has no re equivalent: no twin is made for it."""
    from parsers import numbers, patterns
    with pytest.raises(ValueError):
        patterns.re_twin(numbers._DELTA_BEFORE)
    assert patterns.re_twin(numbers._COUNT_UNITS).match(" tokens")      # IGNORECASE carries over
    assert patterns.re_twin(numbers._COUNT_UNITS).match(" TOKENS")
