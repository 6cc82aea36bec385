"""`check` fails a build only where the Hub would (issue 11).

Every card in ../shared/corpus/bulk and bulk2 was accepted by the Hub when it was pushed.
An error on one of them must come from a rule whose recorded evidence is that the Hub
refuses such a card today (cards older than the check) or that the card silently lost
metadata; a rule with any other evidence fails none of them. The count of cards with
errors per rule is printed (bench/published_errors.py measures the same).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from evalguard.validate import RULES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from published_errors import corpus_tallies, report

pytestmark = pytest.mark.corpus


def test_published_cards_fail_only_where_the_hub_would(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tallies = corpus_tallies(corpus)
    with capsys.disabled():
        print("\n" + report(tallies))
    assert sum(t.cards for t in tallies.values()) > 2000
    per_rule: Counter[str] = Counter()
    for tally in tallies.values():
        per_rule += tally.per_rule()
    for rule_id in per_rule:
        assert RULES[rule_id].severity == "error" and RULES[rule_id].why, rule_id
    without_hub_evidence = {r: n for r, n in per_rule.items() if not RULES[r].evidence.hub_backed}
    assert without_hub_evidence == {}
