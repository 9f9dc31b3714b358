"""Extraction patterns compiled with their time limit attached.

Abstracts come from the internet, and one pattern that backtracks badly on some text must not
hang a harvest. The ``regex`` module takes a ``timeout=`` on each call; :func:`compile` returns a
pattern that passes :data:`TIMEOUT` on every call it makes, so no call site can forget it. A
pattern out of time raises ``TimeoutError``, and :func:`parsers.extract.extract_scores` gives
that abstract no rows rather than a partial reading.
"""
from __future__ import annotations

import regex

#: seconds one call of one pattern may take; real abstracts need microseconds
TIMEOUT = 0.5


class TimedPattern:
    """A compiled ``regex`` pattern whose searches all carry a timeout (an explicit one wins)."""

    __slots__ = ("compiled",)

    def __init__(self, compiled: regex.Pattern):
        self.compiled = compiled

    def match(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.match(string, *args, timeout=timeout, **kwargs)

    def fullmatch(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.fullmatch(string, *args, timeout=timeout, **kwargs)

    def search(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.search(string, *args, timeout=timeout, **kwargs)

    def finditer(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.finditer(string, *args, timeout=timeout, **kwargs)

    def findall(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.findall(string, *args, timeout=timeout, **kwargs)

    def split(self, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.split(string, *args, timeout=timeout, **kwargs)

    def sub(self, repl, string, *args, timeout=TIMEOUT, **kwargs):
        return self.compiled.sub(repl, string, *args, timeout=timeout, **kwargs)

    def __getattr__(self, name):          # .pattern, .flags, .groupindex ...
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"TimedPattern({self.compiled.pattern!r})"


def compile(pattern: str, flags: int = 0) -> TimedPattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile`` whose every search is bounded by :data:`TIMEOUT`."""
    return TimedPattern(regex.compile(pattern, flags))
