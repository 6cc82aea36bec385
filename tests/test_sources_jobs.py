"""The jobs source, pure: evaluation records -> model-index results (sources/jobs.py)."""

from __future__ import annotations

from typing import Any

import pytest

from evalguard.catalog import builtin_catalog
from evalguard.remote.eval_script import record_line
from evalguard.results.reconcile import Ownership
from evalguard.sources.jobs import (
    EvalRecord,
    Provenance,
    RecordError,
    combine,
    inspect_tasks,
    job_results,
    keep_unchanged,
    parse_records,
)

JOB = Provenance("inspect-ai on Hugging Face Jobs", "https://huggingface.co/jobs/acme/j1")


def record(**changes: Any) -> EvalRecord:
    data: dict[str, Any] = {
        "evalguard": 1,
        "task": "gpqa_diamond",
        "status": "success",
        "scores": [{"scorer": "choice", "metrics": {"accuracy": 0.5, "stderr": 0.1}}],
        "samples": {"dataset": 198, "total": 198, "completed": 198},
        "limit": None,
        "versions": {"inspect_ai": "0.3.285", "inspect_evals": "0.26.0"},
    }
    return EvalRecord({**data, **changes})


def test_every_mapped_task_names_a_catalog_benchmark_with_a_hub_dataset() -> None:
    keys = {b.key: b for b in builtin_catalog().benchmarks}
    for task in inspect_tasks().values():
        assert task.benchmark in keys, task
        assert keys[task.benchmark].dataset, task


def test_a_successful_record_becomes_a_result_with_its_provenance() -> None:
    out = job_results([record()], JOB, builtin_catalog())

    assert out.failures == [] and out.skipped == []
    assert out.source.ownership is Ownership.SAME_BENCHMARKS
    [proposed] = out.source.results
    assert proposed.block == {
        "task": {"type": "text-generation"},
        "dataset": {"name": "GPQA Diamond", "type": "Idavidrein/gpqa", "config": "gpqa_diamond",
                    "split": "train"},
        "metrics": [{"type": "accuracy", "value": 50.0, "name": "accuracy (gpqa_diamond)",
                     "args": {"task": "gpqa_diamond", "samples": 198, "inspect_ai": "0.3.285",
                              "inspect_evals": "0.26.0"}}],
        "source": {"name": JOB.name, "url": JOB.url},
    }  # fmt: skip
    assert proposed.origins[0].value == 50.0 and proposed.origins[0].decimals == 2


@pytest.mark.parametrize(
    ("changes", "failures", "skipped"),
    [
        ({"status": "error", "error": "boom"}, ["gpqa_diamond: eval log status error: boom"], []),
        ({"status": "cancelled"}, ["gpqa_diamond: eval log status cancelled"], []),
        ({"task": "humaneval"}, [], ["humaneval: unknown task 'humaneval'"]),
        ({"limit": 5, "samples": {"dataset": 198, "total": 5, "completed": 5}}, [],
         ["gpqa_diamond: evaluated 5 of 198 samples (--limit)"]),
        ({"scores": [{"scorer": "choice", "metrics": {"mean": 0.5}}]}, [],
         ["gpqa_diamond: the log has no 'accuracy' metric"]),
    ],
    ids=["error", "cancelled", "unknown-task", "limited", "no-metric"],
)  # fmt: skip
def test_records_that_give_no_result(
    changes: dict[str, Any], failures: list[str], skipped: list[str]
) -> None:
    out = job_results([record(**changes)], JOB, builtin_catalog())

    assert out.source.results == ()
    assert out.failures == failures
    assert [s[: len(w)] for s, w in zip(out.skipped, skipped, strict=True)] == skipped


def test_a_limited_run_is_written_when_allowed_and_says_so() -> None:
    limited = record(limit=5, samples={"dataset": 198, "total": 5, "completed": 5})
    [proposed] = job_results([limited], JOB, builtin_catalog(), allow_limited=True).source.results
    assert proposed.block["metrics"][0]["args"]["limit"] == 5


def test_parse_records_finds_them_among_other_log_lines() -> None:
    lines = ["Installed 82 packages", record_line(dict(record().data)), "done"]
    assert [r.task for r in parse_records(lines)] == ["gpqa_diamond"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("EVALGUARD_RESULT {not json", "not valid JSON"),
        ('EVALGUARD_RESULT {"evalguard": 9}', "has format 9, this evalguard reads format 1"),
    ],
)
def test_parse_records_refuses_unreadable_records(line: str, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_records([line])


def test_combine_keeps_the_newest_runs_score_of_a_benchmark() -> None:
    catalog = builtin_catalog()
    newer = job_results([record()], Provenance(JOB.name, "https://x/new"), catalog)
    older = job_results(
        [record(), record(task="gsm8k")], Provenance(JOB.name, "https://x/old"), catalog
    )
    urls = [r.block["source"]["url"] for r in combine([newer, older]).results]
    assert urls == ["https://x/new", "https://x/old"]  # gpqa from the newer, gsm8k the older


def test_keep_unchanged_keeps_the_recorded_result_of_an_equal_score() -> None:
    catalog = builtin_catalog()
    old = job_results([record()], JOB, catalog).source.results[0].block
    new = job_results([record()], Provenance(JOB.name, "https://x/j2"), catalog).source
    assert keep_unchanged(new, [old]).results[0].block is old
    moved = job_results([record(scores=[{"metrics": {"accuracy": 0.6}}])], JOB, catalog).source
    assert keep_unchanged(moved, [old]).results[0].block["metrics"][0]["value"] == 60.0


def test_a_failure_record_keeps_the_jobs_token_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the job the token is a secret in the environment; an exception that names it
    must not carry it into the job's log (and from there into `eval collect`'s output)."""
    from evalguard.remote.eval_script import failure_record

    monkeypatch.setenv("HF_TOKEN", "hf_jobSECRETvalue0123")
    made = failure_record(
        "gpqa_diamond", "hf/acme/tiny", "HTTPError: 401 for Bearer hf_jobSECRETvalue0123\n(retry)"
    )
    assert made["error"] == "HTTPError: 401 for Bearer *** (retry)"
