"""EG1xx: a card or YAML file that cannot be read, where its front matter starts, and
duplicate keys."""

from __future__ import annotations

from evalguard.card.frontmatter import Problem
from evalguard.card.split import BOM, Card, line_of
from evalguard.errors import CardError
from evalguard.validate.findings import Finding
from evalguard.validate.registry import rule

_HINTS = {
    "EG101": "close the front matter with a line holding only `---`, or remove the opening `---`",
    "EG102": "remove what comes before the opening `---`",
    "EG103": "save the file as UTF-8",
    "EG104": "keep one of the two keys (merge their values)",
    "EG109": "remove the second one",
    "EG105": None,
    "EG106": "write plain YAML: a list `[a, b]` instead of `!!python/tuple [a, b]`",
    "EG107": "front matter holds `key: value` lines (license, tags, model-index, ...)",
    "EG108": "expand the aliases by hand, or remove them",
    "EG110": 'quote the value to keep it as text (e.g. "2024-13-45"), or correct it',
}


def card_error_finding(exc: CardError, file: str) -> Finding:
    rule_id = exc.rule or "EG105"  # a reading error that names no rule: YAML syntax
    return rule(rule_id).finding(
        file, exc.line or 1, exc.column or 1, exc.message, hint=_HINTS.get(rule_id)
    )


def problem_findings(problems: list[Problem], file: str) -> list[Finding]:
    return [
        rule(p.rule).finding(file, p.line, p.column, p.message, hint=_HINTS.get(p.rule))
        for p in problems
    ]


def placement_findings(card: Card, file: str) -> list[Finding]:
    """EG102: front matter after blank lines or spaces. The Hub reads it (its regex
    starts `^\\s*---`); GitHub and most front-matter readers do not."""
    if not card.has_front_matter or card.text.startswith("---"):
        return []
    dash = card.text.index("---")
    line = line_of(card.text, dash)
    column = dash - max(card.text.rfind("\n", 0, dash), card.text.rfind("\r", 0, dash))
    before = "blank lines" if line > 1 else "spaces"
    if card.text.lstrip(" \t\r\n").startswith(BOM):
        before = "a second byte-order mark (U+FEFF)"
    message = (
        f"front matter starts after {before}: the Hub reads it, but GitHub and most "
        "front-matter readers want '---' at the very start of the file"
    )
    return [rule("EG102").finding(file, line, column, message, hint=_HINTS["EG102"])]
