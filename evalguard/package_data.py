"""Files shipped inside the package (`data/*.yaml`, `schemas/*.json`), read as text.

Read beside this module rather than through importlib.resources, whose import (with
tempfile, random and zipfile behind it) costs about 8 ms, a twentieth of `evalguard
check`'s start as a pre-commit hook; pip installs the package as plain files, never as
a zip.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def read_text(relative: str) -> str:
    """The UTF-8 text of the package file at `relative` (`data/benchmarks.yaml`)."""
    return (_ROOT / relative).read_text("utf-8")
