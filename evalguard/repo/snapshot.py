"""What evalguard reads of a model repo: the README, `.eval_results/*.yaml` and the config.

A snapshot is read once, from a folder (`read_folder`) or from the Hub
(`evalguard.remote.hub`), and every plan is computed from it: the bytes a plan replaces
are the bytes that were read, so a writer can refuse to write over a file that changed
in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from evalguard.card.eval_results import FOLDER, eval_results_paths
from evalguard.card.fileio import read_file
from evalguard.config import Config, load_config

README = "README.md"


@dataclass(frozen=True)
class LocalRepo:
    """A folder on disk (a clone, or any folder holding a card)."""

    folder: Path

    def display(self, path: str) -> str:
        """A repo path as the user wrote the folder (`x/README.md`, `README.md`)."""
        return str(self.folder / path)


@dataclass(frozen=True)
class HubRepo:
    """A model repo on the Hub, at the revision its files were read at."""

    repo_id: str
    #: the branch or ref asked for ("main", "refs/pr/3")
    revision: str = "main"
    #: the commit the files were read at (a writer passes it as the parent commit)
    commit: str | None = None

    def display(self, path: str) -> str:
        return (
            f"{self.repo_id}/{path}"
            if self.revision == "main"
            else (f"{self.repo_id}@{self.revision}/{path}")
        )


Location = LocalRepo | HubRepo


@dataclass(frozen=True)
class RepoSnapshot:
    location: Location
    #: the card's bytes, None when the repo has none
    readme: bytes | None
    config: Config = field(default_factory=Config)
    #: repo-relative posix path -> bytes, for every `.eval_results/*.yaml`
    eval_results: Mapping[str, bytes] = field(default_factory=dict)
    #: the card's repo-relative path (a folder may hold `MODEL_CARD.md` instead)
    readme_path: str = README

    def display(self, path: str | None = None) -> str:
        return self.location.display(path or self.readme_path)

    @property
    def repo_id(self) -> str | None:
        """The Hub repo's id; None for a folder."""
        location = self.location
        return location.repo_id if isinstance(location, HubRepo) else None

    @property
    def name(self) -> str:
        """The repo's name: the Hub repo's (without its owner), or the folder's."""
        location = self.location
        if isinstance(location, HubRepo):
            return location.repo_id.rsplit("/", 1)[-1]
        return location.folder.resolve().name


def read_folder(card: Path, *, eval_results: bool = True) -> RepoSnapshot:
    """The repo around a card file (or a folder holding README.md); `eval_results=False`
    leaves `.eval_results/` unread (sync does not need it). OSError propagates (a missing
    or unreadable card, or one that is no regular file: card/fileio.py); ConfigError for
    an invalid `.evalguard.yaml`. The folder is the one named (a symlinked card's
    config and `.eval_results/` are beside the link)."""
    if card.is_dir():
        folder, name = card, README
    else:
        folder, name = card.parent, card.name
    readme = read_file(folder / name)
    results: dict[str, bytes] = {}
    for path in eval_results_paths(folder) if eval_results else []:
        results[str(PurePosixPath(FOLDER, path.name))] = read_file(path)
    return RepoSnapshot(
        LocalRepo(folder),
        readme,
        load_config(folder.resolve()),
        results,
        name,
    )
