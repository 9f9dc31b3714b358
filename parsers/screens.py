"""Cheap tests in front of the extraction patterns: when they say no, the pattern cannot match.

A few substring tests at C speed decide for most texts what a pattern would have taken a scan
to find out. Each test is exact in one direction only — it may let through text the pattern
then rejects, never the reverse — and each use of one is property-tested against its pattern.
"""
from __future__ import annotations

#: the ASCII characters ``re`` reads as white space and ``regex`` does not
_SPACE_ONLY_TO_RE = ("\x1c", "\x1d", "\x1e", "\x1f")


def may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Could a pattern that ignores case, every match of which holds one of ``words`` (lowercase),
    match in ``text``? False only for ASCII text without any of them. Other text is always tried
    ('ſ' matches 's' when case is ignored)."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(w in low for w in words)


def plain_ascii(text: str) -> bool:
    """Is ``text`` ASCII without the four separators on which ``re`` and ``regex`` disagree? Then
    a pattern's ``re`` twin (:func:`parsers.patterns.re_twin`) finds what the pattern finds."""
    return text.isascii() and not any(c in text for c in _SPACE_ONLY_TO_RE)
