"""Reading model repos from the Hub and publishing plans to it, against a real local
server speaking the endpoints huggingface_hub calls (tests/fakes/hub.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.hub import FakeHub, FakeRepo, body_of, hub_environ
from samples import aa_mmlu_pro

from evalguard.errors import ConfigError
from evalguard.remote.hub import (
    HubError,
    Published,
    PublishMode,
    hub_api,
    list_author_models,
    publish,
    read_snapshot,
)
from evalguard.repo.plan import plan_results
from evalguard.repo.snapshot import HubRepo
from evalguard.report.pull_request import Purpose, pull_request_text
from evalguard.tables.subject import ModelName

CARD = "---\r\nlicense: mit  # ours\r\n---\r\n# Tiny-7B\r\n"
REPO = "acme/Tiny-7B"


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    with FakeHub() as server:
        for key, value in hub_environ(server, tmp_path).items():
            monkeypatch.setenv(key, value)
        yield server


@pytest.fixture
def repo(hub: FakeHub) -> FakeRepo:
    return hub.add_repo(
        REPO,
        {
            "README.md": b"\xef\xbb\xbf" + CARD.encode(),
            ".eval_results/gpqa.yaml": "[]\n",
            ".eval_results/nested/x.yaml": "[]\n",
            ".evalguard.yaml": "model: acme/Tiny-7B\n",
            "model.safetensors": b"\0" * 8,
        },
    )


def refresh(value: float, mode: PublishMode = PublishMode.PULL_REQUEST) -> Published | None:
    """One scheduled refresh: read main, plan the AA import, publish when it changes."""
    api = hub_api()
    plan = plan_results(read_snapshot(api, REPO), aa_mmlu_pro(value, 1), model=ModelName(REPO))
    if not plan.changed:
        return None
    return publish(api, plan, pull_request_text(plan, Purpose.IMPORT_AA), mode=mode).action


def test_snapshot_is_the_raw_bytes_at_one_commit(repo: FakeRepo) -> None:
    snapshot = read_snapshot(hub_api(), REPO)
    assert snapshot.readme == b"\xef\xbb\xbf" + CARD.encode()  # BOM and CRLF kept
    assert dict(snapshot.eval_results) == {".eval_results/gpqa.yaml": b"[]\n"}
    assert snapshot.config.model == "acme/Tiny-7B"
    assert snapshot.location == HubRepo(REPO, "main", repo.refs["main"])
    assert snapshot.display() == "acme/Tiny-7B/README.md"


def test_snapshot_at_a_revision(hub: FakeHub, repo: FakeRepo) -> None:
    first = repo.refs["main"]
    hub.push(REPO, {"README.md": "---\nlicense: apache-2.0\n---\n"}, "relicense")
    snapshot = read_snapshot(hub_api(), REPO, first)
    assert snapshot.readme is not None and b"license: mit" in snapshot.readme
    assert snapshot.display() == f"acme/Tiny-7B@{first}/README.md"


def test_a_repo_without_readme(hub: FakeHub) -> None:
    hub.add_repo("acme/empty", {"config.json": "{}"})
    snapshot = read_snapshot(hub_api(), "acme/empty")
    assert snapshot.readme is None and snapshot.eval_results == {}


@pytest.mark.parametrize(
    ("repo_id", "revision", "error"),
    [
        ("acme/missing", "main", "acme/missing@main: no such model repo, or HF_TOKEN may not"),
        (REPO, "v9", "acme/Tiny-7B@v9: no such revision"),
        ("acme/broken", "main", "acme/broken@main: the Hub answered HTTP 500"),
    ],
)
def test_read_errors_are_one_line(
    hub: FakeHub, repo: FakeRepo, repo_id: str, revision: str, error: str
) -> None:
    hub.broken.add("acme/broken")
    with pytest.raises(HubError) as caught:
        read_snapshot(hub_api(), repo_id, revision)
    assert caught.value.message.startswith(error)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_bad_config_on_the_hub_names_its_place(hub: FakeHub) -> None:
    hub.add_repo("acme/cfg", {"README.md": CARD, ".evalguard.yaml": "tables: [0]\n"})
    with pytest.raises(ConfigError) as caught:
        read_snapshot(hub_api(), "acme/cfg")
    assert caught.value.located("x").startswith("acme/cfg/.evalguard.yaml: `tables`")


def test_one_pull_request_per_change(hub: FakeHub, repo: FakeRepo) -> None:
    main = repo.refs["main"]
    assert refresh(0.5) is Published.OPENED
    (pr,) = repo.prs.values()
    assert pr.title == "evalguard: import Artificial Analysis scores" and pr.author == hub.USER
    assert "| MMLU-Pro | accuracy | — | 0.5 | Artificial Analysis |" in pr.description
    assert "[Artificial Analysis](https://artificialanalysis.ai/)" in pr.description
    assert "<!-- evalguard:import-aa -->" in pr.description
    assert repo.refs["main"] == main  # nothing on main
    assert "name: Artificial Analysis" in body_of(repo, pr.ref)
    assert len(repo.commits_on(pr.ref)) == 2

    assert refresh(0.5) is Published.UP_TO_DATE  # the same refresh again: nothing
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 2 and pr.comments == []

    assert refresh(0.6) is Published.UPDATED  # a new value: one commit on the same PR
    assert len(repo.prs) == 1 and len(repo.commits_on(pr.ref)) == 3
    assert "value: 0.6" in body_of(repo, pr.ref)
    assert "| MMLU-Pro | accuracy | — | 0.6 |" in pr.comments[0]

    hub.close_pr(REPO, pr.num)  # a closed PR is left alone: a new one
    assert refresh(0.6) is Published.OPENED
    assert sorted(p.status for p in repo.prs.values()) == ["closed", "open"]


def test_after_a_merge_nothing_is_due_then_a_new_pull_request(hub: FakeHub, repo: FakeRepo) -> None:
    assert refresh(0.5) is Published.OPENED
    hub.merge_pr(REPO, 1)
    assert refresh(0.5) is None
    assert refresh(0.7) is Published.OPENED
    assert [p.status for p in repo.prs.values()] == ["merged", "open"]
    assert "| MMLU-Pro | accuracy | 0.5 | 0.7 |" in repo.prs[2].description


def test_a_pull_request_follows_main(hub: FakeHub, repo: FakeRepo) -> None:
    """When main moved, the updated PR holds main's files with the change applied."""
    assert refresh(0.5) is Published.OPENED
    hub.push(REPO, {".eval_results/gpqa.yaml": "[] # edited\n"}, "someone edits")
    assert refresh(0.5) is Published.UPDATED
    pr_files = repo.files("refs/pr/1")
    assert pr_files[".eval_results/gpqa.yaml"] == b"[] # edited\n"


