"""Evaluation settings next to a score: shots, chain of thought, pass@k, maj@k, win-rate kinds.

``5-shot MMLU`` and ``0-shot MMLU`` are different leaderboards, so the setting travels with the
number. Only the words close to the number (its clause) are read, so one setting does not leak
onto a neighbour's number in a long list.
"""
from __future__ import annotations

import regex

from parsers import patterns, screens


_SETTING = patterns.compile(
    r"(?P<shot>\b(?:(?P<n>\d{1,2})|(?P<word>zero|one|two|three|four|five|eight|ten|few))[-\s]shots?\b)"
    r"|(?P<pass>\bpass@\s?\d+\b)|(?P<maj>\b(?:maj|majority|top-maj|cons)@\s?\d+\b)"
    r"|(?P<lc>\b(?:LC|length[-\s]controlled)\s+(?:win[-\s]?rates?|WR)\b)"
    r"|(?P<wr>\bwin[-\s]?rates?\b)"
    r"|(?P<cot>\b(?:CoT|chain[-\s]of[-\s]thought)\b)",
    regex.IGNORECASE)
_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "eight": "8",
          "ten": "10", "few": "few"}


#: every setting holds one of these (in lower case)
_CUES = ("shot", "@", "win", "wr", "cot", "chain")


def find(text: str, lo: int, hi: int) -> str | None:
    """The settings named in ``text[lo:hi]``, joined ('5-shot, CoT'), or None."""
    window = text[max(0, lo):hi]
    if not screens.may_hold(window, _CUES):
        return None
    found = []
    for m in _SETTING.finditer(text, max(0, lo), hi):
        if m.group("shot"):
            n = m.group("n") or _WORDS[m.group("word").lower()]
            value = f"{n}-shot"
        elif m.group("pass"):
            value = m.group("pass").replace(" ", "").lower()
        elif m.group("maj"):
            value = m.group("maj").replace(" ", "").lower()
        elif m.group("lc"):
            value = "LC win rate"
        elif m.group("wr"):
            value = "win rate"
        else:
            value = "CoT"
        if value == "win rate" and "LC win rate" in found:
            continue
        if value not in found:
            found.append(value)
    return ", ".join(found) if found else None
