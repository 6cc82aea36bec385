"""Model repos on the Hub: read one as a `RepoSnapshot`, publish a `RepoPlan` to it.

Reading takes the repo's files at one commit, as raw bytes (README.md, `.eval_results/*`,
`.evalguard.yaml`), never through `ModelCardData`, whose model-index round trip loses
data. Publishing is a pull request by default, or a commit with `PublishMode.PUSH`:

- One pull request per change. Before opening one, find the open pull request this
  account opened with the same title (`Purpose.title`). When its files already hold what
  would be written: nothing to do. Else push one commit to its `refs/pr/N`, so that it
  holds exactly the repo's files with the plan applied, and say so in a comment. A closed
  or merged pull request is left alone: a new one is opened.
- Every commit names its parent (`parent_commit`): a change made on the Hub since the
  snapshot was read makes the write fail instead of being overwritten.

huggingface_hub does the talking: `HF_TOKEN` (or the saved login) authenticates,
`HF_ENDPOINT` selects the server. `hub_api` makes the one client every command uses (HF
Jobs too, remote/jobs.py), and `hub_call` turns its errors into one-line `HubError`s that
carry no token (nor do they chain the HTTP exceptions that hold the request).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath
from typing import TypeVar

import httpx2
from huggingface_hub import (
    CommitInfo,
    CommitOperationAdd,
    CommitOperationDelete,
    Discussion,
    HfApi,
    get_session,
)
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    LocalTokenNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.file_download import hf_hub_url
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import hf_raise_for_status

from evalguard.card.eval_results import FOLDER, is_eval_results_path
from evalguard.config import CONFIG_NAME, Config, config_from_bytes
from evalguard.errors import EvalguardError
from evalguard.remote.envfile import env_or_dotenv
from evalguard.repo.plan import RepoPlan
from evalguard.repo.snapshot import README, HubRepo, RepoSnapshot
from evalguard.report.pull_request import PullRequestText, update_comment
from evalguard.report.redact import redact

#: seconds to wait for the Hub on each file read
TIMEOUT = 30.0
_T = TypeVar("_T")


class HubError(EvalguardError):
    """The Hub could not be read or written; one line, no secret in it. The message
    names its own place (`org/name@main: ...`)."""

    def located(self, path: str) -> str:
        return self.message


def hub_api(endpoint: str | None = None) -> HfApi:
    """A client for `endpoint`, else `HF_ENDPOINT` as set now, else huggingface.co; with
    `HF_TOKEN` from the environment or a `.env` file, else huggingface_hub's own login."""
    chosen = endpoint or os.environ.get("HF_ENDPOINT") or None
    token = env_or_dotenv(("HF_TOKEN",))
    return HfApi(endpoint=chosen.rstrip("/") if chosen else None, token=token)


def read_snapshot(api: HfApi, repo_id: str, revision: str = "main") -> RepoSnapshot:
    """The repo's README, `.eval_results/*.yaml` and `.evalguard.yaml` at `revision`,
    all read at the one commit the revision points to now. Raises HubError, and
    ConfigError for an invalid `.evalguard.yaml`."""
    where = f"{repo_id}@{revision}"
    info = hub_call(
        lambda: api.model_info(repo_id, revision=revision, expand=["sha", "siblings"]),
        where,
    )
    commit = info.sha
    if not commit:
        raise HubError(f"{where}: the Hub did not say which commit the revision is")
    paths = {s.rfilename for s in info.siblings or []}
    location = HubRepo(repo_id, revision, commit)

    def read(path: str) -> bytes:
        return hub_call(lambda: _download(api, repo_id, commit, path), f"{repo_id}/{path}")

    config = (
        config_from_bytes(read(CONFIG_NAME), location.display(CONFIG_NAME))
        if CONFIG_NAME in paths
        else Config()
    )
    results = {p: read(p) for p in sorted(paths) if _is_eval_results(p)}
    readme = read(README) if README in paths else None
    return RepoSnapshot(location, readme, config, results)


def _is_eval_results(path: str) -> bool:
    posix = PurePosixPath(path)
    return str(posix.parent) == FOLDER and is_eval_results_path(posix)


