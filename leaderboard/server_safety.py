"""Safe serving for any Dash app: what reaches the callbacks is checked, what leaves carries
security headers, and a bad request costs one 4xx answer, never the server.

:func:`harden` wraps the app's Flask server:

* request bodies are capped (:data:`MAX_BODY_BYTES`, answered 413 before the callback runs);
* a callback request must be well-formed JSON of the shape the Dash renderer sends, name a
  callback the app has, give the inputs that callback declares, and hold no string longer than
  :data:`MAX_STRING_CHARS` nor nesting deeper than :data:`MAX_JSON_DEPTH`; otherwise 400;
* at most :data:`MAX_CONCURRENT_CALLBACKS` callbacks run at once, the others queue;
* an exception inside a callback (a value of the wrong type that slipped past the shape check)
  is logged with its traceback and answered 400, so one client's junk cannot look like an
  outage or leak a stack trace;
* every response carries a Content-Security-Policy (scripts only from the app itself, plus the
  hashes of the inline scripts Dash writes; no framing), ``X-Content-Type-Options: nosniff``,
  ``X-Frame-Options: DENY`` and ``Referrer-Policy: same-origin``.

:func:`check_bind` keeps the defaults safe: the Werkzeug debugger executes code typed into a
browser, so debug mode is refused on any address but loopback.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import threading
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

MAX_BODY_BYTES = 1024 * 1024
MAX_STRING_CHARS = 10_000
MAX_JSON_DEPTH = 64
#: callbacks running at once; the rest wait their turn. More threads than cores buy no
#: throughput (the work holds the GIL), only memory: each running callback has its temporaries
#: (row masks, sort keys) of table size, and every thread's freed memory is kept by the allocator
MAX_CONCURRENT_CALLBACKS = 4
DISPATCH_SUFFIX = "_dash-update-component"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

log = logging.getLogger("leaderboard.server")


class BadRequest(Exception):
    """A request the app will not run; carries the status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def error_response(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message}), status=status, mimetype="application/json")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def limit_allocator_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas (the default is 8 per core): a threaded server gives every
    request thread an arena, and memory freed in one stays with it, so a long run under many
    concurrent clients grows the process by hundreds of MB it no longer uses. Returns whether
    the cap was applied (only on glibc; elsewhere nothing to do)."""
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(-8, arenas))          # M_ARENA_MAX
    except (OSError, AttributeError):
        return False


def check_bind(host: str, debug: bool) -> str | None:
    """Why the app must not be served this way, or None when it may."""
    if debug and not is_loopback(host):
        return (f"refusing --debug on {host}: the debugger runs code sent by any browser that "
                f"reaches it; use --host 127.0.0.1 (the default)")
    return None


def _depth_and_strings(value: Any, max_depth: int, max_chars: int) -> None:
    """Walk a JSON value iteratively (no recursion to exhaust); raise on what is too big."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise BadRequest(400, f"request nested deeper than {max_depth} levels")
        if isinstance(item, str):
            if len(item) > max_chars:
                raise BadRequest(413, f"a value of {len(item):,} characters is longer than {max_chars:,}")
        elif isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _id_key(component_id: Any) -> str:
    return component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)


def _check_items(items: Any, field: str) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadRequest(400, f"'{field}' must be a list")
    flat = []
    for item in items:
        for one in (item if isinstance(item, list) else [item]):   # pattern-matching inputs nest
            if not isinstance(one, dict) or not isinstance(one.get("property"), str) \
                    or not isinstance(one.get("id"), (str, dict)):
                raise BadRequest(400, f"each of '{field}' needs a string 'property' and an 'id'")
            flat.append(one)
    return flat


def declared_output_keys(output: str) -> list[tuple[str, str]] | None:
    """'..a.x...b.y..' -> [('a', 'x'), ('b', 'y')]; None for pattern-matching (JSON) ids."""
    parts = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
    if any(p.startswith("{") for p in parts):
        return None
    return [tuple(p.rsplit(".", 1)) for p in parts]


