"""How fast `import-aa --author ORG` goes over many Hub repos with the AA cache warm.

    python bench/hub_batch.py [--repos 200] [--corpus ../shared/corpus]

Starts the test suite's fake Hub and fake Artificial Analysis (real HTTP servers on
127.0.0.1, tests/fakes/), fills the Hub with `--repos` model repos (cards of
corpus/bulk when `--corpus` is given, else a small synthetic card; each with `aa:` in its
.evalguard.yaml), warms the AA cache with one request, then times `evalguard import-aa
--author acme` in one process:

1. a dry run with 1 worker: the baseline (reads and plans every repo, writes nothing);
2. the same dry run with the default 4 workers (ratio against 1);
3. the real run with 4 workers: one pull request per repo.

It prints repos per second for each and how many requests reached AA during the runs
(the cache should leave it at 0). The servers share the process (and its GIL) with
evalguard, so absolute numbers understate a real Hub's; the ratios are the point.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakes.aa import FakeAA  # noqa: E402
from fakes.hub import FakeHub, hub_environ  # noqa: E402

from evalguard.cli import main as evalguard  # noqa: E402
from evalguard.remote.aa import AASettings, fetch_models  # noqa: E402

EXAMPLE = ROOT / "tests" / "data" / "aa-llms-models.json"
CARD = "---\nlicense: mit\n---\n# o3-mini\n\n| Benchmark | o3-mini |\n|---|---|\n| MMLU | 61.2 |\n"
CONFIG = "aa: {creator: openai, model: o3-mini}\n"


def cards(corpus: Path | None, n: int) -> list[bytes]:
    if corpus is None:
        return [CARD.encode()] * n
    found = sorted((corpus / "bulk").glob("*.md"))[:n]
    if len(found) < n:
        raise SystemExit(f"{corpus}/bulk holds {len(found)} cards, fewer than {n}")
    return [p.read_bytes() for p in found]


def timed(argv: list[str]) -> tuple[float, int, str]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err):
        code = evalguard(argv)
    return time.perf_counter() - start, code, err.getvalue().strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--corpus", type=Path, help="use corpus/bulk cards as the READMEs")
    args = parser.parse_args(argv)
    payload = json.loads(EXAMPLE.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp, FakeHub() as hub, FakeAA(payload) as aa:
        os.environ.update(hub_environ(hub, Path(tmp)))
        os.environ.update(
            {
                "AA_API_KEY": FakeAA.KEY,
                "EVALGUARD_AA_BASE_URL": aa.base_url,
                "EVALGUARD_CACHE_DIR": str(Path(tmp) / "cache"),
                "CI": "1",  # no progress bar
            }
        )
        for i, card in enumerate(cards(args.corpus, args.repos)):
            hub.add_repo(f"acme/m{i:04}", {"README.md": card, ".evalguard.yaml": CONFIG})
        fetch_models(AASettings.from_env())  # warm the cache
        aa.calls = 0
        base = ["import-aa", "--author", "acme"]
        runs = [
            ("dry run, 1 worker (baseline)", [*base, "--dry-run", "--workers", "1"]),
            ("dry run, 4 workers", [*base, "--dry-run", "--workers", "4"]),
            ("pull requests, 4 workers", [*base, "--workers", "4"]),
        ]
        baseline = None
        for label, command in runs:
            seconds, code, tally = timed(command)
            rate = args.repos / seconds
            baseline = baseline or rate
            print(
                f"{label:30} {seconds:6.2f} s = {rate:6.1f} repos/s "
                f"({rate / baseline:.2f}x baseline), exit {code}, {tally}"
            )
        prs = sum(len(r.prs) for r in hub.repos.values())
        print(f"pull requests opened: {prs}; requests that reached AA during the runs: {aa.calls}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
