"""Splitting a card into front matter and body without changing a byte."""

from __future__ import annotations

import pytest

from evalguard.card.split import parse_card
from evalguard.errors import CardError


@pytest.mark.parametrize(
    ("data", "yaml_text", "body"),
    [
        pytest.param(b"---\na: 1\n---\n# T\n", "a: 1\n", "# T\n", id="plain"),
        pytest.param(b"---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n", id="crlf"),
        pytest.param(b"\xef\xbb\xbf---\na: 1\n---\nx", "a: 1\n", "x", id="bom"),
        pytest.param(b"---\na: 1\n---", "a: 1\n", "", id="closing-at-eof-no-newline"),
        pytest.param(b"---\n---\nbody\n", "", "body\n", id="empty-front-matter"),
        pytest.param(b"---\na: 1\n--- \nbody", "a: 1\n", "body", id="closing-trailing-space"),
        pytest.param(b"# Title\n\n---\n", None, "# Title\n\n---\n", id="rule-not-at-top"),
        # the Hub reads a block after blank lines (REGEX_YAML_BLOCK starts `^\s*---`)
        pytest.param(b"\n---\na: 1\n---\n# T\n", "a: 1\n", "# T\n", id="leading-blank-line"),
        pytest.param(b"\r\n \r\n---\r\na: 1\r\n---\r\n", "a: 1\r\n", "", id="leading-blank-crlf"),
        pytest.param(b"", None, "", id="empty-file"),
        pytest.param(b"no front matter", None, "no front matter", id="no-front-matter"),
    ],
)
def test_split(data: bytes, yaml_text: str | None, body: str) -> None:
    card = parse_card(data)
    assert card.body == body
    if yaml_text is None:
        assert not card.has_front_matter
    else:
        assert card.yaml_text == yaml_text
    assert card.to_bytes() == data  # nothing lost


@pytest.mark.parametrize(
    ("data", "line", "column", "words"),
    [
        pytest.param(b"---\na: 1\n# never closed\n", 1, 1, "never closed", id="unclosed"),
        pytest.param(b"---", 1, 1, "never closed", id="only-dashes"),
        pytest.param(b"\n\n---\na: 1\n", 3, 1, "on line 3", id="leading-blank-lines-unclosed"),
        pytest.param(b"---\na: \xff\n---\n", 2, 4, "UTF-8", id="bad-utf8"),
    ],
)
def test_unreadable(data: bytes, line: int, column: int, words: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(data)
    assert (info.value.line, info.value.column) == (line, column)
    assert words in info.value.message


def test_line_numbers_follow_newline_style() -> None:
    card = parse_card(b"---\r\na: 1\r\nb: 2\r\n---\r\nbody")
    assert card.yaml_first_line == 2
    assert card.body_first_line == 5
