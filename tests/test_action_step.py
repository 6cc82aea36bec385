"""evalguard.action, the Action's step, part by part: the protocol, the `args` input, the
commands' values and how they become annotations, the summary and outputs.

What a workflow sees on real cards, end to end: tests/test_action_scenarios.py; action.yml
run as the runner would: tests/test_action.py.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gha_protocol import parse_commands, parse_outputs
from samples import DRIFTED, INVALID, synced, write_cards

from evalguard.action.commands import COMMANDS, Ran
from evalguard.action.inputs import ActionError, Settings, command_options
from evalguard.action.report import Report, build_report, outcome_annotations
from evalguard.action.step import main
from evalguard.action.summary import MAX_ROWS, summary_markdown
from evalguard.action.workflow import (
    Annotation,
    Level,
    annotation_command,
    format_outputs,
    log_untrusted,
    mask_lines,
)
from evalguard.cli import build_parser
from evalguard.errors import CardError
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.repo.plan import RepoPlan, plan_sync
from evalguard.repo.snapshot import LocalRepo, RepoSnapshot
from evalguard.report.results import markdown_cell
from evalguard.results.merge import PlacedConflict
from evalguard.results.reconcile import Conflict, Origin
from evalguard.validate.files import check_paths

ROOT = Path(__file__).resolve().parent.parent

# --- the protocol ------------------------------------------------------------------------

E, W, N = Level.ERROR, Level.WARNING, Level.NOTICE


@pytest.mark.parametrize(
    ("annotation", "prefix", "expected"),
    [
        (
            Annotation(E, "value must be a number", "README.md", 14, 9, "EG203"),
            "",
            "::error file=README.md,line=14,col=9,title=EG203::value must be a number",
        ),
        (
            Annotation(W, "drift", "README.md", 3, None, "EG101", hint="run evalguard sync"),
            "models/a",
            "::warning file=models/a/README.md,line=3,title=EG101::"
            "drift (hint: run evalguard sync)",
        ),
        (
            Annotation(E, "100% bad\nsecond line\r", "a,b:c.md", None, 2),
            "",
            "::error file=a%2Cb%3Ac.md,title=evalguard::100%25 bad%0Asecond line%0D",
        ),
        (Annotation(N, "hello"), "", "::notice title=evalguard::hello"),
    ],
)
def test_annotation_command(annotation: Annotation, prefix: str, expected: str) -> None:
    assert annotation_command(annotation, prefix) == expected


def test_mask_lines_masks_every_line_of_every_secret() -> None:
    assert mask_lines(["hf_abc", "line1\nline2\n", ""]) == [
        "::add-mask::hf_abc",
        "::add-mask::line1",
        "::add-mask::line2",
    ]


def test_untrusted_text_cannot_issue_commands(capsys: pytest.CaptureFixture[str]) -> None:
    log_untrusted("README.md: note\n::add-mask::x\n::set-env name=A::b\n")
    lines = capsys.readouterr().out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) == 32
    assert lines[1:-1] == ["README.md: note", "::add-mask::x", "::set-env name=A::b"]
    assert lines[-1] == f"::{token}::"
    assert parse_commands("\n".join(lines)) == []


@pytest.mark.parametrize(
    "values",
    [
        {"error-count": "0", "sarif-file": ""},
        {"changed-files": "a/README.md\nb/README.md"},
    ],
)
def test_outputs_round_trip(values: dict[str, str]) -> None:
    assert parse_outputs(format_outputs(values)) == values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("a | b", "a \\| b"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("two\nlines", "two lines"),
        ("`code`", "\\`code\\`"),
        (None, " "),
        (61.2, "61.2"),
    ],
)
def test_markdown_cell(value: object, expected: str) -> None:
    assert markdown_cell(value) == expected


def test_summary_is_capped() -> None:
    many = [Annotation(E, "x" * 50, "README.md", i, 1, "EG203") for i in range(1, 1000)]
    text = summary_markdown(Report("check", files=["README.md"], problems=many))
    assert text.count("| ❌ error |") == MAX_ROWS
    assert "… and 699 more findings" in text


# --- the args input, read with the CLI's grammar -----------------------------------------


@pytest.mark.parametrize(
    ("command", "args", "expected"),
    [
        ("check", (), {"strict": False, "hub_validate": False}),
        ("check", ("--strict", "--format", "text"), {"strict": True}),
        ("sync", ("--overwrite", "--model", "org/my model"), {"overwrite": True,
                                                               "model": "org/my model"}),
        ("sync", ("--table", "2", "--check", "--dry-run"), {"table": [2], "check": True,
                                                             "diff": True}),
        ("export", ("--apply",), {"apply": True}),
    ],
)  # fmt: skip
def test_args_take_the_cli_options(
    command: str, args: tuple[str, ...], expected: dict[str, object]
) -> None:
    cards = "paths" if command == "check" else "readmes"
    options = vars(command_options(Settings(command, args=args), ["a/README.md"], cards))
    assert {k: options[k] for k in expected} == expected
    assert [str(p) for p in options[cards]] == ["a/README.md"]


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("check", ("--bogus",), "args: unrecognized arguments: --bogus"),
        ("check", ("--overwrite",), "args: unrecognized arguments: --overwrite"),
        ("sync", ("--table", "0"), "args: argument --table: table numbers start at 1"),
        ("sync", ("other/README.md",), "args: other/README.md is not an option; name files"),
        ("sync", ("--model", "x", "other/README.md"), "unrecognized arguments: other/README.md"),
        ("sync", ("--help",), "args: --help and --version only print text"),
    ],
)
def test_bad_args_are_an_input_error(command: str, args: tuple[str, ...], message: str) -> None:
    cards = "paths" if command == "check" else "readmes"
    with pytest.raises(ActionError, match=message):
        command_options(Settings(command, args=args), ["-odd/README.md"], cards)


#: Every option of the CLI's commands, and what the action does with it. A new CLI option
#: fails this test until its command in evalguard/action/commands.py honours or refuses it.
HUB_READ = {
    "repo_ids": "the Hub repos, with the repo-id input (action/hub.py)",
    "author": "every model repo of the organization (action/hub.py)",
    "revision": "the revision the repos are read at",
}
HUB_WRITE = {
    **HUB_READ,
    "create_pr": "a pull request per repo (the default, as the create-pr input)",
    "push": "a commit instead (as create-pr: false)",
    "workers": "repos worked on at once",
}
CLI_OPTIONS = {
    "check": {
        "paths": "the cards of the paths input",
        "strict": "warnings fail the step",
        "hub_validate": "asks the Hub's validator too",
        "format": "ignored: the action's formats are annotations, summary and SARIF",
        **HUB_READ,
    },
    "sync": {
        "readmes": "the cards of the paths input",
        "check": "writes nothing; a change that is due is an error",
        "diff": "writes nothing; the diff goes to the log",
        "overwrite": "plan_sync(overwrite=)",
        **dict.fromkeys(
            ("model", "table", "skip_table", "column", "task_type", "dataset_name",
             "metric_mapping"),
            "the ExtractRequest (cli.common.request_from_args)",
        ),
        **HUB_WRITE,
    },
    "export": {
        "readmes": "the cards of the paths input",
        "apply": "implied: always applied",
        **HUB_WRITE,
    },
    "import-aa": {
        "readmes": "the cards of the paths input",
        "diff": "writes nothing; the diff goes to the log",
        "apply": "implied: always applied unless --diff",
        **dict.fromkeys(
            ("creator_slug", "model_name", "model", "overwrite", "eval_results"),
            "the AARequest (cli.common.aa_request_from_args)",
        ),
        **HUB_WRITE,
    },
    "eval-run": {
        "model": "the model input", "task": "the tasks input", "flavor": "the flavor input",
        "limit": "the limit input", "provider": "JobRequest", "timeout": "JobRequest",
        "repo_id": "JobRequest", "volume": "JobRequest", "namespace": "JobsClient",
        "schedule": "a scheduled job instead", "wait": "refused: collect with eval-collect",
        "dry_run": "the job is logged, not submitted (a DUE outcome)",
    },
    "eval-collect": {
        "job_ids": "JobsClient.jobs(job_ids); a card among them is refused: the cards of "
                   "the paths input",
        "since": "JobsClient.jobs(since)", "model": "JobsCollector(model)",
        "namespace": "JobsClient",
        "diff": "writes nothing; the diff goes to the log",
        "overwrite": "JobsCollector(overwrite)", "allow_limited": "JobsCollector(allow_limited)",
        **HUB_WRITE,
    },
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_cli_option_has_a_meaning_in_the_action(command: str) -> None:
    parser = build_parser()
    # eval-run: `evalguard eval run`; import-aa: `evalguard import-aa`
    words = command.split("-") if command.startswith("eval-") else [command]
    for name in words:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert isinstance(sub.choices, dict)
        parser = sub.choices[name]
    options = {a.dest for a in parser._actions if a.dest != "help"}
    assert options == set(CLI_OPTIONS[command])


# --- the commands' values as annotations --------------------------------------------------


def _plan(conflicts: int = 0) -> RepoPlan:
    snapshot = RepoSnapshot(LocalRepo(Path("m")), b"")
    origin = Origin(61.2, 1, "README table (line 9)")
    conflict = Conflict("MMLU", 61.2, origin, 59.0, "Leaderboard", (0, 0), replaced=False)
    return RepoPlan(snapshot, conflicts=[PlacedConflict(conflict, 4)] * conflicts)


@pytest.mark.parametrize(
    ("outcome", "due_fails", "expected"),
    [
        (RepoOutcome("m/README.md", Status.UNCHANGED, _plan()), False, []),
        (
            RepoOutcome("m/README.md", Status.CHANGED, _plan(conflicts=1)),
            False,
            [(W, "sync: MMLU: README table (line 9) says 61.2 but model-index (line 4) has "
                 "59.0 from Leaderboard; kept both", None)],
        ),
        (
            failure("m/README.md", CardError("never closed", line=1, column=1)),
            False,
            [(E, "sync: never closed", 1)],
        ),
        (RepoOutcome("m/README.md", Status.DUE, _plan(), "out of date"), False, []),
        (
            RepoOutcome("m/README.md", Status.DUE, _plan(), "out of date"),
            True,
            [(E, "sync: out of date", None)],
        ),
    ],
)  # fmt: skip
def test_outcome_annotations(
    outcome: RepoOutcome, due_fails: bool, expected: list[tuple[Level, str, int | None]]
) -> None:
    found = outcome_annotations(outcome, "sync", due_fails=due_fails)
    assert [(a.level, a.message, a.line) for a in found] == expected
    assert all(a.file == "m/README.md" for a in found)


def test_a_link_goes_into_the_summary() -> None:
    outcome = RepoOutcome("acme/tiny", Status.CHANGED, url="https://hf.co/acme/tiny/discussions/3")
    report = build_report("sync", [], Ran(outcomes=[outcome]))
    assert report.links == [("acme/tiny", "https://hf.co/acme/tiny/discussions/3")]
    assert "- acme/tiny: https://hf.co/acme/tiny/discussions/3" in summary_markdown(report)


# --- the step on real cards ----------------------------------------------------------------


@pytest.fixture
def gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    ws = tmp_path / "ws"
    write_cards(ws, {"README.md": INVALID, "models/a/README.md": DRIFTED})
    monkeypatch.chdir(tmp_path)  # main() changes into the working directory
    monkeypatch.delenv("HF_TOKEN", raising=False)
    return {
        "GITHUB_WORKSPACE": str(ws),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "GITHUB_ACTIONS": "true",
    }


def _outputs(env: dict[str, str]) -> dict[str, str]:
    return parse_outputs(Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))


def test_check_runs_once_for_annotations_and_sarif(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = check_paths

    def counted(*args: object, **kwargs: bool) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("evalguard.action.commands.check_paths", counted)
    env = {**gh, "EG_PATHS": "README.md models/a", "EG_SARIF_FILE": "out/e.sarif"}
    assert main(env) == 1
    assert len(calls) == 1
    annotations = [c for c in parse_commands(capsys.readouterr().out) if c[0] != "notice"]
    sarif = json.loads((Path(gh["GITHUB_WORKSPACE"]) / "out/e.sarif").read_text("utf-8"))
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == sorted(a[1]["title"] for a in annotations)
    assert _outputs(gh)["sarif-file"] == "out/e.sarif"


@pytest.mark.parametrize(("fail_on_error", "expected"), [("true", 1), ("false", 0)])
def test_fail_on_error(gh: dict[str, str], fail_on_error: str, expected: int) -> None:
    assert main({**gh, "EG_PATHS": "README.md", "EG_FAIL_ON_ERROR": fail_on_error}) == expected
    assert _outputs(gh)["error-count"] == "1"


def test_a_card_that_breaks_evalguard_does_not_stop_the_others(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = plan_sync

    def flaky(snapshot: RepoSnapshot, *args: object, **kwargs: bool) -> RepoPlan:
        if snapshot.readme == INVALID.encode("utf-8"):
            raise KeyError("a bug")
        return real(snapshot, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("evalguard.action.commands.plan_sync", flaky)
    assert main({**gh, "EG_COMMAND": "sync"}) == 1
    out = capsys.readouterr().out
    assert ("error", {"file": "README.md", "title": "evalguard"},
            "sync: internal error: KeyError: 'a bug'") in parse_commands(out)  # fmt: skip
    assert "Traceback (most recent call last)" in out  # in the log, commands switched off
    assert _outputs(gh)["changed-files"] == "models/a/README.md"


def test_a_command_that_breaks_is_one_error_with_outputs(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("evalguard.action.commands.check_paths", broken)
    assert main({**gh, "EG_FAIL_ON_ERROR": "false"}) == 0
    found = parse_commands(capsys.readouterr().out)
    assert found == [
        ("error", {"title": "evalguard"}, "check: internal error: RuntimeError: a bug")
    ]
    assert _outputs(gh)["error-count"] == "1"


def test_sync_diff_goes_to_the_log_inertly(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main({**gh, "EG_COMMAND": "sync", "EG_PATHS": "models", "EG_ARGS": "--diff"}) == 0
    out = capsys.readouterr().out
    assert "+++ b/models/a/README.md" in out
    assert parse_commands(out) == []
    assert Path(gh["GITHUB_WORKSPACE"], "models/a/README.md").read_text("utf-8") == DRIFTED


def test_secrets_are_masked_first_and_never_printed(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    token, key = "hf_SeCrEt123", "aa-KEY-456\nsecond-line"
    env = {**gh, "EG_COMMAND": "sync", "EG_HF_TOKEN": token, "EG_AA_API_KEY": key}
    main(env)
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[:3] == [
        f"::add-mask::{token}",
        "::add-mask::aa-KEY-456",
        "::add-mask::second-line",
    ]
    rest = "\n".join(lines[3:]) + out.err
    rest += Path(gh["GITHUB_OUTPUT"]).read_text() + Path(gh["GITHUB_STEP_SUMMARY"]).read_text()
    for secret in (token, "aa-KEY-456", "second-line"):
        assert secret not in rest
    assert "::notice title=evalguard::input aa-api-key is for command import-aa" in rest


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"EG_COMMAND": "push-to-hub"}, "unknown command 'push-to-hub'"),
        ({"EG_WORKING_DIRECTORY": "nowhere"}, "working-directory "),
        ({"EG_PATHS": "/abs/**/README.md"}, "paths: a pattern must be relative"),
        ({"EG_ARGS": "--bogus"}, "args: unrecognized arguments: --bogus"),
        ({"EG_ARGS": "--metric-mapping '{bad'"}, "args: --metric-mapping: invalid JSON: "),
    ],
)
def test_bad_input_is_one_error_annotation_and_nothing_done(
    gh: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    inputs: dict[str, str],
    message: str,
) -> None:
    card = Path(gh["GITHUB_WORKSPACE"], "models/a/README.md")
    assert main({**gh, "EG_COMMAND": "sync", **inputs}) == 2
    assert card.read_text(encoding="utf-8") == DRIFTED
    found = parse_commands(capsys.readouterr().out)
    assert len(found) == 1
    assert found[0][0] == "error"
    assert found[0][2].startswith(message)
    assert not Path(gh["GITHUB_OUTPUT"]).exists()


def test_sync_check_mode_writes_nothing_and_fails(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    card = Path(gh["GITHUB_WORKSPACE"], "models/a/README.md")
    assert main({**gh, "EG_COMMAND": "sync", "EG_PATHS": "models", "EG_ARGS": "--check"}) == 1
    assert card.read_text(encoding="utf-8") == DRIFTED
    assert _outputs(gh)["changed-files"] == ""
    main({**gh, "EG_COMMAND": "sync", "EG_PATHS": "models"})
    capsys.readouterr()
    assert card.read_text(encoding="utf-8") == synced(DRIFTED)
    assert main({**gh, "EG_COMMAND": "sync", "EG_PATHS": "models", "EG_ARGS": "--check"}) == 0


# --- the action never runs the CLI or reads its text ---------------------------------------

ACTION_SOURCES = [*sorted((ROOT / "evalguard/action").glob("*.py")), ROOT / "evalguard/ghaction.py"]
#: what the action takes from the CLI: its grammar and the options -> request mapping
ALLOWED_FROM_CLI = {
    ("evalguard.cli", "build_parser"),
    ("evalguard.cli.common", "request_from_args"),
    ("evalguard.cli.common", "aa_problem"),
    ("evalguard.cli.common", "aa_request_from_args"),
    ("evalguard.cli.common", "job_request_from_args"),
}


@pytest.mark.parametrize("path", ACTION_SOURCES, ids=lambda p: p.name)
def test_the_action_imports_no_cli_command(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("evalguard.cli") for a in node.names)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evalguard.cli"):
            for alias in node.names:
                assert (node.module, alias.name) in ALLOWED_FROM_CLI


@pytest.mark.parametrize("module", ["evalguard.action", "evalguard.ghaction"])
def test_python_m_runs_the_step(tmp_path: Path, module: str) -> None:
    """action.yml's entry point, and the step's first name (scripts may still call it)."""
    write_cards(tmp_path, {"README.md": synced(DRIFTED)})
    done = subprocess.run(
        [sys.executable, "-m", module],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "GITHUB_WORKSPACE": "."},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "evalguard check: 1 file"


#: commands that talk to a remote service even on local cards (import-aa asks AA, the
#: eval commands HF Jobs)
NETWORK_COMMANDS = {"import-aa", "eval-run", "eval-collect"}


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - NETWORK_COMMANDS))
def test_local_commands_load_no_network_stack(command: str, tmp_path: Path) -> None:
    """The Hub and AA clients are imported only by the commands that talk to them."""
    write_cards(tmp_path, {"README.md": DRIFTED})
    probe = (
        "import json, sys\n"
        "from evalguard.action.step import main\n"
        f"code = main({{'EG_COMMAND': {command!r}, 'GITHUB_WORKSPACE': '.'}})\n"
        "heavy = ('huggingface_hub', 'requests', 'httpx', 'dotenv', 'inspect_ai')\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "print(json.dumps({'code': code, 'loaded': loaded}), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["loaded"] == [], done.stdout
    assert report["code"] in (0, 1)


def test_a_secret_in_an_error_message_reaches_no_summary_output_or_annotation(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner masks the log (the traceback is there); an internal error that repeats
    what a server was sent must not carry the token into the job summary, the outputs or
    the annotations."""
    token = "hf_SeCrEt123"

    def leaky(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"request failed: Authorization: Bearer {token}")

    monkeypatch.setattr("evalguard.action.commands.check_paths", leaky)
    assert main({**gh, "EG_HF_TOKEN": token, "EG_FAIL_ON_ERROR": "false"}) == 0
    out = capsys.readouterr().out
    summary = Path(gh["GITHUB_STEP_SUMMARY"]).read_text("utf-8")
    written = summary + Path(gh["GITHUB_OUTPUT"]).read_text("utf-8")
    assert "Bearer ***" in summary
    assert token not in written
    annotations = [line for line in out.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error title=evalguard::check: internal error: RuntimeError: request failed: "
        "Authorization: Bearer ***"
    ]
