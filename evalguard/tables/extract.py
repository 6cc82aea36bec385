"""Tables + the model's name -> the model's scores, each knowing where it came from.

For each table: work out its layout (layout.py), drop what is not an evaluation result,
find the model's column or row (subject.py, rules listed there), and read one Score per
score cell. A table that compares models without naming ours yields nothing and says so
("no-subject", with the candidate headers); a table that names ours more than once in
incompatible ways yields nothing and lists the candidates ("ambiguous").

Not evaluation results ("not-eval"): tables where nothing is a score once attribute
columns are dropped (`# Params`, `Size`, `Speed`, `Price`, `GMAC`...: layout.py), training
logs (`Epoch`/`Step` columns or rows, several loss/runtime labels), and hyper-parameter
tables (the column naming the rows says `Hyperparameter`/`Setting`, or most labels are
training settings such as `lr`, `lora_alpha`, `Batch Size`), and tables under a
contamination heading (leakage figures per benchmark). Rows labelled with a
non-score quantity (`Context length`) are dropped from any table.

When no header names the model, the table is the card's own only in these shapes
(shapes.py, tried in order; never when its rows or columns are models: a `Model`,
`Method` or `Release` label header, model-like names, links to Hub models, or a header
with the model's family name and a version or size; never when it has more attribute
columns than scores; never when the paragraph right above it names another model by its
full name with a parameter count and not the card's (`By comparison, X-70B has:`); any
other shape is "no-subject"):

1. a scikit-learn classification report (precision/recall/f1-score over classes and
   `accuracy`, `macro avg`, `weighted avg`)
2. rows keyed by a setting column (`MLM probability` | `15%`)
3. a single score column with a label column (`| Metric | Value |`, `| Task | Score |`)
4. a `Metric` label column of metric names (`cosine_accuracy@1`) over benchmark columns
5. a dataset x metric table (`| Dataset | WER | CER |`) whose rows are named datasets or
   test splits; the short line above it is its scores' setting (`With LM:`)
6. rows that are all evaluation settings (`Zero-Shot CoT`, `5-shot`): one setting each
7. columns that are all evaluation settings (`pass@1 | pass@10`): one setting each
8. a single row of scores
9. a benchmark x subset matrix (`C-Eval` x `STEM`) whose caption (the heading and the
   paragraphs above the table) names the model, and no header looks like a model

Averages, totals and deltas are left out, except in a table about the model alone whose
only score they are (`| all | 0.94 |`).
"""

from __future__ import annotations

from collections.abc import Sequence

from evalguard.tables.document import Table
from evalguard.tables.layout import Layout, analyse
from evalguard.tables.locate import find_model, pinned, read_found
from evalguard.tables.not_eval import NOT_SCORES, names_a_score, not_evaluation
from evalguard.tables.outcome import Extraction, ExtractOptions, Score, TableOutcome
from evalguard.tables.shapes import single_subject
from evalguard.tables.subject import ModelName
from evalguard.tables.ties import CardTies
from evalguard.tables.vocabulary import AGGREGATE, DELTA

__all__ = ["extract", "extract_table"]


def extract(
    tables: Sequence[Table],
    model: ModelName | None,
    options: ExtractOptions | None = None,
    ties: CardTies | None = None,
) -> Extraction:
    """The model's scores in every table. `ties` (ties.py) are what the rest of the card
    says about the repo; without them only the tables themselves are used."""
    options = options or ExtractOptions()
    ties = ties or CardTies()
    outcomes: list[TableOutcome] = []
    for table in tables:
        if (options.tables and table.index not in options.tables) or (
            table.index in options.skip_tables
        ):
            outcomes.append(TableOutcome(table, "skipped", "excluded by configuration"))
            continue
        outcomes.append(extract_table(table, model, options.column, ties))
    return Extraction(outcomes)


def extract_table(
    table: Table, model: ModelName | None, pin: str | None = None, ties: CardTies | None = None
) -> TableOutcome:
    layout = analyse(table)
    outcome = _read(layout, model, pin, ties or CardTies())
    outcome.layout = layout
    return outcome


def _read(layout: Layout, model: ModelName | None, pin: str | None, ties: CardTies) -> TableOutcome:
    table = layout.table
    reason = not_evaluation(layout)
    if reason:
        return TableOutcome(table, "not-eval", reason)
    body_rows = [r for r in layout.body_rows if names_a_score(layout, r)]
    if not body_rows:
        return TableOutcome(table, "not-eval", NOT_SCORES)
    if pin is not None:
        # a pinned column is read like a found one: its averages are left out too
        outcome = pinned(layout, body_rows, pin)
        keep_lone = True  # unless an aggregate is all the chosen column shows
    else:
        found = find_model(layout, body_rows, model, ties) if model is not None else None
        if found is None:
            outcome = single_subject(layout, body_rows, model)
        else:
            outcome = read_found(layout, body_rows, found)
        keep_lone = found is None
    kept = _without_aggregates(outcome.scores, keep_lone=keep_lone)
    kept_ids = {id(s) for s in kept}  # a filter of the scores: identity, not equality
    outcome.left_out = [s.benchmark for s in outcome.scores if id(s) not in kept_ids]
    outcome.scores = kept
    return outcome


def _without_aggregates(scores: list[Score], *, keep_lone: bool) -> list[Score]:
    """Averages and deltas are not results of their own, except in a table about the
    model alone where they are all there is (`| all | 0.94 |` is its accuracy)."""
    kept = [s for s in scores if not DELTA.match(s.benchmark)]
    plain = [s for s in kept if not AGGREGATE.match(s.benchmark)]
    return plain or (kept if keep_lone else [])
