"""Coming from the predecessor: every command line of its documentation runs with
evalguard and does its job.

The command lines come from a copy of the predecessor's documentation
(fixtures/predecessor/evaluation-manager.md). Each is run by bash as a user would, with
`evalguard` for `python scripts/evaluation_manager.py` (and in place of `python` or `hf`
before the other scripts), against real local servers speaking the Hub's, HF Jobs' and
Artificial Analysis' endpoints (tests/fakes). Each exits as documented, none meets
"unrecognized arguments", and the test checks what it did: the pull request and the
files in it, what was printed, the job request.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakes.aa import FakeAA
from fakes.hub import FakeHub, FakeRepo, body_of, hub_environ
from fakes.jobs import HARDWARE, FakeHubWithJobs

from evalguard.cli.legacy import translate
from evalguard.report.pull_request import Purpose

DOC = Path(__file__).parent / "fixtures" / "predecessor" / "evaluation-manager.md"
WORKFLOWS = Path(__file__).resolve().parent.parent / "examples" / "workflows"
EXAMPLE_AA = json.loads((Path(__file__).parent / "data" / "aa-llms-models.json").read_text())
LLAMA = "meta-llama/Llama-2-7b-hf"
#: the documentation's placeholders, as a user fills them in
PLACEHOLDERS = {
    "your-api-key": FakeAA.KEY,
    "your-hf-token": FakeHub.TOKEN,
    '"model-id"': f'"{LLAMA}"',
    '"task-name"': '"gsm8k"',
}
#: (creator slug, model slug) -> evaluations, on AA's 0-1 scale where AA uses it
AA_MODELS = {
    ("anthropic", "claude-sonnet-4"): {"mmlu_pro": 0.842, "gpqa": 0.683},
    ("creator-name", "model-slug"): {"mmlu_pro": 0.5, "gpqa": 0.4},
}
SIMPLE = ("username/model-name", "your-username/your-model", "other-username/their-model",
          "anthropic/claude-sonnet-4")  # fmt: skip
MULTI = ("username/multi-model", "username/renamed-model")


def card(name: str) -> str:
    """A card with a hand-written result (another source) and the documentation's
    Format 1 table."""
    return f"""---
license: apache-2.0
model-index:
- name: {name}
  results:
  - task: {{type: text-generation}}
    dataset: {{name: ARC-Challenge, type: allenai/ai2_arc, config: ARC-Challenge}}
    metrics:
    - {{type: acc_norm, value: 61.3}}
    source: {{name: Internal evaluation, url: 'https://example.com/evals'}}
---
# {name}

## Evaluation

| Benchmark | Score |
|-----------|-------|
| MMLU      | 85.2  |
| HumanEval | 72.5  |
"""


MULTI_CARD = """---
license: apache-2.0
---
# multi-model

## Evaluation

| Benchmark | Score |
|-----------|-------|
| MMLU      | 85.2  |

## Comparison

| Benchmark | multi-model | Llama-3-8B |
|-----------|-------------|------------|
| GSM8K     | 91.3        | 79.6       |
"""


# -- the documentation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    section: str
    label: str
    lang: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.section} / {self.label}"


def documented() -> list[Block]:
    """The fixture's code blocks, each with its `###` heading and its bold label."""
    found: list[Block] = []
    section = label = ""
    lines = iter(DOC.read_text("utf-8").splitlines())
    for line in lines:
        if line.startswith("### "):
            section, label = line[4:], ""
        elif line.startswith("**") or line == "or use the Python helper:":
            label = line.strip("*:")
        elif line.startswith("```"):
            body = []
            for inner in lines:
                if inner.startswith("```"):
                    break
                body.append(inner)
            found.append(Block(section, label, line[3:], "\n".join(body) + "\n"))
    return found


def as_evalguard(text: str) -> str:
    """The documented shell text with evalguard in place of the scripts' runners: a
    synopsis given with every optional flag and the first of each `a|b|...` choice, and
    the placeholders filled in."""
    text = text.replace("python scripts/evaluation_manager.py", "evalguard")
    text = text.replace("python scripts/", "evalguard scripts/")
    text = text.replace("hf jobs uv run", "evalguard jobs uv run")
    text = re.sub(r"\[(--[^\]]+)\]", r"\1", text)
    text = re.sub(r'"([\w-]+)\|[^"]*"', r'"\1"', text)
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


