"""Evaluation jobs on Hugging Face Jobs, through huggingface_hub's Jobs API.

- The job runs `evalguard/remote/eval_script.py` (uv inline dependency metadata), which
  travels inside the job request: `sh -c` writes it from a here-document and `uv run`s
  it, so dispatching needs the Jobs API only (no upload, no bucket).
- `HF_TOKEN` goes as a job *secret*; it is never in the environment, the arguments or
  the command, and never printed.
- Jobs carry labels (`evalguard=eval`, the model, the tasks) so they can be found again;
  labels allow only `[A-Za-z0-9_-]`, so the exact model id and target repo also travel
  in the (not secret) environment.

Imported lazily: only `evalguard eval run/collect/schedules/hardware` load huggingface_hub.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from evalguard.errors import EvalguardError
from evalguard.package_data import read_text

if TYPE_CHECKING:
    from huggingface_hub import HfApi, JobInfo, ScheduledJobInfo

T = TypeVar("T")

IMAGE = "ghcr.io/astral-sh/uv:python3.12-bookworm"
SCRIPT_PATH = "/tmp/evalguard_eval.py"
_HEREDOC = "EVALGUARD_SCRIPT_END"
#: the label every evalguard job carries (label key -> value)
LABEL, LABEL_VALUE = "evalguard", "eval"
MODEL_LABEL, TASKS_LABEL = "evalguard-model", "evalguard-tasks"
#: environment variables with the exact model id and the repo its scores go to
MODEL_ENV, REPO_ENV = "EVALGUARD_MODEL", "EVALGUARD_REPO"
TOKEN_SECRET = "HF_TOKEN"
LABEL_MAX = 100
_LABEL_BAD = re.compile(r"[^A-Za-z0-9_-]+")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class JobsError(EvalguardError):
    """A request to HF Jobs that cannot be made or failed (one line, no secret in it)."""


class Provider(Enum):
    """Where the model runs during the evaluation."""

    #: Hugging Face Inference Providers (remote): the job itself needs no GPU
    HF_INFERENCE_PROVIDERS = "hf-inference-providers"
    #: vLLM started inside the job (needs a GPU flavor)
    VLLM = "vllm"
    #: transformers inside the job (inspect's `hf/` provider; a GPU flavor for real models)
    TRANSFORMERS = "transformers"

    @property
    def remote(self) -> bool:
        return self is Provider.HF_INFERENCE_PROVIDERS

    @property
    def dependencies(self) -> tuple[str, ...]:
        """What the job needs beyond the script's own metadata."""
        return {
            Provider.HF_INFERENCE_PROVIDERS: (),
            Provider.VLLM: ("vllm",),
            Provider.TRANSFORMERS: ("torch", "transformers", "accelerate"),
        }[self]

    def inspect_model(self, model: str) -> str:
        return inspect_model(self.value, model)


def inspect_model(provider: str, model: str) -> str:
    """inspect-ai's name of `model` at `provider`: evalguard's `transformers` is inspect's
    `hf/`; any other provider (`vllm`, `openai-api/mine`...) is inspect's own name."""
    prefix = "hf" if provider == Provider.TRANSFORMERS.value else provider
    return f"{prefix}/{model}"


def seconds(text: str) -> int:
    """`90m`, `2h`, `1d`, `3600` -> seconds; JobsError otherwise."""
    found = _DURATION.match(text.strip())
    if not found or float(found.group(1)) <= 0:
        raise JobsError(f"not a duration: {text!r} (use e.g. 90m, 2h, 1d)")
    return int(float(found.group(1)) * _UNITS[found.group(2)])


def label_value(text: str) -> str:
    """`org/Model-1.5B` -> `org-Model-1-5B`: what a label may hold, at most 100 chars."""
    return _LABEL_BAD.sub("-", text).strip("-")[:LABEL_MAX] or "-"


@dataclass(frozen=True)
class JobRequest:
    """One evaluation job: the model, its tasks, where and how it runs."""

    model: str
    tasks: tuple[str, ...]
    provider: Provider = Provider.HF_INFERENCE_PROVIDERS
    flavor: str = "cpu-basic"
    limit: int | None = None
    timeout: str = "2h"
    #: the repo the scores go to (default: the model's own)
    repo_id: str | None = None
    #: a volume mount (`hf://buckets/org/b:/logs`) to keep the eval logs in
    volume: str | None = None

    @property
    def target(self) -> str:
        return self.repo_id or self.model

    def mount_path(self) -> str | None:
        return None if self.volume is None else _volume(self.volume).mount_path


