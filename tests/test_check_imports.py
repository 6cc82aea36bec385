"""`check` is a pre-commit hook: it must start fast, without huggingface_hub (HfApi),
requests or inspect_ai, and without jsonschema for a card with nothing to explain.
Checked in a fresh interpreter's sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from samples import DRIFTED, synced

PROBE = """
import json, sys
from evalguard.cli import main
code = main(["check", "--format", "json", sys.argv[1]])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(",")
               or m.startswith("evalguard.remote"))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""
NETWORK = ("huggingface_hub", "requests", "inspect_ai", "httpx", "httpx2", "dotenv", "urllib3")


@pytest.mark.parametrize(
    ("card", "unwanted"),
    [
        # model-index and a table: schema and drift rules run; a valid model-index needs
        # no jsonschema either (validate/shapes.py says it is valid)
        (synced(DRIFTED), (*NETWORK, "jsonschema")),
        # no model-index, valid license: jsonschema (~35 ms to import) is not needed
        ("---\nlicense: mit\npipeline_tag: text-generation\n---\n# tiny-model\n", (
            *NETWORK, "jsonschema")),
    ],
    ids=["model-index", "no-model-index"],
)  # fmt: skip
def test_check_imports_only_what_the_card_needs(
    tmp_path: Path, card: str, unwanted: tuple[str, ...]
) -> None:
    path = tmp_path / "README.md"
    path.write_text(card, "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), ",".join(unwanted)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}
    assert json.loads(done.stdout) == []
