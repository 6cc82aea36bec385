"""The command line: exit codes, messages, what is printed where, what is written."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evalguard.cli import COMMANDS, build_parser, main

CARD = """---
license: mit
---
# Tiny-7B

| Benchmark | Tiny-7B | Other-7B |
|---|---|---|
| GSM8K | 40.1 | 38.0 |
| HumanEval | **30.5** | 28.0 |
"""
MODEL = ["--model", "acme/Tiny-7B"]


def write(folder: Path, text: str, name: str = "README.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "code", "out_has", "err_has"),
    [
        pytest.param(["extract", "README.md", *MODEL], 0, "value: 40.1", "2 scores", id="extract"),
        pytest.param(
            ["extract-readme", "--model", "acme/Tiny-7B", "--dry-run"],
            0,
            "value: 30.5",
            "",
            id="old-name-dry-run",
        ),
        pytest.param(["extract", "README.md"], 0, "name: Tiny-7B", "card title", id="title"),
        pytest.param(
            ["extract", "README.md", "--model", "acme/Huge-70B"],
            1,
            "",
            "no evaluation table holds scores of 'acme/Huge-70B'",
            id="no-subject",
        ),
        pytest.param(
            ["extract", "README.md", "--model", "acme/Huge-70B", "--column", "Other-7B"],
            0,
            "value: 38.0",
            "",
            id="pinned",
        ),
        pytest.param(["extract", "missing.md"], 2, "", "missing.md: cannot read", id="missing"),
        pytest.param(["extract", "README.md", "--table", "0"], 2, "", "table numbers", id="bad"),
        pytest.param(["sync", "README.md", *MODEL, "--check"], 1, "", "out of date", id="check"),
        pytest.param(["sync", "README.md", *MODEL, "--diff"], 0, "+model-index:", "", id="diff"),
        pytest.param(["sync", "README.md", *MODEL], 1, "Fixing README.md", "", id="sync"),
        pytest.param(["frobnicate"], 2, "", "invalid choice", id="unknown-command"),
    ],
)
def test_commands(
    argv: list[str],
    code: int,
    out_has: str,
    err_has: str,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(in_tmp, CARD)
    try:
        assert main(argv) == code
    except SystemExit as exc:  # argparse usage errors
        assert exc.code == code
    out, err = capsys.readouterr()
    assert out_has in out
    assert err_has in err
    assert "Traceback" not in out + err


def test_extract_json_is_the_yaml_structure(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, CARD)
    assert main(["extract", "README.md", *MODEL, "--format", "json", "-q"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert main(["extract", "README.md", *MODEL, "-q"]) == 0
    as_yaml = yaml.safe_load(capsys.readouterr().out)["model-index"]
    assert as_json == as_yaml
    assert as_json[0]["results"][1]["metrics"][0] == {"type": "pass@1", "value": 30.5}


EXPLAINED = """# Tiny card

| Model | Params | MMLU | GSM8K | Average |
|---|---|---|---|---|
| Other-7B | 7B | 60.1 | 40.0 | 50.1 |
| **Tiny-7B** | 7B | 61.2 | 45.5 | 53.4 |

| Model | Params | Layers |
|---|---|---|
| Tiny-7B | 7B | 32 |

