"""A plan written into a folder: each file atomically, under a lock, never over a file
that changed since the snapshot was read (card/fileio.py)."""

from __future__ import annotations

from pathlib import Path

from evalguard.card.fileio import FileChanged, editing
from evalguard.errors import EvalguardError
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import LocalRepo


class ChangedSinceRead(EvalguardError):
    """A file the plan would replace is no longer what the plan was computed from."""


def apply_local(plan: RepoPlan) -> list[str]:
    """Write the plan's files; returns their repo paths. OSError propagates."""
    location = plan.snapshot.location
    if not isinstance(location, LocalRepo):
        raise TypeError("apply_local writes plans of local folders only")
    written: list[str] = []
    for change in plan.files:
        target = location.folder / change.path
        Path(target.parent).mkdir(parents=True, exist_ok=True)
        try:
            with editing(target, create=True) as file:
                if file.data != change.old:
                    raise FileChanged
                file.replace(change.new)
        except FileChanged:
            raise ChangedSinceRead(
                f"{location.display(change.path)} changed since evalguard read it; "
                "nothing written for it, run again"
            ) from None
        written.append(change.path)
    return written
