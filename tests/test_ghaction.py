"""evalguard.ghaction, the Action's step: inputs, files, workflow commands, summary, outputs.

These call `main()` with a scripted evalguard (a fake `run`), so every exit code and
output shape of the commands is covered without depending on the cards' details;
tests/test_action.py runs the real action steps with the real evalguard.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from evalguard import ghaction
from evalguard.ghaction import ActionError, Finding, Outcome, Report, Settings
from evalguard.report.results import markdown_cell

# --- inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, Settings("check")),
        ({"EG_COMMAND": " sync "}, Settings("sync")),
        ({"EG_COMMAND": ""}, Settings("check")),
        (
            {"EG_PATHS": "a/README.md\n'my model/README.md'  b/**/README.md"},
            Settings("check", paths=("a/README.md", "my model/README.md", "b/**/README.md")),
        ),
        (
            {"EG_ARGS": "--model 'org/my model'"},
            Settings("check", args=("--model", "org/my model")),
        ),
        ({"EG_FAIL_ON_ERROR": "False"}, Settings("check", fail_on_error=False)),
        ({"EG_FAIL_ON_ERROR": ""}, Settings("check", fail_on_error=False)),
        ({"EG_SARIF_FILE": "out/e.sarif"}, Settings("check", sarif_file="out/e.sarif")),
        ({"EG_WORKING_DIRECTORY": "models"}, Settings("check", working_directory="models")),
        (
            {"EG_CREATE_PR": "true", "EG_REPO_ID": "o/n"},
            Settings("check", create_pr=True),
        ),
        ({"EG_HF_TOKEN": "hf_x"}, Settings("check", hf_token="hf_x")),
    ],
)
def test_settings_from_env(env: dict[str, str], expected: Settings) -> None:
    assert Settings.from_env(env) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EG_COMMAND": "import-aa"}, "unknown command 'import-aa'"),
        ({"EG_COMMAND": "check; rm -rf /"}, "unknown command"),
        ({"EG_PATHS": "'unclosed"}, "cannot split"),
        ({"EG_FAIL_ON_ERROR": "maybe"}, "fail-on-error must be true or false"),
        ({"EG_COMMAND": "sync", "EG_SARIF_FILE": "x.sarif"}, "command: check only"),
    ],
)
def test_settings_refuse(env: dict[str, str], message: str) -> None:
    with pytest.raises(ActionError, match=message):
        Settings.from_env(env)


# --- workflow commands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "prefix", "expected"),
    [
        (
            Finding("README.md", 14, 9, "EG203", "error", "value must be a number"),
            "",
            "::error file=README.md,line=14,col=9,title=EG203::value must be a number",
        ),
        (
            Finding("README.md", 3, None, "EG101", "warning", "drift", hint="run evalguard sync"),
            "models/a",
            "::warning file=models/a/README.md,line=3,title=EG101::"
            "drift (hint: run evalguard sync)",
        ),
        (
            Finding("a,b:c.md", None, 2, "", "error", "100% bad\nsecond line\r"),
            "",
            "::error file=a%2Cb%3Ac.md,title=evalguard::100%25 bad%0Asecond line%0D",
        ),
        (Finding("", None, None, "", "note", "hello"), "", "::notice title=evalguard::hello"),
    ],
)
def test_annotation(finding: Finding, prefix: str, expected: str) -> None:
    assert ghaction.annotation(finding, prefix) == expected


def test_mask_lines_masks_every_line_of_every_secret() -> None:
    assert ghaction.mask_lines(["hf_abc", "line1\nline2\n", ""]) == [
        "::add-mask::hf_abc",
        "::add-mask::line1",
        "::add-mask::line2",
    ]


def test_untrusted_text_cannot_issue_commands(capsys: pytest.CaptureFixture[str]) -> None:
    ghaction.log_untrusted("README.md: note\n::add-mask::x\n::set-env name=A::b\n")
    lines = capsys.readouterr().out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) == 32
    assert lines[1:-1] == ["README.md: note", "::add-mask::x", "::set-env name=A::b"]
    assert lines[-1] == f"::{token}::"
    assert parse_commands("\n".join(lines)) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"error-count": "0", "sarif-file": ""}, {"error-count": "0", "sarif-file": ""}),
        (
            {"changed-files": "a/README.md\nb/README.md"},
            {"changed-files": "a/README.md\nb/README.md"},
        ),
    ],
)
def test_outputs_round_trip(values: dict[str, str], expected: dict[str, str]) -> None:
    assert parse_outputs(ghaction.format_outputs(values)) == expected


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


@pytest.mark.parametrize(
    ("paths", "stderr", "expected"),
    [
        (
            ["README.md"],
            "README.md:12: table 2 (line 12): several columns could be the model: 'A', 'B'\n",
            [
                Finding(
                    "README.md",
                    12,
                    None,
                    "",
                    "error",
                    "sync: table 2 (line 12): several columns could be the model: 'A', 'B'",
                )
            ],
        ),
        (
            ["a/README.md", "b/README.md"],
            "a/README.md: note: x\nb/README.md:3:7: EG105 invalid YAML\nmissing.md: cannot read\n",
            [Finding("b/README.md", 3, 7, "", "error", "sync: EG105 invalid YAML")],
        ),
        (
            ["a/README.md", "b/README.md"],
            "usage: evalguard sync ...\nerror: unrecognized arguments: --bogus\n",
            [Finding("", None, None, "", "error", "sync: error: unrecognized arguments: --bogus")],
        ),
        (
            ["README.md"],
            "",
            [Finding("README.md", None, None, "", "error", "sync: evalguard sync exited with 2")],
        ),
    ],
)
def test_failures_are_attributed(paths: list[str], stderr: str, expected: list[Finding]) -> None:
    assert ghaction._failures(paths, "sync", Outcome(2, "", stderr)) == expected


# --- choosing files ----------------------------------------------------------------------

TREE = [
    "README.md",
    "models/a/README.md",
    "models/a/.eval_results/mmlu.yaml",
    "models/b/README.md",
    "models/b/notes.md",
    "docs/readme.md",
    "node_modules/x/README.md",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in TREE:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    return tmp_path


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize("use_git", [True, False])
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "check",
            [
                "README.md",
                "models/a/.eval_results/mmlu.yaml",
                "models/a/README.md",
                "models/b/README.md",
            ],
        ),
        ("sync", ["README.md", "models/a/README.md", "models/b/README.md"]),
    ],
)
def test_discover(tree: Path, use_git: bool, command: str, expected: list[str]) -> None:
    if use_git:
        _git(tree, "init", "-q")
        (tree / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    assert ghaction.resolve_paths(Settings(command), tree) == expected


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (("models/b/README.md",), ["models/b/README.md"]),
        (("models/**/README.md",), ["models/a/README.md", "models/b/README.md"]),
        (("models/a",), ["models/a/.eval_results/mmlu.yaml", "models/a/README.md"]),
        (
            ("**/.eval_results/*.yaml", "models/a/.eval_results/mmlu.yaml"),
            ["models/a/.eval_results/mmlu.yaml"],
        ),
        (("missing/README.md",), ["missing/README.md"]),  # evalguard itself reports it
        (("./README.md",), ["README.md"]),
    ],
)
def test_explicit_paths(tree: Path, paths: tuple[str, ...], expected: list[str]) -> None:
    assert ghaction.resolve_paths(Settings("check", paths=paths), tree) == expected


# --- the step, with a scripted evalguard ---------------------------------------------------

Script = Callable[[list[str]], Outcome]


class FakeEvalguard:
    """Answers each evalguard command line from a script; records the calls."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> Outcome:
        self.calls.append(list(argv))
        return self.script(list(argv))


