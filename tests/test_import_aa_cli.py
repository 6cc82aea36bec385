"""`evalguard import-aa` end to end: the CLI against real local servers speaking the
Artificial Analysis endpoint and the Hub's (tests/fakes/aa.py, tests/fakes/hub.py)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fakes.aa import FakeAA
from fakes.http import Response
from fakes.hub import FakeHub, FakeRepo, body_of, hub_environ

from evalguard.cli import main

EXAMPLE = json.loads((Path(__file__).parent / "data" / "aa-llms-models.json").read_text("utf-8"))
CARD = "---\nlicense: mit\n---\n# o3-mini\n\nA small reasoning model.\n"
AA = ["--creator-slug", "openai", "--model-name", "o3-mini"]
REPO = "acme/o3-mini"


@dataclass
class World:
    aa: FakeAA
    hub: FakeHub
    folder: Path
    cache: Path
    capsys: pytest.CaptureFixture[str]
    seen: list[str]

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        self.seen += [out, err]
        return code, out, err

    def texts_anywhere(self) -> list[str]:
        """Everything a secret could leak into: outputs, PR texts, the cache."""
        found = list(self.seen)
        for repo in self.hub.repos.values():
            for pr in repo.prs.values():
                found += [pr.title, pr.description, *pr.comments]
            for commit in repo.commits.values():
                found += [commit.summary, commit.description]
                found += [d.decode("utf-8", "replace") for d in commit.files.values()]
        found += [p.read_text("utf-8", "replace") for p in self.cache.rglob("*") if p.is_file()]
        found += [str(p) for p in self.cache.rglob("*")]
        return found


@pytest.fixture
def world(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[World]:
    with FakeAA(copy.deepcopy(EXAMPLE)) as aa, FakeHub() as hub:
        env = {
            **hub_environ(hub, in_tmp),
            "AA_API_KEY": FakeAA.KEY,
            "EVALGUARD_AA_BASE_URL": aa.base_url,
            "EVALGUARD_CACHE_DIR": str(in_tmp / "cache"),
            "EVALGUARD_AA_CACHE_TTL": "0",  # every run asks the fake (tests change it)
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("ARTIFICIAL_ANALYSIS_API_KEY", raising=False)
        monkeypatch.delenv("CI", raising=False)
        world = World(aa, hub, in_tmp, in_tmp / "cache", capsys, [])
        yield world
        leaks = [t for t in world.texts_anywhere() if FakeAA.KEY in t or FakeHub.TOKEN in t]
        assert leaks == []


def set_score(world: World, key: str, value: float) -> None:
    world.aa.payload["data"][0]["evaluations"][key] = value


def row(out: str, repo: str = REPO) -> list[str]:
    """The summary table's cells for `repo`."""
    (line,) = [ln for ln in out.splitlines() if ln.startswith(f"{repo} ")]
    return re.split(r"\s{2,}", line)


def results_of(text: str) -> dict[str, float]:
    front = yaml.safe_load(text.split("---\n")[1])
    (entry,) = front["model-index"]
    return {r["dataset"]["name"]: r["metrics"][0]["value"] for r in entry["results"]}


# -- a local card -------------------------------------------------------------------------


def test_local_import_writes_checks_clean_and_is_idempotent(world: World) -> None:
    readme = world.folder / "README.md"
    readme.write_text(CARD, encoding="utf-8")
    code, out, err = world.run("import-aa", "README.md", *AA)
    assert (code, out, err) == (1, "Fixing README.md\n", "")
    text = readme.read_text("utf-8")
    assert text.startswith("---\nlicense: mit\nmodel-index:\n- name: o3-mini\n")
    assert text.endswith("---\n# o3-mini\n\nA small reasoning model.\n")
    assert results_of(text)["MMLU-Pro"] == 79.1
    assert results_of(text)["Artificial Analysis Intelligence Index"] == 62.9
    front = yaml.safe_load(text.split("---\n")[1])
    assert {json.dumps(r["source"]) for r in front["model-index"][0]["results"]} == {
        json.dumps(
            {"name": "Artificial Analysis", "url": "https://artificialanalysis.ai/models/o3-mini"}
        )
    }
    assert world.run("check", "README.md") == (0, "", "")
    assert world.run("import-aa", "README.md", *AA, "--apply") == (0, "", "")
    assert readme.read_text("utf-8") == text


def test_local_diff_changes_nothing(world: World) -> None:
    readme = world.folder / "README.md"
    readme.write_text(CARD, encoding="utf-8")
    code, out, _ = world.run("import-aa", *AA, "--diff")
    assert code == 0 and "+      value: 79.1" in out and out.startswith("--- a/README.md")
    assert readme.read_text("utf-8") == CARD


