"""The step behind action.yml: inputs -> a command -> the workflow protocol."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from evalguard.action.commands import CARDLESS, COMMANDS, Job, Ran, internal_error
from evalguard.action.inputs import SECRETS, ActionError, Settings, input_notices
from evalguard.action.paths import check_sarif_target, posix, resolve_paths
from evalguard.action.report import build_report, outcome_lines, outputs
from evalguard.action.summary import count, summary_markdown
from evalguard.action.workflow import (
    annotation_command,
    append,
    format_outputs,
    log_untrusted,
    mask_lines,
    redact,
)
from evalguard.report import render
from evalguard.report.github import workflow_command


def main(env: Mapping[str, str] | None = None) -> int:
    """Run the step; returns its exit code: 0 done, 1 errors (with fail-on-error), 2 bad
    inputs."""
    environ = os.environ if env is None else env
    secrets = [environ.get(var, "") for var in SECRETS.values()]
    # Mask before anything else is printed, even before the inputs are validated.
    for line in mask_lines(secrets):
        print(line)
    try:
        return _step(environ, secrets)
    except ActionError as exc:
        print(redact(workflow_command("error", str(exc)), secrets))
        return 2


def _step(environ: Mapping[str, str], secrets: list[str]) -> int:
    settings = Settings.from_env(environ)
    # The core reads the tokens where every evalguard run finds them.
    if settings.hf_token:
        os.environ["HF_TOKEN"] = settings.hf_token
    if settings.aa_api_key:
        os.environ["AA_API_KEY"] = settings.aa_api_key
    for notice in input_notices(settings):
        print(workflow_command("notice", notice))

    workspace = Path(environ.get("GITHUB_WORKSPACE") or Path.cwd())
    root = (workspace / settings.working_directory).resolve()
    if not root.is_dir():
        raise ActionError(f"working-directory {root} is not a folder")
    os.chdir(root)
    prefix = posix(os.path.relpath(root, workspace.resolve()))
    prefix = "" if prefix == "." or prefix.startswith("..") else prefix

    if settings.on_hub:  # the repos come from the Hub, not the workspace
        print(f"evalguard {settings.command}: Hub repos")
        ran = _run(settings, [])
        report = build_report(settings.command, ran.repos, ran, unit="repo")
    else:
        files = resolve_paths(settings, root, workspace)
        check_sarif_target(settings, root, workspace, files)
        print(f"evalguard {settings.command}: {count(len(files), 'file')}")
        ran = Ran()
        if not files and settings.command not in CARDLESS:
            notice = "no model cards found (README.md, .eval_results/*.yaml)"
            print(workflow_command("notice", notice))
        else:
            ran = _run(settings, files)
        report = build_report(settings.command, files, ran)
    log_untrusted("\n".join(outcome_lines(ran.outcomes)))
    if settings.sarif_file and report.files:
        target = Path(settings.sarif_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(ran.findings, "sarif"), encoding="utf-8")
        report.sarif_file = settings.sarif_file

    # An error's message may repeat what a server was sent: no secret in what the step
    # writes, though the runner masks only the log.
    for annotation in report.annotations():
        print(redact(annotation_command(annotation, prefix), secrets))
    append(environ.get("GITHUB_STEP_SUMMARY"), redact(summary_markdown(report, prefix), secrets))
    values = {name: redact(value, secrets) for name, value in outputs(report, prefix).items()}
    append(environ.get("GITHUB_OUTPUT"), format_outputs(values))
    return 1 if report.failed and settings.fail_on_error else 0


def _run(settings: Settings, files: list[str]) -> Ran:
    """The command; a bug in it is one error, not a traceback without outputs."""
    job = Job(settings, tuple(files), log_untrusted)
    try:
        return COMMANDS[settings.command](job)
    except ActionError:
        raise
    except Exception as exc:
        return Ran(outcomes=[internal_error("", exc, log_untrusted)])
