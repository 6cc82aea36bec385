"""The one reconciler: a source replaces only its own results, whatever the source."""

from __future__ import annotations

from typing import Any

import pytest

from evalguard.catalog import builtin_catalog
from evalguard.results.model import AA_SOURCE_NAME, JOBS_SOURCE_NAME, README_SOURCE_NAME, SourceKind
from evalguard.results.reconcile import (
    ChangeKind,
    Origin,
    Ownership,
    ProposedResult,
    SourceResults,
    reconcile,
)

CATALOG = builtin_catalog()
SOURCES = {
    SourceKind.README: README_SOURCE_NAME,
    SourceKind.ARTIFICIAL_ANALYSIS: AA_SOURCE_NAME,
    SourceKind.INSPECT_EVAL: JOBS_SOURCE_NAME,
    SourceKind.OTHER: "Open LLM Leaderboard",
}


def result(
    bench: str, value: float, source: SourceKind, metric: str = "accuracy"
) -> dict[str, Any]:
    dataset = {"MMLU-Pro": "TIGER-Lab/MMLU-Pro", "GPQA": "Idavidrein/gpqa", "HLE": "cais/hle"}
    return {
        "task": {"type": "text-generation"},
        "dataset": {"name": bench, "type": dataset[bench]},
        "metrics": [{"type": "accuracy", "value": value}],
        "source": {"name": SOURCES[source], "url": "https://example.org"},
    }


def incoming(
    kind: SourceKind, *pairs: tuple[str, float], ownership: Ownership = Ownership.ALL_OF_ITS_KIND
) -> SourceResults:
    return SourceResults(
        kind,
        tuple(
            ProposedResult(result(bench, value, kind), (Origin(value, None, kind.value),))
            for bench, value in pairs
        ),
        ownership,
    )


def names(results: list[Any]) -> list[tuple[str, float, str]]:
    return [(r["dataset"]["name"], r["metrics"][0]["value"], r["source"]["name"]) for r in results]


AA, JOBS, README, OTHER = (
    SourceKind.ARTIFICIAL_ANALYSIS,
    SourceKind.INSPECT_EVAL,
    SourceKind.README,
    SourceKind.OTHER,
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            [result("MMLU-Pro", 0.7, AA), result("GPQA", 61.0, OTHER)],
            incoming(AA, ("MMLU-Pro", 0.75)),
            [("MMLU-Pro", 0.75, AA_SOURCE_NAME), ("GPQA", 61.0, "Open LLM Leaderboard")],
            id="replaces-its-own-in-place-keeps-others",
        ),
        pytest.param(
            [result("GPQA", 61.0, OTHER), result("MMLU-Pro", 0.7, AA), result("HLE", 0.1, AA)],
            incoming(AA, ("MMLU-Pro", 0.7)),
            [("GPQA", 61.0, "Open LLM Leaderboard"), ("MMLU-Pro", 0.7, AA_SOURCE_NAME)],
            id="a-benchmark-the-source-no-longer-reports-goes",
        ),
        pytest.param(
            [result("MMLU-Pro", 70.0, README)],
            incoming(AA, ("GPQA", 0.5)),
            [("MMLU-Pro", 70.0, README_SOURCE_NAME), ("GPQA", 0.5, AA_SOURCE_NAME)],
            id="another-sources-result-is-never-replaced",
        ),
        pytest.param(
            [result("MMLU-Pro", 0.7, JOBS), result("GPQA", 0.4, JOBS)],
            incoming(JOBS, ("GPQA", 0.45), ownership=Ownership.SAME_BENCHMARKS),
            [("MMLU-Pro", 0.7, JOBS_SOURCE_NAME), ("GPQA", 0.45, JOBS_SOURCE_NAME)],
            id="a-job-replaces-only-the-benchmarks-it-ran",
        ),
    ],
)
def test_a_source_replaces_only_its_own(
    old: list[Any], new: SourceResults, expected: list[tuple[str, float, str]]
) -> None:
    outcome = reconcile(old, new, CATALOG)
    assert outcome.changed
    assert names(outcome.results) == expected


def test_untouched_results_keep_their_identity() -> None:
    other = result("GPQA", 61.0, OTHER)
    outcome = reconcile([other, result("MMLU-Pro", 0.7, AA)], incoming(AA, ("HLE", 0.2)), CATALOG)
    assert outcome.results[0] is other  # so the rewrite copies its text, comments included


def test_the_same_again_changes_nothing() -> None:
    old = [result("MMLU-Pro", 0.7, AA)]
    outcome = reconcile(old, incoming(AA, ("MMLU-Pro", 0.7)), CATALOG)
    assert not outcome.changed and outcome.changes == []


@pytest.mark.parametrize(
    ("other_value", "recorded"),
    [(70.0, True), (0.7, True), (61.0, False)],
    ids=["same-on-0-100", "same-on-0-1", "different"],
)
def test_a_value_another_source_records(other_value: float, recorded: bool) -> None:
    old = [result("MMLU-Pro", other_value, OTHER)]
    outcome = reconcile(old, incoming(AA, ("MMLU-Pro", 0.7)), CATALOG)
    assert len(outcome.results) == (1 if recorded else 2)
    assert len(outcome.conflicts) == (0 if recorded else 1)


@pytest.mark.parametrize("overwrite", [False, True])
def test_conflicts_keep_both_unless_overwrite(overwrite: bool) -> None:
    old = [result("MMLU-Pro", 61.0, OTHER)]
    outcome = reconcile(old, incoming(AA, ("MMLU-Pro", 0.7)), CATALOG, overwrite=overwrite)
    [conflict] = outcome.conflicts
    assert (conflict.other_value, conflict.other_position, conflict.replaced) == (
        61.0,
        (0, 0),
        overwrite,
    )
    kept = [r["source"]["name"] for r in outcome.results]
    assert kept == ([AA_SOURCE_NAME] if overwrite else ["Open LLM Leaderboard", AA_SOURCE_NAME])


def test_changes_say_what_the_source_changed() -> None:
    old = [result("MMLU-Pro", 0.7, AA), result("HLE", 0.1, AA)]
    outcome = reconcile(old, incoming(AA, ("MMLU-Pro", 0.75), ("GPQA", 0.5)), CATALOG)
    assert [(c.kind, c.benchmark, c.old, c.new) for c in outcome.changes] == [
        (ChangeKind.UPDATED, "MMLU-Pro", 0.7, 0.75),
        (ChangeKind.ADDED, "GPQA", None, 0.5),
        (ChangeKind.REMOVED, "HLE", 0.1, None),
    ]


def test_emptied_when_only_the_sources_results_were_there() -> None:
    outcome = reconcile([result("MMLU-Pro", 0.7, AA)], incoming(AA), CATALOG)
    assert outcome.changed and outcome.emptied and outcome.results == []


def test_one_origin_per_metric() -> None:
    with pytest.raises(ValueError, match="one origin per metric"):
        ProposedResult(result("HLE", 0.1, AA), ())