def block(block_id: str, lang: str = "bash") -> Block:
    (found,) = [b for b in documented() if b.id == block_id and b.lang == lang]
    return found


# -- the world: a folder, the Hub with its Jobs API, Artificial Analysis ---------------------


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


@dataclass
class World:
    hub: FakeHubWithJobs
    aa: FakeAA
    folder: Path
    env: dict[str, str]
    seen: list[str] = field(default_factory=list)

    def run(self, script: str, **env: str | None) -> Done:
        """`script` run by bash in the folder, as a user's shell would."""
        environ = {**self.env, **env}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-c", script],
            cwd=self.folder,
            env={k: v for k, v in environ.items() if v is not None},
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        self.seen += [done.stdout, done.stderr]
        assert "unrecognized arguments" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return Done(done.returncode, done.stdout, done.stderr)

    def repo(self, repo_id: str) -> FakeRepo:
        return self.hub.repos[repo_id]

    def pull_request(self, repo_id: str, purpose: Purpose) -> str:
        """The README of the one pull request on the repo, which has this purpose's title;
        main is as it was (evalguard never pushed to it)."""
        repo = self.repo(repo_id)
        (pr,) = repo.prs.values()
        assert pr.title == purpose.title
        assert len(repo.commits_on("main")) == 1
        return body_of(repo, pr.ref)

    def untouched(self, *repo_ids: str) -> None:
        for repo_id in repo_ids or tuple(self.hub.repos):
            assert self.repo(repo_id).prs == {}
            assert len(self.repo(repo_id).commits_on("main")) == 1

    def job_requests(self) -> list[dict[str, Any]]:
        return [r.json() for r in self.hub.posted("/api/jobs/")]

    def action(self, inputs: dict[str, str]) -> Done:
        """The evalguard Action's step as action.yml runs it, with these `with:` inputs
        (as `EG_*` variables; the tokens only as inputs)."""
        github = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.folder),
            "GITHUB_OUTPUT": str(self.folder.parent / "github_output"),
            "GITHUB_STEP_SUMMARY": str(self.folder.parent / "step_summary"),
        }
        inputs_env = {f"EG_{k.upper().replace('-', '_')}": v for k, v in inputs.items()}
        env: dict[str, str | None] = {**github, **inputs_env, "HF_TOKEN": None, "AA_API_KEY": None}
        return self.run(f"{sys.executable} -m evalguard.action", **env)


def aa_payload() -> dict[str, Any]:
    payload: dict[str, Any] = copy.deepcopy(EXAMPLE_AA)
    template = payload["data"][0]
    payload["data"] = []
    for (creator, slug), evaluations in AA_MODELS.items():
        model = copy.deepcopy(template)
        model["slug"], model["model_creator"]["slug"] = slug, creator
        model["evaluations"] = evaluations
        payload["data"].append(model)
    return payload


@contextmanager
def opened(tmp_path: Path, *, repos: bool = True) -> Iterator[World]:
    """A world with every repo the documentation names (unless not `repos`), the files
    its examples read, and an environment pointing evalguard at the servers."""
    folder = tmp_path / "work"
    folder.mkdir(parents=True)
    (folder / "metric_mapping.json").write_text(
        block(f"{ADV} / Custom Metric Mapping", "json").text
    )
    (folder / "models.txt").write_text("username/model-name\nyour-username/your-model\n")
    with FakeHubWithJobs() as hub, FakeAA(aa_payload()) as aa:
        hub.hardware = [*HARDWARE, {**HARDWARE[2], "name": "t4-small", "prettyName": "T4"}]
        for repo_id in SIMPLE if repos else ():
            hub.add_repo(repo_id, {"README.md": card(repo_id.split("/")[1])})
        for repo_id in MULTI if repos else ():
            hub.add_repo(repo_id, {"README.md": MULTI_CARD})
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "AA_", "EG_"))}
        env = {
            **keep,
            **hub_environ(hub, tmp_path),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "AA_API_KEY": FakeAA.KEY,
            "EVALGUARD_AA_BASE_URL": aa.base_url,
            "EVALGUARD_CACHE_DIR": str(tmp_path / "cache"),
            "GITHUB_ACTIONS": "",
            "CI": "",
        }
        world = World(hub, aa, folder, env)
        yield world
        lines = [ln for text in world.seen for ln in text.splitlines()]
        shown = [ln for ln in lines if not ln.startswith("::add-mask::")]
        assert [ln for ln in shown if FakeHub.TOKEN in ln or FakeAA.KEY in ln] == []


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with opened(tmp_path) as made:
        yield made


