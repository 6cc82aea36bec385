"""Tables + the model's name -> the model's scores, each knowing where it came from.

For each table: work out its layout (layout.py), drop what is not an evaluation result
(training logs, parameters, speeds...), find the model's column or row (subject.py),
and read one Score per benchmark cell. A table that compares models without naming ours
yields nothing and says so; a table that names ours ambiguously yields nothing and lists
the candidates. A table about one model only (`| Metric | Value |`, a single score row,
a metric x dataset matrix) is the card's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from evalguard.layout import Layout, analyse, is_not_score_label
from evalguard.subject import Match, ModelName, Rule, match_headers
from evalguard.tables import Table
from evalguard.textnorm import strip_marks
from evalguard.values import Number

Status = Literal["scores", "not-eval", "no-subject", "ambiguous", "skipped"]


@dataclass(frozen=True)
class Score:
    """One number of the model's, read from one table cell."""

    benchmark: str
    metric: str | None
    value: Number
    table: int
    line: int
    column: int
    #: qualifier of the model's column/row when it is a setting ("Instruct", "Zero-Shot CoT")
    setting: str = ""
    #: few-shot count when the table gives one
    shots: int | None = None
    #: the header or row label the score was read under (the model's, or "" for the card's
    #: single-model tables)
    subject: str = ""


@dataclass
class TableOutcome:
    table: Table
    status: Status
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractOptions:
    #: 1-based table numbers to use (empty: all) and to skip
    tables: tuple[int, ...] = ()
    skip_tables: tuple[int, ...] = ()
    #: pin the model's column or row by its header text (case-insensitive exact match)
    column: str | None = None


@dataclass
class Extraction:
    outcomes: list[TableOutcome]

    @property
    def scores(self) -> list[Score]:
        return [s for o in self.outcomes for s in o.scores]

    def by_status(self, status: Status) -> list[TableOutcome]:
        return [o for o in self.outcomes if o.status == status]


def extract(
    tables: Sequence[Table], model: ModelName | None, options: ExtractOptions | None = None
) -> Extraction:
    options = options or ExtractOptions()
    outcomes: list[TableOutcome] = []
    for table in tables:
        if (options.tables and table.index not in options.tables) or (
            table.index in options.skip_tables
        ):
            outcomes.append(TableOutcome(table, "skipped", "excluded by configuration"))
            continue
        outcomes.append(extract_table(table, model, options.column))
    return Extraction(outcomes)


# -- one table -------------------------------------------------------------------------

_AGGREGATE = re.compile(r"^\s*(avg\.?|average|mean|overall|total|all|macro[\s_-]?avg)\s*$", re.I)
_DELTA = re.compile(r"^\s*(Δ|delta|diff(erence)?|improvement|gain|change)\b", re.I)
_METRIC_WORDS = re.compile(
    r"^(acc(uracy)?\.?|acc_norm|acc_char|em|exact[\s_]match|f1|f1[\s_-]?score|pass@\d+|"
    r"bpb|bpc|ppl|perplexity|score|mc[12]|wer|cer|bleu|chrf\+*|rouge[\w-]*|ndcg@?\d*|"
    r"map@?\d*|mrr@?\d*|auc|win[\s_]?rate|lc[\s_]win[\s_]rate|elo|rating|resolved|"
    r"macro[_\s-]?avg/acc(_char)?|micro[_\s-]?avg|maj@\d+|cons@\d+|strict|loose|%|"
    r"em/f1|f1/em|precision|recall|top-?\d|acc@\d+|prompt[\s_]level[\w\s]*|"
    r"inst[\s_]level[\w\s]*|multiple_choice_grade|value|results?)(\s*%|\s*\(%\))?$",
    re.I,
)
_SHOT_COUNT = re.compile(r"(\d+)[\s-]*shots?", re.I)
_MODEL_HEADER = re.compile(r"^\s*(models?|methods?|systems?|names?|checkpoints?|llms?)\s*$", re.I)
_MODEL_LIKE = re.compile(
    r"(\b\d+(\.\d+)?\s?[bBmM]\b|\b\d+x\d+[bB]\b|huggingface\.co|\bgpt-?\d|\bclaude\b|\bllama|"
    r"\bmistral|\bmixtral|\bqwen|\bgemma|\bphi-?\d|\bfalcon|\bvicuna|\bzephyr|\bdeepseek|"
    r"\byi-|\bbaichuan|\binternlm|\bchatglm|\bbloom|\bopt-|\bmpt-|\bstarcoder|\bcodellama|"
    r"\bwizard|\bolmo|\bpythia|\bours\b)",
    re.I,
)


