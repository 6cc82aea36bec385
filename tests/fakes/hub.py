"""A fake Hugging Face Hub: the endpoints huggingface_hub calls, on a local server.

Point huggingface_hub at it with `HF_ENDPOINT=<fake.url>` (evalguard reads the variable
when it makes its client; huggingface_hub itself reads it at import time, so a
subprocess needs it in its environment) and `HF_TOKEN=FakeHub.TOKEN`.

    hub = FakeHub()
    repo = hub.add_repo("acme/tiny", {"README.md": CARD})
    with hub: ...                       # evalguard reads, commits, opens pull requests
    repo.files("main"), repo.prs, repo.commits_on("refs/pr/1")
    hub.close_pr("acme/tiny", 1); hub.merge_pr("acme/tiny", 1); hub.push(...)

Routes (each a method, registered in `__init__`; a test or another fake adds more with
`hub.route(...)`, as `fakes/jobs.py` may):
- `GET /api/whoami-v2`, `GET /api/models?author=` (paged with a `Link` header)
- `GET /api/models/{repo}[/revision/{rev}]` (sha, siblings)
- `GET|HEAD /{repo}/resolve/{rev}/{path}` (raw bytes)
- `GET /api/models/{repo}/discussions` (filters type, status, author; paged)
- `POST /api/models/{repo}/preupload/{rev}`, `POST /api/models/{repo}/commit/{rev}`
  (ndjson; `create_pr=1`; `parentCommit` checked as the Hub does)
- `POST /api/models/{repo}/discussions/{num}/comment`
- `POST /api/validate-yaml` (answers `validate_errors` / `validate_warnings`)

Writes need `Authorization: Bearer FakeHub.TOKEN` (401 otherwise). A repo in `broken`
answers 500 on everything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode

from fakes.http import FakeServer, Handler, Request, Response

_REPO = r"(?P<repo>[^/]+/[^/]+)"
_DATE = "2026-11-26T10:00:00.000Z"


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes]
    parent: str | None
    summary: str
    description: str


@dataclass
class PullRequest:
    num: int
    title: str
    author: str
    description: str
    #: "open", "closed", "merged"
    status: str = "open"
    comments: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"refs/pr/{self.num}"


@dataclass
class FakeRepo:
    repo_id: str
    refs: dict[str, str] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)
    prs: dict[int, PullRequest] = field(default_factory=dict)
    discussions: int = 0

    def sha(self, revision: str) -> str | None:
        if revision in self.refs:
            return self.refs[revision]
        return revision if revision in self.commits else None

    def files(self, revision: str = "main") -> dict[str, bytes]:
        sha = self.sha(revision)
        return dict(self.commits[sha].files) if sha else {}

    def commit(
        self, ref: str, files: dict[str, bytes | None], summary: str, description: str = ""
    ) -> Commit:
        """A commit on `ref` (a None value deletes the file)."""
        parent = self.refs.get(ref)
        new = dict(self.commits[parent].files) if parent else {}
        for path, data in files.items():
            if data is None:
                new.pop(path, None)
            else:
                new[path] = data
        digest = hashlib.sha1(
            f"{parent}{summary}{len(self.commits)}".encode() + json.dumps(sorted(new)).encode()
        ).hexdigest()
        made = Commit(digest, new, parent, summary, description)
        self.commits[digest] = made
        self.refs[ref] = digest
        return made

    def commits_on(self, ref: str) -> list[Commit]:
        """The commits of `ref`, newest first."""
        out: list[Commit] = []
        sha = self.refs.get(ref)
        while sha:
            out.append(self.commits[sha])
            sha = self.commits[sha].parent
        return out

    def open_prs(self) -> list[PullRequest]:
        return [p for p in self.prs.values() if p.status == "open"]


class Answer(Exception):
    """Raised by a route's helpers: answer the request with this response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def _answering(handler: Handler) -> Handler:
    def answer(request: Request, match: re.Match[str]) -> Response:
        try:
            return handler(request, match)
        except Answer as raised:
            return raised.response

    return answer


