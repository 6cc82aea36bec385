"""What evalguard knows about metrics, in one place.

- `METRIC_NAME`: whether a table header names a metric (reading tables);
- `metric_type`: the model-index `metrics[].type` id for a metric as a table writes it;
- `metrics_compatible`: whether two sources' metric types can describe the same number;
- `PROPORTIONS`: metric types whose values are proportions (0-1 or 0-100 percent).
"""

from __future__ import annotations

import re

from evalguard.lazyre import LazyPattern, lazy_compile
from evalguard.tables.textnorm import slug

#: A header or parenthetical that names a metric, not a benchmark (`BBH (EM)`, a column
#: headed `Pass@1`). Tuned on the corpus for reading tables; it knows fewer long-form
#: spellings than `metric_type` maps, on purpose: words such as `Value` or `Results`
#: head single-score columns, not metrics.
METRIC_NAME = lazy_compile(
    r"^(acc(uracy)?\.?|acc_norm|acc_char|em|exact[\s_]match|f1|f1[\s_-]?score|pass@\d+|"
    r"bpb|bpc|ppl|perplexity|score|mc[12]|wer|cer|bleu|chr-?f\+*|rouge[\w-]*|ndcg@?\d*|"
    r"map@?\d*|mrr@?\d*|auc|win[\s_]?rate|lc[\s_]win[\s_]rate|elo|rating|resolved|"
    r"macro[_\s-]?avg/acc(_char)?|micro[_\s-]?avg|maj@\d+|cons@\d+|strict|loose|%|"
    r"em/f1|f1/em|precision|recall|top-?\d|acc@\d+|prompt[\s_]level[\w\s]*|"
    r"inst[\s_]level[\w\s]*|multiple_choice_grade|spearman|pearson|kendall|rmse|mae|mse|"
    r"m?iou|psnr|ssim|fid)(\s*%|\s*\(%\))?$",
    re.I,
)

#: a metric taken at a k (`pass@10`, `maj@16`): as a score's setting, it is the score's
#: metric, which a benchmark's usual metric at another k (HumanEval's pass@1) is not
AT_K_METRIC = lazy_compile(r"^\s*(pass|maj|cons|acc|top)@\d+\s*$", re.I)

#: metric names strong enough to lead a longer header (`WER Greedy`, `WER (with LM)`,
#: `F1 Score`): not `score`, `rating`, `%` and the like, which lead benchmark names too
_LEADING_METRIC = lazy_compile(
    r"^(acc(uracy)?|acc_norm|em|exact[\s_]match|f1|pass@\d+|ppl|perplexity|mc[12]|wer|cer|"
    r"bleu|chr-?f\+*|rouge[\w-]*|ndcg@?\d*|map@?\d*|mrr@?\d*|auc|precision|recall|top-?\d)"
    r"(?=[\s(]|$)",
    re.I,
)


def metric_header(text: str) -> bool:
    """Whether a column header names a metric rather than a benchmark: `Accuracy`,
    `Pass@1`, `WER Greedy`, `WER (with LM)`, `CER`; not `MMLU`, not `Score (MT-Bench)`."""
    stripped = text.strip()
    return bool(METRIC_NAME.match(stripped) or _LEADING_METRIC.match(stripped))


#: model-index metric ids for the spellings tables use
_METRIC_TYPES: list[tuple[LazyPattern, str]] = [
    (lazy_compile(p, re.I), t)
    for p, t in [
        (r"^acc(uracy)?\.?$|^acc\.?\s*\(%\)$|^top-?1(\s+acc(uracy)?)?$", "accuracy"),
        (r"^acc_norm$|^normali[sz]ed\s+acc(uracy)?$", "acc_norm"),
        (r"^(em|exact[\s_]match)$", "exact_match"),
        (r"^f1([\s_-]?score)?$", "f1"),
        (r"^pass@(\d+)$", r"pass@\1"),
        (r"^wer$|^word\s+error\s+rate$", "wer"),
        (r"^cer$|^character\s+error\s+rate$", "cer"),
        (r"^bleu$", "bleu"),
        (r"^chr-?f\+*$", "chrf"),
        (r"^rouge[\s_-]?l$", "rougeL"),
        (r"^(ppl|perplexity)$", "perplexity"),
        (r"^bpb$|^bits[\s_]per[\s_]byte$", "bits_per_byte"),
        (r"^(lc[\s_])?win[\s_]?rate(\s*%)?$", "win_rate"),
        (r"^mc([12])$", r"mc\1"),
        (r"^score$|^value$|^results?$", "score"),
    ]
]


def metric_type(text: str) -> str:
    """A metric id for model-index `metrics[].type`: `Acc.` -> accuracy, `EM` ->
    exact_match; otherwise a slug of what the table wrote (`cosine_ndcg@10` stays)."""
    stripped = text.strip()
    for pattern, replacement in _METRIC_TYPES:
        if pattern.match(stripped):
            return pattern.sub(replacement, stripped)
    if re.fullmatch(r"[\w@.\-/]+", stripped):
        return stripped.lower()
    return slug(stripped)


#: Metric types that say nothing about what was measured, and the accuracy family that
#: sources name differently for the same number (`acc` vs `accuracy` vs `acc_norm`).
ANY_METRIC = frozenset({"", "unknown", "score", "other", "value", "metric"})
ACCURACY = frozenset({"accuracy", "acc", "acc_norm", "acc_char"})


def metrics_compatible(a: str | None, b: str | None) -> bool:
    """Could two metric types measure the same thing? Generic types match anything."""
    x, y = (a or "").lower(), (b or "").lower()
    return x == y or x in ANY_METRIC or y in ANY_METRIC or (x in ACCURACY and y in ACCURACY)


#: metric types whose values are proportions, written as 0-1 or as 0-100 percent
PROPORTIONS = frozenset({
    "accuracy", "acc", "acc_norm", "f1", "exact_match", "em", "precision", "recall",
    "pass@1", "pass@10", "pass@100", "mc1", "mc2", "win_rate", "score",
})  # fmt: skip
