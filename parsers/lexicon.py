"""The benchmark lexicon: ``data/benchmarks.csv`` loaded once, and the patterns built from it.

A new benchmark is a new CSV row, never new regex code: every spelling of every benchmark is
compiled into one alternation (longest spelling first, so ``HumanEval+`` wins over ``HumanEval``
and ``MMLU-Pro`` over ``MMLU``). Spellings flagged ``case_sensitive`` (``MATH``, ``DROP``,
``RACE``: ordinary words in lower case) only match as written; the others match in any case.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

LEXICON_CSV = Path(__file__).resolve().parent.parent / "data" / "benchmarks.csv"
#: seconds any single lexicon pattern may run on one text (adversarial input cannot hang us)
TIMEOUT = 0.5


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    aliases: tuple[str, ...]
    category: str
    unit: str
    min: float
    max: float
    higher_is_better: bool
    case_sensitive: bool = False
    metric: str = ""
    context: str = ""        # a word the text must also contain ("test-clean" needs "LibriSpeech")

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


@lru_cache(maxsize=None)
def load(path: str | None = None) -> tuple[Benchmark, ...]:
    with open(path or LEXICON_CSV, encoding="utf-8", newline="") as fh:
        return tuple(
            Benchmark(row["name"].strip(), tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                      row["category"], row["unit"], float(row["min"]), float(row["max"]),
                      _flag(row["higher_is_better"]), _flag(row.get("case_sensitive")),
                      (row.get("metric") or "").strip(), (row.get("context") or "").strip())
            for row in csv.DictReader(fh))


def fold(name: str) -> str:
    """The comparison key of a spelling: lower case, only letters, digits and '+'."""
    return regex.sub(r"[^a-z0-9+*]", "", name.lower())


@lru_cache(maxsize=None)
def by_name() -> dict[str, Benchmark]:
    """Every spelling (folded) -> its benchmark."""
    out: dict[str, Benchmark] = {}
    for b in load():
        for spelling in b.spellings:
            out.setdefault(fold(spelling), b)
    return out


def lookup(name: str | None) -> Benchmark | None:
    if not name:
        return None
    return by_name().get(fold(name))


def _trie(spellings) -> str:
    """Spellings as one prefix-factored alternation: fast to scan, and longest match wins.

    A space or hyphen in a spelling matches a space, a hyphen or a tilde ("MT Bench" and
    "MT-Bench"), so aliases need not list both; spellings without a separator ("MTBench") are
    listed, since dropping separators on our own would turn "MultiPL-E" into "multiple". Separators share one branch
    of the trie, so the engine's first match is also the longest one.
    """
    root: dict = {}
    spellings = {s.replace("-", " ") for s in spellings}
    for s in spellings:
        node = root
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"[\s~-]" if ch == " " else regex.escape(ch)) + emit(node[ch])
                for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root)


@lru_cache(maxsize=None)
def name_pattern() -> str:
    """Every spelling in one pattern, case-folded where allowed, with word boundaries."""
    loose = [s.lower() for b in load() if not b.case_sensitive for s in b.spellings]
    exact = [s for b in load() if b.case_sensitive for s in b.spellings]
    parts = ([f"(?i:{_trie(loose)})"] if loose else []) + ([f"(?:{_trie(exact)})"] if exact else [])
    return r"(?<![\w\-*])(?:" + "|".join(parts) + r")(?![\w*]|-\w)"


@lru_cache(maxsize=None)
def compiled() -> regex.Pattern:
    return regex.compile(name_pattern())


def find(text: str) -> list[tuple[int, int, Benchmark]]:
    """Every lexicon benchmark named in ``text``: (start, end, benchmark), left to right."""
    out = []
    for m in compiled().finditer(text, timeout=TIMEOUT):
        b = lookup(m.group())
        if b is None:
            continue
        if b.context and fold(b.context) not in fold(m.group()) and b.context.lower() not in text.lower():
            continue
        out.append((m.start(), m.end(), b))
    return out
