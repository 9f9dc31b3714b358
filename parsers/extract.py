"""Score extraction from an abstract: each reported number, the benchmark it measures, the model.

The work is split by question, one module each:

* :mod:`parsers.numbers` — which numbers are there, and which are counts, deltas or bounds;
* :mod:`parsers.sentences` — where sentences start and end (evidence spans);
* :mod:`parsers.lexicon` — which benchmarks are named (``data/benchmarks.csv``);
* :mod:`parsers.model_names` — which models are named, and what the paper calls its own;
* :mod:`parsers.settings` — 5-shot, CoT, pass@1, LC win rate next to a number.

This module links them. A number gets its benchmark from the words that tie them ("84.2 on
MMLU", "MMLU (84.2)", "MMLU score of 84.2", "65.3% MMLU"), from a list read in order ("84.2,
37.9 and 64.6 on A, B and C"; "A and B ... 45.3 and 37.0, respectively"), or, with lower
confidence, from the only benchmark of its sentence or the benchmark the paper introduces. Its
model comes the same way: "66.5 for X", "X (80.6%)", paired lists, the subject of the clause,
the previous sentences, and finally the paper's own name for its model or method.
Only sentences holding a score-shaped number are read at all, and :func:`may_contain_scores`
lets a caller skip abstracts with none in one cheap pass.
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, fields

import regex

from parsers import lexicon, model_names, numbers, patterns, screens, sentences, settings
from parsers.records import ScoreMention



def fast_path_from_env(value: str | None) -> bool:
    """LEADERBOARD_EXTRACT_FASTPATH: on unless set to 0, false, no or off."""
    return (value or "").strip().lower() not in ("0", "false", "no", "off")


#: the fast path skips work that provably cannot give a row (see :func:`_extract`). Off, every
#: score-shaped sentence is read in full, as a check: the rows are the same either way.
FAST_PATH = fast_path_from_env(os.environ.get("LEADERBOARD_EXTRACT_FASTPATH"))
#: the kinds of number that can become a row
_CANDIDATE_KINDS = ("score", "delta")
#: a "sentence" with more candidate numbers than this is a table dump, not prose: not read
MAX_NUMBERS = 30

#: (the look-ahead names every first character a match can have — "the", a capital, "on"/"in"
#: in any case — so other places are passed over at once)
_UNKNOWN_BENCH = patterns.compile(
    r"(?=[A-Zt]|[oOiI]|[^\x00-\x7f])"
    r"(?:(?:\bthe\s+)?(?P<name>[A-Z][\w\-.*]*(?:[\s-][A-Z0-9][\w\-.*]*){0,2})\s+(?:benchmark|leaderboard|dataset)s?\b"
    r"|\b(?i:on|in)\s+(?:the\s+)?(?:challenging\s+|popular\s+|widely[-\s]used\s+)?(?P<name2>[A-Z][A-Za-z]*[A-Z0-9][\w\-.*]*))")
_SCORE_WORDS = patterns.compile(
    r"(?i)\b(?:scores?|accuracy|accuracies|success\s+rates?|win[-\s]?rates?|pass@\d+|f1|ap|em|exact\s+match"
    r"|perplexity|ppl|bpc|wer|error\s+rates?|rates?|achiev\w*|attain\w*|reach\w*|obtain\w*|performance|results?)\b")
_ON = patterns.compile(r"^(?:\s*%)?\s*(?:[\w\-@().*]+\s+){0,8}?(?:on|in|for|at|across|of)\s+(?:the\s+)?(?:\d+[\s-])?(?:[a-z][\w\-]*\s+){0,2}?$")
_DIRECT_AFTER = patterns.compile(r"^\s*(?:%\s*)?$")
#: the names of metrics a score is given in ("58.7 box AP", "Test F1 to 93.2", "28.4 BLEU")
_METRIC_NAMES = (r"f1|f2|ap|map|mrr|ndcg(?:@\d+)?|bleu|rouge(?:-\w+)?|meteor|cider|wer|cer|auc|auroc|em|acc(?:uracy)?|ppl|bpc"
                 r"|mae|mse|rmse|psnr|ssim|fid|iou|miou|top-\d|elo")
_BACK = patterns.compile(
    r"^(?:\s*\(|\s*:\s*|\s*=\s*|\s+(?:(?:score|accuracy|pass@\d+|win\s*rate|of|is|was|at|with|to|by|reaches|achieves|"
    r"attains|scores?|gets|obtains|reaching|achieving|results?|performance|an?|average|overall|\d+-shot|zero-shot|"
    r"accuracy\s+of|score\s+of)\s+){1,4}\+?|\s*,\s*(?:\w+\s+){0,3}?(?:achiev\w+|attain\w+|scor\w+|reach\w+)\s+"
    r"|\s+by\s+\+?\d+(?:\.\d+)?\s*%?\s*\(\s*"
    r"|\s+(?:[a-z][\w-]*\s+){0,3}?(?:task|benchmark|dataset|test\s+set|split|subset)s?\s*\(\s*"
    r"|\s+(?:[a-z][\w-]*\s+){0,2}?(?:(?:test|dev|val|validation)\s+)?(?:" + _METRIC_NAMES + r")\s+(?:of|is|to|at|=|:)\s+)$",
    regex.IGNORECASE)
#: what separates the items of a list of names, and the word each separator holds: a gap
#: without any of these words is no separator (tested before the pattern, see _separates)
_NAME_SEPARATORS = ((",", r",\s*(?:and\s+)?"), ("and", r"\s+and\s+"), ("&", r"\s*&\s*"), ("/", r"\s*/\s*"))
#: ... and of a list of numbers ("45.3 vs. 37.0", "61% or 67%")
_NUMBER_SEPARATORS = _NAME_SEPARATORS + (("vs", r"\s+vs\.?\s+"), ("versus", r"\s+versus\s+"), ("or", r"\s+or\s+"))
#: the words of each separator pattern (see _separator_pattern)
_SEP_WORDS: dict = {}


def _separator_pattern(separators, unit: str = "") -> patterns.TimedPattern:
    """A whole gap that is one separator, after an optional ``unit`` ('%', 'pp')."""
    pattern = patterns.compile(r"^\s*" + (unit + r"\s*" if unit else "") + "(?:" + "|".join(p for _, p in separators)
                              + r")\s*$")
    _SEP_WORDS[pattern] = tuple(w for w, _ in separators)
    return pattern


_LIST_SEP = _separator_pattern(_NUMBER_SEPARATORS, r"(?:%|[a-z]{1,4}|(?i:(?:box\s+|mask\s+)?(?:" + _METRIC_NAMES + r")))?")
_BENCH_SEP = _separator_pattern(_NAME_SEPARATORS)
_MODEL_FOR = patterns.compile(r"^\s*%?\s*(?:\)\s*)?(?:for|by|of|from)\s+(?:the\s+)?$")
_MODEL_PAREN = patterns.compile(r"^\s*\(\s*$")
#: the words that set one model against another
_VS_WORDS = r"vs\.?|versus"
_COMPARISON_WORDS = r"than|over|compared\s+(?:to|with)|" + _VS_WORDS + r"|outperform\w*|surpass\w*|beat\w*|exceed\w*|against"
_COMPARE = patterns.compile(r"(?i)\b(?:" + _COMPARISON_WORDS + r")\b")
_OUR = patterns.compile(r"(?i)\b(?:our|the\s+proposed)\s+(?:\w+\s+){0,2}?(?:model|method|approach|system|framework|agent|pipeline|technique|algorithm)s?\b")
#: the authors' own model as a subject ("our model", "our final system"), not their method
_OUR_MODEL = patterns.compile(r"(?i)\bour\s+(?:[\w-]+\s+){0,2}?(?:model|system|agent|LLM|network)s?\b")
_TRANSITION = patterns.compile(r"^\s*%?\s*(?:\([^()]{0,30}\)\s*)?(?:->|to)\s*$")
#: between a model and its own number: " at ", " that achieves ", " which reaches a "
_OWN_NUMBER_AFTER = patterns.compile(
    r"(?i)\s+(?:at|(?:that|which)\s+(?:only\s+)?(?:achiev\w*|reach\w*|scor\w*|obtain\w*|gets?|attain\w*))\s+(?:an?\s+|only\s+)?")
#: between a model and its own number: "'s original", "'s"
_POSSESSIVE = patterns.compile(r"['\u2019]s\s+(?:[a-z][\w-]*\s+){0,2}")
#: right before a model that is the term of a comparison (the end of the gap before it)
_COMPARED_BEFORE = patterns.compile(
    r"(?i)\b(?:" + _COMPARISON_WORDS +
    r"|rival\w*|(?:same|similar)\s+(?:[\w-]+\s+){0,5}?as|such\s+as|including|like)\s+(?:the\s+|an?\s+)?"
    r"(?:(?!(?:and|or|but|while|on|in|with|by|to)\b)[a-z][\w-]*\s+){0,3}$")
#: between a model and the list of numbers it is the subject of: "scores", "achieves up to"
_RUN_SUBJECT = patterns.compile(
    r"(?i)\s+(?:(?:only|also|still|then)\s+)?(?:scores?|achieves?|obtains?|reach(?:es)?|attains?|gets?|records?|yields?)"
    r"\s+(?:(?:scores|accuracies|win\s+rates)\s+of\s+)?")
#: what may open a sentence before its subject: nothing, or one word and a comma ("Remarkably, ")
_OPENER = patterns.compile(r"\s*(?:[A-Z][a-z]+\s*,\s*)?")
#: right before a 'from A to B' pair that continues a list of them: ", from", ", and from", "and"
_CONTINUED_PAIR = patterns.compile(r"(?:,|\band)\s*(?:and\s+)?(?:from\s+)?$")
#: a verb right before the model whose number goes from A to B ("improves X from 58.8% to 90.0%")
_IMPROVING_VERB = r"(?i)\b(?:improv|boost|rais|increas|lift|push|elevat|enhanc)\w*"
_IMPROVES = patterns.compile(_IMPROVING_VERB + r"\s+(?:the\s+)?$")
_IMPROVES_EARLIER = patterns.compile(_IMPROVING_VERB + r"\b")
#: "the upcycled model", "the fine-tuned version": a model named before, changed as the words say
_DESCRIBED = patterns.compile(
    r"(?i)\bthe\s+(?P<desc>(?:[a-z]+\s+)?[a-z][a-z-]*ed)\s+(?:model|version|variant|checkpoint)\b")
#: words of that shape that do not say how the model was changed
_NOT_A_CHANGE = frozenset({"proposed", "pretrained", "pre-trained", "based", "named", "mentioned", "aforementioned",
                           "used", "unmodified", "untrained", "original", "released", "advanced", "improved",
                           "evaluated", "tested", "selected", "compared", "considered", "combined", "unified"})
_UNNAMED_SUBJECT = patterns.compile(
    r"(?i)(?:[:;]|\bwhereas\b|\bwhile\b)\s+(?:the|our|an?|this)\s+(?:[\w-]+\s+){0,3}?(?:model|baseline|agent|system|variant|version)s?\b"
    r"|\band\s+(?:an?|the)\s+(?:[\w-]+\s+){0,5}?(?:model|baseline|agent|system|method|approach)s?\s+(?:at|with|of|reach\w*|achiev\w*)\s+$")


#: names that follow "on"/"in" but are metrics, kinds of model or generic words, never benchmarks
_NOT_BENCH = patterns.compile(
    r"(?i:" + _METRIC_NAMES + r"|nli|qa|vqa|ner|sota|gpu|tpu|api|cot|pass@\d+)"
    r"|(?:LLM|LM|MLLM|VLM|LVLM|SLM|AI|NLP|RL|SFT|DPO|RLHF|MoE|ASR|TTS|CL|IR|ML|DL|CV)s?")
_NOT_A_SCORE_AFTER = patterns.compile(
    r"(?i)\s*%?\s*(?:agreement|of\s+the\s+time|(?:[\w-]+\s+){0,3}?(?:in|on)\s+(?-i:our|an?\s|held-out)|of\s+the\s+(?:cost|time|compute|parameters|data|tokens|size|memory)|cost|compression"
    r"|sparsity|of\s+(?:the\s+)?(?:training|pre-?training|compute|parameters|weights|tokens|data|budget)"
    r"|of\s+[^.;]{0,60}?\bleaderboard\s+(?:entries|submissions)|of\s+(?:the\s+)?human\b)")


#: "2.3 nDCG on eight BEIR datasets": the number is tied to something that is not a benchmark
_BOUND_ELSEWHERE = patterns.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:on|in)\s+(?:\d+|two|three|four|five|six|seven|eight"
                                   r"|nine|ten|several|multiple|various|many|all|average|unseen|held-out|our)\b", regex.IGNORECASE)

_PAREN_ITEM = patterns.compile(
    r"(?:(?<=\bincluding\s)|(?<=\bsuch\s+as\s)|(?<=,\s)|(?<=\band\s)|(?<=:\s)|(?<=\b(?:on|in)\s(?:the\s)?))"
    r"(?!(?:and|or)\s)(?P<name>[A-Za-z][\w*+\-.]*(?:\s+[a-z][\w\-]*){0,3})\s*\(\s*\d+(?:\.\d+)?\s*%?\s*"
    r"(?:(?:->|to)\s*\d+(?:\.\d+)?\s*%?\s*)?\)")

#: right before a number that people, not a model, reached: "the human performance of 78.24%"
_HUMAN_BEFORE = patterns.compile(
    r"(?i)\b(?:humans?|people|experts?|annotators?)(?![\w-])(?:\s+(?:experts?|annotators?|raters?|participants?|baselines?"
    r"|players?|performance|accuracy|level|average|scores?))*\s+(?:(?:of|at|is|was|were|reach\w*|achiev\w*|scor\w*|obtain\w*"
    r"|with)\s+)?(?:an?\s+|only\s+)?$")
_VERSUS = patterns.compile(r"(?i)\b(?:" + _VS_WORDS + ")")
_PAIR_NEXT = patterns.compile(r"(?i)\s*%?\s*(?:" + _VS_WORDS + r")\s")
_HUMAN_WORD = patterns.compile(r"(?i)\bhumans?\b(?!-)")
#: between a phrase and the known benchmark name that abbreviates it: "... Olympiad ("
_DEFINED_BY = patterns.compile(r"[\w\s'-]*\(\s*")
_TOPIC = patterns.compile(r"(?i:on|in|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?")
#: a sentence that goes on about what the one before was about: "On WebArena-Lite, X improves ...
#: These open models surpass GPT-4o (13.9%)": its numbers are on the benchmark that one opened with
_GOES_ON = patterns.compile(r"(?:These|This|Those|They|It|Both|Such)\b")

#: a name-shaped word after a benchmark and a list separator: ", HumanEvalFix", " and VTAB-1k"
_LISTED_NAME = patterns.compile(r"(?:\s*,\s*and\s+|\s+and\s+)(?P<name>[A-Z][a-z]*[A-Z0-9][\w\-.*+]*)(?![\w-])")
_SETS_AFTER = patterns.compile(r"\s+(?:datasets|tasks|subsets|benchmarks|languages|splits)\b")
#: "eight BEIR datasets", "15 TREC tasks": a family of test sets, not one benchmark
_COUNTED = patterns.compile(r"(?i)(?<![\w.-])(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|various|many)"
                           r"(?:\s+[\w-]+)?\s+$")


_DETERMINERS = frozenset("this our the these each all a an its their both several many most".split())


@dataclass(slots=True)
class Bench:
    start: int
    end: int
    name: str
    known: bool


def may_contain_scores(text: str) -> bool:
    """Cheap one-pass test: is there any score-shaped number (a decimal or a percentage)?"""
    return numbers.may_hold_score(text)


#: what every match of _UNKNOWN_BENCH holds: a word for a test set, or "on"/"in" before a capital
_BENCH_NOUNS = ("benchmark", "leaderboard", "dataset")
#: ``re``, for ASCII text ("on"/"in" in any case): literal words and single-character classes, no
#: nested repetition, so it cannot backtrack; the leading class lets ``re`` skip ahead quickly
_ON_CAPITAL = re.compile(r"[oOiI][nN]\s+(?:the\s+)?(?:challenging\s+|popular\s+|widely[-\s]used\s+)?[A-Z]")


def _may_name_unknown(window: str) -> bool:
    """Could _UNKNOWN_BENCH match in ``window``? A cheap test first, exact for ASCII text (where
    ``re`` and ``regex`` read case and white space alike, ``re`` a little more widely)."""
    if not window.isascii():
        return True
    return any(w in window for w in _BENCH_NOUNS) or _ON_CAPITAL.search(window) is not None


def _may_name_a_benchmark(masked: str) -> bool:
    """Could any sentence of the abstract name a benchmark (see the sentence test in _extract)?

    A number's benchmark is one named in its sentence or the one before (a lexicon spelling, a
    list item next to one, a name matched by _UNKNOWN_BENCH) or the paper's own benchmark. So a
    paper without a benchmark of its own whose abstract has no lexicon word, no word for a test
    set and no "on/in" before a capital gives no row, and is dropped after these few scans.
    """
    if not masked.isascii() or _may_name_unknown(masked):
        return True
    # the lexicon reads sentences; cut at white space they hold the same words as the abstract,
    # unless a stretch without spaces is so long that a sentence is cut inside a word
    if max(map(len, masked.split(" "))) >= sentences.MAX_SENTENCE // 2:
        return True
    return lexicon.may_name_any(masked)


#: _UNKNOWN_BENCH for printable ASCII text, in half the time (it runs on windows of at most 82
#: characters, so its twin needs no timeout)
_UNKNOWN_BENCH_PLAIN = patterns.re_twin(_UNKNOWN_BENCH)


def _without_final_stops(text: str, start: int, end: int) -> int:
    """The end of the name at ``text[start:end]`` without the full stops it ends with: "on WSJ."
    names WSJ, the stop ends the sentence (a stop inside a name, "v1.5", stays)."""
    while end > start and text[end - 1] == ".":
        end -= 1
    return end


def _unknown_candidates(masked: str, lo: int, hi: int, plain: bool) -> list:
    """Matches of _UNKNOWN_BENCH, run only in windows around the words it needs (by its ``re``
    twin when ``masked`` is :func:`parsers.screens.plain_ascii`)."""
    if not _may_name_unknown(masked[lo:hi]):
        return []       # no window of the sentence can hold a match
    finditer = _UNKNOWN_BENCH_PLAIN.finditer if plain else _UNKNOWN_BENCH.finditer
    lower = " " + masked[lo:hi].lower()         # the leading space lets "On X" start a sentence
    lo -= 1
    out, seen = [], set()
    for word, back, ahead in ((" benchmark", 70, 12), (" leaderboard", 70, 14), (" dataset", 70, 10),
                              (" on ", 0, 60), (" in ", 0, 60)):
        i = lower.find(word)
        while i >= 0:
            a, b = lo + max(1, i - back), lo + min(len(lower), i + len(word) + ahead)
            if not _may_name_unknown(masked[a:b]):
                i = lower.find(word, i + len(word))
                continue
            for m in finditer(masked, a, b):
                if m.span() not in seen:
                    seen.add(m.span())
                    out.append(m)
            i = lower.find(word, i + len(word))
    out.sort(key=lambda m: m.start())
    return out


def _benchmarks(masked: str, lo: int, hi: int, own_bench: str | None, zeroed: str, plain: bool,
                in_lexicon: bool | None = None) -> list[Bench]:
    """The benchmarks named in ``masked[lo:hi]``. ``in_lexicon``: the caller's answer of
    :func:`parsers.lexicon.may_name_any` for the sentence, when it has asked already."""
    sentence = masked[lo:hi]
    if in_lexicon is False:
        named = []
    else:
        named = lexicon.find(sentence, lexicon.word_spans(sentence) if in_lexicon else None)
    splits = lexicon.find_split_lists(sentence)
    if splits:
        # "1.8/3.3 WER on the clean/other test sets" of LibriSpeech: each part its own benchmark
        named = [x for x in named if all(x[1] <= a or x[0] >= b for a, b, _ in splits)] + splits
        named.sort(key=lambda x: x[0])
    # "eight BEIR datasets": a family of test sets, not one benchmark
    named = [x for x in named if not (_SETS_AFTER.match(sentence, x[1]) and _COUNTED.search(sentence, max(0, x[0] - 25), x[0]))]
    found = [Bench(s, e, b.name, True) for s, e, b in named]
    for b in found:
        b.start += lo
        b.end += lo
    taken = [(b.start, b.end) for b in found]
    if own_bench:
        i = masked.find(own_bench, lo, hi)
        while i >= 0:
            j = i + len(own_bench)
            if (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in "_-")) and \
                    (j >= len(masked) or not (masked[j].isalnum() or masked[j] == "_")) and \
                    all(j <= a or i >= b for a, b in taken):
                found.append(Bench(i, j, own_bench, lexicon.lookup(own_bench) is not None))
                taken.append((i, j))
            i = masked.find(own_bench, j, hi)
    # "including V*Bench (80.3%), BLINK spatial reasoning (83.9%), and visual correspondence (80.8%)":
    # in a list of 'name (score)' items that holds a known benchmark, every item names a test
    items = list(_PAREN_ITEM.finditer(masked, lo, hi)) if zeroed.count("(0", lo, hi) >= 2 else []
    if len(items) >= 2 and any(any(a <= m.start("name") < b for a, b in taken) for m in items):
        for m in items:
            ms, me = m.start("name"), m.end("name")
            inside = [x for x in found if ms <= x.start and x.end <= me]
            if inside and (inside[0].start, inside[0].end) == (ms, me):
                continue
            if any(not (me <= a or ms >= b) for a, b in taken) and not inside:
                continue
            for x in inside:
                found.remove(x)
                taken.remove((x.start, x.end))
            found.append(Bench(ms, me, masked[ms:me], False))
            taken.append((ms, me))
    for m in _unknown_candidates(masked, lo, hi, plain):
        g = "name" if m.group("name") else "name2"
        s, e = m.start(g), _without_final_stops(masked, m.start(g), m.end(g))
        name = masked[s:e]
        if not any(c.isupper() for c in name[1:]) and not any(c.isdigit() for c in name) and g == "name2":
            continue
        if any(not (e <= a or s >= b) for a, b in taken):
            continue
        if name.lower() in _DETERMINERS:
            continue
        if _NOT_BENCH.fullmatch(name) or model_names.is_model_name(name) or len(name) < 3:
            continue
        if _COUNTED.search(masked, max(lo, s - 25), s):
            continue
        if any(b.known and 0 <= b.start - e <= 40 and _DEFINED_BY.fullmatch(masked, e, b.start) for b in found):
            continue    # "the USA Math Olympiad (AIME)": the phrase that a known name abbreviates
        found.append(Bench(s, e, name, False))
        taken.append((s, e))
    for b in [x for x in found if x.known]:
        # "on SWE-bench and HumanEvalFix": a name-shaped word listed right after a known benchmark
        m = _LISTED_NAME.match(masked, b.end, hi)
        if m is not None:
            ns, ne = m.start("name"), _without_final_stops(masked, m.start("name"), m.end("name"))
            name = masked[ns:ne]
            if all(ne <= a or ns >= z for a, z in taken) and not _NOT_BENCH.fullmatch(name) \
                    and not model_names.is_model_name(name) and not model_names.find(masked, ns, ne):
                found.append(Bench(ns, ne, name, False))
                taken.append((ns, ne))
    found.sort(key=lambda b: b.start)
    return found


def _runs(items, text: str, sep: patterns.TimedPattern):
    """Group consecutive items whose gap matches ``sep`` (lists such as '45.3 and 37.0')."""
    runs: list = []
    cur: list = []
    words = _SEP_WORDS[sep]
    for it in items:
        end = getattr(cur[-1], "end_with_unit", None) or cur[-1].end if cur else None
        if cur and _separates(text[end:it.start], sep, words):
            cur.append(it)
        else:
            if cur:
                runs.append(cur)
            cur = [it]
    if cur:
        runs.append(cur)
    return runs


def _separates(gap: str, sep: patterns.TimedPattern, words) -> bool:
    return any(w in gap for w in words) and sep.match(gap) is not None


def _unit(num: numbers.Number, bench_name: str, setting: str | None) -> str:
    if num.percent:
        return "%"
    b = lexicon.lookup(bench_name)
    if setting and "win rate" in setting:
        return "rate"
    if b is not None and b.unit in ("elo", "other", "rate"):
        return b.unit
    return "points"


def extract_scores(abstract: str, title: str | None = None) -> list[ScoreMention]:
    """Every score and delta the abstract reports, as :class:`ScoreMention` records."""
    if not abstract or not may_contain_scores(abstract):
        return []
    try:
        with patterns.time_limit:       # one timer per abstract, when the process uses one
            return _extract(abstract, title)
    except TimeoutError:
        return []


@dataclass(slots=True)
class _Step:
    """One decision about one number, for :mod:`parsers.explain`."""

    sentence: int
    span_start: int
    span_end: int
    number: numbers.Number
    verdict: str        # 'kept' or 'rejected'
    why: str


def _extract(abstract: str, title: str | None, trace: list | None = None) -> list[ScoreMention]:
    # the fast path skips work that provably cannot give a row (each skip below says why); a
    # trace wants every number's verdict, so it always takes the full path
    fast = FAST_PATH and trace is None
    masked = numbers.mask(abstract)
    # may the paper introduce a benchmark of its own? (a few substring tests; if not, a number
    # can only get a benchmark its sentence or the one before names)
    may_introduce = not fast or model_names.may_introduce_benchmark(abstract, title)
    # ... and if not, may any sentence name one? Asked at the first sentence holding a candidate
    # number: most abstracts that reach this point have none, and the answer costs several scans
    # of the whole abstract
    bench_checked = not fast or may_introduce
    zeroed = numbers.digits_as_zero(masked)
    plain = screens.plain_ascii(masked)
    # the paper's own names: pattern searches over the whole abstract, so on the fast path only
    # computed as far as a sentence needs them (its benchmark first, its model names after)
    own = model_names.LazyOwnNames(abstract, title) if fast else model_names.own_names(abstract, title)
    out: list[ScoreMention] = []
    spans = sentences.spans(masked)
    models_of: dict[int, list] = {}
    benches_of: dict[int, list] = {}

    def benchmarks_in(i: int, in_lexicon: bool | None = None) -> list:
        # benchmarks of sentence i, found once, whichever step asks first (its own reading, the
        # next sentence's "respectively" or carried topic, its model names' spans)
        if i not in benches_of:
            a, b = spans[i]
            benches_of[i] = _benchmarks(masked, a, b, own.benchmark, zeroed, plain, in_lexicon)
        return benches_of[i]

    def models_in(i: int) -> list:
        # model names of sentence i, found only when some number needs them; a sentence with a
        # score-shaped number keeps its benchmarks apart, exactly as when it is read in full
        if i not in models_of:
            a, b = spans[i]
            taken = [(x.start, x.end) for x in benchmarks_in(i)] if numbers.score_shaped(zeroed, a, b) else ()
            models_of[i] = model_names.find(masked, a, b, own.names, taken)
        return models_of[i]

    def previous_bench_runs(i: int) -> list:
        # lists of benchmarks named in the sentence before ("... on AlpacaEval 2 and Arena-Hard.
        # X scores 22.9% and 20.6%, respectively")
        return _runs(benchmarks_in(i - 1), masked, _BENCH_SEP) if i else []

    def previous_models(i: int) -> list:
        for j in range(i - 1, max(-1, i - 3), -1):
            if models_in(j):
                return models_in(j)
        return []

    for i, (s, e) in enumerate(spans):
        if not numbers.score_shaped(zeroed, s, e):
            continue
        all_nums = numbers.find_numbers(masked, s, e)
        if fast and not any(n.kind in _CANDIDATE_KINDS for n in all_nums):
            continue        # names only ever remove numbers: no candidate now, none after
        if not bench_checked:
            if not _may_name_a_benchmark(masked):
                return []   # no sentence can tie a number to a benchmark
            bench_checked = True
        # a number needs a benchmark: one the sentence may name, (with "respectively") the
        # previous sentence's, or the paper's own; a few C-speed scans tell whether the first two
        # can be (_benchmarks finds none without a lexicon word or a match of _UNKNOWN_BENCH,
        # whose windows lie inside the sentence, so no list of 'name (score)' items either)
        sentence = masked[s:e]
        in_lexicon = lexicon.may_name_any(sentence) or lexicon.may_name_split_list(sentence)
        goes_on = _GOES_ON.match(masked, s) is not None
        if fast and not (in_lexicon or _may_name_unknown(sentence) or "respectively" in sentence or goes_on) \
                and not (may_introduce and own.benchmark):
            continue
        benches = benchmarks_in(i, in_lexicon)
        # a sentence that names no benchmark and goes on about the one the sentence before opened
        # with ("On WebArena-Lite, ... These open models surpass GPT-4o (13.9%)")
        topic = None
        if goes_on and i and not benches:
            topic = _opening_topic(benchmarks_in(i - 1), masked, spans[i - 1][0])
        if fast and not benches and not own.benchmark and "respectively" not in sentence and topic is None:
            continue        # _bench_for has nothing to tie any number to
        models = model_names.find(masked, s, e, own.names, [(b.start, b.end) for b in benches])
        models_of[i] = models
        spans_taken = [(b.start, b.end) for b in benches] + [(m.start, m.end) for m in models] + \
            _versions_after(benches, masked, e)
        nums = [n for n in all_nums if all(n.end <= a or n.start >= b for a, b in spans_taken)]
        if trace is not None and len(nums) < len(all_nums):
            for n in all_nums:
                if n not in nums:
                    trace.append(_Step(i, s, e, n, "rejected", "part of a model or benchmark name"))
        cands = [n for n in nums if n.kind in _CANDIDATE_KINDS]
        if trace is not None:
            for n in nums:
                if n.kind not in _CANDIDATE_KINDS:
                    trace.append(_Step(i, s, e, n, "rejected", f"a {n.kind}, not a score"))
                elif len(cands) > MAX_NUMBERS:
                    trace.append(_Step(i, s, e, n, "rejected", "in a stretch with too many numbers to be prose"))
        if not cands or len(cands) > MAX_NUMBERS:
            continue
        score_nums = [n for n in nums if n.kind != "count"]
        runs = _runs(score_nums, masked, _LIST_SEP)
        for r in runs:
            if r[0].kind == "delta" or (r[0].kind == "approx" and numbers.bounded(masked, r[0].start)):
                # "+5.2 and 3.1 points", "up to 53% and 55%": the first number's word covers the list
                for x in r[1:]:
                    if x.kind == "score":
                        x.kind = r[0].kind
                        if x.kind == "approx" and trace is not None:
                            trace.append(_Step(i, s, e, x, "rejected", "in a list of bounds"))
        cands = [n for n in cands if n.kind in _CANDIDATE_KINDS]
        run_of = {id(n): r for r in runs for n in r}
        bench_runs = _runs(benches, masked, _BENCH_SEP)
        model_runs = _runs(models, masked, _BENCH_SEP)
        respectively = "respectively" in sentence
        # the models named as terms of a comparison ("outperforms B"), read once for the sentence
        compared = {id(m) for m, c in zip(models, _compared(models, masked, s)) if c}
        scored = {id(n) for n in cands}
        kept_here: set[tuple] = set()
        for n in cands:
            bench, how = _bench_for(n, benches, bench_runs, run_of[id(n)], masked, respectively, own.benchmark, s, e,
                                    scored, score_nums, lambda: previous_bench_runs(i), topic)
            why = None
            model = model_how = None
            if bench is None:
                why = "no benchmark tied to it"
            else:
                model, model_how = _model_for(n, models, run_of[id(n)], masked, s, e, lambda: previous_models(i), own,
                                              score_nums, model_runs, compared)
                if model is None:
                    why = f"{bench.name} by {how}, but no named model"
                elif n.kind == "score" and not n.decimal and not n.percent and how not in ("on", "back", "paren", "topic") \
                        and _unit(n, bench.name, None) != "elo":
                    why = "a bare integer without an explicit benchmark link"
                elif how == "own" and model_how not in ("direct", "pair", "subject"):
                    why = "the paper's benchmark, but no model in the sentence"
                elif n.kind == "score" and (_HUMAN_BEFORE.search(masked, max(s, n.start - 60), n.start)
                                            or _human_side_of_pair(n, run_of[id(n)], masked, s)):
                    why = "a human result, not a model's"
                elif n.kind == "score" and _NOT_A_SCORE_AFTER.match(masked, n.end, e):
                    why = "a share of cost, time or cases, or a number on an unnamed test set"
                elif model_how == "previous" and how not in ("on", "back", "paren", "list", "topic"):
                    why = "model only from an earlier sentence and benchmark only by elimination"
            if why:
                if trace is not None:
                    trace.append(_Step(i, s, e, n, "rejected", why))
                continue
            # the setting of a number is read in its own clause (up to its neighbours), plus any
            # setting the sentence names before its first number ("With CoT prompting, ...")
            prev_n, next_n = _neighbours(n, score_nums)
            lo = max(s, n.start - 60, prev_n.end_with_unit if prev_n else s)
            hi = min(e, n.end_with_unit + 40, next_n.start if next_n else e)
            setting = settings.find(masked, lo, hi)
            if score_nums and score_nums[0].start > s and lo > s:
                opening = settings.find(masked, s, min(score_nums[0].start, lo))
                if opening:
                    setting = opening if not setting else ", ".join(dict.fromkeys(opening.split(", ") + setting.split(", ")))
            conf = {"on": 0.95, "back": 0.9, "paren": 0.9, "list": 0.85, "topic": 0.8, "only": 0.7, "own": 0.6}[how]
            conf -= 0.0 if bench.known else 0.15
            assert model_how is not None        # a model was found, so was how
            conf -= {"direct": 0.0, "pair": 0.02, "subject": 0.05, "previous": 0.15, "own": 0.1}[model_how]
            key = (model, bench.name, n.value, n.kind)
            if key in kept_here:
                # "achieves 33% on AlpacaEval 2.0 ..., a gain of 26% (7% to 33%)": said twice
                if trace is not None:
                    trace.append(_Step(i, s, e, n, "rejected", "the same result as an earlier number of the sentence"))
                continue
            kept_here.add(key)
            if trace is not None:
                trace.append(_Step(i, s, e, n, "kept", f"{n.kind} of {model} on {bench.name} "
                                                        f"(benchmark by {how}, model by {model_how})"))
            out.append(ScoreMention(
                benchmark=bench.name, score=n.value, score_text=abstract[n.start:n.end],
                number_start=n.start, number_end=n.end, span_start=s, span_end=e, evidence=abstract[s:e],
                model=model, unit=_unit(n, bench.name, setting), setting=setting, kind=n.kind,
                benchmark_known=bench.known, confidence=round(max(0.05, min(1.0, conf)), 2),
                reason=f"benchmark by {how}, model by {model_how}"))
    return out


#: "SQuAD 1.1 and 2.0": another version of the benchmark just named, not a score
_VERSION_AFTER = patterns.compile(r"\s*(?:and|or|/|,)\s*v?(?P<v>\d+\.\d+)(?![\d.]*\s*%)\b")
_ENDS_IN_VERSION = patterns.compile(r"\s(?:v\d|\d+\.\d+$)")


def _versions_after(benches, masked, e) -> list:
    """The spans of version numbers that continue a benchmark name ending in one ("SQuAD 1.1 and
    2.0": the 2.0), so that they are not read as scores."""
    out = []
    for b in benches:
        if b.end - b.start > 4 and masked[b.end - 1].isdigit() and _ENDS_IN_VERSION.search(masked, b.start, b.end):
            m = _VERSION_AFTER.match(masked, b.end, e)
            if m is not None:
                out.append((m.start("v"), m.end("v")))
    return out


def _blocking(gap_lo: int, gap_hi: int, nums) -> bool:
    """Is there another score-like number between two offsets (so the link would skip over it)?"""
    i = bisect.bisect_left([x.start for x in nums], gap_lo)
    while i < len(nums) and nums[i].start < gap_hi:
        if nums[i].kind in ("score", "delta", "approx"):
            return True
        i += 1
    return False


def _opening_topic(benches, masked: str, s: int):
    """The one benchmark a sentence (starting at ``s``) opens by naming ("On WebArena, ... a success
    rate of 19.2%"), else None."""
    if benches and len({b.name for b in benches}) == 1 and _TOPIC.fullmatch(masked, s, benches[0].start):
        return benches[0]
    return None


def _bench_for(n, benches, bench_runs, run, masked, respectively, own_bench, s, e, scored, nums, prev_runs,
               topic=None):
    step = _transition(n, masked, s, nums)
    if step == "before":
        # "from 22.9% to 39.4% on AlpacaEval 2": the benchmark after the pair measures both
        _, partner = _neighbours(n, nums)
        if partner is not None:
            later = [b for b in benches if b.start >= partner.end_with_unit]
            if later:
                gap = masked[partner.end_with_unit:later[0].start]
                if len(gap) <= 60 and _ON.match(gap) and not _blocking(partner.end_with_unit, later[0].start, nums):
                    return later[0], "on"
    if step == "after":
        # "GSM8K (5.9% -> 10.9%)": the second number measures what the first one does
        first = [x for x in nums if x.end_with_unit <= n.start][-1]
        return _bench_for(first, benches, bench_runs, [first], masked, respectively, own_bench, s, e, scored, nums,
                          prev_runs, topic)
    if respectively and len(run) > 1 and not any(len(br) == len(run) for br in bench_runs):
        # "X reaches 44.7% on A and 33.8% on B, while Y scores 22.9% and 20.6%, respectively": the
        # benchmarks the sentence named before the list, in order, when there are as many
        first_seen = []
        for b in benches:
            if b.end <= run[0].start and all(b.name != f.name for f in first_seen):
                first_seen.append(b)
        if len(first_seen) == len(run) and not any(b.start >= run[-1].end for b in benches):
            return first_seen[run.index(n)], "list"
        for br in reversed(prev_runs()):
            if len(br) == len(run):
                return br[run.index(n)], "list"
    after = [b for b in benches if b.start >= n.end]
    before = [b for b in benches if b.end <= n.start]
    # respectively / ordered lists: k numbers and k benchmarks
    if len(run) > 1:
        for br in bench_runs:
            if len(br) == len(run):
                if br[0].start >= run[-1].end and _ON.match(masked[run[-1].end_with_unit:br[0].start]):
                    return br[run.index(n)], "list"
                if respectively and br[-1].end <= run[0].start:
                    return br[run.index(n)], "list"
    if len(run) > 1 and "/" in masked[run[0].start:run[-1].end]:
        # "2.1%/4.3% without a language model and 1.9%/3.9% with one on test/testother": slash
        # lists pair in order with the one slash list of benchmarks of as many names
        slashed = [br for br in bench_runs if len(br) == len(run) and "/" in masked[br[0].start:br[-1].end]]
        if len(slashed) == 1:
            return slashed[0][run.index(n)], "list"
    if len(run) > 1 and not any(len(br) == len(run) for br in bench_runs):
        # "61% and 67% on MMLU", "MT-Bench scores of 7.2 and 8.5": one benchmark for the whole list
        last, first = run[-1], run[0]
        nxt = [b for b in benches if b.start >= last.end_with_unit]
        shared_after = nxt and len(masked[last.end_with_unit:nxt[0].start]) <= 60 and \
            (_ON.match(masked[last.end_with_unit:nxt[0].start]) or _DIRECT_AFTER.match(masked[last.end_with_unit:nxt[0].start]))
        prv = [b for b in benches if b.end <= first.start]
        shared_before = prv and len(masked[prv[-1].end:first.start]) <= 50 and _BACK.match(masked[prv[-1].end:first.start])
        # "an MT-Bench score of 8.6 and 38.2% on Arena-Hard": a benchmark on each side means each
        # number keeps its own, so neither is shared by the list
        if shared_after and not (shared_before and prv[-1].name != nxt[0].name):
            return nxt[0], "list"
        if shared_before and not (shared_after and prv[-1].name != nxt[0].name):
            return prv[-1], "list"
    if after:
        b = after[0]
        gap = masked[n.end_with_unit:b.start]
        if len(gap) <= 80 and not _blocking(n.end_with_unit, b.start, nums) and _ON.match(gap):
            return b, "on"
        if _DIRECT_AFTER.match(gap) and n.percent:
            return b, "on"
    if before:
        b = before[-1]
        gap = masked[b.end:n.start]
        if len(gap) <= 50 and not _blocking(b.end, n.start, nums) and _BACK.match(gap):
            return b, "paren" if "(" in gap else "back"
    opening = _opening_topic(benches, masked, s)
    if opening is not None:
        return opening, "topic"
    distinct = {b.name for b in benches}
    if len(distinct) == 1 and not _BOUND_ELSEWHERE.match(masked, n.end_with_unit, e):
        return benches[0], "only"
    if not benches and topic is not None:
        return Bench(n.start, n.start, topic.name, topic.known), "topic"
    if not benches and own_bench:
        return Bench(n.start, n.start, own_bench, lexicon.lookup(own_bench) is not None), "own"
    return None, None


def _neighbours(n, nums):
    """The numbers right before and right after ``n`` in ``nums`` (sorted by offset)."""
    i = bisect.bisect_left([x.start for x in nums], n.start) if len(nums) > 8 else \
        next((k for k, x in enumerate(nums) if x is n), 0)
    prev = nums[i - 1] if i > 0 else None
    nxt = nums[i + 1] if i + 1 < len(nums) else None
    return prev, nxt


def _transition(n, masked, s, nums):
    """'from A to B' / 'A -> B': returns 'before' or 'after' for A and B, else None."""
    prev, nxt = _neighbours(n, nums)
    if nxt is not None and nxt.start - n.end_with_unit < 40 and _is_transition(masked[n.end_with_unit:nxt.start]):
        return "before"
    if prev is not None and n.start - prev.end_with_unit < 40 and _is_transition(masked[prev.end_with_unit:n.start]):
        return "after"
    return None


def _is_transition(gap: str) -> bool:
    """Does the gap between two numbers read 'to' or '->'? (_TRANSITION needs one of them.)"""
    return ("to" in gap or "->" in gap) and _TRANSITION.match(gap) is not None


def _model_for(n, models, run, masked, s, e, prev_models, own, nums, model_runs=(), compared=frozenset()):
    """The model a number belongs to and how it was found, or (None, None). ``compared`` holds the
    ids of the sentence's models that are terms of a comparison (see :func:`_compared`)."""
    own_name = own.names[0] if own.names else None
    after = [m for m in models if m.start >= n.end_with_unit]
    before = [m for m in models if m.end <= n.start]
    step = _transition(n, masked, s, nums)
    if step:
        # "from 2.2 to 66.3 of X" / "34.4 -> 37.9 for X": the first number is X's, the second is
        # X with the paper's method; with no model named for the pair only the second is kept
        partner_end = n.end_with_unit
        if step == "before":
            nxt = [x for x in nums if x.start >= n.end_with_unit]
            partner_end = nxt[0].end_with_unit if nxt else n.end_with_unit
        first = n
        if step == "after":
            prev = [x for x in nums if x.end_with_unit <= n.start]
            first = prev[-1] if prev else n
        named = _pair_owner(first, partner_end, models, after, masked, s, own, compared)
        if not named and _CONTINUED_PAIR.search(masked, max(s, first.start - 16), first.start):
            # "... for X from 55.6% to 81.6% on GSM8K, from 12.5% to 20.8% on MATH": the list goes on
            for x in nums:
                if x.end_with_unit <= first.start and _transition(x, masked, s, nums) == "before":
                    _, x_partner = _neighbours(x, nums)
                    named = _pair_owner(x, x_partner.end_with_unit if x_partner else x.end_with_unit,
                                        models, [m for m in models if m.start >= x.end_with_unit], masked, s, own,
                                        compared)
                    if named:
                        break
        if step == "before":
            return (named, "direct") if named else (None, None)
        merged = [m for m in models if named in m.parts and m.end <= first.start]
        if merged:
            # "the merger of A and B improves A's accuracy from 2.2 to 66.3": the merged model's
            return merged[-1].name, "direct"
        if named and not own_name:
            # "rStar boosts GSM8K accuracy from 12.51% to 63.91% for LLaMA2-7B": the sentence's subject
            # is the method
            subject = [m for m in models if m.end <= first.start and m.name != named]
            if subject and _IMPROVES_EARLIER.match(masked, subject[0].end + 1, subject[0].end + 30) \
                    and _OPENER.fullmatch(masked, s, subject[0].start):
                return f"{named} + {subject[0].name}", "direct"
        if named and own_name and named != own_name and own_name not in named:
            return f"{named} + {own_name}", "direct"
        if named and own_name and own_name in named:
            return named, "direct"      # the paper's own model, taken further ("s1-32B ... from 50% to 57%")
        if named:
            return None, None
    # "66.5 for X", "X (80.6%)"
    if after and _MODEL_FOR.match(masked[n.end_with_unit:after[0].start]):
        return after[0].name, "direct"
    if before and _MODEL_PAREN.match(masked[before[-1].end:n.start]):
        return before[-1].name, "direct"
    if before and before[-1].start > s and masked[before[-1].start - 1] == "(" and masked[before[-1].end:n.start].strip() == ",":
        return before[-1].name, "direct"        # "(AutoWebGLM, 18.2%)"
    if before and _OWN_NUMBER_AFTER.fullmatch(masked, before[-1].end, n.start):
        # "the baseline GPT-4 at 23.0%", "GPT-4 that achieves 80%"
        return before[-1].name, "direct"
    if before and _POSSESSIVE.fullmatch(masked, before[-1].end, n.start):
        # "surpassing WizardMath's original 64.2": the number is the possessor's
        return before[-1].name, "direct"
    if len(run) > 1 and before and _RUN_SUBJECT.fullmatch(masked, before[-1].end, run[0].start) \
            and not any(len(r) == len(run) and r[-1] is before[-1] for r in model_runs) \
            and not any(m.start >= run[-1].end_with_unit for m in models):
        # "..., while Y scores 22.9% and 20.6%, respectively": the whole list is its subject's
        return _with_method(before[-1], masked, e, own), "subject"
    distinct = []
    for m in models:
        if m.name not in [d.name for d in distinct]:
            distinct.append(m)
    if len(run) > 1 and len(distinct) == len(run) and not any(id(m) in compared for m in distinct) \
            and not _human_side_of_pair(run[-1], run, masked, s):
        return distinct[run.index(n)].name, "pair"
    if len(distinct) == 2 and _bracketed_versus(run, masked, s) and not _human_side_of_pair(run[-1], run, masked, s):
        # "Compared to B, A improves MNLI by +0.9% (90.2% vs. 91.1%)", "A beats B on X (66.5 vs.
        # 65.9)": the sentence's two models, in the order it names them
        return distinct[run.index(n)].name, "pair"
    if len(run) > 1:
        # "A and B reach 75% and 78%": a list of models as long as the list of numbers,
        # the nearest one before the numbers, else the nearest after
        same = [r for r in model_runs if len(r) == len(run) and len({m.name for m in r}) == len(r)]
        before_runs = [r for r in same if r[-1].end <= run[0].start]
        after_runs = [r for r in same if r[0].start >= run[-1].end_with_unit]
        pick = before_runs[-1] if before_runs else (after_runs[0] if after_runs else None)
        if pick:
            return pick[run.index(n)].name, "pair"
    if len(run) == 2 and len(distinct) > 2:
        # "A ... surpasses B on X (66.5 vs. 65.9)": the subject and the compared model
        cmp = _COMPARE.search(masked, s, run[0].start)
        if cmp:
            subj = [m for m in distinct if m.end <= cmp.start()]
            obj = [m for m in distinct if m.start >= cmp.end()]
            if subj and obj:
                # the compared model: the last one named as compared before the numbers ("...
                # outperforming A on X by ..., and B on Y with a score of 20.4% versus 8.8%")
                last_compared = [m for m in models if id(m) in compared and m.end <= run[0].start]
                other = last_compared[-1] if last_compared else obj[0]
                return (subj[0] if run.index(n) == 0 else other).name, "pair"
    described = _described(n, before, masked, s, prev_models)
    if described is not None:
        return described
    own_before = [m for m in before if m.name in own.names or any(m.name.startswith(o) for o in own.names)]
    if own_before and not _COMPARE.search(masked[own_before[-1].end:n.start]):
        return _with_method(own_before[-1], masked, e, own), "subject"
    if step != "after" and _of_unnamed_compared(n, models, masked, s):
        return None, None
    if own_name and before and _OUR_MODEL.search(masked, before[-1].end, n.start) and \
            not _COMPARE.search(masked, before[-1].end, n.start):
        # "After fine-tuning the DeepSeekMath 7B model on this data, our model achieved 46.3%"
        return own_name, "own"
    if own_name and models and all(id(m) in compared for m in models) and \
            (_OUR.search(masked[s:n.start]) or not before):
        # "with the same model size as BERT-large, our single model obtains 94.6%", "... results
        # -- e.g., 60.8 on AIME -- outperforming models such as GPT-4o": every model named is a
        # term of comparison, the number is the paper's own
        return own_name, "own"
    if before:
        # the subject: the last model before the number not introduced by a comparison, neither
        # after it ("A, compared with B, ...") nor before it ("A outperforms B, reaching ...")
        for m in reversed(before):
            if id(m) in compared and m is not before[0]:
                continue
            if not _compares_between(masked, m.end, n.start) or m is before[0]:
                if _UNNAMED_SUBJECT.search(masked[m.end:n.start]):
                    return None, None       # "...; the baseline model reaches 40%": not a named model's
                return _with_method(m, masked, e, own), "subject"
    if own_name and (_OUR.search(masked[s:n.start]) or not models):
        return own_name, "own"
    if after and not _COMPARE.search(masked[s:after[0].start]):
        return after[0].name, "subject"
    if not models:
        prev = prev_models()
        if prev:
            return prev[0].name, "previous"
    return None, None


#: an unnamed term of comparison and the word before its number: " the previous best of ", " prior work at "
_UNNAMED_TERM = patterns.compile(r"(?i)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:of|at)\s+")


def _compares_between(masked: str, a: int, b: int) -> bool:
    """Does a comparison word stand in ``masked[a:b]``, other than the 'vs.' of a bracketed pair
    of numbers ("A improves MNLI by +0.9% (90.2% vs. 91.1%), SQuAD by +2.3%": A is still the subject)?"""
    for c in _COMPARE.finditer(masked, a, b):
        opened, closed = masked.rfind("(", a, c.start()), masked.find(")", c.end(), b)
        if not (_VERSUS.fullmatch(c.group()) and opened >= 0 and closed >= 0
                and ")" not in masked[opened:c.start()] and _BRACKETED_PAIR.fullmatch(masked, opened, closed + 1)):
            return True
    return False


#: "(90.2% vs. 91.1%)": two numbers set against each other in brackets, nothing else inside
_BRACKETED_PAIR = patterns.compile(r"(?i)\(\s*\d+(?:\.\d+)?\s*%?\s*(?:" + _VS_WORDS + r")\s*\d+(?:\.\d+)?\s*%?\s*\)")


def _bracketed_versus(run, masked, s) -> bool:
    """Is ``run`` a pair of numbers alone in brackets, joined by 'vs.' or 'versus'?"""
    if len(run) != 2:
        return False
    opened = masked.rfind("(", max(s, run[0].start - 2), run[0].start)
    closed = masked.find(")", run[1].end_with_unit, run[1].end_with_unit + 2)
    return opened >= 0 and closed >= 0 and _BRACKETED_PAIR.fullmatch(masked, opened, closed + 1) is not None


def _human_side_of_pair(n, run, masked, s) -> bool:
    """'surpass the human performance on SuperGLUE (89.9 versus 89.8)': the second number of a
    'versus' pair set against people is theirs."""
    if len(run) != 2 or run[1] is not n or not _VERSUS.search(masked, run[0].end_with_unit, n.start):
        return False
    return _HUMAN_WORD.search(masked, max(s, run[0].start - 120), run[0].start) is not None


def _of_unnamed_compared(n, models, masked, s) -> bool:
    """'surpassing previous fine-tuned models (6.5% on AIME24, ...)': a number in brackets after
    the term of a comparison that names no model belongs to that unnamed term."""
    last = None
    for c in _COMPARE.finditer(masked, max(s, n.start - 120), n.start):
        last = c
    if last is None:
        return False
    tail = masked[last.end():n.start]
    if any(last.end() <= m.start and m.end <= n.start for m in models):
        return False
    if _PAIR_NEXT.match(masked, n.end_with_unit, n.end_with_unit + 16):
        return False        # "(89.9 versus 89.8)": a pair of the subject and what it is set against
    if _UNNAMED_TERM.fullmatch(tail):
        return True         # "outperforming the single-sample state-of-the-art of 43%"
    return "(" in tail and ")" not in tail[tail.rindex("("):] and len(tail[:tail.rindex("(")].split()) <= 5


def _compared(models, masked, s) -> list[bool]:
    """For each model, is it named as the term of a comparison ("outperforms B", "the same recipe
    as B", "than B and C"): a comparison word right before it, or before the list it ends?"""
    out: list[bool] = []
    for i, m in enumerate(models):
        lo = models[i - 1].end if i else s
        gap = masked[max(lo, m.start - 50):m.start]
        listed = i > 0 and out[-1] and _separates(gap, _BENCH_SEP, _SEP_WORDS[_BENCH_SEP]) and (
            "," not in gap or "and" in gap      # a bare comma continues a list only before another item
            or (i + 1 < len(models) and _separates(masked[m.end:models[i + 1].start], _BENCH_SEP, _SEP_WORDS[_BENCH_SEP])))
        out.append(listed or _COMPARED_BEFORE.search(gap) is not None)
    return out


def _described(n, before, masked, s, prev_models):
    """'we upcycled Nemotron-4 15B ...: the upcycled model achieved 67.6%': the number is not the
    named model's but its changed version's, named '<model> (<how it was changed>)'. The named
    model must be the only one of the sentence before the description, else the only one of the
    sentences before; (name, how) or None."""
    lo = max(s, n.start - 80)
    if "ed " not in masked[lo:n.start]:
        return None
    found = None
    for d in _DESCRIBED.finditer(masked, lo, n.start):
        found = d
    if found is None or found.end() < n.start - 40 or any(m.end > found.start() for m in before):
        return None
    desc = " ".join(found.group("desc").split())
    if desc.lower() in _NOT_A_CHANGE or desc.lower().split()[-1] in _NOT_A_CHANGE or ";" in masked[found.end():n.start]:
        return None
    names = list(dict.fromkeys(m.name for m in before))
    how = "subject"
    if not names:
        names, how = list(dict.fromkeys(m.name for m in prev_models())), "previous"
    if len(names) != 1:
        return None
    return f"{names[0]} ({desc})", how


def _pair_owner(first, partner_end, models, after, masked, s, own, compared):
    """The model a 'from A to B' pair starting at ``first`` is about, or None: "66.3 for X",
    "the accuracy of X from", "improves X from", or the one model of the sentence (not the
    paper's own method, whose 'from' number is another model's)."""
    if after and _MODEL_FOR.match(masked[partner_end:after[0].start]):
        return after[0].name
    lead = [m for m in models if m.end <= first.start]
    head = masked[s:lead[-1].start].rstrip() if lead else ""
    if lead and (head.endswith((" of", " for"))
                 or _IMPROVES.search(masked, max(s, lead[-1].start - 30), lead[-1].start)
                 or (head.endswith((" and", ",")) and _IMPROVES_EARLIER.search(head) is not None)) and \
            masked[lead[-1].end:first.start].strip() in ("", "from", "("):
        # "the accuracy of X from A to B", "it improves X from A to B", "the accuracy of X (A -> B"
        return lead[-1].name
    names = {m.name for m in models}
    if len(names) == 1 and models[0].end <= first.start and models[0].name not in own.names \
            and id(models[0]) not in compared:
        # "scaling s1-32B with budget forcing ...: from 50% to 57%": the one model named
        # (not the paper's method: "CLUE boosts accuracy from 56.7% to 70.0%" starts
        # from the number of a model without it)
        return models[0].name
    return None


def _with_method(m, masked, e, own) -> str:
    """'GPT-4o with Sketchpad': a model run with the paper's own method keeps both names."""
    tail = masked[m.end:min(e, m.end + 40)]
    t = tail.lstrip()
    for name in own.names:
        if name == m.name:
            continue
        for joiner in ("+", "with ", "using ", "equipped with "):
            if t.startswith(joiner) and t[len(joiner):].lstrip().startswith(name):
                return f"{m.name} with {name}"
    return m.name


#: the fields of a ScoreMention, in order (a row's first keys)
_MENTION_FIELDS = tuple(f.name for f in fields(ScoreMention))


def extract(abstract: str, title: str | None = None) -> list[dict]:
    """The public interface: one dict per harvested number with the schema's extraction fields."""
    rows = []
    for m in extract_scores(abstract, title):
        row = {name: getattr(m, name) for name in _MENTION_FIELDS}    # (all scalars: no deep copy needed)
        b = lexicon.lookup(m.benchmark) if m.benchmark_known else None
        row["benchmark_category"] = b.category if b else None
        rows.append(row)
    return rows
