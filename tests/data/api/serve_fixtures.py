"""A local stand-in for the arXiv and Hugging Face APIs, replaying the fixture files beside it.

Routes (any path prefix is accepted, so one server can pose as several mirrors):

* ``.../api/query?start=N...``           -> ``arxiv/start-N.xml`` (Atom, as export.arxiv.org answers)
* ``.../api/daily_papers?date=YYYY-MM-DD`` -> ``hf_daily/YYYY-MM-DD.json`` (as huggingface.co answers)

A request with no fixture gets 404. Tests script failures with :meth:`FixtureServer.inject`
(``"503"``, ``"timeout:SECONDS"`` = answer only after that long, ``"file:NAME"`` = serve another
fixture once) and read :attr:`FixtureServer.log` to check what the client asked for and when.

Run it by hand to point the command line at it::

    python3 tests/data/api/serve_fixtures.py --port 8765
    leaderboard update --query 'cat:cs.CL' --endpoint http://127.0.0.1:8765/api/query --delay 0.2
"""
from __future__ import annotations

import argparse
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUTES = {  # path suffix -> (query parameter naming the fixture, folder, file pattern, content type)
    "/api/query": ("start", "arxiv", "start-{}.xml", "application/atom+xml; charset=utf-8"),
    "/api/daily_papers": ("date", "hf_daily", "{}.json", "application/json; charset=utf-8"),
}


class FixtureServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; use as a context manager."""

    def __init__(self, root: Path = HERE, port: int = 0):
        self.root = Path(root)
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self._faults: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def inject(self, route: str, key: str | int, *actions: str) -> None:
        """The next requests of ``route`` ('/api/query' or '/api/daily_papers') for ``key`` fail so."""
        with self._lock:
            self._faults.setdefault((route, str(key)), []).extend(actions)

    def requests(self, route: str) -> list[dict[str, str]]:
        return [params for _, path, params in self.log if path.endswith(route)]

    def _next_fault(self, route: str, key: str) -> str | None:
        with self._lock:
            queue = self._faults.get((route, key))
            return queue.pop(0) if queue else None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
                      headers: dict[str, str] | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def do_GET(self):
                parsed = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(parsed.query))
                with server._lock:
                    server.log.append((time.monotonic(), parsed.path, params))
                route = next((r for r in ROUTES if parsed.path.endswith(r)), None)
                if route is None:
                    return self._send(404, b"no such route\n")
                param, folder, pattern, content_type = ROUTES[route]
                key = params.get(param, "0" if param == "start" else "")
                name = pattern.format(key)
                fault = server._next_fault(route, key)
                if fault == "503":
                    return self._send(503, b"Service Unavailable\n", headers={"Retry-After": "0"})
                if fault and fault.startswith("timeout:"):
                    time.sleep(float(fault.split(":", 1)[1]))
                if fault and fault.startswith("file:"):
                    name = fault.split(":", 1)[1]
                path = server.root / folder / name
                if "/" in key or ".." in key or not path.is_file():
                    return self._send(404, f"no fixture {folder}/{name}\n".encode())
                self._send(200, path.read_bytes(), content_type)

        return Handler

    def start(self) -> "FixtureServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "FixtureServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    args = parser.parse_args()
    server = FixtureServer(port=args.port)
    print(f"serving {HERE} on {server.url}/api/query and {server.url}/api/daily_papers", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
