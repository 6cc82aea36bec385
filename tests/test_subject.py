"""Which header names the model: one case per rule of evalguard/tables/subject.py."""

from __future__ import annotations

import pytest

from evalguard.tables import ModelName, norm_tokens
from evalguard.tables.subject import Rule, match_headers, names_model
from evalguard.tables.vocabulary import is_eval_setting


@pytest.mark.parametrize(
    ("model", "headers", "indexes", "rule", "coexists"),
    [
        pytest.param(
            "acme/Tiny-7B", ["7B Tiny", "Tiny-7B-v2"], [0], Rule.TOKENS, True, id="tokens"
        ),
        pytest.param(
            "acme/Tiny-7B", ["Other-7B", "**Tiny-7B** 🚀"], [1], Rule.EXACT, True, id="exact"
        ),
        pytest.param(
            "acme/Tiny-7B", ["Tiny-7B (ours)", "Other-7B"], [0], Rule.EXACT, True, id="exact-ours"
        ),
        pytest.param(
            "Tiny-7B", ["acme/Tiny-7B", "acme/Other-7B"], [0], Rule.EXACT, True,
            id="exact-org-name-header-for-a-bare-name",
        ),
        pytest.param(
            "acme/Tiny-7B", ["acme/Tiny-7B"], [0], Rule.EXACT, True, id="exact-repo-id"
        ),
        pytest.param(
            "acme/Tiny-7B", ["fork/Tiny-7B"], [0], Rule.SETTING, True,
            id="another-org-is-not-exact",
        ),
        pytest.param(
            "acme/Olmo-3-32B-Think", ["Olmo 3 Think 32B"], [0], Rule.TOKENS, True,
            id="tokens-in-any-order",
        ),
        pytest.param(
            "acme/zephyr-7b-beta", ["Zephyr 7B β"], [0], Rule.TOKENS, True, id="greek-letters"
        ),
        pytest.param(
            "acme/Tiny-7B", ["The Tiny-7B model"], [0], Rule.TOKENS, True, id="filler-words"
        ),
        pytest.param(
            "acme/Tiny-7B-v1.0", ["Tiny 7B 1"], [0], Rule.TOKENS, True, id="version-spelling"
        ),
        pytest.param(
            "acme/Tiny-7B", ["Tiny-7B Instruct", "Other-7B"], [0], Rule.SETTING, True,
            id="setting-one-qualified-header",
        ),
        pytest.param(
            "acme/Tiny-7B",
            ["Tiny-7B Zero-Shot CoT", "Tiny-7B Zero-Shot PoT"],
            [0, 1],
            Rule.SETTING,
            True,
            id="setting-evaluation-settings-coexist",
        ),
        pytest.param(
            "acme/Tiny-3B",
            ["Tiny 3B bf16", "Tiny 3B QLoRA", "Tiny 3B Vanilla PTQ*"],
            [0],
            Rule.SETTING,
            True,
            id="setting-native-precision-over-quantized-variants",
        ),
        pytest.param(
            "acme/Tiny-7B",
            ["Tiny-7B (6K)", "Tiny-7B (10K)"],
            [0, 1],
            Rule.SETTING,
            False,
            id="setting-variants-are-ambiguous",
        ),
        pytest.param(
            "acme/Tiny-R1",
            ["Tiny-R1-Distill-Qwen-7B", "Tiny-R1-Distill-Llama-8B"],
            [],
            None,
            False,
            id="setting-never-with-a-parameter-size",
        ),
        pytest.param(
            "acme/Tiny-3.2-90B-Vision", ["Tiny 3.2 90B", "Other 90B"], [0], Rule.PREFIX, True,
            id="prefix",
        ),
        pytest.param(
            "meta-llama/Meta-Llama-3-70B", ["Llama 3 8B", "Llama 3 70B"], [1], Rule.PARTS, True,
            id="prefix-after-org-words",
        ),
        pytest.param(
            "acme/Tiny-7B-sft", ["Tiny-7B", "Other"], [], None, False,
            id="prefix-never-drops-a-training-stage",
        ),
        pytest.param(
            "acme/Tiny-0.5-Laser-0.6", ["Tiny-0.5", "Other"], [], None, False,
            id="prefix-never-drops-a-version",
        ),
        pytest.param(
            "acme/speedy-tinycoder-34b", ["TinyCoder-34B", "Other-34B"], [], None, False,
            id="prefix-never-drops-the-first-word",
        ),
        pytest.param(
            "acme/Tiny-3.2-90B-Vision", ["Tiny 3.2 90B", "Tiny 3.2 90B"], [0, 1], Rule.PREFIX,
            False, id="prefix-twice-is-ambiguous",
        ),
        pytest.param(
            "acme/Tiny-70B", ["7B", "13B", "70B"], [2], Rule.SIZE, True, id="size"
        ),
        pytest.param(
            "acme/Tiny-7B", ["Baseline", "Ours"], [1], Rule.OURS, True, id="ours"
        ),
        pytest.param(
            "acme/Tiny-7B",
            ["Ours without spell correction", "Ours with spell correction"],
            [0, 1],
            Rule.OURS,
            True,
            id="ours-with-settings",
        ),
        pytest.param(
            "acme/Tiny-7B", ["Other-7B", "Another-13B"], [], None, False, id="no-match"
        ),
        pytest.param(
            "acme/Tiny-7B", ["7B Tiny", "7B-Tiny"], [0, 1], Rule.TOKENS, False,
            id="tokens-twice-is-ambiguous",
        ),
    ],
)  # fmt: skip
def test_rules(
    model: str, headers: list[str], indexes: list[int], rule: Rule | None, coexists: bool
) -> None:
    matches = match_headers(ModelName(model), headers)
    assert [m.index for m in matches] == indexes
    if rule is not None:
        assert {m.rule for m in matches} == {rule}
        assert all(m.coexists == coexists for m in matches)


