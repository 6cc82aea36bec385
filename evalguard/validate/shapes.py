"""JSON Schema validation for schemas that look at shapes only, without jsonschema.

A model-index of 10,000 results is 10,000 times the same few shapes (the same keys, the
same types of values), and its schema asks only about shapes: which keys there are,
whether a list is empty, what JSON type a value has. So a list is validated with one
item of each shape it holds (`by_shape`), an error about that item is an error about
every item of its shape (`Places.expand`), and whether there is any error at all is
answered here (`conforms`): jsonschema, slower to import than a card is to check, is
needed only to explain an error. Schemas that look at values (`enum`, `pattern`,
`maxItems`...) are not shape-only (`shapes_suffice`) and go to jsonschema whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalguard.card.frontmatter import Path

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


def shapes_suffice(schema: Any) -> bool:
    """Does `schema` judge an instance by its shape alone? `minItems` does up to 1 (one
    item of each shape leaves a list empty exactly when it was); `$ref` within the
    schema only."""
    if not isinstance(schema, dict):
        return isinstance(schema, bool)
    for keyword, value in schema.items():
        if keyword not in _SHAPE_KEYWORDS or (keyword == "minItems" and value > 1):
            return False
        if keyword == "$ref" and not str(value).startswith("#/"):
            return False
        if keyword in _ONE_SCHEMA:
            subschemas = [value]
        elif keyword in _SCHEMA_LIST:
            subschemas = value
        elif keyword in _SCHEMA_MAP:
            subschemas = list(value.values())
        else:
            continue
        if not all(shapes_suffice(sub) for sub in subschemas):
            return False
    return True


def conforms(schema: dict[str, Any], instance: Any) -> bool:
    """Does `instance` (JSON values: dict, list, str, int, float, bool, None; anything
    else has no JSON type) satisfy `schema`, a schema `shapes_suffice` accepts? What
    jsonschema's Draft 2020-12 validator says, for these keywords."""
    return _conforms(schema, instance, schema)


def _conforms(schema: Any, instance: Any, root: dict[str, Any]) -> bool:
    if isinstance(schema, bool):
        return schema
    for keyword, value in schema.items():
        if keyword == "$ref":
            ok = _conforms(_resolve(root, value), instance, root)
        elif keyword == "type":
            types = value if isinstance(value, list) else [value]
            ok = any(_is_type(instance, name) for name in types)
        elif keyword == "allOf":
            ok = all(_conforms(sub, instance, root) for sub in value)
        elif keyword == "anyOf":
            ok = any(_conforms(sub, instance, root) for sub in value)
        elif keyword == "oneOf":
            ok = sum(_conforms(sub, instance, root) for sub in value) == 1
        elif keyword == "not":
            ok = not _conforms(value, instance, root)
        elif isinstance(instance, dict):
            ok = _object_conforms(keyword, value, instance, root)
        elif isinstance(instance, list):
            ok = _array_conforms(keyword, value, instance, root)
        else:
            ok = True  # the other keywords apply to objects or arrays only
        if not ok:
            return False
    return True


def _object_conforms(keyword: str, value: Any, instance: dict[str, Any], root: Any) -> bool:
    if keyword == "required":
        return all(key in instance for key in value)
    if keyword == "dependentRequired":
        return all(
            all(needed in instance for needed in needs)
            for key, needs in value.items()
            if key in instance
        )
    if keyword == "properties":
        return all(
            _conforms(sub, instance[key], root) for key, sub in value.items() if key in instance
        )
    return True


def _array_conforms(keyword: str, value: Any, instance: list[Any], root: Any) -> bool:
    if keyword == "items":
        return all(_conforms(value, item, root) for item in instance)
    if keyword == "minItems":
        return len(instance) >= int(value)
    return True


def _resolve(root: dict[str, Any], ref: str) -> Any:
    """The subschema a local `$ref` (`#/$defs/name`) points at."""
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _is_type(instance: Any, name: str) -> bool:
    """JSON Schema's types, as jsonschema tells them (a bool is no number; 1.0 is an
    integer)."""
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "string":
        return isinstance(instance, str)
    if name == "null":
        return instance is None
    if name == "boolean":
        return isinstance(instance, bool)
    if isinstance(instance, bool) or not isinstance(instance, (int, float)):
        return False
    return name == "number" or isinstance(instance, int) or bool(instance.is_integer())


@dataclass
class Places:
    """Where the items of a reduced list stand in the original: `items[i]` lists the
    original indexes of the items of the shape of reduced item i, `inner[i]` the places
    inside that item; `keys` the places inside a mapping's values."""

    items: list[list[int]] | None = None
    inner: list[Places] | None = None
    keys: dict[Any, Places] | None = None

    def expand(self, path: Path) -> list[Path]:
        """The original paths a path into the reduced instance stands for."""
        paths: list[Path] = [()]
        places: Places | None = self
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


def by_shape(value: Any) -> tuple[Any, Places]:
    """`value` with every list cut to its first item of each shape, and where they were."""
    _, reduced, places = _ShapeReducer().reduce(value)
    return reduced, places


_LEAF = Places()


class _ShapeReducer:
    """One walk over a value: its shape (what a shape-only schema can see of it: keys,
    the shapes of list items, JSON types, and whether a float is whole, as `integer`
    accepts 1.0) as a small number, and the value reduced to one item per shape."""

    def __init__(self) -> None:
        self.numbers: dict[object, int] = {}

    def number(self, shape: object) -> int:
        return self.numbers.setdefault(shape, len(self.numbers))

    def reduce(self, value: Any) -> tuple[int, Any, Places]:
        if isinstance(value, dict):
            shapes: list[tuple[Any, int]] = []
            out: dict[Any, Any] = {}
            keys: dict[Any, Places] = {}
            for key, item in value.items():
                shape, out[key], keys[key] = self.reduce(item)
                shapes.append((key, shape))
            return self.number((dict, *shapes)), out, Places(keys=keys)
        if isinstance(value, list):
            first: dict[int, int] = {}  # item shape -> its index in the reduced list
            items: list[list[int]] = []
            reduced: list[Any] = []
            inner: list[Places] = []
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
            return self.number((list, *item_shapes)), reduced, Places(items, inner)
        if isinstance(value, float):
            return self.number((float, value.is_integer())), value, _LEAF
        if value is None or isinstance(value, (str, int)):
            return self.number(type(value)), value, _LEAF
        return self.number(id(value)), value, _LEAF  # anything else: a shape of its own
