"""JSON Schema 2020-12 validation of YAML documents, mapped back to rule ids and paths.

The schemas ship in `evalguard/schemas/`. A subschema may say which rule a failing
keyword belongs to with `"x-evalguard-rule": {"<keyword>": "EGnnn"}`; otherwise the
caller's defaults apply. jsonschema is imported only when a document needs it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from evalguard.card.frontmatter import Path, YamlDocument
from evalguard.package_data import read_text
from evalguard.validate.describe import describe, expected
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.shapes import Places, by_shape, conforms, shapes_suffice

if TYPE_CHECKING:
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

MODEL_INDEX = "model-index.schema.json"
CARD_METADATA = "card-metadata.schema.json"
EVAL_RESULTS = "eval-results.schema.json"


@dataclass(frozen=True)
class SchemaError:
    """One failed keyword: where (path into the instance), which keyword, the rule."""

    rule: str
    keyword: str
    path: Path
    instance: Any
    expected: Any
    #: for `required` / `dependentRequired`: the missing key (path is its mapping)
    missing: str | None = None


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = read_text(f"schemas/{name}")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(name: str) -> Validator:
    # Imported on first use: a card without model-index whose well-known keys are valid
    # (metadata.py checks those without it) never pays for jsonschema.
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    validator: Validator = Draft202012Validator(load_schema(name))
    return validator


@cache
def _shape_only(name: str) -> bool:
    return shapes_suffice(load_schema(name))


_MISSING = re.compile(r"^'(?P<key>[^']+)' is a (?:required property|dependency of '.*')$")


def schema_errors(name: str, instance: Any, defaults: Mapping[str, str]) -> list[SchemaError]:
    """Errors of `instance` against schema `name`; `defaults` maps a keyword to the rule
    used when the failing subschema names none (`"*"`: any other keyword)."""
    places = Places()
    if _shape_only(name):
        reduced, places = by_shape(instance)
        document = _jsonable(reduced)
        if conforms(load_schema(name), document):
            return []  # the usual model-index: jsonschema is not even imported
    else:
        document = _jsonable(instance)
    out: list[SchemaError] = []
    for error in _validator(name).iter_errors(document):
        for leaf in _leaves(error):
            rules = leaf.schema.get("x-evalguard-rule", {}) if isinstance(leaf.schema, dict) else {}
            keyword = str(leaf.validator)
            rule = rules.get(keyword) or defaults.get(keyword) or defaults["*"]
            missing = None
            if keyword in ("required", "dependentRequired"):
                match = _MISSING.match(leaf.message)
                missing = match.group("key") if match else None
            for path in places.expand(tuple(leaf.absolute_path)):
                original = _original(instance, path)
                out.append(
                    SchemaError(rule, keyword, path, original, leaf.validator_value, missing)
                )
    return out


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """For anyOf/oneOf, the deepest errors of the alternatives (a bad list item, not
    "is not valid under any of the given schemas")."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    depth = max(len(e.absolute_path) for e in error.context)
    if depth == len(error.absolute_path):
        yield error  # no alternative got further than the value itself
        return
    for sub in error.context:
        if len(sub.absolute_path) == depth:
            yield from _leaves(sub)


def _jsonable(value: Any) -> Any:
    """YAML values jsonschema can type: dates and other objects become a marker type."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _Opaque(value)


class _Opaque:
    """A YAML value with no JSON type (a date, a timestamp): fails every `type`."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return repr(self.value)


def _original(instance: Any, path: Path) -> Any:
    node = instance
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


# -- SchemaError -> Finding: the wording every schema-backed rule family shares -----------


def missing_finding(
    doc: YamlDocument,
    file: str,
    error: SchemaError,
    path: Path,
    *,
    hints: Mapping[str, str],
    when: str,
    required_by: str | None = None,
) -> Finding:
    """`<path>.<key> is required [by <required_by>]` at the mapping that lacks the key
    (`error.missing`). `hints` by key, or by `key@parent` where a key means different
    things; `when` names what makes a `dependentRequired` key required."""
    where = yaml_path(path)
    missing = f"{where}.{error.missing}" if where else str(error.missing)
    message = f"{missing} is required" + (f" by {required_by}" if required_by else "")
    if error.keyword == "dependentRequired":
        message += f" when {when} is given"
    hint = (hints.get(f"{error.missing}@{path[-1]}") if path else None) or hints.get(
        str(error.missing)
    )
    line, column = doc.position(path)
    return rule(error.rule).finding(file, line, column, message, hint=hint, yaml_path=missing)


def plain_message(where: str, error: SchemaError) -> str:
    """The message of a failed `type` (`... must be a number, got null`) or other keyword."""
    if error.keyword == "type":
        return f"{where} must be {expected(error.expected)}, got {describe(error.instance)}"
    return f"{where}: {describe(error.instance)} is not valid ({error.keyword})"
