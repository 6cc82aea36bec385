"""`check` over files and folders: each card's `.evalguard.yaml` read once, each
`.eval_results/*.yaml` compared with the card beside it. Returns values; the faces (CLI,
Action) print them.

    checked = check_paths([Path("README.md"), Path("models/a")])
    checked.findings     # sorted Findings of every file that could be read
    checked.unreadable   # files that could not be checked at all, with the error
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evalguard.card.eval_results import FOLDER, eval_results_paths, is_eval_results_path
from evalguard.card.fileio import folder_of, read_file
from evalguard.config import Config, load_config
from evalguard.errors import EvalguardError
from evalguard.validate import check_eval_results, check_readme, check_readme_on_hub
from evalguard.validate.findings import Finding, sorted_findings

if TYPE_CHECKING:  # Hub repos only: checking local files never reads a snapshot
    from evalguard.repo.snapshot import RepoSnapshot


@dataclass(frozen=True)
class Unreadable:
    """A file check could not look into: missing, a folder, not a regular file (a FIFO, a
    device: card/fileio.py), an invalid `.evalguard.yaml` beside it, or the Hub's
    validator unreachable (`hub_validate`). Problems inside a
    file (bad YAML, not UTF-8) are findings, not this."""

    path: Path
    error: OSError | EvalguardError


@dataclass
class CheckedFiles:
    """The findings about a run's files and the files that could not be read."""

    findings: list[Finding] = field(default_factory=list)
    #: files that were checked (read and validated)
    files: int = 0
    #: in the order the files were given
    unreadable: list[Unreadable] = field(default_factory=list)


def expand(paths: Sequence[Path]) -> list[Path]:
    """A folder stands for its README.md and its `.eval_results/*.yaml` files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.append(path / "README.md")
            out.extend(eval_results_paths(path))
        else:
            out.append(path)
    return out


def check_paths(paths: Sequence[Path], *, hub_validate: bool = False) -> CheckedFiles:
    """Every finding about `paths` (files or folders); `hub_validate` also asks the Hub's
    validator about each README (network)."""
    run = _Run()
    for path in expand(paths):
        run.check(path, hub_validate=hub_validate)
    run.result.findings = sorted_findings(run.result.findings)
    return run.result


@dataclass
class _Run:
    """One `check` over many files."""

    result: CheckedFiles = field(default_factory=CheckedFiles)
    #: per card folder, read once for all the files checked in it
    configs: dict[Path, Config] = field(default_factory=dict)
    readmes: dict[Path, bytes | None] = field(default_factory=dict)

    def check(self, path: Path, *, hub_validate: bool) -> None:
        is_eval = is_eval_results_path(path)
        parent = folder_of(path)  # a symlinked card's config is beside the link
        # An `.eval_results/*.yaml` file belongs to the card one folder up.
        in_eval_folder = is_eval and parent.name == FOLDER
        card_folder = parent.parent if in_eval_folder else parent
        try:
            data = read_file(path)
            if card_folder not in self.configs:
                self.configs[card_folder] = load_config(card_folder)
        except (OSError, EvalguardError) as exc:
            self.result.unreadable.append(Unreadable(path, exc))
            return
        config = self.configs[card_folder]
        self.result.files += 1
        if is_eval:
            beside = self._readme_beside(card_folder) if in_eval_folder else None
            self.result.findings += check_eval_results(data, str(path), config, readme=beside)
            return
        self.result.findings += check_readme(data, str(path), config)
        if hub_validate:
            _ask_hub(self.result, path, data, config)

    def _readme_beside(self, card_folder: Path) -> bytes | None:
        """The card an `.eval_results` file is compared with, if it can be read."""
        if card_folder not in self.readmes:
            try:
                self.readmes[card_folder] = read_file(card_folder / "README.md")
            except OSError:
                self.readmes[card_folder] = None
        return self.readmes[card_folder]


def _ask_hub(result: CheckedFiles, path: Path, data: bytes, config: Config) -> None:
    """The Hub validator's findings about a README (or its being unreachable)."""
    from evalguard.validate.hub import HubUnavailable  # noqa: PLC0415 - network, on demand

    try:
        result.findings += check_readme_on_hub(data, str(path), config)
    except HubUnavailable as exc:
        result.unreadable.append(Unreadable(path, exc))


def check_snapshot(snapshot: RepoSnapshot, *, hub_validate: bool = False) -> CheckedFiles:
    """A repo read as a whole (a Hub repo's files at one commit): its README and its
    `.eval_results/*.yaml` files, named as `snapshot.display(path)` says
    (`org/name/README.md`). A repo without a README has it as unreadable."""
    result = CheckedFiles()
    config = snapshot.config
    if snapshot.readme is None:
        missing = FileNotFoundError(2, "no such file in the repo")
        result.unreadable.append(Unreadable(Path(snapshot.display()), missing))
    else:
        result.files += 1
        result.findings += check_readme(snapshot.readme, snapshot.display(), config)
        if hub_validate:
            _ask_hub(result, Path(snapshot.display()), snapshot.readme, config)
    for path, data in snapshot.eval_results.items():
        result.files += 1
        result.findings += check_eval_results(
            data, snapshot.display(path), config, readme=snapshot.readme
        )
    result.findings = sorted_findings(result.findings)
    return result
