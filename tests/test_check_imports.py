"""`check` is a pre-commit hook: it must start fast, without huggingface_hub (HfApi),
requests or inspect_ai. Checked in a fresh interpreter's sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    metrics:
    - type: accuracy
      value: 61.3
---
# tiny-model

| Benchmark | tiny-model |
|---|---|
| MMLU | 61.3 |
"""

PROBE = """
import json, sys
from evalguard.cli import main
code = main(["check", "--format", "json", sys.argv[1]])
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in ("huggingface_hub", "requests", "inspect_ai", "httpx"))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def test_check_imports_no_hub_client(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(card)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}
    assert json.loads(done.stdout) == []
