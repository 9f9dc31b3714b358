"""Extraction patterns compiled with a time limit that no call can escape.

Abstracts come from the internet, and one pattern that backtracks badly on some text must not
hang a harvest. Two ways of bounding the time, one per kind of process:

* **per call** (the default, safe in any thread): every search of a pattern compiled here is
  called with ``timeout=TIMEOUT``, the ``regex`` module's own limit, so no call site can forget
  it. The module reads a clock on each such call: about a microsecond, a tenth of an abstract's
  extraction.
* **per abstract** (:func:`use_abstract_deadline`, for a harvest worker process whose main thread
  does the extracting): the patterns' searches are the compiled pattern's own, and
  :data:`time_limit` arms one interval timer per abstract (:data:`ABSTRACT_BUDGET`). When it
  fires, ``SIGALRM``'s handler raises ``TimeoutError`` in the middle of whatever is running — the
  ``regex`` module checks for signals while it matches, so a runaway pattern is stopped too.
  Two system calls per abstract instead of a clock per search.

Either way an abstract out of time raises ``TimeoutError``, and
:func:`parsers.extract.extract_scores` gives that abstract no rows rather than a partial reading.

One exception, for speed: :func:`re_twin` compiles a pattern with ``re`` for printable ASCII text
(:func:`parsers.screens.plain_ascii`), where ``re`` reads it as ``regex`` does and scans about
twice as fast. ``re`` has no timeout, so a twin is only for windows whose length bounds its work.
"""
from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading

import regex

#: seconds one call of one pattern may take (per-call mode); real abstracts need microseconds
TIMEOUT = 0.5
#: seconds the whole extraction of one abstract may take (per-abstract mode); a real abstract
#: takes under a millisecond, and 1 MB of adversarial text under half a second
ABSTRACT_BUDGET = 2.0

#: the search methods a pattern offers
_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "split", "sub")
#: every pattern compiled here, so a change of mode reaches them all
_ALL: list["TimedPattern"] = []
#: per-abstract mode is on in this process
_per_abstract = False
#: the timer is armed for an abstract now (a late signal after the abstract is done is ignored)
_armed = False


class TimedPattern:
    """A compiled ``regex`` pattern whose searches are all bounded (an explicit ``timeout=`` wins).

    Its methods are attributes bound once per mode — the compiled pattern's method with the
    timeout filled in, or the method itself — so calling one costs no Python frame of its own.
    """

    __slots__ = ("compiled",) + _METHODS

    def __init__(self, compiled: regex.Pattern):
        self.compiled = compiled
        self._bind()
        _ALL.append(self)

    def _bind(self) -> None:
        for name in _METHODS:
            method = getattr(self.compiled, name)
            setattr(self, name, method if _per_abstract else functools.partial(method, timeout=TIMEOUT))

    def __getattr__(self, name):          # .pattern, .flags, .groupindex ...
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"TimedPattern({self.compiled.pattern!r})"


def compile(pattern: str, flags: int = 0) -> TimedPattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile`` whose every search is bounded (see the module's two modes)."""
    return TimedPattern(regex.compile(pattern, flags))


#: the flags a twin keeps; any other (REVERSE, VERSION1 ...) has no ``re`` equivalent
_TWIN_FLAGS = {regex.IGNORECASE: re.IGNORECASE, regex.MULTILINE: re.MULTILINE, regex.DOTALL: re.DOTALL}


def re_twin(pattern: TimedPattern) -> re.Pattern:
    """``pattern`` compiled by ``re``, to run instead on :func:`parsers.screens.plain_ascii` text
    (each twin's agreement is property-tested), only on windows short enough to bound it (no
    timeout)."""
    extra = pattern.flags & ~(regex.VERSION0 | regex.UNICODE)
    flags = 0
    for ours, theirs in _TWIN_FLAGS.items():
        if extra & ours:
            flags |= theirs
            extra &= ~ours
    if extra:
        raise ValueError(f"{pattern!r}: flags without an re equivalent")
    return re.compile(pattern.pattern, flags)


def per_abstract() -> bool:
    """Is this process in per-abstract mode?"""
    return _per_abstract


def _out_of_time(signum, frame) -> None:
    if _armed:
        raise TimeoutError(f"the extraction of one abstract took more than {ABSTRACT_BUDGET} s")


def use_abstract_deadline(on: bool = True) -> None:
    """Switch this process to one time limit per abstract (``on``) or back to one per call.

    Only the main thread receives signals, so only a process whose main thread extracts may use
    it; in any other thread the patterns would run unbounded, and this refuses.
    """
    global _per_abstract, _armed
    if on and threading.current_thread() is not threading.main_thread():
        raise RuntimeError("the per-abstract time limit needs the main thread (it is a signal)")
    if on:
        signal.signal(signal.SIGALRM, _out_of_time)
    else:
        _armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    _per_abstract = on
    for pattern in _ALL:
        pattern._bind()


@contextlib.contextmanager
def abstract_deadline():
    """Per-abstract mode for the duration of a block, when this thread may use it (the main
    thread) and it is not on already; the previous mode and ``SIGALRM`` handler come back after.

    The mode is the whole process's: meant for a block in which the main thread is the only one
    extracting (a one-job harvest), since other threads' searches run without their timeout."""
    if _per_abstract or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    use_abstract_deadline()
    try:
        yield
    finally:
        use_abstract_deadline(False)
        signal.signal(signal.SIGALRM, previous)


class _TimeLimit:
    """``with time_limit:`` around one abstract's extraction (does nothing in per-call mode)."""

    __slots__ = ()

    def __enter__(self) -> None:
        global _armed
        if _per_abstract:
            _armed = True
            signal.setitimer(signal.ITIMER_REAL, ABSTRACT_BUDGET)

    def __exit__(self, *exc) -> None:
        global _armed
        if _per_abstract:
            _armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)


time_limit = _TimeLimit()
