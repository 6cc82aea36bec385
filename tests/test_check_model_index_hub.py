"""`check` against huggingface_hub's own reading of model-index.

Wherever `model_index_to_eval_results` (with `EvalResult.__post_init__`) rejects a
model-index, `check` reports it. It is an error only where the rule's evidence is that
the Hub refuses it (or loses it); what only the client refuses (a result without
`dataset`, which the Hub publishes) is a warning that says so.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from huggingface_hub.repocard_data import model_index_to_eval_results

from evalguard.validate import RULES, check_readme
from evalguard.validate.registry import Evidence

TASK = {"type": "text-generation"}
DATASET = {"name": "MMLU", "type": "cais/mmlu"}
METRIC = {"type": "accuracy", "value": 61.3}


def mi(
    *,
    entry: Any = None,
    result: Any = None,
    metric: Any = None,
    **result_fields: Any,
) -> list[Any]:
    """A one-entry, one-result, one-metric model-index with the given parts replaced."""
    if metric is None:
        metric = dict(METRIC)
    if result is None:
        result = {"task": dict(TASK), "dataset": dict(DATASET), "metrics": [metric]}
        result.update(result_fields)
        result = {k: v for k, v in result.items() if v is not _DROP}
    if entry is None:
        entry = {"name": "tiny-model", "results": [result]}
    return [entry]


_DROP = object()


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


CASES: list[tuple[str, Any, set[str]]] = [
    # (id, model-index, rules check reports from EG2xx/EG3xx)
    ("valid-minimal", mi(), set()),
    ("valid-string-value", mi(metric={"type": "wer", "value": "20.0 ± 1.2"}), set()),
    ("valid-int-value", mi(metric={"type": "wer", "value": 27}), set()),
    ("valid-all-optional-fields", mi(
        metric={"type": "accuracy", "value": 0.5, "name": "Acc", "config": "default",
                "args": {"k": 1}, "verified": False, "verifyToken": "x"},
        dataset={**DATASET, "config": "all", "split": "test", "revision": "abc",
                 "args": {"num_few_shot": 5}},
        task={"type": "text-generation", "name": "Text Generation"},
        source={"name": "Model README", "url": "https://huggingface.co/o/m"},
    ), set()),
    ("valid-source-url-only", mi(source={"url": "https://x.org"}), set()),
    ("valid-source-null", mi(source=None), set()),
    ("valid-two-entries", mi() + mi(), set()),
    ("empty-model-index", [], {"EG205"}),
    ("model-index-mapping", {"name": "m", "results": []}, {"EG202"}),
    ("entry-not-mapping", ["tiny-model"], {"EG202"}),
    ("entry-without-name", mi(entry={"results": [mi()[0]["results"][0]]}), {"EG207"}),
    ("entry-without-results", mi(entry={"name": "m"}), {"EG201"}),
    ("results-empty", mi(entry={"name": "m", "results": []}), {"EG206"}),
    ("result-without-task", mi(task=_DROP), {"EG207"}),
    ("task-without-type", mi(task={"name": "x"}), {"EG201"}),
    ("task-a-string", mi(task="text-generation"), {"EG202"}),
    ("result-without-dataset", mi(dataset=_DROP), {"EG207"}),
    ("dataset-without-name", mi(dataset={"type": "cais/mmlu"}), {"EG201"}),
    ("dataset-without-type", mi(dataset={"name": "MMLU"}), {"EG201"}),
    ("dataset-config-int", mi(dataset={**DATASET, "config": 2022}), {"EG202"}),
    ("dataset-type-null", mi(dataset={**DATASET, "type": None}), {"EG202"}),
    ("dataset-type-not-hub-id", mi(dataset={**DATASET, "type": "MMLU (5-shot)"}), {"EG304"}),
    ("result-without-metrics", mi(metrics=_DROP), {"EG207"}),
    ("metrics-a-mapping", mi(metrics={"type": "accuracy", "value": 1.0}), {"EG202"}),
    ("metrics-empty", mi(metrics=[]), {"EG206"}),
    ("metric-without-type", mi(metric={"value": 1.0}), {"EG201"}),
    ("metric-without-value", mi(metric={"type": "accuracy"}), {"EG201"}),
    ("metric-value-null", mi(metric={"type": "accuracy", "value": None}), {"EG203"}),
    ("metric-value-bool", mi(metric={"type": "accuracy", "value": True}), {"EG203"}),
    ("metric-value-list", mi(metric={"type": "accuracy", "value": [1, 2]}), {"EG203"}),
    ("metric-value-nan", mi(metric={"type": "accuracy", "value": float("nan")}), {"EG301"}),
    ("metric-value-text", mi(metric={"type": "accuracy", "value": "XX.XX"}), {"EG306"}),
    ("metric-config-int", mi(metric={**METRIC, "config": 5}), {"EG202"}),
    ("source-name-without-url", mi(source={"name": "Model README"}), {"EG204"}),
    ("source-a-string", mi(source="https://x.org"), {"EG202"}),
    ("same-metric-twice", mi(metrics=[METRIC, {**METRIC, "value": 59.0}]), {"EG303"}),
]  # fmt: skip


def client_rejects(model_index: Any) -> bool:
    try:
        model_index_to_eval_results(model_index)
    except (KeyError, TypeError, AttributeError, ValueError):
        return True
    return False


def findings_for(model_index: Any) -> list[Any]:
    text = "---\n" + yaml.safe_dump({"model-index": model_index}, sort_keys=False) + "---\n"
    return [
        f
        for f in check_readme(text.encode("utf-8"), "README.md")
        if f.rule.startswith(("EG2", "EG3"))
    ]


@pytest.mark.parametrize(
    ("model_index", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_agrees_with_huggingface_hub(model_index: Any, rules: set[str]) -> None:
    found = findings_for(model_index)
    assert {f.rule for f in found} == rules
    if client_rejects(model_index):
        assert found, "huggingface_hub rejects this model-index; check must report it"
    for f in found:
        if f.severity == "error":
            assert RULES[f.rule].evidence.hub_backed, (f.rule, RULES[f.rule].evidence)


def test_what_only_huggingface_hub_refuses_is_a_warning_that_says_so() -> None:
    (found,) = findings_for(mi(dataset=_DROP))
    assert (found.rule, found.severity) == ("EG207", "warning")
    assert "by huggingface_hub (the Hub accepts the card without it)" in found.message
    assert RULES["EG207"].evidence is Evidence.CLIENT_REJECTS