def split_metric(name: str) -> tuple[str, str | None]:
    """`BBH (EM)` -> (`BBH`, `EM`); `MMLU (5-shot)` keeps its setting in the name."""
    match = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", name)
    if match and _METRIC_WORDS.match(match.group(2).strip()):
        return match.group(1), match.group(2).strip()
    return name, None


def _shots(*texts: str) -> int | None:
    for text in texts:
        match = _SHOT_COUNT.search(text)
        if match:
            return int(match.group(1))
        if re.fullmatch(r"\s*\d+\s*", text):
            return int(text)
    return None


def extract_table(table: Table, model: ModelName | None, pin: str | None = None) -> TableOutcome:
    layout = analyse(table)
    if not layout.data_cols or not layout.numbers:
        return TableOutcome(table, "not-eval", "no scores in this table")
    if _is_training_log(layout):
        return TableOutcome(
            table, "not-eval", "a training log (epochs/steps), not evaluation results"
        )
    data_cols = [c for c in layout.data_cols if not is_not_score_label(layout.col_header(c))]
    body_rows = [r for r in layout.body_rows if not is_not_score_label(layout.row_header(r))]
    if _is_hyperparameter_table(layout):
        return TableOutcome(table, "not-eval", "hyper-parameters or statistics, not scores")
    if not data_cols or not body_rows:
        return TableOutcome(table, "not-eval", "its numbers are not scores (sizes, speeds, prices)")
    col_headers = [layout.col_header(c) for c in data_cols]
    row_headers = [layout.row_header(r) for r in body_rows]
    # The model's name usually sits in the first label column alone; other label columns
    # (size, alignment method, ...) only help when the name is split (`Llama 2` | `70B`).
    first_labels = [layout.filled_labels[r][0] if layout.label_cols else "" for r in body_rows]

    if pin is not None:
        return _pinned(layout, data_cols, body_rows, pin)
    by_col: list[Match] = []
    by_row: list[Match] = []
    if model is not None:
        by_col = match_headers(model, col_headers, [layout.col_links(c) for c in data_cols])
        links = [layout.row_links(r) for r in body_rows]
        by_row = match_headers(model, first_labels, links)
        combined = match_headers(model, row_headers, links)
        if combined and (not by_row or combined[0].rule < by_row[0].rule):
            by_row = combined
        else:
            row_headers = first_labels if by_row else row_headers
    best_col = min((m.rule for m in by_col), default=None)
    best_row = min((m.rule for m in by_row), default=None)
    if best_col is not None and (best_row is None or best_col <= best_row):
        matches, axis = by_col, "column"
    elif best_row is not None:
        matches, axis = by_row, "row"
    else:
        return _single_subject(layout, data_cols, body_rows, col_headers, row_headers)

    headers = col_headers if axis == "column" else row_headers
    if len(matches) > 1 and matches[0].rule not in (Rule.SETTING, Rule.OURS):
        names = [headers[m.index] for m in matches]
        return TableOutcome(
            table,
            "ambiguous",
            f"several {axis}s name the model ({matches[0].rule.name.lower()} rule)",
            names,
        )
    scores: list[Score] = []
    for match in matches:
        if axis == "column":
            scores += _column_scores(layout, data_cols[match.index], body_rows, match.setting)
        else:
            scores += _row_scores(layout, body_rows[match.index], data_cols, match.setting)
    return TableOutcome(table, "scores", f"the model's {axis}", scores=scores)


