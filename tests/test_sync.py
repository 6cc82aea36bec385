"""sync: README tables -> model-index, byte-exact outside the block, idempotent, lossless."""

from __future__ import annotations

import textwrap

import pytest

from evalguard.api import ExtractRequest
from evalguard.card.split import parse_card
from evalguard.errors import CardError
from evalguard.results.merge import Refusal
from evalguard.results.sync import SyncRefused, plan_sync

MODEL = "acme/Tiny-7B"
TABLE = textwrap.dedent(
    """\
    # Tiny-7B

    | Benchmark | Tiny-7B | Other-7B |
    |---|---|---|
    | MMLU (5-shot) | **61.2** | 59.0 |
    | GSM8K | 40.1 | 38.0 |
    """
)
README_BLOCK = textwrap.dedent(
    """\
    model-index:
    - name: Tiny-7B
      results:
      - task:
          type: text-generation
        dataset:
          name: MMLU (5-shot)
          type: cais/mmlu
          args:
            num_few_shot: 5
        metrics:
        - type: accuracy
          value: 61.2
        source:
          name: Model README
          url: https://huggingface.co/acme/Tiny-7B
      - task:
          type: text-generation
        dataset:
          name: GSM8K
          type: openai/gsm8k
        metrics:
        - type: exact_match
          value: 40.1
        source:
          name: Model README
          url: https://huggingface.co/acme/Tiny-7B
    """
)


def sync(text: str, *, model: str | None = MODEL, overwrite: bool = False) -> str | None:
    plan = plan_sync(text.encode(), ExtractRequest(model=model), overwrite=overwrite)
    if not plan.changed:
        return None
    assert plan.new_text is not None
    again = plan_sync(plan.new_bytes, ExtractRequest(model=model), overwrite=overwrite)
    assert not again.changed, "a second sync must change nothing"
    return plan.new_text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(TABLE, "---\n" + README_BLOCK + "---\n" + TABLE, id="adds-front-matter"),
        pytest.param(
            "---\nlicense: mit  # keep me\ntags: [x]\n---\n" + TABLE,
            "---\nlicense: mit  # keep me\ntags: [x]\n" + README_BLOCK + "---\n" + TABLE,
            id="appends-to-front-matter",
        ),
        pytest.param(
            "---\n---\n" + TABLE, "---\n" + README_BLOCK + "---\n" + TABLE, id="empty-front-matter"
        ),
    ],
)
def test_writes_block(before: str, after: str) -> None:
    assert sync(before) == after


def test_no_table_no_change() -> None:
    assert sync("---\nlicense: mit\n---\n# Tiny\n\nNo scores here.\n") is None


def test_training_log_is_not_synced() -> None:
    log = (
        "| Epoch | Step | Training Loss | Validation Loss |\n"
        "|---|---|---|---|\n| 1 | 10 | 0.5 | 0.4 |\n"
    )
    assert sync("---\nlicense: mit\n---\n" + log) is None


HAND_WRITTEN = textwrap.dedent(
    """\
    ---
    license: mit
    model-index:
    - name: Tiny-7B
      results:
      # written by hand, keep exactly
      - task: {type: text-generation}
        dataset: {name: HellaSwag, type: Rowan/hellaswag}
        metrics:
           - type: acc_norm
             value: 80.10   # trailing zero and comment
        source:
          name: Open LLM Leaderboard
          url: https://example.org/oll
    # a comment about datasets
    datasets: [a]
    ---
    """
)


def test_other_sources_keep_their_exact_text() -> None:
    after = sync(HAND_WRITTEN + TABLE)
    assert after is not None
    kept = HAND_WRITTEN.split("# a comment about datasets")[0]
    assert after.startswith(kept)
    assert "value: 80.10   # trailing zero and comment" in after
    assert "# a comment about datasets\ndatasets: [a]\n---\n" + TABLE in after
    assert after.count("name: Model README") == 2


def test_readme_results_are_replaced_in_place() -> None:
    stale = README_BLOCK.replace("value: 61.2", "value: 58.0")
    after = sync("---\n" + stale + "license: mit\n---\n" + TABLE)
    assert after == "---\n" + README_BLOCK + "license: mit\n---\n" + TABLE


def test_readme_results_go_when_the_table_goes() -> None:
    card = "---\n" + README_BLOCK + "---\n# Tiny\n"
    after = sync(card)
    assert after is not None
    assert "Model README" not in after
    assert after.endswith("---\n# Tiny\n")