def test_a_new_value_replaces_only_the_aa_result(world: World) -> None:
    readme = world.folder / "README.md"
    readme.write_text(CARD, encoding="utf-8")
    world.run("import-aa", *AA)
    hand = readme.read_text("utf-8").replace(
        "  results:\n",
        "  results:\n  - task: {type: text-generation}\n    dataset: {name: MMLU-Pro, type: "
        "TIGER-Lab/MMLU-Pro}\n    metrics:\n    - {type: accuracy, value: 80.0}  # ours\n"
        "    source: {name: Acme evals}\n",
        1,
    )
    readme.write_text(hand, encoding="utf-8")
    set_score(world, "mmlu_pro", 0.802)
    code, _, err = world.run("import-aa", *AA)
    assert code == 1
    assert "MMLU-Pro: Artificial Analysis (mmlu_pro) says 80.2 but model-index" in err
    after = readme.read_text("utf-8")
    assert "- {type: accuracy, value: 80.0}  # ours" in after
    assert "value: 80.2" in after and "value: 79.1" not in after


def test_config_names_the_aa_model(world: World) -> None:
    (world.folder / "README.md").write_text(CARD, encoding="utf-8")
    (world.folder / ".evalguard.yaml").write_text(
        "aa: {creator: openai, model: o3-mini}\n", encoding="utf-8"
    )
    assert world.run("import-aa")[0] == 1


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        pytest.param(
            ["--creator-slug", "openai", "--model-name", "o3"], 1,
            "README.md: Artificial Analysis has no model 'o3' by 'openai'; closest slugs of "
            "openai: o3-mini", id="near-miss",
        ),
        pytest.param([], 2, "README.md: which Artificial Analysis model? pass --creator-slug",
                     id="no-model"),
        pytest.param(["--creator-slug", "openai"], 2, "--creator-slug and --model-name go "
                     "together", id="half"),
        pytest.param([*AA, "--author", "acme"], 2, "--model-name names one model", id="many"),
        pytest.param([*AA, "README.md", "x/README.md"], 2, "--model-name names one", id="two"),
        pytest.param([*AA, "--push"], 2, "--push needs --repo-id", id="push-local"),
        pytest.param([*AA, "--repo-id", REPO, "README.md"], 2, "not both", id="both"),
    ],
)  # fmt: skip
def test_refusals_and_usage_errors(world: World, argv: list[str], code: int, message: str) -> None:
    (world.folder / "README.md").write_text(CARD, encoding="utf-8")
    got, _out, err = world.run("import-aa", *argv)
    assert got == code and message in err and len(err.splitlines()) == 1
    assert (world.folder / "README.md").read_text("utf-8") == CARD


HANG = Response(200, EXAMPLE, delay=3.0)


@pytest.mark.parametrize(
    ("env", "faults", "message"),
    [
        pytest.param({"AA_API_KEY": "aa-wrong-key"}, [], "rejected the API key (HTTP 401",
                     id="401"),
        pytest.param({"EVALGUARD_AA_BASE_URL": "BASE/v9"}, [], "does not exist (HTTP 404)",
                     id="404"),
        pytest.param({}, [Response(200, "<html>busy</html>")], "malformed JSON", id="not-json"),
        pytest.param({}, [Response(200, EXAMPLE, cut=100)], "was cut off", id="truncated"),
        pytest.param({"EVALGUARD_AA_TIMEOUT": "0.2"}, [HANG] * 4, "did not answer within 0.2 s",
                     id="hang"),
        pytest.param({"AA_API_KEY": ""}, [], "no Artificial Analysis API key", id="no-key"),
    ],
)  # fmt: skip
def test_aa_failures_write_nothing(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    faults: list[Response],
    message: str,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value.replace("BASE", world.aa.url))
    world.aa.faults = list(faults)
    (world.folder / "README.md").write_text(CARD, encoding="utf-8")
    code, out, err = world.run("import-aa", *AA)
    assert (code, out) == (2, "")
    assert err.startswith("evalguard import-aa: ") and message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert (world.folder / "README.md").read_text("utf-8") == CARD
    code, out, err = world.run("import-aa", *AA, "--repo-id", REPO)
    assert code == 2 and world.hub.repos == {}


# -- Hub repos ----------------------------------------------------------------------------


AA_CONFIG = {".evalguard.yaml": "aa: {creator: openai, model: o3-mini}\n"}


def hub_repo(world: World, repo_id: str = REPO, extra: dict[str, str] | None = None) -> FakeRepo:
    return world.hub.add_repo(repo_id, {"README.md": CARD, **(extra or {})})


