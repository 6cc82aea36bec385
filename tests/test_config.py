"""`.evalguard.yaml` and metric mappings: accepted shapes and one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evalguard.config import MetricSpec, load_config, parse_config, parse_metric_mapping
from evalguard.errors import ConfigError


def test_full_config() -> None:
    config = parse_config(
        {
            "model": "acme/tiny",
            "tables": [2, 3],
            "skip_tables": 5,
            "column": "Tiny (ours)",
            "task_type": "automatic-speech-recognition",
            "dataset_name": "Common Voice",
            "metric_mapping": {"WER": "wer", "CER": {"type": "cer", "name": "CER"}},
            "benchmarks": [{"key": "mine", "aliases": ["My Bench"], "dataset": "acme/mine"}],
            "disable": ["EG302"],
        },
        "cfg",
    )
    assert config.tables == (2, 3) and config.skip_tables == (5,)
    assert config.metric_mapping == {"WER": MetricSpec("wer"), "CER": MetricSpec("cer", "CER")}
    assert config.benchmarks[0].name == "mine" and config.benchmarks[0].status == "custom"
    assert config.disable == ("EG302",)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "must be a mapping"),
        ({"modle": "x"}, "unknown setting(s) modle"),
        ({"model": 3}, "`model` must be a string"),
        ({"tables": ["2"]}, "list of table numbers"),
        ({"tables": [0]}, "list of table numbers"),
        ({"tables": [True]}, "list of table numbers"),
        ({"benchmarks": {"key": "x"}}, "`benchmarks` must be a list"),
        ({"benchmarks": [{"name": "x"}]}, "needs a string `key`"),
        ({"benchmarks": [{"key": "x", "aliases": "y"}]}, "must be a list of strings"),
        ({"benchmarks": [{"key": "x", "colour": "y"}]}, "unknown benchmark field(s) colour"),
        ({"disable": "EG302"}, "list of rule ids"),
        ({"metric_mapping": {"X": {"name": "n"}}}, "needs a string `type`"),
    ],
)
def test_invalid_config(data: Any, words: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        parse_config(data, "cfg")
    assert words in info.value.message


def test_missing_config_is_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path).model is None
    assert load_config(None).tables == ()


def test_config_yaml_error_has_a_place(tmp_path: Path) -> None:
    (tmp_path / ".evalguard.yaml").write_text("model: acme/x\ntables: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 3


def test_metric_mapping_accepts_the_predecessor_shape() -> None:
    mapping = parse_metric_mapping(
        {"MMLU": {"type": "mmlu", "name": "Massive Multitask Language Understanding"}}, "m"
    )
    assert mapping["MMLU"] == MetricSpec("mmlu", "Massive Multitask Language Understanding")