def check_request(request: JobRequest) -> None:
    """JobsError for a request no job could run (before anything is asked of the Hub): a
    model or target that is not a Hub repo id, an unknown task, a timeout that is not a
    duration."""
    check_repo_id(request.model, "model")
    if request.repo_id is not None:
        check_repo_id(request.repo_id, "target repo")
    check_tasks(request.tasks)
    seconds(request.timeout)


def check_repo_id(text: str, what: str) -> None:
    from evalguard.tables import ModelName

    if ModelName(text).repo_id is None:
        raise JobsError(f"{what} {text!r} is not a Hub repo id (ORG/NAME)")


def check_tasks(tasks: Iterable[str]) -> None:
    """JobsError naming the known tasks when one is not an inspect_evals task evalguard
    maps to a benchmark."""
    from evalguard.sources.jobs import inspect_tasks, known_tasks_message

    unknown = [task for task in tasks if task not in inspect_tasks()]
    if unknown:
        raise JobsError(known_tasks_message(unknown[0]))


def script_text() -> str:
    return read_text("remote/eval_script.py")


def job_command(request: JobRequest) -> list[str]:
    """`sh -c` that writes the script and `uv run`s it; the script's arguments follow."""
    script = script_text()
    if f"\n{_HEREDOC}\n" in f"\n{script}\n":  # pragma: no cover - a guard for maintainers
        raise AssertionError("the script contains the here-document delimiter")
    with_deps = "".join(f" --with {shlex.quote(d)}" for d in request.provider.dependencies)
    shell = (
        f"cat > {SCRIPT_PATH} <<'{_HEREDOC}'\n{script.rstrip()}\n{_HEREDOC}\n"
        f'exec uv run --quiet{with_deps} {SCRIPT_PATH} "$@"'
    )
    return ["sh", "-c", shell, "evalguard-eval", *script_arguments(request)]


def script_arguments(request: JobRequest) -> list[str]:
    """What the job script is given: the inspect model, the tasks, the limit, the log dir."""
    args = ["--model", request.provider.inspect_model(request.model)]
    for task in request.tasks:
        args += ["--task", task]
    if request.limit is not None:
        args += ["--limit", str(request.limit)]
    mount = request.mount_path()
    if mount:
        args += ["--log-dir", mount]
    return args


def describe_job(request: JobRequest) -> list[str]:
    """What a job made from `request` would hold, one line each, for a dry run: all of it
    but the script's text and the token's value."""
    lines = [
        f"image: {IMAGE}",
        f"command: sh -c <evalguard's job script, {len(script_text().splitlines())} lines> "
        f"evalguard-eval {shlex.join(script_arguments(request))}",
        "environment: " + ", ".join(f"{k}={v}" for k, v in job_environment(request).items()),
        f"secrets: {TOKEN_SECRET} (your token; its value is never shown)",
        "labels: " + ", ".join(f"{k}={v}" for k, v in job_labels(request).items()),
        f"timeout: {request.timeout} ({seconds(request.timeout)} s)",
    ]
    if request.volume:
        lines.append(f"volume: {request.volume}")
    return lines


def job_labels(request: JobRequest) -> dict[str, str]:
    return {
        LABEL: LABEL_VALUE,
        MODEL_LABEL: label_value(request.target),
        TASKS_LABEL: label_value("--".join(request.tasks)),
    }


def job_environment(request: JobRequest) -> dict[str, str]:
    return {MODEL_ENV: request.model, REPO_ENV: request.target}


def _volume(spec: str) -> Any:
    try:
        from huggingface_hub import Volume
        from huggingface_hub.utils._hf_uris import parse_hf_mount
    except ImportError:  # pragma: no cover - huggingface_hub < 1.x-with-volumes
        raise JobsError(
            "--volume needs a newer huggingface_hub (pip install -U huggingface_hub)"
        ) from None
    try:
        mount = parse_hf_mount(spec)
    except ValueError as exc:
        raise JobsError(f"--volume {spec}: {exc}") from None
    return Volume(
        type=mount.source.type,
        source=mount.source.id,
        mount_path=mount.mount_path,
        read_only=mount.read_only,
        path=mount.source.path_in_repo or None,
        revision=mount.source.revision or None,
    )


