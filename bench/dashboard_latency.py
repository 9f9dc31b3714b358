"""Dashboard latency and payload on a (large) table: ``python3 bench/dashboard_latency.py TABLE``.

Prints, for the table given (build one with ``bench/make_table.py 1000000 big.parquet``):

- app start to first grid rows: ``leaderboard serve`` started as a subprocess, timed until the
  grid callback answers with rows over HTTP (seconds, median of ``--starts`` runs);
- the filter+sort grid callback's p50/p95 (ms), called as a plain function and over HTTP
  (POST /_dash-update-component), over a mix of filters (openness, size, search, dates,
  benchmarks, views) and sorts; "first" counts each filter set the first time it is seen
  (caches cold), "repeat" the same requests again;
- the bytes sent to the browser per update: one grid page, the charts, the comparison.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILTERS = ["", "?open=closed&max_params=10", "?open=open", "?min_params=7&max_params=70", "?q=llama",
           "?q=gpt&open=closed", "?from=2024-01&to=2025-06", "?hide=low_confidence,conflicted",
           "?unknown_size=0", "?view=scores", "?view=scores&open=open&q=qwen", "?view=scores&from=2025",
           "?view=pivot"]
SORTS = [None, [{"colId": "score", "sort": "desc"}], [{"colId": "model", "sort": "asc"}],
         [{"colId": "published", "sort": "desc"}], [{"colId": "params_b", "sort": "asc"}]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def grid_payload(query: str, request: dict) -> dict:
    return {"output": "..leaderboard-grid.getRowsResponse...match-count.children..",
            "outputs": [{"id": "leaderboard-grid", "property": "getRowsResponse"},
                        {"id": "match-count", "property": "children"}],
            "inputs": [{"id": "leaderboard-grid", "property": "getRowsRequest", "value": request}],
            "state": [{"id": "filters-store", "property": "data", "value": query}],
            "changedPropIds": ["leaderboard-grid.getRowsRequest"]}


def charts_payload(query: str) -> dict:
    return {"output": "..trend-chart.figure...size-chart.figure..",
            "outputs": [{"id": "trend-chart", "property": "figure"}, {"id": "size-chart", "property": "figure"}],
            "inputs": [{"id": "filters-store", "property": "data", "value": query}],
            "changedPropIds": ["filters-store.data"]}


def compare_payload(query: str) -> dict:
    return {"output": "compare-chart.figure", "outputs": {"id": "compare-chart", "property": "figure"},
            "inputs": [{"id": "filters-store", "property": "data", "value": query},
                       {"id": "compare-kind", "property": "value", "value": "bar"}],
            "changedPropIds": ["filters-store.data"]}


def post(base: str, payload: dict, timeout: float = 60) -> bytes:
    req = urllib.request.Request(base + "/_dash-update-component", data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def start_to_first_rows(table: Path) -> float:
    """Seconds from launching `leaderboard serve` to the grid callback answering with rows."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "leaderboard", "serve", "--table", str(table), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t0 < 120:
            try:
                body = json.loads(post(base, grid_payload("", {"startRow": 0, "endRow": 100}), timeout=30))
                if body["response"]["leaderboard-grid"]["getRowsResponse"]["rowData"]:
                    return time.perf_counter() - t0
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the app did not serve grid rows within 120 s")
    finally:
        proc.terminate()
        proc.wait(10)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("table", type=Path)
    p.add_argument("--starts", type=int, default=3, help="app start-up runs (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="passes over the request mix (default: %(default)s)")
    args = p.parse_args(argv)

    starts = [start_to_first_rows(args.table) for _ in range(args.starts)]
    print(f"app start to first grid rows: median {statistics.median(starts):.2f} s "
          f"(runs: {', '.join(f'{s:.2f}' for s in starts)})")

    import logging
    import threading

    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from dashboard import callbacks
    from dashboard.app import create_app
    t0 = time.perf_counter()
    app = create_app(args.table)
    lb = app.server.config["LEADERBOARD"]
    print(f"in-process load + warm-up: {time.perf_counter() - t0:.2f} s; {len(lb.scores):,} score rows, "
          f"{lb.scores['model_key'].nunique():,} models, {lb.scores['benchmark'].nunique():,} benchmarks")
    benches = lb.benchmarks["benchmark"].head(4).tolist()
    queries = FILTERS + [f"?benchmark={b}&open=open" for b in benches[1:]]
    requests = [(q, {"startRow": 0, "endRow": 100, "sortModel": s}) for q, s in itertools.product(queries, SORTS)]

    first, repeat = [], []
    for i in range(args.repeats):
        for q, r in requests:
            t = time.perf_counter()
            callbacks.grid_rows(lb, q, r)
            (first if i == 0 else repeat).append((time.perf_counter() - t) * 1000)
    print(f"grid filter+sort callback as a function, {len(requests)} requests: first p50 {pct(first, .5):.1f} ms, "
          f"p95 {pct(first, .95):.1f} ms, max {max(first):.1f} ms; repeat p50 {pct(repeat, .5):.1f} ms, "
          f"p95 {pct(repeat, .95):.1f} ms")

    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}"
    http, sizes = [], []
    for _ in range(args.repeats):
        for q, r in requests:
            t = time.perf_counter()
            body = post(base, grid_payload(q, r))
            http.append((time.perf_counter() - t) * 1000)
            sizes.append(len(body))
    print(f"grid filter+sort callback over HTTP: p50 {pct(http, .5):.1f} ms, p95 {pct(http, .95):.1f} ms; "
          f"grid page payload median {statistics.median(sizes) / 1024:.1f} kB, max {max(sizes) / 1024:.1f} kB")

    chart_t, chart_b = [], []
    for q in queries:
        t = time.perf_counter()
        body = post(base, charts_payload(q))
        chart_t.append((time.perf_counter() - t) * 1000)
        chart_b.append(len(body))
    print(f"charts callback (trend + size) over HTTP: p50 {pct(chart_t, .5):.0f} ms, p95 {pct(chart_t, .95):.0f} ms; "
          f"payload median {statistics.median(chart_b) / 1024:.1f} kB, max {max(chart_b) / 1024:.1f} kB")
    keys = lb.distinct("model_key", 6)
    t = time.perf_counter()
    body = post(base, compare_payload("?models=" + ",".join(keys)))
    print(f"comparison of {len(keys)} models over HTTP: {(time.perf_counter() - t) * 1000:.0f} ms, "
          f"payload {len(body) / 1024:.1f} kB")
    srv.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
