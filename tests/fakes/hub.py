"""A fake Hugging Face Hub: the endpoints huggingface_hub calls, on a local server.

Point huggingface_hub at it with `HF_ENDPOINT=<fake.url>` set before huggingface_hub is
imported (it reads the variable at import time), i.e. in a subprocess's environment.

Routes so far: `POST /api/validate-yaml` (answers `validate_errors` /
`validate_warnings`, HTTP 400 when there are errors, as the Hub does). Extend with
`hub.route(...)` as tests need more of the Hub.
"""

from __future__ import annotations

import re

from fakes.http import FakeServer, Request, Response


class FakeHub(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.validate_errors: list[str] = []
        self.validate_warnings: list[str] = []
        self.route("POST", r"/api/validate-yaml", self._validate_yaml)

    def _validate_yaml(self, request: Request, match: re.Match[str]) -> Response:
        body = {
            "errors": [{"message": m} for m in self.validate_errors],
            "warnings": [{"message": m} for m in self.validate_warnings],
        }
        return Response(400 if self.validate_errors else 200, body)