@dataclass(frozen=True)
class Flavor:
    name: str
    gpu: bool
    #: USD per hour, when the Hub's hardware list said
    usd_per_hour: float | None = None
    pretty_name: str | None = None

    def describe(self) -> str:
        price = (
            f"${self.usd_per_hour:.2f}/hour" if self.usd_per_hour is not None else "price unknown"
        )
        return f"{self.name} ({self.pretty_name or ('GPU' if self.gpu else 'CPU')}, {price})"


def flavor_warning(flavor: Flavor, provider: Provider) -> str | None:
    """What is odd about running `provider` on `flavor`: a GPU paid for and idle, or a
    model run inside a job without one."""
    if flavor.gpu and provider.remote:
        return (
            f"{flavor.name} is a GPU flavor, but with {provider.value} the model runs at the "
            "inference provider and the GPU sits idle (paid for); cpu-basic is enough"
        )
    if not flavor.gpu and not provider.remote:
        return (
            f"{provider.value} runs the model inside the job, on {flavor.name} (no GPU): "
            "expect it to be slow or to run out of memory"
        )
    return None


def known_flavors() -> list[Flavor]:
    """The flavors huggingface_hub knows (offline), without prices."""
    from huggingface_hub import JobHardware

    return [Flavor(h.value, not h.value.startswith("cpu-")) for h in JobHardware]


def _per_hour(cost: float, unit: str) -> float | None:
    factor = {"second": 3600, "minute": 60, "hour": 1}.get(unit.lower().rstrip("s"))
    return cost * factor if factor else None


@dataclass
class JobOutcome:
    """A finished (or not) evalguard job, as collect sees it."""

    job_id: str
    url: str
    stage: str
    model: str | None
    repo: str | None
    message: str | None = None
    created: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.stage == "COMPLETED"

    @property
    def running(self) -> bool:
        return self.stage in ("SCHEDULING", "RUNNING")

    @property
    def problem(self) -> str | None:
        """`job ERROR: out of memory` for a job that did not complete; None when it did."""
        if self.completed:
            return None
        message = " ".join(self.message.split()) if self.message else ""
        return f"job {self.stage}" + (f": {message}" if message else "")


