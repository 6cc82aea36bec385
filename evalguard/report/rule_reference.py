"""The README's rule reference, built from the rule registry: a table with one row per
rule (severity, what it catches, the finding its example gives, the evidence for the
severity), then each rule's example with that finding, as `check` reports it now.

The README holds this text between two markers; a test compares them, and
`python scripts/update_rule_reference.py` rewrites it after a rule changes.
"""

from __future__ import annotations

from evalguard.validate import check_eval_results, check_readme
from evalguard.validate.findings import Finding
from evalguard.validate.registry import README, RULES, Rule

START = "<!-- rule-reference: generated from evalguard/validate/registry.py -->"
END = "<!-- rule-reference: end -->"


def markdown() -> str:
    """The rule reference between (and including) the START and END markers."""
    rows = [
        "| Rule | Severity | What it catches | Example finding | Why this severity |",
        "|---|---|---|---|---|",
    ]
    details = []
    for rule in RULES.values():
        shown = rule.shown or _text(_example_finding(rule))
        why = f"{rule.evidence.value}: {rule.why}"
        cells = [f"`{rule.id}`", rule.severity, rule.title, f"`{shown}`", why]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        if rule.example:
            details.append(_details(rule, shown))
    intro = (
        "Each example below is the input that produces the finding in the table (the tests\n"
        "run every one of them, and hold this reference to what `check` reports)."
    )
    return "\n\n".join([START, "\n".join(rows), intro, *details, END]) + "\n"


def replace_section(document: str) -> str:
    """`document` with the text between the markers replaced by `markdown()`."""
    start = document.index(START)
    end = document.index(END, start) + len(END) + 1
    return document[:start] + markdown() + document[end:]


def _example_finding(rule: Rule) -> Finding:
    data = rule.example.encode(rule.example_encoding)
    if rule.example_file == README:
        found = check_readme(data, rule.example_file)
    else:
        beside = rule.beside.encode("utf-8") if rule.beside else None
        found = check_eval_results(data, rule.example_file, readme=beside)
    return next(f for f in found if f.rule == rule.id)


def _text(finding: Finding) -> str:
    return (
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} {finding.severity}: "
        f"{finding.message}"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _details(rule: Rule, shown: str) -> str:
    summary = f"<code>{rule.id}</code> example: <code>{rule.example_file}</code>"
    parts = [f"<details><summary>{summary}</summary>"]
    if rule.beside:
        parts += [f"`{README}` beside `.eval_results/`:", _fence("markdown", rule.beside)]
    if rule.example_encoding != "utf-8":
        parts.append(f"Saved as {rule.example_encoding}:")
    language = "markdown" if rule.example_file == README else "yaml"
    parts += [_fence(language, rule.example), _fence("text", shown), "</details>"]
    return "\n\n".join(parts)


def _fence(language: str, text: str) -> str:
    return f"```{language}\n{text.rstrip(chr(10))}\n```"
