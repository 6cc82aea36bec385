"""Scores -> model-index results: metric types, grouping, settings, deterministic YAML."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from evalguard.card.yamlblock import dump_block
from evalguard.catalog import builtin_catalog
from evalguard.config import MetricSpec
from evalguard.sources.readme import ResultContext, scores_to_results
from evalguard.tables import Score, metric_type, parse_score


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Acc.", "accuracy"),
        ("accuracy", "accuracy"),
        ("acc_norm", "acc_norm"),
        ("EM", "exact_match"),
        ("Exact Match", "exact_match"),
        ("F1", "f1"),
        ("Pass@1", "pass@1"),
        ("pass@10", "pass@10"),
        ("WER", "wer"),
        ("BPB", "bits_per_byte"),
        ("win rate %", "win_rate"),
        ("cosine_ndcg@10", "cosine_ndcg@10"),
        ("macro_avg/acc_char", "macro_avg/acc_char"),
        ("WER PyThaiNLP 2.3.1", "wer_pythainlp_2_3_1"),
    ],
)
def test_metric_type(written: str, expected: str) -> None:
    assert metric_type(written) == expected


def score(
    benchmark: str,
    value: str,
    *,
    metric: str | None = None,
    setting: str = "",
    shots: int | None = None,
    table: int = 1,
) -> Score:
    number = parse_score(value)
    assert number is not None
    return Score(benchmark, metric, number, table, 10, 3, setting, shots, "Tiny-7B")


def blocks(*args: Any) -> list[dict[str, Any]]:
    return [r.block for r in scores_to_results(*args)]


CTX = ResultContext("text-generation", builtin_catalog(), {}, None, "https://huggingface.co/a/b")


def test_known_benchmark_gets_hub_id_and_usual_metric() -> None:
    [result] = blocks([score("MMLU (5-shot)", "61.2", shots=5)], CTX, {})
    assert result == {
        "task": {"type": "text-generation"},
        "dataset": {"name": "MMLU (5-shot)", "type": "cais/mmlu", "args": {"num_few_shot": 5}},
        "metrics": [{"type": "accuracy", "value": 61.2}],
        "source": {"name": "Model README", "url": "https://huggingface.co/a/b"},
    }


def test_unknown_benchmark_gets_a_slug_and_the_written_metric() -> None:
    [result] = blocks([score("MedQA-4-Option", "52", metric="Acc.")], CTX, {})
    assert result["dataset"] == {"name": "MedQA-4-Option", "type": "medqa_4_option"}
    assert result["metrics"] == [{"type": "accuracy", "value": 52, "name": "Acc."}]


def test_metrics_of_one_benchmark_share_a_block_and_settings_do_not() -> None:
    results = blocks(
        [
            score("NanoNQ", "0.24", metric="cosine_accuracy@1"),
            score("NanoNQ", "0.44", metric="cosine_accuracy@3"),
            score("GSM8K", "71.7", setting="Zero-Shot PoT"),
            score("GSM8K", "74.7", setting="Zero-Shot CoT"),
        ],
        CTX,
        {},
    )
    assert [r["dataset"]["name"] for r in results] == [
        "NanoNQ", "GSM8K (Zero-Shot PoT)", "GSM8K (Zero-Shot CoT)",
    ]  # fmt: skip
    assert len(results[0]["metrics"]) == 2


@pytest.mark.parametrize(
    ("setting", "metric"),
    [
        ("pass@1", {"type": "pass@1", "name": "pass@1"}),
        ("pass@10", {"type": "pass@10", "name": "pass@10"}),  # not HumanEval's usual pass@1
        ("maj@16", {"type": "maj@16", "name": "maj@16"}),
        ("Zero-Shot CoT", {"type": "pass@1"}),  # a setting that names no metric
    ],
)
def test_a_setting_that_is_a_metric_at_k_is_the_metric(
    setting: str, metric: dict[str, str]
) -> None:
    [result] = blocks([score("HumanEval", "0.5784", setting=setting)], CTX, {})
    assert result["metrics"] == [{**metric, "value": 0.5784}]


def test_metric_mapping_wins() -> None:
    ctx = ResultContext(
        CTX.task_type, CTX.catalog, {"gsm8k": MetricSpec("em", "strict EM")}, None, "u"
    )
    [result] = blocks([score("GSM8K", "40.1")], ctx, {})
    assert result["metrics"] == [{"type": "em", "value": 40.1, "name": "strict EM"}]


def test_table_without_benchmark_names_uses_dataset_name_then_card_dataset_then_metric() -> None:
    """`| Model | WER | CER |` under a heading such as `Evaluation` (a specific heading or a
    title line above the table is the score's benchmark already, see tables/scores.py)."""
    ctx = ResultContext(CTX.task_type, CTX.catalog, {}, "Common Voice 7 (th)", "u")
    card = ResultContext(CTX.task_type, CTX.catalog, {}, None, "u", "common_voice")
    wer = [score("", "13.6", metric="WER")]
    [named] = blocks(wer, ctx, {1: "Evaluation"})
    [listed] = blocks(wer, card, {1: "Evaluation"})
    [metric] = blocks(wer, CTX, {1: "Evaluation"})
    [headed] = blocks([score("", "13.6")], CTX, {1: "Evaluation"})
    assert named["dataset"]["name"] == "Common Voice 7 (th)"
    assert listed["dataset"]["name"] == "common_voice"
    assert metric["dataset"]["name"] == "WER"
    assert headed["dataset"]["name"] == "Evaluation"


def test_integers_stay_integers_and_duplicates_keep_the_first() -> None:
    [result] = blocks(
        [
            score("CodeForces", "1,134", metric="rating"),
            score("CodeForces", "999", metric="rating"),
        ],
        CTX,
        {},
    )
    assert result["metrics"] == [{"type": "rating", "value": 1134, "name": "rating"}]


def test_a_benchmark_in_two_tables_with_two_values_is_two_results() -> None:
    """Base and instruct tables, one table per test set: the second is named after its
    table's heading (or number), so no score is dropped; the same value again is one."""
    scores = [
        score("MMLU", "79.5", table=1),
        score("MMLU", "82.0", table=2),
        score("MMLU", "79.5", table=3),
        score("MMLU", "70.1", table=4),
    ]
    headings = {1: "Base pretrained models", 2: "Instruction tuned models", 3: "", 4: ""}
    results = blocks(scores, CTX, headings)
    assert [(r["dataset"]["name"], r["metrics"][0]["value"]) for r in results] == [
        ("MMLU", 79.5),
        ("MMLU (Instruction tuned models)", 82.0),
        ("MMLU (table 4)", 70.1),
    ]


def test_a_table_named_result_keeps_its_first_duplicate_too() -> None:
    """The second table's result, named after it, keeps the first of a metric it
    repeats, as the first table's does: one value per metric in a block."""
    scores = [
        score("MMLU", "79.5", table=1),
        score("MMLU", "82.0", table=2),
        score("MMLU", "83.0", table=2),
    ]
    results = blocks(scores, CTX, {})
    assert [(r["dataset"]["name"], [m["value"] for m in r["metrics"]]) for r in results] == [
        ("MMLU", [79.5]),
        ("MMLU (table 2)", [82.0]),
    ]


@pytest.mark.parametrize("indent", [False, True])
def test_dump_block_round_trips(indent: bool) -> None:
    value = [
        {
            "name": "m",
            "results": [{"task": {"type": "t"}, "metrics": [{"type": "a", "value": 1.0}]}],
        }
    ]
    text = dump_block(value, indent_sequences=indent, newline="\n")
    assert yaml.safe_load(text) == {"model-index": value}
    assert text.startswith("model-index:\n  - name: m\n" if indent else "model-index:\n- name: m\n")