def test_crlf_and_bom_are_kept() -> None:
    text = ("---\nlicense: mit\n---\n" + TABLE).replace("\n", "\r\n")
    plan = plan_sync(b"\xef\xbb\xbf" + text.encode(), ExtractRequest(model=MODEL))
    data = plan.new_bytes
    assert data.startswith(b"\xef\xbb\xbf---\r\nlicense: mit\r\nmodel-index:\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.endswith(TABLE.replace("\n", "\r\n").encode())


def test_indented_sequence_style_is_kept() -> None:
    card = "---\ntags:\n  - a\nlicense: mit\n---\n" + TABLE
    after = sync(card)
    assert after is not None
    assert "model-index:\n  - name: Tiny-7B\n    results:\n      - task:" in after


def test_same_score_from_another_source_is_not_duplicated() -> None:
    card = HAND_WRITTEN.replace("HellaSwag, type: Rowan/hellaswag", "MMLU, type: cais/mmlu")
    card = card.replace("acc_norm", "accuracy").replace("80.10", "61.2")
    after = sync(card + TABLE)
    assert after is not None
    assert after.count("name: Model README") == 1  # only GSM8K is new


@pytest.mark.parametrize("overwrite", [False, True])
def test_conflict_with_another_source(overwrite: bool) -> None:
    card = HAND_WRITTEN.replace("HellaSwag, type: Rowan/hellaswag", "MMLU, type: cais/mmlu")
    card = card.replace("acc_norm", "accuracy")  # 80.10 disagrees with the table's 61.2
    plan = plan_sync((card + TABLE).encode(), ExtractRequest(model=MODEL), overwrite=overwrite)
    [conflict] = plan.conflicts
    c = conflict.conflict
    assert (c.new_value, c.other_value, conflict.other_line) == (61.2, 80.1, 11)
    assert c.replaced is overwrite
    assert plan.new_text is not None
    assert ("80.10" in plan.new_text) is not overwrite


@pytest.mark.parametrize(
    ("card", "refusal", "words"),
    [
        pytest.param(
            "| Benchmark | Tiny-7B | Tiny 7B |\n|---|---|---|\n| MMLU | 1 | 2 |\n",
            Refusal.WOULD_GUESS,
            "several columns name the model",
            id="ambiguous",
        ),
        pytest.param(
            "| Model | MMLU |\n|---|---|\n| Llama-2-7B | 45.3 |\n| Mistral-7B | 60.1 |\n",
            Refusal.WOULD_GUESS,
            "no table names the model",
            id="no-subject",
        ),
        pytest.param(
            "---\nmodel-index: {name: x}\n---\n" + TABLE,
            Refusal.BAD_INPUT,
            "must be a list",
            id="not-a-list",
        ),
    ],
)
def test_refusals(card: str, refusal: Refusal, words: str) -> None:
    with pytest.raises(SyncRefused) as info:
        plan_sync(card.encode(), ExtractRequest(model=MODEL))
    assert info.value.refusal is refusal
    assert words in info.value.message


def test_repo_id_is_needed_for_source_url() -> None:
    with pytest.raises(SyncRefused, match="repo id") as info:
        plan_sync(TABLE.encode(), ExtractRequest(model="Tiny-7B"))
    assert info.value.refusal is Refusal.BAD_INPUT


def test_repo_id_from_a_previous_sync() -> None:
    stale = README_BLOCK.replace("value: 61.2", "value: 58.0")
    plan = plan_sync(("---\n" + stale + "---\n" + TABLE).encode(), ExtractRequest())
    assert plan.new_text == "---\n" + README_BLOCK + "---\n" + TABLE


def test_unparsable_front_matter_is_never_written() -> None:
    with pytest.raises(CardError) as info:
        plan_sync(b"---\nlicense: [mit\n---\n" + TABLE.encode(), ExtractRequest(model=MODEL))
    assert info.value.line == 3


def test_entry_chosen_by_name_among_several() -> None:
    card = textwrap.dedent(
        """\
        ---
        model-index:
        - name: Other
          results: []
        - name: Tiny-7B
          results: []
        ---
        """
    )
    after = sync(card + TABLE)
    assert after is not None
    assert after.startswith("---\nmodel-index:\n- name: Other\n  results: []\n- name: Tiny-7B\n")
    assert parse_card(after.encode()).body == TABLE


def test_inferred_model_without_a_table_is_a_note_not_an_error() -> None:
    card = (
        "# Huge-70B\n\n| Model | MMLU |\n|---|---|\n| Llama-2-7B | 45.3 |\n| Mistral-7B | 60.1 |\n"
    )
    plan = plan_sync(card.encode(), ExtractRequest())
    assert not plan.changed
    assert "compares models" in plan.notes[0]


def test_overwrite_drops_one_metric_of_a_result_even_when_ours_are_current() -> None:
    theirs = (
        "  - task: {type: text-generation}\n"
        "    dataset: {name: MMLU, type: cais/mmlu}\n"
        "    metrics:\n"
        "    - {type: accuracy, value: 80.1}\n"
        "    - {type: f1, value: 0.5}\n"
        "    source: {name: Someone, url: https://example.org}\n"
    )
    card = "---\n" + README_BLOCK + theirs + "---\n" + TABLE
    assert plan_sync(card.encode(), ExtractRequest(model=MODEL)).changed is False
    after = sync(card, overwrite=True)
    assert after is not None
    assert "80.1" not in after and "{type: f1, value: 0.5}" not in after  # re-serialized
    assert "value: 0.5" in after
