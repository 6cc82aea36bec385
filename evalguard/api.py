"""The small public API: read a card, extract its scores, plan a sync. No printing, no exits.

The CLI, the hooks, the Action and the benchmarks all go through these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evalguard.card.frontmatter import FrontMatter, load_front_matter
from evalguard.card.split import Card, decode, parse_card
from evalguard.catalog import Catalog
from evalguard.config import Config, MetricSpec
from evalguard.errors import CardError
from evalguard.gcpause import collector_paused
from evalguard.tables import (
    Extraction,
    ExtractOptions,
    ModelName,
    Score,
    card_ties,
    extract,
    read_document,
)

if TYPE_CHECKING:  # sync's side: `check` and `extract` never import it
    from evalguard.results.reconcile import SourceResults
    from evalguard.sources.readme import ReadmeResult, ResultContext


@dataclass(frozen=True)
class ExtractRequest:
    """What the user asked for on the command line; None means "use the config/card"."""

    model: str | None = None
    #: match the model's column/row by this name instead of the model's (repo id stays)
    match_name: str | None = None
    tables: tuple[int, ...] = ()
    skip_tables: tuple[int, ...] = ()
    column: str | None = None
    task_type: str | None = None
    dataset_name: str | None = None
    metric_mapping: Mapping[str, MetricSpec] | None = None
    #: the Hub repo the card was read from: names the model when neither the request
    #: nor the config does, and gives README results their source url
    repo_id: str | None = None


@dataclass
class CardExtraction:
    """A card's extraction with what a command needs to turn it into results."""

    card: Card | None
    front_matter: FrontMatter | None
    extraction: Extraction
    model: ModelName | None
    #: where the model name came from: "--model", ".evalguard.yaml", "model-index", "title"
    model_source: str
    catalog: Catalog
    task_type: str
    dataset_name: str | None
    metric_mapping: Mapping[str, MetricSpec] = field(default_factory=dict)
    #: problems that did not stop extraction (e.g. unreadable front matter)
    warnings: list[str] = field(default_factory=list)
    #: table number -> nearest heading above it
    headings: dict[int, str] = field(default_factory=dict)
    #: the card's first level-1 heading ("" if none)
    title: str = ""

    @property
    def scores(self) -> list[Score]:
        return self.extraction.scores

    def result_context(self, source_url: str) -> ResultContext:
        from evalguard.sources.readme import ResultContext  # noqa: PLC0415 - sync's side

        return ResultContext(
            self.task_type,
            self.catalog,
            self.metric_mapping,
            self.dataset_name,
            source_url,
            _single_dataset(self.front_matter),
        )

    def readme_results(self, source_url: str) -> list[ReadmeResult]:
        """The model-index results these scores give (see sources.readme)."""
        from evalguard.sources.readme import scores_to_results  # noqa: PLC0415 - sync's side

        return scores_to_results(self.scores, self.result_context(source_url), self.headings)

    def readme_source(self, source_url: str) -> SourceResults:
        """The same results as the reconciler takes them."""
        from evalguard.sources.readme import readme_source  # noqa: PLC0415 - sync's side

        return readme_source(self.readme_results(source_url))


def read_card(data: bytes) -> tuple[Card, FrontMatter]:
    """Parse a card strictly: CardError on anything `sync` must not write over."""
    card = parse_card(data)
    return card, load_front_matter(card)


def _lenient_body(data: bytes) -> tuple[Card | None, FrontMatter | None, str, int, list[str]]:
    """Body and front matter for reading only: a broken front matter is a warning."""
    try:
        card = parse_card(data)
    except CardError as exc:
        text, _ = decode(data)
        return None, None, text, 1, [exc.located("front matter")]
    try:
        fm = load_front_matter(card)
    except CardError as exc:
        return card, None, card.body, card.body_first_line, [exc.message]
    return card, fm, card.body, card.body_first_line, []


def model_index_name(fm: FrontMatter | None) -> str | None:
    if fm is None:
        return None
    index = fm.data.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], Mapping):
        name = index[0].get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


@collector_paused()
def extract_card(
    data: bytes, request: ExtractRequest, config: Config | None = None
) -> CardExtraction:
    """Scores of the card's model in the card's tables. Reads only: broken front matter
    is a warning here; raises CardError only for bytes that are not UTF-8 text."""
    card, fm, body, first_line, warnings = _lenient_body(data)
    return extract_parsed(
        card, fm, request, config, body=body, first_line=first_line, warnings=warnings
    )


def extract_parsed(
    card: Card | None,
    fm: FrontMatter | None,
    request: ExtractRequest,
    config: Config | None = None,
    *,
    body: str | None = None,
    first_line: int = 1,
    warnings: list[str] | None = None,
) -> CardExtraction:
    """As extract_card, for a card already parsed (`body` only when `card` is None)."""
    config = config or Config()
    if card is not None and body is None:
        body, first_line = card.body, card.body_first_line
    document = read_document(body or "", first_line)
    model_text, source = _choose_model(request, config, fm, document.title)
    model = ModelName(model_text) if model_text else None
    options = ExtractOptions(
        tables=request.tables or config.tables,
        skip_tables=request.skip_tables or config.skip_tables,
        column=request.column or config.column,
    )
    ties = card_ties(
        model.repo_id if model else None,
        document,
        body=body or "",
        metadata=_metadata_texts(fm),
    )
    extraction = extract(document.tables, model, options, ties)
    pipeline_tag = fm.data.get("pipeline_tag") if fm else None
    task_type = (
        request.task_type
        or config.task_type
        or (pipeline_tag if isinstance(pipeline_tag, str) and pipeline_tag else None)
        or "text-generation"
    )
    mapping: dict[str, MetricSpec] = dict(config.metric_mapping)
    mapping.update(request.metric_mapping or {})
    return CardExtraction(
        card,
        fm,
        extraction,
        model,
        source,
        config.catalog,
        task_type,
        request.dataset_name or config.dataset_name,
        mapping,
        warnings or [],
        {t.index: t.heading for t in document.tables},
        document.title,
    )


def _strings(fm: FrontMatter | None, key: str) -> list[str]:
    """The strings of a front-matter key that holds one or a list (`datasets`)."""
    value = fm.data.get(key) if fm else None
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _single_dataset(fm: FrontMatter | None) -> str | None:
    """The front matter's `datasets` entry when it lists exactly one."""
    named = [item.strip() for item in _strings(fm, "datasets") if item.strip()]
    return named[0] if len(named) == 1 else None


def _metadata_texts(fm: FrontMatter | None) -> list[str]:
    """What the front matter says the model was made from (`datasets`, `base_model`)."""
    return _strings(fm, "datasets") + _strings(fm, "base_model")


def _choose_model(
    request: ExtractRequest, config: Config, fm: FrontMatter | None, title: str
) -> tuple[str | None, str]:
    if request.match_name:  # the predecessor's --model-name-override
        return request.match_name, "--model-name-override"
    if request.model:
        return request.model, "--model"
    if config.model:
        return config.model, ".evalguard.yaml"
    if request.repo_id:
        return request.repo_id, "the Hub repo id"
    name = model_index_name(fm)
    if name:
        return name, "model-index name"
    if title:
        return title, "card title"
    return None, "nowhere"
