"""Benchmark leaderboard aggregator: scores reported in paper abstracts, in one table."""

__version__ = "0.1.0"
