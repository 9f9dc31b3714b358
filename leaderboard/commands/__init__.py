"""One module per ``leaderboard`` subcommand; see :mod:`leaderboard.cli`."""
from __future__ import annotations

import sys

import pandas as pd


def write_output(frame: pd.DataFrame, path: str, command: str) -> bool:
    """Write a command's result table to ``path`` (format from the suffix); False after naming the failure.

    Shared by the listing commands (``models -o``, ``conflicts -o``) so a bad path reads the same everywhere.
    """
    from leaderboard import store
    try:
        store.write_table(frame.reset_index(drop=True), path)
    except store.StoreError as exc:
        print(f"leaderboard {command}: {exc}", file=sys.stderr)
        return False
    return True
