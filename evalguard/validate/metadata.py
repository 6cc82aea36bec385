"""EG4xx: well-known front-matter keys, held to what the Hub refuses (errors) and to what
it accepts but reads as no id (warnings)."""

from __future__ import annotations

import re
from typing import Any

from evalguard.card.frontmatter import FrontMatter, Path
from evalguard.validate.describe import as_yaml_text, describe
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.schema import CARD_METADATA, SchemaError, load_schema, schema_errors
from evalguard.validate.where import value_position

KEYS = ("license", "pipeline_tag", "base_model", "datasets")
_DEFAULTS = {"*": "EG401"}
#: the schema definition a valid value, or each item of a list of them, matches
_ITEM_DEFS = {"license": "licenseId", "base_model": "modelId", "datasets": "datasetId"}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_LOCAL_PATH = re.compile(r"^(?:[./~]|[A-Za-z]:[\\/])|\\")


def check_metadata(fm: FrontMatter, file: str) -> list[Finding]:
    instance = {k: fm.data[k] for k in KEYS if k in fm.data}
    out = _license_list(fm, file, instance.get("license"))
    if all(_valid(k, v) for k, v in instance.items()):
        return out  # the usual card: no need to import jsonschema to explain an error
    errors = schema_errors(CARD_METADATA, instance, _DEFAULTS)
    return out + [_finding(fm, file, e) for e in errors]


def _valid(key: str, value: Any) -> bool:
    """What the schema says of a valid value, read from it: a license or task in its
    list, or Hub ids matching its pattern (re.search, as jsonschema applies `pattern`),
    alone or in a list. jsonschema takes longer to import than a card takes to check."""
    schema = load_schema(CARD_METADATA)
    if key not in _ITEM_DEFS:
        return _valid_item(schema["properties"][key], value)
    item_schema = schema["$defs"][_ITEM_DEFS[key]]
    items = value if isinstance(value, list) else [value]
    return all(_valid_item(item_schema, item) for item in items)


def _valid_item(schema: dict[str, Any], item: Any) -> bool:
    if not isinstance(item, str):
        return False
    if "enum" in schema:
        return item in schema["enum"]
    return re.search(schema["pattern"], item) is not None


def _choices(key: str) -> list[str]:
    schema = load_schema(CARD_METADATA)
    where = schema["$defs"][_ITEM_DEFS[key]] if key in _ITEM_DEFS else schema["properties"][key]
    enum: list[str] = where["enum"]
    return enum


def _license_list(fm: FrontMatter, file: str, value: Any) -> list[Finding]:
    """EG406: the Hub takes a list of license ids; a model card means one."""
    if not isinstance(value, list):
        return []
    line, column = value_position(fm, ("license",))
    if len(value) == 1 and isinstance(value[0], str):
        hint = f"write `license: {as_yaml_text(value[0])}`"
    else:
        hint = (
            "write the one license the model is under; for several, `license: other` with "
            "`license_name` and `license_link`"
        )
    message = f"license is {describe(value)}: a model card takes one license id"
    return [rule("EG406").finding(file, line, column, message, hint=hint, yaml_path="license")]


def _finding(fm: FrontMatter, file: str, error: SchemaError) -> Finding:
    path: Path = error.path
    where = yaml_path(path)
    line, column = value_position(fm, path)
    value = error.instance
    rule_id = error.rule
    if rule_id in ("EG401", "EG402"):
        message, hint = _choice_message(str(path[0]), value)
    else:
        rule_id, message, hint = _id_message(rule_id, where, value)
    return rule(rule_id).finding(file, line, column, message, hint=hint, yaml_path=where)


def _choice_message(key: str, value: Any) -> tuple[str, str]:
    what = "license id" if key == "license" else "task (pipeline tag)"
    if not isinstance(value, str):
        return f"{key} must be a string, got {describe(value)}", f"write one {what}"
    guess = re.sub(r"[\s_]+", "-", value.strip().lower())
    import difflib  # noqa: PLC0415 - only to suggest a spelling

    close = difflib.get_close_matches(guess, _choices(key), n=1, cutoff=0.75)
    message = f"{key}: {value!r} is not a {what} the Hub knows"
    if key == "license":
        hint = "use an id from https://huggingface.co/docs/hub/repositories-licenses"
        hint += f", e.g. {close[0]}" if close else ""
        hint += "; otherwise `license: other` with `license_name` and `license_link`"
    else:
        hint = f"did you mean {close[0]}?" if close else "use a task id such as text-generation"
    return message, hint


def _id_message(rule_id: str, where: str, value: Any) -> tuple[str, str, str]:
    """(rule, message, hint) for a `base_model`/`datasets` value that is no Hub id: the
    error rule (EG403/EG404) for what the Hub refuses, a local path or a non-string;
    EG405 for the free text and URLs it accepts."""
    kind = "model" if rule_id == "EG403" else "dataset"
    hint = f"use a {kind} id from https://hf.co/{kind}s (owner/name)"
    if not isinstance(value, str):
        return (
            rule_id,
            f"{where} must be a {kind} id (a string) or a list of them, got {describe(value)}",
            hint,
        )
    if not _URL.match(value) and _LOCAL_PATH.search(value):
        return rule_id, f'"{where}" with value "{value}" is not valid: a local path', hint
    what = "a URL, not a Hub" if _URL.match(value) else "not a Hub"
    return (
        "EG405",
        f'"{where}" with value "{value}" is {what} {kind} id',
        f"{hint}: only an id links the card to the {kind}",
    )
