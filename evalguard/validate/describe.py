"""Words for YAML values and JSON Schema types in one-line messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
}


def expected(types: Any) -> str:
    """`"string"` -> "a string"; `["number", "string"]` -> "a number or a string"."""
    names = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in names)


def short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """What a YAML value is, for "... got <describe>"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({short(value)!r})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value.isoformat()}; YAML reads an unquoted date as a date)"
    if isinstance(value, Mapping):
        keys = ", ".join(str(k) for k in list(value)[:3])
        return f"a mapping ({{{short(keys)}}})"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return type(value).__name__


def as_yaml_text(value: Any) -> str:
    """How a scalar reads back in YAML when quoted (for "quote it" hints)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
