"""leaderboard.server_safety on a small Dash app (it wraps any app) and on the real dashboard,
served by ``leaderboard serve`` over HTTP on 127.0.0.1: bad requests get a 4xx answer, the server
keeps serving, every response carries the security headers."""
from __future__ import annotations

import json
import subprocess
import sys

import dash
import pytest
from dash import Input, Output, dcc, html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from leaderboard import paths, store
from leaderboard.server_safety import check_bind, harden

sys.path.insert(0, str(ROOT / "bench"))
from load_test import callback_payload, get, post, serve  # noqa: E402

DISPATCH = "/_dash-update-component"


def small_app():
    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Input(id="text", value="abc"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("text", "value"))
    def shout(value):
        return value.upper()                 # a number here raises: the guard answers 400

    return harden(app, max_body_bytes=64 * 1024, max_string_chars=1000)


def request_for(value):
    return {"output": "out.children", "outputs": {"id": "out", "property": "children"},
            "inputs": [{"id": "text", "property": "value", "value": value}], "changedPropIds": ["text.value"]}


@pytest.fixture
def client():
    c = small_app().server.test_client()
    assert c.get("/").status_code == 200
    return c


def test_security_headers_on_every_response(client):
    app = small_app()
    c = app.server.test_client()
    for response in (c.get("/"), c.get("/_dash-layout"), c.post(DISPATCH, json=request_for("x")),
                     c.post(DISPATCH, data=b"{")):
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
    hashes = [h.strip("'") for h in app.csp_hashes()]
    assert all(f"'{h}'" in csp for h in hashes)


def test_a_good_callback_request_runs(client):
    response = client.post(DISPATCH, json=request_for("abc"))
    assert response.status_code == 200 and response.get_json()["response"]["out"]["children"] == "ABC"


@pytest.mark.parametrize("body, status, words", [
    (b"{not json", 400, "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, 413, "larger than"),
    (json.dumps([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]).encode(),
     400, "deeper"),
    (b"[1, 2]", 400, "JSON object"),
    (json.dumps({**request_for("a"), "output": "nowhere.children"}).encode(), 400, "no callback"),
    (json.dumps({**request_for("a"), "inputs": [{"id": "ghost", "property": "value", "value": 1}]}).encode(),
     400, "declared inputs"),
    (json.dumps({**request_for("a"), "outputs": [{"id": "out", "property": "children"}]}).encode(), 400, "outputs"),
    (json.dumps({**request_for("a"), "inputs": "text"}).encode(), 400, "must be a list"),
    (json.dumps({**request_for("a"), "changedPropIds": [1]}).encode(), 400, "changedPropIds"),
    (json.dumps(request_for(12345)).encode(), 400, "could not run"),
    (json.dumps(request_for({"nested": ["junk"]})).encode(), 400, "could not run"),
    (json.dumps(request_for("x" * 5000)).encode(), 413, "longer than 1,000"),
    (b"x" * (200 * 1024), 413, "larger than"),
])
def test_malformed_callback_requests_get_4xx_and_the_server_keeps_serving(client, body, status, words):
    response = client.post(DISPATCH, data=body, content_type="application/json")
    assert response.status_code == status and words in response.get_json()["error"]
    assert client.post(DISPATCH, json=request_for("still")).get_json()["response"]["out"]["children"] == "STILL"


def test_wrong_method_is_refused(client):
    assert client.get(DISPATCH).status_code == 405


def test_callbacks_beyond_the_limit_queue_and_all_succeed():
    """Eight concurrent requests against a limit of two: never more than two callbacks run at
    once, and every request is answered 200 (queued, not refused)."""
    import threading
    import time

    from werkzeug.serving import make_server

    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Input(id="text", value="abc"), html.Div(id="out")])
    running, peak, lock = [0], [0], threading.Lock()

    @app.callback(Output("out", "children"), Input("text", "value"))
    def slow(value):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return value

    harden(app, max_concurrent_callbacks=2)
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_port}"
    statuses = []
    try:
        threads = [threading.Thread(target=lambda i=i: statuses.append(
            post(url, json.dumps(request_for(f"v{i}")).encode())[0])) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        srv.shutdown()
    assert statuses == [200] * 8
    assert peak[0] == 2


@pytest.mark.parametrize("host, debug, refused", [
    ("127.0.0.1", True, False), ("::1", True, False), ("localhost", True, False),
    ("0.0.0.0", True, True), ("192.168.1.10", True, True), ("example.org", True, True),
    ("0.0.0.0", False, False),
])
def test_debug_mode_only_on_loopback(host, debug, refused):
    assert (check_bind(host, debug) is not None) == refused


def test_serve_refuses_debug_on_a_public_address():
    run = subprocess.run([sys.executable, "-m", "leaderboard", "serve", "--host", "0.0.0.0", "--debug",
                          "--table", "/nonexistent/never-read.parquet"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "refusing --debug on 0.0.0.0" in run.stderr


# ---- the real dashboard, over HTTP -------------------------------------------------------------

@pytest.fixture(scope="module")
def served(seed_harvest, tmp_path_factory):
    table = tmp_path_factory.mktemp("served") / "scores.parquet"
    store.write_table(seed_harvest.scores, table)
    store.write_table(seed_harvest.papers, paths.papers_path_for(table))
    with serve(table) as server:
        yield server


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses LISTENing on ``port``, from /proc/net/tcp."""
    found = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.slow
def test_real_app_binds_loopback_and_sends_headers(served):
    assert listening_addresses(served.port) == {"127.0.0.1"}
    status, headers, _ = get(served.url, "/")
    assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.slow
def test_real_app_answers_malformed_callbacks_with_4xx_and_keeps_serving(served):
    good = callback_payload(served, "getRowsResponse")
    attacks = [b"{", b"null", json.dumps({**good, "output": "ghost.children"}).encode(),
               json.dumps({**good, "inputs": [{"id": "ghost", "property": "value", "value": 1}]}).encode(),
               json.dumps({**good, "state": [{**good["state"][0], "value": "q=" + "a" * 50_000}]}).encode(),
               b'{"output": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", b"x" * (2 * 1024 * 1024)]
    for body in attacks:
        status, _, _ = post(served.url, body)
        assert 400 <= status < 500, body[:80]
    status, _, text = post(served.url, json.dumps(good).encode())
    assert status == 200 and "rowData" in text
    assert served.process.poll() is None


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                           | st.text(max_size=300), lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_real_app_never_fails_with_5xx_on_arbitrary_callback_values(served, data):
    callback = data.draw(st.sampled_from(served.callbacks))
    payload = callback_payload(served, callback["output"])
    for part in ("inputs", "state"):
        payload[part] = [{**item, "value": data.draw(json_values)} for item in payload[part]]
    status, _, _ = post(served.url, json.dumps(payload).encode())
    assert status < 500
