"""Numbers in an abstract: where they are, what they look like, and what they are not.

Abstracts arrive with LaTeX leftovers (``97\\%``, ``5.9%rightarrow10.9%``, ``sim8B``, ``~``).
Rather than rewrite the text (which would break the offsets every row points back into), we
*mask* it: :func:`mask` returns a string of the same length in which those leftovers are
replaced by plain equivalents padded with spaces. Every offset found in the masked text is an
offset in the abstract, so each harvested number is still there, verbatim, for a user to check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from parsers import charmap, patterns


#: LaTeX / page leftovers -> same-length plain text
_LEFTOVERS = patterns.compile(
    r"(?P<arrow>\\?(?:right|left|long|Right|Left)?arrow)|(?P<up>\\?(?:up|down)arrow)"
    r"|(?P<pct>\\%)|(?P<tilde>~)|(?P<sim>(?<![A-Za-z])\\?sim(?=\s?\d))|(?P<approx>\\approx)"
    r"|(?P<pm>\\pm|\+/-|±)|(?P<to>\$?\\to\$?)|(?P<dollar>\$(?=\d[\d.,]*\$)|(?<=\d)\$)")

NUMBER = patterns.compile(
    r"(?<![\w.@^$\\])(?<![A-Za-z]-)(?<![^\d\s%]/)"      # not inside a word, a name or an id ("76.8/44.3" is two)
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<pct>\s?%|\s?percent\b)?")

#: words that may not stand between a number and its count noun ("45.2 on MMLU tasks" is a score)
_NOT_BEFORE_UNIT = frozenset("on in of for at with to and or vs than from by the a an".split())
#: words after a number that make it a count, a size, a duration or a ratio, never a score
_COUNT_UNITS = patterns.compile(
    r"\s?(?:[BMKTG]\b|[bmk]\b|x\b|×|times\b|[- ]?(?:billion|million|thousand|trillion|bn|M|B)\b"
    r"|[- ]?(?P<pre>(?:[A-Za-z][\w-]*\s+){0,2}?)"
    r"(?:tokens?|parameters?|params|languages?|tasks?|samples?|examples?|instances|pairs|issues|repositories"
    r"|questions|problems|prompts|documents|images|videos|hours?|days?|minutes?|seconds?|ms|s\b"
    r"|GPUs?|TPUs?|layers?|experts?|heads?|steps?|epochs?|authors?|books|topics|datasets|benchmarks"
    r"|models|domains|categories|subjects|users|participants|annotators|queries|scenarios"
    r"|dimensions?|words|sentences|characters|turns|rounds|shots?|bits?|GB|MB|TB|FLOPs|k\b"
    r"|fold|way|class(?:es)?|-?(?:shot|bit|layer|dimensional|billion|gram|step|hop|digit|th|st|nd|rd)\b))",
    regex.IGNORECASE)

def _ends_with(pattern: str, flags: int = 0) -> patterns.TimedPattern:
    """A pattern whose ``.match(text)`` tells whether ``text`` ends with ``pattern``.

    Same answer as ``search(pattern + "$")`` (``$`` also allows a final newline), but compiled
    in reverse: it is tried once, from the end, instead of from every position of the text.
    """
    return patterns.compile(r"(?:" + pattern + r")\n?", flags | regex.REVERSE)


#: the words before a number that make it a bound ("over 80%")
_APPROX_BEFORE = _ends_with(
    r"(?:\b(?:over|nearly|almost|up\s+to(?:\s+an?)?|approximately|approx\.?|about|around|roughly|more\s+than"
    r"|less\s+than|fewer\s+than|at\s+least|at\s+most|above|below|under|exceeding|exceeds?|beyond"
    r"|surpassing|to\s+within|within|as\s+(?:high|low|much|many)\s+as|estimated|top|bottom|no\.|ranks?|ranked|ranking)"
    r"|[<>≤≥≈~]|sim)\s*", regex.IGNORECASE)

#: the words before a number that make it a gain ("by 5.2", "+3.1", "an improvement of 4%")
_DELTA_BEFORE = _ends_with(
    r"(?:(?<![\w.])[+↑]|\bby(?:\s+an?)?(?:\s+(?:average|absolute|relative|additional|impressive|large|significant|substantial|notable))*"
    r"(?:\s+of)?|\b(?:gains?|improvements?|increases?|boosts?|margins?|drops?|decreases?|reductions?"
    r"|jumps?|rises?|lifts?|advantages?|leads?|deltas?|differences?|gaps?)\s+of(?:\s+(?:up\s+to|over|about|around|nearly))?"
    r"|\bimproves?\s+(?:\w+\s+){0,3}by"
    r"|\bby\s+an?\s+(?:absolute|relative|average)\s+(?:[\w-]+\s+){0,3}?of)\s*", regex.IGNORECASE)

_DELTA_AFTER = patterns.compile(
    r"^\s*(?:%|\s?percent)?\s*(?:absolute\s+|relative\s+|average\s+|point\s+|points?\s+of\s+|(?!(?:on|in|and|for|at|with|of|to|than|vs)\b)[a-z][\w-]*\s+){0,3}?"
    r"(?:improvements?|increases?|gains?|boosts?|higher|lower|better|worse|more|less|fewer"
    r"|reductions?|decreases?|drops?|speed-?ups?|faster|slower|over\b|above\b|relative|margin"
    r"|percentage[-\s]points?|pp\b|pts?\s+(?:higher|over|above|improvement|gain)"
    r"|points?\s+(?:higher|lower|better|over|above|improvement|gain|increase|ahead|more|of\s+improvement))",
    regex.IGNORECASE)

#: "37.6% less parameters", "40% fewer FLOPs": a change in what a model costs, not in a score
_COST_CHANGE = patterns.compile(
    r"^\s*(?:less|fewer|more|smaller|larger|lower|higher|reduced|reductions?\s+in|savings?\s+in|increases?\s+in)"
    r"\s+(?:[a-z][\w-]*\s+)?(?:parameters?|params|flops|memory|compute|computation|latency|tokens|cost|energy"
    r"|storage|gpu[-\s]hours|training\s+(?:time|cost|steps)|inference\s+(?:time|cost))\b", regex.IGNORECASE)
#: the first words _COST_CHANGE can start with
_COST_WORDS = frozenset("less fewer more smaller larger lower higher reduced reduction reductions saving savings "
                        "increase increases".split())

#: "6.8-12.0", "2--2.5%", "20-50%", "+/-3%": ranges and error bars are not scores
_RANGE_BEFORE = _ends_with(r"\d\s?%?\s?(?:-{1,2}|–)\s?|\+-\s?")
_RANGE_AFTER = patterns.compile(r"^\s?(?:-{1,2}|–)\s?\d")
_YEAR = patterns.compile(r"(?:19|20)\d\d")


@dataclass(slots=True)
class Number:
    start: int           # offset of the digits in the abstract
    end: int
    text: str            # the digits exactly as written
    value: float
    percent: bool        # written with a percent sign (or 'percent')
    decimal: bool
    kind: str            # 'score', 'delta', 'approx', 'count'
    end_with_unit: int   # end of the number including its percent sign


_LEFTOVER_HINTS = ("\\", "~", "arrow", "\u00b1", "+/-", "$")
#: every match of _LEFTOVERS holds one of these, and lies within _LEFTOVER_REACH characters of it
_LEFTOVER_ANCHORS = ("arrow", "\\", "~", "sim", "+/-", "\u00b1", "$")
_LEFTOVER_REACH = 16


def _holds(text: str, needle: str) -> bool:
    """``needle in text``, its first character looked for first: a one-character search runs at
    memchr speed, while a search for two to five characters costs about a nanosecond per
    character of text, and these needles' first characters are rare in abstracts."""
    return needle[0] in text and (len(needle) == 1 or needle in text)


