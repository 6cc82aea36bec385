"""Sample model cards shared by the hook, git-hook and Action tests, and a sample source
of results."""

from __future__ import annotations

from pathlib import Path

from evalguard.api import ExtractRequest
from evalguard.results.model import AA_SOURCE_NAME, SourceKind
from evalguard.results.reconcile import Origin, ProposedResult, SourceResults
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

#: a card the Hub refuses: `"model-index[0].results[0].dataset.config" must be a string`
#: (EG202, on line 13)
INVALID = """\
---
license: apache-2.0
library_name: transformers
pipeline_tag: text-generation
model-index:
- name: tiny-7b
  results:
  - task:
      type: text-generation
    dataset:
      name: MMLU
      type: cais/mmlu
      config: 2022
    metrics:
    - type: accuracy
      value: 61.2
---
# acme/tiny-7b
"""


def write_cards(folder: Path, files: dict[str, str]) -> None:
    """Write `files` (path -> text) under `folder`, and EVALGUARD_YAML beside each README.md
    that has no .evalguard.yaml yet (so that sync knows the model)."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        config = path.parent / ".evalguard.yaml"
        if path.name == "README.md" and not config.exists():
            config.write_text(EVALGUARD_YAML, encoding="utf-8")


def synced(text: str) -> str:
    """The card as `evalguard sync --model acme/tiny-7b` leaves it: valid, in step."""
    plan = plan_sync(text.encode("utf-8"), ExtractRequest(model=MODEL))
    return plan.new_bytes.decode("utf-8") if plan.changed else text


def aa_mmlu_pro(value: float, decimals: int | None = None) -> SourceResults:
    """Artificial Analysis' MMLU-Pro score `value`, as the reconciler takes it."""
    block = {
        "task": {"type": "text-generation"},
        "dataset": {"name": "MMLU-Pro", "type": "TIGER-Lab/MMLU-Pro"},
        "metrics": [{"type": "accuracy", "value": value}],
        "source": {"name": AA_SOURCE_NAME, "url": "https://artificialanalysis.ai/models/tiny"},
    }
    return SourceResults(
        SourceKind.ARTIFICIAL_ANALYSIS,
        (ProposedResult(block, (Origin(value, decimals, "Artificial Analysis"),)),),
    )
