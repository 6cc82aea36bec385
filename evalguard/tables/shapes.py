"""Tables that name no model but are about the card's model alone, by their shape
(the shapes are listed in extract.py's docstring); otherwise whose they are not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from evalguard.lazyre import LazyPattern, lazy_compile
from evalguard.tables.layout import Layout
from evalguard.tables.locate import scored_rows
from evalguard.tables.metrics import METRIC_NAME, metric_header
from evalguard.tables.names import NameParts, parse_name
from evalguard.tables.outcome import Score, TableOutcome
from evalguard.tables.scores import (
    benchmark_column_scores,
    caption_name,
    column_scores,
    cross_scores,
    row_scores,
)
from evalguard.tables.subject import ModelName, header_core, names_model
from evalguard.tables.textnorm import strip_marks
from evalguard.tables.ties import hub_models
from evalguard.tables.vocabulary import (
    BENCHMARK_HEADER,
    METRIC_LABEL,
    MODEL_HEADER,
    MODEL_LIKE,
    describes_scores,
    is_eval_setting,
)


@dataclass(frozen=True)
class _Headers:
    """What the headers of a table that names no model say about it."""

    cols: list[str]
    rows: list[str]
    #: body rows with at least one score
    scored_rows: list[int]
    models_in_rows: bool
    models_in_cols: bool


def _headers(layout: Layout, body_rows: list[int], model: ModelName | None) -> _Headers:
    cols = [layout.col_header(c) for c in layout.data_cols]
    rows = [layout.row_header(r) for r in body_rows]
    scored = scored_rows(layout, body_rows)
    label_heads = [layout.col_header(c) for c in layout.label_cols]
    # `Text Encoder`, `Pretraining Method` name models; a `Prompt Approach` column of
    # `Zero-Shot CoT` rows names how the one model was evaluated
    model_header = any(MODEL_HEADER.search(h) for h in label_heads) and not all(
        is_eval_setting(h) for h in rows
    )
    in_rows = (
        model_header
        or _mostly_models(rows)
        or any(hub_models(layout.row_links(r)) for r in body_rows)
        or _names_a_relative(model, rows)
    )
    if len(scored) == 1 and MODEL_LIKE.search(layout.row_header(scored[0])):
        in_rows = True
    in_cols = _mostly_models(cols) or _names_a_relative(model, cols)
    return _Headers(cols, rows, scored, in_rows, in_cols)


def _names_a_relative(model: ModelName | None, headers: list[str]) -> bool:
    """A header with the model's family name and a version or size (`Kandinsky 2.0`
    in the card of `kandinsky-2-1-prior`): the headers are models, the card's among
    others, even where no rule says which is the card's."""
    return any(
        parts.version or parts.size or parts.variants for parts in _with_family_word(model, headers)
    )


def _names_its_family(model: ModelName, headers: list[str]) -> bool:
    """A column with the model's family word (`BERTIN (beta)` beside `RoBERTa-b` in the
    card of `bertin-roberta-base-spanish`): the columns are models, not subsets."""
    return any(_with_family_word(model, headers))


def _with_family_word(model: ModelName | None, headers: list[str]) -> Iterator[NameParts]:
    """The name parts of the headers that hold the model's first family word; none when
    that word is shorter than four letters, too short to say a header is its family's."""
    family = model.parts.family[:1] if model is not None else ()
    if not family or len(family[0]) < 4:
        return
    for header in headers:
        parts = parse_name(header_core(header))
        if family[0] in parts.family:
            yield parts


