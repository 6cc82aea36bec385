"""The benchmark catalog: table spellings -> one benchmark with its Hub dataset."""

from __future__ import annotations

import pytest

from evalguard.catalog import Benchmark, benchmark_from_mapping, builtin_catalog, lookup_keys
from evalguard.errors import ConfigError


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("MMLU", "mmlu"),
        ("MMLU (5-shot)", "mmlu"),
        ("**MMLU**†", "mmlu"),
        ("GSM-8K (8-shot, CoT)", "gsm8k"),
        ("GSM8k (5-shot)", "gsm8k"),
        ("AI2 Reasoning Challenge (25-Shot)", "arc_challenge"),
        ("arc_challenge", "arc_challenge"),
        ("MMLU-Pro", "mmlu_pro"),
        ("GPQA Diamond", "gpqa_diamond"),
    ],
)
def test_spellings_find_one_benchmark(name: str, key: str) -> None:
    found = builtin_catalog().lookup(name)
    assert found is not None and found.key == key


def test_an_unknown_benchmark_is_not_guessed() -> None:
    assert builtin_catalog().lookup("Tiny-Internal-Eval") is None


def test_lookup_keys_go_from_specific_to_general() -> None:
    assert lookup_keys("MMLU (5-shot)") == ("mmlu5shot", "mmlu")
    assert lookup_keys("BBH 3-shot") == ("bbh3shot", "bbh")


def test_a_dataset_id_finds_its_benchmark() -> None:
    found = builtin_catalog().for_dataset("openai/gsm8k")
    assert found is not None and found.key == "gsm8k"


def test_extended_entries_override_builtin_aliases() -> None:
    custom = Benchmark(key="house_mmlu", name="House MMLU", aliases=("MMLU",), status="custom")
    catalog = builtin_catalog().extended([custom])
    for spelling in ("MMLU", "MMLU (5-shot)", "MMLU-5shot"):
        found = catalog.lookup(spelling)
        assert found is not None and found.key == "house_mmlu", spelling
    assert catalog.lookup("GSM8K") is not None


def test_entries_are_checked() -> None:
    entry = benchmark_from_mapping({"key": "x", "aliases": ["X Bench"]}, "test")
    assert (entry.name, entry.aliases, entry.status) == ("x", ("X Bench",), "custom")
    with pytest.raises(ConfigError, match="unknown benchmark field"):
        benchmark_from_mapping({"key": "x", "colour": "red"}, "test")
    with pytest.raises(ConfigError, match="string `key`"):
        benchmark_from_mapping({"name": "x"}, "test")
    with pytest.raises(ConfigError, match="list of strings"):
        benchmark_from_mapping({"key": "x", "aliases": "X"}, "test")


def test_every_builtin_entry_has_a_name_and_unique_key() -> None:
    keys = [b.key for b in builtin_catalog().benchmarks]
    assert len(keys) == len(set(keys))
    assert all(b.name for b in builtin_catalog().benchmarks)
