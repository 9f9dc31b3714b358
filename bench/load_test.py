"""Load test: concurrent clients against ``leaderboard serve`` on 127.0.0.1, bounded, self-stopping.

    python3 bench/load_test.py                                  # seeds table, 50 clients, 5,000 requests
    python3 bench/load_test.py --table big.parquet --clients 50 --requests 5000 --seconds 600

Starts the real server (``python3 -m leaderboard serve``, so with its safety wrapper) on a free
port of 127.0.0.1, learns the app's callbacks from ``/_dash-dependencies`` and its initial values
from ``/_dash-layout``, then runs N client threads that share a request budget (and a time
limit) and mix what a browser does: page loads (``/``, layout, dependencies), filter changes (the
URL-sync, chart and grid-page callbacks with real filter query strings) and downloads (the page's
download links: the current view with its filters and sometimes a sort, now and then the full
table; every body is read to its end). Prints requests, failures (any error, status >= 400 or
truncated body), latency p50/p90/p99, throughput and the server's resident memory before and
after; exits 1 if any request failed or the server stopped answering.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
DISPATCH = "/_dash-update-component"
READ_BLOCK = 1 << 20
FULL_DOWNLOAD_SHARE = 0.1          # of downloads: the whole table rather than the current view
QUERY_STATE = {("url", "search"), ("filters-store", "data")}
STATIC_FILTERS = [{}, {"view": "pivot"}, {"view": "scores"}, {"q": "llama"}, {"q": "gpt", "view": "scores"},
                  {"open": "open"}, {"min_params": "7", "max_params": "80"}, {"from": "2024-01", "to": "2024-12"},
                  {"hide": "low_confidence"}, {"q": "x" * 150}]


@dataclass
class Served:
    """A running ``leaderboard serve``: where it is, its process, what callbacks it has."""

    url: str
    port: int
    process: subprocess.Popen
    callbacks: list[dict] = field(default_factory=list)
    initial: dict[tuple[str, str], Any] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(method: str, url: str, path: str, body: bytes | None = None,
            timeout: float = 60, keep: int = 1 << 20) -> tuple[int, dict, str]:
    """(status, headers, text) of one request on a fresh connection. The body is read to its end
    in blocks (a download can be hundreds of MB); only its first ``keep`` bytes are kept, and
    the header ``X-Body-Bytes`` of the result says how many arrived."""
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        kept, total = [], 0
        while block := response.read(READ_BLOCK):
            if total < keep:
                kept.append(block[:keep - total])
            total += len(block)
        expected = response.getheader("Content-Length")
        if expected is not None and int(expected) != total:
            raise http.client.IncompleteRead(b"", int(expected) - total)
        out = dict(response.getheaders())
        out["X-Body-Bytes"] = str(total)
        return response.status, out, b"".join(kept).decode("utf-8", "replace")
    finally:
        conn.close()


def get(url: str, path: str = "/") -> tuple[int, dict, str]:
    return request("GET", url, path)


def post(url: str, body: bytes) -> tuple[int, dict, str]:
    return request("POST", url, DISPATCH, body)


def rss_kb(pid: int) -> int:
    """Resident memory of a process (kB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def settled_rss_kb(pid: int, limit: float = 30, step: float = 1.0) -> int:
    """Resident memory once the server's start-up work (index and cache warm-up in the
    background) has stopped changing it: sampled every ``step`` s until two samples agree within
    2 MB, at most ``limit`` s."""
    last = rss_kb(pid)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(step)
        now = rss_kb(pid)
        if abs(now - last) < 2048:
            return now
        last = now
    return last


def _walk_layout(node: Any, found: dict) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            props = item.get("props")
            if isinstance(props, dict):
                if isinstance(props.get("id"), str):
                    for name, value in props.items():
                        found[(props["id"], name)] = value
                stack.append(props.get("children"))
                stack.extend(v for v in props.values() if isinstance(v, (dict, list)))


def discover(served: Served) -> None:
    _, _, text = request("GET", served.url, "/_dash-dependencies")
    served.callbacks = [c for c in json.loads(text) if not c.get("clientside_function")]
    _, _, text = request("GET", served.url, "/_dash-layout")
    _walk_layout(json.loads(text), served.initial)


@contextlib.contextmanager
def serve(table: str | os.PathLike, port: int | None = None, startup_seconds: float = 180) -> Iterator[Served]:
    """Run ``leaderboard serve --table TABLE`` on 127.0.0.1 until the block ends."""
    port = port or free_port()
    log = tempfile.TemporaryFile()
    scratch = tempfile.TemporaryDirectory(prefix="load-test-")      # the server's temp dir: downloads start cold
    process = subprocess.Popen([sys.executable, "-m", "leaderboard", "serve", "--table", str(table),
                                "--host", HOST, "--port", str(port)], cwd=ROOT, stdout=log, stderr=log,
                               env={**os.environ, "TMPDIR": scratch.name})
    served = Served(f"http://{HOST}:{port}", port, process)
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited with {process.returncode}: {log.read()[-2000:].decode()}")
            try:
                if request("GET", served.url, "/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer within {startup_seconds} s")
            time.sleep(0.25)
        discover(served)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        scratch.cleanup()


def _value(served: Served, item: dict, query: str | None) -> Any:
    key = (item["id"], item["property"]) if isinstance(item["id"], str) else None
    if key in QUERY_STATE and query is not None:
        return query
    if item["property"] == "getRowsRequest":
        return {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}
    return served.initial.get(key)


def callback_payload(served: Served, which: str, query: str | None = None,
                     trigger: int = 0, overrides: dict | None = None) -> dict:
    """A request like the renderer's for the callback whose output contains ``which``.

    Inputs and state take the layout's initial values, a filter ``query`` where the callback
    reads the URL or the filter store, and ``overrides`` {(id, property): value}.
    """
    spec = next(c for c in served.callbacks if which in c["output"])
    out = spec["output"]
    parts = out[2:-2].split("...") if out.startswith("..") else [out]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    overrides = overrides or {}

    def items(declared):
        return [{"id": i["id"], "property": i["property"],
                 "value": overrides.get((i["id"], i["property"]), _value(served, i, query))} for i in declared]

    inputs = items(spec["inputs"])
    changed = spec["inputs"][trigger] if spec["inputs"] else None
    return {"output": out, "outputs": outputs if out.startswith("..") else outputs[0], "inputs": inputs,
            "state": items(spec["state"]),
            "changedPropIds": [f"{changed['id']}.{changed['property']}"] if changed else []}


def filter_queries(served: Served) -> list[str]:
    """Query strings of the URL contract (leaderboard/filters.py), with the app's real benchmarks."""
    options = served.initial.get(("benchmark-select", "options")) or []
    benchmarks = [o["value"] for o in options if isinstance(o, dict) and isinstance(o.get("value"), str)
                  and not o["value"].startswith("__")][:30]
    filters = STATIC_FILTERS + [{"benchmark": b} for b in benchmarks] + \
        [{"benchmark": b, "view": "scores", "open": "open"} for b in benchmarks[:10]]
    return ["?" + urlencode(f) if f else "" for f in filters]


@dataclass
class LoadResult:
    requests: int = 0
    failures: int = 0
    latencies: list[float] = field(default_factory=list)
    latency_by_kind: dict[str, list[float]] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    download_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    rss_warm_kb: int = 0               # after the first tenth of the requests (caches filled)
    still_answers: bool = False

    def percentile(self, p: float, kind: str | None = None) -> float:
        ordered = sorted(self.latencies if kind is None else self.latency_by_kind.get(kind, []))
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")

    def report(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.by_kind.items()))
        rate = self.requests / max(self.seconds, 1e-9)
        return (f"requests {self.requests} ({kinds}) in {self.seconds:.1f} s = {rate:.0f}/s; "
                f"{self.download_bytes / 1e6:,.0f} MB downloaded\n"
                f"failures {self.failures}\n"
                f"latency ms: p50 {self.percentile(50):.0f}  p90 {self.percentile(90):.0f}  "
                f"p99 {self.percentile(99):.0f}  max {max(self.latencies, default=0) * 1000:.0f}"
                + "".join(f"; {k} p50 {self.percentile(50, k):.0f} p99 {self.percentile(99, k):.0f}"
                          for k in sorted(self.latency_by_kind)) + "\n"
                f"server RSS: before (start-up settled) {self.rss_before_kb / 1024:.0f} MB, "
                f"after a tenth of the requests {self.rss_warm_kb / 1024:.0f} MB, after {self.rss_after_kb / 1024:.0f} MB "
                f"({(self.rss_after_kb - self.rss_before_kb) / 1024:+.0f} MB; "
                f"{(self.rss_after_kb - self.rss_warm_kb) / 1024:+.0f} MB since the first tenth)\n"
                f"server still answers: {'yes' if self.still_answers else 'NO'}"
                + ("".join(f"\n  error: {e}" for e in self.errors[:10])))


