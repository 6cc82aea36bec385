"""A fake Hugging Face Hub: the endpoints huggingface_hub calls, on a local server.

Point huggingface_hub at it with `HF_ENDPOINT=<fake.url>` set before huggingface_hub is
imported (it reads the variable at import time), i.e. in a subprocess's environment.

Routes so far: `POST /api/validate-yaml` (answers `validate_errors` /
`validate_warnings`, HTTP 400 when there are errors, as the Hub does),
`GET /api/whoami-v2`, and `HEAD|GET /{owner}/{repo}/resolve/{rev}/{file}` for files
in `files`. Extend with `hub.route(...)` (Jobs, discussions, ...).
"""

from __future__ import annotations

import hashlib
import re

from fakes.http import FakeServer, Request, Response


class FakeHub(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.validate_errors: list[str] = []
        self.validate_warnings: list[str] = []
        #: "owner/repo/README.md" -> bytes
        self.files: dict[str, bytes] = {}
        self.route("POST", r"/api/validate-yaml", self._validate_yaml)
        self.route("GET", r"/api/whoami-v2", self._whoami)
        self.route(
            "GET", r"/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)", self._resolve
        )

    def _validate_yaml(self, request: Request, match: re.Match[str]) -> Response:
        body = {
            "errors": [{"message": m} for m in self.validate_errors],
            "warnings": [{"message": m} for m in self.validate_warnings],
        }
        return Response(400 if self.validate_errors else 200, body)

    def _whoami(self, request: Request, match: re.Match[str]) -> Response:
        return Response(200, {"type": "user", "name": "tester", "orgs": []})

    def _resolve(self, request: Request, match: re.Match[str]) -> Response:
        data = self.files.get(f"{match['repo']}/{match['file']}")
        if data is None:
            return Response(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"})
        etag = hashlib.sha256(data).hexdigest()
        return Response(
            200,
            data,
            {"ETag": f'"{etag}"', "X-Repo-Commit": "0" * 40, "Content-Type": "text/plain"},
        )
