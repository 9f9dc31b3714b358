"""One module per ``leaderboard`` subcommand; see :mod:`leaderboard.cli`."""
