"""The evidence panel: the sentence a number was read from, highlighted inside its abstract.

Abstracts are untrusted text (scraped pages can carry ``<script>``, ``<img onerror>`` or
``javascript:`` links). They are only ever passed to Dash as *strings* inside ``html`` components,
which React renders as text nodes -- never through Markdown, ``dangerouslySetInnerHTML`` or an
``href`` -- so markup in an abstract shows up as the characters it is made of.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import html

from dashboard.service import Evidence


@dataclass(frozen=True)
class Segment:
    text: str
    role: str          # 'plain', 'evidence' or 'number'


def segments(abstract: str, span: tuple | None, number: tuple | None) -> list[Segment]:
    """The abstract cut into plain text, the evidence span and the number inside it.

    Offsets that do not fit the text (a corrupted row, an abstract edited since) are ignored
    rather than trusted: the text is always shown whole.
    """
    n = len(abstract)

    def valid(pair):
        if not pair or any(v is None or pd.isna(v) for v in pair):
            return None
        a, b = int(pair[0]), int(pair[1])
        return (a, b) if 0 <= a < b <= n else None

    span, number = valid(span), valid(number)
    if span is None:
        return [Segment(abstract, "plain")] if abstract else []
    if number is not None and not (span[0] <= number[0] and number[1] <= span[1]):
        number = None
    cuts = [(0, span[0], "plain")]
    if number:
        cuts += [(span[0], number[0], "evidence"), (number[0], number[1], "number"), (number[1], span[1], "evidence")]
    else:
        cuts += [(span[0], span[1], "evidence")]
    cuts += [(span[1], n, "plain")]
    return [Segment(abstract[a:b], role) for a, b, role in cuts if b > a]


def _segment_component(seg: Segment):
    if seg.role == "plain":
        return seg.text
    return html.Mark(seg.text, className=f"evidence-{seg.role}")


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _source_list(frame: pd.DataFrame, heading: str, cls: str, total: int = 0):
    if frame is None or frame.empty:
        return None
    total = max(total, len(frame))
    items = [html.Li([html.Strong(_text(r.get("score_text")) or _text(r.get("score"))), " -- ",
                      _text(r.get("title")) or _text(r.get("paper_id")),
                      f" ({_text(r.get('published')) or 'undated'}; {_text(r.get('source'))})",
                      html.Div(_text(r.get("evidence")), className="evidence-quote")])
             for r in frame.to_dict("records")]
    more = [html.P(f"... and {total - len(items)} more (download the view for all of them)")] \
        if total > len(items) else []
    return html.Div([html.H4(f"{heading} ({total})"), html.Ul(items), *more], className=cls)


def evidence_children(ev: Evidence | None):
    """The evidence panel's content for one score (or a hint when nothing is selected)."""
    if ev is None:
        return html.P("Click a row of the leaderboard or a point of a chart to see where its number comes from.",
                      className="hint")
    row = ev.row
    head = html.Div([
        html.H3(_text(row.get("title")) or _text(row.get("paper_id")), id="evidence-title"),
        html.P([html.Strong(_text(row.get("model")) or "unnamed model"), " -- ",
                f"{_text(row.get('benchmark'))} {_text(row.get('score_text'))} {_text(row.get('unit'))}",
                f" ({_text(row.get('setting'))})" if _text(row.get("setting")) else "",
                f"; published {_text(row.get('published')) or 'date unknown'}",
                f"; source {_text(row.get('source'))}" + (f" line {_text(row.get('line'))}" if _text(row.get("line")) else ""),
                f"; paper {_text(row.get('paper_id'))}"], className="evidence-meta"),
    ])
    if ev.abstract:
        body = segments(ev.abstract, (row.get("span_start"), row.get("span_end")),
                        (row.get("number_start"), row.get("number_end")))
        abstract = html.P([_segment_component(s) for s in body], id="evidence-abstract")
    else:
        abstract = html.P(["Abstract not stored; the evidence sentence: ",
                           html.Mark(_text(row.get("evidence")), className="evidence-evidence")],
                          id="evidence-abstract")
    parts = [head, abstract,
             _source_list(ev.same, "Other sources reporting the same number", "evidence-same", ev.n_same),
             _source_list(ev.conflicting, "Sources reporting a different number", "evidence-conflicting",
                          ev.n_conflicting)]
    return [p for p in parts if p is not None]
