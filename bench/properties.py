"""Run the card properties of tests/cardgen.py on many generated cards (issue #9).

    python bench/properties.py [--examples 100000] [--seed 0]

Reading, table extraction, check and sync on each card: no exception escapes, sync is
idempotent, changes no byte outside model-index and keeps other sources' results, and
every finding points inside the file. Prints how many cards ran, how many of them sync
changed or refused, and how long it took; exits 1 on the first property that fails
(hypothesis shrinks it to a small card and prints it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cardgen import REQUEST, cards, check_properties

from evalguard.errors import EvalguardError
from evalguard.results.sync import plan_sync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    outcomes: Counter[str] = Counter()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(cards())
    def run(data: bytes) -> None:
        check_properties(data)
        try:
            outcomes["changed" if plan_sync(data, REQUEST).changed else "unchanged"] += 1
        except EvalguardError as exc:
            outcomes[type(exc).__name__] += 1

    start = time.perf_counter()
    try:
        run()
    finally:
        elapsed = time.perf_counter() - start
        total = sum(outcomes.values())
        detail = ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items()))
        print(f"{total:,} generated cards in {elapsed:.0f} s ({total / elapsed:.0f}/s): {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
