"""Rewrite README.md's rule reference from the rule registry (after a rule changes).

    .venv/bin/python scripts/update_rule_reference.py

tests/test_check_rules.py fails while README.md and the registry disagree.
"""

from __future__ import annotations

from pathlib import Path

from evalguard.report.rule_reference import replace_section

README = Path(__file__).resolve().parent.parent / "README.md"

if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    README.write_text(replace_section(text), encoding="utf-8")
