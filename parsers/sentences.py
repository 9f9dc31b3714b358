"""Sentence spans of an abstract.

A full stop ends a sentence only when white space and a plausible sentence start follow it, so
decimals ("84.2"), versions ("Llama 3.1"), "e.g.", "i.e.", "et al." and "vs." do not split. The
spans index the abstract itself: evidence is always ``abstract[start:end]``.
"""
from __future__ import annotations

import regex

TIMEOUT = 0.5

_BOUNDARY = regex.compile(
    r"(?<!\b(?:e\.g|i\.e|et\s+al|vs|etc|approx|Fig|Eq|Sec|Tab|cf|resp|No|Dr|Mr|Ms|St|incl|ca|viz)\.)"
    r"(?<!\b[A-Z]\.)"                          # initials: "J. Smith"
    r"(?<=[.!?])(?=\s+(?:[\"'(\[]?[A-Z0-9\\]|\((?:[ivx]+|\d+|[a-z])\)\s))")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space trimmed, in order."""
    out = []
    start = 0
    for m in _BOUNDARY.finditer(text, timeout=TIMEOUT):
        out.append((start, m.start()))
        start = m.start()
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
