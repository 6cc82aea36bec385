"""Numbers as people write them in evaluation tables.

`parse_score("**85.2%**")` -> a Number, value 85.2 with percent=True. The value is kept as
displayed (85.2, not 0.852); the `%` is remembered so comparisons can allow for scale.
What is not a single score returns None: empty and dash cells, sizes such as `7B` or
`128K`, dates, ranges, and text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from evalguard.lazyre import lazy_compile
from evalguard.tables.textnorm import FOOTNOTE_MARK, PARENTHETICAL, html_fragment_text


@dataclass(frozen=True)
class Number:
    """A score as a cell shows it."""

    value: float
    percent: bool
    #: digits after the decimal separator as written (`85.20` -> 2), for tolerant compares
    decimals: int
    is_int: bool

    @property
    def as_yaml(self) -> int | float:
        """The value as it should appear in YAML: ints stay ints (`27`, not `27.0`)."""
        return int(self.value) if self.is_int else self.value


NO_VALUE = frozenset(
    {
        "", "-", "--", "---", "—", "–", "−", "n/a", "na", "n.a.", "none", "null", "nan", "?",
        "x", "✗", "✘", "❌", "tbd", "to-do", "todo", "/", "*", "…", "...", "~",
    }
)  # fmt: skip

_MINUS = str.maketrans({"\u2212": "-", "–": "-", "—": "-", "＋": "+"})
_NUMBER = lazy_compile(
    r"""(?P<sign>[+-])?\s*
        (?P<int>[1-9]\d{0,2}(?:,\d{3})+(?![\d,])|\d+)
        (?:(?P<sep>[.,])(?P<frac>\d+))?
        (?:[eE](?P<exp>[+-]?\d{1,3}))?
        (?P<pct>\s*%)?""",
    re.X,
)
_UNCERTAINTY = lazy_compile(r"\s*(?:±|\+/-|\+-|\\pm)\s*\d+(?:[.,]\d+)?\s*%?")
_MARKS = lazy_compile(FOOTNOTE_MARK)


def is_no_value(text: str) -> bool:
    """`-`, `—`, `N/A`, `TBD`...: a cell that deliberately shows no number."""
    return text.translate(_MINUS).strip().lower() in NO_VALUE


@lru_cache(maxsize=4096)  # a card repeats its headers and cells
def parse_score(text: str) -> Number | None:
    """The single score a cell shows, or None when it shows none."""
    if any(c in text for c in "<*_`&"):
        text = html_fragment_text(text).text  # `**85.2**`, `<u>85.2</u>`, `&minus;3`
    cleaned = text.translate(_MINUS).strip()
    match = _NUMBER.match(cleaned)  # None for every NO_VALUE mark: none has a digit
    if match is None:
        return None
    rest = cleaned[match.end() :]
    rest = _UNCERTAINTY.sub("", rest, count=1)
    rest = PARENTHETICAL.sub("", rest, count=1)  # `0.3 (-76.9%)`, `50.2 (2.6x)`, `71.3 (5-shot)`
    rest = _MARKS.sub("", rest).strip()
    if rest:
        return None
    digits = match.group("int")
    frac = match.group("frac") or ""
    if match.group("sep") == "," and "," in digits:
        return None  # `1,234,5` mixes a thousands and a decimal comma
    digits = digits.replace(",", "")
    exponent = int(match.group("exp") or 0)
    value = float(digits + ("." + frac if frac else "") + f"e{exponent}")
    if match.group("sign") == "-":
        value = -value
    if not math.isfinite(value):
        return None  # `1e999`
    decimals = max(0, len(frac) - exponent)
    return Number(value, bool(match.group("pct")), decimals, not decimals and exponent >= 0)


_PAIR = lazy_compile(r"^(.+?)\s*/\s*(.+)$")


def parse_pair(text: str) -> tuple[Number, Number] | None:
    """`79.83/87.25`, `84.43±0.18 / 93.05±0.04`: the two scores of a cell under a header
    that names two metrics (`EM/F1`), or None."""
    if "/" not in text:
        return None
    if any(c in text for c in "<*_`&"):
        text = html_fragment_text(text).text
    match = _PAIR.match(text.strip())
    if match is None:
        return None
    first, second = parse_score(match.group(1)), parse_score(match.group(2))
    if first is None or second is None:
        return None
    return first, second


def same_value(a: float, b: float, *, decimals: int | None = None) -> bool:
    """Equal as displayed: 8.998885586924219 equals a table's 8.9989 (4 decimals)."""
    if a == b:
        return True
    if decimals is not None:
        return bool(abs(a - b) <= 0.5 * 10 ** (-decimals) + 1e-12)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def same_score(a: float, b: float, *, decimals: int | None = None, percent: bool = True) -> bool:
    """Equal allowing for a 0-1 vs 0-100 scale difference (0.906 vs 90.60)."""
    if same_value(a, b, decimals=decimals):
        return True
    if not percent:
        return False
    scaled = None if decimals is None else decimals + 2
    return same_value(a * 100, b, decimals=decimals) or same_value(a, b * 100, decimals=scaled)