def plan(served: Served, rng: random.Random) -> tuple[str, str, bytes | None]:
    """One request of the mix: (kind, path, body)."""
    roll = rng.random()
    query = rng.choice(filter_queries(served))
    if roll < 0.15:
        return "page", rng.choice(["/", "/" + query, "/_dash-layout", "/_dash-dependencies"]), None
    if roll < 0.90:
        which = rng.choice(["url.search", "getRowsResponse", "trend-chart.figure", "compare-chart.figure",
                            "column-chooser.options"])
        if not any(which in c["output"] for c in served.callbacks):
            which = served.callbacks[0]["output"]
        overrides = {}
        if which == "getRowsResponse":
            start = rng.choice([0, 0, 100, 200])
            sort = rng.choice([[], [{"colId": "score", "sort": "desc"}], [{"colId": "model", "sort": "asc"}]])
            overrides[("leaderboard-grid", "getRowsRequest")] = {"startRow": start, "endRow": start + 100,
                                                                 "sortModel": sort, "filterModel": {}}
        payload = callback_payload(served, which, query, overrides=overrides)
        return "filter", DISPATCH, json.dumps(payload).encode()
    return "download", download_path(served, query, rng), None


def download_path(served: Served, query: str, rng: random.Random) -> str:
    """A download link as the page has it: a view link (the filters, sometimes a grid sort
    appended as the page does) or, now and then, a full-table link."""
    links = {k[0]: v for k, v in served.initial.items() if k[1] == "href" and str(k[0]).startswith("download-")}
    full = sorted(v for k, v in links.items() if "full" in k)
    view = sorted(v for k, v in links.items() if "full" not in k)
    if full and (not view or rng.random() < FULL_DOWNLOAD_SHARE):
        return rng.choice(full)
    path = rng.choice(view)
    params = query.lstrip("?")
    if rng.random() < 0.3:
        sort = rng.choice([[{"colId": "score", "sort": "desc"}], [{"colId": "model", "sort": "asc"}]])
        params += ("&" if params else "") + urlencode({"grid": json.dumps({"sortModel": sort, "filterModel": {}})})
    return path + ("?" + params if params else "")


