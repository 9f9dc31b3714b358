"""Small text helpers shared by the readers: decoding, entity clean-up, normalized titles.

Abstracts are stored as the source wrote them (LaTeX leftovers such as ``\\%`` or ``rightarrow``
stay: the extractor understands them, and evidence spans must point into the text a user can
check). Only HTML entities are decoded, because ``&amp;`` is an artefact of the page, not of the
paper, and a title with ``&amp;`` must meet the same title written with ``&``.
"""
from __future__ import annotations

import hashlib
import html
import unicodedata

import regex

_SPACES = regex.compile(r"\s+")
_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
_ARXIV_ID = regex.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w])|(?<![\w])([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?")


def clean_text(text: str, printable: bool = False) -> str:
    """Decode HTML entities, drop control characters, fold runs of white space.

    Control characters that are white space (CR, form feed, vertical tab) count as white space,
    so a line break is a space however the file wrote it.

    Most abstracts need none of it, and proving that takes a few C-speed scans instead of a
    Python loop over every character: a printable string holds no control character and no white
    space but ' ' (every other white space character is a control or a separator, which
    ``str.isprintable`` rejects), so without entities, double or edge spaces it is returned as is.
    ``printable``: the caller has proved that test already (see :func:`json_line_is_printable`).
    """
    if (printable or _printable(text)) and "  " not in text and text[:1] != " " and text[-1:] != " " \
            and ("&" not in text or html.unescape(text) == text):
        return text
    return _clean_text_slow(text)


#: the ASCII characters ``str.isprintable`` refuses: the C0 controls and DEL
_ASCII_UNPRINTABLE = bytes(range(32)) + b"\x7f"


def _printable(text: str) -> bool:
    """``text.isprintable()``, for ASCII text (nearly every abstract) by deleting the refused
    bytes and comparing lengths: one C pass over bytes, about twice as fast."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_UNPRINTABLE)) == len(text)
    return text.isprintable()


def json_line_is_printable(line: bytes) -> bool:
    """Is every string a JSON line holds printable (``str.isprintable``)? True for an ASCII line
    without a backslash or DEL: JSON writes the control characters (U+0000 to U+001F) only as
    escapes, and a strict parser (orjson) refuses them raw. Three C scans of the bytes, cheaper than
    testing each string it holds."""
    return line.isascii() and b"\\" not in line and b"\x7f" not in line


def _clean_text_slow(text: str) -> str:
    text = html.unescape(text)
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")  # CR, FF: spaces
    return _SPACES.sub(" ", text).strip()


def normalized_title(title: str) -> str:
    """The dedupe key of a title: entities decoded, case and punctuation folded."""
    folded = unicodedata.normalize("NFKC", html.unescape(title)).casefold()
    return _NOT_ALNUM.sub(" ", folded).strip()


def stable_id(*parts: str, prefix: str = "t") -> str:  # "t" == DERIVED_ID_PREFIX
    """An id that depends only on the given text: the same paper gets it on every run."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def content_hash(title: str | None, abstract: str) -> str:
    return hashlib.sha1(f"{title or ''}\x1f{abstract}".encode("utf-8")).hexdigest()


def split_arxiv_id(text: str | None) -> tuple[str | None, int | None]:
    """'2407.10671v2' -> ('2407.10671', 2); 'hep-th/9901001' -> ('hep-th/9901001', None)."""
    if not text:
        return None, None
    text = str(text)
    if "." not in text and "/" not in text:     # both id shapes need one: skip the regex
        return None, None
    m = _ARXIV_ID.search(text.strip())
    if not m:
        return None, None
    if m.group(1):
        return m.group(1), int(m.group(2)[1:]) if m.group(2) else None
    return m.group(3), int(m.group(4)[1:]) if m.group(4) else None


def month_from_arxiv_id(arxiv_id: str | None) -> str | None:
    """New-style ids carry their month: '2406.01234' -> '2024-06'."""
    if not arxiv_id:
        return None
    m = regex.match(r"(\d{2})(\d{2})\.\d{4,5}$", arxiv_id)
    if not m:
        return None
    year, month = 2000 + int(m.group(1)), int(m.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


DERIVED_ID_PREFIX = "t"


def is_derived_id(paper_id: str) -> bool:
    """True for ids this project made from a title (not given by the source)."""
    return paper_id.startswith(DERIVED_ID_PREFIX + "-")