def _download(api: HfApi, repo_id: str, commit: str, path: str) -> bytes:
    url = hf_hub_url(repo_id, path, revision=commit, endpoint=api.endpoint)
    headers = build_hf_headers(token=api.token, library_name="evalguard")
    response = get_session().get(url, headers=headers, follow_redirects=True, timeout=TIMEOUT)
    if response.status_code != 200:
        hf_raise_for_status(response)
    return response.content


def list_author_models(api: HfApi, author: str) -> list[str]:
    """Every model repo of a user or organization, sorted."""
    return sorted(hub_call(lambda: [m.id for m in api.list_models(author=author)], author))


def repo_targets(api: HfApi, repo_ids: Iterable[str], author: str | None = None) -> list[str]:
    """The repos a run works on: `repo_ids`, then the `author`'s models, each once."""
    found = list(repo_ids)
    if author:
        found.extend(list_author_models(api, author))
    return list(dict.fromkeys(found))


class PublishMode(Enum):
    #: open (or update) a pull request: the default for every Hub write
    PULL_REQUEST = "pull-request"
    #: commit to the revision directly (`--push`)
    PUSH = "push"


class Published(Enum):
    OPENED = "opened"
    UPDATED = "updated"
    #: the open pull request already holds these changes
    UP_TO_DATE = "up-to-date"
    PUSHED = "pushed"


@dataclass(frozen=True)
class Publication:
    action: Published
    url: str
    pr_num: int | None = None

    def describe(self) -> str:
        pr = f"pull request #{self.pr_num}"
        return {
            Published.OPENED: f"opened {pr}",
            Published.UPDATED: f"pushed a commit to {pr}",
            Published.UP_TO_DATE: f"{pr} already holds these changes; nothing pushed",
            Published.PUSHED: "pushed a commit",
        }[self.action]


def publish(
    api: HfApi,
    plan: RepoPlan,
    text: PullRequestText,
    *,
    mode: PublishMode = PublishMode.PULL_REQUEST,
) -> Publication:
    """Write a changed plan of a Hub snapshot to the Hub. Raises HubError."""
    location = plan.snapshot.location
    if not isinstance(location, HubRepo) or not plan.changed:
        raise TypeError("publish takes a changed plan of a Hub repo")
    changes = {c.path: c.new for c in plan.files}
    if mode is PublishMode.PUSH:
        return Publication(Published.PUSHED, _commit(api, location, changes, text).commit_url)
    me = hub_call(lambda: api.whoami(cache=True)["name"], "whoami")
    open_pr = find_open_pull_request(api, location.repo_id, title=text.title, author=me)
    if open_pr is not None:
        return _update(api, plan, text, open_pr)
    info = _commit(api, location, changes, text, create_pr=True)
    return Publication(Published.OPENED, info.pr_url or info.commit_url, info.pr_num)


def find_open_pull_request(api: HfApi, repo_id: str, *, title: str, author: str) -> int | None:
    """The number of the newest open pull request `author` opened with `title`."""
    found = [d.num for d in open_pull_requests(api, repo_id, author=author) if d.title == title]
    return max(found) if found else None


def open_pull_requests(api: HfApi, repo_id: str, *, author: str | None = None) -> list[Discussion]:
    """The repo's open pull requests (every page), `author`'s only when given."""
    return hub_call(
        lambda: [
            d
            for d in api.get_repo_discussions(
                repo_id, author=author, discussion_type="pull_request", discussion_status="open"
            )
            if d.is_pull_request and d.status == "open" and author in (None, d.author)
        ],
        repo_id,
    )


def _update(api: HfApi, plan: RepoPlan, text: PullRequestText, num: int) -> Publication:
    """Make pull request `num` hold the snapshot's files with the plan applied."""
    location = _hub(plan.snapshot)
    url = f"{api.endpoint}/{location.repo_id}/discussions/{num}"
    pr_snapshot = read_snapshot(api, location.repo_id, f"refs/pr/{num}")
    current = _owned(pr_snapshot)
    wanted = {**_owned(plan.snapshot), **{c.path: c.new for c in plan.files}}
    changes = {
        path: wanted.get(path)
        for path in sorted(set(current) | set(wanted))
        if current.get(path) != wanted.get(path)
    }
    if not changes:
        return Publication(Published.UP_TO_DATE, url, num)
    _commit(api, _hub(pr_snapshot), changes, text)
    hub_call(lambda: api.comment_discussion(location.repo_id, num, update_comment(text)), url)
    return Publication(Published.UPDATED, url, num)


