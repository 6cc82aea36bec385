"""`python -m evalguard.ghaction`: the step behind the composite GitHub Action (action.yml).

It reads the action's inputs from `EG_*` environment variables (action.yml maps each
input there; inputs never reach a shell script as text), runs the evalguard command
in-process, and speaks GitHub's workflow protocol:

- annotations (`::error file=…,line=…,col=…::…`) for every finding or failed card;
- a job summary: a markdown table of the findings and of the cards' results, appended to
  `$GITHUB_STEP_SUMMARY`;
- outputs `changed-files`, `error-count`, `warning-count`, `sarif-file` in `$GITHUB_OUTPUT`.

Tokens are masked (`::add-mask::`, line by line) before anything else is printed and are
never printed themselves. Text that comes from the files being checked (messages, stderr)
is printed between `::stop-commands::` markers so that it cannot issue workflow commands.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from evalguard.api import read_card
from evalguard.card.fileio import read_file
from evalguard.cli import main as cli_main
from evalguard.errors import CardError
from evalguard.report import render
from evalguard.report.github import workflow_command
from evalguard.report.results import Row, card_rows, markdown_cell, markdown_row
from evalguard.report.text import with_hint
from evalguard.validate import findings as core

#: Model cards and the Hub's result files; the same patterns as `files:` in
#: .pre-commit-hooks.yaml and hooks/pre-commit (tests keep them equal).
CARD_PATTERN = r"(^|/)(README\.md|\.eval_results/[^/]+\.ya?ml)$"
README_PATTERN = r"(^|/)README\.md$"

COMMANDS = ("check", "sync", "export")
#: Inputs accepted now for commands that later versions add (input name -> env variable).
RESERVED = {"aa-api-key": "EG_AA_API_KEY", "repo-id": "EG_REPO_ID"}
#: Rows per summary table; the log and the annotations still have everything.
MAX_ROWS = 300
#: GitHub refuses step summaries over 1 MiB; stay well below.
MAX_SUMMARY_CHARS = 900_000
_FIXING = re.compile(r"^(?:Fixing|Writing) (?P<path>.+?)\s*$")  # sync: Fixing, export: Writing
#: What follows `PATH` in a one-line error: `:LINE:COL: message`, `:LINE: message`, `: message`.
_PLACE = re.compile(r"^(?::(?P<line>\d+)(?::(?P<col>\d+))?)?:?(?P<rest>.*)$", re.DOTALL)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}

Runner = Callable[[Sequence[str]], "Outcome"]


class ActionError(Exception):
    """A problem with the action's inputs: one line for the user."""


@dataclass(frozen=True)
class Settings:
    command: str
    paths: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    working_directory: str = "."
    fail_on_error: bool = True
    sarif_file: str = ""
    hf_token: str = ""
    create_pr: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        command = env.get("EG_COMMAND", "check").strip() or "check"
        if command not in COMMANDS:
            raise ActionError(
                f"unknown command {command!r}: this version of the action runs "
                + ", ".join(COMMANDS)
            )
        try:
            paths = tuple(shlex.split(env.get("EG_PATHS", ""), comments=False))
            args = tuple(shlex.split(env.get("EG_ARGS", ""), comments=False))
        except ValueError as exc:
            raise ActionError(f"cannot split the paths or args input: {exc}") from None
        sarif = env.get("EG_SARIF_FILE", "").strip()
        if sarif and command != "check":
            raise ActionError("the sarif-file input works with command: check only")
        return cls(
            command=command,
            paths=paths,
            args=args,
            working_directory=env.get("EG_WORKING_DIRECTORY", ".").strip() or ".",
            fail_on_error=_flag(env, "EG_FAIL_ON_ERROR", "fail-on-error", default=True),
            sarif_file=sarif,
            hf_token=env.get("EG_HF_TOKEN", ""),
            create_pr=_flag(env, "EG_CREATE_PR", "create-pr", default=False),
        )