def mask(text: str) -> str:
    """The abstract with LaTeX leftovers neutralised, offsets unchanged."""
    if not any(_holds(text, h) for h in _LEFTOVER_HINTS) and not _sim_before_digit(text):
        return text
    # the pattern is slow to scan a whole abstract with, and its matches are rare: it runs only
    # in windows around the anchors every match holds (a window never cuts a match, so the
    # result is what scanning the whole text gives)
    out, done = [], 0
    for lo, hi in anchor_windows(text, _LEFTOVER_ANCHORS, _LEFTOVER_REACH):
        for m in _LEFTOVERS.finditer(text, lo, hi):
            out.append(text[done:m.start()])
            out.append(_plain(m))
            done = m.end()
    out.append(text[done:])
    return "".join(out)


def _sim_before_digit(text: str) -> bool:
    """'sim' followed by a digit, or by a space and a digit ("sim8B", "sim 5%")."""
    i = text.find("sim")
    while i >= 0:
        nxt = text[i + 3:i + 5]
        if nxt[:1] in _ASCII_DIGITS or (nxt[:1] == " " and nxt[1:] in _ASCII_DIGITS):
            return True
        i = text.find("sim", i + 3)
    return False


_ASCII_DIGITS = tuple("0123456789")


def _plain(m: regex.Match) -> str:
    """The same-length plain text for one leftover."""
    n = len(m.group())
    if m.group("dollar"):
        return " "          # "$49.4$AP": math mode around a number
    if m.group("arrow") or m.group("up") or m.group("to"):
        core = " ^ " if m.group("up") else " to "
        return core.ljust(n)[:n] if n >= len(core) else " " * n
    if m.group("pct"):
        return " %"
    if m.group("tilde"):
        return " "
    if m.group("sim") or m.group("approx"):
        return "~".ljust(n)
    return "+-".ljust(n)[:n]


