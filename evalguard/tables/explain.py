"""How each table was read, in words: `evalguard extract --explain`.

For every table: its header rows, the columns that label rows, the score columns, what
was dropped as an attribute or a setting and why, which column or row is the model's
and by which rule (or which one-model shape the table has), what was left out as an
average, and for a refused table why, with the candidates and how each differs from the
model's name. Users read it to pin `--column`; developers read it to debug.
"""

from __future__ import annotations

from evalguard.tables.layout import Layout
from evalguard.tables.names import parse_name, same_model
from evalguard.tables.outcome import Extraction, TableOutcome
from evalguard.tables.subject import ModelName, header_core
from evalguard.tables.vocabulary import is_not_score_label

#: how many names a list shows before `...`
_SHOWN = 8


def explain(extraction: Extraction, model: ModelName | None) -> list[str]:
    """One block of lines per table, in document order."""
    lines: list[str] = []
    for outcome in extraction.outcomes:
        lines += explain_table(outcome, model)
    return lines


def explain_table(outcome: TableOutcome, model: ModelName | None) -> list[str]:
    table = outcome.table
    size = f"{len(table.rows)} rows x {table.width} columns"
    lines = [f"table {table.index} (line {table.line}, {table.kind}, {size}): {outcome.status}"]
    layout = outcome.layout
    if outcome.status == "skipped" or layout is None:
        return [*lines, f"  {outcome.reason}"]
    lines += _layout_lines(layout)
    if outcome.status == "not-eval":
        lines.append(f"  not evaluation results: {outcome.reason}")
    elif outcome.status == "scores":
        lines += _read_lines(outcome)
    else:
        lines.append(f"  refused ({outcome.status}): {outcome.reason}")
        lines += _candidate_lines(outcome, model)
    return lines


def _quoted(texts: list[str], *, quote: bool = True) -> str:
    shown = [repr(t) if quote else t for t in texts[:_SHOWN]]
    more = f" ... ({len(texts) - _SHOWN} more)" if len(texts) > _SHOWN else ""
    return ", ".join(shown) + more


def _layout_lines(layout: Layout) -> list[str]:
    table = layout.table
    out: list[str] = []
    if layout.header_rows:
        lines = ", ".join(str(table.rows[r][0].line) for r in layout.header_rows)
        out.append(f"  header rows: {len(layout.header_rows)} (line {lines})")
    else:
        out.append("  header rows: none")
    roles = []
    for c in layout.label_cols:
        name = layout.col_header(c) or f"column {c + 1}"
        roles.append(f"{name!r} ({_role(layout, c)})")
    if roles:
        out.append(f"  label columns: {', '.join(roles)}")
    scores = [layout.col_header(c) or f"column {c + 1}" for c in layout.data_cols]
    if scores:
        out.append(f"  score columns: {_quoted(scores)}")
    for c, why in layout.dropped_cols.items():
        out.append(f"  dropped column {layout.col_header(c) or c + 1!r}: {why}")
    for r, why in layout.dropped_rows.items():
        label = next((cell.text for cell in table.rows[r] if cell.text), "")
        out.append(f"  dropped row {label!r} (line {table.rows[r][0].line}): {why}")
    pairs = [f"{layout.col_header(c)!r} ({a}, {b})" for c, (a, b) in layout.pair_metrics.items()]
    if pairs:
        out.append(f"  two numbers per cell: {', '.join(pairs)}")
    return out


def _role(layout: Layout, c: int) -> str:
    """What a label column says about its rows."""
    if c in layout.setting_key_cols:
        return "setting"
    if c in layout.setting_cols:
        return "shots"
    if c == layout.metric_col and c not in layout.name_cols:
        return "metric"
    if c not in layout.name_cols:
        return "reference, ignored"
    if c in layout.benchmark_cols:
        return "name"
    if is_not_score_label(layout.col_header(c)):
        return "attribute"
    return "group"


def _read_lines(outcome: TableOutcome) -> list[str]:
    out: list[str] = []
    if outcome.subjects:
        for note in outcome.subjects:
            setting = f", setting {note.setting!r}" if note.setting else ""
            out.append(
                f"  the model's {note.axis}: {note.header!r} "
                f"(rule {note.rule}: {note.reason}{setting})"
            )
    else:
        out.append(f"  no header names the model; the table is {outcome.reason}")
    if outcome.left_out:
        out.append(f"  left out as averages or deltas: {_quoted(outcome.left_out)}")
    read = [
        f"{s.benchmark or '(caption)'}{f' [{s.metric}]' if s.metric else ''}={s.value.value:g}"
        for s in outcome.scores
    ]
    out.append(
        f"  read {len(read)} scores: {_quoted(read, quote=False)}" if read else "  read no score"
    )
    return out


def _candidate_lines(outcome: TableOutcome, model: ModelName | None) -> list[str]:
    if not outcome.candidates:
        return []
    out = [f"  candidates: {_quoted(outcome.candidates)}"]
    if model is not None and outcome.status == "no-subject":
        parts = model.parts
        out.append(f"  the model's name: {model.raw!r} ({parts.describe()})")
        for header in outcome.candidates[:_SHOWN]:
            verdict = same_model(parts, parse_name(header_core(header)))
            out.append(f"    {header!r}: {verdict.reason}")
    if outcome.status == "ambiguous":
        out.append("  pin one with --column TEXT (or `column:` in .evalguard.yaml)")
    return out