def single_subject(layout: Layout, body_rows: list[int], model: ModelName | None) -> TableOutcome:
    """No header names the model: take the table only if its shape says it is about one
    model (the shapes are listed in the module docstring); otherwise say whose it is not."""
    heads = _headers(layout, body_rows, model)
    if _lead_names_another_model(layout.table.lead, model):
        reason = "no header names the model, and the line above it names another model"
        return TableOutcome(layout.table, "no-subject", reason, [layout.table.lead])
    shape = _one_model_shape(layout, body_rows, heads, model)
    if shape is not None:
        return TableOutcome(layout.table, "scores", shape[0], scores=shape[1])
    if heads.models_in_cols:
        return _no_subject(layout, heads.cols, "columns")
    if heads.models_in_rows:
        return _no_subject(layout, heads.rows, "rows")
    return _no_subject(layout, heads.cols + heads.rows, "headers")


def _lead_names_another_model(lead: str, model: ModelName | None) -> bool:
    """`By comparison, X-72B has the following results:` right above a table that names
    no model: its numbers are X's. Only full names with a parameter count count as
    models (`Llama-2-70B`, not a `llama-2` chat template; links are not read); the line
    is the card's model's when one of them shares its family words (`Smaug-72B` for
    `Smaug-72B-v0.1`) or it says `our model`/`this model`. Without a model to compare
    with, nothing is told."""
    if model is None or not model.parts.family:
        return False
    text = _URL.sub(" ", lead)
    named = [set(parse_name(m.group(0)).family) for m in _SIZED_NAME.finditer(text)]
    if not named or _OURS_IN_TEXT.search(text):
        return False
    family = set(model.parts.family)
    return not any(words and (words <= family or family <= words) for words in named)


_URL = lazy_compile(r"\S*https?://\S+")
#: a model's full name with its parameter count, dashed: `Llama-2-70B`, `MoMo-72B-lora`
_SIZED_NAME = lazy_compile(r"\b[A-Za-z][\w.]*(?:-[\w.]+)*?-\d+(?:\.\d+)?[BbMm]\b")
_OURS_IN_TEXT = lazy_compile(r"\b(ours|our\s+model|this\s+model)\b", re.I)


def _one_model_shape(
    layout: Layout, body_rows: list[int], heads: _Headers, model: ModelName | None
) -> tuple[str, list[Score]] | None:
    """(which shape, the scores) when the table is about one model, else None."""
    data_cols = layout.data_cols
    if heads.models_in_cols or heads.models_in_rows:
        return None
    attributes = [c for c in layout.dropped_cols if not describes_scores(layout.col_header(c))]
    if len(attributes) > len(data_cols):
        return None  # mostly sizes, settings, counts: a file or config table
    if _is_classification_report(layout, heads):
        return "a classification report", _report_scores(layout, body_rows)
    if layout.setting_key_cols and not _named_rows(layout):
        key = layout.col_header(layout.setting_key_cols[0])
        rows = heads.scored_rows
        scores = [
            s
            for r in rows
            for s in row_scores(layout, r, setting=f"{key} {layout.row_header(r)}".strip())
        ]
        return "the model under settings its first column gives", scores
    if len(data_cols) == 1 and layout.label_cols and not MODEL_LIKE.search(heads.cols[0]):
        return "a single-score column", column_scores(layout, data_cols[0], body_rows)
    if (
        layout.metric_col is not None
        and _mostly(METRIC_LABEL, heads.rows)
        and layout.name_cols == [layout.metric_col]
    ):
        # with a `Dataset` column beside `Metric`, the columns are not benchmarks but
        # models (`| Dataset | Metric | RoBERTa-b | BETO |`)
        scores = [s for c in data_cols for s in benchmark_column_scores(layout, c, body_rows)]
        return "a metric x benchmark table", scores
    if _is_dataset_metric_grid(layout, heads):
        setting = _title_setting(layout)
        scores = [
            s for c in data_cols for s in column_scores(layout, c, body_rows, setting=setting)
        ]
        return "a dataset x metric table", scores
    if all(is_eval_setting(h) for h in heads.rows):
        rows = heads.scored_rows
        scores = [s for r in rows for s in row_scores(layout, r, setting=layout.row_header(r))]
        return "the model under several settings", scores
    if all(is_eval_setting(h) for h in heads.cols):
        # A metric header (`pass@1`) is the score's metric already, not also its setting.
        scores = [
            s
            for c, head in zip(data_cols, heads.cols, strict=True)
            for s in column_scores(
                layout, c, body_rows, setting="" if METRIC_NAME.match(head) else head
            )
        ]
        return "the model under several settings", scores
    if len(heads.scored_rows) == 1:
        return "a single row of scores", row_scores(layout, heads.scored_rows[0])
    if (
        model is not None
        and names_model(model, layout.table.caption)
        and not any(MODEL_LIKE.search(h) for h in (*heads.cols, *heads.rows))
        and not _names_its_family(model, heads.cols)
    ):
        scores = [s for c in data_cols for s in cross_scores(layout, c, body_rows)]
        return "a benchmark x subset table of the model its caption names", scores
    return None


