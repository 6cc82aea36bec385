"""Plan an Artificial Analysis import into one repo: AA payload + snapshot -> RepoPlan.

Pure: the payload is fetched once per run by `evalguard.remote.aa` and shared by every
repo. Which AA model a repo is comes from the request, else `aa:` in its
`.evalguard.yaml`; which model-index entry gets the scores, as for every source
(`results.merge`): `--model`, the config's `model:`, the Hub repo id, the model-index
name, the card's title.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalguard.api import ExtractRequest, extract_parsed, read_card
from evalguard.config import AASlugs
from evalguard.repo.plan import RepoPlan, plan_results
from evalguard.repo.snapshot import RepoSnapshot
from evalguard.results.merge import MergeRefused, Refusal
from evalguard.sources.aa import aa_source, find_model

#: the note of a repo skipped because it names no AA model
SKIPPED = "skipped: no `aa: {creator: SLUG, model: SLUG}` in its .evalguard.yaml"


@dataclass(frozen=True)
class AARequest:
    #: the AA model; None: `aa:` in each repo's .evalguard.yaml
    slugs: AASlugs | None = None
    #: the model-index entry's model (`--model`)
    model: str | None = None
    overwrite: bool = False
    #: also write the scores into `.eval_results/*.yaml`
    eval_results: bool = False
    #: a repo that names no AA model is skipped (a note) rather than refused: for runs
    #: over repos nobody listed one by one (`--author`, every card of a folder)
    skip_unnamed: bool = False


def plan_import_aa(snapshot: RepoSnapshot, payload: Any, request: AARequest) -> RepoPlan:
    """Raises MergeRefused (no AA model named, none matching: AAModelNotFound, or a card
    where merging would guess) and CardError (a card that cannot be read)."""
    slugs = request.slugs or snapshot.config.aa
    if slugs is None and request.skip_unnamed:
        return RepoPlan(snapshot, notes=[SKIPPED])
    if slugs is None:
        raise MergeRefused(
            "which Artificial Analysis model? pass --creator-slug and --model-name, or set "
            "`aa: {creator: SLUG, model: SLUG}` in .evalguard.yaml",
            refusal=Refusal.BAD_INPUT,
        )
    aa_model = find_model(payload, slugs.creator, slugs.model)
    card, fm = read_card(snapshot.readme or b"")
    chosen = extract_parsed(
        card, fm, ExtractRequest(model=request.model, repo_id=snapshot.repo_id), snapshot.config
    )
    imported = aa_source(aa_model, snapshot.config.catalog, task_type=chosen.task_type)
    plan = plan_results(
        snapshot,
        imported.source,
        model=chosen.model,
        overwrite=request.overwrite,
        eval_results=request.eval_results,
    )
    plan.notes.extend(imported.notes())
    plan.provenance.append(
        f"[Artificial Analysis]({aa_model.page_url}), model `{aa_model.label}` "
        "(`GET /api/v2/data/llms/models`)"
    )
    return plan
