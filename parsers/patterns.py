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


_COMPILED_TYPE = type(regex.compile(""))


def _with_timeout(name: str):
    """The compiled pattern's method ``name``, called with ``timeout=TIMEOUT`` unless given one."""
    method = getattr(_COMPILED_TYPE, name)

    def call(self, *args, timeout=TIMEOUT, **kwargs):
        return method(self.compiled, *args, timeout=timeout, **kwargs)

    call.__name__ = name
    call.__doc__ = f"``{name}`` of the compiled pattern, bounded by the timeout."
    return call


class TimedPattern:
    """A compiled ``regex`` pattern whose searches all carry a timeout (an explicit one wins)."""

    __slots__ = ("compiled",)

    def __init__(self, compiled: regex.Pattern):
        self.compiled = compiled

    match = _with_timeout("match")
    fullmatch = _with_timeout("fullmatch")
    search = _with_timeout("search")
    finditer = _with_timeout("finditer")
    findall = _with_timeout("findall")
    split = _with_timeout("split")
    sub = _with_timeout("sub")

    def __getattr__(self, name):          # .pattern, .flags, .groupindex ...
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"TimedPattern({self.compiled.pattern!r})"


def compile(pattern: str, flags: int = 0) -> TimedPattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile`` whose every search is bounded by :data:`TIMEOUT`."""
    return TimedPattern(regex.compile(pattern, flags))
