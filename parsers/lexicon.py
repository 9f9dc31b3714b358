"""The benchmark lexicon: ``data/benchmarks.csv`` loaded once, and the patterns built from it.

A new benchmark is a new CSV row, never new regex code.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

LEXICON_CSV = Path(__file__).resolve().parent.parent / "data" / "benchmarks.csv"


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    aliases: tuple[str, ...]
    category: str
    unit: str
    min: float
    max: float
    higher_is_better: bool


@lru_cache(maxsize=None)
def load(path: str | None = None) -> tuple[Benchmark, ...]:
    with open(path or LEXICON_CSV, encoding="utf-8", newline="") as fh:
        return tuple(
            Benchmark(row["name"], tuple(a for a in row["aliases"].split("|") if a), row["category"],
                      row["unit"], float(row["min"]), float(row["max"]),
                      row["higher_is_better"].strip().lower() == "true")
            for row in csv.DictReader(fh))


@lru_cache(maxsize=None)
def by_name() -> dict[str, Benchmark]:
    """Every spelling (folded) -> its benchmark."""
    out = {}
    for b in load():
        for spelling in (b.name, *b.aliases):
            out[fold(spelling)] = b
    return out


def fold(name: str) -> str:
    return regex.sub(r"[^a-z0-9+]", "", name.lower())


def lookup(name: str) -> Benchmark | None:
    return by_name().get(fold(name))


@lru_cache(maxsize=None)
def name_pattern() -> str:
    """One alternation of every spelling, longest first, with word boundaries."""
    spellings = sorted({s for b in load() for s in (b.name, *b.aliases)}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(regex.escape(s) for s in spellings) + r")(?![\w-])"
