"""EG2xx: the model-index block against `schemas/model-index.schema.json`."""

from __future__ import annotations

from evalguard.card.frontmatter import FrontMatter, Path
from evalguard.validate.describe import as_yaml_text
from evalguard.validate.findings import Finding, yaml_path
from evalguard.validate.registry import rule
from evalguard.validate.schema import (
    MODEL_INDEX,
    SchemaError,
    missing_finding,
    plain_message,
    schema_errors,
)
from evalguard.validate.where import value_position

KEY = "model-index"
_DEFAULTS = {"required": "EG201", "type": "EG202", "minItems": "EG206", "*": "EG202"}

_REQUIRED_HINTS = {
    "name": "add `name:` with the model's name",
    "results": "add `results:` with one item per task and dataset",
    "task": "add `task: {type: text-generation}` (the task id of the evaluation)",
    "type": "add `type:` (a Hub id: task id, dataset id or metric id)",
    "dataset": "add `dataset:` with `name` (display name) and `type` (Hub dataset id)",
    "name@dataset": "add `name:`, the dataset's display name",
    "metrics": "add `metrics:`, a list of `- type: <metric id>` / `value: <score>` items",
    "value": "add `value:` with the score",
    "url": "add `url:`, a link to where the score comes from",
}


#: who requires a key, where the Hub itself does not (the rule's evidence)
_REQUIRED_BY = {"EG207": "huggingface_hub (the Hub accepts the card without it)"}


def check_model_index(fm: FrontMatter, file: str) -> list[Finding]:
    if KEY not in fm.data:
        return []
    errors = schema_errors(MODEL_INDEX, fm.data[KEY], _DEFAULTS)
    return [_finding(fm, file, error) for error in errors]


def _finding(fm: FrontMatter, file: str, error: SchemaError) -> Finding:
    path: Path = (KEY, *error.path)
    if error.missing:
        return missing_finding(
            fm,
            file,
            error,
            path,
            hints=_REQUIRED_HINTS,
            when="`name`",
            required_by=_REQUIRED_BY.get(error.rule),
        )
    where = yaml_path(path)
    line, column = value_position(fm, path)
    hint = None
    if error.keyword == "minItems":
        message, hint = _empty(path, where)
    else:
        message = plain_message(where, error)
        if error.keyword == "type":
            hint = _type_hint(error, path)
    return rule(error.rule).finding(file, line, column, message, hint=hint, yaml_path=where)


def _empty(path: Path, where: str) -> tuple[str, str]:
    if path == (KEY,):
        return (
            "model-index is an empty list",
            "remove `model-index:` or add an entry with `name` and `results`",
        )
    what = "results" if path[-1] == "results" else "metrics"
    return (
        f"{where} is empty: the card declares no {what} there",
        "add the evaluation results, or remove the empty entry",
    )


def _type_hint(error: SchemaError, path: Path) -> str | None:
    value = error.instance
    wanted = error.expected
    if path[-1] == "value":
        if isinstance(value, dict) and len(value) == 1 and next(iter(value.values())) is None:
            return (
                f"`{{{next(iter(value))}}}` is YAML for a mapping (a template placeholder?); "
                "write the score, e.g. `value: 85.2`"
            )
        return "write the score as a number, e.g. `value: 85.2` (or remove the metric)"
    wants_string = wanted == "string" or (isinstance(wanted, list) and "string" in wanted)
    if wants_string and value is not None and not isinstance(value, (dict, list)):
        return f'quote it: {path[-1]}: "{as_yaml_text(value)}"'
    if wanted == "array":
        return "write a YAML list: one `- ` item per line"
    if wanted == "object" or (isinstance(wanted, list) and "object" in wanted):
        return "write a mapping of `key: value` lines"
    return None
