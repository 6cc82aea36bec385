"""Where a model's Hub repo id (`org/name`) can come from, besides the user.

README-table results carry `source.url: https://huggingface.co/<org>/<name>`; the url
needs the repo id. It is taken from `--model`/config when they are `org/name`, from a
previous sync's source url, or from the git remote of a clone of a Hub repo.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

HUB = "https://huggingface.co"
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_HUB_URL = re.compile(
    r"(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/|git@hf\.co:|git@huggingface\.co:)"
    r"(?!datasets/|spaces/)([\w.-]+/[\w.-]+?)(?:\.git)?/?$"
)


def as_repo_id(text: str | None) -> str | None:
    """`org/name` if `text` is one, else None."""
    if text and _REPO_ID.match(text.strip()):
        return text.strip()
    return None


def repo_id_from_url(url: str | None) -> str | None:
    """`https://huggingface.co/org/name` (or a git remote of it) -> `org/name`."""
    if not url:
        return None
    match = _HUB_URL.search(url.strip())
    return match.group(1) if match else None


@lru_cache(maxsize=256)
def repo_id_from_git(folder: Path) -> str | None:
    """The repo id of the `origin` remote when it is a Hub model repo. Asked once per
    folder and process: `sync` over the cards of one folder would start a `git` for each
    (more time than reading the card), and a remote does not change during a run."""
    try:
        out = subprocess.run(
            ["git", "config", "--get", "remote.origin.url"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return repo_id_from_url(out.stdout) if out.returncode == 0 else None


def hub_url(repo_id: str) -> str:
    return f"{HUB}/{repo_id}"
