"""How `check` and `sync --check` grow with the number of results in a card.

    python bench/scaling.py [--sizes 100,1000,10000] [--repeat 3]

For each N it writes a card whose model-index holds N results from another source
(a leaderboard) and whose README table has min(N, 2,000) rows of the model's scores
(the shape of embedding-model cards with an MTEB model-index), then times
`evalguard check` and `evalguard sync --check` as whole processes (median of
`--repeat` runs). It prints the seconds per N and the growth exponent (1.0 = linear,
2.0 = quadratic) between the two largest N: between the smallest and the largest, the
fixed start-up cost (imports, ~0.2 s) would flatten it and hide a quadratic term.
Goal (issue 13): exponent <= 1.1 and under 3 s at N = 10,000, for each command; exits 1
when a goal is missed.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLE_ROWS_CAP = 2_000


def card(n: int) -> str:
    """N leaderboard results; a README table holding the first min(N, 2,000) of them
    (same benchmarks, half with the same value and half with another one)."""
    lines = ["---", "license: mit", "model-index:", "- name: scale-model", "  results:"]
    for i in range(n):
        lines += [
            "  - task:",
            "      type: text-generation",
            "    dataset:",
            f"      name: Bench{i}",
            f"      type: org/bench{i}",
            "    metrics:",
            "    - type: accuracy",
            f"      value: {50 + (i % 500) / 10:.1f}",
            "    source:",
            "      name: Leaderboard",
            "      url: https://example.org/leaderboard",
        ]
    lines += ["---", "# scale-model", "", "| Benchmark | scale-model |", "|---|---|"]
    for i in range(min(n, TABLE_ROWS_CAP)):
        value = 50 + (i % 500) / 10 + (0 if i % 2 else 0.3)
        lines.append(f"| Bench{i} | {value:.1f} |")
    return "\n".join(lines) + "\n"


def timed(argv: list[str], repeat: int) -> float:
    """Median seconds of `repeat` runs; a run that did not finish its work (exit code 2
    or more, a traceback) stops the bench instead of counting as a fast one."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    return statistics.median(runs)


EXPONENT_GOAL = 1.1
SECONDS_GOAL = 3.0


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Slope of log(time) over log(N) between the two largest N."""
    return math.log(seconds[-1] / seconds[-2]) / math.log(sizes[-1] / sizes[-2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    evalguard = [sys.executable, "-m", "evalguard"]
    commands = {
        "check": ["check", "--format", "json"],
        "sync --check": ["sync", "--check", "--model", "org/scale-model"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"n{n}" / "README.md"
            path.parent.mkdir()
            path.write_text(card(n), encoding="utf-8")
            for name, command in commands.items():
                took = timed([*evalguard, *command, str(path)], args.repeat)
                times[name].append(took)
                print(f"N={n:>6}  {name:<13} {took:7.2f} s", flush=True)
    met = True
    for name, series in times.items():
        growth = exponent(sizes, series)
        met = met and growth <= EXPONENT_GOAL and series[-1] < SECONDS_GOAL
        print(f"{name:<13} growth exponent {growth:.2f} "
              f"(N {sizes[-2]} -> {sizes[-1]}); N={sizes[-1]}: {series[-1]:.2f} s")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
