"""Source readers and regex extractors.

Data flows one way: ``parsers.sources`` turns files into :class:`PaperRecord` objects,
``parsers.extract`` turns an abstract into :class:`ScoreMention` objects. Nothing here knows
about the table, the catalog of models or the dashboard.
"""
from parsers.records import PaperRecord, Problem, ScoreMention

__all__ = ["PaperRecord", "Problem", "ScoreMention"]
