"""A model's name in parts (tables/names.py), what the card ties to the repo (ties.py),
and the words that make a header an attribute or a setting (vocabulary.py)."""

from __future__ import annotations

import pytest

from evalguard.tables import card_ties, read_document
from evalguard.tables.names import parse_name, same_model
from evalguard.tables.vocabulary import (
    is_generic_heading,
    is_not_score_label,
    names_a_setting_value,
)


@pytest.mark.parametrize(
    ("name", "described"),
    [
        (
            "microsoft/Phi-3.5-mini-instruct",
            "org microsoft, family phi, version 3.5, size mini, variant instruct",
        ),
        (
            "Qwen/Qwen2.5-7B-Instruct",
            "org qwen, family qwen, version 2.5, size 7b, variant instruct",
        ),
        ("google/gemma-2-9b-it", "org google, family gemma, version 2, size 9b, variant instruct"),
        ("lab/Qux-small-32k-chat", "org lab, family qux, size small, variant chat, context 32k"),
        ("TheBloke/Luban-13B-GGUF", "org thebloke, family luban, size 13b, quantization gguf"),
        ("Mistral-Nemo-12B-Ins-2407", "family mistral nemo, size 12b, variant instruct, tag 2407"),
        ("bert-base-uncased", "family bert uncased, size base"),
        ("Orion-14B-Base", "family orion, size 14b, variant base"),
        ("Mixtral-8x7B-v0.1", "family mixtral, version 0.1, size 8x7b"),
    ],
)
def test_parse_name(name: str, described: str) -> None:
    assert parse_name(name).describe() == described


@pytest.mark.parametrize(
    ("model", "header", "same", "why"),
    [
        ("microsoft/Phi-3.5-mini-instruct", "Phi-3.5 Mini-Ins", True, "same parts"),
        ("microsoft/Phi-3.5-mini-instruct", "Phi-3.0-Mini-128k-Instruct", False, "version 3 is"),
        ("openlm-research/open_llama_13b", "OpenLLaMA 13B", True, "same parts"),
        ("openlm-research/open_llama_13b", "LLaMA 13B", False, "family llama"),
        ("meta-llama/Meta-Llama-3-70B", "Llama 3 70B", True, "same parts"),
        ("meta-llama/Meta-Llama-3-70B", "Llama 2 70B", False, "version 2 is not 3"),
        ("tiiuae/falcon-mamba-7b", "FalconMamba-7B", True, "same parts"),
        ("OrionStarAI/Orion-14B-Base", "OrionStar-14B-Base", True, "same parts"),
        ("OrionStarAI/Orion-14B-Base", "OrionStar-14B-Base-Int4", False, "quantization int4"),
        ("deepseek-ai/DeepSeek-V2-Chat", "DeepSeek-V2", False, "variant none is not chat"),
        ("Qwen/Qwen2.5-7B-Instruct", "Qwen2-7B-Instruct", False, "version 2 is not 2.5"),
        ("lab/Qux-small-32k-chat", "Qux-small-chat", True, "leaves out the context length"),
        ("lab/Qux-small-32k-chat", "Qux-small-8k-chat", False, "context 8k"),
        ("lab/Qux-small-32k-chat", "32K", False, "family -"),
        (
            "quants/Daredevil-8B-abliterated-GGUF",
            "acme/Daredevil-8B-abliterated",
            True,
            "leaves out the quantization",
        ),
        ("acme/Tiny-7B", "other/Tiny-7B", False, "org other is not acme"),
        ("openchat/openchat-3.5-0106", "OpenChat-3.5", False, "tag none is not 0106"),
        ("openchat/openchat-3.5-0106", "OpenChat-3.5-0106", True, "same parts"),
    ],
)
def test_same_model(model: str, header: str, same: bool, why: str) -> None:
    verdict = same_model(parse_name(model), parse_name(header))
    assert verdict.same is same
    assert why in verdict.reason


def test_ties_link_size_and_metadata() -> None:
    body = (
        "| Model | Download |\n|---|---|\n"
        "| Orbit-Chat (RL) | [🤗](https://huggingface.co/lab/Orbit-Chat) |\n\n"
        "See [Orbit Chat RL](https://hf.co/lab/Orbit-Chat) and [other](https://huggingface.co/lab/Orbit).\n\n"
        '```python\nAutoModel.from_pretrained("lab/Orbit-Chat")  # 23M model\n'
        'AutoModel.from_pretrained("lab/Orbit-Chat-68M")  # 68M model\n```\n'
    )
    document = read_document(body)
    ties = card_ties(
        "lab/Orbit-Chat",
        document,
        body=body,
        metadata=["lab/data-6k-v0"],
    )
    assert ties.names == {"orbitchatrl"}  # the download row and the prose link
    assert ties.size == "23m"
    assert "6k" in ties.words


@pytest.mark.parametrize(
    ("label", "attribute", "setting"),
    [
        ("# Params", True, False),
        ("Params", True, False),
        ("7B Params", False, True),
        ("Sequence Length 1024", False, True),
        ("Input length 3818", False, True),
        ("Context length", True, False),
        ("GMAC", True, False),
        ("Act (M)", True, False),
        ("Throughput (samples/s)", True, False),
        ("95% CI", True, False),
        ("p-value", True, False),
        ("support", True, False),
        ("#sent", True, False),
        ("Epoch 3", True, False),
        ("Accuracy", False, False),
        ("Loan Words", False, False),
    ],
)
def test_attributes_and_setting_values(label: str, attribute: bool, setting: bool) -> None:
    assert is_not_score_label(label) is attribute
    assert names_a_setting_value(label) is setting


@pytest.mark.parametrize(
    ("heading", "generic"),
    [
        ("Evaluation", True),
        ("Benchmark Results", True),
        ("By Throughput (samples / sec)", True),
        ("Common Voice 9.0 testing", False),
        ("MGSM", False),
    ],
)
def test_generic_headings(heading: str, generic: bool) -> None:
    assert is_generic_heading(heading) is generic
