"""The extractor's reference output: every row it gives on a fixed corpus of real and hostile text.

    python3 tests/data/make_extract_oracle.py [OUT]     # default: tests/data/extract_oracle.jsonl.gz

Speed work on :mod:`parsers.extract` must not change a single row. This script fixes what
"a single row" means: it builds a deterministic corpus (:func:`corpus`) and writes, per text, the
rows of ``parsers.extract.extract(abstract, title)``, in order, every field. The test
``tests/test_extract_oracle.py`` rebuilds the corpus and compares row by row.

The corpus holds every distinct abstract of ``data/raw/``, of the gold files and of the fixtures
under ``tests/data/api/``; seeded mutations of them (sentences dropped, shuffled or glued
without full stops, LaTeX leftovers, digits changed, case folded, titles swapped); and the
adversarial families of ``bench/adversarial_timing.py`` at a few kilobytes.

Regenerate the file only when a change of the extraction's *behaviour* is intended (a new
pattern, a new lexicon row), and say so in the commit.
"""
from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from parsers.records import PaperRecord  # noqa: E402
from parsers.sources import read_inputs  # noqa: E402

ORACLE = ROOT / "tests" / "data" / "extract_oracle.jsonl.gz"
GOLD_FILES = [ROOT / "tests" / "data" / n for n in ("seeds_dev.jsonl", "heldout_gold.jsonl", "real_gold_1.jsonl",
                                             "real_gold_2.jsonl", "real_gold_3.jsonl", "xss_abstracts.jsonl")]
#: mutated copies made of each real abstract, and of each one holding a score-shaped number
MUTATIONS_PER_ABSTRACT = 3
MUTATIONS_PER_SCORED_ABSTRACT = 12
#: word salads made of the pieces abstracts report scores with
SALADS = 800
SALAD_WORDS = ["MMLU", "GSM8K", "HumanEval+", "MT-Bench", "Arena-Hard", "AlpacaEval 2.0", "the", "benchmark", "on",
               "of", "and", "respectively", "achieves", "scores", "outperforms", "than", "vs.", "Qwen2-72B",
               "llama-2-7b", "GPT-4o", "Mixtral 8x7B", "our", "model", "(", ")", ",", ".", "%", "\\%", "~",
               "rightarrow", "by", "+", "84.2", "9.1", "48.1%", "66.5", "1,001", "7B", "2024", "5-shot",
               "pass@1", "CoT", "win rate", "we introduce", "Orca:", "from", "to", "On", "WebArena", "Foo-Bench",
               "in", "the", "challenging", "FooQA", "dataset", "including", "points", "improves", "gains of"]
#: units repeated into adversarial texts (the families of bench/adversarial_timing.py and the tests)
ADVERSARIAL_UNITS = ["1", "1.", "(", "MMLU ", "85.3% ", "84.2 on MMLU, ", "GPT-4-", "a\u0301", "1% ", "A-1-",
                     "Llama 3 scores 84.2 on MMLU and ",
                     "GPT-4o 84.2% on MMLU-Pro (66.5 vs. 65.9) and AAAA-1-1-1 ((((( 1.1.1.1.1 ",
                     "Qwen2-72B scores 84.2 on MMLU, 37.9 on GPQA and 64.6 on HumanEval. "]
ADVERSARIAL_SIZES = [300, 3000]


def real_texts() -> list[tuple[str | None, str]]:
    """(title, abstract) of every distinct real abstract, in a fixed order."""
    seen, out = set(), []

    def add(title, abstract):
        if abstract and (title, abstract) not in seen:
            seen.add((title, abstract))
            out.append((title, abstract))

    for rec in read_inputs([ROOT / "data" / "raw"]):
        if isinstance(rec, PaperRecord):
            add(rec.title, rec.abstract)
    for path in GOLD_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                add(r.get("title"), r["abstract"])
    for rec in read_inputs([ROOT / "tests" / "data" / "api"]):
        if isinstance(rec, PaperRecord):
            add(rec.title, rec.abstract)
    return out


_LEFTOVERS = ["\\%", "~", " rightarrow ", "$\\sim$", "\\pm", "+/-", "±"]


def mutate(abstract: str, titles: list[str | None], rng: random.Random) -> tuple[str | None, str]:
    """One seeded variant of a real abstract: the kinds of damage and rewording real text shows."""
    parts = abstract.split(". ")
    how = rng.randrange(8)
    if how == 0 and len(parts) > 1:
        del parts[rng.randrange(len(parts))]
        text = ". ".join(parts)
    elif how == 1:
        rng.shuffle(parts)
        text = ". ".join(parts)
    elif how == 2:
        text = " ".join(parts)                                  # no full stops at all
    elif how == 3:
        text = "".join(rng.choice(_LEFTOVERS) if c == "%" and rng.random() < 0.7 else c for c in abstract)
    elif how == 4:
        text = "".join(str(rng.randrange(10)) if c.isdigit() and rng.random() < 0.3 else c for c in abstract)
    elif how == 5:
        text = abstract.lower() if rng.random() < 0.5 else abstract.upper()
    elif how == 6:
        cut = rng.randrange(len(abstract) + 1)
        text = abstract[:cut] + rng.choice(_LEFTOVERS) + abstract[cut:]
    else:
        text = abstract
    return rng.choice(titles), text


def corpus() -> list[tuple[str | None, str]]:
    """The fixed corpus: real abstracts, their mutations, adversarial texts."""
    real = real_texts()
    rng = random.Random(20261130)
    titles = [t for t, _ in real] + [None]
    out = list(real)
    for _, abstract in real:
        scored = any(c.isdigit() for c in abstract) and ("." in abstract or "%" in abstract)
        for _ in range(MUTATIONS_PER_SCORED_ABSTRACT if scored else MUTATIONS_PER_ABSTRACT):
            out.append(mutate(abstract, titles, rng))
    for _ in range(SALADS):
        words = [rng.choice(SALAD_WORDS) for _ in range(rng.randrange(5, 90))]
        title = None if rng.random() < 0.7 else " ".join(rng.choice(SALAD_WORDS) for _ in range(rng.randrange(1, 9)))
        out.append((title, " ".join(words)))
    for unit in ADVERSARIAL_UNITS:
        for size in ADVERSARIAL_SIZES:
            out.append((None, unit * max(1, size // len(unit))))
    return out


def rows_of(extract, title, abstract) -> list[dict]:
    return extract(abstract, title)


def build(out: Path = ORACLE) -> int:
    from parsers.extract import extract

    n = 0
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for k, (title, abstract) in enumerate(corpus()):
            rows = extract(abstract, title)
            n += len(rows)
            fh.write(json.dumps({"k": k, "rows": rows}, ensure_ascii=False, sort_keys=False) + "\n")
    return n


def load(path: Path = ORACLE) -> list[list[dict]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["rows"] for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else ORACLE
    n = build(out)
    print(f"{out}: {len(corpus())} texts, {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
