"""The Action's step with `command: import-aa` and the Hub inputs (repo-id, create-pr,
hf-token, aa-api-key), against real local servers speaking the Hub's and Artificial
Analysis' endpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.aa import FakeAA
from fakes.hub import FakeHub, body_of, hub_environ
from gha_protocol import parse_commands, parse_outputs
from samples import INVALID

from evalguard.action.step import main

EXAMPLE = json.loads((Path(__file__).parent / "data" / "aa-llms-models.json").read_text("utf-8"))
CARD = "---\nlicense: mit\n---\n# o3-mini\n"
AA_CONFIG = "aa: {creator: openai, model: o3-mini}\n"
TABLE_CARD = "---\nlicense: mit\n---\n# tiny\n\n| Benchmark | tiny |\n|---|---|\n| GSM8K | 61.2 |\n"


@pytest.fixture
def servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FakeHub, FakeAA, dict[str, str]]]:
    ws = tmp_path / "ws"
    ws.mkdir()
    monkeypatch.chdir(tmp_path)
    with FakeHub() as hub, FakeAA(EXAMPLE) as aa:
        for key, value in hub_environ(hub, tmp_path).items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("HF_TOKEN")  # the hf-token input gives it
        monkeypatch.delenv("AA_API_KEY", raising=False)
        monkeypatch.setenv("EVALGUARD_AA_BASE_URL", aa.base_url)
        monkeypatch.setenv("EVALGUARD_CACHE_DIR", str(tmp_path / "cache"))
        env = {
            "GITHUB_WORKSPACE": str(ws),
            "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
            "GITHUB_ACTIONS": "true",
            "EG_HF_TOKEN": FakeHub.TOKEN,
            "EG_AA_API_KEY": FakeAA.KEY,
        }
        yield hub, aa, env


def step(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, dict[str, str], str]:
    code = main(env)
    out = capsys.readouterr().out
    outputs = parse_outputs(Path(env["GITHUB_OUTPUT"]).read_text("utf-8"))
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text("utf-8")
    Path(env["GITHUB_OUTPUT"]).unlink()
    Path(env["GITHUB_STEP_SUMMARY"]).unlink()
    masked = out.split("\n", 2)[2]  # after the two ::add-mask:: lines
    for secret in (FakeHub.TOKEN, FakeAA.KEY):
        assert secret not in masked + summary + json.dumps(outputs)
    return code, out, outputs, summary


def test_import_aa_on_hub_repos_opens_one_pull_request_each(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _, env = servers
    a = hub.add_repo("acme/a", {"README.md": CARD, ".evalguard.yaml": AA_CONFIG})
    b = hub.add_repo("acme/b", {"README.md": CARD, ".evalguard.yaml": AA_CONFIG})
    env = {**env, "EG_COMMAND": "import-aa", "EG_REPO_ID": "acme/a\nacme/b"}
    code, out, outputs, summary = step(env, capsys)
    assert code == 0, out
    urls = [f"{hub.url}/acme/{n}/discussions/1" for n in "ab"]
    assert outputs["pull-requests"].splitlines() == urls
    assert outputs["changed-files"] == "" and outputs["error-count"] == "0"
    assert f"- acme/a: {urls[0]}" in summary and "2 repos" in summary
    assert "value: 79.1" in body_of(a, "refs/pr/1") and len(b.prs) == 1
    # the scheduled run again: the same pull requests, no new commit
    assert step(env, capsys)[0] == 0
    assert [len(r.commits_on("refs/pr/1")) for r in (a, b)] == [2, 2]


def test_create_pr_false_pushes_and_author_skips_repos_without_aa(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _, env = servers
    named = hub.add_repo("acme/named", {"README.md": CARD, ".evalguard.yaml": AA_CONFIG})
    other = hub.add_repo("acme/other", {"README.md": CARD})
    env = {**env, "EG_COMMAND": "import-aa", "EG_ARGS": "--author acme", "EG_CREATE_PR": "false"}
    code, out, outputs, _ = step(env, capsys)
    assert code == 0, out
    assert named.prs == {} and "value: 79.1" in body_of(named, "main")
    assert body_of(other, "main") == CARD
    assert "acme/other: unchanged: skipped: no `aa: {creator: SLUG, model: SLUG}`" in out
    assert outputs["pull-requests"].startswith(f"{hub.url}/acme/named/commit/")


def test_sync_and_export_on_the_hub(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _, env = servers
    repo = hub.add_repo("acme/tiny", {"README.md": TABLE_CARD})
    code, out, outputs, _ = step({**env, "EG_COMMAND": "sync", "EG_REPO_ID": "acme/tiny"}, capsys)
    assert code == 0, out
    assert outputs["pull-requests"] == f"{hub.url}/acme/tiny/discussions/1"
    hub.merge_pr("acme/tiny", 1)
    code, out, outputs, _ = step({**env, "EG_COMMAND": "export", "EG_REPO_ID": "acme/tiny"}, capsys)
    assert code == 0, out
    assert repo.prs[2].title == "evalguard: write .eval_results from model-index"
    assert b"openai/gsm8k" in repo.files("refs/pr/2")[".eval_results/gsm8k.yaml"]


def test_hub_failures_are_errors_that_do_not_stop_the_others(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _, env = servers
    hub.add_repo("acme/ok", {"README.md": TABLE_CARD})
    env = {**env, "EG_COMMAND": "sync", "EG_REPO_ID": "acme/missing acme/ok"}
    code, out, outputs, _ = step(env, capsys)
    assert code == 1 and outputs["error-count"] == "1"
    errors = [c for c in parse_commands(out) if c[0] == "error"]
    assert [e[2] for e in errors] == [
        "sync: acme/missing@main: no such model repo, or HF_TOKEN may not read it"
    ]
    assert outputs["pull-requests"] == f"{hub.url}/acme/ok/discussions/1"


def test_check_on_hub_repos_annotates_their_findings_and_unreadable_repos(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _, env = servers
    hub.add_repo("acme/bad", {"README.md": INVALID})
    hub.add_repo("acme/ok", {"README.md": CARD})
    env = {**env, "EG_COMMAND": "check", "EG_REPO_ID": "acme/bad acme/missing acme/ok"}
    code, out, outputs, summary = step(env, capsys)
    assert code == 1 and outputs["error-count"] == "2"
    errors = {(c[1].get("file"), c[1].get("line")) for c in parse_commands(out) if c[0] == "error"}
    assert errors == {("acme/bad/README.md", "13"), ("acme/missing", None)}
    assert "in 3 repos" in summary


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"EG_AA_API_KEY": ""}, "import-aa: no Artificial Analysis API key"),
        ({"EG_ARGS": "--creator-slug openai"}, "args: --creator-slug and --model-name go"),
        ({"EG_ARGS": "--push", "EG_CREATE_PR": "true"}, "create-pr and --push: choose one"),
        ({"EG_REPO_ID": "acme/a acme/b", "EG_ARGS": "--creator-slug openai --model-name o3-mini"},
         "args: --model-name names one model"),
    ],
)  # fmt: skip
def test_bad_inputs_are_one_error(
    servers: tuple[FakeHub, FakeAA, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    inputs: dict[str, str],
    message: str,
) -> None:
    hub, _, env = servers
    hub.add_repo("acme/a", {"README.md": CARD, ".evalguard.yaml": AA_CONFIG})
    env = {**env, "EG_COMMAND": "import-aa", "EG_REPO_ID": "acme/a", **inputs}
    code = main(env)
    errors = [c for c in parse_commands(capsys.readouterr().out) if c[0] == "error"]
    assert code == 2 and [e[2] for e in errors] == [errors[0][2]]
    assert message in errors[0][2]
    assert hub.repos["acme/a"].prs == {}


def test_import_aa_on_the_workspace_cards(
    servers: tuple[FakeHub, FakeAA, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, aa, env = servers
    ws = Path(env["GITHUB_WORKSPACE"])
    for name in ("a", "b"):
        (ws / name).mkdir()
        (ws / name / "README.md").write_text(CARD, encoding="utf-8")
    (ws / "a" / ".evalguard.yaml").write_text(AA_CONFIG, encoding="utf-8")
    code, out, outputs, _ = step({**env, "EG_COMMAND": "import-aa"}, capsys)
    assert code == 0, out
    assert outputs["changed-files"] == "a/README.md"
    assert "b/README.md: unchanged" in out  # names no AA model: skipped, not an error
    assert aa.calls == 1