def _named_rows(layout: Layout) -> bool:
    """Whether a label column other than a setting key names the rows."""
    return any(c not in layout.setting_key_cols for c in layout.name_cols)


def _title_setting(layout: Layout) -> str:
    """A one-model table whose rows name the benchmarks: the short line above it
    (`Without LM:`) says how its scores were taken."""
    return layout.table.title


_REPORT_ROWS = lazy_compile(r"^\s*(accuracy|macro\s+avg|weighted\s+avg|micro\s+avg)\s*$", re.I)
_REPORT_COLS = lazy_compile(r"^\s*(precision|recall|f1[\s_-]?score|f1)\s*$", re.I)


def _is_classification_report(layout: Layout, heads: _Headers) -> bool:
    """scikit-learn's `classification_report`: precision/recall/f1-score (and a dropped
    support) over per-class rows and `accuracy`, `macro avg`, `weighted avg`."""
    return (
        bool(heads.cols)
        and all(_REPORT_COLS.match(h) for h in heads.cols)
        and sum(1 for h in heads.rows if _REPORT_ROWS.match(h)) >= 2
    )


def _report_scores(layout: Layout, body_rows: list[int]) -> list[Score]:
    """Every score of the report, named after the table (its title line above, else the
    README source's fallbacks), the metric `<row> <column>` (`macro avg precision`); the
    `accuracy` row's one number is the accuracy."""
    out: list[Score] = []
    for c in layout.data_cols:
        column = layout.col_header(c)
        for score in column_scores(layout, c, body_rows):
            row = score.benchmark
            metric = row if row.casefold() == "accuracy" else f"{row} {column}"
            out.append(replace(score, benchmark=caption_name(layout), metric=metric))
    return out


def _is_dataset_metric_grid(layout: Layout, heads: _Headers) -> bool:
    """Rows are test sets, columns metrics (`| Dataset | WER | CER |`, `| langpair |
    testset | chr-F | BLEU |`): every score column names a metric, and the column that
    names the rows says they are datasets, or they look like test splits."""
    if not heads.cols or not all(metric_header(strip_marks(h)) for h in heads.cols):
        return False
    if any(BENCHMARK_HEADER.match(layout.col_header(c)) for c in layout.name_cols):
        return True
    return all(_SPLIT_WORD.search(h) for h in heads.rows if h)


_SPLIT_WORD = lazy_compile(r"\b(test|dev|valid(ation)?|eval(uation)?)\b", re.I)


def _no_subject(layout: Layout, headers: list[str], axis: str) -> TableOutcome:
    reason = (
        f"compares models in its {axis} and none of them is the model"
        if axis in ("rows", "columns")
        else "no header names the model, and its shape is not that of a one-model table"
    )
    return TableOutcome(layout.table, "no-subject", reason, [h for h in headers if h])


def _mostly_models(headers: list[str]) -> bool:
    return _mostly(MODEL_LIKE, headers)


def _mostly(pattern: LazyPattern, texts: list[str]) -> bool:
    """More than half of the non-empty texts contain the pattern."""
    named = [t for t in texts if t]
    return bool(named) and sum(1 for t in named if pattern.search(t)) * 2 > len(named)
