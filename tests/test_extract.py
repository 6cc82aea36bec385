"""Table shapes and value forms -> the model's scores, from fixtures in fixtures/tables.

Each fixture is one (markdown, expected scores) pair; see fixtures/tables/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from evalguard.tables import (
    Extraction,
    ExtractOptions,
    ModelName,
    Score,
    card_ties,
    extract,
    extract_table,
    read_document,
    read_tables,
)

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
CASES = sorted(FIXTURES.glob("*.yaml"))

#: (table, benchmark, metric, value, setting, shots, percent)
Row = tuple[int, str, str | None, float, str, int | None, bool]


def expected_row(entry: dict[str, Any]) -> Row:
    return (
        int(entry["table"]),
        str(entry["benchmark"]),
        entry.get("metric"),
        float(entry["value"]),
        str(entry.get("setting", "")),
        entry.get("shots"),
        bool(entry.get("percent", False)),
    )


def actual_row(score: Score) -> Row:
    return (
        score.table,
        score.benchmark,
        score.metric,
        score.value.value,
        score.setting,
        score.shots,
        score.value.percent,
    )


def run(markdown: str, model: str | None, metadata: list[str] | None = None) -> Extraction:
    """Extract as `evalguard extract` does: with what the rest of the card says (ties)."""
    name = ModelName(model) if model else None
    document = read_document(markdown)
    ties = card_ties(
        name.repo_id if name else None,
        document,
        body=markdown,
        metadata=metadata or [],
    )
    return extract(document.tables, name, ties=ties)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    extraction = run(case["markdown"], case.get("model"), case.get("metadata"))
    assert [o.status for o in extraction.outcomes] == case["statuses"], [
        o.reason for o in extraction.outcomes
    ]
    assert [actual_row(s) for s in extraction.scores] == [expected_row(e) for e in case["scores"]]
    for index, candidates in (case.get("candidates") or {}).items():
        assert extraction.outcomes[int(index) - 1].candidates == candidates


def test_every_score_knows_its_cell() -> None:
    markdown = "| Benchmark | Tiny-7B |\n|---|---|\n| MMLU | 61.2 |\n"
    (score,) = extract(read_tables(markdown, first_line=20), ModelName("acme/Tiny-7B")).scores
    assert (score.table, score.line, score.column, score.subject) == (1, 22, 10, "Tiny-7B")


def test_tables_can_be_chosen_and_skipped() -> None:
    markdown = (
        "| Benchmark | Tiny-7B |\n|---|---|\n| MMLU | 61.2 |\n\n"
        "| Benchmark | Tiny-7B |\n|---|---|\n| ARC | 55.1 |\n"
    )
    tables = read_tables(markdown)
    model = ModelName("acme/Tiny-7B")
    only_second = extract(tables, model, ExtractOptions(tables=(2,)))
    assert [o.status for o in only_second.outcomes] == ["skipped", "scores"]
    skip_second = extract(tables, model, ExtractOptions(skip_tables=(2,)))
    assert [s.benchmark for s in skip_second.scores] == ["MMLU"]


def test_a_pinned_column_is_read_whatever_the_model() -> None:
    markdown = "| Benchmark | Base | Tuned |\n|---|---|---|\n| MMLU | 55.0 | 61.2 |\n"
    (table,) = read_tables(markdown)
    outcome = extract_table(table, ModelName("acme/Tiny-7B"), pin="tuned")
    assert outcome.status == "scores"
    assert [(s.benchmark, s.value.value, s.subject) for s in outcome.scores] == [
        ("MMLU", 61.2, "tuned")
    ]
    missing = extract_table(table, ModelName("acme/Tiny-7B"), pin="Nope")
    assert missing.status == "no-subject"
    assert missing.candidates == ["Base", "Tuned", "MMLU"]


@pytest.mark.parametrize(
    ("pin", "benchmarks", "left_out"),
    [
        pytest.param(None, ["MMLU", "GSM8K"], ["Average"], id="found"),
        pytest.param("Tiny-7B", ["MMLU", "GSM8K"], ["Average"], id="pinned"),
    ],
)
def test_a_pinned_column_leaves_out_averages_as_a_found_one_does(
    pin: str | None, benchmarks: list[str], left_out: list[str]
) -> None:
    markdown = (
        "| Benchmark | Tiny-7B | Other-7B |\n|---|---|---|\n"
        "| MMLU | 61.2 | 58.0 |\n| GSM8K | 45.5 | 40.2 |\n| **Average** | 53.4 | 49.1 |\n"
    )
    (table,) = read_tables(markdown)
    outcome = extract_table(table, ModelName("acme/Tiny-7B"), pin=pin)
    assert [s.benchmark for s in outcome.scores] == benchmarks
    assert outcome.left_out == left_out


def test_a_pinned_column_that_shows_only_an_aggregate_keeps_it() -> None:
    markdown = "| Split | Tiny-7B |\n|---|---|\n| Overall | 61.2 |\n"
    (table,) = read_tables(markdown)
    outcome = extract_table(table, ModelName("acme/Tiny-7B"), pin="Tiny-7B")
    assert [(s.benchmark, s.value.value) for s in outcome.scores] == [("Overall", 61.2)]


def test_without_a_model_only_one_model_tables_are_read() -> None:
    markdown = (
        "| Metric | Value |\n|---|---|\n| MMLU | 61.2 |\n\n"
        "| Model | MMLU |\n|---|---|\n| A-7B | 1 |\n| B-7B | 2 |\n"
    )
    extraction = run(markdown, None)
    assert [o.status for o in extraction.outcomes] == ["scores", "no-subject"]
    assert [s.benchmark for s in extraction.scores] == ["MMLU"]


def test_a_long_table_is_read_quickly() -> None:
    rows = "".join(f"| Bench{i} | {i % 100}.5 | 1 |\n" for i in range(2000))
    markdown = "| Benchmark | Tiny-7B | Other |\n|---|---|---|\n" + rows
    (table,) = read_tables(markdown)
    outcome = extract_table(table, ModelName("acme/Tiny-7B"))
    assert len(outcome.scores) == 2000