FINDINGS = [
    {
        "file": "README.md", "line": 14, "column": 9, "rule": "EG203", "severity": "error",
        "message": "value must be a number, got null", "hint": "write the score",
        "yaml_path": "model-index[0].results[0].metrics[0].value",
    },
    {
        "file": "README.md", "line": 30, "column": 1, "rule": "EG402", "severity": "warning",
        "message": "score has no metadata | <b>", "hint": None, "yaml_path": None,
    },
]  # fmt: skip
#: a card with one result, for the summary's results table
CARD = """\
---
model-index:
- name: acme/tiny
  results:
  - task: {type: text-generation}
    dataset: {name: MMLU, type: cais/mmlu}
    metrics: [{type: accuracy, value: 61.2}]
    source: {name: README table}
---
"""


def scripted(argv: list[str]) -> Outcome:
    command = argv[0]
    if command == "check":
        return Outcome(1, json.dumps(FINDINGS), "")
    if command == "sync" and argv[-1] == "models/a/README.md":
        return Outcome(
            1, "Fixing models/a/README.md\n", "models/a/README.md: warning: MMLU: kept both\n"
        )
    if command == "sync" and argv[-1] == "models/c/README.md":
        return Outcome(1, "", "models/c/README.md: no table names the model 'x'; pass --model\n")
    return Outcome(0, "", "")


