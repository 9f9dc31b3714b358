"""``python -m leaderboard`` is the same as the ``leaderboard`` command."""
import sys

from leaderboard.cli import main

sys.exit(main())
