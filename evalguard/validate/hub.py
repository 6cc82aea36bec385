"""EG9xx: ask the Hub's own validator (`POST {HF_ENDPOINT}/api/validate-yaml`).

Only with `check --hub-validate`: huggingface_hub is imported here, lazily, for its HTTP
session, endpoint (HF_ENDPOINT) and headers. The Hub answers
`{"errors": [{"message": ...}], "warnings": [...]}` (HTTP 400 when there are errors);
messages quote a Joi-style path (`"model-index[0].results[0].dataset.config" must be a
string`), which is mapped back to a line and column when the front matter could be read.
"""

from __future__ import annotations

import os
import re
from typing import Any

from evalguard.card.frontmatter import FrontMatter, Path
from evalguard.card.split import Card
from evalguard.errors import EvalguardError
from evalguard.validate.findings import Finding
from evalguard.validate.registry import rule

_QUOTED_PATH = re.compile(r'"([A-Za-z_][\w-]*(?:\[\d+\]|\.[\w-]+)*)"')
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_LINE_COL = re.compile(r"\((\d+):(\d+)\)")


class HubUnavailable(EvalguardError):
    """The validator could not be asked, or did not answer as documented."""


def ask_hub(content: str, repo_type: str = "model") -> tuple[list[str], list[str]]:
    """(error messages, warning messages) from the Hub's validator."""
    # Imported here, only for --hub-validate: `check` must start fast without it.
    # build_hf_headers is the documented `huggingface_hub.utils.build_hf_headers`, taken
    # from the module that defines it (the package re-exports it lazily, unseen by mypy).
    from huggingface_hub import constants, get_session  # noqa: PLC0415
    from huggingface_hub.utils._headers import build_hf_headers  # noqa: PLC0415

    # HF_ENDPOINT as set now (huggingface_hub read it once, when it was imported)
    endpoint = (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")
    url = f"{endpoint}/api/validate-yaml"
    try:
        headers = build_hf_headers()
        headers["Accept"] = "application/json"
        response = get_session().post(
            url, json={"content": content, "repoType": repo_type}, headers=headers, timeout=30
        )
    except Exception as exc:  # the HTTP client's errors have no common public base class
        raise HubUnavailable(f"cannot reach the Hub validator at {url}: {exc}") from None
    if response.status_code not in (200, 400):
        raise HubUnavailable(f"the Hub validator at {url} answered HTTP {response.status_code}")
    try:
        body: Any = response.json()
    except ValueError:
        if response.status_code == 400 and response.text.strip():
            return [response.text.strip()], []
        raise HubUnavailable(f"the Hub validator at {url} answered no JSON") from None
    return _messages(body, "errors"), _messages(body, "warnings")


def _messages(body: Any, key: str) -> list[str]:
    items = body.get(key) if isinstance(body, dict) else None
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        message = item.get("message") if isinstance(item, dict) else item
        if message:
            out.append(str(message))
    return out


def hub_findings(card: Card, fm: FrontMatter | None, file: str) -> list[Finding]:
    """Findings from the Hub's answer about this card. Raises HubUnavailable."""
    errors, warnings = ask_hub(card.text)
    return [_finding(m, "EG900", card, fm, file) for m in errors] + [
        _finding(m, "EG901", card, fm, file) for m in warnings
    ]


def parse_path(text: str) -> Path:
    """`model-index[0].results[0].dataset.config` -> ("model-index", 0, ..., "config")."""
    return tuple(int(index) if index else key for key, index in _PART.findall(text))


def _finding(message: str, rule_id: str, card: Card, fm: FrontMatter | None, file: str) -> Finding:
    first = message.strip().splitlines()[0] if message.strip() else message
    line, column = card.yaml_first_line, 1
    yaml_path = None
    quoted = _QUOTED_PATH.search(first)
    frame = _LINE_COL.search(first)
    if quoted and fm is not None:
        yaml_path = quoted.group(1)
        line, column = fm.position(parse_path(yaml_path))
    elif frame:
        line = card.yaml_first_line + int(frame.group(1)) - 1
        column = int(frame.group(2))
    return rule(rule_id).finding(file, line, column, f"the Hub: {first}", yaml_path=yaml_path)
