"""Reading the model's scores out of a table whose layout and subject are known: the
benchmark, metric, setting and shots of every score cell, from its row labels and its
column's header levels."""

from __future__ import annotations

import re
from typing import NamedTuple

from evalguard.lazyre import lazy_compile
from evalguard.tables.layout import Layout, is_metric_pair
from evalguard.tables.metrics import METRIC_NAME, metric_header
from evalguard.tables.outcome import Score
from evalguard.tables.textnorm import strip_marks
from evalguard.tables.values import Number, is_no_value
from evalguard.tables.vocabulary import (
    AGGREGATE,
    SHOT_COUNT,
    SUBSET_HEADER,
    is_eval_setting,
    is_generic_heading,
)


def split_metric(name: str) -> tuple[str, str | None]:
    """`BBH (EM)` -> (`BBH`, `EM`); `anli_r1/acc` -> (`anli_r1`, `acc`) as the harness
    writes task/metric; `MMLU (5-shot)` keeps its setting in the name."""
    match = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", name)
    if match and METRIC_NAME.match(match.group(2).strip()):
        return match.group(1), match.group(2).strip()
    task = re.match(r"^([^\s/]+)/([\w@.-]+)$", name.strip())
    if task and METRIC_NAME.match(task.group(2)) and not METRIC_NAME.match(task.group(1)):
        return task.group(1), task.group(2)
    return name, None


def _shots(*texts: str) -> int | None:
    """The few-shot count of a `# Shots` column's cells (`5`, `5-shot`)."""
    for text in texts:
        if re.fullmatch(r"\s*\d+\s*", text):
            return int(text)
        found = _shots_in(text)
        if found is not None:
            return found
    return None


def _shots_in(name: str) -> int | None:
    """The few-shot count a name or header states (`MMLU (5-shot)`); a bare number
    (a class label `0`, a length `1024`) is none."""
    match = SHOT_COUNT.search(name)
    return int(match.group(1)) if match else None


class _Label(NamedTuple):
    """What a row's label cells or a column's header levels say about its scores."""

    benchmark: str
    metric: str | None
    shots: int | None


def _row_label(layout: Layout, r: int) -> _Label:
    """A row's benchmark, metric and shots. Rows named only by a subset column
    (`Languages`, `supercategory`: `German`, `STEM`) are subsets of the benchmark the
    table's caption names: `MGSM German`, `KMMLU (5-shot) STEM`."""
    metric, shots = _metric_and_shots(strip_marks(layout.row_metric(r)))
    shots = _shots(*(layout.label(r, c) for c in layout.setting_cols)) if shots is None else shots
    name = strip_marks(layout.row_name(r))
    if name and not AGGREGATE.match(name) and _rows_are_subsets(layout):
        caption = caption_name(layout)
        name = f"{caption} {name}" if caption else name
    return _Label(name, metric, shots)


def _metric_and_shots(text: str) -> tuple[str | None, int | None]:
    """What a `Metric` cell says: `-` names no metric; `0-shot` is a shot count, not a
    metric; `5-shot, top-1` is both."""
    if not text or is_no_value(text):
        return None, None
    shots = _shots_in(text)
    if shots is None:
        return text, None
    return SHOT_COUNT.sub("", text).strip(" ,;/") or None, shots


def _rows_are_subsets(layout: Layout) -> bool:
    heads = [layout.col_header(c) for c in layout.benchmark_cols]
    return bool(heads) and all(SUBSET_HEADER.match(h) for h in heads)


def _col_label(layout: Layout, c: int) -> _Label:
    """A level that is an evaluation setting (`5-shot`, `3/0-shot`, `CoT`) qualifies the
    name: `MMLU` over `5-shot` -> `MMLU (5-shot)`; a metric level below a name is the
    metric (`GSM8K` over `Pass@1`). A group level over a name stays in the name when
    the name alone would not tell the column apart (`Zuozhuan CWS`, `Shiji CWS`; `RULER`
    over `4K`); a group that only files names (`Knowledge` over `MMLU`) is left out. A
    header that names only a metric (`WER Greedy`, `Accuracy`) leaves the benchmark to
    the table's caption: the score's benchmark is ""."""
    shots = None
    metric = None
    names: list[str] = []
    settings: list[str] = []
    for text in (strip_marks(t) for t in layout.col_levels(c)):
        if is_no_value(text):
            continue  # a `-` in a row of shots under a benchmark that has none
        bare = text.strip("()")  # `(PPL)` under `WikiText2`
        level = bare if METRIC_NAME.match(bare) else text
        if METRIC_NAME.match(level) or is_metric_pair(level):
            if names:
                metric = level
            else:
                names.append(level)
        elif is_eval_setting(level):
            settings.append(level)
            shots = shots if shots is not None else _shots_in(level)
        else:
            names.append(level)
    if not names and settings:
        # `k=1 | k=3` over the model's row: the caption names the benchmark, if anything
        names = [caption_name(layout) or ", ".join(settings)]
    name = names[-1] if names else ""
    if len(names) > 1 and _needs_group(layout, name):
        name = f"{names[-2]} {name}"
    elif len(names) == 1 and _VALUE.match(name) and _mostly_values(layout):
        caption = caption_name(layout)
        name = f"{caption} {name}".strip()  # `4K` under a `RULER: ...` title: `RULER 4K`
    extra = [s for s in settings if s.casefold() not in name.casefold()]
    if name and extra:
        name = f"{name} ({', '.join(extra)})"
    if metric is None and metric_header(name):
        return _Label(caption_name(layout), name, shots if shots is not None else _shots_in(name))
    return _Label(name, metric, shots if shots is not None else _shots_in(name))