def anchor_windows(text: str, anchors, reach: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows of ``reach`` characters around every occurrence of an anchor.

    A pattern whose every match holds an anchor and stays within ``reach`` of it finds the same
    matches scanning only these windows as scanning the whole text (no match crosses a window's
    edge), at the cost of a few substring searches.
    """
    spots = []
    for a in anchors:
        i = text.find(a)
        while i >= 0:
            spots.append((max(0, i - reach), min(len(text), i + len(a) + reach)))
            i = text.find(a, i + 1)
    spots.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spots:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _openings(pattern: patterns.TimedPattern) -> tuple[frozenset, frozenset]:
    """The one- and two-character ASCII texts a match of ``pattern`` (tried at the start) can
    begin with, found by the pattern itself (partial matching), so they follow its every edit."""
    ascii_chars = [chr(c) for c in range(128)]
    one = frozenset(c for c in ascii_chars if pattern.match(c, partial=True))
    two = frozenset(a + b for a in one for b in ascii_chars if pattern.match(a + b, partial=True))
    return one, two


def _may_open(openings: tuple[frozenset, frozenset], after: str) -> bool:
    """Could a match start at the beginning of ``after``? Exact for ASCII openings, else yes."""
    head = after[:2]
    if not head.isascii():
        return True
    return head in openings[len(head) - 1] if head else False


_UNIT_OPENINGS = _openings(_COUNT_UNITS)


def _has_dash(part: str) -> bool:
    return "-" in part or "–" in part


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: per pattern and piece of text around a number: can a match pass through it (see _may_end, _may_start)
_PIECE_VERDICTS: dict = {}
_MAX_PIECES = 8192


def _tail(before: str) -> str:
    """The end of ``before`` from the start of its last two words (runs of ASCII letters apart
    by spaces), of its last word, or, when it ends with no word, of its last character that is
    not white space."""
    end = len(before.rstrip())
    k = end
    while k > 0 and before[k - 1] in _ASCII_LETTERS:
        k -= 1
    if k == end:
        return before[max(0, end - 1):]
    j = k
    while j > 0 and before[j - 1] == " ":
        j -= 1
    if j < k:
        i = j
        while i > 0 and before[i - 1] in _ASCII_LETTERS:
            i -= 1
        if i < j:
            return before[i:]
    return before[k:]


def _head(after: str) -> str:
    """The start of ``after`` up to the character after its first two words (runs of ASCII
    letters, after spaces and a percent sign, one space apart) or its first word, or up to its
    first other character."""
    n, i = len(after), 0
    while i < n and after[i] == " ":
        i += 1
    if i < n and after[i] == "%":
        i += 1
        while i < n and after[i] == " ":
            i += 1
    start = i
    while i < n and after[i] in _ASCII_LETTERS:
        i += 1
    if start < i < n - 1 and after[i] == " " and after[i + 1] in _ASCII_LETTERS:
        i += 1
        while i < n and after[i] in _ASCII_LETTERS:
            i += 1
    return after[:i + 1]


def _may_start(pattern: patterns.TimedPattern, after: str) -> bool:
    """Could ``pattern`` (anchored at the start) match ``after``? False only when it surely cannot.

    The mirror of :func:`_may_end`: a match of ``after`` passes through its head (a prefix), so
    the head matches or runs out of text. The head ends one character past a word, so the
    patterns' tests of what follows a word ("on\\b", "over\\b") see the same characters there.
    """
    return _may_match_piece(pattern, _head(after))


def _may_end(pattern: patterns.TimedPattern, before: str) -> bool:
    """Could ``pattern`` (compiled with _ends_with) match ``before``? False only when it surely cannot.

    A match of a pattern read backwards passes through the end of ``before``: if ``before``
    matches, then its tail (a suffix) matches too or runs out of text, which partial matching
    reports. The patterns' word boundaries all precede letters, and a tail starts at a letter
    or is one character long, so the tail's start never fails a test the whole text passes.
    Tails are few (the last word before a number), so each verdict is computed once per tail
    and kept: a dictionary lookup instead of the pattern's walk over 40 characters.
    """
    return _may_match_piece(pattern, _tail(before))


def _may_match_piece(pattern: patterns.TimedPattern, piece: str) -> bool:
    """Does ``pattern`` match ``piece`` or run out of it (partial matching)? Kept per piece."""
    key = (pattern, piece)
    verdict = _PIECE_VERDICTS.get(key)
    if verdict is None:
        if len(_PIECE_VERDICTS) >= _MAX_PIECES:
            _PIECE_VERDICTS.clear()
        verdict = _PIECE_VERDICTS[key] = pattern.match(piece, partial=True) is not None
    return verdict


def bounded(masked: str, start: int) -> bool:
    """Is the number at ``start`` a bound by the words before it ("up to 53%", "over 80%")?"""
    before = masked[max(0, start - 40):start]
    return _may_end(_APPROX_BEFORE, before) and _APPROX_BEFORE.match(before) is not None


def classify(masked: str, start: int, end_unit: int, percent: bool, text: str) -> str:
    """score / delta / approx / count, from the words right before and after the number.

    Each pattern here reads at most 40 characters and is tried at one position (anchored at the
    number), without nested repetition, so it takes microseconds on any text.
    """
    before = masked[max(0, start - 40):start]
    after = masked[end_unit:end_unit + 40]
    if not percent and _may_open(_UNIT_OPENINGS, after):
        unit = _COUNT_UNITS.match(after)
        if unit is not None and _NOT_BEFORE_UNIT.isdisjoint((unit.group("pre") or "").lower().split()):
            return "count"      # "2294 GitHub issues", but not "80.1 on MMLU tasks"
    if "." not in text and not percent and _YEAR.fullmatch(text):
        return "count"
    # a range or an error bar has its dash within the last three or the first two characters
    if (_has_dash(before[-3:]) and _RANGE_BEFORE.match(before)) or (_has_dash(after[:2]) and _RANGE_AFTER.match(after)):
        return "approx"
    if percent and after.lstrip(" ").split(" ", 1)[0].lower() in _COST_WORDS and _COST_CHANGE.match(after):
        return "count"      # "with 37.6% less parameters": what the model costs
    if (_may_end(_DELTA_BEFORE, before) and _DELTA_BEFORE.match(before)) or (_may_start(_DELTA_AFTER, after) and _DELTA_AFTER.match(after)):
        return "delta"
    if _may_end(_APPROX_BEFORE, before) and _APPROX_BEFORE.match(before):
        return "approx"
    return "score"


def find_numbers(masked: str, lo: int = 0, hi: int | None = None, limit: int = 60) -> list[Number]:
    """Every number in ``masked[lo:hi]`` with its kind; offsets are abstract offsets.

    A stretch with more than ``limit`` numbers is a table or noise, not a sentence: it gives none.
    """
    out = []
    matches = list(NUMBER.finditer(masked, lo, len(masked) if hi is None else hi))
    if len(matches) > limit:
        return []
    for m in matches:
        text, pct = m.group(1, 2)
        try:
            value = float(text.replace(",", "") if "," in text else text)
        except ValueError:
            continue
        start, end = m.span(1)
        end_unit = m.end()
        percent = bool(pct)
        kind = classify(masked, start, end_unit, percent, text)
        out.append(Number(start, end, text, value, percent, "." in text, kind, end_unit))
    return out


#: every digit reads as "0", so the shapes below are plain substrings (found at C speed)
_DIGITS_AS_ZERO = charmap.CharMap(dict(zip("123456789", "000000000")))
#: a number that could be a score or a gain at all: a decimal, a percentage, "N on", "N points", "+N"
_SCORE_SHAPES = ("0.0", "0%", "0 %", "0\\%", "+0", "0 on ", "0 point", "0 pts")


#: the shapes above but "+0" as one scan (of the zeroed text, or of its bytes for the prefilter).
#: ``re``, not ``regex``: a literal first character and fixed-length branches, so each position
#: costs a few comparisons and nothing can backtrack — no timeout is needed. "+0" is tested
#: apart, behind a one-character search for "+" (see :func:`_holds`).
_SHAPES = re.compile("0(?:" + "|".join(re.escape(s[1:]) for s in _SCORE_SHAPES if s[0] == "0") + ")")
_BYTE_SHAPES = re.compile(_SHAPES.pattern.encode("ascii"))
assert all(s[0] == "0" or s == "+0" for s in _SCORE_SHAPES)


def may_hold_score(text: str) -> bool:
    """The prefilter: one encode, one byte translation and one literal scan (a few microseconds)."""
    zeroed = text.encode("utf-8", "replace").translate(_DIGITS_AS_ZERO.ascii_table)
    return (b"+" in zeroed and b"+0" in zeroed) or _BYTE_SHAPES.search(zeroed) is not None


def digits_as_zero(text: str) -> str:
    """``text`` with every ASCII digit as "0" (same length, so offsets hold)."""
    return _DIGITS_AS_ZERO(text)


def score_shaped(zeroed: str, lo: int = 0, hi: int | None = None) -> bool:
    """Does ``zeroed[lo:hi]`` (text passed through :func:`digits_as_zero`) hold a score-shaped number?

    This is the cheap test that lets abstracts and sentences without one skip everything else:
    one scan of a literal-led pattern, and a one-character search for "+".
    """
    hi = len(zeroed) if hi is None else hi
    if _SHAPES.search(zeroed, lo, hi) is not None:
        return True
    return zeroed.find("+", lo, hi) >= 0 and zeroed.find("+0", lo, hi) >= 0