def _commit(
    api: HfApi,
    at: HubRepo,
    changes: Mapping[str, bytes | None],
    text: PullRequestText,
    *,
    create_pr: bool = False,
) -> CommitInfo:
    """One commit of `changes` on `at.revision`, refused by the Hub unless the revision
    is still at `at.commit` (or, with `create_pr`, a pull request from that commit)."""
    return hub_call(
        lambda: api.create_commit(
            at.repo_id,
            _operations(changes),
            commit_message=text.title,
            commit_description=text.description,
            revision=at.revision,
            create_pr=create_pr,
            parent_commit=at.commit,
        ),
        at.repo_id,
    )


def _hub(snapshot: RepoSnapshot) -> HubRepo:
    location = snapshot.location
    if not isinstance(location, HubRepo):
        raise TypeError("a snapshot of a Hub repo was expected")
    return location


def _owned(snapshot: RepoSnapshot) -> dict[str, bytes]:
    """The files a plan may write: the README and `.eval_results/*.yaml`."""
    files = dict(snapshot.eval_results)
    if snapshot.readme is not None:
        files[snapshot.readme_path] = snapshot.readme
    return files


def _operations(
    changes: Mapping[str, bytes | None],
) -> Iterable[CommitOperationAdd | CommitOperationDelete]:
    return [
        CommitOperationDelete(path)
        if data is None
        else CommitOperationAdd(path_in_repo=path, path_or_fileobj=data)
        for path, data in changes.items()
    ]


def hub_call(
    action: Callable[[], _T],
    what: str,
    *,
    error: type[EvalguardError] = HubError,
    secret: str | None = None,
) -> _T:
    """Run a huggingface_hub call; its failures become one `error` line about `what`.
    The server's own words are kept where they say more than the status, with anything
    shaped like a Hugging Face token, and `secret`, cut out: a server may echo what it
    was sent (a job's secrets, say)."""
    try:
        return action()
    except GatedRepoError:
        raise error(f"{what}: the repo is gated; accept its conditions on the Hub") from None
    except RepositoryNotFoundError:
        raise error(f"{what}: no such model repo, or HF_TOKEN may not read it") from None
    except RevisionNotFoundError:
        raise error(f"{what}: no such revision") from None
    except LocalTokenNotFoundError:
        raise error(
            "no Hugging Face token: set HF_TOKEN (or put it in a .env file) or run "
            "`hf auth login` (needed to write)"
        ) from None
    except HfHubHTTPError as exc:
        raise error(f"{what}: {_http_reason(exc, secret)}") from None
    except httpx2.TimeoutException:
        raise error(f"{what}: the Hub did not answer in time") from None
    except httpx2.HTTPError as exc:
        raise error(f"{what}: cannot reach the Hub ({type(exc).__name__})") from None
    except ValueError as exc:  # huggingface_hub: the Hub's validator rejects the README
        first = str(exc).strip().splitlines()
        said = redact(" ".join(first[:2]), secret) if first else "rejected"
        raise error(f"{what}: {said}") from None


#: what a status means, where the Hub's own message would say less
_REASONS = {
    401: "the Hub rejected the token (HTTP 401); check HF_TOKEN",
    409: "the Hub refused the change as conflicting (HTTP 409); run again",
    412: "the repo changed on the Hub since evalguard read it (HTTP 412); run again",
    429: "the Hub's rate limit was reached (HTTP 429); try again later",
}
#: the longest part of a server's message that is repeated
_SAID_MAX = 200


def _http_reason(exc: HfHubHTTPError, secret: str | None) -> str:
    status = exc.response.status_code if exc.response is not None else None
    if status in _REASONS:
        return _REASONS[status]
    said = redact(" ".join((exc.server_message or "").split()), secret)[:_SAID_MAX]
    if status == 403:
        return "the token may not do this (HTTP 403)" + (
            f": {said}" if said else "; it needs write access to the repo"
        )
    return f"the Hub answered HTTP {status}" + (f": {said}" if said else "")
