"""The local API server fixture shared by the fetch tests (the server lives in tests/data/api/)."""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import TEST_DATA

API_DATA = TEST_DATA / "api"


def _server_module():
    spec = importlib.util.spec_from_file_location("serve_fixtures", API_DATA / "serve_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FixtureServer = _server_module().FixtureServer


@pytest.fixture
def api_server():
    """A fresh server per test (its injected faults and request log are the test's own)."""
    with FixtureServer(API_DATA) as server:
        yield server


def stored_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def exit_status(*args) -> int:
    """Run the command line in this process (for quick usage-error checks)."""
    from leaderboard.cli import main
    try:
        return main([str(a) for a in args])
    except SystemExit as exc:          # argparse rejects the arguments
        return int(exc.code)
