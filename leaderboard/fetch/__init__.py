"""Live ingestion: polite clients of the arXiv and Hugging Face daily-papers APIs.

Each fetcher turns API responses into plain JSON records and hands them to
:class:`~leaderboard.fetch.storage.RawStore`, which keeps one record per paper (the newest
version) in a JSON Lines file under ``data/raw/``; the harvest reads those files like any other
JSON Lines input.
"""
