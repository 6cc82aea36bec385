"""Reading a README's tables: markdown and HTML tables, their layout, the model's column
or row (names), and the scores in it. No I/O; the README source builds results from it.

The rest of evalguard imports from here only; the modules inside are free to move:

- document.py, html.py, textnorm.py: markdown and HTML tables as grids of cells;
- values.py: numbers as tables write them; metrics.py: metric names and ids;
- vocabulary.py: which words name a setting, an attribute, a log, a model;
- layout.py: header rows, label and score columns; not_eval.py: tables without results;
- subject.py: which header names the model; locate.py, shapes.py: the model's column or
  row, or a table about the model alone; scores.py: the Score of each cell;
- names.py: a model's name in parts; ties.py: what the rest of the card says of the repo;
- extract.py: all of it, table by table; outcome.py: what it returns; explain.py: how
  each table was read, in words (`extract --explain`).
"""

from evalguard.tables.document import Cell, Document, Table, read_document, read_tables
from evalguard.tables.explain import explain
from evalguard.tables.extract import extract, extract_table
from evalguard.tables.metrics import AT_K_METRIC, PROPORTIONS, metric_type, metrics_compatible
from evalguard.tables.outcome import Extraction, ExtractOptions, Score, Status, TableOutcome
from evalguard.tables.subject import ModelName
from evalguard.tables.textnorm import PARENTHETICAL, norm_tokens, slug, squash, strip_marks
from evalguard.tables.ties import CardTies, card_ties
from evalguard.tables.values import Number, parse_score, same_score, same_value

__all__ = [
    "AT_K_METRIC",
    "PARENTHETICAL",
    "PROPORTIONS",
    "CardTies",
    "Cell",
    "Document",
    "ExtractOptions",
    "Extraction",
    "ModelName",
    "Number",
    "Score",
    "Status",
    "Table",
    "TableOutcome",
    "card_ties",
    "explain",
    "extract",
    "extract_table",
    "metric_type",
    "metrics_compatible",
    "norm_tokens",
    "parse_score",
    "read_document",
    "read_tables",
    "same_score",
    "same_value",
    "slug",
    "squash",
    "strip_marks",
]
