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
from functools import lru_cache
from pathlib import Path

import regex

from parsers import lexicon

TIMEOUT = 0.5
FAMILIES_TXT = Path(__file__).resolve().parent.parent / "data" / "model_families.txt"

_VARIANT_WORDS = (r"Instruct|Chat|Base|Pro|Ultra|Flash|Turbo|Sonnet|Opus|Haiku|Nano|Mini|mini|Large"
                  r"|Medium|Small|Max|Plus|Lite|Coder|Math|Vision|Omni|Preview|Expanse|Mamba|Code|Next")


@lru_cache(maxsize=None)
def families() -> tuple[str, ...]:
    with open(FAMILIES_TXT, encoding="utf-8") as fh:
        return tuple(l.strip() for l in fh if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=None)
def _family_pattern() -> regex.Pattern:
    fams = sorted(families(), key=len, reverse=True)
    alt = "|".join(regex.escape(f).replace(r"\ ", r"[\s-]") for f in fams)
    part = (r"(?:-(?:[A-Za-z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9])"          # -72B, -Instruct, -v0.3
            r"|[\s]?(?:\d+x\d+[BbMm]|v?\d+(?:\.\d+)*[A-Za-z]{0,2}\b)"          # 3.1, 8B, 8x7B, 4o
            r"|\s(?:" + _VARIANT_WORDS + r")\b)")
    return regex.compile(
        r"(?<![\w\-./])(?:[A-Za-z][\w\-]*/)?(?P<fam>(?i:" + alt + r"))(?P<rest>" + part + r"*)(?:\+(?!\w))?"
        r"(?![\w])", regex.VERSION1)


_SHAPE = regex.compile(
    r"(?<![\w\-./])(?=[A-Za-z][\w.\-/]*\d)(?:[A-Za-z][\w\-]*/)?"
    r"(?P<name>[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)(?![\w\-])")
#: a name without digits counts as a model when it is the subject of a result verb
_SUBJECT = regex.compile(
    r"(?<![\w\-./])(?P<name>[A-Z][a-z]*[A-Z][\w]*(?:-[A-Za-z0-9]+)*|[A-Z]{2,}(?:-[A-Za-z0-9]+)+)"
    r"(?:\s+(?:model|agent|system))?\s+(?:achieves|attains|scores|obtains|reaches|enables|outperforms|surpasses"
    r"|sets|yields|records|gets|achieved|attained|scored|obtained|reached|improves)\b")
_NOT_MODELS = regex.compile(
    r"(?i:top|pass|fig|table|sec|covid|fp|bf|int|a|h|v|l|step|k|x|round|phase|stage|level|type|class"
    r"|version|part|tier|gen|figure|section|eq|appendix|task|setting|model|mode)(?:-?\d.*)?"
    r"|[A-Z]\d{2,4}|[A-Z]{1,3}-?\d{1,2}")
_BENCH_CUE_AFTER = regex.compile(r"\s+(?:benchmark|dataset|leaderboard|suite|test\s*set|split|subset|task)s?\b",
                                 regex.IGNORECASE)


@dataclass(slots=True)
class ModelMention:
    start: int
    end: int
    name: str


