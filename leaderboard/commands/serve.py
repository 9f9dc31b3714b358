"""``leaderboard serve``: the Dash app on a table (harvesting the bundled data if none exists)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from leaderboard import paths
from leaderboard.engines import build


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the dashboard",
                       description="Start the leaderboard dashboard on a table. When the table does not exist "
                                   "yet, the bundled data is harvested first.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=8050, help="port (default: %(default)s)")
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to serve (default: %(default)s)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode (never on a public address)")
    p.set_defaults(func=run)


def ensure_table(table: Path) -> None:
    if table.exists():
        return
    print(f"{table} does not exist yet: harvesting {paths.RAW_DIR} first", file=sys.stderr)
    report = build([paths.RAW_DIR], table, lock_timeout=60)
    print(report.summary_line(), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from leaderboard.server_safety import check_bind, harden, limit_allocator_arenas

    if refusal := check_bind(args.host, args.debug):
        print(f"leaderboard serve: {refusal}", file=sys.stderr)
        return 2
    limit_allocator_arenas()
    from dashboard.app import create_app
    table = Path(args.table)
    ensure_table(table)
    app = harden(create_app(table))
    print(f"serving {table} on http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
