"""Generated model cards, and the properties every card must keep (issue #9).

Used by tests/test_properties.py (a bounded number of examples in the suite) and by
bench/properties.py and bench/fuzz.py (hundreds of thousands). A card is built from
parts chosen by hypothesis: front matter with comments, anchors and aliases, quoted
strings holding any unicode (line and paragraph separators, NEL, controls), values
PyYAML cannot build; a model-index holding results of several sources in block or flow
style; a body of headings, prose and evaluation tables; LF, CRLF or CR line endings and
BOMs. Most cards are valid; many are not, on purpose.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from evalguard.api import ExtractRequest, extract_card, read_card
from evalguard.card.rewrite import block_span
from evalguard.card.split import parse_card
from evalguard.errors import CardError, EvalguardError
from evalguard.report.text import line as text_line
from evalguard.results.model import is_readme_result
from evalguard.results.sync import plan_sync
from evalguard.tables.document import read_document
from evalguard.validate import check_readme

MODEL = "org/m"
REQUEST = ExtractRequest(model=MODEL)
BENCHMARKS = ["MMLU", "GSM8K", "HellaSwag", "ARC-Challenge", "HumanEval", "MMLU-Pro", "Bench X"]
SOURCES = ["Model README", "Open LLM Leaderboard", "inspect-ai on HF Jobs", "Our lab"]

# -- front matter ------------------------------------------------------------------------

any_text = st.text(max_size=12)
#: YAML allows any printable character in a double-quoted string, escapes for the rest
quoted = any_text.map(
    lambda s: re.sub(
        "[\x7f-\x9f\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", json.dumps(s, ensure_ascii=False)
    )
)
good_scalars = st.sampled_from(
    ["mit", "apache-2.0", "text-generation", "org/base", "2024-01-31", "12.5", ".nan", "null",
     "~", "true", "''", "'single # not a comment'", '"a\u2028b"', '"tab\\there"']
)  # fmt: skip
#: values a card should not hold, each a different way to fail
bad_scalars = st.sampled_from(
    ["not-a-license", "./local", "2024-13-45", "!!int abc", "!!bool maybe", "x: y", "[a, b",
     "*undefined", "\u0085nel", "!!python/tuple [1]", "{a: 1, a: 2}", "\x00"]
)  # fmt: skip
scalars = st.one_of(
    *[good_scalars] * 6, quoted, quoted, st.integers(-(10**6), 10**6).map(str), bad_scalars
)
keys = st.sampled_from(
    ["license", "tags", "base_model", "datasets", "pipeline_tag", "language", "library_name",
     "extra", "description", "last_updated", "widget"]
)  # fmt: skip


@st.composite
def front_matter_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    anchors: list[str] = []
    for key in draw(st.lists(keys, unique=True, max_size=6)):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["# a comment", "#", "  # indented", ""])))
        shape = draw(st.sampled_from(["scalar", "block-list", "flow-list", "anchor", "alias"]))
        if shape == "alias" and anchors:
            lines.append(f"{key}: *{draw(st.sampled_from(anchors))}")
        elif shape == "anchor":
            name = f"a{len(anchors)}"
            anchors.append(name)
            lines.append(f"{key}: &{name} {draw(scalars)}")
        elif shape == "block-list":
            lines.append(f"{key}:")
            lines += [f"- {v}" for v in draw(st.lists(scalars, min_size=1, max_size=3))]
        elif shape == "flow-list":
            lines.append(f"{key}: [{', '.join(draw(st.lists(scalars, max_size=3)))}]")
        else:
            comment = draw(st.sampled_from(["", "  # why", " #not-a-comment"]))
            lines.append(f"{key}: {draw(scalars)}{comment}")
    return lines


@st.composite
def results(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        source = draw(st.sampled_from(SOURCES))
        value = draw(
            st.one_of(
                st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 1)),
                st.sampled_from(["61.3 ± 0.4", None, True, "XX"]),
            )
        )
        result: dict[str, Any] = {
            "task": {"type": "text-generation"},
            "dataset": {"name": draw(st.sampled_from(BENCHMARKS)), "type": "org/bench"},
            "metrics": [{"type": draw(st.sampled_from(["accuracy", "acc_norm"])), "value": value}],
        }
        if draw(st.booleans()):
            url = "https://huggingface.co/org/m" if source == "Model README" else "https://x.y"
            result["source"] = {"name": source, "url": url}
        out.append(result)
    return out


def _flow(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def model_index_lines(draw: st.DrawFn) -> list[str]:
    names = draw(st.lists(st.sampled_from(["m", "other-model"]), unique=True, max_size=2))
    if not names:
        return []
    lines = ["model-index:"]
    for name in names:
        if draw(st.booleans()):
            lines.append("# hand-written, keep")
        lines.append(f"- name: {name}")
        items = draw(results())
        style = draw(st.sampled_from(["block", "flow", "empty", "anchored"]))
        if style == "flow" or not items:
            lines.append(f"  results: {_flow(items) if style != 'empty' else '[]'}")
            continue
        lines.append("  results:")
        for i, item in enumerate(items):
            if draw(st.booleans()):
                lines.append("  # about the next result")
            task = "&task0 " if style == "anchored" and i == 0 else ""
            task_value = "*task0" if style == "anchored" and i > 0 else _flow(item["task"])
            lines.append(f"  - task: {task}{task_value}")
            lines.append(f"    dataset: {_flow(item['dataset'])}")
            lines.append(f"    metrics: {_flow(item['metrics'])}")
            if "source" in item:
                lines.append(f"    source: {_flow(item['source'])}")
    return lines


# -- body --------------------------------------------------------------------------------

cell_values = st.one_of(
    st.floats(0, 100, allow_nan=False).map(lambda v: f"{v:.1f}"),
    st.sampled_from(
        ["**61.3**", "61.3%", "0.613", "61.3 ± 0.4", "-", "n/a", "", "`x`", "<b>1</b>"]
    ),
    st.text(max_size=6).map(lambda s: s.replace("|", "\\|")),
)


@st.composite
def table_lines(draw: st.DrawFn) -> list[str]:
    columns = draw(st.lists(st.sampled_from(["m", "org/m", "other", "M (ours)", "Δ"]), max_size=3))
    header = ["Benchmark", *columns] if draw(st.booleans()) else ["Model", *BENCHMARKS[:3]]
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        first = draw(st.sampled_from([*BENCHMARKS, "m", "other", "Average"]))
        rows.append([first, *(draw(cell_values) for _ in header[1:])])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row).replace("\n", " ") + " |" for row in rows]
    return lines


@st.composite
def body_lines(draw: st.DrawFn) -> list[str]:
    lines = [draw(st.sampled_from(["# m", "# Model card", ""]))]
    for _ in range(draw(st.integers(0, 3))):
        part = draw(st.sampled_from(["table", "prose", "heading", "html", "noise", "fence"]))
        if part == "table":
            lines += ["", *draw(table_lines()), ""]
        elif part == "prose":
            lines.append("Some words about the model.")
        elif part == "heading":
            lines.append(f"## {draw(st.sampled_from(['Evaluation', 'Results', 'Usage']))}")
        elif part == "html":
            lines.append("<table><tr><th>Benchmark</th><th>m</th></tr>")
            lines.append(f"<tr><td>MMLU</td><td>{draw(cell_values)}</td></tr></table>")
        elif part == "fence":
            lines += ["```", "| a | b |", "|---|---|", "| 1 | 2 |", "```"]
        else:
            lines.append(draw(st.text(max_size=30)))
    return lines


@st.composite
def cards(draw: st.DrawFn) -> bytes:
    """A whole card as bytes."""
    body = draw(body_lines())
    head: list[str] = []
    if draw(st.integers(0, 9)):  # most cards have front matter
        fm = draw(front_matter_lines())
        mi = draw(model_index_lines())
        cut = draw(st.integers(0, len(fm)))
        head = ["---", *fm[:cut], *mi, *fm[cut:], "---"]
    text = "\n".join([*head, *body]) + draw(st.sampled_from(["\n", ""]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = text.replace("\n", newline).encode("utf-8", "surrogatepass")
    boms = draw(st.sampled_from([0] * 8 + [1, 2]))
    return b"\xef\xbb\xbf" * boms + data


# -- the properties ----------------------------------------------------------------------


def file_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def check_properties(data: bytes) -> None:
    """What must hold for any card; raises AssertionError (or the escaped exception)."""
    _reading(data)
    _checking(data)
    _syncing(data)


def _reading(data: bytes) -> None:
    with contextlib.suppress(CardError):  # only for bytes that are not UTF-8 text
        extract_card(data, REQUEST)
    try:
        card, _ = read_card(data)
    except CardError:
        return
    read_document(card.body, card.body_first_line)


def _checking(data: bytes) -> None:
    lines = file_lines(data)
    for finding in check_readme(data, "README.md"):
        assert 1 <= finding.line <= max(len(lines), 1), finding
        width = len(lines[finding.line - 1]) if lines else 0
        assert 1 <= finding.column <= width + 1, finding
        shown = text_line(finding)  # as `check` prints it: one line, whatever the card holds
        assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown, shown


def _syncing(data: bytes) -> None:
    try:
        plan = plan_sync(data, REQUEST)
    except EvalguardError:
        return  # unreadable, or refused with a reason: nothing is written
    if not plan.changed:
        return
    new = plan.new_bytes
    assert _outside_model_index(new) == _outside_model_index(data), "bytes outside changed"
    old_card, old_fm = read_card(data)
    _, new_fm = read_card(new)
    old_entries = old_fm.data.get("model-index") or []
    new_entries = new_fm.data.get("model-index") or []
    changed = [e for e in old_entries if e not in new_entries]
    assert len(changed) <= 1, "sync changed more than the model's own entry"
    kept = [r for r in _results_of(new_entries) if not is_readme_result(r)]
    for result in _results_of(old_entries):
        if not is_readme_result(result):
            assert result in kept, f"another source's result was lost: {result}"
    again = plan_sync(new, REQUEST)
    assert not again.changed, "sync is not idempotent"
    assert old_card.bom == read_card(new)[0].bom


def _results_of(entries: Any) -> list[Any]:
    out: list[Any] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("results"), list):
            out += [r for r in entry["results"] if isinstance(r, Mapping)]
    return out


def _outside_model_index(data: bytes) -> str:
    """The card's text without its model-index block (and without the `---` lines sync
    adds to a card that had no front matter)."""
    card, fm = read_card(data)
    span = block_span(card, fm)
    text = card.text if span is None else card.text[: span[0]] + card.text[span[1] :]
    empty = parse_card(text.encode("utf-8"))
    if empty.has_front_matter and not empty.yaml_text.strip():
        return empty.body  # only the block sync added
    return text
