"""How fast extract+sync runs, in bulk and from a cold start (issue 2, "Done when" 4).

    python bench/speed.py ../shared/corpus [--runs 15]

1. Throughput: plan a sync (extract + merge + rewrite, no disk writes) for every card of
   corpus/bulk in one process; prints cards/second.
2. Cold start: wall time of one `evalguard sync --check` process on the bundled example
   card, against the floor of `python -c "import yaml, markdown_it"` (the two libraries
   it cannot avoid), median of --runs runs each, measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evalguard.api import ExtractRequest
from evalguard.errors import EvalguardError
from evalguard.results.sync import plan_sync

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "README.md"


def throughput(bulk: Path) -> tuple[int, float]:
    cards = sorted(bulk.glob("*.md"))
    start = time.perf_counter()
    for card in cards:
        with contextlib.suppress(EvalguardError):  # refusals are part of the work measured
            plan_sync(card.read_bytes(), ExtractRequest(model=f"corpus/{card.stem}"))
    return len(cards), time.perf_counter() - start


def wall(cmd: list[str], runs: int, cwd: Path) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus (holds bulk/)")
    parser.add_argument("--runs", type=int, default=15, help="cold-start repetitions")
    args = parser.parse_args(argv)
    n, seconds = throughput(args.corpus / "bulk")
    print(
        f"extract+sync (planned, in one process): {n} cards in {seconds:.2f} s "
        f"= {n / seconds:.0f} cards/s"
    )

    evalguard = shutil.which("evalguard", path=str(Path(sys.executable).parent)) or "evalguard"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copyfile(EXAMPLE, folder / "README.md")
        sync_cmd = [evalguard, "sync", "README.md", "--check"]
        floor_cmd = [sys.executable, "-c", "import yaml, markdown_it"]
        wall(sync_cmd, 2, folder)  # warm the OS file cache and .pyc files
        wall(floor_cmd, 2, folder)
        sync_times = wall(sync_cmd, args.runs, folder)
        floor_times = wall(floor_cmd, args.runs, folder)
    sync_median = statistics.median(sync_times)
    floor_median = statistics.median(floor_times)
    print(
        f"cold `evalguard sync --check` on examples/README.md: median {sync_median * 1000:.0f} ms "
        f"(min {min(sync_times) * 1000:.0f}) over {args.runs} runs"
    )
    print(
        f"baseline `python -c 'import yaml, markdown_it'`: median {floor_median * 1000:.0f} ms "
        f"(min {min(floor_times) * 1000:.0f}); "
        f"evalguard adds {(sync_median - floor_median) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
