"""A fake Artificial Analysis API: `GET /api/v2/data/llms/models` on a local server.

    with FakeAA(payload) as aa:            # payload: the JSON to serve
        aa.base_url                        # for EVALGUARD_AA_BASE_URL
        aa.faults += [Response(429, ...)]  # answered first, one per request, in order
        aa.calls                           # how many model-list requests it answered

Requests without `x-api-key: FakeAA.KEY` get 401, as AA answers a missing or wrong key.
"""

from __future__ import annotations

import re
from typing import Any

from fakes.http import FakeServer, Request, Response


class FakeAA(FakeServer):
    #: a key shaped like a real one, so tests can search every output for it
    KEY = "aa-test-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"

    def __init__(self, payload: Any) -> None:
        super().__init__()
        self.payload = payload
        self.faults: list[Response] = []
        self.calls = 0
        self.route("GET", r"/api/v2/data/llms/models", self._models)

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/v2"

    def _models(self, request: Request, match: re.Match[str]) -> Response:
        self.calls += 1
        if request.headers.get("x-api-key") != self.KEY:
            return Response(401, {"status": 401, "message": "Invalid API key"})
        if self.faults:
            return self.faults.pop(0)
        return Response(200, self.payload)
