"""Schema validation of one item per shape (validate/shapes.py) finds exactly the errors
that validating every item finds, its yes/no answer is jsonschema's, and its cost does
not grow with repeated items."""

from __future__ import annotations

from typing import Any

import pytest

from evalguard.validate import schema, shapes
from evalguard.validate.schema import (
    CARD_METADATA,
    EVAL_RESULTS,
    MODEL_INDEX,
    SchemaError,
    load_schema,
)

DEFAULTS = {"required": "EG201", "type": "EG202", "minItems": "EG206", "*": "EG202"}


def result(value: Any = 71.2, **changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "task": {"type": "text-generation"},
        "dataset": {"name": "MMLU", "type": "cais/mmlu"},
        "metrics": [{"type": "accuracy", "value": value}],
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


CASES = {
    "valid": [{"name": "m", "results": [result(), result(50)]}],
    "same error in many items": [{"name": "m", "results": [result(None)] * 5}],
    "errors in some items": [
        {"name": "m", "results": [result(), result(None), result(), result(True), result(None)]}
    ],
    "missing keys": [{"results": [result(dataset=None), result(), result(dataset=None)]}],
    "empty lists": [{"name": "m", "results": []}, {"name": "n", "results": [result(metrics=[])]}],
    "nested lists": [
        {
            "name": "m",
            "results": [
                result(metrics=[{"type": "a", "value": 1}, {"type": "b"}, {"value": 2}]),
                result(metrics=[{"type": "a", "value": 1}, {"type": "b"}, {"value": 2}]),
            ],
        }
    ],
    "whole floats and ints": [{"name": "m", "results": [result(1.0), result(1), result(1.5)]}],
    "source without url": [
        {"name": "m", "results": [result(source={"name": "x"}), result(source={"name": "y"})]}
    ],
    "not a list": {"name": "m"},
    "odd items": [None, 3, "x", {"name": "m", "results": [result()]}, None],
}


def every_item(name: str, instance: Any) -> list[SchemaError]:
    """What schema_errors found before: each item validated on its own."""
    original = schema._shape_only
    schema._shape_only = lambda _: False  # type: ignore[assignment]
    try:
        return schema.schema_errors(name, instance, DEFAULTS)
    finally:
        schema._shape_only = original


def key(error: SchemaError) -> tuple[Any, ...]:
    return (error.path, error.keyword, error.rule, repr(error.instance), error.missing)


@pytest.mark.parametrize("instance", CASES.values(), ids=CASES.keys())
def test_one_item_per_shape_finds_the_same_errors(instance: Any) -> None:
    found = schema.schema_errors(MODEL_INDEX, instance, DEFAULTS)
    assert sorted(map(key, found)) == sorted(map(key, every_item(MODEL_INDEX, instance)))


@pytest.mark.parametrize("instance", CASES.values(), ids=CASES.keys())
def test_conforms_says_what_jsonschema_says(instance: Any) -> None:
    valid = not every_item(MODEL_INDEX, instance)
    assert shapes.conforms(load_schema(MODEL_INDEX), instance) is valid


@pytest.mark.parametrize(
    ("name", "shapes_suffice"),
    [(MODEL_INDEX, True), (CARD_METADATA, False), (EVAL_RESULTS, False)],  # enum, pattern
)
def test_only_schemas_that_look_at_shapes_are_validated_by_shape(
    name: str, shapes_suffice: bool
) -> None:
    assert shapes.shapes_suffice(load_schema(name)) is shapes_suffice


@pytest.mark.parametrize(
    ("subschema", "shapes_suffice"),
    [
        ({"type": "array", "minItems": 1, "items": {"type": "string"}}, True),
        ({"type": "array", "minItems": 2}, False),
        ({"maxItems": 3}, False),
        ({"properties": {"a": {"enum": ["x"]}}}, False),
        ({"anyOf": [{"type": "string"}, {"pattern": "^a"}]}, False),
        ({"allOf": [{"required": ["a"]}], "not": {"type": "null"}}, True),
        ({"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}}, True),
        ({"$ref": "https://example.org/other.json"}, False),
    ],
)
def test_shape_keywords(subschema: dict[str, Any], shapes_suffice: bool) -> None:
    assert shapes.shapes_suffice(subschema) is shapes_suffice


@pytest.mark.parametrize(
    ("subschema", "instance", "valid"),
    [
        ({"type": "integer"}, 1.0, True),
        ({"type": "integer"}, 1.5, False),
        ({"type": "integer"}, True, False),
        ({"type": "number"}, False, False),
        ({"type": ["string", "null"]}, None, True),
        ({"type": "boolean"}, 0, False),
        ({"oneOf": [{"type": "number"}, {"type": "integer"}]}, 2, False),
        ({"anyOf": [{"type": "number"}, {"type": "integer"}]}, 2, True),
        ({"not": {"type": "object"}}, [], True),
        ({"required": ["a"]}, "not an object", True),
        ({"dependentRequired": {"a": ["b"]}}, {"a": 1}, False),
        ({"minItems": 1}, [], False),
        ({"items": {"type": "string"}}, ["a", 1], False),
    ],
)
def test_conforms_keywords(subschema: dict[str, Any], instance: Any, valid: bool) -> None:
    assert shapes.conforms(subschema, instance) is valid
    from jsonschema import Draft202012Validator

    assert Draft202012Validator(subschema).is_valid(instance) is valid


def test_validation_sees_one_item_per_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: jsonschema is given the same instance for N and 4N results."""
    seen: list[int] = []
    original = schema._jsonable

    def counting(value: Any) -> Any:
        if isinstance(value, list) and "results" in value[0]:  # the model-index, not a part
            seen.append(len(value[0]["results"]))
        return original(value)

    monkeypatch.setattr(schema, "_jsonable", counting)
    for n in (50, 200):
        dataset = [{"name": f"B{i}", "type": f"o/b{i}"} for i in range(n)]
        results = [result(50 + i % 7, dataset=dataset[i]) for i in range(n)]
        errors = schema.schema_errors(MODEL_INDEX, [{"name": "m", "results": results}], DEFAULTS)
        assert errors == []
    assert seen == [1, 1]