def test_someone_elses_pull_request_is_not_ours(hub: FakeHub, repo: FakeRepo) -> None:
    assert refresh(0.5) is Published.OPENED
    repo.prs[1].author = "someone-else"
    assert refresh(0.5) is Published.OPENED
    assert len(repo.open_prs()) == 2


def test_push_commits_to_main_with_its_parent(hub: FakeHub, repo: FakeRepo) -> None:
    assert refresh(0.5, PublishMode.PUSH) is Published.PUSHED
    assert "value: 0.5" in body_of(repo, "main") and repo.prs == {}
    assert repo.commits_on("main")[0].summary == "evalguard: import Artificial Analysis scores"


def test_a_change_on_the_hub_since_reading_is_not_overwritten(hub: FakeHub, repo: FakeRepo) -> None:
    api = hub_api()
    snapshot = read_snapshot(api, REPO)
    hub.push(REPO, {"README.md": CARD + "\nNew text.\n"}, "someone edits")
    plan = plan_results(snapshot, aa_mmlu_pro(0.5, 1), model=ModelName(REPO))
    text = pull_request_text(plan, Purpose.IMPORT_AA)
    with pytest.raises(HubError, match="changed on the Hub since evalguard read it"):
        publish(api, plan, text, mode=PublishMode.PUSH)
    assert body_of(repo, "main").endswith("New text.\n")


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"HF_TOKEN": "hf_wrong"}, "the Hub rejected the token (HTTP 401); check HF_TOKEN"),
        ({"HF_TOKEN": ""}, "no Hugging Face token: set HF_TOKEN"),
    ],
)
def test_write_without_a_good_token(
    hub: FakeHub, repo: FakeRepo, monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
    error: str,
) -> None:  # fmt: skip
    for key, value in env.items():
        if value:
            monkeypatch.setenv(key, value)
        else:
            monkeypatch.delenv(key)
    api = hub_api()
    snapshot = read_snapshot(api, REPO)
    plan = plan_results(snapshot, aa_mmlu_pro(0.5, 1), model=ModelName(REPO))
    with pytest.raises(HubError) as caught:
        publish(api, plan, pull_request_text(plan, Purpose.IMPORT_AA))
    assert error in caught.value.message
    assert FakeHub.TOKEN not in caught.value.message and repo.prs == {}


def test_author_listing_pages(hub: FakeHub) -> None:
    for n in range(45):
        hub.add_repo(f"acme/m{n:02}", {"README.md": CARD})
    hub.add_repo("other/x", {"README.md": CARD})
    found = list_author_models(hub_api(), "acme")
    assert found == [f"acme/m{n:02}" for n in range(45)]
