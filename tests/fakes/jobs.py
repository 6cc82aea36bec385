"""A fake Hugging Face Jobs API on a local server: the endpoints huggingface_hub calls for
run_job, inspect_job, list_jobs, fetch_job_logs (SSE), list_jobs_hardware and scheduled
jobs, with state a test sets up and reads back.

Point huggingface_hub at it with `HF_ENDPOINT=<fake.url>` in a subprocess's environment.
`FakeHubWithJobs` serves the Hub (tests/fakes/hub.py) and the Jobs API on one server, as
huggingface.co does: `eval collect --repo-id` reads jobs and opens pull requests there.
The server sends one RFC-1123 `Date` header per response (http.server's own), which
`fetch_job_logs(follow=False)` compares its log timestamps against.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fakes.http import FakeServer, Request, Response
from fakes.hub import FakeHub

OWNER = {"id": "5e9ecfc04957053f60648a3e", "name": "acme", "type": "user"}
#: what /api/jobs/hardware answers (the shape of the Hub's list; two CPU, one GPU flavor)
HARDWARE: list[dict[str, Any]] = [
    {"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB",
     "accelerator": None, "unitCostMicroUSD": 167, "unitCostUSD": 0.000167,
     "unitLabel": "minute"},
    {"name": "cpu-upgrade", "prettyName": "CPU Upgrade", "cpu": "8 vCPU", "ram": "32 GB",
     "accelerator": None, "unitCostMicroUSD": 500, "unitCostUSD": 0.0005,
     "unitLabel": "minute"},
    {"name": "a10g-small", "prettyName": "Nvidia A10G - small", "cpu": "4 vCPU",
     "ram": "15 GB", "accelerator": {"type": "gpu", "model": "A10G", "quantity": "1",
     "vram": "24 GB", "manufacturer": "Nvidia"}, "unitCostMicroUSD": 16667,
     "unitCostUSD": 0.016667, "unitLabel": "minute"},
]  # fmt: skip
#: log lines are stamped before any response's Date header
LOG_TIME = "2026-01-01T00:00:00.000Z"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class FakeJob:
    id: str
    stage: str = "COMPLETED"
    message: str | None = None
    logs: list[str] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    created: str = field(default_factory=_now)
    spec: dict[str, Any] = field(default_factory=dict)
    #: the stage the job reaches at the next look at it (a RUNNING job that finishes)
    next_stage: str | None = None

    def info(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "createdAt": self.created,
            "dockerImage": self.spec.get("dockerImage"),
            "command": self.spec.get("command"),
            "arguments": [],
            "environment": self.environment,
            "flavor": self.spec.get("flavor", "cpu-basic"),
            "labels": self.labels,
            "status": {"stage": self.stage, "message": self.message},
            "owner": OWNER,
        }


class FakeJobs(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[str, FakeJob] = {}
        self.scheduled: dict[str, dict[str, Any]] = {}
        self.hardware: list[dict[str, Any]] | None = HARDWARE
        #: jobs submitted from now on finish with this stage and these log lines
        self.finish_runs: tuple[str, list[str]] | None = None
        if not any(route.pattern.pattern.startswith("/api/whoami") for route in self.routes):
            self.route("GET", r"/api/whoami-v2", lambda r, m: Response(200, {"name": "acme"}))
        self.route("POST", r"/api/jobs/(?P<ns>[^/]+)", self._run)
        self.route("GET", r"/api/jobs/(?P<ns>[^/]+)", self._list)
        self.route("GET", r"/api/jobs/(?P<ns>[^/]+)/(?P<id>[^/]+)", self._inspect)
        self.route("GET", r"/api/jobs/(?P<ns>[^/]+)/(?P<id>[^/]+)/logs", self._logs)
        self.route("GET", r"/api/jobs/hardware", self._hardware)
        self.route("POST", r"/api/scheduled-jobs/(?P<ns>[^/]+)", self._schedule)
        self.route("GET", r"/api/scheduled-jobs/(?P<ns>[^/]+)", self._list_scheduled)
        self.route("DELETE", r"/api/scheduled-jobs/(?P<ns>[^/]+)/(?P<id>[^/]+)", self._delete)

    def add_job(self, job: FakeJob) -> FakeJob:
        self.jobs[job.id] = job
        return job

    def posted(self, path_prefix: str) -> list[Request]:
        return [r for r in self.requests if r.method == "POST" and r.path.startswith(path_prefix)]

    def _run(self, request: Request, match: re.Match[str]) -> Response:
        spec = request.json()
        job = self.add_job(
            FakeJob(
                f"job{len(self.jobs) + 1:04d}",
                stage="RUNNING",
                environment=spec.get("environment") or {},
                labels=spec.get("labels") or {},
                spec=spec,
            )
        )
        if self.finish_runs is not None:
            job.next_stage, job.logs = self.finish_runs
        return Response(200, job.info())

    def _list(self, request: Request, match: re.Match[str]) -> Response:
        wanted = dict(label.split("=", 1) for label in request.query.get("label", []))
        found = [
            j.info()
            for j in self.jobs.values()
            if all(j.labels.get(k) == v for k, v in wanted.items())
        ]
        return Response(200, found)

    def _inspect(self, request: Request, match: re.Match[str]) -> Response:
        job = self.jobs.get(match["id"])
        if job is None:
            return Response(404, {"error": "no such job"})
        if job.next_stage is not None:
            job.stage, job.next_stage = job.next_stage, None
        return Response(200, job.info())

    def _logs(self, request: Request, match: re.Match[str]) -> Response:
        job = self.jobs.get(match["id"])
        if job is None:
            return Response(404, {"error": "no such job"})
        events = ["===== Job started at 2026-01-01 00:00:00 =====", *job.logs]
        body = "".join(
            f"data: {json.dumps({'timestamp': LOG_TIME, 'data': line})}\n\n" for line in events
        )
        return Response(200, body.encode("utf-8"), {"Content-Type": "text/event-stream"})

    def _hardware(self, request: Request, match: re.Match[str]) -> Response:
        if self.hardware is None:
            return Response(503, {"error": "unavailable"})
        return Response(200, self.hardware)

    def _schedule(self, request: Request, match: re.Match[str]) -> Response:
        body = request.json()
        scheduled = {
            "id": f"sched{len(self.scheduled) + 1:04d}",
            "schedule": body.get("schedule"),
            "suspend": body.get("suspend", False),
            "jobSpec": body.get("jobSpec") or {},
            "status": {"nextJobRunAt": "2026-01-05T00:00:00.000Z"},
            "owner": OWNER,
        }
        self.scheduled[scheduled["id"]] = scheduled
        return Response(200, scheduled)

    def _list_scheduled(self, request: Request, match: re.Match[str]) -> Response:
        return Response(200, list(self.scheduled.values()))

    def _delete(self, request: Request, match: re.Match[str]) -> Response:
        if self.scheduled.pop(match["id"], None) is None:
            return Response(404, {"error": "no such scheduled job"})
        return Response(200, b"")


class FakeHubWithJobs(FakeJobs, FakeHub):
    """The fake Hub with the Jobs routes; whoami is the Hub's (the token's user)."""