def _looks_like_shape(name: str) -> bool:
    if not any(c.isdigit() for c in name) or not any(c.isalpha() for c in name):
        return False
    if _NOT_MODELS.fullmatch(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return len(name) >= 4 and ("-" in name or (len(letters) >= 3 and name[0].isupper()))


def find(masked: str, lo: int, hi: int, own: tuple[str, ...] = (), benchmarks=()) -> list[ModelMention]:
    """Model names in ``masked[lo:hi]``, longest first, not overlapping benchmarks."""
    taken = [(s, e) for s, e, *_ in benchmarks]
    found: list[ModelMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int) -> None:
        name = masked[s:e].rstrip(".,;:")
        e = s + len(name)
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
    for m in _family_pattern().finditer(masked, lo, hi, timeout=TIMEOUT):
        fam = m.group("fam")
        if fam.islower() and not any(c.isdigit() for c in m.group("rest")):
            continue
        start, end = m.start(), m.end()
        # a hyphen chain that merely contains a family ("AstroSage-Llama-3.1-8B") is taken whole below
        add(start, end)
    for m in _SHAPE.finditer(masked, lo, hi, timeout=TIMEOUT):
        name = m.group("name")
        if _looks_like_shape(name) and lexicon.lookup(name) is None:
            s, e = m.start("name"), m.end("name")
            # a longer chain replaces family matches inside it
            inner = [f for f in found if f.start >= s and f.end <= e and (f.start, f.end) != (s, e)]
            for f in inner:
                found.remove(f)
                taken.remove((f.start, f.end))
            add(s, e)
    for m in _SUBJECT.finditer(masked, lo, hi, timeout=TIMEOUT):
        name = m.group("name")
        if lexicon.lookup(name) is None and not _GENERIC_ACRONYM.fullmatch(name):
            add(m.start("name"), m.end("name"))
    found.sort(key=lambda f: f.start)
    return _join_method(found, masked, own)


_WITH = regex.compile(r"\s*(?:\+|with|using|equipped\s+with)\s*")


def _join_method(found: list[ModelMention], masked: str, own: tuple[str, ...]) -> list[ModelMention]:
    """'GPT-4o with Sketchpad': a model run with the paper's own method is one mention."""
    out: list[ModelMention] = []
    for m in found:
        if out and m.name in own and out[-1].name not in own and \
                _WITH.fullmatch(masked, out[-1].end, m.start, timeout=TIMEOUT):
            prev = out.pop()
            out.append(ModelMention(prev.start, m.end, f"{prev.name} with {m.name}"))
        else:
            out.append(m)
    return out


#: acronyms that name kinds of things, never one model
_GENERIC_ACRONYM = regex.compile(r"(?:LLM|LM|MLLM|VLM|LVLM|SLM|AI|NLP|RL|SFT|DPO|RLHF|GPU|API|SOTA|MoE|ASR|TTS)s?")


_TITLE_NAME = regex.compile(r"^\s*(?P<name>[^:]{2,40}?)\s*:\s+\S")
_INTRO = regex.compile(
    r"\b(?i:we|this\s+(?:paper|work|report))\s+(?:first\s+)?(?:introduce|introduces|present|presents|propose|proposes"
    r"|release|releases|develop|develops|build|describe|call|name)\s+(?:the\s+|a\s+(?:new\s+|novel\s+)?(?:\w+\s+){0,3}?(?:called|named)\s+)?"
    r"(?P<name>[A-Z][\w\-.*]*(?:\s+(?:(?:of|for|and|the|to|in)\s+)?[A-Z0-9][\w\-.*]*){0,3})"
    r"(?:\s*\((?P<acro>[A-Z][\w\-]{1,15})\))?")
_ACRONYM_DEF = regex.compile(r"(?P<name>[A-Z][\w\-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w\-]*){0,4})\s+\((?P<acro>[A-Z][A-Za-z0-9\-]{1,12})\)")
_NAMED = regex.compile(r"\b(?:called|named|dubbed|termed)\s+(?P<name>[A-Z][\w\-.]*(?:\s+[A-Z0-9][\w\-.]*){0,2})")
_GENERIC_TITLE = regex.compile(
    r"(?i)^(?:a|an|the|on|towards?|how|why|what|when|can|do|does|is|are|beyond|rethinking|revisiting|learning|"
    r"improving|scaling|evaluating|understanding|exploring)\b")
_BENCH_WORDS = regex.compile(r"(?i)\bbenchmark\w*|\b(?:dataset|test\s*bed|testbed|challenge|test\s+suite|arena|leaderboard)\b|^\W*evaluating\b")
_REPORT_WORDS = regex.compile(r"(?i)\s+(?:technical\s+report|tech\s+report|report)$")
_OWN_BENCH_CUE = regex.compile(
    r"(?i)\b(?:this|our|the\s+first|a\s+new|a\s+novel|new)\s+(?:[\w-]+\s+){0,3}?(?:benchmark|benchmarking\s+dataset|dataset|test\s+suite|evaluation\s+suite)\b")
_BENCH_INTRO = regex.compile(
    r"(?:\b(?:introduce|present|propose|release|build|create|construct|creating|introducing|presenting|curate)\s+"
    r"(?:\w+\s+){0,3}?(?:benchmark|dataset)s?\s*,\s*(?P<name>[A-Z][\w\-.*]+)"
    r"|\b(?:introduce|present|propose|release|build|create|construct|creating|introducing|presenting|curate)\s+(?:the\s+)?"
    r"(?P<name2>[A-Z][\w\-.*]+(?:\s+[A-Z0-9][\w\-.*]*){0,2}),\s+(?:a|an|the\s+first)\s+(?:[\w\-\"]+\s+){0,4}?"
    r"(?:benchmark|dataset|suite|test\s*set|testbed|collection)\b)")


@dataclass(slots=True)
class OwnNames:
    """What the paper calls the thing it contributes, and whether that thing is a benchmark."""

    names: tuple[str, ...]       # the model/method names (longest form first), may be empty
    benchmark: str | None        # the paper's own benchmark name, when it introduces one


def own_names(abstract: str, title: str | None) -> OwnNames:
    names: list[str] = []
    bench = None
    m = _BENCH_INTRO.search(abstract, timeout=TIMEOUT)
    if m:
        bench = (m.group("name") or m.group("name2")).rstrip(".,")
    title_name = None
    if title:
        m = _TITLE_NAME.match(title)
        if m and not _GENERIC_TITLE.match(m.group("name")) and len(m.group("name").split()) <= 4:
            title_name = _REPORT_WORDS.sub("", m.group("name").strip())
            after = title[m.end("name") + 1:]
            if _BENCH_WORDS.search(after[:80]) and bench is None:
                bench = title_name
            elif title_name != bench:
                names.append(title_name)
        elif title and lexicon.find(title) and regex.search(r"(?i)\bbenchmark\b", title) and bench is None:
            bench = lexicon.find(title)[0][2].name
    intro_names = []
    for m in _INTRO.finditer(abstract, timeout=TIMEOUT):
        name = m.group("name")
        if name == bench or regex.match(r"\s*,\s*(?:a|an)\s+(?:\w+\s+){0,4}?(?:benchmark|dataset)", abstract[m.end():m.end() + 60]):
            continue
        intro_names.append(name)
        if m.group("acro"):
            intro_names.append(m.group("acro"))
    for m in _NAMED.finditer(abstract, timeout=TIMEOUT):
        intro_names.append(m.group("name"))
    names += intro_names
    if bench is None and title_name and not intro_names and _OWN_BENCH_CUE.search(abstract, timeout=TIMEOUT):
        bench = title_name
        names = [n for n in names if n != title_name]
    out = []
    for n in names:
        n = n.strip().rstrip(".,")
        n = regex.sub(r"(?i)\s+(?:series|family|model|models|framework|method|approach|system|benchmark)$", "", n)
        if n and n not in out and n != bench and lexicon.lookup(n) is None and len(n) >= 2:
            out.append(n)
    for m in _ACRONYM_DEF.finditer(abstract, timeout=TIMEOUT):
        full, acro = m.group("name"), m.group("acro")
        for n in list(out):
            if n == acro or full.endswith(n) or n.endswith(full) or full.startswith(n):
                for extra in (full, acro):
                    if extra not in out and extra != bench and lexicon.lookup(extra) is None:
                        out.append(extra)
    return OwnNames(tuple(out), bench)


def is_model_name(text: str) -> bool:
    """Does ``text`` as a whole read as a model name (a known family, or a model's shape)?"""
    m = _family_pattern().fullmatch(text, timeout=TIMEOUT)
    if m and not (m.group("fam").islower() and not any(c.isdigit() for c in m.group("rest"))):
        return True
    return False
