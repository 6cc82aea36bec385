"""The Artificial Analysis source: the payload's model -> model-index results (pure)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evalguard.catalog import builtin_catalog
from evalguard.results.model import AA_SOURCE_NAME, SourceKind
from evalguard.sources.aa import (
    AAModelNotFound,
    AAPayloadError,
    Scale,
    aa_source,
    find_model,
    key_mappings,
    percent_scale,
)

EXAMPLE = json.loads((Path(__file__).parent / "data" / "aa-llms-models.json").read_text("utf-8"))


def payload(*models: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "status": 200,
        "data": [
            {"id": f"id-{slug}", "name": slug, "slug": slug,
             "model_creator": {"id": f"c-{creator}", "name": creator, "slug": creator},
             "evaluations": evaluations}
            for creator, slug, evaluations in models
        ],
    }  # fmt: skip


SIBLINGS = payload(
    ("acme", "tiny-7b", {"mmlu_pro": 0.5}),
    ("acme", "tiny-7b-reasoning", {"mmlu_pro": 0.6}),
    ("acme", "huge-70b", {}),
    ("other", "tiny-7b", {"mmlu_pro": 0.9}),
)


def test_every_mapping_names_a_catalog_benchmark() -> None:
    keys = {b.key for b in builtin_catalog().benchmarks}
    assert {m.benchmark for m in key_mappings().values()} <= keys


def test_documented_example_becomes_results_on_the_percent_scale() -> None:
    model = find_model(EXAMPLE, "openai", "o3-mini")
    found = aa_source(model, builtin_catalog(), task_type="text-generation")
    assert found.source.kind is SourceKind.ARTIFICIAL_ANALYSIS
    assert found.unknown == () and found.unusable == () and found.nulls == ()
    values = {
        r.block["dataset"]["name"]: r.block["metrics"][0]["value"] for r in found.source.results
    }
    assert values == {
        "MMLU-Pro": 79.1, "GPQA Diamond": 74.8, "Humanity's Last Exam": 8.7,
        "LiveCodeBench": 71.7, "SciCode": 39.9, "MATH-500": 97.3, "AIME 2024": 77,
        "Artificial Analysis Intelligence Index": 62.9,
        "Artificial Analysis Coding Index": 55.8, "Artificial Analysis Math Index": 87.2,
    }  # fmt: skip
    first = found.source.results[0].block
    assert first["source"] == {
        "name": AA_SOURCE_NAME,
        "url": "https://artificialanalysis.ai/models/o3-mini",
    }
    assert first["dataset"]["type"] == "TIGER-Lab/MMLU-Pro"
    assert first["task"] == {"type": "text-generation"}


@pytest.mark.parametrize(
    ("value", "scale", "expected", "decimals"),
    [
        (0.791, Scale.FRACTION, 79.1, 1),
        (0.07, Scale.FRACTION, 7, 0),
        (0.8765, Scale.FRACTION, 87.65, 2),
        (1.0, Scale.FRACTION, 100, 0),
        (0.0, Scale.FRACTION, 0, 0),
        (62.9, Scale.INDEX, 62.9, 1),
        (55, Scale.INDEX, 55, 0),
    ],
)
def test_percent_scale_is_exact(value: float, scale: Scale, expected: float, decimals: int) -> None:
    got, digits = percent_scale(value, scale)
    assert (got, digits) == (expected, decimals)
    assert repr(got) == repr(expected)


@pytest.mark.parametrize(
    ("creator", "model", "message", "candidates"),
    [
        pytest.param(
            "acme", "tiny-7", "closest slugs of acme: tiny-7b, tiny-7b-reasoning",
            ("tiny-7b", "tiny-7b-reasoning", "huge-70b"), id="near-miss",
        ),
        pytest.param(
            "ACME", "tiny-7b", "no model creator 'ACME'; closest creator slugs: acme",
            ("acme", "other"), id="creator-case",
        ),
    ],
)  # fmt: skip
def test_a_miss_lists_the_closest_slugs_and_never_takes_a_near_match(
    creator: str, model: str, message: str, candidates: tuple[str, ...]
) -> None:
    with pytest.raises(AAModelNotFound) as caught:
        find_model(SIBLINGS, creator, model)
    assert message in caught.value.message
    assert caught.value.candidates == candidates


def test_exact_slugs_pick_the_model_not_its_sibling() -> None:
    assert find_model(SIBLINGS, "acme", "tiny-7b").evaluations == {"mmlu_pro": 0.5}
    assert find_model(SIBLINGS, "other", "tiny-7b").evaluations == {"mmlu_pro": 0.9}


def test_two_records_with_the_same_slugs_are_refused() -> None:
    twice = payload(("acme", "x", {}), ("acme", "x", {}))
    with pytest.raises(AAModelNotFound, match="2 models"):
        find_model(twice, "acme", "x")


@pytest.mark.parametrize("bad", [[], {"data": {}}, {"status": 200}, "text", None])
def test_a_payload_without_a_model_list_is_an_error(bad: Any) -> None:
    with pytest.raises(AAPayloadError):
        find_model(bad, "acme", "x")


@pytest.mark.parametrize(
    ("evaluations", "imported", "note"),
    [
        pytest.param({"mmlu_pro": None}, {}, "", id="null-skipped"),
        pytest.param(
            {"mmlu_pro": 0.5, "tau3_future": 0.4}, {"MMLU-Pro": 50},
            "no benchmark for, not imported: tau3_future", id="unknown-reported",
        ),
        pytest.param({"mmlu_pro": "0.5"}, {}, "mmlu_pro: '0.5' is not a number", id="string"),
        pytest.param({"mmlu_pro": True}, {}, "mmlu_pro: True is not a number", id="bool"),
        pytest.param(
            {"mmlu_pro": 79.1}, {}, "mmlu_pro: 79.1 is outside the fraction scale",
            id="scale-changed",
        ),
        pytest.param(
            {"gpqa": 0.7, "gpqa_diamond": 0.7}, {"GPQA Diamond": 70}, "", id="same-twice",
        ),
        pytest.param(
            {"gpqa": 0.7, "gpqa_diamond": 0.71}, {},
            "two values for one benchmark (gpqa: 70, gpqa_diamond: 71)", id="clash",
        ),
    ],
)  # fmt: skip
def test_what_is_not_imported_is_said(
    evaluations: dict[str, Any], imported: dict[str, float], note: str
) -> None:
    model = find_model(payload(("acme", "x", evaluations)), "acme", "x")
    found = aa_source(model, builtin_catalog(), task_type="text-generation")
    values = {
        r.block["dataset"]["name"]: r.block["metrics"][0]["value"] for r in found.source.results
    }
    assert values == imported
    notes = " | ".join(found.notes())
    assert note in notes
    if not note:
        assert notes == ""
