"""Front matter loading: values, positions, and what PyYAML would accept silently."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from evalguard.card.frontmatter import (
    Problem,
    YamlDocument,
    _check_graph,
    _check_tree,
    _Loader,
    load_front_matter,
)
from evalguard.card.split import parse_card
from evalguard.errors import CardError

CARD = b"""---
license: mit
model-index:
- name: m
  results:
  - task:
      type: text-generation
    metrics:
    - type: accuracy
      value: 85.2
---
body
"""


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("license",), (2, 10)),
        (("model-index", 0, "name"), (4, 9)),
        (("model-index", 0, "results", 0, "metrics", 0, "value"), (10, 14)),
        # a path that does not exist points at its deepest existing ancestor
        (("model-index", 0, "results", 0, "dataset", "type"), (6, 5)),
    ],
)
def test_positions_are_file_lines_and_columns(
    path: tuple[str | int, ...], position: tuple[int, int]
) -> None:
    fm = load_front_matter(parse_card(CARD))
    assert fm.position(path) == position


def test_key_position() -> None:
    fm = load_front_matter(parse_card(CARD))
    assert fm.key_position(("model-index",)) == (3, 1)


@pytest.mark.parametrize(
    ("yaml_text", "line", "column", "words"),
    [
        pytest.param("a: [1, 2\n", 3, 1, "invalid YAML", id="syntax"),
        pytest.param("a: b: c\n", 2, 5, "invalid YAML", id="mapping-in-scalar"),
        pytest.param("a: !!python/tuple [1, 2]\n", 2, 4, "unknown tag", id="python-tag"),
        pytest.param("- a\n- b\n", 2, 1, "must be a mapping", id="list"),
        pytest.param("just text\n", 2, 1, "must be a mapping", id="scalar"),
        pytest.param("a: &x [*x]\n", 2, 4, "recursive alias", id="recursive"),
    ],
)
def test_fatal_problems_are_located(yaml_text: str, line: int, column: int, words: str) -> None:
    card = parse_card(f"---\n{yaml_text}---\n".encode())
    with pytest.raises(CardError) as info:
        load_front_matter(card)
    assert words in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


def test_alias_bomb_is_refused() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        levels.append(f"a{n}: &a{n} [{refs}]")
    card = parse_card(("---\n" + "\n".join(levels) + "\n---\n").encode())
    with pytest.raises(CardError, match="alias bomb"):
        load_front_matter(card)


def test_small_aliases_are_fine() -> None:
    card = parse_card(b"---\nbase: &b {x: 1}\nother: *b\n---\n")
    assert load_front_matter(card).data == {"base": {"x": 1}, "other": {"x": 1}}


def test_duplicate_keys_are_reported_where_they_repeat() -> None:
    card = parse_card(b"---\nlicense: mit\ntags: [a]\nlicense: apache-2.0\n---\n")
    fm = load_front_matter(card)
    assert fm.data["license"] == "apache-2.0"  # what every YAML reader sees
    [problem] = fm.problems
    assert (problem.line, problem.column) == (4, 1)
    assert "duplicate key 'license'" in problem.message
    assert "line 2" in problem.message


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_front_matter(text: str) -> None:
    card = parse_card(f"---\n{text}---\nbody".encode())
    assert load_front_matter(card).data == {}


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: {c: 1, c: 2, d: [1, {e: 1, e: 1}]}\na: 1\n",
        "- {x: 1}\n- [[{y: 1, y: 2}]]\n- z\n",
        "? [k]\n: v\n? [k]\n: w\nk: {a: {b: 1}, a: {b: 1}}\n",
        "foo: " + "[" * 99 + "]" * 99 + "\n",
        "foo: " + "[" * 100 + "]" * 100 + "\n",
        "foo: " + "{a: " * 120 + "1" + "}" * 120 + "\nbar: " + "[" * 150 + "]" * 150 + "\n",
        "x: [" + "[1], " * 50 + "{y: " * 100 + "1" + "}" * 100 + "]\n",
    ],
    ids=["duplicates", "in-lists", "complex-keys", "deep-99", "deep-100", "two-deep", "late-deep"],
)
def test_tree_walk_agrees_with_the_graph_walk(text: str) -> None:
    """Without aliases (no `*`) the node graph is a tree and a cheaper walk checks it: the
    same duplicate keys, and a too-deep document refused at the same node."""

    def outcome(check: Callable[[YamlDocument, str], Iterable[Problem]]) -> object:
        doc = YamlDocument(None, _Loader(text).get_single_node(), 2, text=text)
        try:
            return sorted(check(doc, "front matter"), key=lambda p: (p.line, p.column))
        except CardError as exc:
            return (exc.message, exc.line, exc.column)

    assert outcome(_check_tree) == outcome(_check_graph)
