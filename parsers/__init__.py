"""Source readers and regex extractors.

Data flows one way: ``parsers.sources`` turns files into :class:`PaperRecord` objects,
``parsers.extract`` turns an abstract into :class:`ScoreMention` objects. Nothing here knows
about the table, the catalog of models or the dashboard.

The extraction modules may be replaced by their compiled build (see :mod:`parsers.compiled`),
which is why the data files are found from this file, never from a module's own ``__file__``.
"""
from pathlib import Path

#: the bundled data files the extractors read (the benchmark lexicon, the model families)
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

from parsers import compiled as _compiled  # noqa: E402
from parsers.records import PaperRecord, Problem, ScoreMention  # noqa: E402

#: the folder of the compiled extraction modules in use, or None for the pure-Python ones
COMPILED = _compiled.activate(__path__)

__all__ = ["PaperRecord", "Problem", "ScoreMention", "DATA_DIR", "COMPILED"]
