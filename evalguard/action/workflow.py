"""GitHub's workflow protocol, as the Action speaks it: masks, annotations, text printed
with workflow commands switched off, and the `$GITHUB_OUTPUT` / `$GITHUB_STEP_SUMMARY`
files. Knows nothing about evalguard's commands."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TextIO

from evalguard.action.paths import posix
from evalguard.report.github import workflow_command
from evalguard.report.text import with_hint


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Annotation:
    """One `::error|warning|notice` line: what GitHub shows at a file's line. `file` is
    relative to the working directory ("" for the run as a whole); `rule` is a check
    rule id, "" for what is not a finding (a card a command could not process)."""

    level: Level
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    rule: str = ""
    hint: str | None = None

    @property
    def where(self) -> str:
        """`file:line:col`, as much as is known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def annotation_command(annotation: Annotation, path_prefix: str = "") -> str:
    """The workflow command of one annotation, as `evalguard check --format github`
    prints a finding; paths get `path_prefix` (the working directory in the workspace)."""
    return workflow_command(
        annotation.level.value,
        with_hint(annotation.message, annotation.hint),
        file=join(path_prefix, annotation.file) if annotation.file else None,
        line=annotation.line,
        column=annotation.column,
        title=annotation.rule or "evalguard",
    )


def _secret_lines(values: Iterable[str]) -> list[str]:
    """What the runner masks of each secret: its non-blank lines, stripped."""
    return [ln.strip() for value in values for ln in value.splitlines() if ln.strip()]


def mask_lines(values: Iterable[str]) -> list[str]:
    """`::add-mask::` commands for every non-blank line of each secret."""
    return [f"::add-mask::{line}" for line in _secret_lines(values)]


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every line of each secret replaced by `***`, as the runner masks the
    log: for what the step writes elsewhere (the job summary, the outputs), where an
    error's message is repeated."""
    for line in sorted(_secret_lines(secrets), key=len, reverse=True):
        text = text.replace(line, "***")
    return text


def log_untrusted(text: str, stream: TextIO | None = None) -> None:
    """Print text taken from the files being processed with workflow commands switched
    off, so that a card cannot issue them."""
    if not text.strip():
        return
    out = stream or sys.stdout
    token = secrets.token_hex(16)
    out.write(f"::stop-commands::{token}\n{text.rstrip()}\n::{token}::\n")


def format_outputs(values: Mapping[str, str]) -> str:
    """`$GITHUB_OUTPUT` lines; multi-line values with a random heredoc delimiter."""
    lines: list[str] = []
    for name, value in values.items():
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            lines.extend([f"{name}<<{delimiter}", value, delimiter])
        else:
            lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def append(path: str | None, text: str) -> None:
    """Append to one of the runner's files (`$GITHUB_OUTPUT`, ...), when it is set."""
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


def join(prefix: str, path: str) -> str:
    """A path relative to the working directory, relative to the workspace instead."""
    if not prefix or Path(path).is_absolute():
        return path
    return posix(str(Path(prefix) / path))