def test_hub_refresh_opens_one_pull_request_and_keeps_it(world: World) -> None:
    repo = hub_repo(world)
    code, out, err = world.run("import-aa", "--repo-id", REPO, *AA)
    assert code == 0, err
    (pr,) = repo.prs.values()
    url = f"{world.hub.url}/{REPO}/discussions/1"
    assert row(out) == [REPO, "changed", "opened pull request #1", url]
    assert err == "1 repo: 1 changed\n"
    assert results_of(body_of(repo, pr.ref))["GPQA Diamond"] == 74.8
    assert "| MMLU-Pro | accuracy | — | 79.1 | Artificial Analysis |" in pr.description
    assert "[Artificial Analysis](https://artificialanalysis.ai/models/o3-mini)" in pr.description
    assert "Benchmark scores from [Artificial Analysis](https://artificialanalysis.ai/)" in (
        pr.description
    )

    code, out, err = world.run("import-aa", "--repo-id", REPO, *AA)
    assert code == 0
    assert row(out) == [
        REPO,
        "unchanged",
        "pull request #1 already holds these changes; nothing pushed",
        url,
    ]
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 2

    set_score(world, "hle", 0.101)
    code, out, _ = world.run("import-aa", "--repo-id", REPO, *AA)
    assert code == 0 and row(out) == [REPO, "changed", "pushed a commit to pull request #1", url]
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 3
    assert results_of(body_of(repo, pr.ref))["Humanity's Last Exam"] == 10.1
    assert "| Humanity's Last Exam | accuracy | — | 10.1 |" in pr.comments[-1]

    world.hub.close_pr(REPO, 1)
    assert world.run("import-aa", "--repo-id", REPO, *AA)[0] == 0
    assert [p.status for p in repo.prs.values()] == ["closed", "open"]
    assert body_of(repo, "main") == CARD


def test_hub_dry_run_and_push(world: World) -> None:
    repo = hub_repo(world, extra=AA_CONFIG)
    code, out, _ = world.run("import-aa", "--repo-id", REPO, "--dry-run")
    assert code == 0 and f"+++ b/{REPO}/README.md" in out
    assert row(out) == [REPO, "due", "a change is due (dry run, nothing written)"]
    assert repo.prs == {} and len(repo.commits_on("main")) == 1
    code, out, _err = world.run("import-aa", "--repo-id", REPO, "--push")
    assert code == 0 and row(out)[:3] == [REPO, "changed", "pushed a commit"]
    assert repo.prs == {} and results_of(body_of(repo, "main"))["MATH-500"] == 97.3


def test_hub_import_with_eval_results(world: World) -> None:
    repo = hub_repo(world)
    assert world.run("import-aa", "--repo-id", REPO, *AA, "--eval-results")[0] == 0
    files = repo.files("refs/pr/1")
    assert sorted(p for p in files if p.startswith(".eval_results/")) == [
        ".eval_results/gpqa_diamond.yaml", ".eval_results/hle.yaml", ".eval_results/mmlu_pro.yaml"
    ]  # fmt: skip
    assert b"Artificial Analysis" in files[".eval_results/mmlu_pro.yaml"]


def test_author_over_fifty_repos_two_broken(world: World) -> None:
    for n in range(50):
        hub_repo(world, f"acme/m{n:02}", AA_CONFIG)
    world.hub.broken.add("acme/m07")
    world.hub.repos["acme/m31"].commit("main", {"README.md": b"---\nlicense: [\n---\n"}, "break")
    world.aa.calls = 0
    code, out, err = world.run("import-aa", "--author", "acme", "--workers", "8")
    assert code == 2
    lines = out.splitlines()
    assert lines[0].split() == ["REPO", "OUTCOME", "DETAIL", "LINK"] and len(lines) == 51
    assert [row(out, ln.split()[0])[:2] for ln in lines[1:] if " changed " not in ln] == [
        ["acme/m07", "failed"],
        ["acme/m31", "failed"],
    ]
    assert "acme/m07@main: the Hub answered HTTP 500" in out
    assert "line 3:1: invalid YAML in front matter" in out
    assert err.endswith("50 repos: 48 changed, 2 failed\n")
    assert sum(len(r.prs) for r in world.hub.repos.values()) == 48
    assert world.aa.calls == 1  # one AA request for the whole run


def test_repos_that_name_no_aa_model(world: World) -> None:
    """Over an organization they are skipped; named one by one, they are an error."""
    hub_repo(world, "acme/named", AA_CONFIG)
    hub_repo(world, "acme/unnamed")
    code, out, err = world.run("import-aa", "--author", "acme")
    assert code == 0, err
    assert row(out, "acme/unnamed")[1:] == [
        "unchanged",
        "skipped: no `aa: {creator: SLUG, model: SLUG}` in its .evalguard.yaml",
    ]
    assert row(out, "acme/named")[1] == "changed"
    code, out, _ = world.run("import-aa", "--repo-id", "acme/unnamed")
    assert code == 2 and row(out, "acme/unnamed")[1] == "failed"
    assert "which Artificial Analysis model?" in out