| Benchmark | Tiny-13B | Other-8B |
|---|---|---|
| MMLU | 65.0 | 60.0 |
"""


def test_extract_explain_says_how_each_table_was_read(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, EXPLAINED)
    assert main(["extract", "README.md", *MODEL, "--explain"]) == 0
    out, err = capsys.readouterr()
    assert "model-index" not in out
    assert "README.md: table 1 (line 3, pipe, 3 rows x 5 columns): scores" in out
    assert "  label columns: 'Model' (name), 'Params' (attribute)" in out
    assert "  the model's row: 'Tiny-7B' (rule exact: equals the model's name)" in out
    assert "  left out as averages or deltas: 'Average'" in out
    assert "  read 2 scores: MMLU=61.2, GSM8K=45.5" in out
    assert "README.md: table 2 (line 8, pipe, 2 rows x 3 columns): not-eval" in out
    assert "  refused (no-subject): compares models in its columns" in out
    assert "    'Tiny-13B': size 13b is not 7b" in out
    assert err == ""
    assert main(["extract", "README.md", "--model", "acme/Huge-70B", "--explain"]) == 1


def test_the_readme_explain_example_is_what_extract_prints(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### `evalguard extract`", 1)[1].split("\n### ", 1)[0]
    card = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    printed = section.split("--explain` prints:\n\n```\n", 1)[1].split("```", 1)[0]
    write(in_tmp, card)
    assert main(["extract", "README.md", "--model", "acme/Tiny-7B-Instruct", "--explain"]) == 0
    assert capsys.readouterr().out == printed


def test_check_and_diff_write_nothing(in_tmp: Path) -> None:
    path = write(in_tmp, CARD)
    main(["sync", "README.md", *MODEL, "--check", "--diff"])
    assert path.read_text(encoding="utf-8") == CARD


def test_sync_writes_atomically_and_keeps_the_mode(in_tmp: Path) -> None:
    path = write(in_tmp, CARD)
    path.chmod(0o640)
    assert main(["sync", "README.md", *MODEL]) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in in_tmp.iterdir()] == ["README.md"]  # no temp file left
    assert main(["sync", "README.md", *MODEL]) == 0


def test_config_file_supplies_the_model(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, CARD.replace("# Tiny-7B", "# Something else"))
    write(in_tmp, "model: acme/Tiny-7B\n", ".evalguard.yaml")
    assert main(["sync", "README.md"]) == 1
    assert "https://huggingface.co/acme/Tiny-7B" in (in_tmp / "README.md").read_text("utf-8")
    capsys.readouterr()


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("modle: x\n", ".evalguard.yaml: unknown setting(s) modle"),
        ("tables: first\n", ".evalguard.yaml: `tables` must be a list of table numbers"),
        ("model: [a\n", ".evalguard.yaml:2:1: invalid YAML"),
    ],
)
def test_bad_config_is_a_usage_error(
    config: str, words: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, CARD)
    write(in_tmp, config, ".evalguard.yaml")
    assert main(["sync", "README.md", *MODEL]) == 2
    err = capsys.readouterr().err
    assert err.startswith(words)  # the place is in the config file, not the card
    assert len(err.strip().splitlines()) == 1


def test_unparsable_front_matter_exit_2_with_place(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "---\nlicense: [mit\n---\n" + CARD.split("---\n", 2)[2])
    assert main(["sync", "README.md", *MODEL]) == 2
    err = capsys.readouterr().err
    assert err.startswith("README.md:3:1: invalid YAML in front matter")


def test_metric_mapping_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, CARD)
    write(in_tmp, json.dumps({"GSM8K": {"type": "gsm8k_em", "name": "GSM8K EM"}}), "map.json")
    assert main(["extract", "README.md", *MODEL, "--metric-mapping", "map.json", "-q"]) == 0
    out = yaml.safe_load(capsys.readouterr().out)
    assert out["model-index"][0]["results"][0]["metrics"][0] == {
        "type": "gsm8k_em",
        "value": 40.1,
        "name": "GSM8K EM",
    }


def test_several_files_worst_exit_code_wins(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "a").mkdir()
    (in_tmp / "b").mkdir()
    write(in_tmp / "a", CARD)
    write(in_tmp / "b", "no tables\n")
    assert main(["sync", "a/README.md", "b/README.md", *MODEL]) == 1
    assert main(["sync", "a/README.md", "b/README.md", "missing/README.md", *MODEL]) == 2
    capsys.readouterr()


def test_python_dash_m_and_help(in_tmp: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-m", "evalguard", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0
    assert "exit codes:" in proc.stdout
    assert "sync" in proc.stdout and "extract" in proc.stdout


def test_exit_codes_are_one_story_in_help_and_readme() -> None:
    """`evalguard --help` lists every exit code any command uses, and the README's table
    says the same words (both come from cli.common.EXIT_CODES)."""
    from evalguard.cli import build_parser
    from evalguard.cli.common import EXIT_CODES, EXIT_CODES_WORST

    epilog = " ".join((build_parser().epilog or "").split())
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### Exit codes\n", 1)[1]
    table = section[section.index("| code | meaning |") :].split("\n\n", 1)[0]
    rows = table.splitlines()[2:]
    assert rows == [f"| {code} | {meaning} |" for code, meaning in EXIT_CODES]
    for code, meaning in EXIT_CODES:
        assert f"{code} {' '.join(meaning.split())}" in epilog
    assert EXIT_CODES_WORST in section and EXIT_CODES_WORST in epilog
    assert [code for code, _ in EXIT_CODES] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("argv", "code", "written"),
    [
        pytest.param(["extract-readme", "--model", "acme/Tiny-7B"], 1, True, id="writes"),
        pytest.param(["extract-readme", "--model", "acme/Tiny-7B", "--apply"], 1, True, id="apply"),
        pytest.param(
            ["extract-readme", "--model", "acme/Tiny-7B", "--apply", "--dry-run"],
            0,
            False,
            id="dry-run-wins",
        ),
        pytest.param(
            ["extract-readme", "--model", "acme/renamed", "--model-name-override", "Tiny-7B"],
            1,
            True,
            id="name-override",
        ),
        pytest.param(["extract-readme", "--create-pr"], 2, False, id="create-pr"),
        pytest.param(["extract-readme", "--model-column-index", "1"], 2, False, id="column-index"),
    ],
)
def test_predecessor_flags(
    argv: list[str], code: int, written: bool, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(in_tmp, CARD)
    assert main(argv) == code
    assert (path.read_text("utf-8") != CARD) is written
    assert "Traceback" not in capsys.readouterr().err


def test_inline_json_metric_mapping(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, CARD)
    mapping = '{"HumanEval": {"type": "pass@1", "name": "HumanEval (greedy)"}}'
    assert main(["extract", "README.md", *MODEL, "--metric-mapping", mapping, "-q"]) == 0
    out = yaml.safe_load(capsys.readouterr().out)
    assert out["model-index"][0]["results"][1]["metrics"][0]["name"] == "HumanEval (greedy)"
    assert main(["extract", "README.md", *MODEL, "--metric-mapping", "{oops"]) == 2
    assert "invalid JSON" in capsys.readouterr().err


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every command's parser, `eval`'s subcommands too, by the words that reach it."""
    from evalguard.cli import build_parser

    found = []
    todo = [("evalguard", build_parser())]
    while todo:
        name, parser = todo.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo += [(f"{name} {word}", sub) for word, sub in action.choices.items()]
    return found


