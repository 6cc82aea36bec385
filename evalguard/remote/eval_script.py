# /// script
# requires-python = ">=3.10"
# dependencies = [
#     "inspect-ai>=0.3.278,<0.4",
#     "inspect-evals>=0.26",
#     "openai>=3.4",  # inspect-ai 0.3.285 requires it for OpenAI-compatible providers
# ]
# ///
"""The script an evaluation job runs: inspect-ai runs the tasks, the eval logs are read,
and each becomes one machine-readable line on stdout (and in `--log-dir`):

    EVALGUARD_RESULT {"evalguard": 1, "task": "gpqa_diamond", "status": "success", ...}

Only a log whose `status` is `success` counts (`inspect eval` exits 0 even when an eval
failed); the script exits 1 when any task did not succeed, so the job ends in ERROR.

Self-contained on purpose: it travels inside the job request (evalguard is not installed
in the job), needs only the standard library and inspect-ai, and is also what
`evalguard eval local` runs in-process (`run_tasks`). `evalguard.sources.jobs` reads
the records back.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

#: the prefix of a record line in the job's log output
RECORD_PREFIX = "EVALGUARD_RESULT "
#: the record format's version; readers refuse other versions
RECORD_VERSION = 1
#: the file records are appended to in `--log-dir`
RECORDS_FILE = "evalguard-results.jsonl"
#: inspect_evals tasks are named bare on the command line (`gpqa_diamond`)
REGISTRY = "inspect_evals/"


def task_spec(task: str) -> str:
    """What inspect is asked to run: a bare name is an inspect_evals task; a file
    (`tasks.py@name`) or another registry's task is passed as it is."""
    return task if ("/" in task or "@" in task or task.endswith(".py")) else REGISTRY + task


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _versions() -> dict[str, str | None]:
    return {"inspect_ai": _version("inspect_ai"), "inspect_evals": _version("inspect_evals")}


def _one_line(text: str) -> str:
    """An error message as one line, without the job's token (its secret is in the
    environment, and the line goes to the job's log and into evalguard's output)."""
    line = " ".join(str(text).split())
    token = os.environ.get("HF_TOKEN", "").strip()
    return line.replace(token, "***") if token else line


def record_of(log: Any, task: str) -> dict[str, Any]:
    """One eval log (an `inspect_ai.log.EvalLog`) as a record; `task` is the task as the
    user asked for it."""
    results = log.results
    scores = [
        {
            "name": score.name,
            "scorer": score.scorer,
            "metrics": {name: metric.value for name, metric in score.metrics.items()},
        }
        for score in (results.scores if results else [])
    ]
    return {
        "evalguard": RECORD_VERSION,
        "task": task,
        "inspect_task": log.eval.task,
        "model": log.eval.model,
        "status": log.status,
        "error": _one_line(log.error.message) if log.error else None,
        "scores": scores,
        "samples": {
            "dataset": log.eval.dataset.samples,
            "total": results.total_samples if results else None,
            "completed": results.completed_samples if results else None,
        },
        "limit": log.eval.config.limit,
        "versions": _versions(),
        "created": log.eval.created,
        "log": log.location,
    }


def failure_record(task: str, model: str, message: str) -> dict[str, Any]:
    """A task that produced no eval log at all (inspect raised before it could write one)."""
    return {
        "evalguard": RECORD_VERSION,
        "task": task,
        "model": model,
        "status": "error",
        "error": _one_line(message),
        "scores": [],
        "versions": _versions(),
    }


def run_tasks(
    tasks: Sequence[str],
    model: str,
    *,
    limit: int | None = None,
    log_dir: str | None = None,
    display: str = "plain",
) -> list[dict[str, Any]]:
    """Run each task with inspect-ai and return one record per task."""
    from inspect_ai import eval as inspect_eval

    records = []
    for task in tasks:
        try:
            logs = inspect_eval(
                task_spec(task),
                model=model,
                limit=limit,
                log_dir=log_dir or "logs",
                display=display,  # type: ignore[arg-type]
            )
        except Exception as exc:  # any failure is reported as the task's record
            records.append(failure_record(task, model, f"{type(exc).__name__}: {exc}"))
            continue
        records.extend(record_of(log, task) for log in logs)
    return records


def record_line(record: dict[str, Any]) -> str:
    return RECORD_PREFIX + json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)


def write_records(records: Iterable[dict[str, Any]], log_dir: str | None) -> None:
    lines = [record_line(r) for r in records]
    for line in lines:
        print(line, flush=True)
    if log_dir:
        path = Path(log_dir) / RECORDS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run inspect-ai tasks; print evalguard records.")
    parser.add_argument(
        "--model", required=True, help="inspect model, e.g. hf-inference-providers/org/m"
    )
    parser.add_argument("--task", action="append", required=True, help="inspect_evals task name")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--log-dir", default=None, help="also keep the eval logs and records here")
    args = parser.parse_args(argv)
    records = run_tasks(args.task, args.model, limit=args.limit, log_dir=args.log_dir)
    write_records(records, args.log_dir)
    return 0 if all(r["status"] == "success" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
