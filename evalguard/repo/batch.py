"""Many repos in one run: each goes through its own work, one `RepoOutcome` each.

At most `workers` repos are worked on at once (threads: the work is waiting on the
network). A repo that fails or is refused says so in its outcome and the others go on;
outcomes come back in the order of the targets. The faces turn them into a progress
bar (`on_done`), a summary table and an exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

from evalguard.errors import EvalguardError
from evalguard.repo.outcome import RepoOutcome, Status, failure

DEFAULT_WORKERS = 4

Work = Callable[[str], RepoOutcome]


def run_batch(
    targets: Sequence[str],
    work: Work,
    *,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[RepoOutcome], object] | None = None,
) -> list[RepoOutcome]:
    """`work(target)` for every target, `workers` at a time."""
    outcomes: list[RepoOutcome | None] = [None] * len(targets)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
        futures = {pool.submit(guarded, work, target): i for i, target in enumerate(targets)}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            if on_done is not None:
                on_done(outcome)
    return [o for o in outcomes if o is not None]


def guarded(work: Work, target: str) -> RepoOutcome:
    """`work(target)`, with an exception turned into the repo's outcome."""
    try:
        return work(target)
    except (OSError, EvalguardError) as exc:
        return failure(target, exc)
    except Exception as exc:  # a bug must not stop the other repos; it is reported
        return RepoOutcome(target, Status.FAILED, message=f"unexpected {type(exc).__name__}: {exc}")