def model_index(readme: str) -> list[dict[str, Any]]:
    (entry,) = yaml.safe_load(readme.split("---\n")[1])["model-index"]
    results: list[dict[str, Any]] = entry["results"]
    return results


def values(readme: str) -> dict[str, float]:
    return {r["dataset"]["name"]: r["metrics"][0]["value"] for r in model_index(readme)}


# -- what each documented command line must do -----------------------------------------------

#: what the README's tables give, next to the hand-written result every card keeps
SYNCED = {"ARC-Challenge": 61.3, "MMLU": 85.2, "HumanEval": 72.5}


def synced(repo_id: str) -> Callable[[World, Done], None]:
    """One pull request with the tables' scores merged in; nothing pushed to main."""

    def check(world: World, done: Done) -> None:
        readme = world.pull_request(repo_id, Purpose.SYNC)
        assert values(readme) == SYNCED
        assert "opened pull request #1" in done.out

    return check


def imported(repo_id: str, slugs: tuple[str, str]) -> Callable[[World, Done], None]:
    """One pull request with the model's AA scores (0-100) and AA's attribution."""

    def check(world: World, done: Done) -> None:
        readme = world.pull_request(repo_id, Purpose.IMPORT_AA)
        got = values(readme)
        assert got["ARC-Challenge"] == 61.3  # another source's result is kept
        expected = sorted(round(v * 100, 1) for v in AA_MODELS[slugs].values())
        assert sorted(v for k, v in got.items() if k != "ARC-Challenge") == expected
        sources = {r["source"]["name"] for r in model_index(readme)}
        assert sources == {"Internal evaluation", "Artificial Analysis"}
        (pr,) = world.repo(repo_id).prs.values()
        assert "[Artificial Analysis](https://artificialanalysis.ai/)" in pr.description

    return check


def printed_model_index(world: World, done: Done) -> None:
    """Nothing written; the model-index the tables give, printed."""
    world.untouched()
    printed = yaml.safe_load(done.out)["model-index"][0]["results"]
    assert {r["dataset"]["name"]: r["metrics"][0]["value"] for r in printed} == {
        "MMLU": 85.2,
        "HumanEval": 72.5,
    }


def replaced(flavor: str, task: str, gpu: bool) -> Callable[[World, Done], None]:
    """Nothing submitted; the `evalguard eval run` printed instead submits the job the
    old command meant, with the token only as a job secret."""

    def check(world: World, done: Done) -> None:
        assert world.job_requests() == []
        assert "is replaced by `evalguard eval run`; nothing was submitted" in done.err
        command = done.out.strip()
        expected = f"evalguard eval run --model {LLAMA} --task {task} --flavor {flavor}"
        assert command == expected + (" --provider transformers" if gpu else "")
        again = world.run(command)
        assert again.code == 0, again.err
        (request,) = world.job_requests()
        assert request["flavor"] == flavor
        assert request["secrets"] == {"HF_TOKEN": FakeHub.TOKEN}
        assert FakeHub.TOKEN not in json.dumps({**request, "secrets": None})
        provider = "hf" if gpu else "hf-inference-providers"
        assert request["command"][-4:] == ["--model", f"{provider}/{LLAMA}", "--task", task]

    return check


def listed_commands(world: World, done: Done) -> None:
    for command in ("extract-readme", "import-aa", "show", "validate", "eval"):
        assert command in done.out


def extracted_then_merged(world: World, done: Done) -> None:
    """--task-type lands in every result; the tables' scores are merged in."""
    readme = world.pull_request("username/model-name", Purpose.SYNC)
    assert values(readme) == SYNCED
    assert {r["task"]["type"] for r in model_index(readme)} == {"text-generation"}


def shown(world: World, done: Done) -> None:
    assert re.search(r"ARC-Challenge\s+acc_norm\s+61\.3\s+Internal evaluation", done.out)
    world.untouched()


def validated(world: World, done: Done) -> None:
    """The hand-written model-index is valid; the table scores it lacks are reported."""
    assert "EG" in done.out and "error" not in done.out
    world.untouched()


def merge_tables_noted(world: World, done: Done) -> None:
    synced("username/model-name")(world, done)
    assert done.err.count("--merge-tables: evalguard reads every table already") == 1