class JobsClient:
    """The calls evalguard makes, through the Hub's client (`remote.hub.hub_api`: the
    same token, `.env` file and `HF_ENDPOINT` as every command); errors become JobsError
    with one line (`remote.hub.hub_call`)."""

    def __init__(self, api: HfApi | None = None, *, namespace: str | None = None) -> None:
        from huggingface_hub import get_token

        from evalguard.remote.hub import hub_api

        self.api: HfApi = api or hub_api()
        #: the token the job gets as a secret: the client's, else the saved login
        self._token = self.api.token if isinstance(self.api.token, str) else get_token()
        self._namespace = namespace

    @property
    def namespace(self) -> str:
        if self._namespace is None:
            self._namespace = str(self._call(lambda: self.api.whoami(cache=True)["name"]))
        return self._namespace

    def _call(self, do: Callable[[], T], what: str = "HF Jobs") -> T:
        from evalguard.remote.hub import hub_call

        try:
            return hub_call(do, what, error=JobsError, secret=self._token)
        except AttributeError as exc:  # pragma: no cover - an older huggingface_hub
            raise JobsError(
                f"this huggingface_hub has no Jobs API ({exc}); pip install -U huggingface_hub"
            ) from None

    def _secrets(self) -> dict[str, str]:
        if not self._token:
            raise JobsError(
                "no Hugging Face token: set HF_TOKEN or run `hf auth login` "
                "(the job gets it as a secret)"
            )
        return {TOKEN_SECRET: self._token}

    def flavors(self) -> tuple[list[Flavor], bool]:
        """The Hub's hardware list with prices; (known list, False) when it cannot be read."""
        try:
            infos = self._call(self.api.list_jobs_hardware)
        except JobsError:
            return known_flavors(), False
        return [
            Flavor(
                h.name,
                h.accelerator is not None,
                _per_hour(h.unit_cost_usd, h.unit_label),
                h.pretty_name,
            )
            for h in infos
        ], True

    def flavor(self, name: str) -> Flavor:
        """The flavor called `name` in the Hub's hardware list (offline: huggingface_hub's
        known flavors); JobsError listing them when there is none."""
        flavors, live = self.flavors()
        found = next((f for f in flavors if f.name == name), None)
        if found is None:
            where = "the Hub's hardware list" if live else "huggingface_hub's known flavors"
            raise JobsError(
                f"unknown flavor {name!r}; {where}: {', '.join(f.name for f in flavors)}"
            )
        return found

    def _spec(self, request: JobRequest) -> dict[str, Any]:
        """What run_job and create_scheduled_job share: the job itself."""
        return {
            "image": IMAGE,
            "command": job_command(request),
            "env": job_environment(request),
            "secrets": self._secrets(),
            "flavor": request.flavor,
            "timeout": seconds(request.timeout),
            "labels": job_labels(request),
            "volumes": [_volume(request.volume)] if request.volume else None,
            "namespace": self.namespace,
        }

    def submit(self, request: JobRequest) -> JobInfo:
        spec = self._spec(request)
        return self._call(lambda: self.api.run_job(**spec))

    def schedule(self, request: JobRequest, cron: str) -> ScheduledJobInfo:
        spec = self._spec(request)
        return self._call(lambda: self.api.create_scheduled_job(schedule=cron, **spec))

    def schedules(self) -> list[ScheduledJobInfo]:
        found = self._call(lambda: list(self.api.list_scheduled_jobs(namespace=self.namespace)))
        return [s for s in found if (s.job_spec.labels or {}).get(LABEL) == LABEL_VALUE]

    def delete_schedule(self, schedule_id: str) -> None:
        mine = {s.id for s in self.schedules()}
        if schedule_id not in mine:
            raise JobsError(f"{schedule_id}: no evalguard schedule with this id")
        self._call(
            lambda: self.api.delete_scheduled_job(
                scheduled_job_id=schedule_id, namespace=self.namespace
            ),
            schedule_id,
        )

    def wait(self, job_id: str, timeout: float | None) -> JobOutcome:
        try:
            info = self._call(
                lambda: self.api.wait_for_job(job_id, timeout=timeout, namespace=self.namespace),
                job_id,
            )
        except TimeoutError:
            raise JobsError(f"{job_id}: still running after {timeout:.0f} s") from None
        if isinstance(info, list):  # pragma: no cover - one id in, one JobInfo out
            info = info[0]
        return outcome_of(info, self._token)

    def jobs(self, job_ids: Sequence[str], *, since: timedelta | None) -> list[JobOutcome]:
        """The given jobs, else every evalguard job created within `since`; newest first."""
        if job_ids:
            infos = [self._inspect(j) for j in job_ids]
        else:
            infos = self._call(
                lambda: list(
                    self.api.list_jobs(labels={LABEL: LABEL_VALUE}, namespace=self.namespace)
                )
            )
            if since is not None:
                oldest = datetime.now(timezone.utc) - since
                infos = [i for i in infos if i.created_at is None or i.created_at >= oldest]
        outcomes = [outcome_of(i, self._token) for i in infos]
        epoch = datetime.min.replace(tzinfo=timezone.utc)
        return sorted(outcomes, key=lambda o: o.created or epoch, reverse=True)

    def _inspect(self, job_id: str) -> JobInfo:
        return self._call(
            lambda: self.api.inspect_job(job_id=job_id, namespace=self.namespace), job_id
        )

    def logs(self, outcome: JobOutcome) -> list[str]:
        return self._call(
            lambda: list(self.api.fetch_job_logs(job_id=outcome.job_id, namespace=self.namespace)),
            outcome.job_id,
        )


def outcome_of(info: JobInfo, secret: str | None = None) -> JobOutcome:
    """What collect needs of a job. Its status message is the server's words, printed
    as they are: without tokens (`report.redact`; `secret`, the job's own token)."""
    from evalguard.report.redact import redact

    env: Mapping[str, Any] = info.environment or {}
    model = str(env.get(MODEL_ENV) or "") or None
    return JobOutcome(
        job_id=info.id,
        url=info.url,
        stage=str(getattr(info.status.stage, "value", info.status.stage)),
        model=model,
        repo=str(env.get(REPO_ENV) or "") or model,
        message=redact(info.status.message, secret) if info.status.message else None,
        created=info.created_at,
    )
