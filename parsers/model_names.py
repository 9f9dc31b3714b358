"""Model names in a sentence, and the paper's own name for its model or method.

Two ways a span counts as a model name:

* it starts with a known family (``data/model_families.txt``: Llama, GPT, Claude, Phi, ...) and
  continues with versions, sizes and variant words: ``Llama 3.1 8B``, ``gpt-4o-mini``,
  ``Claude-3.5-Sonnet``, ``Mixtral 8x7B``, ``google/gemma-2-9b-it``; a family written all in lower
  case must carry a version (``phi-3-mini``, ``llama-2-7b``), so the plain words "phi" or
  "alpaca" are not models;
* it has the shape of a model name without being listed: a capitalised hyphenated chain with a
  digit (``YOLO-World-v1-S``, ``AstroSage-Llama-3.1-8B``, ``Qwen-2-72b``), or a name the paper
  itself introduces (title "Name: ...", "we introduce Name", "Name (ACRONYM)").

Benchmark names (the lexicon, or "the X benchmark") are never models.
"""
from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache

import regex

from parsers import DATA_DIR, charmap, lexicon, patterns, screens

FAMILIES_TXT = DATA_DIR / "model_families.txt"
VARIANT_WORDS_TXT = DATA_DIR / "model_variant_words.txt"


def _word_list(path) -> tuple[str, ...]:
    with open(path, encoding="utf-8") as fh:
        return tuple(l.strip() for l in fh if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=None)
def families() -> tuple[str, ...]:
    return _word_list(FAMILIES_TXT)


@lru_cache(maxsize=None)
def variant_words() -> tuple[str, ...]:
    """Words that continue a family's model name after a space (``data/model_variant_words.txt``)."""
    return _word_list(VARIANT_WORDS_TXT)


@lru_cache(maxsize=None)
def _family_pattern() -> patterns.TimedPattern:
    fams = sorted(families(), key=len, reverse=True)
    alt = "|".join(regex.escape(f).replace(r"\ ", r"[\s-]") for f in fams)
    part = (r"(?:-(?:[A-Za-z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9])"          # -72B, -Instruct, -v0.3
            r"|[\s]?(?:\d+x\d+[BbMm]|v?\d+(?:\.\d+)*[A-Za-z]{0,2}\b)"          # 3.1, 8B, 8x7B, 4o
            r"|\s[A-Z]\d+(?:\.\d+)?(?:[A-Z]\d*)?\b"                             # K2, M2.5, E4B, A3B
            r"|\s(?:" + "|".join(regex.escape(w) for w in variant_words()) + r")\b)")
    return patterns.compile(
        r"(?<![\w\-./])(?:[A-Za-z][\w\-]*/)?(?P<fam>(?i:" + alt + r"))(?P<rest>" + part + r"*)(?:\+(?!\w))?"
        r"(?![\w])", regex.VERSION1)


_SHAPE = patterns.compile(
    r"(?<![\w\-./])(?=[A-Za-z][\w.\-/]*\d)(?:[A-Za-z][\w\-]*/)?"
    r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)(?![\w\-])")
#: a name without digits counts as a model when it is the subject of a result verb
#: ("DLM achieves", "DOSOD-S model achieves"): CamelCase, or an acronym with a hyphenated part
_SUBJECT_NAME = patterns.compile(r"[A-Z][a-z]*[A-Z]\w*(?:-[A-Za-z0-9]+)*|[A-Z]{2,}(?:-[A-Za-z0-9]+)+|[a-z]{1,3}[A-Z][a-z]\w*")
_NOT_MODELS = patterns.compile(
    r"(?i:top|pass|fig|table|sec|covid|fp|bf|int|a|h|v|l|step|k|x|round|phase|stage|level|type|class"
    r"|version|part|tier|gen|figure|section|eq|appendix|task|setting|model|mode)(?:-?\d.*)?"
    r"|[A-Z]\d{2,4}|[A-Z]{1,3}-?\d{1,2}")
