"""Score `extract` against the hand labels of ../shared/corpus (see corpus/LABELS.md).

    python bench/accuracy.py ../shared/corpus [--verbose] [--card 010]

For every labeled card: run the same code path as `evalguard extract CARD --model
<model_arg>` and compare the scores it returns with the card's labels.

Matching, as LABELS.md describes: a prediction matches a label in the same table with
the same value (or value/100 where the cell showed `%`); when several labels of that
table share the value, the one whose benchmark/metric words overlap most is taken.
Labels marked `optional` or `aggregate` are neutral: matching them neither counts as a
hit nor as a false positive. Precision = hits / (hits + false positives); recall =
hits / required labels. Both are micro-averaged over all labeled cards, and printed per
card.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evalguard.api import ExtractRequest, extract_card
from evalguard.errors import EvalguardError
from evalguard.tables import Score, norm_tokens, same_value


@dataclass
class CardResult:
    card: str
    hits: int = 0
    false_positives: list[Score] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    neutral: int = 0
    note: str = ""

    @property
    def required(self) -> int:
        return self.hits + len(self.misses)


def _value_matches(score: Score, label_value: float) -> bool:
    value = score.value.value
    if same_value(value, label_value, decimals=score.value.decimals):
        return True
    return score.value.percent and same_value(value / 100, label_value)


def _words(*texts: str | None) -> set[str]:
    return {t for text in texts if text for t in norm_tokens(text)}


def score_card(labels: dict[str, Any], scores: list[Score]) -> CardResult:
    result = CardResult(str(labels["card"]))
    pending = list(labels.get("results") or [])
    for score in scores:
        candidates = [
            lab
            for lab in pending
            if lab["table"] == score.table and _value_matches(score, float(lab["value"]))
        ]
        if not candidates:
            result.false_positives.append(score)
            continue
        words = _words(score.benchmark, score.metric, score.setting)
        best = max(
            candidates, key=lambda lab: len(words & _words(lab["benchmark"], lab.get("metric")))
        )
        pending.remove(best)
        if best.get("optional") or best.get("aggregate"):
            result.neutral += 1
        else:
            result.hits += 1
    result.misses = [lab for lab in pending if not lab.get("optional") and not lab.get("aggregate")]
    return result


def run(corpus: Path, only: str | None, verbose: bool) -> int:
    label_files = sorted((corpus / "labels").glob("*.yaml"))
    if only:
        label_files = [p for p in label_files if p.stem == only]
    results: list[CardResult] = []
    for path in label_files:
        labels = yaml.safe_load(path.read_text("utf-8"))
        card_path = corpus / "cards" / labels["card"]
        request = ExtractRequest(model=str(labels["model_arg"]))
        try:
            extraction = extract_card(card_path.read_bytes(), request).extraction
            scores = extraction.scores
            notes = [
                f"T{o.table.index} {o.status}: {o.reason}"
                + (f" {o.candidates[:6]}" if o.candidates else "")
                for o in extraction.outcomes
                if o.status in ("ambiguous", "no-subject")
            ]
            note = "; ".join(notes)
        except EvalguardError as exc:
            scores, note = [], f"error: {exc.message}"
        res = score_card(labels, scores)
        res.note = note
        results.append(res)
    hits = sum(r.hits for r in results)
    fps = sum(len(r.false_positives) for r in results)
    required = sum(r.required for r in results)
    print(f"{'card':8} {'hits':>5} {'req':>5} {'fp':>4} {'neutral':>7}  precision recall")
    for r in results:
        print(_card_line(r))
        if verbose:
            print(_details(r), end="")
    precision, recall = _rate(hits, hits + fps), _rate(hits, required)
    print(
        f"\nTOTAL over {len(results)} labeled cards: hits {hits}, false positives {fps}, "
        f"required {required}: precision {precision:.3f}, recall {recall:.3f}"
    )
    return 0


def _rate(part: int, whole: int) -> float:
    """Precision or recall; 1.0 when there is nothing to measure."""
    return part / whole if whole else 1.0


def _card_line(r: CardResult) -> str:
    fps = len(r.false_positives)
    p, rec = _rate(r.hits, r.hits + fps), _rate(r.hits, r.required)
    return f"{r.card:8} {r.hits:5} {r.required:5} {fps:4} {r.neutral:7}  {p:9.3f} {rec:6.3f}"


def _details(r: CardResult) -> str:
    lines = [
        f"    FP T{fp.table} {fp.benchmark!r} {fp.metric!r} {fp.value.value} [{fp.subject}]"
        for fp in r.false_positives
    ]
    lines += [
        f"    MISS T{m['table']} {m['benchmark']!r} {m.get('metric')!r} {m['value']}"
        for m in r.misses
    ]
    if r.note:
        lines.append(f"    note: {r.note}")
    return "".join(line + "\n" for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", type=Path, help="path to shared/corpus (holds cards/ and labels/)"
    )
    parser.add_argument("--card", help="only this card, e.g. 010")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list misses and false positives"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "labels").is_dir():
        parser.error(f"{args.corpus} has no labels/ folder")
    return run(args.corpus, args.card, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