def caption_name(layout: Layout) -> str:
    """What the table's caption calls its scores when its headers name only metrics:
    the short line right above it, else its heading unless that is generic
    (`Evaluation`, `Results`), else "" (the README source then falls back further)."""
    table = layout.table
    if table.title:
        return table.title
    if table.heading and not is_generic_heading(table.heading):
        return table.heading
    return ""


def _needs_group(layout: Layout, name: str) -> bool:
    """Whether a column's innermost name needs its group to be told apart: it repeats
    under another group, or it is only a value of the group (`4K`, `1024`, `en`)."""
    inner = [
        levels[-1]
        for c in layout.data_cols
        if (levels := [strip_marks(t) for t in layout.col_levels(c)])
    ]
    return inner.count(name) > 1 or bool(_VALUE.match(name))


def _mostly_values(layout: Layout) -> bool:
    """Most score columns are named by values only (`4K | 8K`, `ar | bg | de`), so a
    two-letter name is a language code, not a benchmark such as `cb`."""
    heads = [layout.col_header(c) for c in layout.data_cols]
    return sum(1 for h in heads if _VALUE.match(strip_marks(h))) * 2 > len(heads)


#: a column name that is only a value: `4K`, `1024`, `15%`, a language code `en`
_VALUE = lazy_compile(r"^(\d+(\.\d+)?[kKmMbBtT]?%?|[a-z]{2})$")


def column_scores(
    layout: Layout, c: int, body_rows: list[int], *, setting: str = "", subject: str = ""
) -> list[Score]:
    """Scores down one column: rows name the benchmarks, the column may name a metric."""
    col = _col_label(layout, c)
    out: list[Score] = []
    for r in body_rows:
        if (r, c) not in layout.numbers:
            continue
        row = _row_label(layout, r)
        if not row.benchmark:
            continue
        name, metric = row.benchmark, row.metric
        if metric is None:
            name, metric = split_metric(name)
        if metric is None:
            metric = col.metric or (col.benchmark if METRIC_NAME.match(col.benchmark) else None)
        shots = row.shots if row.shots is not None else _shots_in(name)
        label = _Label(name, metric, shots)
        out.append(_score(layout, r, c, label, setting=setting, subject=subject))
    return out


def benchmark_column_scores(layout: Layout, c: int, body_rows: list[int]) -> list[Score]:
    """Scores down one column of a metric x benchmark table: the column names the
    benchmark, each row a metric."""
    col = _col_label(layout, c)
    return [
        _score(layout, r, c, _Label(col.benchmark, _row_label(layout, r).benchmark, col.shots))
        for r in body_rows
        if (r, c) in layout.numbers
    ]


def row_scores(layout: Layout, r: int, *, setting: str = "", subject: str = "") -> list[Score]:
    """Scores along one row: columns name the benchmarks (or only the metric, when the
    benchmark is the table's caption's). A cell with two numbers under a header that
    names two metrics (`SQuAD (EM/F1)`: `79.83/87.25`) gives one score per metric."""
    out: list[Score] = []
    row_shots = _shots(*(layout.label(r, c) for c in layout.setting_cols))
    for c in layout.data_cols:
        col = _col_label(layout, c)
        if not (col.benchmark or col.metric):
            continue
        name, metric = col.benchmark, col.metric
        if metric is None:
            name, metric = split_metric(name)
        if col.shots is None and row_shots is not None:
            col = col._replace(shots=row_shots)
        if (r, c) in layout.pairs:
            out += _pair_scores(
                layout, r, c, _Label(name, metric, col.shots), setting=setting, subject=subject
            )
        elif (r, c) in layout.numbers:
            label = _Label(name, metric, col.shots)
            out.append(_score(layout, r, c, label, setting=setting, subject=subject))
    return out


def _pair_scores(
    layout: Layout, r: int, c: int, label: _Label, *, setting: str, subject: str
) -> list[Score]:
    """The two scores of a `79.83/87.25` cell, named by the header's two metrics."""
    name = _PAIR_SUFFIX.sub("", label.benchmark).strip() or label.benchmark
    metrics = layout.pair_metrics[c]
    return [
        _score(
            layout, r, c, _Label(name, m, label.shots), setting=setting, subject=subject, value=v
        )
        for m, v in zip(metrics, layout.pairs[(r, c)], strict=True)
    ]


#: the metric pair at the end of a header: `SQuAD (EM/F1)` -> `SQuAD`
_PAIR_SUFFIX = lazy_compile(r"\s*\(?\s*[\w@.%-]+\s*/\s*[\w@.%-]+\s*\)?\s*$")


def cross_scores(layout: Layout, c: int, body_rows: list[int]) -> list[Score]:
    """Scores of a benchmark x subset table: `C-Eval` row, `STEM` column -> `C-Eval STEM`.
    The subsets' average column is an aggregate and is left out."""
    col = _col_label(layout, c)
    if AGGREGATE.match(col.benchmark):
        return []
    out: list[Score] = []
    for r in body_rows:
        row = _row_label(layout, r)
        if (r, c) in layout.numbers and row.benchmark:
            name = f"{row.benchmark} {col.benchmark}".strip()
            out.append(_score(layout, r, c, _Label(name, row.metric or col.metric, row.shots)))
    return out


def _score(
    layout: Layout,
    r: int,
    c: int,
    label: _Label,
    *,
    setting: str = "",
    subject: str = "",
    value: Number | None = None,
) -> Score:
    """The Score of one cell; `subject` is the model's header when the model was found by
    name, else "" (the table is about the card's model alone)."""
    cell = layout.cell(r, c)
    return Score(
        label.benchmark,
        label.metric,
        value if value is not None else layout.numbers[(r, c)],
        layout.table.index,
        cell.line,
        cell.column,
        setting,
        label.shots,
        subject,
    )
