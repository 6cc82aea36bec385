"""What a command would change in a model repo, as data: file changes and result changes.

- `plan_results`: one source's results into a repo: the README's model-index through the
  reconciler (`results.merge`), and, when asked, the `.eval_results/*.yaml` entries of
  the benchmarks that source reports;
- `plan_sync`: the README's own tables into its model-index (`results.sync`);
- `plan_export`: model-index into `.eval_results/*.yaml`.

A plan is shown (`diff`), written to a folder (`repo.local.apply_local`) or sent as a Hub
pull request; it never writes anything itself.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from evalguard.api import ExtractRequest, read_card
from evalguard.card.eval_results import FOLDER, export_entries, merge
from evalguard.card.split import encode
from evalguard.errors import EvalguardError
from evalguard.gcpause import collector_paused
from evalguard.repo.snapshot import LocalRepo, RepoSnapshot
from evalguard.results import sync
from evalguard.results.merge import PlacedConflict, merge_results
from evalguard.results.model import source_kind
from evalguard.results.reconcile import ResultChange, SourceResults
from evalguard.tables import ModelName


@dataclass(frozen=True)
class FileChange:
    """One file's new bytes; `old` is what was read (None: the file is new)."""

    path: str
    old: bytes | None
    new: bytes


@dataclass(frozen=True)
class FileRefused:
    """A file the plan leaves alone because writing it would lose data (it cannot be
    parsed, or cannot be merged into safely)."""

    path: str
    error: EvalguardError


@dataclass
class RepoPlan:
    snapshot: RepoSnapshot
    files: list[FileChange] = field(default_factory=list)
    refused: list[FileRefused] = field(default_factory=list)
    #: what the source's results change (for a summary or a PR description)
    changes: list[ResultChange] = field(default_factory=list)
    conflicts: list[PlacedConflict] = field(default_factory=list)
    #: things worth saying that changed nothing (skipped results, ...)
    notes: list[str] = field(default_factory=list)
    #: where the numbers come from, as markdown (for a pull request's description)
    provenance: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.files)

    def diff(self) -> str:
        """A unified diff of every file change, paths as the user reads them."""
        out: list[str] = []
        for change in self.files:
            shown = self.snapshot.display(change.path)
            out.extend(
                difflib.unified_diff(
                    _lines(change.old or b""),
                    _lines(change.new),
                    fromfile=f"a/{shown}" if change.old is not None else "/dev/null",
                    tofile=f"b/{shown}",
                )
            )
        return "".join(out)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "replace").splitlines(keepends=True)


@collector_paused()
def plan_results(
    snapshot: RepoSnapshot,
    incoming: SourceResults,
    *,
    model: ModelName | None,
    overwrite: bool = False,
    eval_results: bool = False,
) -> RepoPlan:
    """The repo with `incoming` merged into the README's model-index (and, with
    `eval_results`, into `.eval_results/`). Raises CardError for a card that cannot be
    read and MergeRefused where merging would mean guessing; a repo without a README
    gets one holding only the front matter."""
    catalog = snapshot.config.catalog
    card, fm = read_card(snapshot.readme or b"")
    merged = merge_results(card, fm, incoming, model=model, catalog=catalog, overwrite=overwrite)
    plan = RepoPlan(snapshot, changes=merged.changes, conflicts=merged.conflicts)
    if merged.new_text is not None:
        new = encode(merged.new_text, bom=card.bom)
        plan.files.append(FileChange(snapshot.readme_path, snapshot.readme, new))
    if eval_results and merged.new_text is not None:
        _, new_fm = read_card(encode(merged.new_text, bom=card.bom))
        plan.files.extend(_eval_results_changes(snapshot, new_fm.data.get("model-index"), incoming))
    return plan


def _eval_results_changes(
    snapshot: RepoSnapshot, model_index: Any, incoming: SourceResults
) -> list[FileChange]:
    """`.eval_results` entries of the incoming source's results (other sources' entries
    and every other byte of an existing file are kept; see card.eval_results.merge)."""
    export = export_entries(model_index, snapshot.config.catalog)
    out: list[FileChange] = []
    for name, entries in sorted(export.files.items()):
        mine = [e for e in entries if source_kind(e.get("source")) is incoming.kind]
        if not mine:
            continue
        path = f"{FOLDER}/{name}"
        old = snapshot.eval_results.get(path)
        new = merge(old, mine)
        if new is not None:
            out.append(FileChange(path, old, new))
    return out


@collector_paused()
def plan_sync(
    snapshot: RepoSnapshot, request: ExtractRequest, *, overwrite: bool = False
) -> RepoPlan:
    """The README's tables into its model-index. Raises CardError (an unparsable card)
    or SyncRefused (results.sync)."""
    location = snapshot.location
    folder = location.folder if isinstance(location, LocalRepo) else None
    if snapshot.repo_id is not None and request.repo_id is None:
        request = replace(request, repo_id=snapshot.repo_id)
    planned = sync.plan_sync(
        snapshot.readme or b"",
        request,
        snapshot.config,
        folder=folder.resolve() if folder is not None else None,
        overwrite=overwrite,
    )
    plan = RepoPlan(
        snapshot,
        changes=planned.changes,
        conflicts=planned.conflicts,
        notes=planned.notes,
        provenance=[f"the evaluation tables in `{snapshot.readme_path}`"],
    )
    if planned.changed:
        plan.files.append(FileChange(snapshot.readme_path, snapshot.readme, planned.new_bytes))
    return plan


#: the note of an export with nothing to write at all
NOTHING_TO_EXPORT = (
    "nothing to export (no model-index result of a benchmark with a known Hub dataset id "
    "and task id)"
)


@collector_paused()
def plan_export(snapshot: RepoSnapshot) -> RepoPlan:
    """model-index into `.eval_results/<benchmark>.yaml`: one file per benchmark variant
    the catalog knows a Hub dataset id and task id for. An existing file that cannot be
    parsed or merged into is refused, never written over. Raises CardError for a card
    that cannot be read."""
    _, fm = read_card(snapshot.readme or b"")
    export = export_entries(fm.data.get("model-index"), snapshot.config.catalog)
    plan = RepoPlan(
        snapshot,
        notes=list(export.skipped),
        provenance=[f"the `model-index` of `{snapshot.readme_path}`"],
    )
    if not export.files:
        plan.notes.append(NOTHING_TO_EXPORT)
    for name, entries in sorted(export.files.items()):
        path = f"{FOLDER}/{name}"
        old = snapshot.eval_results.get(path)
        try:
            new = merge(old, entries)
        except EvalguardError as exc:
            plan.refused.append(FileRefused(path, exc))
            continue
        if new is not None:
            plan.files.append(FileChange(path, old, new))
    return plan
