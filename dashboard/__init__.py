"""The Dash web app: layout and thin callbacks over :mod:`leaderboard.views`."""
