"""Sentence spans of an abstract.

A full stop ends a sentence only when white space and a plausible sentence start follow it, so
decimals ("84.2"), versions ("Llama 3.1"), "e.g.", "i.e.", "et al." and "vs." do not split. The
spans index the abstract itself: evidence is always ``abstract[start:end]``.
"""
from __future__ import annotations

import re

#: longest sentence read as one (characters); real abstracts stay far below
MAX_SENTENCE = 1200

#: each mark that may end a sentence, and the mark with the white space after it (``re``: a
#: literal, so found at C speed; its \s is exactly str.isspace; one greedy run, no backtracking)
_MARKS = tuple((mark, re.compile(re.escape(mark) + r"\s+")) for mark in ".!?")

_ABBREVIATIONS = {"e.g", "i.e", "al", "vs", "etc", "approx", "fig", "eq", "sec", "tab", "cf", "resp", "no",
                  "dr", "mr", "ms", "st", "incl", "ca", "viz"}
_LONGEST = max(map(len, _ABBREVIATIONS))


def _starts_sentence(text: str, i: int) -> bool:
    """Could a sentence start at text[i] (after white space)?"""
    c = text[i] if i < len(text) else ""
    if c.isupper() or c.isdigit() or c == "\\":
        return True
    if c in "\"'([" and i + 1 < len(text):
        if text[i + 1].isupper() or text[i + 1].isdigit():
            return True
        # enumerations: "(ii) Llama ...", "(2) ...", "(b) ..."
        close = text.find(")", i, i + 6)
        return c == "(" and close > i + 1 and (text[i + 1:close].isdigit() or
                                             all(ch in "ivx" for ch in text[i + 1:close]) or
                                             (close == i + 2 and text[i + 1].isalpha()))
    return False


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space trimmed, in order.

    Written with plain string searches: it runs on every abstract that may hold a score.
    """
    cuts = []
    n = len(text)
    for mark, after_mark in _MARKS:
        if mark not in text:
            continue
        for m in after_mark.finditer(text):
            i, k = m.start(), m.end()
            if k < n and _starts_sentence(text, k) and not _abbreviation(text, i, mark):
                cuts.append(i + 1)
    cuts.sort()
    out = []
    start = 0
    for c in cuts + [n]:
        s, e = start, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > MAX_SENTENCE:
            # no abstract has a sentence this long: cut at a space so the work per sentence
            # stays bounded and the whole extraction stays linear in the text's length
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
        start = c
    return out


def _abbreviation(text: str, i: int, mark: str) -> bool:
    """Is the full stop at text[i] the end of an abbreviation or an initial ("e.g.", "J.")?"""
    if mark != ".":
        return False
    # the word before the stop: letters and stops. Only a short one can be an abbreviation or an
    # initial, so the walk back stops one character past the longest abbreviation
    lo = max(0, i - _LONGEST - 1)
    k = i
    while k > lo and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    if i - k > _LONGEST:
        return False
    word = text[k:i].lower()
    if word in _ABBREVIATIONS:
        return True
    # "J." is an initial; the "C" of "Cityscapes-C." or the "B" of "LM1B." ends a name
    return len(word) == 1 and text[k].isupper() and not (k > 0 and (text[k - 1] == "-" or text[k - 1].isdigit()))