def run_load(served: Served, clients: int = 50, requests_total: int = 5000, seconds: float = 600,
             seed: int = 1) -> LoadResult:
    """Hammer ``served`` with ``clients`` threads until the budget or the time is used up."""
    result = LoadResult(rss_before_kb=settled_rss_kb(served.process.pid))
    lock = threading.Lock()
    budget = iter(range(requests_total))
    started = time.monotonic()
    deadline = started + seconds

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    return
            kind, path, body = plan(served, rng)
            t0 = time.perf_counter()
            try:
                status, headers, text = request("POST" if body else "GET", served.url, path, body)
                failed = status >= 400
                if kind == "download" and not failed:
                    result.download_bytes += int(headers["X-Body-Bytes"])
                error = f"{kind} {path[:40]} -> {status}: {text[:200]}" if failed else None
            except (OSError, http.client.HTTPException) as exc:
                failed, error = True, f"{kind} {path[:40]} -> {type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - t0
            with lock:
                result.requests += 1
                result.latencies.append(elapsed)
                result.latency_by_kind.setdefault(kind, []).append(elapsed)
                if result.requests == max(1, requests_total // 10):
                    result.rss_warm_kb = rss_kb(served.process.pid)
                result.by_kind[kind] = result.by_kind.get(kind, 0) + 1
                if failed:
                    result.failures += 1
                    result.errors.append(error)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.monotonic() - started
    result.rss_after_kb = rss_kb(served.process.pid)
    try:
        result.still_answers = request("GET", served.url, "/", timeout=30)[0] == 200 and \
            post(served.url, json.dumps(callback_payload(served, served.callbacks[0]["output"], "")).encode())[0] == 200
    except OSError:
        result.still_answers = False
    return result


def seeds_table(folder: Path) -> Path:
    """Harvest the bundled seeds into ``folder`` (the default table to serve)."""
    from leaderboard import paths, store
    from leaderboard.pipeline import harvest
    result = harvest([paths.RAW_DIR])
    table = folder / "scores.parquet"
    store.write_table(result.scores, table)
    store.write_table(result.papers, paths.papers_path_for(table))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", help="table to serve (default: a fresh harvest of data/raw/)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="total request budget")
    parser.add_argument("--seconds", type=float, default=600, help="time limit")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(args.table) if args.table else seeds_table(Path(tmp))
        with serve(table) as served:
            print(f"serving {table} at {served.url}: {len(served.callbacks)} server callbacks; "
                  f"{args.clients} clients, {args.requests} requests, at most {args.seconds:.0f} s", file=sys.stderr)
            result = run_load(served, args.clients, args.requests, args.seconds, args.seed)
    print(result.report())
    return 0 if result.failures == 0 and result.still_answers else 1


if __name__ == "__main__":
    sys.exit(main())
