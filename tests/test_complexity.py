"""Cost grows linearly with the card: counted in calls, never timed.

A card whose model-index holds N results of another source and whose README table has
N rows for the model (the shape of MTEB-style cards) once cost N x N benchmark lookups
in the drift comparison shared by `sync` and `check`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from evalguard.api import ExtractRequest
from evalguard.results import model
from evalguard.results.sync import plan_sync
from evalguard.validate import check_readme


def card(n: int) -> bytes:
    lines = ["---", "model-index:", "- name: scale-model", "  results:"]
    for i in range(n):
        lines += [
            "  - task: {type: text-generation}",
            f"    dataset: {{name: Bench{i}, type: org/bench{i}}}",
            f"    metrics: [{{type: accuracy, value: {50 + i % 500 / 10:.1f}}}]",
            "    source: {name: Leaderboard, url: 'https://example.org/lb'}",
        ]
    lines += ["---", "# scale-model", "", "| Benchmark | scale-model |", "|---|---|"]
    lines += [f"| Bench{i} | {50 + i % 500 / 10 + (i % 2) * 0.3:.1f} |" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def sync(data: bytes) -> None:
    plan_sync(data, ExtractRequest(model="org/scale-model"))


def check(data: bytes) -> None:
    check_readme(data, "README.md")


@pytest.mark.parametrize("run", [sync, check], ids=["sync", "check"])
def test_benchmark_lookups_grow_linearly(
    run: Callable[[bytes], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    original = model.benchmark_of

    def counting(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(*args)

    monkeypatch.setattr(model, "benchmark_of", counting)
    counts = []
    for n in (50, 200):
        calls = 0
        run(card(n))
        counts.append(calls)
    assert counts[0] >= 50, counts  # the comparison did run
    assert counts[1] <= 4.2 * counts[0], f"{counts}: not linear in the number of results"