@pytest.mark.parametrize(("name", "parser"), _parsers(), ids=lambda v: str(v).split()[-1])
def test_every_help_is_wrapped_and_every_option_says_what_it_does(
    name: str, parser: argparse.ArgumentParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = parser.format_help()
    assert max(len(line) for line in text.splitlines()) <= 90, text
    silent = [
        a.option_strings or a.dest
        for a in parser._actions
        if not a.help and not isinstance(a, argparse._SubParsersAction)
    ]
    assert silent == [], f"{name}: options without help"
    # the formatter rewraps each description line on its own (indented lines stay as
    # written), so a hard break inside a sentence would show as a short line
    lines = (parser.description or "").splitlines()
    flowing = [line for line in lines if line and not line[0].isspace()]
    broken = [a for a, b in itertools.pairwise(lines) if a in flowing and b in flowing]
    assert broken == [], f"{name}: a description paragraph broken across lines"


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(actions[0].choices)


def test_commands_table_names_what_each_module_registers() -> None:
    """`main` builds only the invoked command's parser, found through COMMANDS (the
    predecessor's commands, built on extract's parser, with all of them)."""
    everything = [n for names in COMMANDS.values() for n in names]
    assert _subcommands(build_parser()) == everything
    for module, names in COMMANDS.items():
        for name in names:
            alone = module != "evalguard.cli.legacy"
            assert _subcommands(build_parser(command=name)) == (
                list(names) if alone else everything
            )


@pytest.mark.parametrize(
    ("argv", "words"),
    [(["-h"], "import-aa"), (["chek"], "invalid choice: 'chek'"), ([], "COMMAND")],
)
def test_help_and_typos_still_see_every_command(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.suppress(SystemExit):
        main(argv)
    out = capsys.readouterr()
    assert words in out.out + out.err
