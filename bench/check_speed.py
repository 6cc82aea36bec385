"""A cold `evalguard check` against huggingface_hub reading the card, and its imports
against the floor (issue 13, "Done when" 2).

    python bench/check_speed.py ../shared/corpus [--runs 3] [--import-runs 11]

1. Cold start, card by card: for every card of corpus/cards, the wall time of one
   `evalguard check CARD` process (the console script the pre-commit hook runs) against
   one `python -c "ModelCard.load(CARD)"`
   process (huggingface_hub reading the same file, validating nothing), interleaved,
   the fastest of --runs runs each (the run least disturbed by other work on the
   machine). Prints the median ratio check / load over the cards and the worst card.
   Goal: median <= 0.6, worst <= 1.0.
2. Import time, in the same run: what `python -X importtime` adds up for the imports of
   a real `evalguard check` of the smallest card with a model-index, against
   `import yaml, markdown_it` (the two libraries a check cannot avoid), median of
   --import-runs runs.

Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
#: `ignore_metadata_errors`: a few cards have a model-index huggingface_hub cannot read
LOAD = (
    "import sys\nfrom huggingface_hub import ModelCard\n"
    "ModelCard.load(sys.argv[1], ignore_metadata_errors=True)\n"
)
FLOOR = "import yaml, markdown_it"
MEDIAN_GOAL = 0.6
WORST_GOAL = 1.0

#: Both sides run as installed code does: with compiled bytecode (pip compiles packages
#: on install; PYTHONDONTWRITEBYTECODE, set on some machines, would make every run
#: recompile evalguard's editable sources and measure the compiler instead).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=ROOT, env=env or ENV
    )
    if "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    run(command)
    return time.perf_counter() - start


EVALGUARD = shutil.which("evalguard", path=str(Path(sys.executable).parent)) or "evalguard"


def check_cmd(card: Path) -> list[str]:
    return [EVALGUARD, "check", str(card)]


def cold(card: Path, runs: int) -> tuple[float, float]:
    """(check, load) seconds for one card: the fastest of `runs` interleaved runs."""
    checks: list[float] = []
    loads: list[float] = []
    for _ in range(runs):
        checks.append(wall(check_cmd(card)))
        loads.append(wall([sys.executable, "-c", LOAD, str(card)]))
    return min(checks), min(loads)


def import_seconds(command: list[str]) -> float:
    """What `-X importtime` reports for the top-level imports of `command` (seconds)."""
    stderr = run(command, env={**ENV, "PYTHONPROFILEIMPORTTIME": "1"}).stderr
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # one space after the bar: a top-level import
            total += int(cumulative)
    return total / 1e6


def smallest_with_model_index(cards: list[Path]) -> Path:
    with_index = [c for c in cards if b"\nmodel-index:" in c.read_bytes()]
    return min(with_index, key=lambda c: c.stat().st_size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="runs per card and side")
    parser.add_argument("--import-runs", type=int, default=11)
    args = parser.parse_args()
    cards = sorted((args.corpus / "cards").glob("*.md"))
    run(check_cmd(cards[0]))  # write .pyc files once, for both sides
    run([sys.executable, "-c", LOAD, str(cards[0])])

    ratios: dict[str, float] = {}
    checks: list[float] = []
    loads: list[float] = []
    for card in cards:
        check, load = cold(card, args.runs)
        ratios[card.name] = check / load
        checks.append(check)
        loads.append(load)
    median = statistics.median(ratios.values())
    worst = max(ratios, key=ratios.__getitem__)
    size = (args.corpus / "cards" / worst).stat().st_size
    print(f"cold start over {len(cards)} cards (fastest of {args.runs} runs each):")
    print(f"  evalguard check   median {statistics.median(checks) * 1000:5.0f} ms")
    print(f"  ModelCard.load    median {statistics.median(loads) * 1000:5.0f} ms")
    print(f"  check / load      median {median:.2f} (goal <= {MEDIAN_GOAL})")
    print(f"  worst card        cards/{worst} ({size:,} bytes): {ratios[worst]:.2f} "
          f"(goal <= {WORST_GOAL})")  # fmt: skip

    card = smallest_with_model_index(cards)
    ours = [import_seconds(check_cmd(card)) for _ in range(args.import_runs)]
    floor = [import_seconds([sys.executable, "-c", FLOOR]) for _ in range(args.import_runs)]
    ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    print(f"import time (-X importtime, median of {args.import_runs}):")
    print(f"  evalguard check of cards/{card.name}  {ours_ms:5.0f} ms")
    print(f"  {FLOOR:<30} {floor_ms:5.0f} ms  (evalguard: {ours_ms / floor_ms:.2f}x)")
    return 0 if median <= MEDIAN_GOAL and ratios[worst] <= WORST_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