def _text(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


class FakeHub(FakeServer):
    TOKEN = "hf_testTOKEN1234567890abcdefghijklmnopqrstu"
    USER = "evalguard-bot"
    #: listings and discussions per page (small, so paging is exercised)
    PAGE = 20

    def __init__(self) -> None:
        super().__init__()
        self.repos: dict[str, FakeRepo] = {}
        self.broken: set[str] = set()
        self.validate_errors: list[str] = []
        self.validate_warnings: list[str] = []
        for method, pattern, handler in (
            ("POST", r"/api/validate-yaml", self._validate_yaml),
            ("GET", r"/api/whoami-v2", self._whoami),
            ("GET", r"/api/models", self._list_models),
            ("GET", rf"/api/models/{_REPO}(?:/revision/(?P<rev>[^/]+))?", self._info),
            ("GET", rf"/{_REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)", self._resolve),
            ("GET", rf"/api/models/{_REPO}/discussions", self._discussions),
            ("POST", rf"/api/models/{_REPO}/preupload/(?P<rev>[^/]+)", self._preupload),
            ("POST", rf"/api/models/{_REPO}/commit/(?P<rev>[^/]+)", self._commit),
            ("POST", rf"/api/models/{_REPO}/discussions/(?P<num>\d+)/comment", self._comment),
        ):
            self.route(method, pattern, _answering(handler))

    # -- test controls ----------------------------------------------------------------

    def add_repo(self, repo_id: str, files: dict[str, bytes | str]) -> FakeRepo:
        repo = FakeRepo(repo_id)
        repo.commit("main", {p: _text(d) for p, d in files.items()}, "initial commit")
        self.repos[repo_id] = repo
        return repo

    def push(self, repo_id: str, files: dict[str, bytes | str | None], summary: str) -> Commit:
        """Someone else commits to main."""
        changes = {p: None if d is None else _text(d) for p, d in files.items()}
        return self.repos[repo_id].commit("main", changes, summary)

    def close_pr(self, repo_id: str, num: int) -> None:
        self.repos[repo_id].prs[num].status = "closed"

    def merge_pr(self, repo_id: str, num: int) -> None:
        repo = self.repos[repo_id]
        pr = repo.prs[num]
        repo.commit("main", dict(repo.files(pr.ref)), f"Merge pull request #{num}")
        pr.status = "merged"

    # -- helpers ------------------------------------------------------------------------

    def _authorize(self, request: Request) -> None:
        if request.headers.get("authorization") != f"Bearer {self.TOKEN}":
            raise Answer(Response(401, {"error": "Invalid credentials in Authorization header"}))

    def _repo(self, match: re.Match[str]) -> FakeRepo:
        repo_id = match.group("repo")
        if repo_id in self.broken:
            raise Answer(Response(500, {"error": "Internal Error"}))
        repo = self.repos.get(repo_id)
        if repo is None:
            raise Answer(
                Response(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            )
        return repo

    @staticmethod
    def _no_revision() -> Answer:
        return Answer(
            Response(404, {"error": "Invalid rev id"}, {"X-Error-Code": "RevisionNotFound"})
        )

    def _revision(self, repo: FakeRepo, match: re.Match[str]) -> str:
        revision = unquote(match.group("rev") or "main")
        if repo.sha(revision) is None:
            raise self._no_revision()
        return revision

    # -- routes -------------------------------------------------------------------------

    def _validate_yaml(self, request: Request, match: re.Match[str]) -> Response:
        body = {
            "errors": [{"message": m} for m in self.validate_errors],
            "warnings": [{"message": m} for m in self.validate_warnings],
        }
        return Response(400 if self.validate_errors else 200, body)

    def _whoami(self, request: Request, match: re.Match[str]) -> Response:
        self._authorize(request)
        return Response(200, {"type": "user", "name": self.USER, "orgs": []})

    def _list_models(self, request: Request, match: re.Match[str]) -> Response:
        author = request.query.get("author", [""])[0]
        page = int(request.query.get("p", ["0"])[0])
        ids = sorted(r for r in self.repos if r.split("/")[0] == author)
        chunk = ids[page * self.PAGE : (page + 1) * self.PAGE]
        headers = {}
        if (page + 1) * self.PAGE < len(ids):
            query = urlencode({"author": author, "p": page + 1})
            headers["Link"] = f'<{self.url}/api/models?{query}>; rel="next"'
        return Response(200, [{"id": r, "modelId": r} for r in chunk], headers)

    def _info(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        revision = self._revision(repo, match)
        files = repo.files(revision)
        siblings = [{"rfilename": p} for p in sorted(files)]
        return Response(200, {"id": repo.repo_id, "sha": repo.sha(revision), "siblings": siblings})

    def _resolve(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        revision = self._revision(repo, match)
        data = repo.files(revision).get(unquote(match.group("path")))
        if data is None:
            return Response(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"})
        return Response(200, data, {"X-Repo-Commit": repo.sha(revision) or ""})

    def _discussions(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        wanted = {k: v[0] for k, v in request.query.items()}
        found = [
            pr
            for pr in sorted(repo.prs.values(), key=lambda p: -p.num)
            if wanted.get("status", "all") in ("all", pr.status)
            and wanted.get("author", pr.author) == pr.author
        ]
        page = int(wanted.get("p", "0"))
        chunk = found[page * self.PAGE : (page + 1) * self.PAGE]
        return Response(
            200,
            {
                "discussions": [
                    {
                        "num": pr.num,
                        "title": pr.title,
                        "status": pr.status,
                        "isPullRequest": True,
                        "createdAt": _DATE,
                        "author": {"name": pr.author},
                        "repo": {"name": repo.repo_id, "type": "model"},
                    }
                    for pr in chunk
                ],
                "count": len(found),
                "start": page * self.PAGE,
            },
        )

    def _preupload(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        self._authorize(request)
        existing = repo.files(unquote(match.group("rev")))
        files = []
        for item in request.json()["files"]:
            old = existing.get(item["path"])
            oid = hashlib.sha1(b"blob %d\0" % len(old) + old).hexdigest() if old else None
            files.append(
                {"path": item["path"], "uploadMode": "regular", "shouldIgnore": False, "oid": oid}
            )
        return Response(200, {"files": files})

    def _commit(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        self._authorize(request)
        revision = unquote(match.group("rev"))
        lines = [json.loads(line) for line in request.body.splitlines() if line.strip()]
        header = lines[0]["value"]
        changes: dict[str, bytes | None] = {}
        for line in lines[1:]:
            value = line["value"]
            if line["key"] == "file":
                changes[value["path"]] = base64.b64decode(value["content"])
            elif line["key"] == "deletedFile":
                changes[value["path"]] = None
        parent = header.get("parentCommit")
        create_pr = request.query.get("create_pr") == ["1"]
        if create_pr:
            base = parent or repo.refs.get(revision)
            if base is None or base not in repo.commits:
                raise self._no_revision()
            repo.discussions += 1
            pr = PullRequest(repo.discussions, header["summary"], self.USER, header["description"])
            repo.prs[pr.num] = pr
            repo.refs[pr.ref] = base
            made = repo.commit(pr.ref, changes, header["summary"], header["description"])
            url = f"{self.url}/{repo.repo_id}/discussions/{pr.num}"
            return Response(
                200,
                {
                    "commitUrl": f"{self.url}/{repo.repo_id}/commit/{made.sha}",
                    "commitOid": made.sha,
                    "pullRequestUrl": url,
                },
            )
        if revision not in repo.refs:
            raise self._no_revision()
        if parent is not None and repo.refs[revision] != parent:
            return Response(
                412, {"error": "A commit has happened since. Please refresh and try again."}
            )
        made = repo.commit(revision, changes, header["summary"], header["description"])
        return Response(
            200,
            {"commitUrl": f"{self.url}/{repo.repo_id}/commit/{made.sha}", "commitOid": made.sha},
        )

    def _comment(self, request: Request, match: re.Match[str]) -> Response:
        repo = self._repo(match)
        self._authorize(request)
        pr = repo.prs[int(match.group("num"))]
        text = request.json()["comment"]
        pr.comments.append(text)
        event = {
            "id": f"c{len(pr.comments)}",
            "type": "comment",
            "createdAt": _DATE,
            "author": {"name": self.USER},
            "data": {"edited": False, "hidden": False, "latest": {"raw": text}},
        }
        return Response(200, {"newMessage": event})


def body_of(repo: FakeRepo, ref: str, path: str = "README.md") -> str:
    return repo.files(ref)[path].decode("utf-8")


def hub_environ(hub: FakeHub, home: Path) -> dict[str, str]:
    """Environment variables that point evalguard and huggingface_hub at `hub`, with its
    token, a private HF_HOME (no saved login, no cache shared with the user's) and no
    proxy for 127.0.0.1."""
    return {
        "HF_ENDPOINT": hub.url,
        "HF_TOKEN": FakeHub.TOKEN,
        "HF_HOME": str(home / ".hf-home"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