def _flag(env: Mapping[str, str], name: str, label: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ActionError(f"input {label} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Outcome:
    """One in-process evalguard run."""

    code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Finding:
    """A check finding, or a problem of the run itself (a card a fixer could not process,
    a notice): those may lack a line, a column and a rule, which `core.Finding` requires."""

    file: str
    line: int | None
    column: int | None
    rule: str
    severity: str
    message: str
    hint: str = ""

    @classmethod
    def from_core(cls, f: core.Finding) -> Finding:
        return cls(f.file, f.line, f.column, f.rule, f.severity, f.message, f.hint or "")

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass
class Report:
    """What one action run found and did."""

    command: str
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    #: (card, result row) for the summary's results table
    results: list[tuple[str, Row]] = field(default_factory=list)
    sarif_file: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


# --- running evalguard ------------------------------------------------------------------


def run_cli(argv: Sequence[str]) -> Outcome:
    """`evalguard ARGV` in this process, with its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception:
            traceback.print_exc()
            code = 2
    return Outcome(code, out.getvalue(), err.getvalue())


# --- choosing the files -----------------------------------------------------------------


def pattern_for(command: str) -> re.Pattern[str]:
    return re.compile(CARD_PATTERN if command == "check" else README_PATTERN)


def resolve_paths(settings: Settings, root: Path, workspace: Path | None = None) -> list[str]:
    """The files to process, relative to `root` (the working directory), in the order of
    the paths input; what a pattern or a folder stands for, sorted. A name that exists
    is taken as it is, even with `[` or `*` in it. Raises ActionError for a pattern that
    matches nothing, and for a file outside `workspace` (default: `root`) or with a
    line break in its name (it could not be reported safely)."""
    pattern = pattern_for(settings.command)
    if not settings.paths:
        found = discover(root, pattern)
    else:
        found = []
        for token in settings.paths:
            if any(c in token for c in "*?[") and not (root / token).exists():
                found.extend(_glob(root, token, pattern))
            elif (root / token).is_dir():
                found.extend(str(Path(token) / p) for p in discover(root / token, pattern))
            else:
                found.append(token)  # a named file: evalguard reports it when it is missing
    files = list(dict.fromkeys(_posix(p) for p in found))
    for name in files:
        _require_safe(name, root, workspace or root)
    return files


def _glob(root: Path, token: str, pattern: re.Pattern[str]) -> list[str]:
    if Path(token).is_absolute():
        raise ActionError(f"paths: a pattern must be relative to working-directory: {token}")
    try:
        matches = sorted(p.relative_to(root).as_posix() for p in root.glob(token))
    except (ValueError, NotImplementedError) as exc:
        raise ActionError(f"paths: {token!r} is not a pattern evalguard can use: {exc}") from None
    found = [m for m in matches if (root / m).is_file() and _matches(pattern, m)]
    if not found:
        raise ActionError(f"paths: no model card matches the pattern {token!r}")
    return found


def _require_safe(name: str, root: Path, workspace: Path) -> None:
    if any(ch in name for ch in "\r\n\0") or not name.isprintable():
        raise ActionError(
            f"paths: {name!r} has a control character or line break in its name, which "
            "workflow commands and outputs cannot carry; rename it"
        )
    if not _inside(root / name, workspace):
        raise ActionError(
            f"paths: {name} is outside the workspace ({workspace}); the action reads only "
            "files of the repository it checks"
        )


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, lies in `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    except (OSError, RuntimeError):  # a symlink loop: evalguard reports the file itself
        return True
    return True


def discover(root: Path, pattern: re.Pattern[str]) -> list[str]:
    """Cards under `root`: the files git knows (tracked or not ignored), else a walk."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        )
        names = [n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        names = [n for n in names if (root / n).is_file()]  # deleted but still in the index
    except (OSError, subprocess.SubprocessError):
        names = _walk(root)
    return sorted({n for n in names if _matches(pattern, n)})


_SKIP_DIRS = {".git", "node_modules", "__pycache__", "venv", ".venv", ".tox"}


def _walk(root: Path) -> list[str]:
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        rel = Path(folder).relative_to(root)
        names.extend(_posix(str(rel / f)) for f in files)
    return names


def _matches(pattern: re.Pattern[str], path: str) -> bool:
    return pattern.search(_posix(path)) is not None


def _posix(path: str) -> str:
    text = path.replace(os.sep, "/")
    return text[2:] if text.startswith("./") else text


# --- the commands -----------------------------------------------------------------------


def run_check(settings: Settings, files: list[str], report: Report, run: Runner) -> int:
    """`check --format json`; findings into the report, and rendered as SARIF when asked
    (the same findings: check runs once). Returns check's exit code."""
    outcome = run(["check", *settings.args, "--format", "json", *files])
    findings = _parse_findings(outcome.stdout)
    if findings is None:
        log_untrusted(outcome.stdout)
    else:
        report.findings.extend(Finding.from_core(f) for f in findings)
    log_untrusted(outcome.stderr)
    if outcome.code >= 2 or findings is None:
        report.findings.extend(_failures(files, "check", outcome))
    if settings.sarif_file and findings is not None:
        target = Path(settings.sarif_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(findings, "sarif"), encoding="utf-8")
        report.sarif_file = settings.sarif_file
    return outcome.code


def _parse_findings(stdout: str) -> list[core.Finding] | None:
    """check's JSON report (report/json_format.py: one object per Finding, its fields as
    keys) back into Findings; None when stdout is not that (check crashed)."""
    try:
        items = json.loads(stdout) if stdout.strip() else []
        return [core.Finding(**item) for item in items]
    except (json.JSONDecodeError, TypeError):
        return None


def run_fixer(settings: Settings, files: list[str], report: Report, run: Runner) -> None:
    """sync / export --apply, one card at a time so each exit code is the card's own; a
    card it could not process is an error finding."""
    base = ["export", "--apply"] if settings.command == "export" else [settings.command]
    for path in files:
        outcome = run([*base, *settings.args, path])
        changed = [m["path"] for m in map(_FIXING.match, outcome.stdout.splitlines()) if m]
        log_untrusted(outcome.stdout + outcome.stderr)
        report.changed.extend(c for c in changed if c not in report.changed)
        for line in outcome.stderr.splitlines():
            if ": warning: " in line:
                message = line.split(": warning: ", 1)[1]
                report.findings.append(
                    Finding(path, None, None, "", "warning", f"{settings.command}: {message}")
                )
        if outcome.code >= 2 or (outcome.code == 1 and not changed):
            report.findings.extend(_failures([path], settings.command, outcome))


def _failures(paths: Sequence[str], command: str, outcome: Outcome) -> list[Finding]:
    """Error findings for a run that could not do its job, from its one-line stderr errors.

    A line `PATH: reason` for one of `paths` is attributed to that file; without such a
    line, the last line (or the exit code) is the reason.
    """
    lines = [ln for ln in outcome.stderr.splitlines() if ln.strip() and ": note: " not in ln]
    lines = [ln for ln in lines if ": warning: " not in ln]
    found: list[Finding] = []
    for line in lines:
        for path in paths:
            if line.startswith(f"{path}:"):
                place = _PLACE.match(line[len(path) :])
                assert place is not None  # every part of the pattern is optional
                row, col = (int(n) if n else None for n in place.group("line", "col"))
                message = f"{command}: {place['rest'].strip()}"
                found.append(Finding(path, row, col, "", "error", message))
                break
    if found:
        return found
    reason = lines[-1] if lines else f"evalguard {command} exited with {outcome.code}"
    path = paths[0] if len(paths) == 1 else ""
    return [Finding(path, None, None, "", "error", f"{command}: {reason}")]


def collect_results(files: Iterable[str], report: Report) -> None:
    """Each README's results, as `evalguard show` lists them, for the summary."""
    for path in files:
        if not re.search(README_PATTERN, path):
            continue
        try:
            _, fm = read_card(read_file(Path(path)))
        except (OSError, CardError):
            continue  # a missing or unparsable card: check or the fixer reported it
        rows, _ = card_rows(fm, Path(path).absolute().parent)
        report.results.extend((path, row) for row in rows)


# --- speaking the workflow protocol -----------------------------------------------------


def annotation(finding: Finding, path_prefix: str = "") -> str:
    """The workflow command of one finding, as `evalguard check --format github` prints
    it (findings without a rule, line or file come from the fixers and the inputs)."""
    return workflow_command(
        {"error": "error", "warning": "warning"}.get(finding.severity, "notice"),
        with_hint(finding.message, finding.hint),
        file=_join(path_prefix, finding.file) if finding.file else None,
        line=finding.line,
        column=finding.column,
        title=finding.rule or "evalguard",
    )


def mask_lines(values: Iterable[str]) -> list[str]:
    """`::add-mask::` commands for every non-blank line of each secret."""
    out: list[str] = []
    for value in values:
        out.extend(f"::add-mask::{ln.strip()}" for ln in value.splitlines() if ln.strip())
    return out


def log_untrusted(text: str, stream: TextIO | None = None) -> None:
    """Print text from the files being processed with workflow commands switched off."""
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


def _join(prefix: str, path: str) -> str:
    if not prefix or Path(path).is_absolute():
        return path
    return _posix(str(Path(prefix) / path))


def summary_markdown(report: Report, path_prefix: str = "") -> str:
    """The job summary: a verdict, then tables of findings and of results."""
    n_files = len(report.files)
    files_text = f"{n_files} file" + ("" if n_files == 1 else "s")
    lines = [f"## evalguard {report.command}", ""]
    if report.errors or report.warnings:
        icon = "❌" if report.errors else "⚠️"
        lines.append(
            f"{icon} **{_count(report.errors, 'error')}, "
            f"{_count(report.warnings, 'warning')}** in {files_text}."
        )
    else:
        lines.append(f"✅ No problems in {files_text}.")
    if report.command != "check":
        if report.changed:
            lines.append("")
            lines.append(f"Changed {_count(len(report.changed), 'file')}:")
            lines.append("")
            lines.extend(f"- {markdown_cell(_join(path_prefix, p))}" for p in report.changed)
        else:
            lines.append("Nothing to change.")
    if report.sarif_file:
        lines.extend(["", f"SARIF: {markdown_cell(_join(path_prefix, report.sarif_file))}"])
    if report.findings:
        lines.extend(["", "### Findings", "", "| | Where | Rule | Message |", "|---|---|---|---|"])
        for f in report.findings[:MAX_ROWS]:
            icon = {"error": "❌ error", "warning": "⚠️ warning"}.get(f.severity, "ℹ️ note")
            message = f.message + (f" — {f.hint}" if f.hint else "")
            where = _join(path_prefix, f.where) if f.file else "(all)"
            lines.append(markdown_row([icon, where, f.rule, message]))
        lines.extend(_more(len(report.findings), "findings"))
    if report.results:
        lines.extend(
            [
                "",
                "### Results",
                "",
                "| File | Model | Benchmark | Metric | Value | Source |",
                "|---|---|---|---|---:|---|",
            ]
        )
        for path, r in report.results[:MAX_ROWS]:
            lines.append(
                markdown_row(
                    [_join(path_prefix, path), r.model, r.benchmark, r.metric, r.value, r.source]
                )
            )
        lines.extend(_more(len(report.results), "results"))
    text = "\n".join(lines) + "\n\n"
    if len(text) > MAX_SUMMARY_CHARS:
        text = text[:MAX_SUMMARY_CHARS] + "\n\n(summary cut: see the log)\n\n"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _more(total: int, noun: str) -> list[str]:
    if total <= MAX_ROWS:
        return []
    return ["", f"… and {total - MAX_ROWS} more {noun} (see the log)."]


def _append(path: str | None, text: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


# --- the step ---------------------------------------------------------------------------


def main(env: Mapping[str, str] | None = None, run: Runner = run_cli) -> int:
    environ = os.environ if env is None else env
    # Mask before anything else is printed, even before the inputs are validated.
    for line in mask_lines(environ.get(v, "") for v in ("EG_HF_TOKEN", "EG_AA_API_KEY")):
        print(line)
    try:
        return _step(environ, run)
    except ActionError as exc:
        print(workflow_command("error", str(exc)))
        return 2


def _check_sarif_target(settings: Settings, root: Path, workspace: Path, files: list[str]) -> None:
    """The SARIF report may not overwrite a card, nor land outside the workspace."""
    if not settings.sarif_file:
        return
    target = root / settings.sarif_file
    cards = {(root / f).resolve() for f in files}
    if _matches(re.compile(CARD_PATTERN), settings.sarif_file) or target.resolve() in cards:
        raise ActionError(
            f"sarif-file: {settings.sarif_file} is a model card; choose another name, such "
            "as evalguard.sarif"
        )
    if not _inside(target, workspace):
        raise ActionError(f"sarif-file: {settings.sarif_file} is outside the workspace")


def _step(environ: Mapping[str, str], run: Runner) -> int:
    settings = Settings.from_env(environ)
    if settings.hf_token:
        os.environ["HF_TOKEN"] = settings.hf_token
    for name, var in RESERVED.items():
        if environ.get(var, "").strip():
            print(
                f"::notice title=evalguard::input {name} is reserved for a later version; ignored"
            )
    if settings.create_pr:
        print(
            "::notice title=evalguard::input create-pr is reserved for a later version; "
            "for GitHub pull requests see examples/workflows/sync.yml"
        )

    workspace = Path(environ.get("GITHUB_WORKSPACE") or Path.cwd())
    root = (workspace / settings.working_directory).resolve()
    if not root.is_dir():
        raise ActionError(f"working-directory {root} is not a folder")
    os.chdir(root)
    prefix = _posix(os.path.relpath(root, workspace.resolve()))
    prefix = "" if prefix == "." or prefix.startswith("..") else prefix

    report = Report(settings.command, files=resolve_paths(settings, root, workspace))
    _check_sarif_target(settings, root, workspace, report.files)
    print(f"evalguard {settings.command}: {_count(len(report.files), 'file')}")
    check_code = 0  # check fails on warnings too with --strict: its exit code decides
    if not report.files:
        print("::notice title=evalguard::no model cards found (README.md, .eval_results/*.yaml)")
    elif settings.command == "check":
        check_code = run_check(settings, report.files, report, run)
    else:
        run_fixer(settings, report.files, report, run)
    collect_results(report.files, report)

    for finding in report.findings:
        print(annotation(finding, prefix))
    for path in report.changed:
        finding = Finding(
            path, None, None, "", "notice", f"evalguard {settings.command} updated this file"
        )
        print(annotation(finding, prefix))
    _append(environ.get("GITHUB_STEP_SUMMARY"), summary_markdown(report, prefix))
    outputs = {
        "changed-files": "\n".join(_join(prefix, p) for p in report.changed),
        "error-count": str(report.errors),
        "warning-count": str(report.warnings),
        "sarif-file": report.sarif_file,
    }
    _append(environ.get("GITHUB_OUTPUT"), format_outputs(outputs))

    failed = report.errors > 0 or check_code != 0
    return 1 if failed and settings.fail_on_error else 0


if __name__ == "__main__":
    raise SystemExit(main())
