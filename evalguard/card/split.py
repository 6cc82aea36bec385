"""A model card as bytes we must not disturb: front matter, body, BOM and newline style.

The Hub reads metadata from a block that opens with `---` at the top of the file, after
nothing but whitespace, and closes with a `---` line (huggingface_hub's REGEX_YAML_BLOCK,
"exact same regex as in the Hub server", which also accepts a closing `---` at end of
file without a newline). Everything outside the block we rewrite (`model-index`) is kept
byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evalguard.errors import CardError

BOM = "\ufeff"
#: `evalguard check` rule ids of the reading errors raised here (see validate/registry.py)
RULE_UNCLOSED = "EG101"
RULE_NOT_UTF8 = "EG103"
#: blank lines before the opening `---` are allowed, as the Hub allows them (`^\s*---`;
#: its JavaScript `\s` also matches U+FEFF, so a second byte-order mark is allowed too)
_OPEN = re.compile(r"[\s\ufeff]*---[ \t]*(\r\n|\r|\n)")
#: a `---` line: after any newline, CR alone included (old Mac files; the Hub reads them);
#: `_closing` checks the newline before it
_CLOSE = re.compile(r"---[ \t]*(?:\r\n|\r|\n|\Z)")
#: what ends a line, as editors and git count lines (not str.splitlines, which also
#: breaks at NEL, U+2028, form feeds and more)
LINE_END = re.compile(r"\r\n|\r|\n")


def _closing(text: str, start: int) -> re.Match[str] | None:
    """The first `---` line at or after `start`. (One regex with a lookbehind for the
    newline tries every position of the text: 50 ms for a 2 MB front matter; this one
    jumps from `---` to `---`.)"""
    while True:
        found = _CLOSE.search(text, start)
        if found is None or (found.start() > 0 and text[found.start() - 1] in "\r\n"):
            return found
        start = found.start() + 1


@dataclass(frozen=True)
class Card:
    """A decoded card. Offsets index `text`, which excludes the BOM."""

    text: str
    bom: bool
    newline: str
    #: offsets of the YAML text between the `---` lines, or None without front matter
    yaml_start: int | None
    yaml_end: int | None
    body_start: int

    @property
    def has_front_matter(self) -> bool:
        return self.yaml_start is not None

    @property
    def yaml_text(self) -> str:
        if self.yaml_start is None or self.yaml_end is None:
            return ""
        return self.text[self.yaml_start : self.yaml_end]

    @property
    def yaml_first_line(self) -> int:
        """1-based file line of the first YAML line (2 when front matter exists)."""
        return line_of(self.text, self.yaml_start or 0)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def body_first_line(self) -> int:
        return line_of(self.text, self.body_start)

    def to_bytes(self) -> bytes:
        return encode(self.text, bom=self.bom)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset (any newline style)."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def line_starts(text: str) -> list[int]:
    """Offsets where each line of `text` starts (CR, LF and CRLF end a line)."""
    return [0, *(m.end() for m in LINE_END.finditer(text))]


def encode(text: str, *, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


def decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 bytes -> (text, had_bom). Invalid bytes raise CardError with their place."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        line = prefix.count(b"\n") + 1
        column = len(prefix) - (prefix.rfind(b"\n") + 1) + 1
        raise CardError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); the Hub expects UTF-8 model cards",
            line=line,
            column=column,
            rule=RULE_NOT_UTF8,
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def detect_newline(text: str) -> str:
    match = LINE_END.search(text)
    return match.group(0) if match else "\n"


def parse_card(data: bytes) -> Card:
    """Split a card into front matter and body without changing a byte.

    Raises CardError for front matter that opens but never closes. A block after
    leading blank lines is front matter, as the Hub reads it (`check` warns about it).
    """
    text, bom = decode(data)
    newline = detect_newline(text)
    opening = _OPEN.match(text)
    if opening is None:
        if text.strip(" \t") == "---":
            raise CardError(
                "front matter opens with '---' but is never closed",
                line=1,
                column=1,
                rule=RULE_UNCLOSED,
            )
        return Card(text, bom, newline, None, None, 0)
    yaml_start = opening.end()
    # An empty block: the closing '---' directly follows the opening line.
    closing = _closing(text, yaml_start)
    if closing is None:
        line = line_of(text, yaml_start) - 1
        raise CardError(
            f"front matter opens with '---' on line {line} but is never closed by a '---' line",
            line=line,
            column=1,
            rule=RULE_UNCLOSED,
        )
    yaml_end = closing.start()
    return Card(text, bom, newline, yaml_start, yaml_end, closing.end())
