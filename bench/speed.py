"""Throughput over many cards, against the parsing floor (issue 13, "Done when" 3).

    python bench/speed.py ../shared/corpus [--rounds 3]

Over every card of corpus/bulk, in one process, in the same run:

- floor: markdown-it's whole parse of the body, block and inline (evalguard's own parser
  settings) + YAML load of the front matter (PyYAML's C loader): what reading a card
  costs before any rule runs (evalguard inline-parses only the blocks it reads);
- `check`: what `evalguard check CARD` does per file (validate.files.check_paths);
- `sync --check`: what `evalguard sync --check CARD` does per file (read the folder, plan
  the sync; refusals are part of the work).

The three take turns card by card (so that other work on the machine slows them alike).
Each of the --rounds rounds runs in a fresh process (caches start empty, as in a real
run; imports and the first card are not timed), and each work's fastest round counts.
Prints cards per second for the three and each command's rate as a share of the
floor's (goal >= 0.8); exits 1 when a command misses it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from evalguard.api import ExtractRequest
from evalguard.card.split import parse_card
from evalguard.errors import EvalguardError
from evalguard.repo.plan import plan_sync
from evalguard.repo.snapshot import read_folder
from evalguard.tables.document import markdown
from evalguard.validate.files import check_paths

GOAL = 0.8


def floor(card: Path) -> None:
    try:
        parsed = parse_card(card.read_bytes())
    except EvalguardError:  # an unclosed front matter: no YAML to load
        markdown().parse(card.read_text("utf-8", "replace"))
        return
    with contextlib.suppress(yaml.YAMLError):
        yaml.load(parsed.yaml_text, Loader=yaml.CSafeLoader)
    markdown().parse(parsed.body)


def check(card: Path) -> None:
    check_paths([card])


def sync_check(card: Path) -> None:
    with contextlib.suppress(EvalguardError):
        plan_sync(read_folder(card, eval_results=False), ExtractRequest())


def round_seconds(
    works: Mapping[str, Callable[[Path], None]], cards: list[Path]
) -> dict[str, float]:
    """Seconds each work takes over all cards, taking turns card by card."""
    seconds = dict.fromkeys(works, 0.0)
    for card in cards:
        for name, work in works.items():
            start = time.perf_counter()
            work(card)
            seconds[name] += time.perf_counter() - start
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus (holds bulk/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cards = sorted((args.corpus / "bulk").glob("*.md"))
    works = {"floor (markdown-it + YAML)": floor, "check": check, "sync --check": sync_check}
    if args.one_round:
        for work in works.values():  # imports, the catalog, the parser
            work(cards[0])
        print(json.dumps(round_seconds(works, cards[1:])))
        return 0
    best = dict.fromkeys(works, 0.0)
    one_round = [sys.executable, __file__, str(args.corpus), "--one-round"]
    for _ in range(args.rounds):
        done = subprocess.run(one_round, capture_output=True, text=True, check=True)
        for name, seconds in json.loads(done.stdout).items():
            best[name] = max(best[name], (len(cards) - 1) / seconds)
    base = best["floor (markdown-it + YAML)"]
    print(f"{len(cards)} cards of bulk/, one process, fastest of {args.rounds} rounds:")
    for name, cards_per_s in best.items():
        print(f"  {name:<27} {cards_per_s:6.0f} cards/s  ({cards_per_s / base:.2f} of the floor)")
    return 0 if min(best["check"], best["sync --check"]) >= GOAL * base else 1


if __name__ == "__main__":
    raise SystemExit(main())
