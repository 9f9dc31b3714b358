"""Score extraction from an abstract: numbers, the benchmark they measure and the model.

First version: "NUM on BENCH", "NUM% on BENCH" and "BENCH score of NUM", with the model named in
the same or the preceding sentence.
"""
from __future__ import annotations

import regex

from parsers import lexicon
from parsers.records import ScoreMention

TIMEOUT = 1.0
NUMBER = r"(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?\\?%)?"
MODEL = regex.compile(r"\b(?:[A-Z][A-Za-z]*[-\s]?\d[\w.\-]*|GPT-4o?)\b")
SENTENCE = regex.compile(r"[^.!?]+(?:[.!?](?!\d)[^.!?]*)*?(?:[.!?](?=\s|$)|$)")


def _patterns():
    bench = lexicon.name_pattern()
    return [
        regex.compile(NUMBER + r"\s+(?:accuracy\s+)?on\s+(?:the\s+)?(?P<bench>" + bench + ")"),
        regex.compile(r"(?P<bench>" + bench + r")\s+score\s+of\s+" + NUMBER),
    ]


def sentences(text: str):
    for m in SENTENCE.finditer(text, timeout=TIMEOUT):
        if m.group().strip():
            yield m.start(), m.end()


def extract_scores(abstract: str, title: str | None = None) -> list[ScoreMention]:
    out = []
    prev_model = None
    for s, e in sentences(abstract):
        sent = abstract[s:e]
        models = MODEL.findall(sent, timeout=TIMEOUT)
        model = models[0] if models else prev_model
        for pat in _patterns():
            for m in pat.finditer(sent, timeout=TIMEOUT):
                b = lexicon.lookup(m.group("bench"))
                out.append(ScoreMention(
                    benchmark=b.name if b else m.group("bench"), score=float(m.group("num")),
                    score_text=m.group("num"), number_start=s + m.start("num"), number_end=s + m.end("num"),
                    span_start=s, span_end=e, evidence=sent, model=model,
                    unit="%" if m.group("pct") else "points", reason="first extractor"))
        if models:
            prev_model = models[-1]
    return out
