"""The job summary (`$GITHUB_STEP_SUMMARY`): a verdict, the changed files, a table of the
problems and a table of each card's results. Markdown, every cell escaped."""

from __future__ import annotations

import re

from evalguard.action.report import Report
from evalguard.action.workflow import Level, join
from evalguard.report.results import markdown_cell, markdown_row

#: Rows per summary table; the log and the annotations still have everything.
MAX_ROWS = 300
#: GitHub refuses step summaries over 1 MiB; stay well below.
MAX_SUMMARY_CHARS = 900_000
_ICONS = {Level.ERROR: "❌ error", Level.WARNING: "⚠️ warning", Level.NOTICE: "ℹ️ note"}


def summary_markdown(report: Report, path_prefix: str = "") -> str:
    """The job summary; paths get `path_prefix` (the working directory in the workspace)."""
    files_text = count(len(report.files), report.unit)
    lines = [f"## evalguard {report.command}", ""]
    if report.errors or report.warnings:
        icon = "❌" if report.errors else "⚠️"
        lines.append(
            f"{icon} **{count(report.errors, 'error')}, "
            f"{count(report.warnings, 'warning')}** in {files_text}."
        )
    else:
        lines.append(f"✅ No problems in {files_text}.")
    if report.command != "check" and report.unit == "file":
        if report.changed:
            lines.append("")
            lines.append(f"Changed {count(len(report.changed), 'file')}:")
            lines.append("")
            lines.extend(f"- {markdown_cell(join(path_prefix, p))}" for p in report.changed)
        else:
            lines.append("Nothing to change.")
    if report.links:
        lines.extend(["", "The changes:", ""])
        lines.extend(f"- {markdown_cell(where)}: {_link(url)}" for where, url in report.links)
    if report.sarif_file:
        lines.extend(["", f"SARIF: {markdown_cell(join(path_prefix, report.sarif_file))}"])
    if report.problems:
        lines.extend(["", "### Findings", "", "| | Where | Rule | Message |", "|---|---|---|---|"])
        for p in report.problems[:MAX_ROWS]:
            message = p.message + (f" — {p.hint}" if p.hint else "")
            where = join(path_prefix, p.where) if p.file else "(all)"
            lines.append(markdown_row([_ICONS[p.level], where, p.rule, message]))
        lines.extend(_more(len(report.problems), "findings"))
    if report.results:
        lines.extend(
            [
                "",
                "### Results",
                "",
                "| File | Model | Benchmark | Metric | Value | Source |",
                "|---|---|---|---|---:|---|",
            ]
        )
        for path, r in report.results[:MAX_ROWS]:
            lines.append(
                markdown_row(
                    [join(path_prefix, path), r.model, r.benchmark, r.metric, r.value, r.source]
                )
            )
        lines.extend(_more(len(report.results), "results"))
    text = "\n".join(lines) + "\n\n"
    if len(text) > MAX_SUMMARY_CHARS:
        text = text[:MAX_SUMMARY_CHARS] + "\n\n(summary cut: see the log)\n\n"
    return text


def count(n: int, noun: str) -> str:
    """`1 file`, `2 files`."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _more(total: int, noun: str) -> list[str]:
    if total <= MAX_ROWS:
        return []
    return ["", f"… and {total - MAX_ROWS} more {noun} (see the log)."]


def _link(url: str) -> str:
    """A URL evalguard made (a Hub pull request), bare so that GitHub links it; anything
    that is not a plain http(s) URL as text (markdown_cell)."""
    if re.fullmatch(r"https?://[\w.~:/?#@!$&'*+,;=%-]+", url):
        return url
    return markdown_cell(url)
