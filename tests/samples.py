"""Sample model cards shared by the hook, git-hook and Action tests."""

from __future__ import annotations

from evalguard.api import ExtractRequest
from evalguard.results.sync import plan_sync

MODEL = "acme/tiny-7b"
EVALGUARD_YAML = f"model: {MODEL}\n"

#: a card whose table has scores its (absent) model-index does not record
DRIFTED = """\
---
license: apache-2.0
---
# acme/tiny-7b

| Benchmark | tiny-7b |
|---|---|
| MMLU (5-shot) | 61.2 |
| GSM8K | 45.3 |
"""

#: a card the Hub would refuse: a metric value is null (EG203)
INVALID = """\
---
license: apache-2.0
model-index:
- name: tiny-7b
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
    metrics:
    - type: accuracy
      value: null
---
# acme/tiny-7b
"""


def synced(text: str) -> str:
    """The card as `evalguard sync --model acme/tiny-7b` leaves it: valid, in step."""
    plan = plan_sync(text.encode("utf-8"), ExtractRequest(model=MODEL))
    return plan.new_bytes.decode("utf-8") if plan.changed else text