def mapped_metrics(world: World, done: Done) -> None:
    readme = world.pull_request("username/model-name", Purpose.SYNC)
    names = {r["dataset"]["name"]: r["metrics"][0].get("name") for r in model_index(readme)}
    assert names["MMLU"] == "Massive Multitask Language Understanding"
    assert names["HumanEval"] == "Code Generation (HumanEval)"


def batch(world: World, done: Done) -> None:
    for repo_id in ("username/model-name", "your-username/your-model"):
        assert values(world.pull_request(repo_id, Purpose.SYNC)) == SYNCED
    world.untouched("other-username/their-model", "anthropic/claude-sonnet-4")


def tables_inspected(world: World, done: Done) -> None:
    assert re.search(r"^username/multi-model/README.md: table 1 \(line \d+", done.out, re.M)
    assert re.search(r"^username/multi-model/README.md: table 2 \(line \d+", done.out, re.M)
    world.untouched()


def prs_listed(world: World, done: Done) -> None:
    assert re.search(r"#1\s+evalguard: sync model-index.*evalguard-bot \(evalguard\)", done.out)


def table_picked(world: World, done: Done) -> None:
    readme = world.pull_request("username/multi-model", Purpose.SYNC)
    assert values(readme) == {"GSM8K": 91.3}  # table 2 only; the model's column


def column_named(world: World, done: Done) -> None:
    assert "column 1 of table 2 (counting from 0) is 'multi-model'" in done.err
    assert "run again with --column multi-model instead" in done.err
    world.untouched()


def override_matched(world: World, done: Done) -> None:
    readme = world.pull_request("username/renamed-model", Purpose.SYNC)
    assert values(readme)["GSM8K"] == 91.3  # the multi-model column, not Llama-3-8B's


def dataset_type_noted(world: World, done: Done) -> None:
    synced("username/model-name")(world, done)
    assert done.err.count("--dataset-type: dataset.type is the benchmark's Hub dataset id") == 1


@dataclass(frozen=True)
class Expect:
    code: int
    did: Callable[[World, Done], None]
    #: environment changes for the run (None removes a variable)
    env: dict[str, str | None] = field(default_factory=dict)
    before: str = ""


M1, M2, M3 = (
    "Method 1: Extract from README",
    "Method 2: Import from Artificial Analysis",
    "Method 3: Run Evaluation Job",
)
REF, ADV, COMMON = "Commands Reference", "Advanced Usage", "Common Patterns"
CI, FINAL = "Integration Examples", "The scripts' final version"
ANTHROPIC = ("anthropic", "claude-sonnet-4")
EXPECTED: dict[str, Expect] = {
    f"{M1} / Basic Usage": Expect(0, synced("username/model-name")),
    f"{M1} / With Custom Task Type": Expect(0, extracted_then_merged),
    f"{M1} / Dry Run (Preview Only)": Expect(0, printed_model_index),
    f"{M2} / Basic Usage": Expect(
        0, imported("username/model-name", ANTHROPIC), env={"AA_API_KEY": None}
    ),
    f"{M2} / With Environment File": Expect(
        0, imported("username/model-name", ANTHROPIC), env={"AA_API_KEY": None, "HF_TOKEN": None}
    ),
    f"{M2} / Create Pull Request": Expect(0, imported("username/model-name", ANTHROPIC)),
    f"{M3} / Direct CLI Usage": Expect(2, replaced("cpu-basic", "mmlu_0_shot", gpu=False)),
    f"{M3} / GPU Example (A10G)": Expect(2, replaced("a10g-small", "gsm8k", gpu=True)),
    f"{M3} / Python Helper (optional)": Expect(2, replaced("t4-small", "mmlu_0_shot", gpu=True)),
    f"{REF} / List Available Commands": Expect(0, listed_commands),
    f"{REF} / Extract from README": Expect(0, printed_model_index),  # --dry-run wins
    f"{REF} / Import from Artificial Analysis": Expect(
        0, imported("username/model-name", ("creator-name", "model-slug"))
    ),
    f"{REF} / View Current Evaluations": Expect(0, shown),
    f"{REF} / Validate Model-Index": Expect(0, validated),
    f"{REF} / Run Evaluation Job": Expect(2, replaced("cpu-basic", "gsm8k", gpu=False)),
    f"{REF} / or use the Python helper": Expect(2, replaced("cpu-basic", "gsm8k", gpu=False)),
    f"{ADV} / Extract Multiple Tables": Expect(0, merge_tables_noted),
    f"{ADV} / Custom Metric Mapping": Expect(0, mapped_metrics),
    f"{ADV} / Batch Processing": Expect(0, batch),
    f"{COMMON} / Update Your Own Model": Expect(0, synced("your-username/your-model")),
    f"{COMMON} / Update Someone Else's Model": Expect(0, synced("other-username/their-model")),
    f"{COMMON} / Import Fresh Benchmarks": Expect(
        0, imported("anthropic/claude-sonnet-4", ANTHROPIC)
    ),
    f"{FINAL} / Inspect Tables": Expect(0, tables_inspected),
    f"{FINAL} / Get Open Pull Requests": Expect(
        0, prs_listed, before="evalguard sync --repo-id username/model-name"
    ),
    f"{FINAL} / Pick a Table": Expect(0, table_picked),
    f"{FINAL} / Pick the Model's Column by Position": Expect(2, column_named),
    f"{FINAL} / Match the Model by Another Name": Expect(0, override_matched),
    f"{FINAL} / Write Instead of Printing": Expect(0, synced("username/model-name")),
    f"{FINAL} / Dataset Type": Expect(0, dataset_type_noted),
}


