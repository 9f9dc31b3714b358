"""The benchmark lexicon (data/benchmarks.csv) and the one pattern compiled from it."""
from __future__ import annotations

import csv

import pytest

from leaderboard.normalize import normalize_score
from parsers import lexicon
from parsers.extract import extract

CATEGORIES = {"knowledge", "reasoning", "math", "code", "chat", "long-context", "multilingual", "safety",
              "multimodal", "agents", "vision", "speech", "language modelling"}


def test_lexicon_is_broad_and_well_formed():
    rows = list(csv.DictReader(open(lexicon.LEXICON_CSV, encoding="utf-8")))
    assert len(rows) >= 100
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    for r in rows:
        assert r["category"] in CATEGORIES, r
        assert r["unit"] in {"%", "points", "elo", "rate", "other"}, r
        assert float(r["min"]) < float(r["max"]), r
        assert r["higher_is_better"] in ("true", "false"), r
    # no spelling may name two benchmarks
    seen = {}
    for b in lexicon.load():
        for s in b.spellings:
            key = lexicon.fold(s)
            assert seen.setdefault(key, b.name) == b.name, (s, seen[key], b.name)


@pytest.mark.parametrize("text, expected", [
    ("84.2 on MMLU and 72.1 on MMLU-Pro", ["MMLU", "MMLU-Pro"]),
    ("HumanEval+ and HumanEval (+) but also plain HumanEval", ["HumanEval+", "HumanEval+", "HumanEval"]),
    ("MT-Bench, MTBench, MT Bench", ["MT-Bench"] * 3),
    ("BBH and BIG-Bench Hard", ["BIG-Bench Hard"] * 2),
    ("AlpacaEval 2.0 and AlpacaEval 2", ["AlpacaEval 2.0"] * 2),
    ("GSM8K or GSM8k", ["GSM8K"] * 2),
    ("AIME 24, AIME'24 and AIME 2025", ["AIME 2024", "AIME 2024", "AIME 2025"]),
    ("ARC-C, ARC-Challenge and ARC-E", ["ARC-Challenge", "ARC-Challenge", "ARC-Easy"]),
    ("SWE-bench Verified is harder than SWE-bench", ["SWE-bench Verified", "SWE-bench"]),
    ("Chatbot Arena (LMArena) Elo", ["Chatbot Arena", "Chatbot Arena"]),
    ("MATH-Vision, MathVision and MATH", ["MathVision", "MathVision", "MATH"]),
    ("miniF2F-test, MiniF2F and Omni-MATH", ["miniF2F", "miniF2F", "Omni-MATH"]),
    ("GenEval, DPG Bench and VBench", ["GenEval", "DPG-Bench", "VBench"]),
])
def test_spellings_resolve_to_canonical_names(text, expected):
    assert [b.name for _, _, b in lexicon.find(text)] == expected


def test_case_sensitive_names_do_not_match_ordinary_words():
    text = "we do the math, drop a race and play multiple games on MATH"
    assert [b.name for _, _, b in lexicon.find(text)] == ["MATH"]


def test_names_inside_longer_words_do_not_match():
    assert lexicon.find("MMLUish PRE-MMLU GSM8K-style") == []


def test_lookup_folds_spelling():
    assert lexicon.lookup("big-bench hard").name == "BIG-Bench Hard"
    assert lexicon.lookup("Arena Hard Auto").name == "Arena-Hard"
    assert lexicon.lookup("no such benchmark") is None


def _spelling_pieces():
    from parsers import lexicon
    spellings = sorted({s for b in lexicon.load() for s in b.spellings})
    words = sorted({w for s in spellings for w in s.replace("-", " ").split()})
    return spellings, words


def test_the_screen_never_hides_a_benchmark():
    """lexicon.may_name_any says False only for texts in which lexicon.find (run without the
    screen) finds nothing: every spelling, glued to its neighbours or not, in any case, with the
    words of other spellings around it (pairs such as 'A-OKVQA' or 'IF-Eval' split or joined)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from parsers import lexicon
    spellings, words = _spelling_pieces()
    piece = st.one_of(st.sampled_from(spellings), st.sampled_from(words),
                      st.sampled_from(["a", "if", "-", "(", ")", ",", ".", "'", "on", "the", "2", "v2", "x"]))

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(piece, min_size=1, max_size=8), st.sampled_from([" ", "-", "", " ("]), st.booleans())
    def screened(parts, sep, upper):
        text = sep.join(parts)
        text = text.upper() if upper else text
        if lexicon.find(text, lexicon.word_spans(text)):
            assert lexicon.may_name_any(text), text

    screened()
    for s in spellings:
        text = f"results on {s}, and more"
        assert lexicon.may_name_any(text) or not lexicon.find(text, lexicon.word_spans(text)), text


def test_benchmarks_on_other_scales_keep_their_own():
    """OCRBench is scored out of 1000 and GenEval from 0 to 1: a score on either is in range on its
    own scale and never read as a percentage."""
    rows = extract("Qwen2.5-VL-72B reaches 885 on OCRBench and 70.8 on MMStar. "
                   "Lumen-7B achieves 0.84 on GenEval and 84.2 on DPG-Bench.", None)
    got = {r["benchmark"]: r["score"] for r in rows}
    assert got == {"OCRBench": 885, "MMStar": 70.8, "GenEval": 0.84, "DPG-Bench": 84.2}
    geneval = normalize_score("GenEval", 0.84, None)
    assert (geneval["score_norm"], geneval["in_range"]) == (0.84, True)        # not scaled to 84
    assert normalize_score("GenEval", 84.0, "%")["in_range"] is False
    assert normalize_score("OCRBench", 885, None)["in_range"] is True
    assert normalize_score("MMStar", 0.708, None)["score_norm"] == 70.8       # a fraction of a percent scale


def test_split_lists_name_lexicon_benchmarks_in_order(tmp_path):
    lists = lexicon.split_lists()
    assert lists and all(b is lexicon.lookup(b.name) for s in lists for b in s.benchmarks)
    found = lexicon.find_split_lists("LibriSpeech WER of 1.9/3.9 on test/testother and 2.1/4.6 on clean/noisy")
    assert [b.name for _, _, b in found] == ["LibriSpeech test-clean", "LibriSpeech test-other"] * 2
    assert lexicon.find_split_lists("1.9/3.9 on the clean/other sets") == []      # no family named
    bad = tmp_path / "splits.csv"
    bad.write_text("family,spellings,benchmarks\nLibriSpeech,clean/other,LibriSpeech test-clean|LibriSpeech dev\n")
    with pytest.raises(ValueError, match="lexicon lacks"):
        lexicon.split_lists(str(bad))
    bad.write_text("family,spellings,benchmarks\nLibriSpeech,clean/other/noisy,LibriSpeech test-clean|LibriSpeech test-other\n")
    with pytest.raises(ValueError, match="3 parts for 2"):
        lexicon.split_lists(str(bad))
