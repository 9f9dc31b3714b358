"""Reader for saved HTML paper pages (an arXiv abstract page, a journal page, a listing page).

Only text is taken from the page, never markup or script: the title and abstract come from the
scholarly meta tags (``citation_title``, ``citation_abstract``, ``og:description`` ...) or from
elements whose class or id says "abstract" (one paper per such element, titled by the nearest
heading or "title" element before it). ``<script>`` and ``<style>`` content is ignored. A page
with no abstract anywhere is rejected with a message rather than guessed at.
"""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Iterator

import regex

from parsers.records import PaperRecord, Problem
from parsers.sources.decode import DecodedText
from parsers.paper_fields import record_from_mapping

_START = regex.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body|meta|title)\b", regex.I)
_LABEL = regex.compile(r"^\s*abstract\s*[:.]?\s*", regex.I)
_SPACES = regex.compile(r"\s+")
TITLE_META = ("citation_title", "dc.title", "og:title", "twitter:title")
ABSTRACT_META = ("citation_abstract", "dc.description", "og:description", "description", "twitter:description")
DATE_META = ("citation_publication_date", "citation_date", "citation_online_date", "dc.date",
             "article:published_time")
ID_META = ("citation_arxiv_id",)
HEADINGS = {"h1", "h2", "h3", "h4"}
SKIPPED = {"script", "style", "noscript", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MAX_TEXT_CHARS = 1_000_000


def looks_like_html(lines: list[str]) -> bool:
    head = "\n".join(line for line in lines[:20] if line.strip())[:4000]
    return bool(_START.match(head))


def _text(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


class _PageParser(HTMLParser):
    """Collects meta tags, the page title, headings and 'abstract' elements with their lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, tuple[str, int]] = {}
        self.page_title: list[str] = []
        self.in_title = False
        self.skip_depth = 0
        self.last_heading: str | None = None
        self.heading: tuple[str, int, list[str]] | None = None      # (tag, depth, text)
        self.capture: tuple[str, int, list[str], int, str | None] | None = None
        self.abstracts: list[tuple[str, int, str | None]] = []     # (text, line, title before it)

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag in SKIPPED:
            self.skip_depth += 1
            return
        if tag == "meta":
            name = (attrs.get("name") or attrs.get("property") or "").lower()
            if name and name not in self.meta and attrs.get("content"):
                self.meta[name] = (attrs["content"], self.getpos()[0])
            return
        if tag == "title" and not self.page_title:
            self.in_title = True
        marks = f"{attrs.get('class', '')} {attrs.get('id', '')}".lower()
        if self.capture:
            if tag == self.capture[0]:
                tag_, depth, parts, line, title = self.capture
                self.capture = (tag_, depth + 1, parts, line, title)
            if tag in ("p", "br", "div"):
                self.capture[2].append(" ")
            return
        if "abstract" in marks and tag not in VOID:
            self.capture = (tag, 1, [], self.getpos()[0], self.last_heading)
            return
        if self.heading:
            if tag == self.heading[0]:
                self.heading = (tag, self.heading[1] + 1, self.heading[2])
            return
        if tag in HEADINGS or ("title" in marks and tag not in VOID):
            self.heading = (tag, 1, [])

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title":
            self.in_title = False
        if self.capture and tag == self.capture[0]:
            tag_, depth, parts, line, title = self.capture
            if depth > 1:
                self.capture = (tag_, depth - 1, parts, line, title)
            else:
                self._close_capture()
        elif self.heading and tag == self.heading[0]:
            tag_, depth, parts = self.heading
            if depth > 1:
                self.heading = (tag_, depth - 1, parts)
            else:
                self.last_heading = _text(parts) or self.last_heading
                self.heading = None

    def handle_data(self, data):
        if self.skip_depth:
            return
        if self.in_title:
            self.page_title.append(data)
        if self.capture:
            if sum(map(len, self.capture[2])) < MAX_TEXT_CHARS:
                self.capture[2].append(data)
        elif self.heading:
            self.heading[2].append(data)

    def _close_capture(self):
        tag, depth, parts, line, title = self.capture
        self.capture = None
        text = _LABEL.sub("", _text(parts))
        if text:
            self.abstracts.append((text, line, title))

    def close(self):
        super().close()
        if self.capture:
            self._close_capture()


def _meta(parser: _PageParser, names: tuple[str, ...]) -> tuple[str, int] | None:
    return next((parser.meta[n] for n in names if n in parser.meta and parser.meta[n][0].strip()), None)


def read_html(decoded: DecodedText) -> Iterator[PaperRecord | Problem]:
    """One record per abstract on the page (usually one), or a message saying why none."""
    parser = _PageParser()
    try:
        parser.feed("\n".join(decoded.lines))
        parser.close()
    except (AssertionError, ValueError, RecursionError) as exc:   # html.parser is lenient; just in case
        yield Problem(decoded.source, parser.getpos()[0], f"HTML page could not be parsed: {exc}")
        return
    meta_title = _meta(parser, TITLE_META)
    page_title = _text(parser.page_title) or None
    base = {"published": (_meta(parser, DATE_META) or ("", 0))[0],
            "arxiv_id": (_meta(parser, ID_META) or (None, 0))[0]}
    found = list(parser.abstracts)
    meta_abstract = _meta(parser, ABSTRACT_META)
    if meta_abstract and (not found or "citation_abstract" in parser.meta):
        found = [(_LABEL.sub("", _text([meta_abstract[0]])), meta_abstract[1], None)]
    if not found:
        yield Problem(decoded.source, None, "HTML page without an abstract (no citation_abstract or "
                                            "description meta tag, no element with class or id "
                                            "'abstract'), skipped")
        return
    single = len(found) == 1
    for text, line, heading in found:
        title = (meta_title[0] if meta_title else None) if single else None
        title = title or heading or (page_title if single else None)
        mapping = {"title": title, "abstract": text, **(base if single else {})}
        yield record_from_mapping(mapping, decoded.source, line)