def _pinned(layout: Layout, data_cols: list[int], body_rows: list[int], pin: str) -> TableOutcome:
    want = strip_marks(pin).casefold()
    cols = [c for c in data_cols if strip_marks(layout.col_header(c)).casefold() == want]
    rows = [r for r in body_rows if strip_marks(layout.row_header(r)).casefold() == want]
    if len(cols) + len(rows) != 1:
        return TableOutcome(
            layout.table,
            "no-subject" if not cols and not rows else "ambiguous",
            f"no single column or row is headed {pin!r}",
            [layout.col_header(c) for c in data_cols] + [layout.row_header(r) for r in body_rows],
        )
    scores = (
        _column_scores(layout, cols[0], body_rows, "")
        if cols
        else _row_scores(layout, rows[0], data_cols, "")
    )
    return TableOutcome(layout.table, "scores", f"pinned to {pin!r}", scores=scores)


def _single_subject(
    layout: Layout,
    data_cols: list[int],
    body_rows: list[int],
    col_headers: list[str],
    row_headers: list[str],
) -> TableOutcome:
    """No header names the model: take the table only if it is about one model."""
    table = layout.table
    label_heads = [layout.label_header(c) for c in layout.label_cols]
    models_in_rows = any(_MODEL_HEADER.match(h) for h in label_heads) or _mostly_models(row_headers)
    models_in_cols = _mostly_models(col_headers)
    if len(data_cols) == 1 and not models_in_cols and not _MODEL_LIKE.search(col_headers[0]):
        if models_in_rows and len(body_rows) > 1:
            return _no_subject(layout, row_headers, "rows")
        scores = _column_scores(layout, data_cols[0], body_rows, "", subject="")
        return TableOutcome(table, "scores", "a single-score column", scores=scores)
    rows_with_scores = [r for r in body_rows if any((r, c) in layout.numbers for c in data_cols)]
    if len(rows_with_scores) == 1 and not models_in_cols:
        row = rows_with_scores[0]
        if row_headers[body_rows.index(row)] and _MODEL_LIKE.search(
            row_headers[body_rows.index(row)]
        ):
            return _no_subject(layout, row_headers, "rows")
        return TableOutcome(
            table,
            "scores",
            "a single row of scores",
            scores=_row_scores(layout, row, data_cols, ""),
        )
    if layout.metric_col is not None and not models_in_cols and not models_in_rows:
        scores = [
            s
            for c in data_cols
            for s in _column_scores(layout, c, body_rows, "", subject="", benchmark_from_col=True)
        ]
        return TableOutcome(table, "scores", "a metric x benchmark table", scores=scores)
    if models_in_cols:
        return _no_subject(layout, col_headers, "columns")
    return _no_subject(layout, row_headers if models_in_rows else col_headers, "rows")


def _no_subject(layout: Layout, headers: list[str], axis: str) -> TableOutcome:
    return TableOutcome(
        layout.table,
        "no-subject",
        f"compares models in its {axis} and none of them is the model",
        [h for h in headers if h],
    )


def _mostly_models(headers: list[str]) -> bool:
    named = [h for h in headers if h]
    return bool(named) and sum(1 for h in named if _MODEL_LIKE.search(h)) * 2 > len(named)


def _is_training_log(layout: Layout) -> bool:
    heads = [layout.col_header(c) for c in range(layout.table.width)]
    hits = sum(1 for h in heads if re.search(r"^\s*(epoch|step|training loss)\s*$", h, re.I))
    return hits >= 2 or any(re.fullmatch(r"\s*epoch\s*", h, re.I) for h in heads[:2])


_HYPER = re.compile(
    r"\b(lr|learning[\s_]rate|batch[\s_]size|epochs?|warmup|weight[\s_]decay|optimizer|"
    r"adam|betas?|eps|dropout|seed|seq(uence)?[\s_]length|max[\s_]length|scheduler|"
    r"gradient|clip|dp|tp|pp|hidden|layers|heads|vocab|dimension|params|size|steps|"
    r"precision|bf16|fp16|lora|rank|alpha|gpus?|nodes|tokens)\b",
    re.I,
)


