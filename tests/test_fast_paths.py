"""Each faster path says exactly what the slower one it stands for says."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import pytest
import yaml

from evalguard.card import frontmatter, split
from evalguard.card.frontmatter import load_yaml
from evalguard.errors import CardError
from evalguard.results import reconcile

DOCUMENTS = {
    "plain": "a: x\nb: [1, 2.5, true, null, ~, '3']\nc: {d: e}\n",
    "scalars": "i: 0x1F\no: 0o17\nf: 1e3\nn: .nan\ninf: -.inf\ny: yes\ns: !!str 12\n",
    "dates": "d: 2024-01-02\nt: 2024-01-02T03:04:05Z\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "non-string keys": "1: one\n2.5: x\nnull: n\ntrue: t\n2024-01-02: d\n",
    "merge key": "base: {a: 1}\nother:\n  <<: {a: 2, b: 3}\n  c: 4\n",
    "value key": "= : x\na: 1\n",
    "complex key": "? [a, b]\n: x\n",
    "set": "s: !!set {a, b}\n",
    "omap": "o: !!omap [{a: 1}, {b: 2}]\n",
    "pairs": "p: !!pairs [{a: 1}, {a: 2}]\n",
    "nested": "m:\n- n:\n  - o: [p, {q: [r]}]\n",
    "empty values": "a:\nb: []\nc: {}\nd: ''\n",
    "bad date": "a: x\nd: 2024-13-45\n",
    "bad int": "a: !!int abc\nb: !!float x\n",
    "bad binary": "b: !!binary '@@@'\n",
    "scalar tagged map": "a: !!map x\n",
    "scalar tagged seq": "a: [1]\nb: !!seq x\n",
    "two bad values": "a:\n  b:\n    c: 2024-13-45\nd: !!int abc\n",
    "unhashable key": "? !!set {a}\n: x\n",
    "bad key": "a: 1\n2024-13-45: x\n",
    "bad in list, then in map": "a: [1, {b: [!!int x]}]\nc: {d: !!float y}\n",
    "bad after a merge": "a:\n  <<: {b: 1}\n  c: !!int z\nd: [!!bool maybe]\n",
}


def load(text: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(
                frontmatter._Loader, "construct_tree", frontmatter._Loader.construct_document
            )
        try:
            return load_yaml(text).data
        except CardError as exc:
            return (exc.message, exc.line, exc.column, exc.rule)


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_tree_is_built_as_pyyaml_builds_it(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load(text, fast=True, monkeypatch=monkeypatch)
    slow = load(text, fast=False, monkeypatch=monkeypatch)
    assert repr(fast) == repr(slow)  # repr: nan != nan, and the types count too


RESULTS: dict[str, list[Any]] = {
    "usual": [{"task": {"type": "t"}, "metrics": [{"type": "acc", "value": 71.2}]}],
    "values": [{"v": [0, -1, 2**70, 1.0, 1e-20, math.inf, -math.inf, True, None]}],
    "strings": [{"s": ["1.0", "yes", "null", "~", ":", "- a", "#x", "'q'", '"d"', "", " "]}],
    "unicode": [{"s": ["é", "日本語", "\u2028", "\x85", "tab\there", "line\nbreak", "😀"]}],
    "long": [{"s": "word " * 200, "t": "x" * 500}],
    "dates": [{"d": datetime.date(2024, 1, 2), "t": datetime.datetime(2024, 1, 2, 3, 4)}],
    "nested": [{"a": {"b": [{"c": {"d": []}}, {}]}}] * 3,
}


@pytest.mark.parametrize("results", RESULTS.values(), ids=RESULTS.keys())
def test_results_normalised_with_libyaml_as_with_pyyaml(results: list[Any]) -> None:
    slow = yaml.safe_load(yaml.safe_dump(results, sort_keys=True))
    assert repr(reconcile._normal(results)) == repr(slow)


#: what finding the closing `---` was: one regex, a lookbehind for the newline before it
CLOSE_WITH_LOOKBEHIND = re.compile(r"(?:(?<=\n)|(?<=\r))---[ \t]*(?:\r\n|\r|\n|\Z)")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("---\na: 1\n---\nbody", 4),
        ("---\n---\n", 4),
        ("---\r\na: 1\r\n---\r\n", 5),
        ("---\ra: 1\r---\r", 4),
        ("---\na: 1\n----\n---", 4),
        ("---\na: '---'\nb: x---\n --- \n---  \t\n", 4),
        ("---\na: 1\n---", 4),
        ("---\na: 1\n--- x\n", 4),
        ("---", 0),
        ("x---\n", 0),
        ("---\n" + "a: b\n" * 1000 + "---\n", 4),
    ],
)
def test_the_closing_line_is_found_where_the_lookbehind_found_it(text: str, start: int) -> None:
    expected = CLOSE_WITH_LOOKBEHIND.search(text, start)
    found = split._closing(text, start)
    assert (found and found.span()) == (expected and expected.span())
