"""The benchmark lexicon: ``data/benchmarks.csv`` loaded once, and the matcher built from it.

A new benchmark is a new CSV row, never new code: every spelling of every benchmark goes into one
word index (longest spelling first, so ``HumanEval+`` wins over ``HumanEval`` and ``MMLU-Pro``
over ``MMLU``). Spellings flagged ``case_sensitive`` (``MATH``, ``DROP``, ``RACE``: ordinary words
in lower case) only match as written; the others match in any case. Separators do not matter
("MT-Bench" = "MT Bench"); spellings without one ("MTBench") are listed as aliases, since
dropping separators on our own would turn "MultiPL-E" into "multiple".
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import regex

from parsers import DATA_DIR, charmap, patterns

LEXICON_CSV = DATA_DIR / "benchmarks.csv"
SPLITS_CSV = DATA_DIR / "benchmark_splits.csv"


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


_NOT_KEPT = patterns.compile(r"[^a-z0-9+*]")


def fold(name: str) -> str:
    """The comparison key of a spelling: lower case, only letters, digits and '+'."""
    return _NOT_KEPT.sub("", name.lower())


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
    return _lookup(name)


@lru_cache(maxsize=8192)
def _lookup(name: str) -> Benchmark | None:
    """The benchmark a spelling names; asked for the same few hundred names again and again."""
    return by_name().get(fold(name))


#: separators and brackets become spaces (same length, so offsets survive): "MT-Bench",
#: "MT Bench" and "MT~Bench" all read as the tokens "mt", "bench"; "HumanEval (+)" as "humaneval", "+"
_SEPARATORS = charmap.to_spaces("-~/,;:()[]{}\"“”\u2013\u2014")
_TRAILING = ".'’"
#: separators, brackets and the trailing marks a word may end with, all as spaces (see _screen)
_SCREEN = charmap.to_spaces("-~/,;:()[]{}\"“”\u2013\u2014" + _TRAILING)


def _tokens(spelling: str) -> tuple[str, ...]:
    return tuple(_SEPARATORS(spelling).split())


@lru_cache(maxsize=None)
def _index() -> tuple[dict, dict]:
    """First token -> [(tokens, benchmark)], longest spelling first; one table per case rule.

    Matching walks the words of a sentence and looks each one up here, so its cost grows with
    the number of words, not with the size of the lexicon, and no backtracking is possible.
    """
    loose: dict[str, list] = {}
    exact: dict[str, list] = {}
    for b in load():
        for spelling in b.spellings:
            toks = _tokens(spelling if b.case_sensitive else spelling.lower())
            if toks:
                table = exact if b.case_sensitive else loose
                table.setdefault(toks[0], []).append((toks, b))
    for table in (loose, exact):
        for key in table:
            table[key].sort(key=lambda tb: -len(tb[0]))
    return loose, exact


@lru_cache(maxsize=None)
def _first_words() -> frozenset:
    """Lower-cased first words of all spellings: the one set look-up most words stop at."""
    loose, exact = _index()
    return frozenset(loose) | frozenset(k.lower() for k in exact)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word, separators and brackets removed, offsets kept."""
    t = _SEPARATORS(text)
    out = []
    pos = 0
    for w in t.split():
        i = t.find(w, pos)
        pos = i + len(w)
        out.append((i, pos, w))
    return out


@lru_cache(maxsize=None)
def _screen() -> tuple[frozenset, frozenset] | None:
    """What :func:`_may_name_any` looks for, from the spellings (lower case, cut at marks).

    A one-word spelling, or one whose first word holds a mark, is looked for by the first piece
    of its first word; a longer one by the pair (first word, first piece of the second), so that
    "a" (of "A-OKVQA") or "if" (of "IF-Eval") lets through only the texts with that pair.
    None (no screening) if a word starts with a mark or holds a sigma (the one letter whose lower
    case depends on its neighbours).
    """
    single, pairs = set(), set()
    for b in load():
        for spelling in b.spellings:
            toks = _tokens(spelling.lower())
            if not toks:
                continue
            if any(t[0] in _TRAILING or "σ" in t or "ς" in t for t in toks):
                return None
            first = _SCREEN(toks[0]).split()[0]
            if len(toks) == 1 or first != toks[0]:
                single.add(first)
            else:
                pairs.add((first, _SCREEN(toks[1]).split()[0]))
    return frozenset(single), frozenset(pairs)


@lru_cache(maxsize=None)
def _pair_words() -> tuple[frozenset, frozenset]:
    """The first words and the second pieces of the screen's pairs: a text lacking either set
    holds no pair, which two set tests tell before any pair of neighbours is built."""
    screen = _screen()
    pairs = screen[1] if screen is not None else frozenset()
    return frozenset(a for a, _ in pairs), frozenset(b for _, b in pairs)


def _may_name_any(text: str) -> bool:
    """Could ``text`` name a benchmark at all? A few C-speed passes instead of a loop over words.

    A match starts at a word (text cut at separators, lower case) equal to the first word of a
    spelling, where a one-word spelling may also be followed by trailing marks (".", "'", "’"),
    and a longer one continues with its second word (perhaps with trailing marks). Cutting the
    text at those marks as well leaves the first piece of each of these words, side by side:
    a text without any piece or pair of :func:`_screen` names no benchmark.
    """
    screen = _screen()
    if screen is None:
        return True
    single, pairs = screen
    pieces = _SCREEN(text.lower()).split()
    if not single.isdisjoint(pieces):
        return True
    firsts, seconds = _pair_words()
    return not (firsts.isdisjoint(pieces) or seconds.isdisjoint(pieces)) and \
        not pairs.isdisjoint(zip(pieces, pieces[1:]))


