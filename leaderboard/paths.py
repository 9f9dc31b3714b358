"""Where the bundled data lives: ``data/`` beside the packages, or ``$LEADERBOARD_DATA``."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LEADERBOARD_DATA", REPO_ROOT / "data"))
RAW_DIR = DATA_DIR / "raw"
DEFAULT_TABLE = DATA_DIR / "scores.parquet"
BENCHMARKS_CSV = REPO_ROOT / "data" / "benchmarks.csv"
MODELS_CSV = REPO_ROOT / "data" / "models.csv"
CORRECTIONS_CSV = DATA_DIR / "corrections.csv"


def papers_path_for(table: str | os.PathLike) -> Path:
    """The paper table (abstracts) stored beside a score table: scores.parquet -> scores.papers.parquet."""
    table = Path(table)
    return table.with_name(table.name.split(".")[0] + ".papers.parquet")