def test_every_documented_command_line_is_checked() -> None:
    shell = {b.id for b in documented() if b.lang == "bash"}
    assert shell == set(EXPECTED)
    assert [b.lang for b in documented() if b.lang != "bash"] == [
        "markdown", "markdown", "markdown", "json", "yaml", "python",
    ]  # fmt: skip


@pytest.mark.parametrize("block_id", sorted(EXPECTED))
def test_documented_command_line(world: World, block_id: str) -> None:
    expect = EXPECTED[block_id]
    if expect.before:
        assert world.run(expect.before).code == 0
    done = world.run(as_evalguard(block(block_id).text), **expect.env)
    assert done.code == expect.code, done.err
    expect.did(world, done)


# -- the other code blocks: the table formats, the CI example, the Python example ---------------


@pytest.mark.parametrize(
    ("label", "scores"),
    [
        ("Format 1: Benchmarks as Rows", {"MMLU": [85.2], "HumanEval": [72.5]}),
        ("Format 2: Benchmarks as Columns",
         {"MMLU": [85.2], "HumanEval": [72.5], "GSM8K": [91.3]}),
        ("Format 3: Multiple Metrics", {"MMLU": [85.2, 0.84]}),
    ],
)  # fmt: skip
def test_documented_table_formats(world: World, label: str, scores: dict[str, list[float]]) -> None:
    """The documentation's table formats, in a local card: each gives its scores (the
    predecessor read Format 2 as a table of models, and found nothing)."""
    (table,) = [b.text for b in documented() if b.label == label]
    (world.folder / "README.md").write_text(f"---\nlicense: mit\n---\n# model-name\n\n{table}")

    done = world.run("evalguard extract-readme --model username/model-name")

    assert done.code == 1, done.err  # README.md changed: the fixer convention
    results = model_index((world.folder / "README.md").read_text())
    got = {r["dataset"]["name"]: [m["value"] for m in r["metrics"]] for r in results}
    assert got == scores


def test_ci_example_and_its_replacement_open_the_same_pull_request(tmp_path: Path) -> None:
    """The documentation's weekly CI job, its `run:` script as evalguard runs it, and the
    evalguard Action's `aa-refresh.yml`: the same one pull request, and a second run of
    either adds nothing."""
    repo_id = "anthropic/claude-sonnet-4"
    github = {
        "github.repository_owner": "anthropic",
        "github.event.repository.name": "claude-sonnet-4",
        "github.repository": repo_id,
        "secrets.AA_API_KEY": FakeAA.KEY,
        "secrets.HF_TOKEN": FakeHub.TOKEN,
        "inputs.repo-id || vars.EVALGUARD_REPOS": repo_id,
    }

    def expressions(text: str) -> str:
        return re.sub(r"\$\{\{ (.+?) \}\}", lambda m: github[m[1]], text)

    readmes = []
    for kind in ("documented", "replacement"):
        with opened(tmp_path / kind, repos=False) as world:
            repo = world.hub.add_repo(repo_id, {"README.md": card("claude-sonnet-4")})
            if kind == "documented":
                workflow = yaml.safe_load(block(f"{CI} / CI/CD Pipeline", "yaml").text)
                (old_step,) = [s for s in workflow["jobs"]["update"]["steps"] if "run" in s]
                env = {k: expressions(v) for k, v in old_step["env"].items()}
                runs = [world.run(as_evalguard(expressions(old_step["run"])), **env)]
                runs.append(world.run(as_evalguard(expressions(old_step["run"])), **env))
            else:
                workflow = yaml.safe_load((WORKFLOWS / "aa-refresh.yml").read_text())
                assert workflow[True]["schedule"]  # weekly, as the old one
                (step,) = workflow["jobs"]["refresh"]["steps"]
                inputs = {k: expressions(str(v)) for k, v in step["with"].items()}
                aa_config: dict[str, bytes | None] = {
                    ".evalguard.yaml": b"aa: {creator: anthropic, model: claude-sonnet-4}\n"
                }
                repo.commit("main", aa_config, "name the AA model")
                runs = [world.action(inputs), world.action(inputs)]
            assert [r.code for r in runs] == [0, 0], runs
            (pr,) = repo.prs.values()
            assert pr.title == Purpose.IMPORT_AA.title
            assert len(repo.commits_on(pr.ref)) == len(repo.commits_on("main")) + 1
            readmes.append(body_of(repo, pr.ref))
    assert readmes[0] == readmes[1]


