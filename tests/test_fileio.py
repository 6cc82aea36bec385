"""Atomic writes: the old file or the new one, never half of either, no litter."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from evalguard.card.fileio import write_atomic


def test_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    target.chmod(0o604)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_creates_a_new_file(tmp_path: Path) -> None:
    write_atomic(tmp_path / "new.yaml", b"- a\n")
    assert (tmp_path / "new.yaml").read_bytes() == b"- a\n"


def test_failure_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"old")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
