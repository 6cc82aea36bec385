"""Tables that hold no evaluation results: training logs, hyper-parameter tables, tables
whose numbers are all sizes, speeds or prices; and rows that name no score."""

from __future__ import annotations

from evalguard.tables.layout import Layout
from evalguard.tables.vocabulary import (
    CONTAMINATION,
    EPOCH,
    HYPER,
    HYPER_HEADER,
    LOG_LABEL,
    LOG_WORDS,
    MODEL_LIKE,
    is_not_score_label,
    names_a_setting_value,
)

NOT_SCORES = "its numbers are not scores (sizes, speeds, prices)"


def not_evaluation(layout: Layout) -> str:
    """Why a table holds no evaluation results, or "" when it may."""
    if not layout.data_cols or not (layout.numbers or layout.pairs):
        return NOT_SCORES if layout.other_cols else "no scores"
    if CONTAMINATION.search(f"{layout.table.heading} {layout.table.title}"):
        return "contamination figures (benchmark leakage), not scores"
    if _is_examples_table(layout):
        return "data examples (sentences), not benchmarks"
    if _is_training_log(layout):
        return "a training log (epochs/steps), not evaluation results"
    if _is_hyperparameter_table(layout):
        return "hyper-parameters or statistics, not scores"
    return ""


def _is_training_log(layout: Layout) -> bool:
    """Columns (or, transposed, rows) labelled `Epoch`, `Step`, `Training Loss`, or
    several labels about loss and runtime (`train_loss`, `eval_samples_per_second`)."""
    heads = [layout.col_header(c) for c in range(layout.table.width)]
    labels = [layout.row_name(r) for r in layout.body_rows]
    for names in (heads, labels):
        if sum(1 for h in names if LOG_LABEL.match(h)) >= 2:
            return True
        if any(EPOCH.fullmatch(h) for h in names[:2]):
            return True
        if sum(1 for h in names if LOG_WORDS.search(h.replace("_", " "))) >= 2:
            return True
    return False


#: longer than any benchmark's name: a row label this long is a sentence of data
_SENTENCE_CHARS = 60


def _is_examples_table(layout: Layout) -> bool:
    """Most rows are labelled by sentences (`| sentence1 | sentence2 | score |` samples of
    a similarity dataset): the numbers score examples, not the model on a benchmark."""
    rows = layout.body_rows
    long = sum(
        1 for r in rows if any(len(layout.label(r, c)) > _SENTENCE_CHARS for c in layout.label_cols)
    )
    return bool(rows) and long * 2 >= len(rows)


def names_a_score(layout: Layout, r: int) -> bool:
    """False for rows such as `# Params` or `Context length`, unless their metric label
    says they hold a score (`| MBPP base version | pass@1 |`); a row named like a model
    (`Yi-6B-200K-context`) is never such a row."""
    name = layout.row_name(r)
    if not is_not_score_label(name) or MODEL_LIKE.search(name):
        return True
    metric = layout.row_metric(r)
    return bool(metric) and not is_not_score_label(f"{name} {metric}")


def _is_hyperparameter_table(layout: Layout) -> bool:
    """Most row names, or most column headers, are training settings (`lr`,
    `lora_alpha`, `Batch Size`, `Warm-up`), or the column that names the rows says
    `Hyperparameter`. A header that gives a setting's value (`7B Params`, `Sequence
    Length 1024`) heads scores, and a `Parameters` column beside a `Model` column
    describes the models: neither makes the table one of hyper-parameters."""
    key = layout.name_cols[0] if layout.name_cols else None
    if key is not None and HYPER_HEADER.match(layout.col_header(key)):
        return True
    rows = [layout.row_name(r) for r in layout.body_rows]
    heads = [
        head
        for c in range(layout.table.width)
        if not names_a_setting_value(head := layout.col_header(c))
    ]
    for labels in (rows, heads):
        named = [label.replace("_", " ") for label in labels if label]
        if len(named) >= 3 and sum(1 for n in named if HYPER.search(n)) * 2 >= len(named):
            return True
    return False
