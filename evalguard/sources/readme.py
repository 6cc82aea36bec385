"""The README source: table scores -> model-index results (source: the Model README).

Result blocks are grouped per (task, dataset, setting); metric types come from the
metric mapping, else the metric the table names, else the benchmark's usual metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evalguard.catalog import Catalog
from evalguard.config import MetricSpec
from evalguard.results.model import README_SOURCE_NAME, SourceKind
from evalguard.tables import AT_K_METRIC, Score, metric_type, same_value, slug, squash

if TYPE_CHECKING:
    from evalguard.results.reconcile import SourceResults


def _mapped(mapping: Mapping[str, MetricSpec], *names: str | None) -> MetricSpec | None:
    wanted = {squash(n) for n in names if n}
    for key, spec in mapping.items():
        if squash(key) in wanted:
            return spec
    return None


@dataclass(frozen=True)
class ResultContext:
    """What turning a card's scores into model-index results needs besides them."""

    task_type: str
    catalog: Catalog
    metric_mapping: Mapping[str, MetricSpec]
    dataset_name: str | None
    source_url: str
    #: the one dataset the card's front matter lists, if it lists exactly one
    card_dataset: str | None = None


def _dataset_name(score: Score, ctx: ResultContext, headings: Mapping[int, str]) -> str:
    """The benchmark a score is on: the table's, else (a table whose headers name only
    metrics, `| Model | WER | CER |`) the configured dataset, the card's one dataset,
    the metric as the table wrote it, the table's heading."""
    return (
        score.benchmark
        or ctx.dataset_name
        or ctx.card_dataset
        or score.metric
        or headings.get(score.table)
        or "Evaluation"
    )


def _same(a: Score, b: Score) -> bool:
    return same_value(a.value.value, b.value.value) and a.value.percent == b.value.percent


def _table_name(score: Score, first: Score, headings: Mapping[int, str]) -> str:
    """What tells a score's table apart from the table the same result came from first:
    its heading when the two headings differ, else its number."""
    heading = headings.get(score.table, "")
    if heading and heading != headings.get(first.table, ""):
        return heading
    return f"table {score.table}"


@dataclass
class ReadmeResult:
    """A model-index result block and, for each of its metrics, the table cell it came from."""

    block: dict[str, Any]
    scores: list[Score] = field(default_factory=list)


def scores_to_results(
    scores: list[Score], ctx: ResultContext, headings: Mapping[int, str]
) -> list[ReadmeResult]:
    """README-table results, one block per benchmark (and setting), in table order. The
    same benchmark and metric with another value in another table (base and instruct
    tables, one table per test set) is a result of its own, named after its table."""
    blocks: dict[tuple[Any, ...], ReadmeResult] = {}
    #: per block, the first score of each metric in it
    seen_metrics: dict[tuple[Any, ...], dict[tuple[Any, ...], Score]] = {}
    for score in scores:
        name = _dataset_name(score, ctx, headings)
        display = f"{name} ({score.setting})" if score.setting else name
        bench = ctx.catalog.lookup(score.benchmark) if score.benchmark else None
        spec = _mapped(
            ctx.metric_mapping,
            f"{score.benchmark} ({score.metric})" if score.metric else None,
            score.benchmark,
            score.metric,
        )
        if spec is not None:
            mtype, mname = spec.type, spec.name or score.metric or None
        elif score.metric:
            mtype, mname = metric_type(score.metric), score.metric
        elif AT_K_METRIC.match(score.setting):  # `pass@10`: not the benchmark's pass@1
            mtype, mname = metric_type(score.setting), score.setting
        else:
            mtype, mname = (bench.metric if bench and bench.metric else "score"), None
        dataset: dict[str, Any] = {
            "name": display,
            "type": bench.dataset if bench and bench.dataset else slug(name),
        }
        if score.shots is not None:
            dataset["args"] = {"num_few_shot": score.shots}
        key = (display, dataset["type"], score.shots)
        ident = (mtype, mname)
        first = seen_metrics.get(key, {}).get(ident)
        if first is not None and first.table != score.table and not _same(first, score):
            dataset["name"] = display = f"{display} ({_table_name(score, first, headings)})"
            key = (display, dataset["type"], score.shots)
        result = blocks.get(key)
        if result is None:
            result = ReadmeResult(
                {
                    "task": {"type": ctx.task_type},
                    "dataset": dataset,
                    "metrics": [],
                    "source": {"name": README_SOURCE_NAME, "url": ctx.source_url},
                }
            )
            blocks[key] = result
            seen_metrics[key] = {}
        if ident in seen_metrics[key]:
            continue  # the same benchmark and metric again (or twice in a table): the first
        seen_metrics[key][ident] = score
        metric: dict[str, Any] = {"type": mtype, "value": score.value.as_yaml}
        if mname:
            metric["name"] = mname
        result.block["metrics"].append(metric)
        result.scores.append(score)
    return list(blocks.values())


def readme_source(results: list[ReadmeResult]) -> SourceResults:
    """The README's results as the reconciler takes them: each metric with its cell."""
    # sync's side: `check` compares scores_to_results' results and never reconciles
    from evalguard.results.reconcile import Origin, ProposedResult, SourceResults  # noqa: PLC0415

    return SourceResults(
        SourceKind.README,
        tuple(
            ProposedResult(
                r.block,
                tuple(
                    Origin(
                        s.value.value,
                        s.value.decimals,
                        f"the README table (line {s.line})",
                        s.line,
                    )
                    for s in r.scores
                ),
            )
            for r in results
        ),
    )