def may_name_any(text: str) -> bool:
    """False only when no piece of ``text`` cut at white space can name a benchmark (see _screen)."""
    return _may_name_any(text)


def find(text: str, words: list | None = None) -> list[tuple[int, int, Benchmark]]:
    """Every lexicon benchmark named in ``text``: (start, end, benchmark), left to right.

    A name glued to a longer word by a hyphen ("MMLU-style", "PRE-MMLU") does not count.
    """
    loose, exact = _index()
    keys = _first_words()
    if words is None:
        if not _may_name_any(text):
            return []
        words = word_spans(text)
    lowered = [w.lower() for _, _, w in words]
    out = []
    i = 0
    n = len(words)
    while i < n:
        key = lowered[i]
        if key not in keys and not (key[-1] in _TRAILING and key.rstrip(_TRAILING) in keys):
            i += 1
            continue
        hit = None
        for table, toks_of in ((exact, None), (loose, lowered)):
            first = words[i][2] if toks_of is None else toks_of[i]
            cands = table.get(first) or table.get(first.rstrip(_TRAILING))
            if not cands:
                continue
            for toks, b in cands:
                k = len(toks)
                if i + k > n:
                    continue
                ok = True
                for j in range(k):
                    w = words[i + j][2] if toks_of is None else toks_of[i + j]
                    if w != toks[j] and not (j == k - 1 and w.rstrip(_TRAILING) == toks[j]):
                        ok = False
                        break
                if ok:
                    if hit is None or k > hit[3]:
                        hit = (words[i][0], words[i + k - 1][0] + len(toks[-1]), b, k)
                    break
        if hit:
            start, end, b, k = hit
            glued = (start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isalnum()) or \
                    (end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()) or \
                    (end < len(text) and (text[end].isalnum() or text[end] == "*"))
            if not glued and (not b.context or b.context.lower() in text.lower()):
                out.append((start, end, b))
                i += k
                continue
        i += 1
    return out


@dataclass(frozen=True, slots=True)
class SplitList:
    """A slash list of a benchmark's splits that only its family's name makes readable:
    "1.8/3.3 WER on the clean/other test sets" of LibriSpeech is test-clean, then test-other."""
    family: str                      # lower case; the sentence must contain it
    pattern: patterns.TimedPattern   # any of the spellings, each part a group
    benchmarks: tuple[Benchmark, ...]  # the benchmark of each part, in order


@lru_cache(maxsize=None)
def split_lists(path: str | None = None) -> tuple[SplitList, ...]:
    """``data/benchmark_splits.csv``: family, spellings ("clean/other|test/testother"), and the
    lexicon names of the parts. Each spelling has as many '/'-separated parts as names, and each
    name must be a lexicon benchmark's."""
    out = []
    with open(path or SPLITS_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = tuple(n.strip() for n in row["benchmarks"].split("|"))
            benchmarks = tuple(b for b in (lookup(n) for n in names) if b is not None and b.name in names)
            if len(benchmarks) != len(names):
                raise ValueError(f"{SPLITS_CSV.name}: {row['benchmarks']!r} names a benchmark the lexicon lacks")
            alternatives = []
            for spelling in row["spellings"].split("|"):
                parts = [p.strip() for p in spelling.split("/")]
                if len(parts) != len(names):
                    raise ValueError(f"{SPLITS_CSV.name}: {spelling!r} has {len(parts)} parts for {len(names)} benchmarks")
                alternatives.append(r"\s*/\s*".join(f"(?P<p{i}>{_spaced(p)})" for i, p in enumerate(parts)))
            alternatives.sort(key=len, reverse=True)
            pattern = patterns.compile(r"(?i)(?<![\w/-])(?:" + "|".join(f"(?:{a})" for a in alternatives)
                                       + r")(?![\w/-])", regex.VERSION1)
            out.append(SplitList(row["family"].strip().lower(), pattern, benchmarks))
    return tuple(out)


def _spaced(part: str) -> str:
    """A split's spelling as a pattern: its separators may be a hyphen, a space or nothing."""
    return r"[\s-]?".join(regex.escape(w) for w in regex.split(r"[\s-]+", part) if w)


def may_name_split_list(text: str) -> bool:
    """Could ``text`` hold a split list (a slash and a family's name)?"""
    if "/" not in text:
        return False
    lower = text.lower()
    return any(split.family in lower for split in split_lists())


def find_split_lists(text: str) -> list[tuple[int, int, Benchmark]]:
    """The parts of every split list in ``text`` whose family it names: (start, end, benchmark)."""
    if "/" not in text:
        return []
    lower = text.lower()
    out = []
    for split in split_lists():
        if split.family in lower:
            for m in split.pattern.finditer(text):
                out += [(m.start(f"p{i}"), m.end(f"p{i}"), b) for i, b in enumerate(split.benchmarks)]
    return sorted(out, key=lambda t: t[0])