def test_a_link_to_the_repo_names_the_model() -> None:
    links = [("https://huggingface.co/acme/Other-7B",), ("https://huggingface.co/acme/Tiny-7B",)]
    matches = match_headers(ModelName("acme/Tiny-7B"), ["Other", "Ours-ish"], links)
    assert [(m.index, m.rule) for m in matches] == [(1, Rule.LINK)]


def test_an_earlier_rule_wins_over_a_later_one() -> None:
    matches = match_headers(ModelName("acme/Tiny-7B"), ["Ours", "Tiny-7B Instruct", "7B Tiny"])
    assert [(m.index, m.rule) for m in matches] == [(2, Rule.TOKENS)]


def test_setting_words_become_the_setting() -> None:
    (match,) = match_headers(ModelName("acme/Tiny-7B"), ["Tiny-7B Instruct"])
    assert match.setting == "Instruct"
    (paren,) = match_headers(ModelName("acme/Tiny-7B"), ["Tiny-7B (Ours, Leaderboard)"])
    assert paren.setting == "Leaderboard"


@pytest.mark.parametrize(
    ("raw", "name", "repo_id"),
    [
        ("acme/Tiny-7B", "Tiny-7B", "acme/Tiny-7B"),
        ("Tiny-7B", "Tiny-7B", None),
        ("Model Card for Tiny-7B", "Tiny-7B", None),
        ("Model Card: Tiny-7B", "Tiny-7B", None),
        ("Tiny-7B Model Card", "Tiny-7B", None),
        ("a/b/c", "a/b/c", None),
    ],
)
def test_model_name(raw: str, name: str, repo_id: str | None) -> None:
    model = ModelName(raw)
    assert (model.name, model.repo_id) == (name, repo_id)


def test_norm_tokens() -> None:
    assert norm_tokens("Llama-3.1-405B v2.0 β") == ["llama", "3.1", "405b", "2", "beta"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-shot", True),
        ("3/0-shot", True),
        ("Zero-Shot CoT", True),
        ("maj@16", True),
        ("w/o thinking", True),
        ("Instruct", False),
        ("QLoRA", False),
        ("12", False),
        ("", False),
    ],
)
def test_is_eval_setting(text: str, expected: bool) -> None:
    assert is_eval_setting(text) is expected


def test_names_model_needs_every_word_of_the_name() -> None:
    model = ModelName("acme/Tiny-13B-Base")
    assert names_model(model, "Detailed results of the Tiny-13B-Base model on C-Eval.")
    assert not names_model(model, "Detailed results of Tiny-7B on C-Eval.")
    assert not names_model(ModelName("acme/14B"), "Results of a 14B model")