#: the noun after "GPT-4-based"
_BASED_NOUN = patterns.compile(r"\s+(?:agents?|systems?|models?|assistants?|pipelines?|methods?|approach)\b")
#: one place, white space then a word
_BENCH_CUE_AFTER = patterns.compile(r"\s+(?:benchmark|dataset|leaderboard|suite|test\s*set|split|subset|task)s?\b",
                                   regex.IGNORECASE)


@dataclass(slots=True)
class ModelMention:
    start: int
    end: int
    name: str
    #: the models a merged model is made of ("the merger of A and B": A and B), else empty
    parts: tuple[str, ...] = ()


_SIZE_PART = patterns.compile(r"\d+(?:\.\d+)?[bBmM]")


def _sized_chain(name: str) -> bool:
    """'tiny-coder-1b', 'olmo-7b-instruct': a hyphen chain with a size part reads as a model name."""
    parts = name.split("-")
    return len(parts) >= 2 and parts[0][:1].isalpha() and any(_SIZE_PART.fullmatch(p) for p in parts[1:])


def _looks_like_shape(name: str) -> bool:
    if not any(c.isdigit() for c in name) or not any(c.isalpha() for c in name):
        return False
    if _sized_chain(name):
        return True
    if _NOT_MODELS.fullmatch(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return len(name) >= 4 and ("-" in name or (len(letters) >= 3 and name[0].isupper()))


@lru_cache(maxsize=None)
def _family_keys() -> frozenset:
    """First words of the families, lower case, trailing version digits dropped ('starcoder2' -> 'starcoder')."""
    keys = set()
    for f in families():
        first = regex.split(r"[\s-]", f)[0].lower()
        keys.add(first)
        keys.add(first.rstrip("0123456789."))
    return frozenset(keys)


_DIGITS = frozenset("0123456789")
_STRIP_LEFT = "([{\"'“‘"
_STRIP_RIGHT = ")]},;:.!?\"'”’"
_RESULT_VERBS = frozenset("achieves attains scores obtains reaches enables outperforms surpasses sets yields records "
                          "gets achieved attained scored obtained reached improves boosts raises lifts".split())


def _tokens(masked: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(start, word) of the white-space separated words of masked[lo:hi], brackets and punctuation trimmed."""
    out = []
    pos = lo
    for w in masked[lo:hi].split():
        i = masked.find(w, pos, hi)
        pos = i + len(w)
        core = w.lstrip(_STRIP_LEFT)
        i += len(w) - len(core)
        core = core.rstrip(_STRIP_RIGHT)
        if core.endswith(("'s", "’s")):
            core = core[:-2]
        if core:
            out.append((i, core))
    return out


#: a word holding a digit whose first letter follows only opening brackets or quotes
#: (``re``: one class repeated once per word start, so the scan stays linear)
_LETTER_THEN_DIGIT = re.compile(r"(?<!\S)[([{\"'“‘]*[^\W\d_]\S*[0-9]")
#: separators a family key is cut from its word by (and digits, which follow a key: "qwen2")
_KEY_CUTS = charmap.to_spaces("/-.0123456789'’" + _STRIP_LEFT + _STRIP_RIGHT)


@lru_cache(maxsize=None)
def _screen_words() -> frozenset:
    return _family_keys() | _RESULT_VERBS


#: what follows a name given with its number in brackets: "(AutoWebGLM, 18.2%)"
_NUMBER_NEXT = patterns.compile(r",\s*\d")
#: ``re``, a superset of the bracketed name the word loop takes with _NUMBER_NEXT
_NAME_WITH_NUMBER = re.compile(r"\([A-Za-z][^\s,()]*,\s*\d")


def _may_name_models(masked: str, lo: int, hi: int) -> bool:
    """Could the word loop of :func:`find` find a name in ``masked[lo:hi]``? A few C-speed passes.

    It tries a word when its first part is a family key (perhaps followed by digits), when it
    holds a digit after a leading letter, or when a result verb follows it ("DLM achieves").
    Cut at separators, digits and brackets, a text without a key or a result verb among its
    pieces and without a letter-led word holding a digit has none of these.
    """
    part = masked[lo:hi]        # (a copy: words start at its edge, as _tokens reads them)
    if not _screen_words().isdisjoint(_KEY_CUTS(part.lower()).split()):
        return True
    return _LETTER_THEN_DIGIT.search(part) is not None or ("(" in part and _NAME_WITH_NUMBER.search(part) is not None)


def find(masked: str, lo: int, hi: int, own: tuple[str, ...] = (), benchmarks=()) -> list[ModelMention]:
    """Model names in ``masked[lo:hi]``, longest first, not overlapping benchmarks.

    Words are screened with set look-ups and string tests first; a pattern runs only where a word
    may start a name, anchored there, so the cost follows the number of candidate words.
    """
    taken = [(s, e) for s, e, *_ in benchmarks]
    found: list[ModelMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int) -> None:
        name = masked[s:e].rstrip(".,;:")
        e = s + len(name)
        if name.endswith(("-based", "-powered")):
            # "GPT-4-based agent": the system built on the model, named with its noun
            noun = _BASED_NOUN.match(masked, e, hi)
            if noun is not None:
                e = noun.end()
                name = masked[s:e]
        if e > s and free(s, e) and not _BENCH_CUE_AFTER.match(masked, e, hi):
            found.append(ModelMention(s, e, name))
            taken.append((s, e))

    for name in sorted(own, key=len, reverse=True):
        # plain substring search: own names differ per abstract, and compiling a pattern for
        # each would cost more than the whole extraction
        i = masked.find(name, lo, hi) if name else -1
        while i >= 0:
            j = i + len(name)
            before_ok = i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in "_-")
            tail = masked[j:j + 2]
            after_ok = (not tail or not (tail[0].isalnum() or tail[0] in "_-") or tail.startswith("'s")
                        or (tail[0] == "s" and (len(tail) == 1 or not tail[1].isalnum())))
            if before_ok and after_ok:
                add(i, j)
            i = masked.find(name, j, hi)

    keys = _family_keys()
    family = _family_pattern()
    words = _tokens(masked, lo, hi) if _may_name_models(masked, lo, hi) else []
    covered = 0
    for k, (ws, w) in enumerate(words):
        if ws < covered:
            continue
        lw = w.lower()
        has_digit = not _DIGITS.isdisjoint(w)
        part = lw.rsplit("/", 1)[-1] if "/" in lw else lw
        first = part.split("-", 1)[0] if "-" in part else part
        if first in keys or (has_digit and first.rstrip("0123456789.") in keys):
            m = family.match(masked, ws, hi)
            if m is not None:
                fam = m.group("fam")
                if not (fam.islower() and not any(c.isdigit() for c in fam + m.group("rest"))):
                    shape = _SHAPE.match(masked, ws, hi)
                    if shape is not None and shape.end("name") > m.end() and _looks_like_shape(shape.group("name")):
                        add(shape.start("name"), shape.end("name"))   # "AstroSage-Llama-3.1-8B" taken whole
                        covered = shape.end("name")
                    else:
                        add(m.start(), m.end())
                        covered = m.end()
                    continue
        if has_digit and w[0].isalpha() and (lw != w or ("-" in w and _sized_chain(w))):
            m = _SHAPE.match(masked, ws, hi)
            if m is not None and _looks_like_shape(m.group("name")) and lexicon.lookup(m.group("name")) is None:
                add(m.start("name"), m.end("name"))
                covered = m.end("name")
                continue
        if ws > lo and masked[ws - 1] == "(" and _NUMBER_NEXT.match(masked, ws + len(w), hi) \
                and _SUBJECT_NAME.fullmatch(w) and lexicon.lookup(w) is None and not _GENERIC_ACRONYM.fullmatch(w):
            add(ws, ws + len(w))    # "(AutoWebGLM, 18.2%)": a name with its number, in brackets
            continue
        if k + 1 < len(words) and (w[0].isupper() or (w[0].islower() and not w.islower())) and (words[k + 1][1] in _RESULT_VERBS or (
                words[k + 1][1] in ("model", "agent", "system") and k + 2 < len(words)
                and words[k + 2][1] in _RESULT_VERBS)):
            if _SUBJECT_NAME.fullmatch(w) and lexicon.lookup(w) is None and not _GENERIC_ACRONYM.fullmatch(w):
                add(ws, ws + len(w))
    found.sort(key=lambda f: f.start)
    return _join_method(found, masked, own)


#: acronyms that name kinds of things, never one model
_GENERIC_ACRONYM = patterns.compile(r"(?:LLM|LM|MLLM|VLM|LVLM|SLM|AI|NLP|RL|SFT|DPO|RLHF|GPU|API|SOTA|MoE|ASR|TTS)s?")


#: the gap between two names
_WITH = patterns.compile(r"\s*(?:\+|with|using|equipped\s+with|(?:model\s+)?(?:aligned|trained|tuned|fine-tuned|optimi[sz]ed)\s+(?:by|with|using))\s*")
#: right before the first of the models merged into one: "the merger of", "merging", "merged"
_MERGE_OF = patterns.compile(r"(?i)\b(?:(?:merg(?:er|e|ing)|synergy|combination|ensemble)\s+of|merging|merged|merges|combining)\s+(?:the\s+)?$")
#: a word every match of _MERGE_OF holds (see screens.may_hold; tested)
_MERGE_OF_HELD = ("merg", "synergy", "combin", "ensemble")
#: between two of the models merged: "and", "with", ",", "+", "&"
_MERGE_JOIN = patterns.compile(r"(?i)\s*(?:,\s*(?:and\s+)?|and\s+|with\s+|\+\s*|&\s*)")
#: right before a model the paper's method runs on: "applying our search algorithm on top of a",
#: "we apply DARE to"; ``desc`` is what the method does, when the paper calls it "our <desc> <kind>"
_APPLIED_TO = patterns.compile(
    r"(?i)\bappl(?:y|ies|ied|ying)\s+(?:(?:our|the\s+proposed)\s+(?P<desc>(?:[\w-]+\s+){0,2}?)"
    r"(?:algorithm|method|approach|technique|framework|strategy|procedure)|(?P<own>\S.{0,40}?))"
    r"\s+(?:on\s+top\s+of|to)\s+(?:an?\s+|the\s+)?$")
_APPLIED_TO_HELD = ("appl",)


def _join_method(found: list[ModelMention], masked: str, own: tuple[str, ...]) -> list[ModelMention]:
    """Mentions that name one system made of several things, as that one system.

    * 'GPT-4o with Sketchpad': a model run with the paper's own method;
    * 'the merger of WizardLM and WizardMath': one model merged from several, named 'A + B';
    * 'applying our search algorithm on top of a GPT-4o agent': the model with the paper's method,
      named 'GPT-4o + search' (the method's own name when the paper gives one).
    """
    out: list[ModelMention] = []
    for m in found:
        if out and m.name in own and out[-1].name not in own and \
                _WITH.fullmatch(masked, out[-1].end, m.start):
            prev = out.pop()
            out.append(ModelMention(prev.start, m.end, f"{prev.name} with {m.name}"))
        elif out and _merged_with(out[-1], m, masked):
            prev = out.pop()
            parts = (prev.parts or (prev.name,)) + (m.name,)
            out.append(ModelMention(prev.start, m.end, " + ".join(parts), parts))
        else:
            applied, since = _applied(m, masked, own)
            while out and out[-1].start >= since:
                out.pop()       # the method's own name, now part of the applied mention
            out.append(applied)
    return out


def _merged_with(prev: ModelMention, m: ModelMention, masked: str) -> bool:
    """Is ``m`` the next model of the merger ``prev`` is (or starts)? (The merge words are looked
    for as substrings first: a pattern search per pair of names would cost more than the rest of a
    name's work.)"""
    if not prev.parts:
        lo = max(0, prev.start - 20)
        if not screens.may_hold(masked[lo:prev.start], _MERGE_OF_HELD) or not _MERGE_OF.search(masked, lo, prev.start):
            return False
    return m.start - prev.end <= 8 and _MERGE_JOIN.fullmatch(masked, prev.end, m.start) is not None


def _applied(m: ModelMention, masked: str, own: tuple[str, ...]) -> tuple[ModelMention, int]:
    """'applying our search algorithm on top of a GPT-4o agent': GPT-4o + search; with the
    offset where the method's words start (the end of ``m`` when nothing is applied to it)."""
    lo = max(0, m.start - 80)
    a = _APPLIED_TO.search(masked, lo, m.start) if screens.may_hold(masked[lo:m.start], _APPLIED_TO_HELD) else None
    if a is None:
        return m, m.end
    if a.group("own") is not None:
        method = a.group("own").strip()
        if method not in own or method == m.name:
            return m, m.end
    else:
        method = a.group("desc").strip() or (own[0] if own else "")
        if not method:
            return m, m.end
    return ModelMention(m.start, m.end, f"{m.name} + {method}"), a.start()


_SENTENCE_END = patterns.compile(r"[.!?]\s+")
#: a title that is nothing but a method's name: two to five capitalised words ending in a kind of method
_METHOD_TITLE = patterns.compile(
    r"(?:[A-Z][\w-]*\s+){1,4}(?:Optimi[sz]ation|Learning|Tuning|Fine-Tuning|Training|Search|Decoding|Prompting"
    r"|Alignment|Distillation|Merging|Pruning|Sampling|Refinement|Reinforcement|Preference)")
#: a title that is nothing but an architecture's name: "The Evolved Transformer", "Pointer Network"
_ARCHITECTURE_TITLE = patterns.compile(
    r"(?:The\s+)?(?P<name>(?:[A-Z][\w-]*\s+){1,3}(?:Transformer|Network|Machine|Net))")
_TITLE_NAME = patterns.compile(r"^\s*(?P<name>[^:]{2,40}?)\s*:\s+\S")
#: "we introduce Name", matched at the verb; the subject ("we", "this paper") is checked apart
_INTRO = patterns.compile(
    r"(?:introduce|introduces|present|presents|propose|proposes"
    r"|release|releases|develop|develops|build|describe|call|name)\s+(?:the\s+|a\s+(?:new\s+|novel\s+)?(?:\w+\s+){0,3}?(?:called|named)\s+"
    r"|an?\s+(?:[\w-]+\s+){0,5}?(?:architecture|model|method|framework|approach|network|system|algorithm|technique)s?,\s+(?:the\s+)?)?"
    r"(?P<name>[A-Z][\w\-.*]*(?:\s+(?:(?:of|for|and|the|to|in)\s+)?[A-Z0-9][\w\-.*]*){0,3})"
    r"(?:\s*\((?P<acro>[A-Z][\w\-]{1,15})\))?")
_ACRONYM_DEF = patterns.compile(r"(?P<name>[A-Z][\w\-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w\-]*){0,4})\s+\((?P<acro>[A-Z][A-Za-z0-9\-]{1,12})\)")
_NAMED = patterns.compile(r"\b(?:called|named|dubbed|termed)\s+(?P<name>[A-Z][\w\-.]*(?:\s+[A-Z0-9][\w\-.]*){0,2})")
_GENERIC_TITLE = patterns.compile(
    r"(?i)^(?:a|an|the|on|towards?|how|why|what|when|can|do|does|is|are|beyond|rethinking|revisiting|learning|"
    r"improving|scaling|evaluating|understanding|exploring)\b")
_BENCH_WORDS = patterns.compile(r"(?i)\bbenchmark\w*|\b(?:dataset|test\s*bed|testbed|challenge|test\s+suite|arena|leaderboard)\b|^\W*evaluating\b")
_REPORT_WORDS = patterns.compile(r"(?i)\s+(?:technical\s+report|tech\s+report|report)$")
_OWN_BENCH_CUE = patterns.compile(
    r"(?i)\b(?:this|our|the\s+first|a\s+new|a\s+novel|new)\s+(?:[\w-]+\s+){0,3}?(?:benchmark|benchmarking\s+dataset|dataset|test\s+suite|evaluation\s+suite)\b")
#: a word every match of the pattern above holds (see screens.may_hold; tested)
_BENCH_WORDS_HELD = ("benchmark", "dataset", "test", "challenge", "arena", "leaderboard", "evaluating")
_REPORT_WORDS_HELD = ("report",)
_OWN_BENCH_CUE_HELD = ("this", "our", "first", "new", "novel")
#: verbs with which a paper introduces a benchmark it built (any inflection: \w* follows)
_BENCH_INTRO_VERBS = r"(?:introduce|present|propose|release|build|create|construct|creating|introducing|presenting|curate)\w*"
_BENCH_INTRO = patterns.compile(
    r"(?:" + _BENCH_INTRO_VERBS + r"\s+"
    r"(?:\w+\s+){0,3}?(?:benchmark|dataset)s?\s*,\s*(?P<name>[A-Z][\w\-.*]+)"
    r"|" + _BENCH_INTRO_VERBS + r"\s+(?:the\s+)?"
    r"(?P<name2>[A-Z][\w\-.*]+(?:\s+(?:[A-Z0-9][\w\-.*]*|v\d[\w.]*)){0,2}),\s+(?:a|an|the\s+first)\s+(?:[\w\-\"]+\s+){0,4}?"
    r"(?:benchmark|dataset|suite|test\s*set|testbed|collection)\b)")


@dataclass(slots=True)
class OwnNames:
    """What the paper calls the thing it contributes, and whether that thing is a benchmark."""

    names: tuple[str, ...]       # the model/method names (longest form first), may be empty
    benchmark: str | None        # the paper's own benchmark name, when it introduces one


_GENERIC_SUFFIXES = (" language models", " language model", " series", " family", " models", " model", " framework",
                     " method", " approach", " system", " benchmark")


_INTRO_VERBS = (" introduc", " present", " propos", " releas", " develop", " build", " describe", " call",
                 " name", " creat", " construct", " curate")
#: 60 characters after an introduced name
_IS_A_BENCHMARK = patterns.compile(r"\s*,\s*(?:a|an)\s+(?:\w+\s+){0,4}?(?:benchmark|dataset)")


def _near(pattern: patterns.TimedPattern, text: str, lower: str, triggers, before: int = 40, after: int = 160) -> list:
    """Matches of ``pattern`` in windows around trigger words found by plain string search.

    Scanning a whole abstract with each of these patterns costs more than the rest of the
    extraction; the words they need ("we introduce", "called") are rare and cheap to find.
    """
    seen, out = set(), []
    for t in triggers:
        i = lower.find(t)
        while i >= 0:
            for m in pattern.finditer(text, max(0, i - before), min(len(text), i + after)):
                if m.span() not in seen:
                    seen.add(m.span())
                    out.append(m)
            i = lower.find(t, i + len(t))
    out.sort(key=lambda m: m.start())
    return out


def _any_near(pattern: patterns.TimedPattern, text: str, lower: str, triggers, before: int, after: int,
              held: tuple[str, ...] = ()) -> bool:
    """``bool(_near(...))``, stopping at the first match. Bounded: windows of ``before + after``
    characters, and the patterns it is used with alternate words and white space. ``held``: see
    :func:`parsers.screens.may_hold` (a window without any is passed over)."""
    for t in triggers:
        i = lower.find(t)
        while i >= 0:
            lo, hi = max(0, i - before), min(len(text), i + after)
            if (not held or screens.may_hold(text[lo:hi], held)) and pattern.search(text, lo, hi) is not None:
                return True
            i = lower.find(t, i + len(t))
    return False


def _name_like(text: str) -> bool:
    """One word, or words of which one has the make of a name (CamelCase, a digit, a hyphen):
    "Magicoder", "Weak-to-Strong Search", "Qwen2" are names; "Small but Capable" is a phrase."""
    words = text.split()
    if len(words) == 1:
        return True
    return any(any(c.isdigit() for c in w) or "-" in w or any(c.isupper() for c in w[1:]) for w in words)


_SUBJECTS = ("we", "we first", "this paper", "this work", "this report", "this paper first", "this work first")


#: where an introducing verb may start (offsets of the space before it), in one scan. ``re``:
#: a literal alternation, so each position costs a few comparisons and nothing backtracks.
_VERB_AT = re.compile("|".join(re.escape(t) for t in _INTRO_VERBS))


def _verb_offsets(lower: str) -> list[int]:
    """Offsets in ``lower`` of the words _at_verbs anchors at, in order (read once per abstract)."""
    return [m.start() for m in _VERB_AT.finditer(lower)]


def _at_verbs(pattern: patterns.TimedPattern, text: str, lower: str, verbs: list[int], need_subject: bool = False,
              span: int = 220) -> list:
    """Matches of ``pattern`` anchored at each introducing verb (``verbs``: :func:`_verb_offsets`).

    Bounded: each is tried at one place on ``span`` characters, and the patterns' repetitions
    alternate words and white space, so no text can be split two ways.
    """
    out = []
    for i in verbs:
        if need_subject:
            pre = lower[max(0, i - 20):i].strip()
            if not any(pre == s_ or pre.endswith(" " + s_) for s_ in _SUBJECTS):
                continue
        m = pattern.match(text, i + 1, min(len(text), i + 1 + span))
        if m is not None:
            out.append(m)
    return out


@dataclass(slots=True)
class _Intro:
    """The first, cheaper step of :func:`own_names`: the benchmark a paper introduces and its title's name."""

    lower: str
    verbs: list[int] | None      # offsets of introducing verbs, None if not looked for yet
    bench: str | None
    title_name: str | None
    names: list[str]             # names read from the title
    bench_cue: bool              # "a new benchmark", "our dataset" ... (read only when it matters)

    @property
    def settled(self) -> bool:
        """Is ``bench`` final? Only a title name with no benchmark yet, in an abstract that speaks
        of its own benchmark or dataset, may still become one."""
        return self.bench is not None or not self.title_name or not self.bench_cue


def _introduced(abstract: str, title: str | None) -> _Intro:
    names: list[str] = []
    bench = None
    lower = abstract.lower()
    # a phrase introducing a benchmark names what it is: without one of those words, no need to
    # look for the verbs yet (the model names' step finds them if it runs)
    verbs = _verb_offsets(lower) if _may_introduce_in(abstract) else None
    intro_hits = _at_verbs(_BENCH_INTRO, abstract, lower, verbs) if verbs else []
    m = intro_hits[0] if intro_hits else None
    if m:
        bench = (m.group("name") or m.group("name2")).rstrip(".,")
    title_name = None
    if title:
        m = _TITLE_NAME.match(title)
        if m and not _GENERIC_TITLE.match(m.group("name")) and len(m.group("name").split()) <= 4:
            title_name = m.group("name").strip()
            if screens.may_hold(title_name, _REPORT_WORDS_HELD):
                title_name = _REPORT_WORDS.sub("", title_name)
            after = title[m.end("name") + 1:m.end("name") + 81]
            if bench is None and screens.may_hold(after, _BENCH_WORDS_HELD) and _BENCH_WORDS.search(after):
                bench = title_name
            elif bench is None and (known := lexicon.lookup(title_name)) is not None:
                bench = known.name     # "SWE-bench: Can Language Models Resolve ...?"
            elif title_name != bench and _name_like(title_name):
                names.append(title_name)
        elif title and bench is None and "benchmark" in title.lower() and lexicon.find(title):
            bench = lexicon.find(title)[0][2].name
        elif _METHOD_TITLE.fullmatch(title.strip()):
            # "Iterative Reasoning Preference Optimization": a title that is the method's name
            names.append(title.strip())
        elif (m := _ARCHITECTURE_TITLE.fullmatch(title.strip())) and not _GENERIC_TITLE.match(m.group("name")):
            # "The Evolved Transformer": a title that is the architecture's name
            names.append(m.group("name"))
    cue = bench is None and bool(title_name) and \
        _any_near(_OWN_BENCH_CUE, abstract, lower, ("benchmark", "dataset", "suite"), before=60, after=20,
                  held=_OWN_BENCH_CUE_HELD)
    return _Intro(lower, verbs, bench, title_name, names, cue)


#: words one of which every benchmark-introducing phrase holds (see _BENCH_INTRO)
_BENCH_INTRO_NOUNS = ("benchmark", "dataset", "suite", "testbed", "collection")
#: ``re``, a superset of ``test\s*set``: literal words around one repeated class, no backtracking
_TEST_SET = re.compile(r"test\s*set")


def may_introduce_benchmark(abstract: str, title: str | None) -> bool:
    """False only when ``own_names(abstract, title).benchmark`` is surely None: a few substring
    tests instead of the patterns. The benchmark comes from a "Name: ..." title, a title naming
    a benchmark, or a phrase introducing a benchmark, dataset, suite, test set or collection."""
    if title and (":" in title or "benchmark" in title.lower()):
        return True
    return _may_introduce_in(abstract)


def _may_introduce_in(abstract: str) -> bool:
    """Could _BENCH_INTRO match in ``abstract``? It needs one of its nouns."""
    return any(w in abstract for w in _BENCH_INTRO_NOUNS) or _TEST_SET.search(abstract) is not None


def own_names(abstract: str, title: str | None) -> OwnNames:
    """What the paper calls its model or method, and the benchmark it introduces, if any."""
    return _own_names(abstract, _introduced(abstract, title))


def _own_names(abstract: str, first: _Intro) -> OwnNames:
    lower, verbs, bench, title_name = first.lower, first.verbs, first.bench, first.title_name
    if verbs is None:
        verbs = _verb_offsets(lower)
    names = list(first.names)
    intro_names = []
    for m in _at_verbs(_INTRO, abstract, lower, verbs, need_subject=True, span=160):
        name = m.group("name")
        if name == bench or _IS_A_BENCHMARK.match(abstract, m.end(), m.end() + 60):
            continue
        intro_names.append(name)
        if m.group("acro"):
            intro_names.append(m.group("acro"))
    for m in _near(_NAMED, abstract, lower, ("called", "named", "dubbed", "termed"), before=2, after=80):
        intro_names.append(m.group("name"))
    names += intro_names
    if bench is None and title_name and not intro_names and first.bench_cue and not is_model_name(title_name):
        bench = title_name
        names = [n for n in names if n != title_name]
    out = []
    for n in names:
        n = _SENTENCE_END.split(n.strip(), 1)[0].rstrip(".,")     # "ConvNeXt. Constructed": one sentence
        for suffix in _GENERIC_SUFFIXES:
            if n.lower().endswith(suffix):
                n = n[:-len(suffix)].rstrip()
        if n and n not in out and n != bench and lexicon.lookup(n) is None and len(n) >= 2:
            out.append(n)
    acronyms = []
    for n in out:
        i = abstract.find(n)
        while i >= 0:
            j = i + len(n)
            # only where the name is followed by "(" or sits inside one: "Name (ACRO)", "Full Name (Name)"
            if abstract[j:j + 2].lstrip().startswith("(") or abstract[max(0, i - 1):i] == "(":
                acronyms += list(_ACRONYM_DEF.finditer(abstract, max(0, i - 60), min(len(abstract), j + 20)))
            i = abstract.find(n, j)
    for m in acronyms:
        full, acro = m.group("name"), m.group("acro")
        for n in list(out):
            if n == acro or full.endswith(n) or n.endswith(full) or full.startswith(n):
                for extra in (full, acro):
                    if extra not in out and extra != bench and lexicon.lookup(extra) is None:
                        out.append(extra)
    return OwnNames(tuple(out), bench)



class LazyOwnNames:
    """:func:`own_names`, computed as far as asked: ``benchmark`` needs only the cheap first step
    (unless a title name may still turn out to be the benchmark), ``names`` needs both."""

    __slots__ = ("_abstract", "_title", "_first", "_full")

    def __init__(self, abstract: str, title: str | None):
        self._abstract, self._title = abstract, title
        self._first: _Intro | None = None
        self._full: OwnNames | None = None

    def _intro(self) -> _Intro:
        if self._first is None:
            self._first = _introduced(self._abstract, self._title)
        return self._first

    def _all(self) -> OwnNames:
        if self._full is None:
            self._full = _own_names(self._abstract, self._intro())
        return self._full

    @property
    def benchmark(self) -> str | None:
        if self._full is None and self._intro().settled:
            return self._intro().bench
        return self._all().benchmark

    @property
    def names(self) -> tuple[str, ...]:
        return self._all().names


def is_model_name(text: str) -> bool:
    """Does ``text`` as a whole read as a model name (a known family, or a model's shape)?"""
    m = _family_pattern().fullmatch(text)
    if m and not (m.group("fam").islower() and not any(c.isdigit() for c in m.group("fam") + m.group("rest"))):
        return True
    return False
