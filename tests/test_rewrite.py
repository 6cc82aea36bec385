"""Replacing exactly the model-index block: spans, splicing, and the read-back guard."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from evalguard.card.frontmatter import load_front_matter
from evalguard.card.rewrite import (
    RewriteError,
    _verify,
    remove_model_index,
    replace_model_index,
    replace_results,
)
from evalguard.card.split import parse_card

NEW = [{"name": "m", "results": [{"task": {"type": "t"}, "metrics": [{"type": "a", "value": 1}]}]}]
NEW_TEXT = (
    "model-index:\n- name: m\n  results:\n  - task:\n      type: t\n"
    "    metrics:\n    - type: a\n      value: 1\n"
)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        pytest.param(
            "a: 1\nmodel-index:\n- name: old\n  results: []\n# about b\nb: 2\n",
            "a: 1\n" + NEW_TEXT + "# about b\nb: 2\n",
            id="middle-keeps-column-0-comment",
        ),
        pytest.param(
            "a: 1\nmodel-index: [{name: old, results: []}]\nb: 2\n",
            "a: 1\n" + NEW_TEXT + "b: 2\n",
            id="flow-style",
        ),
        pytest.param(
            "model-index:\n- name: old\n  results: []\n\n",
            NEW_TEXT + "\n",
            id="last-with-blank-line",
        ),
        pytest.param("a: 1\n", "a: 1\n" + NEW_TEXT, id="absent"),
    ],
)
def test_replace_model_index(front: str, expected: str) -> None:
    card = parse_card(f"---\n{front}---\nbody\n".encode())
    assert replace_model_index(card, load_front_matter(card), NEW) == f"---\n{expected}---\nbody\n"


SPLICE = textwrap.dedent(
    """\
    ---
    model-index:
    - name: m
      results:
      # first, by hand
      - task: {type: t}
        metrics: [{type: a, value: 1.50}]
      # ours
      - task: {type: t}
        metrics: [{type: b, value: 2}]
        source: {name: Model README, url: u}
      - task: {type: t}   # last, by hand
        metrics: [{type: c, value: 3}]
      name_after: x
    ---
    """
)


def test_splice_keeps_other_items_verbatim_and_replaces_ours_in_place() -> None:
    card = parse_card(SPLICE.encode())
    fm = load_front_matter(card)
    old = fm.data["model-index"][0]["results"]
    new_ours = {"task": {"type": "t"}, "metrics": [{"type": "b", "value": 9}]}
    entries = [{**fm.data["model-index"][0], "results": [old[0], new_ours, old[2]]}]
    text = replace_results(card, fm, entries, 0, old)
    assert text == SPLICE.replace(
        "  # ours\n  - task: {type: t}\n    metrics: [{type: b, value: 2}]\n"
        "    source: {name: Model README, url: u}\n",
        "  - task:\n      type: t\n    metrics:\n    - type: b\n      value: 9\n",
    )


def test_remove_model_index() -> None:
    card = parse_card(b"---\na: 1\nmodel-index:\n- name: m\n  results: []\nb: 2\n---\nx")
    assert remove_model_index(card, load_front_matter(card)) == "---\na: 1\nb: 2\n---\nx"


@pytest.mark.parametrize(
    ("new_text", "words"),
    [
        ("---\na: 1\n---\nchanged body", "body"),
        ("---\na: 2\n---\nbody", "other front-matter keys"),
        ("---\na: 1\nmodel-index: []\n---\nbody", "read back"),
    ],
)
def test_guard_refuses_rewrites_that_change_anything_else(new_text: str, words: str) -> None:
    card = parse_card(b"---\na: 1\n---\nbody")
    value: Any = None
    with pytest.raises(RewriteError, match=words):
        _verify(card, load_front_matter(card), new_text, value)
