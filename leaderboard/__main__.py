"""``python -m leaderboard`` is the same as the ``leaderboard`` command."""
import sys

from leaderboard.cli import main

if __name__ == "__main__":   # worker processes (Dask, spawn) import this module without running it
    sys.exit(main())
