"""Where the Hub repo id for source.url comes from."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evalguard.repoid import as_repo_id, repo_id_from_git, repo_id_from_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("acme/Tiny-7B", "acme/Tiny-7B"),
        (" acme/tiny.v2 ", "acme/tiny.v2"),
        ("Tiny-7B", None),
        ("a/b/c", None),
        ("SentenceTransformer based on x/y", None),
        (None, None),
    ],
)
def test_as_repo_id(text: str | None, expected: str | None) -> None:
    assert as_repo_id(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://huggingface.co/acme/Tiny-7B", "acme/Tiny-7B"),
        ("https://huggingface.co/acme/Tiny-7B/", "acme/Tiny-7B"),
        ("https://hf.co/acme/Tiny-7B.git", "acme/Tiny-7B"),
        ("git@hf.co:acme/Tiny-7B", "acme/Tiny-7B"),
        ("https://huggingface.co/datasets/acme/data", None),
        ("https://huggingface.co/spaces/acme/app", None),
        ("https://github.com/acme/Tiny-7B", None),
        ("", None),
    ],
)
def test_repo_id_from_url(url: str, expected: str | None) -> None:
    assert repo_id_from_url(url) == expected


def test_repo_id_from_git_remote(tmp_path: Path) -> None:
    assert repo_id_from_git(tmp_path) is None  # not a repository
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    repo_id_from_git.cache_clear()  # read once per folder and process
    assert repo_id_from_git(tmp_path) is None  # no remote
    subprocess.run(
        ["git", "remote", "add", "origin", "https://huggingface.co/acme/Tiny-7B"],
        cwd=tmp_path,
        check=True,
    )
    repo_id_from_git.cache_clear()
    assert repo_id_from_git(tmp_path) == "acme/Tiny-7B"
    assert repo_id_from_git(tmp_path) == "acme/Tiny-7B"
    assert repo_id_from_git.cache_info().hits == 1
