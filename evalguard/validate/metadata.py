"""EG4xx: well-known front-matter keys with a shape the Hub refuses."""

from __future__ import annotations

import difflib
import re
from typing import Any

from evalguard.card.frontmatter import FrontMatter, Path
from evalguard.validate.describe import describe
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.schema import CARD_METADATA, SchemaError, load_schema, schema_errors
from evalguard.validate.where import value_position

KEYS = ("license", "pipeline_tag", "base_model", "datasets")
_DEFAULTS = {"*": "EG401"}


def check_metadata(fm: FrontMatter, file: str) -> list[Finding]:
    instance = {k: fm.data[k] for k in KEYS if k in fm.data}
    if all(_valid(k, v) for k, v in instance.items()):
        return []  # the usual card: no need to import jsonschema to explain an error
    return [_finding(fm, file, e) for e in schema_errors(CARD_METADATA, instance, _DEFAULTS)]


#: the schema definition a valid value, or each item of a list of them, matches
_ID_DEFS = {"base_model": "modelId", "datasets": "datasetId"}


def _valid(key: str, value: Any) -> bool:
    """What the schema says of a valid value, read from it: a license or task in its
    list, or Hub ids matching its pattern (re.search, as jsonschema applies `pattern`).
    jsonschema takes longer to import than a card takes to check."""
    schema = load_schema(CARD_METADATA)
    if key in _ID_DEFS:
        pattern = schema["$defs"][_ID_DEFS[key]]["pattern"]
        items = value if isinstance(value, list) else [value]
        return all(isinstance(item, str) and re.search(pattern, item) for item in items)
    return isinstance(value, str) and value in schema["properties"][key]["enum"]


def _choices(key: str) -> list[str]:
    enum: list[str] = load_schema(CARD_METADATA)["properties"][key]["enum"]
    return enum


def _finding(fm: FrontMatter, file: str, error: SchemaError) -> Finding:
    path: Path = error.path
    where = yaml_path(path)
    line, column = value_position(fm, path)
    value = error.instance
    if error.rule in ("EG401", "EG402"):
        message, hint = _choice_message(str(path[0]), value)
    else:
        message, hint = _id_message(error.rule, where, value)
    return rule(error.rule).finding(file, line, column, message, hint=hint, yaml_path=where)


def _choice_message(key: str, value: Any) -> tuple[str, str]:
    what = "license id" if key == "license" else "task (pipeline tag)"
    if not isinstance(value, str):
        return f"{key} must be a string, got {describe(value)}", f"write one {what}"
    guess = re.sub(r"[\s_]+", "-", value.strip().lower())
    close = difflib.get_close_matches(guess, _choices(key), n=1, cutoff=0.75)
    message = f"{key}: {value!r} is not a {what} the Hub knows"
    if key == "license":
        hint = "use an id from https://huggingface.co/docs/hub/repositories-licenses"
        hint += f", e.g. {close[0]}" if close else ""
        hint += "; otherwise `license: other` with `license_name` and `license_link`"
    else:
        hint = f"did you mean {close[0]}?" if close else "use a task id such as text-generation"
    return message, hint


def _id_message(rule_id: str, where: str, value: Any) -> tuple[str, str]:
    kind = "model" if rule_id == "EG403" else "dataset"
    hint = f"use a {kind} id from https://hf.co/{kind}s (owner/name)"
    if not isinstance(value, str):
        return (
            f"{where} must be a {kind} id (a string) or a list of them, got {describe(value)}",
            hint,
        )
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        reason = "a URL"
    elif re.match(r"^([./~]|[A-Za-z]:[\\/])", value) or "\\" in value:
        reason = "a local path"
    else:
        reason = f"not a Hub {kind} id"
    return f'"{where}" with value "{value}" is not valid: {reason}', hint