@pytest.fixture
def gh(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "ws").mkdir()
    for name in ("README.md", "models/a/README.md", "models/b/README.md", "models/c/README.md"):
        (tmp_path / "ws" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "ws" / name).write_text(CARD, encoding="utf-8")
    return {
        "GITHUB_WORKSPACE": str(tmp_path / "ws"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "GITHUB_ACTIONS": "true",
    }


def run_main(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], script: Script = scripted
) -> tuple[int, list[tuple[str, dict[str, str], str]], dict[str, str], str, FakeEvalguard]:
    fake = FakeEvalguard(script)
    code = ghaction.main(env, run=fake)
    out = capsys.readouterr().out
    outputs = parse_outputs(Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    return code, parse_commands(out), outputs, summary, fake


@pytest.fixture(autouse=True)
def _keep_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path.cwd())  # main() changes into the working directory
    monkeypatch.delenv("HF_TOKEN", raising=False)


def test_check_reports_findings(gh: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    env = {**gh, "EG_COMMAND": "check", "EG_PATHS": "README.md", "EG_SARIF_FILE": "out/e.sarif"}
    code, commands, outputs, summary, fake = run_main(env, capsys)
    assert code == 1
    assert fake.calls == [["check", "--format", "json", "README.md"]]  # SARIF from the same run
    assert ("error", {"file": "README.md", "line": "14", "col": "9", "title": "EG203"},
            "value must be a number, got null (hint: write the score)") in commands  # fmt: skip
    assert ("warning", {"file": "README.md", "line": "30", "col": "1", "title": "EG402"},
            "score has no metadata | <b>") in commands  # fmt: skip
    assert outputs == {
        "changed-files": "",
        "error-count": "1",
        "warning-count": "1",
        "sarif-file": "out/e.sarif",
    }
    sarif = json.loads((Path(gh["GITHUB_WORKSPACE"]) / "out/e.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["EG203", "EG402"]
    assert "❌ **1 error, 1 warning** in 1 file." in summary
    assert (
        "| ❌ error | README.md:14:9 | EG203 | value must be a number, got null — write the score |"
        in summary
    )
    assert "score has no metadata \\| &lt;b&gt;" in summary
    assert "| README.md | acme/tiny | MMLU | accuracy | 61.2 | README table |" in summary


@pytest.mark.parametrize(("fail_on_error", "expected"), [("true", 1), ("false", 0)])
def test_fail_on_error(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], fail_on_error: str, expected: int
) -> None:
    env = {**gh, "EG_PATHS": "README.md", "EG_FAIL_ON_ERROR": fail_on_error}
    assert run_main(env, capsys)[0] == expected


@pytest.mark.parametrize(
    ("outcome", "code", "errors"),
    [
        (Outcome(0, "[]", ""), 0, "0"),
        (Outcome(1, json.dumps(FINDINGS[1:]), ""), 1, "0"),  # --strict: a warning fails
        (Outcome(2, "", "README.md:1:1: EG001 error: unclosed front matter\n"), 1, "1"),
        (
            Outcome(2, "", "usage: evalguard check ...\nerror: unrecognized arguments: --bogus\n"),
            1,
            "1",
        ),
        (Outcome(1, "Traceback...", ""), 1, "1"),
    ],
)
def test_check_exit_codes(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], outcome: Outcome, code: int, errors: str
) -> None:
    env = {**gh, "EG_PATHS": "README.md"}
    result = run_main(
        env, capsys, lambda argv: outcome if argv[0] == "check" else Outcome(2, "", "")
    )
    assert result[0] == code
    assert result[2]["error-count"] == errors


def test_sync_lists_changed_files_and_fails_on_refusal(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**gh, "EG_COMMAND": "sync", "EG_ARGS": "--overwrite"}
    code, commands, outputs, summary, fake = run_main(env, capsys)
    syncs = [c for c in fake.calls if c[0] == "sync"]
    assert syncs == [
        ["sync", "--overwrite", name]
        for name in ("README.md", "models/a/README.md", "models/b/README.md", "models/c/README.md")
    ]
    assert outputs["changed-files"] == "models/a/README.md"
    assert outputs["error-count"] == "1"
    assert outputs["warning-count"] == "1"
    assert code == 1  # models/c could not be synced
    assert ("notice", {"file": "models/a/README.md", "title": "evalguard"},
            "evalguard sync updated this file") in commands  # fmt: skip
    assert ("error", {"file": "models/c/README.md", "title": "evalguard"},
            "sync: no table names the model 'x'; pass --model") in commands  # fmt: skip
    assert "Changed 1 file:\n\n- models/a/README.md" in summary


def test_export_applies(gh: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    def script(argv: list[str]) -> Outcome:
        if argv[0] == "export" and argv[-1] == "models/a/README.md":
            return Outcome(1, "Fixing models/a/.eval_results/mmlu.yaml\n", "")
        return Outcome(0, "", "")

    env = {**gh, "EG_COMMAND": "export", "EG_PATHS": "models/a/README.md models/b/README.md"}
    code, _, outputs, _, fake = run_main(env, capsys, script)
    assert code == 0
    assert fake.calls[0] == ["export", "--apply", "models/a/README.md"]
    assert outputs["changed-files"] == "models/a/.eval_results/mmlu.yaml"


def test_working_directory_prefixes_paths(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**gh, "EG_COMMAND": "sync", "EG_WORKING_DIRECTORY": "models", "EG_PATHS": "a/README.md"}

    def script(argv: list[str]) -> Outcome:
        return Outcome(1, "Fixing a/README.md\n", "") if argv[0] == "sync" else Outcome(0, "[]", "")

    code, commands, outputs, summary, _ = run_main(env, capsys, script)
    assert code == 0
    assert outputs["changed-files"] == "models/a/README.md"
    assert commands[-1][1]["file"] == "models/a/README.md"
    assert "- models/a/README.md" in summary


def test_secrets_are_masked_first_and_never_printed(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    token, key = "hf_SeCrEt123", "aa-KEY-456"
    env = {**gh, "EG_PATHS": "README.md", "EG_HF_TOKEN": token, "EG_AA_API_KEY": key}
    fake = FakeEvalguard(scripted)
    ghaction.main(env, run=fake)
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[:2] == [f"::add-mask::{token}", f"::add-mask::{key}"]
    rest = "\n".join(lines[2:]) + out.err
    rest += Path(gh["GITHUB_OUTPUT"]).read_text() + Path(gh["GITHUB_STEP_SUMMARY"]).read_text()
    assert token not in rest
    assert key not in rest
    assert "::notice title=evalguard::input aa-api-key is reserved" in rest


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"EG_COMMAND": "push-to-hub"}, "unknown command 'push-to-hub'"),
        ({"EG_WORKING_DIRECTORY": "nowhere"}, "working-directory "),
        ({"EG_PATHS": "/abs/**/README.md"}, "paths: a pattern must be relative"),
    ],
)
def test_bad_input_is_one_error_annotation(
    gh: dict[str, str], capsys: pytest.CaptureFixture[str], inputs: dict[str, str], message: str
) -> None:
    fake = FakeEvalguard(scripted)
    assert ghaction.main({**gh, **inputs}, run=fake) == 2
    assert fake.calls == []
    out = capsys.readouterr().out
    assert out.startswith(f"::error title=evalguard::{message}")


