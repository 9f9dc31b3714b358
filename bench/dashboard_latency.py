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


def start_to_first_rows(table: Path) -> tuple[float, float]:
    """Seconds from launching `leaderboard serve` to the grid callback answering with rows
    (wall clock, and the server's CPU time until it was stopped right after: on a busy machine
    the wall time mostly measures the other processes)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
                    wall = time.perf_counter() - t0
                    proc.terminate()
                    proc.wait(10)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
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

    print(f"machine load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    runs = [start_to_first_rows(args.table) for _ in range(args.starts)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    print(f"app start to first grid rows: median {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s server CPU (runs: {', '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)})")

    import logging
    import threading

    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from dashboard import callbacks
    from dashboard.app import create_app
    t0 = time.perf_counter()
    app = create_app(args.table, warm=True)
    lb = app.server.config["LEADERBOARD"]
    print(f"in-process load + first-page warm-up: {time.perf_counter() - t0:.2f} s; {len(lb.scores):,} score rows, "
          f"{lb.scores['model_key'].nunique():,} models, {lb.scores['benchmark'].nunique():,} benchmarks")
    benches = lb.benchmarks["benchmark"].head(4).tolist()
    queries = FILTERS + [f"?benchmark={b}&open=open" for b in benches[1:]]
    requests = [(q, {"startRow": 0, "endRow": 100, "sortModel": s}) for q, s in itertools.product(queries, SORTS)]

    for thread in threading.enumerate():                # the app's background warm-up: measured after it
        if thread.name == "leaderboard-warm-up":
            thread.join()
    first, repeat, cpu = [], [], []
    for i in range(args.repeats):
        for q, r in requests:
            t, c = time.perf_counter(), time.thread_time()
            callbacks.grid_rows(lb, q, r)
            (first if i == 0 else repeat).append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
    print(f"grid filter+sort callback as a function, {len(requests)} requests: first p50 {pct(first, .5):.1f} ms, "
          f"p95 {pct(first, .95):.1f} ms, max {max(first):.1f} ms; repeat p50 {pct(repeat, .5):.1f} ms, "
          f"p95 {pct(repeat, .95):.1f} ms; CPU p50 {pct(cpu, .5):.1f} ms, p95 {pct(cpu, .95):.1f} ms")

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
