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
from importlib import resources
from typing import TYPE_CHECKING, Any

from evalguard.card.frontmatter import Path, YamlDocument
from evalguard.validate.describe import describe, expected
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule

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
    text = resources.files("evalguard").joinpath(f"schemas/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(name: str) -> Validator:
    # Imported on first use: a card without model-index whose well-known keys are valid
    # (metadata.py checks those without it) never pays for jsonschema.
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    validator: Validator = Draft202012Validator(load_schema(name))
    return validator


_MISSING = re.compile(r"^'(?P<key>[^']+)' is a (?:required property|dependency of '.*')$")


def schema_errors(name: str, instance: Any, defaults: Mapping[str, str]) -> list[SchemaError]:
    """Errors of `instance` against schema `name`; `defaults` maps a keyword to the rule
    used when the failing subschema names none (`"*"`: any other keyword)."""
    reduced, places = _by_shape(instance) if _shape_only(name) else (instance, _Places())
    out: list[SchemaError] = []
    for error in _validator(name).iter_errors(_jsonable(reduced)):
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


# -- validating each shape once -----------------------------------------------------------
#
# A model-index of 10,000 results is 10,000 times the same few shapes (the same keys, the
# same types of values). Its schema asks only about shapes: which keys there are, whether
# a list is empty, what JSON type a value has. So each list is validated with one item
# of each shape it holds, and an error about that item is an error about every item of
# its shape. Schemas that look at values (`enum`, `pattern`, `maxItems`...) are
# validated whole.

#: keywords whose verdict depends on an instance's shape alone (and annotations)
_SHAPE_KEYWORDS = frozenset(
    {"$schema", "$id", "$ref", "$defs", "title", "description", "x-evalguard-rule"}
    | {"type", "required", "dependentRequired", "properties", "items", "minItems"}
    | {"allOf", "anyOf", "oneOf", "not"}
)
#: keywords whose value is a schema, a list of schemas or a mapping of names to schemas
_ONE_SCHEMA = frozenset({"items", "not"})
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_MAP = frozenset({"properties", "$defs"})


@cache
def _shape_only(name: str) -> bool:
    return _shapes_suffice(load_schema(name))


def _shapes_suffice(schema: Any) -> bool:
    """Does `schema` (a subschema) judge an instance by its shape alone? `minItems` does
    up to 1: one item of each shape leaves a list empty exactly when it was."""
    if not isinstance(schema, dict):
        return isinstance(schema, bool)
    for keyword, value in schema.items():
        if keyword not in _SHAPE_KEYWORDS or (keyword == "minItems" and value > 1):
            return False
        if keyword in _ONE_SCHEMA:
            subschemas = [value]
        elif keyword in _SCHEMA_LIST:
            subschemas = value
        elif keyword in _SCHEMA_MAP:
            subschemas = list(value.values())
        else:
            continue
        if not all(_shapes_suffice(sub) for sub in subschemas):
            return False
    return True


@dataclass
class _Places:
    """Where the items of a reduced list stand in the original: `items[i]` lists the
    original indexes of the items of the shape of reduced item i, `inner[i]` the places
    inside that item; `keys` the places inside a mapping's values."""

    items: list[list[int]] | None = None
    inner: list[_Places] | None = None
    keys: dict[Any, _Places] | None = None

    def expand(self, path: Path) -> list[Path]:
        """The original paths a path into the reduced instance stands for."""
        paths: list[Path] = [()]
        places: _Places | None = self
        for part in path:
            if places is not None and places.items is not None and isinstance(part, int):
                assert places.inner is not None
                paths = [(*p, index) for p in paths for index in places.items[part]]
                places = places.inner[part]
                continue
            paths = [(*p, part) for p in paths]
            keys = places.keys if places is not None else None
            places = keys.get(part) if keys is not None else None
        return paths


def _by_shape(value: Any) -> tuple[Any, _Places]:
    """`value` with every list cut to its first item of each shape, and where they were."""
    _, reduced, places = _ShapeReducer().reduce(value)
    return reduced, places


_LEAF = _Places()


class _ShapeReducer:
    """One walk over a value: its shape (what a shape-only schema can see of it: keys,
    the shapes of list items, JSON types, and whether a float is whole, as `integer`
    accepts 1.0) as a small number, and the value reduced to one item per shape."""

    def __init__(self) -> None:
        self.numbers: dict[object, int] = {}

    def number(self, shape: object) -> int:
        return self.numbers.setdefault(shape, len(self.numbers))

    def reduce(self, value: Any) -> tuple[int, Any, _Places]:
        if isinstance(value, dict):
            shapes: list[tuple[Any, int]] = []
            out: dict[Any, Any] = {}
            keys: dict[Any, _Places] = {}
            for key, item in value.items():
                shape, out[key], keys[key] = self.reduce(item)
                shapes.append((key, shape))
            return self.number((dict, *shapes)), out, _Places(keys=keys)
        if isinstance(value, list):
            first: dict[int, int] = {}  # item shape -> its index in the reduced list
            items: list[list[int]] = []
            reduced: list[Any] = []
            inner: list[_Places] = []
            item_shapes: list[int] = []
            for index, item in enumerate(value):
                shape, reduced_item, places = self.reduce(item)
                item_shapes.append(shape)
                at = first.setdefault(shape, len(items))
                if at == len(items):
                    items.append([])
                    reduced.append(reduced_item)
                    inner.append(places)
                items[at].append(index)
            return self.number((list, *item_shapes)), reduced, _Places(items, inner)
        if isinstance(value, float):
            return self.number((float, value.is_integer())), value, _LEAF
        if value is None or isinstance(value, (str, int)):
            return self.number(type(value)), value, _LEAF
        return self.number(id(value)), value, _LEAF  # anything else: a shape of its own


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