def test_no_cards_is_a_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_OUTPUT": str(tmp_path / "o"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "s"),
    }
    code, commands, outputs, summary, fake = run_main(env, capsys)
    assert (code, fake.calls) == (0, [])
    assert commands[0][0] == "notice"
    assert outputs["error-count"] == "0"
    assert "No problems in 0 files" in summary


def test_summary_is_capped() -> None:
    many = [Finding("README.md", i, 1, "EG203", "error", "x" * 50) for i in range(1, 1000)]
    text = ghaction.summary_markdown(Report("check", files=["README.md"], findings=many))
    assert text.count("| ❌ error |") == ghaction.MAX_ROWS
    assert "… and 699 more findings" in text


# --- reading what the runner would read ---------------------------------------------------


def parse_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """Workflow commands in `stdout` as the runner reads them (honours stop-commands)."""
    found: list[tuple[str, dict[str, str], str]] = []
    stopped: str | None = None
    for line in stdout.splitlines():
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        if not line.startswith("::") or "::" not in line[2:]:
            continue
        head, data = line[2:].split("::", 1)
        name, _, props_text = head.partition(" ")
        if name == "stop-commands":
            stopped = data
            continue
        props = dict(p.split("=", 1) for p in props_text.split(",") if p)
        found.append((name, {k: unescape(v) for k, v in props.items()}, unescape(data)))
    return found


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_outputs(text: str) -> dict[str, str]:
    """`$GITHUB_OUTPUT` as the runner reads it: `name=value` and `name<<DELIM` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            for item in lines:
                if item == delimiter:
                    break
                body.append(item)
            values[name] = "\n".join(body)
        elif line:
            name, value = line.split("=", 1)
            values[name] = value
    return values