def _is_hyperparameter_table(layout: Layout) -> bool:
    labels = [layout.row_header(r) for r in layout.body_rows if layout.row_header(r)]
    if len(labels) < 3:
        return False
    hits = sum(1 for label in labels if _HYPER.search(label))
    return hits * 2 >= len(labels)


# -- reading scores --------------------------------------------------------------------


def _benchmark_of_row(layout: Layout, r: int) -> tuple[str, str | None, int | None]:
    """(benchmark, metric, shots) named by a row's label cells."""
    labels = dict(zip(layout.label_cols, layout.filled_labels.get(r, []), strict=False))
    metric = labels.get(layout.metric_col) if layout.metric_col is not None else None
    shots = _shots(*(labels.get(c, "") for c in layout.setting_cols))
    names = [
        labels.get(c, "")
        for c in layout.label_cols
        if c not in layout.setting_cols and c != layout.metric_col
    ]
    names = [n for n in names if n]
    name = strip_marks(names[-1]) if names else ""
    return name, (strip_marks(metric) or None) if metric else None, shots


def _benchmark_of_col(layout: Layout, c: int) -> tuple[str, str | None, int | None]:
    """(benchmark, metric, shots) named by a column's header levels."""
    levels = [strip_marks(t) for t in layout.col_levels(c)]
    shots = None
    metric = None
    names: list[str] = []
    for level in levels:
        if _SHOT_COUNT.fullmatch(level.strip()) or re.fullmatch(r"\d+-shot", level.strip()):
            shots = _shots(level)
        elif _METRIC_WORDS.match(level) and names:
            metric = level
        else:
            names.append(level)
    name = names[-1] if names else ""
    if shots is not None and name and "shot" not in name.lower():
        name = f"{name} ({shots}-shot)"
    return name, metric, shots if shots is not None else _shots(name)


def _column_scores(
    layout: Layout,
    c: int,
    body_rows: list[int],
    setting: str,
    *,
    subject: str | None = None,
    benchmark_from_col: bool = False,
) -> list[Score]:
    """Scores down one column: benchmarks are rows (or, for a metric x benchmark table,
    the column names the benchmark and rows name metrics)."""
    out: list[Score] = []
    col_name, col_metric, col_shots = _benchmark_of_col(layout, c)
    head = layout.col_header(c) if subject is None else subject
    for r in body_rows:
        num = layout.numbers.get((r, c))
        if num is None:
            continue
        name, metric, shots = _benchmark_of_row(layout, r)
        if benchmark_from_col:
            name, metric = col_name, name or metric
        elif not name:
            continue
        if _AGGREGATE.match(name) or _DELTA.match(name):
            continue
        if metric is None and not benchmark_from_col:
            name, metric = split_metric(name)
            if metric is None and col_metric is None and _METRIC_WORDS.match(col_name or ""):
                metric = col_name
        cell = layout.cell(r, c)
        out.append(
            Score(
                name,
                metric or col_metric,
                num,
                layout.table.index,
                cell.line,
                cell.column,
                setting,
                shots if shots is not None else col_shots if benchmark_from_col else _shots(name),
                head,
            )
        )
    return out


def _row_scores(layout: Layout, r: int, data_cols: list[int], setting: str) -> list[Score]:
    """Scores along one row: benchmarks are columns."""
    out: list[Score] = []
    subject = layout.row_header(r)
    for c in data_cols:
        num = layout.numbers.get((r, c))
        if num is None:
            continue
        name, metric, shots = _benchmark_of_col(layout, c)
        if not name or _AGGREGATE.match(name) or _DELTA.match(name):
            continue
        if metric is None:
            name, metric = split_metric(name)
        cell = layout.cell(r, c)
        out.append(
            Score(
                name,
                metric,
                num,
                layout.table.index,
                cell.line,
                cell.column,
                setting,
                shots,
                subject,
            )
        )
    return out
