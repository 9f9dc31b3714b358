"""Build the hostile-input corpus: files shaped like what the internet and users really send.

    python3 tests/data/make_hostile.py [OUT_DIR]      # default: tests/data/hostile/ (git-ignored)

Every good record in the corpus is a real abstract from the gold set (``seeds_dev.jsonl``), so a
harvest of the corpus must find real scores in it. :data:`EXPECTED` says, per file, how many
records must be read and which problems (line, severity, words of the message) must be reported;
the tests and the README's robustness table are both checked against it.

The corpus is built, not committed: it holds a 50 MB single line, a named pipe and symbolic link
loops, none of which belong in git.
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import json
import os
import random
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "seeds_dev.jsonl"
DEFAULT_OUT = HERE / "hostile"
BIG_LINE_BYTES = 50 * 1024**2


@dataclass(frozen=True)
class Expect:
    """What reading one corpus file must give."""

    records: int                                     # good records read
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, severity, words)
    behaviour: str = ""                              # one line for the README table


def gold_records() -> list[dict]:
    with open(GOLD, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def paper(i: int, gold: list[dict]) -> dict:
    """The i-th good record: a real title and abstract with an id of its own."""
    g = gold[i % len(gold)]
    return {"id": f"hostile-{i:05d}", "title": g["title"], "abstract": g["abstract"]}


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def png_bytes() -> bytes:
    """A real 2x2 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>[{arxiv}] {title}</title>
  <meta name="citation_title" content="{title_attr}">
  <meta name="citation_arxiv_id" content="{arxiv}">
  <meta name="citation_date" content="2024-06-03">
  <script>document.write("<div class='abstract'>injected 99.9 on MMLU</div>");</script>
  <style>.abstract {{ color: red }}</style>
</head>
<body>
  <h1 class="title mathjax"><span class="descriptor">Title:</span>{title}</h1>
  <blockquote class="abstract mathjax">
    <span class="descriptor">Abstract:</span>{abstract}
  </blockquote>
</body>
</html>
"""

HTML_NO_ABSTRACT = """<!doctype html>
<html><head><title>Page not found</title></head>
<body><h1>404</h1><p>The paper you asked for does not exist.</p></body></html>
"""


def build(out: Path, big_line_bytes: int = BIG_LINE_BYTES) -> Path:
    """Write the corpus under ``out`` (created, emptied of earlier corpus files) and return it."""
    import html as html_lib

    out.mkdir(parents=True, exist_ok=True)
    gold = gold_records()
    rng = random.Random(7)

    def write(name: str, data: bytes | str, encoding: str = "utf-8") -> None:
        (out / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))

    write("empty.txt", b"")
    write("blank.txt", "\n \n\t\r\n")
    write("random.bin", rng.randbytes(64 * 1024))
    write("image.png", png_bytes())
    # NUL bytes inside text: three records, the second with NULs inside its abstract
    recs = [paper(i, gold) for i in range(3)]
    lines = jsonl(recs).encode().split(b"\n")
    lines[1] = lines[1].replace(b". ", b".\x00\x00 ", 2)
    write("nul_bytes.jsonl", b"\n".join(lines))
    # invalid UTF-8: line 2 carries bytes that are not UTF-8 (Windows-1252 quotes)
    recs = [paper(i, gold) for i in range(3, 6)]
    lines = jsonl(recs).encode().split(b"\n")
    lines[1] = lines[1].replace(b'"abstract": "', b'"abstract": "\x93quoted\x94 ', 1)
    write("invalid_utf8.jsonl", b"\n".join(lines))
    # Latin-1 CSV with accents in every row
    rows = ["id,title,abstract"] + [f'latin-{i},"Évaluation {i}: modèles","{paper(i, gold)["abstract"].replace(chr(34), "")} Résumé."'
                                    for i in range(6, 10)]
    write("latin1.csv", "\n".join(rows) + "\n", "latin-1")
    write("utf16_bom.jsonl", "\ufeff" + jsonl([paper(i, gold) for i in range(10, 14)]), "utf-16-le")
    write("utf16_be_bom.jsonl", jsonl([paper(i, gold) for i in range(14, 16)]), "utf-16")  # BOM + native
    write("utf16_nobom.jsonl", jsonl([paper(i, gold) for i in range(16, 19)]), "utf-16-le")
    write("crlf.jsonl", jsonl([paper(i, gold) for i in range(19, 23)]).replace("\n", "\r\n"))
    rows = ["id,title,abstract"] + [f'cr-{i},"{paper(i, gold)["title"]}","{paper(i, gold)["abstract"].replace(chr(34), "")}"'
                                    for i in range(23, 27)]
    write("lone_cr.csv", "\r".join(rows) + "\r")
    # a 50 MB line between two good records, streamed to disk
    with open(out / "long_line.jsonl", "wb") as f:
        f.write(jsonl([paper(27, gold)]).encode())
        f.write(b'{"id": "huge", "title": "A", "abstract": "')
        block = b"x" * (1024**2)
        for _ in range(big_line_bytes // len(block)):
            f.write(block)
        f.write(b'"}\n')
        f.write(jsonl([paper(28, gold)]).encode())
    # JSON Lines, 1,000 lines, line 613 broken (a truncated record)
    lines = jsonl([paper(1000 + i, gold) for i in range(1000)]).split("\n")
    lines[612] = lines[612][: len(lines[612]) // 2]
    write("bad_line.jsonl", "\n".join(lines))
    # deeply nested JSON on line 2 (a recursion bomb for naive parsers)
    write("deep.jsonl", jsonl([paper(30, gold)]) + "[" * 100_000 + "]" * 100_000 + "\n" + jsonl([paper(31, gold)]))
    # CSV: row 6 opens a quote it never closes; row 8 is a legitimate cell with a line break;
    # row 11 has a formula-looking title (kept as text)
    rows = ["id,title,abstract"] + [f'csv-{i},Title {i},"{paper(i, gold)["abstract"].replace(chr(34), "")}"'
                                    for i in range(32, 42)]
    rows[5] = 'csv-broken,"Broken title,an abstract whose quote never closes'
    rows[7] = 'csv-multi,"Quoted, ""title""","First line of the abstract.\nSecond line: 71.2 on MMLU."'
    rows[10] = 'csv-formula,=HYPERLINK("http://x.invalid"),"' + paper(50, gold)["abstract"].replace('"', "") + '"'
    write("unbalanced.csv", "\n".join(rows) + "\n")
    g = paper(60, gold)
    write("page.html", HTML_PAGE.format(arxiv="2406.01234", title=html_lib.escape(g["title"]),
                                        title_attr=html_lib.escape(g["title"], quote=True),
                                        abstract=html_lib.escape(g["abstract"])))
    write("not_found.html", HTML_NO_ABSTRACT)
    write("papers.jsonl.gz", gzip.compress(jsonl([paper(i, gold) for i in range(61, 66)]).encode()))
    write("papers.csv.bz2", bz2.compress(("id,title,abstract\n" + "".join(
        f'bz-{i},"{paper(i, gold)["title"]}","{paper(i, gold)["abstract"].replace(chr(34), "")}"\n'
        for i in range(66, 68))).encode()))
    write("truncated.jsonl.gz", gzip.compress(jsonl([paper(i, gold) for i in range(68, 71)]).encode())[:-40])
    write("bomb.jsonl.gz", gzip.compress(b"{" * (20 * 1024**2), 9))
    write("xss.jsonl", jsonl([{"id": "xss-1", "title": "<img src=x onerror=alert(1)> Title",
                               "abstract": "<script>alert(1)</script> Our model scores 88.1 on MMLU. "
                                           "See <a href=\"javascript:alert(2)\">here</a>."}]))
    # a folder that contains itself (symlink loop), a link to itself, and one good file
    loop = out / "loop"
    loop.mkdir(exist_ok=True)
    write("loop/inside.jsonl", jsonl([paper(72, gold)]))
    for link, target in (("loop/again", "."), ("loop/up", ".."), ("loop/self.jsonl", "self.jsonl")):
        if os.path.lexists(out / link):
            os.unlink(out / link)
        os.symlink(target, out / link)
    if os.path.lexists(out / "pipe.fifo"):
        os.unlink(out / "pipe.fifo")
    os.mkfifo(out / "pipe.fifo")
    return out


