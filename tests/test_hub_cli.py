"""The Hub forms of extract, sync, check, show and export (`--repo-id`, `--author`),
against a real local server speaking the Hub's endpoints (tests/fakes/hub.py)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakes.hub import FakeHub, FakeRepo, body_of, hub_environ

from evalguard.cli import main

REPO = "acme/Tiny-7B"
CARD = """---
license: mit
---
# Tiny-7B

| Benchmark | Tiny-7B |
|---|---|
| MMLU | 61.2 |
| GSM8K | 40.5 |
"""


@pytest.fixture
def hub(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    with FakeHub() as server:
        for key, value in hub_environ(server, in_tmp).items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        yield server


@pytest.fixture
def repo(hub: FakeHub) -> FakeRepo:
    return hub.add_repo(REPO, {"README.md": CARD})


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert FakeHub.TOKEN not in out + err and "Traceback" not in err
    return code, out, err


def cells(out: str, repo: str = REPO) -> list[str]:
    (line,) = [ln for ln in out.splitlines() if ln.startswith(f"{repo} ")]
    return re.split(r"\s{2,}", line)


def test_extract_reads_the_hub(repo: FakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", "--repo-id", REPO)
    assert code == 0, err
    block = yaml.safe_load(out)["model-index"][0]
    assert block["name"] == "Tiny-7B"
    assert block["results"][0]["source"]["url"] == f"https://huggingface.co/{REPO}"
    assert err.startswith(f"{REPO}/README.md: 2 scores for 'acme/Tiny-7B' (model from the Hub")


def test_extract_readme_is_the_predecessors_hub_command(
    repo: FakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "extract-readme", "--repo-id", REPO, "--dry-run")
    assert code == 0 and "value: 61.2" in out and repo.prs == {}
    code, out, _ = run(capsys, "extract-readme", "--repo-id", REPO)
    assert code == 0 and cells(out)[:3] == [REPO, "changed", "opened pull request #1"]
    assert "value: 61.2" in body_of(repo, "refs/pr/1")
    code, out, _ = run(capsys, "extract-readme", "--repo-id", REPO, "--create-pr")
    assert code == 0 and cells(out)[:3] == [REPO, "unchanged", "pull request #1 already holds "
                                             "these changes; nothing pushed"]  # fmt: skip
    assert len(repo.commits_on("main")) == 1


def test_sync_opens_a_pull_request_once(repo: FakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "sync", "--repo-id", REPO)
    assert code == 0, err
    (pr,) = repo.prs.values()
    assert pr.title == "evalguard: sync model-index with the README's evaluation tables"
    assert "| MMLU | accuracy | — | 61.2 | Model README |" in pr.description
    assert "the evaluation tables in `README.md`" in pr.description
    synced = body_of(repo, pr.ref)
    assert "url: https://huggingface.co/acme/Tiny-7B" in synced
    assert run(capsys, "sync", "--repo-id", REPO)[0] == 0
    assert len(repo.commits_on(pr.ref)) == 2 and len(repo.prs) == 1


@pytest.mark.parametrize(
    ("flag", "expected"),
    [("--diff", 0), ("--dry-run", 0), ("--check", 1)],  # --check: a change due exits 1
)
def test_sync_dry_run_writes_nothing(
    repo: FakeRepo, capsys: pytest.CaptureFixture[str], flag: str, expected: int
) -> None:
    code, out, _ = run(capsys, "sync", "--repo-id", REPO, flag)
    assert code == expected and "+      value: 61.2" in out and cells(out)[1] == "due"
    assert repo.prs == {} and len(repo.commits_on("main")) == 1
    if flag == "--check":  # the revision read still needs the change while a PR holds it
        assert run(capsys, "sync", "--repo-id", REPO)[0] == 0  # opens the pull request
        assert run(capsys, "sync", "--repo-id", REPO, flag)[0] == 1


def test_sync_push_and_export_apply(repo: FakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "sync", "--repo-id", REPO, "--push")[0] == 0
    assert "value: 40.5" in body_of(repo, "main")
    code, out, _ = run(capsys, "export", "--repo-id", REPO)  # a dry run by default
    assert code == 0 and "+++ b/acme/Tiny-7B/.eval_results/gsm8k.yaml" in out
    assert repo.prs == {}
    code, out, _ = run(capsys, "export", "--repo-id", REPO, "--apply")
    assert code == 0 and cells(out)[:3] == [REPO, "changed", "opened pull request #1"]
    pr = repo.prs[1]
    assert pr.title == "evalguard: write .eval_results from model-index"
    assert b"openai/gsm8k" in repo.files(pr.ref)[".eval_results/gsm8k.yaml"]


def test_check_and_show_read_the_hub(
    hub: FakeHub, repo: FakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--repo-id", REPO, "--format", "json")
    assert code == 0
    assert {f["rule"] for f in json.loads(out)} == {"EG502"}
    assert {f["file"] for f in json.loads(out)} == {f"{REPO}/README.md"}
    run(capsys, "sync", "--repo-id", REPO)
    hub.repos[REPO].commit(
        "refs/pr/1", {".eval_results/x.yaml": b"- dataset: {id: cais/mmlu}\n"}, "bad file"
    )
    code, out, _ = run(capsys, "check", "--repo-id", REPO, "--revision", "refs/pr/1")
    assert code == 1
    assert re.search(r"^acme/Tiny-7B@refs/pr/1/\.eval_results/x\.yaml:1:\d+: EG6", out, re.M)
    code, out, _err = run(capsys, "show", "--repo-id", REPO, "--revision", "refs/pr/1")
    assert code == 0 and "Tiny-7B  MMLU" in out and "61.2" in out


def test_check_over_an_author_keeps_the_repos_order(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repos are read several at a time (repo.batch.each_target); the findings come in
    the order of the repos, and one that cannot be read is said in one line (exit 2)."""
    names = [f"acme/m{i:02d}" for i in range(9)]
    for name in names:
        hub.add_repo(name, {"README.md": CARD})
    hub.broken.add("acme/m04")

    code, out, err = run(capsys, "check", "--author", "acme", "--format", "json")

    assert code == 2
    files = list(dict.fromkeys(f["file"] for f in json.loads(out)))
    assert files == [f"{n}/README.md" for n in names if n != "acme/m04"]
    assert err.strip().splitlines() == ["acme/m04@main: the Hub answered HTTP 500: Internal Error"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sync", "README.md", "--repo-id", REPO], "give local files or --repo-id/--author, not"),
        (["sync"], "give README files, or --repo-id/--author"),
        (["sync", "--repo-id", REPO, "--push", "--create-pr"], "--push and --create-pr"),
        (["export", "README.md", "--revision", "v1"], "--revision needs --repo-id"),
        (["check", "--author", "acme", "README.md"], "not both"),
        (["extract"], "give a README, or --repo-id ORG/NAME"),
        (["extract-readme", "--create-pr"], "--create-pr needs --repo-id"),
        (["show"], "give a README, or --repo-id ORG/NAME"),
        (["show", "README.md", "--repo-id", REPO], "give local files or --repo-id ORG/NAME, not"),
    ],
)
def test_usage_errors(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["extract", "show", "check", "sync", "export"])
def test_a_missing_repo_is_one_line(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = run(capsys, command, "--repo-id", "acme/nope")
    assert code == 2
    assert "acme/nope@main: no such model repo, or HF_TOKEN may not read it" in out + err


def test_sync_over_an_author(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b", "c"):
        hub.add_repo(f"acme/{name}", {"README.md": CARD.replace("Tiny-7B", name)})
    hub.add_repo("acme/ambiguous", {"README.md": CARD.replace("| Tiny-7B |", "| X | Y |")})
    code, out, err = run(capsys, "sync", "--author", "acme")
    assert code == 0, out + err
    assert [cells(out, f"acme/{n}")[1] for n in ("a", "b", "c")] == ["changed"] * 3
    assert cells(out, "acme/ambiguous")[1] == "unchanged"
    assert err.endswith("4 repos: 1 unchanged, 3 changed\n")
    code, out, err = run(capsys, "sync", "--author", "nobody")
    assert (code, err) == (2, "--author nobody: no model repos\n")


def test_check_a_hub_repo_with_the_hubs_validator(
    hub: FakeHub, repo: FakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.validate_errors = ['"license" must be one of [apache-2.0, mit]']
    code, out, _ = run(capsys, "check", "--repo-id", REPO, "--hub-validate", "--format", "json")
    assert code == 1
    found = [f for f in json.loads(out) if f["rule"] == "EG900"]
    assert [(f["file"], f["message"]) for f in found] == [
        (f"{REPO}/README.md", 'the Hub: "license" must be one of [apache-2.0, mit]')
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("total", "ci", "shown"),
    [(9, None, True), (1, None, False), (9, "true", False)],
    ids=["terminal", "one-repo", "ci"],
)
def test_progress_is_shown_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, total: int, ci: str | None, shown: bool
) -> None:
    """A bar that counts repos, for runs over several repos on a terminal; none in CI."""
    from evalguard.cli.hub import progress

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with progress(total) as on_done:
        assert (on_done is not None) == shown
        if on_done is not None:
            for _ in range(total):
                on_done(None)
    assert (f"0/{total} [" in terminal.getvalue()) == shown
    assert shown or terminal.getvalue() == ""
