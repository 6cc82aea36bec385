"""How fast `evalguard check` runs (issue 3, "Done when" 4).

    python bench/check_speed.py ../shared/corpus [--runs 11] [--card cards/010.md]

1. Throughput: `check` (every rule, drift included) over every card of corpus/bulk in
   one process; prints cards/second.
2. Cold start, in the same run: the wall time of one `python -m evalguard check CARD`
   process against one `python -c "ModelCard.load(CARD)"` process (huggingface_hub
   reading the same file, validating nothing), median of --runs runs each, interleaved.
   Exits 1 unless check is the faster of the two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from evalguard.validate import check_readme

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LOAD = "import sys\nfrom huggingface_hub import ModelCard\nModelCard.load(sys.argv[1])\n"


def throughput(bulk: Path) -> tuple[int, int, float]:
    cards = sorted(bulk.glob("*.md"))
    check_readme(cards[0].read_bytes(), cards[0].name)  # warm imports and caches
    findings = 0
    start = time.perf_counter()
    for card in cards:
        findings += len(check_readme(card.read_bytes(), card.name))
    return len(cards), findings, time.perf_counter() - start


#: Both sides run as installed code does: with compiled bytecode (pip compiles packages
#: on install; PYTHONDONTWRITEBYTECODE, set on some machines, would make every run
#: recompile evalguard's editable sources and measure the compiler instead).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, env=ENV)
    elapsed = time.perf_counter() - start
    if "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return elapsed


def cold(card: Path, runs: int) -> tuple[list[float], list[float]]:
    check_cmd = [sys.executable, "-m", "evalguard", "check", str(card)]
    load_cmd = [sys.executable, "-c", LOAD, str(card)]
    wall(check_cmd)  # write .pyc files once, for both sides
    wall(load_cmd)
    checks: list[float] = []
    loads: list[float] = []
    for _ in range(runs):
        checks.append(wall(check_cmd))
        loads.append(wall(load_cmd))
    return checks, loads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--card", default="cards/010.md", help="card for the cold start")
    args = parser.parse_args()
    count, findings, seconds = throughput(args.corpus / "bulk")
    print(f"throughput: {count} cards in {seconds:.2f} s = {count / seconds:.0f} cards/s "
          f"({findings} findings), one process")  # fmt: skip
    card = args.corpus / args.card
    checks, loads = cold(card, args.runs)
    check_ms = statistics.median(checks) * 1000
    load_ms = statistics.median(loads) * 1000
    print(f"cold start on {args.card} ({card.stat().st_size:,} bytes), median of {args.runs}:")
    print(f"  evalguard check          {check_ms:6.0f} ms  (min {min(checks) * 1000:.0f})")
    print(f"  ModelCard.load           {load_ms:6.0f} ms  (min {min(loads) * 1000:.0f})")
    faster = check_ms < load_ms
    print(f"  check is {'faster' if faster else 'SLOWER'}: {load_ms / check_ms:.2f}x")
    return 0 if faster else 1


if __name__ == "__main__":
    raise SystemExit(main())
