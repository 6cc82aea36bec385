"""Numbers as tables write them: one case per value form the issue lists."""

from __future__ import annotations

import pytest

from evalguard.tables.values import (
    is_no_value,
    parse_pair,
    parse_score,
    same_score,
    same_value,
)


@pytest.mark.parametrize(
    ("cell", "value", "percent"),
    [
        pytest.param("85.2", 85.2, False, id="plain"),
        pytest.param("**85.2**", 85.2, False, id="bold"),
        pytest.param("__85.2__", 85.2, False, id="bold-underscores"),
        pytest.param("<u>85.2</u>", 85.2, False, id="underlined"),
        pytest.param("<b>85.2</b>", 85.2, False, id="html-bold"),
        pytest.param("85.2%", 85.2, True, id="percent"),
        pytest.param("**85.2%**", 85.2, True, id="bold-percent"),
        pytest.param("71.3 ± 0.4", 71.3, False, id="plus-minus"),
        pytest.param("71.3+/-0.4", 71.3, False, id="ascii-plus-minus"),
        pytest.param("71.3 \\pm 0.4", 71.3, False, id="latex-plus-minus"),
        pytest.param("8.24^1", 8.24, False, id="caret-footnote"),
        pytest.param("85.2*", 85.2, False, id="asterisk-footnote"),
        pytest.param("71.3†", 71.3, False, id="dagger-footnote"),
        pytest.param("71.3<sup>&dagger;</sup>", 71.3, False, id="sup-entity-footnote"),
        pytest.param("71.3[^2]", 71.3, False, id="markdown-footnote"),
        pytest.param("71.3 ²", 71.3, False, id="superscript-digit-footnote"),
        pytest.param("45,3", 45.3, False, id="decimal-comma"),
        pytest.param("1,234", 1234.0, False, id="thousands-comma"),
        pytest.param("−3.5", -3.5, False, id="unicode-minus"),
        pytest.param("&minus;3.5", -3.5, False, id="minus-entity"),
        pytest.param("71.3 (5-shot)", 71.3, False, id="parenthesised-note"),
        pytest.param("2e-5", 2e-5, False, id="scientific"),
    ],
)
def test_a_cell_shows_one_score(cell: str, value: float, percent: bool) -> None:
    number = parse_score(cell)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.percent is percent


@pytest.mark.parametrize(
    ("cell", "no_value"),
    [
        # marks that deliberately show no number
        pytest.param("", True, id="empty"),
        pytest.param("-", True, id="dash"),
        pytest.param("—", True, id="em-dash"),
        pytest.param("–", True, id="en-dash"),
        pytest.param("N/A", True, id="n/a"),
        pytest.param("n/a", True, id="n/a-lower"),
        pytest.param("TBD", True, id="tbd"),
        pytest.param("✗", True, id="cross"),
        pytest.param("nan", True, id="nan"),
        # sizes, dates, ranges, text: something, but not a single score
        pytest.param("7B", False, id="model-size"),
        pytest.param("128K", False, id="context-size"),
        pytest.param("2023-10", False, id="date"),
        pytest.param("10-20", False, id="range"),
        pytest.param("85.2/80.1", False, id="two-scores"),
        pytest.param("$0.50", False, id="price"),
        pytest.param("~85", False, id="approximate"),
        pytest.param("1e999", False, id="overflow"),
        pytest.param("yes", False, id="text"),
    ],
)
def test_what_is_not_a_single_score(cell: str, no_value: bool) -> None:
    assert parse_score(cell) is None
    assert is_no_value(cell) is no_value


def test_decimals_and_integers_are_kept_as_written() -> None:
    number = parse_score("85.20")
    assert number is not None and number.decimals == 2 and not number.is_int
    whole = parse_score("27")
    assert whole is not None and whole.is_int and whole.as_yaml == 27


def test_same_value_compares_as_displayed() -> None:
    assert same_value(8.998885586924219, 8.9989, decimals=4)
    assert not same_value(8.99, 8.9989, decimals=4)


def test_same_score_allows_a_percent_scale() -> None:
    assert same_score(0.906, 90.6, decimals=1)
    assert not same_score(0.906, 90.6, decimals=1, percent=False)


@pytest.mark.parametrize(
    ("cell", "pair"),
    [
        ("79.83/87.25", (79.83, 87.25)),
        ("84.43±0.18 / <br>93.05±0.04", (84.43, 93.05)),
        ("**90.93** / 87.72", (90.93, 87.72)),
        ("81.45", None),
        ("n=0 / n=5", None),
        ("3/0-shot", None),
    ],
)
def test_two_numbers_in_a_cell(cell: str, pair: tuple[float, float] | None) -> None:
    found = parse_pair(cell)
    assert (found and (found[0].value, found[1].value)) == pair