def check_callback_request(payload: Any, callback_map: dict) -> None:
    """Raise :class:`BadRequest` unless ``payload`` is a callback request this app can run."""
    if not isinstance(payload, dict):
        raise BadRequest(400, "callback request must be a JSON object")
    output = payload.get("output")
    if not isinstance(output, str):
        raise BadRequest(400, "callback request needs an 'output' string")
    spec = callback_map.get(output)
    if spec is None:
        raise BadRequest(400, "no callback has this output")
    outputs = payload.get("outputs")
    if not isinstance(outputs, (dict, list)):
        raise BadRequest(400, "callback request needs 'outputs'")
    if isinstance(outputs, list) != output.startswith(".."):
        raise BadRequest(400, "'outputs' must be a list for several outputs, an object for one")
    outputs = _check_items(outputs if isinstance(outputs, list) else [outputs], "outputs")
    declared_outputs = declared_output_keys(output)
    if declared_outputs is not None and [(_id_key(o["id"]), o["property"]) for o in outputs] != declared_outputs:
        raise BadRequest(400, "outputs do not match the callback's declared outputs")
    inputs = _check_items(payload.get("inputs"), "inputs")
    _check_items(payload.get("state"), "state")
    changed = payload.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadRequest(400, "'changedPropIds' must be a list of strings")
    declared = {(_id_key(i["id"]), i["property"]) for i in spec.get("inputs", [])}
    if all(isinstance(i.get("id"), str) for i in spec.get("inputs", [])):
        given = {(_id_key(i["id"]), i["property"]) for i in inputs}
        if given != declared:
            raise BadRequest(400, "inputs do not match the callback's declared inputs")


def harden(app, max_body_bytes: int = MAX_BODY_BYTES, max_string_chars: int = MAX_STRING_CHARS,
           max_json_depth: int = MAX_JSON_DEPTH, max_concurrent_callbacks: int = MAX_CONCURRENT_CALLBACKS):
    """Apply the checks and headers above to a Dash app (any app); returns the app."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_body_bytes
    csp_cache: dict[str, str] = {}

    def is_dispatch() -> bool:
        return request.path.endswith(DISPATCH_SUFFIX)

    @server.before_request
    def _check_request():
        length = request.content_length
        if length is not None and length > max_body_bytes:
            return error_response(413, f"request body of {length:,} bytes is larger than {max_body_bytes:,}")
        if not is_dispatch():
            return None
        if request.method != "POST":
            return error_response(405, "callbacks are called with POST")
        try:
            body = request.get_data(cache=True)
        except HTTPException as exc:               # body over the cap while streaming
            return error_response(exc.code or 400, exc.description or "request body rejected")
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return error_response(400, "callback request is not valid JSON")
        try:
            _depth_and_strings(payload, max_json_depth, max_string_chars)
            check_callback_request(payload, app.callback_map)
        except BadRequest as exc:
            return error_response(exc.status, exc.message)
        return None

    for rule in list(server.url_map.iter_rules()):
        if rule.rule.endswith(DISPATCH_SUFFIX):
            server.view_functions[rule.endpoint] = _guard(server.view_functions[rule.endpoint],
                                                          threading.BoundedSemaphore(max_concurrent_callbacks))

    @server.after_request
    def _headers(response: Response) -> Response:
        if "csp" not in csp_cache:
            csp_cache["csp"] = content_security_policy(app)
        response.headers.setdefault("Content-Security-Policy", csp_cache["csp"])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    return app


def _guard(view, slots: threading.BoundedSemaphore):
    """The dispatch view, run in one of ``slots`` (requests queue for a free one, never fail),
    with callback exceptions answered 400 (and logged) instead of 500."""
    def guarded(*args, **kwargs):
        try:
            with slots:
                return view(*args, **kwargs)
        except HTTPException:
            raise
        except Exception:                      # noqa: BLE001 - any callback failure on client input
            log.exception("callback failed on a client's request")
            return error_response(400, "the callback could not run on these values")
    guarded.__name__ = getattr(view, "__name__", "dispatch")
    guarded.__doc__ = view.__doc__
    return guarded


def content_security_policy(app) -> str:
    """Scripts from the app and Dash's own inline scripts (by hash); nothing may frame the page.

    Dash components set inline styles, so styles allow 'unsafe-inline' (styles cannot run code).
    """
    try:
        hashes = " ".join(f"'{h.strip(chr(39))}'" for h in app.csp_hashes())
    except Exception:                           # noqa: BLE001 - an app without the hook still gets a policy
        hashes = ""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
