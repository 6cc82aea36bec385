"""`evalguard check`'s core: bytes in, Findings out. Never prints, never exits.

    check_readme(data, "README.md", config)            -> list[Finding]
    check_eval_results(data, ".eval_results/x.yaml", config, readme=bytes | None)
    check_readme_on_hub(data, "README.md", config)     -> the Hub's validator (network)

Rule modules, one per family: card_rules (EG1xx), model_index_rules (EG2xx), semantics
(EG3xx), metadata (EG4xx), drift (EG5xx), eval_results_rules (EG6xx), hub (EG9xx, only
with --hub-validate). `registry.RULES` documents every rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache

from evalguard.api import ExtractRequest, extract_parsed
from evalguard.card.eval_results import read as read_eval_results
from evalguard.card.frontmatter import FrontMatter, load_front_matter
from evalguard.card.split import decode, parse_card
from evalguard.config import Config
from evalguard.errors import CardError
from evalguard.gcpause import collector_paused
from evalguard.validate.anchors import check_anchors
from evalguard.validate.card_rules import (
    card_error_finding,
    placement_findings,
    problem_findings,
)
from evalguard.validate.drift import check_drift
from evalguard.validate.eval_results_rules import check_against_model_index, check_entries
from evalguard.validate.findings import Finding, Severity, sorted_findings
from evalguard.validate.metadata import check_metadata
from evalguard.validate.model_index_rules import check_model_index
from evalguard.validate.registry import RULES, Rule
from evalguard.validate.semantics import check_semantics
from evalguard.validate.where import Clamp

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "check_eval_results",
    "check_readme",
    "check_readme_on_hub",
    "sorted_findings",
]


@collector_paused()
def check_readme(data: bytes, file: str, config: Config | None = None) -> list[Finding]:
    """Every finding about a model card, sorted; rules disabled in `config` left out."""
    config = config or Config()
    try:
        card = parse_card(data)
        fm = load_front_matter(card)
    except CardError as exc:
        return _finish([card_error_finding(exc, file)], _text(data), config)
    findings = placement_findings(card, file) + problem_findings(fm.problems, file)
    findings += check_model_index(fm, file)
    extraction = extract_parsed(card, fm, ExtractRequest(), config)
    findings += check_semantics(fm, file, _model_names(config, extraction.title))
    findings += check_anchors(fm, file)
    findings += check_metadata(fm, file)
    findings += check_drift(extraction, fm, file)
    return _finish(findings, card.text, config)


def check_readme_on_hub(data: bytes, file: str, config: Config | None = None) -> list[Finding]:
    """The Hub's own validator's findings about a model card (network; `--hub-validate`),
    sorted, disabled rules left out. Raises hub.HubUnavailable."""
    from evalguard.validate.hub import hub_findings  # noqa: PLC0415 - only for --hub-validate

    config = config or Config()
    try:
        card = parse_card(data)
    except CardError:
        return []  # not text the Hub could read either; check_readme says why
    fm: FrontMatter | None
    try:
        fm = load_front_matter(card)
    except CardError:
        fm = None  # the Hub still has its say; findings point at the front matter's top
    return _finish(hub_findings(card, fm, file), card.text, config)


@collector_paused()
def check_eval_results(
    data: bytes,
    file: str,
    config: Config | None = None,
    *,
    readme: bytes | None = None,
    readme_name: str = "README.md",
) -> list[Finding]:
    """Findings about one `.eval_results/*.yaml` file; `readme` (the card beside the
    `.eval_results/` folder) adds the comparison with its model-index."""
    config = config or Config()
    try:
        text, _, doc = read_eval_results(data)
    except CardError as exc:
        return _finish([card_error_finding(exc, file)], _text(data), config)
    findings = problem_findings(doc.problems, file)
    findings += check_entries(doc, file)
    fm = _front_matter(readme)
    if fm is not None:
        findings += check_against_model_index(
            doc, file, fm.data.get("model-index"), config.catalog, readme_name
        )
    return _finish(findings, text, config)


@lru_cache(maxsize=1)  # a folder's `.eval_results` files are checked against one card
def _front_matter(readme: bytes | None) -> FrontMatter | None:
    if readme is None:
        return None
    try:
        return load_front_matter(parse_card(readme))
    except CardError:
        return None  # `check README.md` reports it


def _text(data: bytes) -> str:
    try:
        return decode(data)[0]
    except CardError:
        return data.decode("utf-8", "replace")


_NAME_LIKE = re.compile(r"^[\w.+-]*\d[\w.+-]*$|^[\w.+]+(?:-[\w.+]+)+$")


def _model_names(config: Config, title: str) -> list[str]:
    """What the card says the model is: `model:` in .evalguard.yaml, else its H1 title
    when the title is a model name (`Phind-CodeLlama-34B-v2`, `nomic-embed-text-v1.5:
    ...`), not prose such as `Model Description`."""
    if config.model:
        return [config.model]
    name = title.split(":", 1)[0].strip(" _")
    return [name] if _NAME_LIKE.match(name) else []


def _finish(findings: Iterable[Finding], text: str, config: Config) -> list[Finding]:
    disabled = {d.upper() for d in config.disable}
    kept = [found for found in findings if found.rule not in disabled]
    if not kept:
        return []  # most cards: no need to split the text into lines
    clamp = Clamp(text)
    out = []
    for found in kept:
        line, column = clamp(found.line, found.column)
        out.append(dataclasses.replace(found, line=line, column=column))
    return sorted_findings(out)
