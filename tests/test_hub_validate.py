"""`check --hub-validate` against a real local HTTP server speaking the Hub's
`/api/validate-yaml`. huggingface_hub reads HF_ENDPOINT when imported, so the command
runs in a subprocess with HF_ENDPOINT pointing at the fake."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.http import Response
from fakes.hub import FakeHub

CARD = """---
license: mit
model-index:
- name: tiny-model
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
      config: all
    metrics:
    - type: accuracy
      value: 61.3
---
# tiny-model
"""


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        yield server


def check(endpoint: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HF_ENDPOINT": endpoint,
        "HF_HOME": str(folder / ".hf-home"),
        "HF_TOKEN": "hf_fake",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    env.pop("HF_HUB_OFFLINE", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "evalguard", "check", "--format", "json", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("errors", "warnings", "code", "expected"),
    [
        ([], [], 0, []),
        (
            ['"model-index[0].results[0].dataset.config" must be a string'],
            [],
            1,
            [(11, 15, "EG900", "model-index[0].results[0].dataset.config")],
        ),
        (
            ['"model-index[0].results[0].metrics[0].verified" is required'],
            ["Empty metadata"],
            1,
            [
                (2, 1, "EG901", None),
                (13, 7, "EG900", "model-index[0].results[0].metrics[0].verified"),
            ],
        ),
        (
            ["Invalid YAML in README.md: unknown tag !<tag:yaml.org,2002:python/tuple> (3:2)"],
            [],
            1,
            [(4, 2, "EG900", None)],
        ),
    ],
)
def test_hub_answers_become_findings(
    hub: FakeHub,
    tmp_path: Path,
    errors: list[str],
    warnings: list[str],
    code: int,
    expected: list[tuple[int, int, str, str | None]],
) -> None:
    (tmp_path / "README.md").write_text(CARD)
    hub.validate_errors = errors
    hub.validate_warnings = warnings
    done = check(hub.url, tmp_path, "--hub-validate", "README.md")
    assert done.returncode == code, done.stderr
    found = json.loads(done.stdout)
    assert [(f["line"], f["column"], f["rule"], f["yaml_path"]) for f in found] == expected
    assert all(f["message"].startswith("the Hub: ") for f in found)
    posts = [r for r in hub.requests if r.path == "/api/validate-yaml"]
    assert len(posts) == 1
    assert posts[0].json() == {"content": CARD, "repoType": "model"}
    assert posts[0].headers.get("authorization") == "Bearer hf_fake"


def test_without_the_flag_nothing_is_sent(hub: FakeHub, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CARD)
    done = check(hub.url, tmp_path, "README.md")
    assert done.returncode == 0, done.stderr
    assert hub.requests == []


def test_server_error_is_exit_2(hub: FakeHub, tmp_path: Path) -> None:
    hub.route("POST", r"/api/validate-yaml", lambda request, match: Response(500, "boom"))
    (tmp_path / "README.md").write_text(CARD)
    done = check(hub.url, tmp_path, "--hub-validate", "README.md")
    assert done.returncode == 2
    assert "README.md: the Hub validator at" in done.stderr
    assert "answered HTTP 500" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreachable_hub_is_exit_2(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "README.md").write_text(CARD)
    done = check(f"http://127.0.0.1:{port}", tmp_path, "--hub-validate", "README.md")
    assert done.returncode == 2
    assert "cannot reach the Hub validator" in done.stderr
    assert "Traceback" not in done.stderr


def test_rules_disabled_in_the_config_are_left_out(hub: FakeHub, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CARD)
    (tmp_path / ".evalguard.yaml").write_text("disable: [EG901]\n")
    hub.validate_warnings = ["Empty metadata"]
    done = check(hub.url, tmp_path, "--hub-validate", "README.md")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert len(hub.requests) == 1
