"""How many published cards `evalguard check` would fail (issue 11).

    python bench/published_errors.py ../shared/corpus [--sets bulk,bulk2] [--list]

Every card in corpus/bulk and corpus/bulk2 was accepted by the Hub when it was pushed, so
an error-level finding on one of them is either a rule stricter than the Hub or a card
that silently lost its metadata. Runs `check` (every rule) over them in one process and
prints, per set and per rule, how many cards get an error from that rule, and how many
cards get any error at all. `--list` also names the cards.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evalguard.validate import check_readme

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SETS = ("bulk", "bulk2")


@dataclass
class Tally:
    """Cards checked, and which of them got an error from which rule."""

    cards: int = 0
    failing: set[str] = field(default_factory=set)
    by_rule: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def per_rule(self) -> Counter[str]:
        return Counter({rule: len(cards) for rule, cards in self.by_rule.items()})


def tally(paths: Iterable[Path]) -> Tally:
    out = Tally()
    for path in paths:
        out.cards += 1
        for finding in check_readme(path.read_bytes(), path.name):
            if finding.severity == "error":
                out.failing.add(str(path))
                out.by_rule[finding.rule].add(str(path))
    return out


def corpus_tallies(corpus: Path, sets: Iterable[str] = SETS) -> dict[str, Tally]:
    return {name: tally(sorted((corpus / name).glob("*.md"))) for name in sets}


def report(tallies: dict[str, Tally], *, names: bool = False) -> str:
    """`bulk: 19 of 1,008 cards with errors` lines, then one line per rule."""
    lines = []
    total = Tally()
    for name, t in tallies.items():
        lines.append(f"{name}: {len(t.failing):,} of {t.cards:,} cards with errors")
        total.cards += t.cards
        total.failing |= t.failing
        for rule, cards in t.by_rule.items():
            total.by_rule[rule] |= cards
    lines.append(f"all: {len(total.failing):,} of {total.cards:,} cards with errors")
    split = " ".join(f"{name}" for name in tallies)
    lines.append(f"cards with errors per rule (all; {split}):")
    for rule, count in sorted(total.per_rule().items()):
        per_set = " ".join(str(t.per_rule()[rule]) for t in tallies.values())
        lines.append(f"  {rule} {count} ({per_set})")
        if names:
            lines += [f"    {card}" for card in sorted(total.by_rule[rule])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets")
    parser.add_argument("--list", action="store_true", help="name the cards per rule")
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    print(report(corpus_tallies(args.corpus, sets), names=args.list))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
