"""Shared test helpers: the corpus location, running the CLI in-process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The shared corpus of real model cards (not part of the repository). Tests that need it
#: are skipped when it is absent, e.g. on a contributor's machine.
CORPUS = Path(os.environ.get("EVALGUARD_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "cards").is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set EVALGUARD_CORPUS)")
    return CORPUS


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test inside an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
