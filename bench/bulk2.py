"""How extraction fares on ../shared/corpus/bulk2: real Hub READMEs nobody labelled.

    python bench/bulk2.py ../shared/corpus [--json OUT] [--sample 30 --seed 12]

For every `bulk2/ORG_NAME.md` (the first `_` separates the org) it runs the code path
of `evalguard extract CARD --model ORG/NAME` in one process and reports:

- tracebacks (must be 0): cards whose extraction raised anything but an EvalguardError;
- the share of cards with at least one score;
- a histogram of refusal reasons: for every table that yields nothing, its status and
  reason (`no-subject: compares models in its rows...`), and, per card without scores,
  the reason of its most telling table (ambiguous > no-subject > not-eval);
- with `--sample N`: N random extractions (card, table, the scores) and N random refused
  tables (card, table, reason, candidates), drawn with a fixed seed, for a person to read.

Numbers here are counts, not a judgement: only reading the samples says how many are
right. Use `--json` to keep the numbers and compare two runs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalguard.api import ExtractRequest, extract_card
from evalguard.errors import EvalguardError

#: which refused table speaks for a card without scores, most telling first
_PRIORITY = ("ambiguous", "no-subject", "not-eval", "scores", "skipped")


@dataclass
class CardRun:
    card: str
    model: str
    scores: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    traceback: str = ""


def model_for(path: Path) -> str:
    org, _, name = path.stem.partition("_")
    return f"{org}/{name}"


def run_card(path: Path) -> CardRun:
    model = model_for(path)
    result = CardRun(path.name, model)
    try:
        extraction = extract_card(path.read_bytes(), ExtractRequest(model=model)).extraction
    except EvalguardError as exc:
        result.error = exc.message
        return result
    except Exception as exc:  # a traceback is a finding: record it and go on
        result.traceback = f"{type(exc).__name__}: {exc}"
        return result
    for outcome in extraction.outcomes:
        if outcome.scores:
            result.scores += [
                {
                    "table": s.table,
                    "line": s.line,
                    "benchmark": s.benchmark,
                    "metric": s.metric,
                    "setting": s.setting,
                    "value": s.value.value,
                    "subject": s.subject,
                }
                for s in outcome.scores
            ]
        else:  # a refusal, or a table read whose score cells were all empty
            result.refusals.append(
                {
                    "table": outcome.table.index,
                    "line": outcome.table.line,
                    "status": outcome.status,
                    "reason": outcome.reason,
                    "candidates": outcome.candidates[:8],
                }
            )
    return result


def card_reason(run: CardRun) -> str:
    """Why a card gave no score, in one line."""
    if run.traceback:
        return "traceback"
    if run.error:
        return "error: card unreadable"
    if not run.refusals:
        return "no tables"
    best = min(run.refusals, key=lambda r: _PRIORITY.index(r["status"]))
    return f"{best['status']}: {_generic(best['reason'])}"


def _generic(reason: str) -> str:
    """A reason without the parts that vary per table (the rule named in parentheses)."""
    return reason.split(" (", maxsplit=1)[0]


def summarize(runs: list[CardRun]) -> dict[str, Any]:
    with_scores = [r for r in runs if r.scores]
    tables = Counter(f"{t['status']}: {_generic(t['reason'])}" for r in runs for t in r.refusals)
    cards = Counter(card_reason(r) for r in runs if not r.scores)
    return {
        "cards": len(runs),
        "tracebacks": sum(1 for r in runs if r.traceback),
        "cards_with_scores": len(with_scores),
        "share_with_scores": round(len(with_scores) / len(runs), 3) if runs else 0.0,
        "scores": sum(len(r.scores) for r in runs),
        "refused_tables": dict(tables.most_common()),
        "cards_without_scores_by_reason": dict(cards.most_common()),
    }


def sample(runs: list[CardRun], n: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """n random (card, table) extractions and n random refused tables."""
    rng = random.Random(seed)
    extracted = sorted(
        {(r.card, s["table"]) for r in runs for s in r.scores}
    )  # one entry per table that gave scores
    refused = sorted(
        {(r.card, t["table"]) for r in runs for t in r.refusals if t["status"] != "skipped"}
    )
    by_card = {r.card: r for r in runs}
    out_ex = []
    for card, table in rng.sample(extracted, min(n, len(extracted))):
        run = by_card[card]
        out_ex.append(
            {
                "card": card,
                "model": run.model,
                "table": table,
                "scores": [s for s in run.scores if s["table"] == table],
            }
        )
    out_ref = []
    for card, table in rng.sample(refused, min(n, len(refused))):
        run = by_card[card]
        refusal = next(t for t in run.refusals if t["table"] == table)
        out_ref.append({"card": card, "model": run.model, **refusal})
    return {"extractions": out_ex, "refusals": out_ref}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus (holds bulk2/)")
    parser.add_argument("--json", type=Path, help="write the summary (and samples) here")
    parser.add_argument("--sample", type=int, default=0, help="draw N extractions + N refusals")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    folder = args.corpus / "bulk2"
    if not folder.is_dir():
        parser.error(f"{args.corpus} has no bulk2/ folder")
    runs = [run_card(p) for p in sorted(folder.glob("*.md"))]
    summary = summarize(runs)
    print(f"cards: {summary['cards']}  tracebacks: {summary['tracebacks']}")
    print(
        f"cards with scores: {summary['cards_with_scores']} "
        f"({summary['share_with_scores']:.1%}), scores: {summary['scores']}"
    )
    print("\ncards without scores, by the reason of their most telling table:")
    for reason, count in summary["cards_without_scores_by_reason"].items():
        print(f"  {count:5}  {reason}")
    print("\nrefused tables, by reason:")
    for reason, count in summary["refused_tables"].items():
        print(f"  {count:5}  {reason}")
    for run in runs:
        if run.traceback:
            print(f"TRACEBACK {run.card}: {run.traceback}")
    drawn = sample(runs, args.sample, args.seed) if args.sample else None
    if drawn:
        print(f"\n{args.sample} random extractions (seed {args.seed}):")
        for item in drawn["extractions"]:
            print(f"- {item['card']} --model {item['model']} table {item['table']}:")
            for s in item["scores"]:
                extra = f" [{s['setting']}]" if s["setting"] else ""
                print(
                    f"    {s['benchmark']!r} {s['metric'] or ''}{extra} = {s['value']}"
                    f"  (line {s['line']}, under {s['subject']!r})"
                )
        print(f"\n{args.sample} random refused tables (seed {args.seed}):")
        for item in drawn["refusals"]:
            print(
                f"- {item['card']} table {item['table']} (line {item['line']}): "
                f"{item['status']}: {item['reason']} {item['candidates'] or ''}"
            )
    if args.json:
        payload = {**summary, **({"sample": drawn} if drawn else {})}
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    return 1 if summary["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())
