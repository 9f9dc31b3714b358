"""Show one `leaderboard update` run against the local API stand-in, from a small earlier table.

    python3 tests/data/api/demo_update.py [--data DIR]

Starts the fixture server on a free port, harvests ``baseline_papers.jsonl`` (two May 2024
papers) into a fresh data folder, then runs ``leaderboard update`` against the server and prints
every command with its console output. ``--data DIR`` keeps the folder, so that
``LEADERBOARD_DATA=DIR leaderboard serve`` shows the updated table.
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
from serve_fixtures import FixtureServer  # noqa: E402


def run(args: list[str], env: dict[str, str]) -> int:
    print("$ leaderboard " + " ".join(shlex.quote(a) for a in args), flush=True)
    done = subprocess.run([sys.executable, "-m", "leaderboard", *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(done.stdout, end="", flush=True)
    print(f"[exit status {done.returncode}]\n", flush=True)
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="data folder to build and keep (default: a temporary one)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="leaderboard-demo-"))
    (data / "raw" / "earlier").mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "baseline_papers.jsonl", data / "raw" / "earlier")
    env = {**os.environ, "LEADERBOARD_DATA": str(data)}
    print(f"# LEADERBOARD_DATA={data}\n")
    with FixtureServer(HERE) as server:
        print(f"# fixture API server on {server.url}\n")
        run(["harvest", "-q"], env)
        status = run(["update", "--query", "cat:cs.CL", "--endpoint", f"{server.url}/api/query",
                      "--page-size", "3", "--delay", "0.5"], env)
    if args.data is None:
        shutil.rmtree(data)
    return status


if __name__ == "__main__":
    sys.exit(main())
