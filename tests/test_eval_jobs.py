"""`evalguard eval run/collect/schedules` against a local server speaking the Jobs API
(tests/fakes/jobs.py), through the real huggingface_hub in a subprocess whose
HF_ENDPOINT points at it."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakes.http import Request, Response
from fakes.hub import FakeHub, hub_environ
from fakes.jobs import FakeHubWithJobs, FakeJob, FakeJobs

from evalguard.remote.eval_script import record_line
from evalguard.remote.jobs import MODEL_ENV, REPO_ENV, JobRequest, job_command
from evalguard.results.model import JOBS_SOURCE_NAME

TOKEN = "hf_secretTOKENvalue123"
CARD = "---\nlicense: mit\n---\n# tiny-model\n"
MODEL = "acme/tiny-model"


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "evalguard": 1,
        "task": "gpqa_diamond",
        "inspect_task": "inspect_evals/gpqa_diamond",
        "model": f"hf-inference-providers/{MODEL}",
        "status": "success",
        "error": None,
        "scores": [{"name": "choice", "scorer": "choice", "metrics": {"accuracy": 0.41414}}],
        "samples": {"dataset": 198, "total": 198, "completed": 198},
        "limit": None,
        "versions": {"inspect_ai": "0.3.285", "inspect_evals": "0.26.0"},
    }
    return {**base, **changes}


def job(job_id: str, stage: str = "COMPLETED", **kwargs: Any) -> FakeJob:
    env = {MODEL_ENV: MODEL, REPO_ENV: MODEL}
    labels = {"evalguard": "eval", "evalguard-model": "acme-tiny-model"}
    return FakeJob(job_id, stage, environment=env, labels=labels, **kwargs)


@pytest.fixture
def fake() -> Iterator[FakeJobs]:
    with FakeJobs() as server:
        yield server


def evalguard(fake: FakeJobs, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HF_ENDPOINT": fake.url,
        "HF_TOKEN": TOKEN,
        "HF_HOME": str(cwd / ".hf"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "evalguard", "eval", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_no_token(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text


# -- eval run ---------------------------------------------------------------------------


def test_run_sends_script_flavor_labels_and_the_token_only_as_a_secret(
    fake: FakeJobs, tmp_path: Path
) -> None:
    done = evalguard(
        fake, tmp_path, "run", "--model", MODEL, "--task", "gpqa_diamond", "--task", "gsm8k",
        "--flavor", "cpu-upgrade", "--limit", "5", "--timeout", "90m",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    [request] = fake.posted("/api/jobs/")
    spec = request.json()
    assert spec["flavor"] == "cpu-upgrade"
    assert spec["timeoutSeconds"] == 5400
    assert spec["secrets"] == {"HF_TOKEN": TOKEN}
    spec_without_secrets = {k: v for k, v in spec.items() if k != "secrets"}
    assert_no_token(str(spec_without_secrets))
    assert spec["labels"]["evalguard"] == "eval"
    assert spec["labels"]["evalguard-model"] == "acme-tiny-model"
    assert spec["labels"]["evalguard-tasks"] == "gpqa_diamond--gsm8k"
    assert all(len(v) <= 100 for v in spec["labels"].values())
    assert spec["environment"] == {MODEL_ENV: MODEL, REPO_ENV: MODEL}
    command = spec["command"]
    assert command[:2] == ["sh", "-c"]
    assert "# /// script" in command[2] and "EVALGUARD_RESULT" in command[2]
    assert command[3:] == [
        "evalguard-eval", "--model", f"hf-inference-providers/{MODEL}",
        "--task", "gpqa_diamond", "--task", "gsm8k", "--limit", "5",
    ]  # fmt: skip
    assert "job0001" in done.stdout
    assert f"{fake.url}/jobs/acme/job0001" in done.stdout
    assert_no_token(done.stdout, done.stderr)


FLAVORS = "cpu-basic, cpu-upgrade, a10g-small"


@pytest.mark.parametrize("schedule", [[], ["--schedule", "@weekly"]], ids=["job", "scheduled"])
def test_run_dry_run_shows_the_job_and_submits_nothing(
    fake: FakeJobs, tmp_path: Path, schedule: list[str]
) -> None:
    done = evalguard(
        fake, tmp_path, "run", "--model", MODEL, "--task", "gpqa_diamond", "--limit", "5",
        "--flavor", "cpu-upgrade", "--dry-run", *schedule,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "on cpu-upgrade (CPU Upgrade, $0.03/hour) (dry run: nothing submitted)" in done.stdout
    args = f"evalguard-eval --model hf-inference-providers/{MODEL} --task gpqa_diamond --limit 5"
    assert args in done.stdout
    assert "labels: evalguard=eval, evalguard-model=acme-tiny-model" in done.stdout
    assert fake.posted("/api/") == []
    assert_no_token(done.stdout, done.stderr)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--task", "gpqa"], "unknown task 'gpqa'; evalguard knows these inspect_evals tasks:"),
        (["--task", "gpqa_diamond", "--flavor", "h100"],
         f"unknown flavor 'h100'; the Hub's hardware list: {FLAVORS}"),
        (["--task", "gpqa_diamond", "--model", "tiny"], "model 'tiny' is not a Hub repo id"),
    ],
    ids=["unknown-task", "unknown-flavor", "not-a-repo-id"],
)  # fmt: skip
def test_run_refuses_what_it_cannot_submit(
    fake: FakeJobs, tmp_path: Path, argv: list[str], message: str
) -> None:
    done = evalguard(fake, tmp_path, "run", "--model", MODEL, *argv)

    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert fake.posted("/api/jobs/") == []


@pytest.mark.parametrize(
    "argv",
    [["run", "--model", MODEL, "--task", "gsm8k", "--timeout", "soon"],
     ["collect", "--since", "soon"]],
    ids=["run-timeout", "collect-since"],
)  # fmt: skip
def test_a_duration_is_checked_as_the_command_line_is_read(
    fake: FakeJobs, tmp_path: Path, argv: list[str]
) -> None:
    done = evalguard(fake, tmp_path, *argv)

    assert done.returncode == 2
    flag = argv[-2]
    assert f"error: argument {flag}: not a duration: 'soon' (use e.g. 90m, 2h, 1d)" in done.stderr
    assert fake.requests == []


def test_unknown_task_lists_the_known_ones(fake: FakeJobs, tmp_path: Path) -> None:
    done = evalguard(fake, tmp_path, "run", "--model", MODEL, "--task", "mmlu")
    assert "gpqa_diamond" in done.stderr and "mmlu_5_shot" in done.stderr


def test_gpu_flavor_with_a_remote_provider_is_a_warning(fake: FakeJobs, tmp_path: Path) -> None:
    done = evalguard(
        fake,
        tmp_path,
        "run",
        "--model",
        MODEL,
        "--task",
        "gpqa_diamond",
        "--hardware",
        "a10g-small",
    )

    assert done.returncode == 0, done.stderr
    assert "warning: a10g-small is a GPU flavor" in done.stderr
    assert "$1.00/hour" in done.stdout  # the price from the hardware list
    assert fake.posted("/api/jobs/")[0].json()["flavor"] == "a10g-small"


@pytest.mark.parametrize("live", [True, False], ids=["hub-list", "known-list"])
def test_hardware_lists_the_flavors_with_prices(fake: FakeJobs, tmp_path: Path, live: bool) -> None:
    if not live:
        fake.hardware = None  # the Hub's list cannot be read: huggingface_hub's own names

    done = evalguard(fake, tmp_path, "hardware")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["FLAVOR", "HARDWARE", "USD/HOUR"]
    if live:
        assert lines[1].split() == ["cpu-basic", "CPU", "Basic", "0.01"]
        assert done.stderr == ""
    else:
        assert any(line.split()[:2] == ["cpu-basic", "CPU"] for line in lines)
        assert "could not be read" in done.stderr


def test_schedule_creates_a_scheduled_job_with_the_cron(fake: FakeJobs, tmp_path: Path) -> None:
    done = evalguard(
        fake, tmp_path, "run", "--model", MODEL, "--task", "gsm8k", "--schedule", "0 3 * * 1"
    )

    assert done.returncode == 0, done.stderr
    [request] = fake.posted("/api/scheduled-jobs/")
    body = request.json()
    assert body["schedule"] == "0 3 * * 1"
    assert body["jobSpec"]["secrets"] == {"HF_TOKEN": TOKEN}
    assert body["jobSpec"]["labels"]["evalguard"] == "eval"
    assert fake.posted("/api/jobs/") == []
    assert_no_token(done.stdout, done.stderr)

    listed = evalguard(fake, tmp_path, "schedules")
    assert "sched0001" in listed.stdout and "0 3 * * 1" in listed.stdout and MODEL in listed.stdout

    deleted = evalguard(fake, tmp_path, "schedules", "--delete", "sched0001")
    assert deleted.returncode == 0, deleted.stderr
    assert fake.scheduled == {}


def test_wait_prints_the_finished_jobs_scores(fake: FakeJobs, tmp_path: Path) -> None:
    fake.finish_runs = ("COMPLETED", [record_line(record())])

    done = evalguard(fake, tmp_path, "run", "--model", MODEL, "--task", "gpqa_diamond", "--wait")

    assert done.returncode == 0, done.stderr
    assert "Job job0001: COMPLETED" in done.stdout
    assert "gpqa_diamond: accuracy 0.4141 (198 samples)" in done.stdout


def test_wait_on_a_failed_job_exits_3(fake: FakeJobs, tmp_path: Path) -> None:
    fake.finish_runs = ("ERROR", [])

    done = evalguard(fake, tmp_path, "run", "--model", MODEL, "--task", "gpqa_diamond", "--wait")

    assert done.returncode == 3
    assert "job0001: job ERROR" in done.stderr


def test_no_token_is_a_clear_error(fake: FakeJobs, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    env |= {"HF_ENDPOINT": fake.url, "HF_HOME": str(tmp_path / ".hf")}
    done = subprocess.run(
        [sys.executable, "-m", "evalguard", "eval", "run", "--model", MODEL, "--task", "gsm8k",
         "--namespace", "acme"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no Hugging Face token" in done.stderr
    assert fake.posted("/api/jobs/") == []


def _echo_the_secrets(request: Request, match: re.Match[str]) -> Response:
    """A server that names what it was sent in its error (as validators often do)."""
    return Response(422, {"error": f"invalid job spec: {json.dumps(request.json())}"})


@pytest.mark.parametrize(
    ("argv", "route", "message"),
    [
        (["run", "--model", MODEL, "--task", "gsm8k"],
         ("POST", r"/api/jobs/acme", _echo_the_secrets),
         "HF Jobs: the Hub answered HTTP 422: invalid job spec:"),
        (["schedules"], ("GET", r"/api/scheduled-jobs/acme", lambda r, m: Response(500)),
         "HF Jobs: the Hub answered HTTP 500"),
        (["collect", "job0404"], None, "job0404: the Hub answered HTTP 404: no such job"),
        (["run", "--model", MODEL, "--task", "gsm8k"], ("GET", r"/api/whoami-v2",
         lambda r, m: Response(401, {"error": "Invalid credentials"})),
         "HF Jobs: the Hub rejected the token (HTTP 401); check HF_TOKEN"),
    ],
    ids=["server-echoes-the-token", "server-error", "no-such-job", "token-rejected"],
)  # fmt: skip
def test_a_failed_jobs_request_is_one_line_without_the_token(
    fake: FakeJobs,
    tmp_path: Path,
    argv: list[str],
    route: tuple[str, str, Any] | None,
    message: str,
) -> None:
    card(tmp_path)
    if route is not None:
        fake.route(*route)

    done = evalguard(fake, tmp_path, *argv)

    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert_no_token(done.stdout, done.stderr)


@pytest.mark.parametrize(
    "argv",
    [["run", "--model", MODEL, "--task", "gsm8k"], ["schedules"], ["collect"]],
    ids=["run", "schedules", "collect"],
)
def test_an_unreachable_hub_is_one_line(tmp_path: Path, argv: list[str]) -> None:
    card(tmp_path)
    with FakeJobs() as gone:
        url = gone.url  # a port nothing listens on once the server has stopped
    env = {**os.environ, "HF_ENDPOINT": url, "HF_TOKEN": TOKEN, "HF_HOME": str(tmp_path / ".hf")}
    done = subprocess.run(
        [sys.executable, "-m", "evalguard", "eval", *argv, "--namespace", "acme"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 2
    assert "cannot reach the Hub (ConnectError)" in done.stderr
    assert "Traceback" not in done.stderr


# -- eval collect -----------------------------------------------------------------------


def card(tmp_path: Path) -> Path:
    readme = tmp_path / "README.md"
    readme.write_text(CARD, "utf-8")
    return readme


def test_collect_merges_a_finished_jobs_scores(fake: FakeJobs, tmp_path: Path) -> None:
    readme = card(tmp_path)
    fake.add_job(job("job0042", logs=["Installed 82 packages", record_line(record())]))

    done = evalguard(fake, tmp_path, "collect")

    assert done.returncode == 1, done.stderr
    data = yaml.safe_load(readme.read_text("utf-8").split("---")[1])
    [result] = data["model-index"][0]["results"]
    assert result["source"] == {"name": JOBS_SOURCE_NAME, "url": f"{fake.url}/jobs/acme/job0042"}
    assert result["dataset"]["type"] == "Idavidrein/gpqa"
    assert result["metrics"][0]["value"] == 41.41
    assert result["metrics"][0]["args"]["task"] == "inspect_evals/gpqa_diamond"
    entries = yaml.safe_load((tmp_path / ".eval_results" / "gpqa_diamond.yaml").read_text())
    assert entries[0]["dataset"] == {"id": "Idavidrein/gpqa", "task_id": "diamond"}
    assert_no_token(done.stdout, done.stderr)

    again = evalguard(fake, tmp_path, "collect", "job0042")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout


def test_collect_diff_previews_as_sync_does(fake: FakeJobs, tmp_path: Path) -> None:
    """`--diff` prints the change and writes nothing; like `sync --diff` it exits 0."""
    readme = card(tmp_path)
    fake.add_job(job("job0042", logs=[record_line(record())]))

    done = evalguard(fake, tmp_path, "collect", "--diff")

    assert done.returncode == 0, done.stderr
    assert (
        "+++ b/README.md" in done.stdout and "+++ b/.eval_results/gpqa_diamond.yaml" in done.stdout
    )
    assert readme.read_text("utf-8") == CARD
    assert not (tmp_path / ".eval_results").exists()


@pytest.mark.parametrize(
    "argv",
    [["job0042", "models/tiny/README.md"], ["models/tiny/README.md", "job0042"]],
    ids=["jobs-then-card", "card-then-jobs"],
)
def test_collect_takes_the_card_among_the_job_ids(
    fake: FakeJobs, tmp_path: Path, argv: list[str]
) -> None:
    """`eval collect JOB README.md`, as the README shows it: the card is the word ending
    in .md, not one more job id."""
    folder = tmp_path / "models" / "tiny"
    folder.mkdir(parents=True)
    readme = card(folder)
    fake.add_job(job("job0042", logs=[record_line(record())]))

    done = evalguard(fake, tmp_path, "collect", *argv)

    assert done.returncode == 1, done.stderr
    assert "41.41" in readme.read_text("utf-8")
    assert not (tmp_path / "README.md").exists()
    inspected = [r.path for r in fake.requests if r.method == "GET" and "/api/jobs/" in r.path]
    assert inspected and all("/api/jobs/acme/job0042" in path for path in inspected)


def test_a_newer_job_with_the_same_score_changes_nothing(fake: FakeJobs, tmp_path: Path) -> None:
    readme = card(tmp_path)
    fake.add_job(job("job0001", logs=[record_line(record())]))
    assert evalguard(fake, tmp_path, "collect", "job0001").returncode == 1
    before = readme.read_bytes()
    fake.add_job(job("job0002", logs=[record_line(record())]))

    done = evalguard(fake, tmp_path, "collect", "job0002")

    assert done.returncode == 0, done.stderr
    assert readme.read_bytes() == before


EVAL_ERROR = record(status="error", error="RuntimeError('no route to model')", scores=[])
NOTHING = "; nothing written"


@pytest.mark.parametrize(
    ("fake_job", "message"),
    [
        (job("job0007", "ERROR", message="Job failed with exit code: 1"),
         f"job0007: job ERROR: Job failed with exit code: 1{NOTHING}"),
        (job("job0007", "CANCELED"), f"job0007: job CANCELED{NOTHING}"),
        (job("job0007", logs=[record_line(EVAL_ERROR)]),
         f"job0007: gpqa_diamond: eval log status error: RuntimeError('no route to model')"
         f"{NOTHING}"),
        (job("job0007", logs=["Traceback (most recent call last):"]),
         f"job0007: no evaluation record in the job's log{NOTHING}"),
    ],
    ids=["error", "cancelled", "eval-log-error", "no-record"],
)  # fmt: skip
def test_collect_writes_nothing_for_a_failed_job(
    fake: FakeJobs, tmp_path: Path, fake_job: FakeJob, message: str
) -> None:
    readme = card(tmp_path)
    fake.add_job(fake_job)

    done = evalguard(fake, tmp_path, "collect")

    assert done.returncode == 3
    assert message in done.stderr
    assert readme.read_text("utf-8") == CARD
    assert not (tmp_path / ".eval_results").exists()


def test_collect_reports_a_running_job_and_writes_nothing(fake: FakeJobs, tmp_path: Path) -> None:
    readme = card(tmp_path)
    fake.add_job(job("job0009", "RUNNING"))

    done = evalguard(fake, tmp_path, "collect")

    assert done.returncode == 0
    assert "job0009: still RUNNING" in done.stdout
    assert readme.read_text("utf-8") == CARD


# -- eval collect into Hub repos: one pull request per repo ---------------------------------


@pytest.fixture
def hub_jobs() -> Iterator[FakeHubWithJobs]:
    with FakeHubWithJobs() as server:
        yield server


def on_hub(server: FakeHubWithJobs, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`evalguard eval ARGV` against the fake Hub and Jobs API, with the Hub's token."""
    done = subprocess.run(
        [sys.executable, "-m", "evalguard", "eval", *argv],
        cwd=cwd, env={**os.environ, **hub_environ(server, cwd)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert FakeHub.TOKEN not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_collect_into_a_hub_repo_opens_one_pull_request_once(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    repo = hub_jobs.add_repo(MODEL, {"README.md": CARD})
    hub_jobs.add_job(job("job0042", logs=["Installed 82 packages", record_line(record())]))
    job_url = f"{hub_jobs.url}/jobs/acme/job0042"

    done = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL, "--create-pr")

    assert done.returncode == 0, done.stderr
    (pr,) = repo.prs.values()
    assert pr.title == "evalguard: evaluation results from Hugging Face Jobs"
    assert "| GPQA Diamond | accuracy (inspect_evals/gpqa_diamond) | — | 41.41 |" in (
        pr.description
    )
    assert f"[{JOBS_SOURCE_NAME}](<{job_url}>): inspect_evals/gpqa_diamond (198 samples)" in (
        pr.description
    )
    files = repo.files(pr.ref)
    data = yaml.safe_load(files["README.md"].decode().split("---")[1])
    [result] = data["model-index"][0]["results"]
    assert result["source"] == {"name": JOBS_SOURCE_NAME, "url": job_url}
    assert b"Idavidrein/gpqa" in files[".eval_results/gpqa_diamond.yaml"]
    assert f"opened pull request #{pr.num}" in done.stdout
    assert len(repo.commits_on("main")) == 1
    # one client for the jobs and the pull request: the token's user is asked once
    assert [r.path for r in hub_jobs.requests].count("/api/whoami-v2") == 1

    again = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL, "--create-pr")

    assert again.returncode == 0, again.stderr
    assert "already holds these changes" in again.stdout
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 2  # initial + the PR's
    assert len(repo.commits_on("main")) == 1


def test_collect_into_a_hub_repo_writes_nothing_for_a_failed_job(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    repo = hub_jobs.add_repo(MODEL, {"README.md": CARD})
    hub_jobs.add_job(job("job0007", "ERROR", message="Job failed with exit code: 1"))

    done = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL)

    assert done.returncode == 3
    assert f"job0007: job ERROR: Job failed with exit code: 1{NOTHING}" in done.stderr
    assert repo.prs == {} and len(repo.commits_on("main")) == 1


def test_a_jobs_status_message_is_printed_without_a_token(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    """The status message is the server's words: a job that failed printing its
    environment must not put the token in evalguard's output (on_hub checks)."""
    hub_jobs.add_repo(MODEL, {"README.md": CARD})
    said = f"exit code 1: HF_TOKEN={FakeHub.TOKEN}"
    hub_jobs.add_job(job("job0007", "ERROR", message=said))

    done = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL)

    assert done.returncode == 3
    assert f"job0007: job ERROR: exit code 1: HF_TOKEN=***{NOTHING}" in done.stderr


def test_collect_into_hub_repos_takes_each_repos_own_jobs(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    other = "acme/other-model"
    repos = [hub_jobs.add_repo(r, {"README.md": CARD}) for r in (MODEL, other)]
    hub_jobs.add_job(job("job0001", logs=[record_line(record())]))
    hub_jobs.add_job(
        FakeJob("job0002", environment={MODEL_ENV: other, REPO_ENV: other},
                labels={"evalguard": "eval"}, logs=[record_line(record(task="gsm8k",
                inspect_task="inspect_evals/gsm8k", scores=[{"scorer": "match",
                "metrics": {"accuracy": 0.5}}], samples={"dataset": 1319, "total": 1319,
                "completed": 1319}))])
    )  # fmt: skip

    dry = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL, "--repo-id", other, "--diff")
    assert dry.returncode == 0, dry.stderr
    assert "+++ b/acme/tiny-model/.eval_results/gpqa_diamond.yaml" in dry.stdout
    assert "+++ b/acme/other-model/.eval_results/gsm8k.yaml" in dry.stdout
    assert all(r.prs == {} for r in repos)

    done = on_hub(hub_jobs, tmp_path, "collect", "--repo-id", MODEL, "--repo-id", other)

    assert done.returncode == 0, done.stderr
    mine, theirs = (r.prs[1] for r in repos)
    assert b"gpqa" in repos[0].files(mine.ref)["README.md"]
    assert b"gsm8k" not in repos[0].files(mine.ref)["README.md"]
    assert b"job0002" in repos[1].files(theirs.ref)["README.md"]


def test_collect_model_with_several_repos_is_a_usage_error(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    done = on_hub(hub_jobs, tmp_path, "collect", "--model", MODEL, "--author", "acme")
    assert done.returncode == 2
    assert "--model picks one model's jobs" in done.stderr


# -- the job's command, run as the job would ------------------------------------------------


@pytest.mark.slow
def test_the_job_command_runs_the_script_and_prints_records(tmp_path: Path) -> None:
    """The command of the job request, run by `sh` with a stand-in `uv` (it runs the
    script with this interpreter, where inspect-ai is installed, instead of resolving the
    script's dependencies from PyPI): the here-document, the script and its records."""
    pytest.importorskip("inspect_ai")
    tasks = Path(__file__).parent / "data" / "inspect_tiny_tasks.py"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    uv = bin_dir / "uv"
    uv.write_text(
        "#!/bin/sh\nshift\n"
        'while [ $# -gt 0 ]; do case "$1" in\n'
        "  --quiet) shift;; --with) shift 2;; *) break;;\nesac; done\n"
        f'exec {sys.executable} "$@"\n'
    )
    uv.chmod(uv.stat().st_mode | stat.S_IEXEC)
    command = job_command(JobRequest(model=MODEL, tasks=(f"{tasks}@tiny",)))
    command[command.index("--model") + 1] = "mockllm/model"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )

    assert done.returncode == 0, done.stderr[-2000:]
    from evalguard.sources.jobs import parse_records

    [parsed] = parse_records(done.stdout.splitlines())
    assert parsed.ok and parsed.metric("accuracy", None) == pytest.approx(2 / 3)
    assert shutil.which("sh")


# -- the action's eval-run / eval-collect ---------------------------------------------------


def action(fake: FakeJobs, workspace: Path, **inputs: str) -> tuple[int, str, str]:
    """`python -m evalguard.action` as action.yml runs it: the inputs as EG_* variables."""
    output = workspace.parent / "github_output"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("EG_", "GITHUB_", "HF_"))},
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(output),
        "HF_ENDPOINT": fake.url,
        "HF_HOME": str(workspace.parent / ".hf"),
        "EG_HF_TOKEN": TOKEN,
        **{f"EG_{k.upper()}": v for k, v in inputs.items()},
    }
    done = subprocess.run(
        [sys.executable, "-m", "evalguard.action"],
        cwd=workspace, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    outputs = output.read_text("utf-8") if output.exists() else ""
    return done.returncode, done.stdout + done.stderr, outputs


def test_action_eval_run_submits_with_the_token_as_a_secret(fake: FakeJobs, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()

    code, log, _ = action(
        fake, workspace, command="eval-run", model=MODEL, tasks="gpqa_diamond gsm8k",
        flavor="cpu-basic", limit="",
    )  # fmt: skip

    assert code == 0, log
    [request] = fake.posted("/api/jobs/")
    assert request.json()["secrets"] == {"HF_TOKEN": TOKEN}
    assert "--task" in request.json()["command"]
    assert f"{fake.url}/jobs/acme/job0001" in log
    assert [line for line in log.splitlines() if TOKEN in line] == [f"::add-mask::{TOKEN}"]


def test_action_eval_run_dry_run_logs_the_job_and_submits_nothing(
    fake: FakeJobs, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()

    code, log, _ = action(
        fake, workspace, command="eval-run", model=MODEL, tasks="gsm8k", args="--dry-run"
    )

    assert code == 0, log
    assert f"evalguard-eval --model hf-inference-providers/{MODEL} --task gsm8k" in log
    assert "dry run: would submit a job on cpu-basic" in log
    assert fake.posted("/api/") == []
    assert [line for line in log.splitlines() if TOKEN in line] == [f"::add-mask::{TOKEN}"]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"tasks": "gpqa"}, "inputs: unknown task 'gpqa'; evalguard knows"),
        ({"flavor": "h100"}, f"inputs: unknown flavor 'h100'; the Hub's hardware list: {FLAVORS}"),
        ({"model": "tiny"}, "inputs: model 'tiny' is not a Hub repo id"),
        ({"args": "--timeout soon"}, "args: argument --timeout: not a duration: 'soon'"),
    ],
    ids=["unknown-task", "unknown-flavor", "not-a-repo-id", "not-a-duration"],
)
def test_action_eval_run_refuses_what_it_cannot_submit(
    fake: FakeJobs, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    """The same checks as `evalguard eval run` (remote.jobs.check_request, the flavor)."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    given = {"model": MODEL, "tasks": "gpqa_diamond", "flavor": "cpu-basic", **inputs}

    code, log, _ = action(fake, workspace, command="eval-run", **given)

    assert code == 2, log
    assert f"::error title=evalguard::{message}" in log
    assert fake.posted("/api/jobs/") == []


def test_action_eval_collect_writes_the_cards_and_lists_them(
    fake: FakeJobs, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "README.md").write_text(CARD, "utf-8")
    (workspace / ".evalguard.yaml").write_text(f"model: {MODEL}\n", "utf-8")
    fake.add_job(job("job0042", logs=[record_line(record())]))
    fake.add_job(job("job0043", "ERROR", message="out of memory"))

    code, log, outputs = action(fake, workspace, command="eval-collect")

    assert code == 1, log  # the failed job is an error (fail-on-error)
    assert "job0043: job ERROR: out of memory; nothing written for it" in log
    assert "README.md" in outputs and ".eval_results/gpqa_diamond.yaml" in outputs
    assert "job0042" in (workspace / "README.md").read_text("utf-8")


def test_action_eval_collect_annotates_a_failed_job_on_its_card(
    fake: FakeJobs, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    (workspace / "models" / "tiny").mkdir(parents=True)
    (workspace / "models" / "tiny" / "README.md").write_text(CARD, "utf-8")
    (workspace / "models" / "tiny" / ".evalguard.yaml").write_text(f"model: {MODEL}\n", "utf-8")
    fake.add_job(job("job0043", "ERROR", message="out of memory"))

    code, log, _ = action(fake, workspace, command="eval-collect")

    assert code == 1, log
    [line] = [line for line in log.splitlines() if "job0043" in line and "::error" in line]
    assert "file=models/tiny/README.md" in line
    assert "job0043: job ERROR: out of memory; nothing written for it" in line


def test_action_eval_collect_bad_since_is_an_input_error(fake: FakeJobs, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "README.md").write_text(CARD, "utf-8")

    code, log, _ = action(fake, workspace, command="eval-collect", args="--since soon")

    assert code == 2, log
    assert "::error title=evalguard::args: argument --since: not a duration: 'soon'" in log
    assert "Traceback" not in log


def test_action_eval_collect_takes_cards_from_paths_only(fake: FakeJobs, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "README.md").write_text(CARD, "utf-8")

    code, log, _ = action(fake, workspace, command="eval-collect", args="job0042 other/README.md")

    assert code == 2
    assert "::error title=evalguard::args: other/README.md is not an option; name cards" in log
    assert fake.requests == []


def test_action_eval_collect_into_hub_repos_opens_one_pull_request_each(
    hub_jobs: FakeHubWithJobs, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    repo = hub_jobs.add_repo(MODEL, {"README.md": CARD})
    hub_jobs.add_job(job("job0042", logs=[record_line(record())]))
    hub_jobs.add_job(job("job0043", "ERROR", message="out of memory"))
    inputs = {"command": "eval-collect", "repo_id": MODEL, "create_pr": "true",
              "hf_token": FakeHub.TOKEN}  # fmt: skip

    code, log, outputs = action(hub_jobs, workspace, **inputs)

    assert code == 1, log  # the failed job is an error (fail-on-error)
    assert "job0043: job ERROR: out of memory; nothing written for it" in log
    (pr,) = repo.prs.values()
    assert pr.title == "evalguard: evaluation results from Hugging Face Jobs"
    assert b"job0042" in repo.files(pr.ref)["README.md"]
    assert f"{hub_jobs.url}/{MODEL}/discussions/1" in outputs

    code, log, _ = action(hub_jobs, workspace, **inputs)
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 2
    assert FakeHub.TOKEN not in log.replace(f"::add-mask::{FakeHub.TOKEN}", "")
