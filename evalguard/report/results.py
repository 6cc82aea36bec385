"""A card's current results as rows (model, benchmark, metric, value, source), rendered
as text, markdown or JSON for `evalguard show`.

Rows come from every model-index entry and from the `.eval_results/*.yaml` files beside
the card (for those, benchmark is the Hub dataset id and metric the task id: the format
has no metric name). JSON is a contract:
`[{"model": str, "benchmark": str, "metric": str, "value": number | string, "source": str}]`.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from evalguard.api import model_index_name
from evalguard.card.eval_results import FOLDER, entries, eval_results_paths
from evalguard.card.eval_results import read as read_eval_results
from evalguard.card.fileio import read_file
from evalguard.card.frontmatter import FrontMatter
from evalguard.errors import CardError
from evalguard.report.escape import line_start, printable
from evalguard.results.model import flatten

COLUMNS = ("model", "benchmark", "metric", "value", "source")


@dataclass(frozen=True)
class Row:
    model: str
    benchmark: str
    metric: str
    value: float | int | str
    source: str


def _value(value: Any) -> float | int | str:
    """The value as read, where JSON can carry it; else its YAML-ish text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (int, float, str)):
        return value
    return json.dumps(value, default=str)


def model_index_rows(model_index: Any) -> list[Row]:
    rows: list[Row] = []
    if not isinstance(model_index, list):
        return rows
    for entry in model_index:
        if not isinstance(entry, Mapping):
            continue
        model = str(entry.get("name") or "")
        for flat in flatten(entry.get("results")):
            rows.append(
                Row(
                    model,
                    flat.dataset_name or flat.dataset_type or "",
                    flat.metric_name or flat.metric_type or "",
                    _value(flat.value),
                    flat.source_name or flat.source_url or "model-index",
                )
            )
    return rows


def eval_results_files(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of `folder/.eval_results/*.yaml` by repo path, and one line per file
    that cannot be read."""
    files: dict[str, bytes] = {}
    problems: list[str] = []
    for path in eval_results_paths(folder):
        where = f"{FOLDER}/{path.name}"
        try:
            files[where] = read_file(path)
        except OSError as exc:
            problems.append(f"{where}: {exc.strerror or exc}")
    return files, problems


def eval_results_file_rows(files: Mapping[str, bytes], model: str) -> tuple[list[Row], list[str]]:
    """Rows of `.eval_results` files given as {repo path: bytes} (a folder's, a Hub
    repo's), and one line per file that cannot be parsed."""
    rows: list[Row] = []
    problems: list[str] = []
    for where, data in sorted(files.items()):
        try:
            _, _, doc = read_eval_results(data)
        except CardError as exc:
            problems.append(f"{where}: {exc.message}")
            continue
        for entry in entries(doc.data):
            rows.append(
                Row(
                    model,
                    entry.dataset_id or "",
                    entry.task_id or "",
                    _value(entry.value),
                    entry.source_name or entry.source_url or where,
                )
            )
    return rows, problems


def card_rows(fm: FrontMatter, folder: Path) -> tuple[list[Row], list[str]]:
    """A card's rows: its model-index, then the `.eval_results` files in `folder`; and
    one line per results file that cannot be read."""
    files, unreadable = eval_results_files(folder)
    rows, problems = repo_rows(fm, files, folder.name)
    return rows, unreadable + problems


def repo_rows(
    fm: FrontMatter, eval_results: Mapping[str, bytes], default_model: str
) -> tuple[list[Row], list[str]]:
    """A repo's rows: the card's model-index, then its `.eval_results` files ({repo path:
    bytes}, a folder's or a Hub repo's); one line per results file that cannot be read."""
    extra, problems = eval_results_file_rows(eval_results, model_index_name(fm) or default_model)
    return model_index_rows(fm.data.get("model-index")) + extra, problems


#: Markdown punctuation that could start a link, an image or code, or end a cell
#: (emphasis is left alone: it loads nothing, and `_` is common in names)
_MARKDOWN = re.compile(r"([\\`\[\]|])")


def markdown_cell(value: Any) -> str:
    """Text for a markdown table cell, rendered as the text it is: one line, no HTML,
    no link or image (`![x](https://...)` from a card shows as written, and loads
    nothing), no autolinked URL, no `|` that ends the cell."""
    text = "" if value is None else str(value)
    text = html.escape(printable(" ".join(text.split())), quote=False)
    text = _MARKDOWN.sub(r"\\\1", text)
    # GitHub turns bare URLs and www. names into links; an entity breaks the pattern
    text = text.replace("://", "&#58;//").replace("www.", "www&#46;")
    return text or " "


def markdown_row(values: Sequence[Any]) -> str:
    return "| " + " | ".join(markdown_cell(v) for v in values) + " |"


def render_rows(rows: Sequence[Row], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return ""
    return render_table(COLUMNS, [[str(getattr(r, c)) for c in COLUMNS] for r in rows], fmt)


def render_table(columns: Sequence[str], cells: Sequence[Sequence[str]], fmt: str) -> str:
    """A table as aligned text (upper-case headers) or markdown (capitalized headers)."""
    if fmt == "markdown":
        lines = ["| " + " | ".join(c.capitalize() for c in columns) + " |"]
        lines.append("|" + "|".join("---" for _ in columns) + "|")
        lines += [markdown_row(row) for row in cells]
        return "\n".join(lines) + "\n"
    cells = [[printable(cell) for cell in row] for row in cells]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    header = [c.upper() for c in columns]
    lines = ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *cells]]  # fmt: skip
    lines = [line_start(line) for line in lines]  # a model named `::error::...`
    return "\n".join(lines) + "\n"