#: per corpus file: records read, problems reported (line, severity, words of the message)
EXPECTED: dict[str, Expect] = {
    "empty.txt": Expect(0, [(None, "error", "empty file")], "skipped"),
    "blank.txt": Expect(0, [(None, "error", "empty file")], "skipped"),
    "random.bin": Expect(0, [(None, "error", "binary data")], "skipped"),
    "image.png": Expect(0, [(None, "error", "PNG image")], "skipped"),
    "nul_bytes.jsonl": Expect(3, [(2, "warning", "NUL bytes dropped")], "NULs dropped, all 3 records read"),
    "invalid_utf8.jsonl": Expect(3, [(2, "warning", "not valid UTF-8")],
                                 "that line read as Windows-1252, all 3 records read"),
    "latin1.csv": Expect(4, [(n, "warning", "read as Windows-1252") for n in range(2, 6)], "all 4 rows read"),
    "utf16_bom.jsonl": Expect(4, [], "read as UTF-16"),
    "utf16_be_bom.jsonl": Expect(2, [], "read as UTF-16"),
    "utf16_nobom.jsonl": Expect(3, [(None, "warning", "no byte-order mark")], "read as UTF-16-LE"),
    "crlf.jsonl": Expect(4, [], "read"),
    "lone_cr.csv": Expect(4, [], "read"),
    "long_line.jsonl": Expect(2, [(2, "error", "longer than the limit")],
                              "line skipped without loading it, the 2 other records read"),
    "bad_line.jsonl": Expect(999, [(613, "error", "not valid JSON")], "the 999 good records read"),
    "deep.jsonl": Expect(2, [(2, "error", "not valid JSON")], "the 2 good records read"),
    "unbalanced.csv": Expect(9, [(6, "error", "unbalanced quote")], "the 9 good rows read"),
    "page.html": Expect(1, [], "title and abstract read from the page (script ignored)"),
    "not_found.html": Expect(0, [(None, "error", "HTML page without an abstract")], "skipped"),
    "papers.jsonl.gz": Expect(5, [], "decompressed while read"),
    "papers.csv.bz2": Expect(2, [], "decompressed while read"),
    "truncated.jsonl.gz": Expect(2, [(3, "error", "corrupt gzip")], "records before the damage read"),
    "bomb.jsonl.gz": Expect(0, [(1, "error", "longer than the limit")],
                            "streamed, line skipped (decompression capped at 2 GiB)"),
    "xss.jsonl": Expect(1, [], "read as plain text"),
    "loop/inside.jsonl": Expect(1, [], "read once"),
    "loop/self.jsonl": Expect(0, [(None, "error", "symbolic link loop")], "skipped"),
    "pipe.fifo": Expect(0, [(None, "error", "named pipe (FIFO)")], "skipped without blocking"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(DEFAULT_OUT), help="folder to build (default: %(default)s)")
    parser.add_argument("--big-line-mb", type=int, default=BIG_LINE_BYTES // 1024**2,
                        help="size of the single long line (default: %(default)s)")
    args = parser.parse_args(argv)
    out = build(Path(args.out), args.big_line_mb * 1024**2)
    print(f"hostile corpus: {len(EXPECTED)} inputs in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
