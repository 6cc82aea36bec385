"""A tiny real HTTP server on 127.0.0.1 driven by a route table.

    server = FakeServer()
    server.route("POST", r"/api/validate-yaml", handler)   # handler(request, match)
    with server:                                             # starts on a free port
        ... server.url ...                                   # http://127.0.0.1:PORT
    server.requests                                          # everything it received

Routes are tried newest first, so a test can override a default route; a GET route
also answers HEAD (without the body). An unmatched
request gets 404 (huggingface_hub probes some endpoints and ignores a 404).

Faults: a Response can wait `delay` seconds before answering (a hang past a client's
timeout) and send only the first `cut` bytes of its body while declaring all of it (a
body cut short).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Response:
    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds to wait before answering
    delay: float = 0.0
    #: send only this many bytes of the body (Content-Length still says all of it)
    cut: int | None = None

    def payload(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json"


_Server = TypeVar("_Server", bound="FakeServer")

Handler = Callable[[Request, "re.Match[str]"], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler


class FakeServer:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[Request] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.insert(0, Route(method.upper(), re.compile(pattern + r"\Z"), handler))

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def dispatch(self, request: Request) -> Response:
        self.requests.append(request)
        for route in self.routes:
            match = route.pattern.match(request.path)
            same = route.method == request.method
            if match and (same or (request.method == "HEAD" and route.method == "GET")):
                return route.handler(request, match)
        return Response(404, {"error": f"no route for {request.method} {request.path}"})

    def start(self) -> None:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                response = server.dispatch(request)
                if response.delay:
                    time.sleep(response.delay)
                body, content_type = response.payload()
                try:
                    self.send_response(response.status)
                    headers = {"Content-Type": content_type, **response.headers}
                    headers["Content-Length"] = str(len(body))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body if response.cut is None else body[: response.cut])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a hang past its timeout)
                if response.cut is not None:
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server_ = self._server
        # a short poll interval: stopping the server (each test's teardown) takes that long
        self._thread = threading.Thread(
            target=lambda: server_.serve_forever(poll_interval=0.02), daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self: _Server) -> _Server:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
