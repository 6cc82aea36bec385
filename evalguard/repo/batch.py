"""Many repos in one run: each goes through its own work, one result each.

At most `workers` repos are worked on at once (threads: the work is waiting on the
network); results come back in the order of the targets (`each_target`). `run_batch`
is that for the commands that write: one `RepoOutcome` per repo, where a repo that
fails or is refused says so and the others go on. The faces turn outcomes into a
progress bar (`on_done`), a summary table and an exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

from evalguard.errors import EvalguardError
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.report.redact import redact

DEFAULT_WORKERS = 4
_T = TypeVar("_T")

Work = Callable[[str], RepoOutcome]


def each_target(
    targets: Sequence[str],
    work: Callable[[str], _T],
    *,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[_T], object] | None = None,
) -> list[_T]:
    """`work(target)` for every target, `workers` at a time, in the order of the targets.
    An exception of `work` propagates: catch what a repo may raise inside it."""
    results: dict[int, _T] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
        futures = {pool.submit(work, target): i for i, target in enumerate(targets)}
        for future in as_completed(futures):
            result = results[futures[future]] = future.result()
            if on_done is not None:
                on_done(result)
    return [results[i] for i in range(len(targets))]


def run_batch(
    targets: Sequence[str],
    work: Work,
    *,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[RepoOutcome], object] | None = None,
) -> list[RepoOutcome]:
    """`work(target)` for every target, `workers` at a time; a repo's exception is its
    outcome (`guarded`)."""
    return each_target(
        targets, lambda target: guarded(work, target), workers=workers, on_done=on_done
    )


def guarded(work: Work, target: str) -> RepoOutcome:
    """`work(target)`, with an exception turned into the repo's outcome."""
    try:
        return work(target)
    except (OSError, EvalguardError) as exc:
        return failure(target, exc)
    except Exception as exc:  # a bug must not stop the other repos; it is reported
        return RepoOutcome(
            target, Status.FAILED, message=redact(f"unexpected {type(exc).__name__}: {exc}")
        )