def test_python_integration_example_reports_success(world: World) -> None:
    code = block(f"{CI} / Python Script Integration", "python").text
    code = code.replace('"python", "scripts/evaluation_manager.py",', '"evalguard",')
    script = f"{code}\nupdate_model_evaluations('username/model-name', '')\n"
    (world.folder / "integration.py").write_text(script)

    done = world.run(f"{sys.executable} integration.py")

    assert done.out == "Successfully updated username/model-name\n"
    assert values(world.pull_request("username/model-name", Purpose.SYNC)) == SYNCED


# -- the old spellings, one by one -----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "evalguard"),
    [
        (["scripts/evaluation_manager.py", "show", "--repo-id", "a/b"],
         ["show", "--repo-id", "a/b"]),
        (["evaluation_manager.py", "--help"], ["--help"]),
        (["evaluation-manager", "validate"], ["validate"]),
        (["check", "run_eval_job.py"], ["check", "run_eval_job.py"]),  # only the first word
        (["extract", "README.md"], ["extract", "README.md"]),
    ],
)  # fmt: skip
def test_old_script_names_become_evalguard(argv: list[str], evalguard: list[str]) -> None:
    assert translate(argv).argv == evalguard


@pytest.mark.parametrize(
    "argv",
    [
        ["run_eval_job.py", "--model", LLAMA, "--task", "gsm8k"],
        ["scripts/run_eval_job.py", "--model", LLAMA, "--task", "gsm8k"],
        ["run-eval-job", "--model", LLAMA, "--task", "gsm8k"],
        ["run_eval_job", "--model", LLAMA, "--task", "inspect_evals/gsm8k"],
        ["inspect_eval_uv.py", "--", "--model", LLAMA, "--task", "leaderboard|gsm8k|5"],
        ["jobs", "uv", "run", "x/inspect_eval_uv.py", "--secrets", "HF_TOKEN=hf_abc", "--",
         "--model", LLAMA, "--task", "gsm8k"],
    ],
)  # fmt: skip
def test_old_eval_spellings_print_eval_run(argv: list[str]) -> None:
    old = translate(argv)
    assert old.replacement == [
        "evalguard", "eval", "run", "--model", LLAMA, "--task", "gsm8k", "--flavor", "cpu-basic"
    ]  # fmt: skip
    assert "hf_abc" not in " ".join(old.notes)


def test_unknown_old_options_are_named_without_their_values() -> None:
    old = translate(["run_eval_job.py", "--model", LLAMA, "--task", "gsm8k", "--hf-token",
                     "hf_secret", "--sandbox", "local", "--tasks-root=/x"])  # fmt: skip
    assert "hf_secret" not in " ".join(old.notes) and "/x" not in " ".join(old.notes)
    assert "note: left out --sandbox, --tasks-root: not options of `evalguard eval run`" in (
        old.notes
    )
    assert any("left out the token" in note for note in old.notes)


def test_batch_in_one_run(world: World) -> None:
    """The README's one-run form of the documentation's batch loop."""
    done = world.run("evalguard sync $(sed 's/^/--repo-id /' models.txt)")

    assert done.code == 0, done.err
    for repo_id in ("username/model-name", "your-username/your-model"):
        assert values(world.pull_request(repo_id, Purpose.SYNC)) == SYNCED
    assert "2 repos: 2 changed" in done.err
