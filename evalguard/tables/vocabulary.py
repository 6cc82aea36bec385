"""The words that say what a table's header or label is about, in one place.

- settings: how a model was evaluated (`5-shot`, `Zero-Shot CoT`, `maj@16`, `with LM`);
- attributes: numbers that describe a model or a dataset, not its results (`# Params`,
  `Context length`, `Throughput`, `Release date`, `License`, `#sent`);
- logs: training bookkeeping (`Epoch`, `Step`, `Training Loss`, `train_runtime`);
- hyper-parameters (`lr`, `lora_alpha`, `Batch Size`);
- aggregates and deltas (`Average`, `Δ`), and words that mark a model (`Model`, `ours`).

Metric names (`Acc.`, `pass@1`, `WER`) live in metrics.py.
"""

from __future__ import annotations

import re

from evalguard.lazyre import lazy_compile
from evalguard.tables.textnorm import norm_tokens, strip_marks

# -- attributes: numbers that are not evaluation results ---------------------------------

#: Headers and labels that name something other than an evaluation score; the comments
#: name the class of table (or the tool writing it) each group of words comes from.
_NOT_SCORE = lazy_compile(
    r"""(?<!\w)(
        # a model's, a file's or a run's facts: size, context, speed, cost, hardware, dates
        params?|parameters?|size|context|ctx|tokens?|tok/s|throughput|latency|speed|time|
        runtime|seconds|per\s+second|hours?|power|carbon|co2|emissions?|energy|watts?|
        price|cost|\$|usd|memory|speed-?ups?|vram|ram|gb|mb|disk|file|bits|quant(\s*method|ization)?|
        year|date|release(d)?|licen[cs]e|downloads?|likes|link|url|
        # training logs and hyper-parameters, architecture tables
        epochs?|steps?|learning\s+rate|lr|batch(\s+size)?|
        warmup|weight\s+decay|layers?|heads?|hidden|dimensions?|dim|vocab(ulary)?|
        # an evaluation harness's bookkeeping and a score's statistics
        samples|examples|count|version|stderr|std|
        standard[\s_]error|std\.?\s*err(or)?|num\s+few\s+shot|architecture|activated|
        seq(uence)?\s+length|(avg\.?|average|mean|response|output)[\s_]length|use\s+case|
        # arena and leaderboard tallies
        cutoff|gqa|rank|ranking|wins|loss(es)?|
        ties|draws|votes?|seqlen|percent(age)?|fraction|proportion|ratio|share|n_[a-z_]+|
        number\s+of|items|\#|
        # vision models' compute and input figures (timm's GMACs, MActs, img_size)
        flops?|gflops|tflops|macs?|gmacs?|macts|activations?|act|resolution|img[\s_]?size|
        image\s+size|crop|fps|(samples|images?|img|tokens?|it)\s*/\s*s(ec)?|
        # a classification report's support, a score's confidence interval
        support|ci|confidence(\s+interval)?|interval|p[\s_-]?values?|
        # dataset statistics (speech and text corpora)
        \#\s*(sent|words|tokens|samples)|hours?\s+of|duration|utterances|speakers|
        # a training data mixture
        make[\s-]?up|mixture|sampling\s+(rate|weight)|weight|
        # quantized files' settings (GPTQ branch tables, GGUF file tables)
        gs|group\s+size|damp(\s*%)?|act\s+order|seq\s*len|max\s+ram(\s+required)?|
        # training stages of a data or compute table
        (pre-?|continual\s+|continued\s+)training|pretraining|cool-?down|annealing
    )(?!\w)""",
    re.I | re.X,
)
#: the same in Chinese, Japanese and Korean headers, which have no word boundaries:
#: parameters, layers, heads, dimensions, vocabulary, length, size, speed, memory, time,
#: counts, training data, position encoding
_NOT_SCORE_CJK = lazy_compile(
    r"参数|參數|层数|層数|層數|头数|頭数|頭數|维度|維度|词表|詞表|词汇|語彙|长度|長度|大小|速度|"
    r"显存|顯存|内存|時間|时间|数量|數量|训练数据|訓練數據|位置编码|"
    r"パラメータ|レイヤー|ヘッド|トークン数|파라미터|레이어|헤드|어휘|크기|속도"
)
_SCORE_WORDS = lazy_compile(
    r"\b(acc(uracy)?|score|f1|em|exact|pass@\d+|wer|cer|bleu|rouge|ndcg|mrr|map|auc|"
    r"precision|recall|perplexity|ppl|bpb|win\s*rate|elo\s*rating|mc[12]|value|result(s)?)\b",
    re.I,
)
#: `Epoch`, `Step`, `Training Loss`; not the `step` inside a checkpoint's name
#: (`TinyLlama-1.1B-intermediate-step-1195k`)
TRAINING_LOG = lazy_compile(
    r"(?<![\w-])(epoch|step|training\s+loss|train(ing)?_loss)(?![\w-])", re.I
)
#: a label column of few-shot counts (`# Shots`, `Shots`, `n-shot`): a setting, not a score
SHOTS_HEADER = lazy_compile(r"#\s*shots?|^\s*(n[\s-]?)?shots?\s*$", re.I)
#: a column that numbers the runs its row's scores come from (MT-Bench's `turn` 1/2,
#: `Round`, `Seed`, `Trial`, `Fold`): the header is the whole label, so a score column
#: named after one of them (`First turn`, `Turn 2`) stays a score
RUN_INDEX_HEADER = lazy_compile(
    r"^\s*(#\s*)?(turns?|rounds?|runs?|seeds?|trials?|folds?|attempts?|iterations?)\s*$", re.I
)
#: `2023.9`, `2022.11`: a release date written as a number
YEAR_MONTH = lazy_compile(r"^(19|20)\d\d\.(0?[1-9]|1[0-2])$")
#: label columns that do not name the row: references (`Paper`, `HF Link`) and
#: harness bookkeeping (`Version`, `Filter`)
NOT_A_NAME_HEADER = lazy_compile(
    r"^\s*(papers?|links?|urls?|references?|citations?|licen[cs]es?|checkpoints?|downloads?|"
    r"weights|repo(sitory)?|hf\s+link|version|filter)\s*$",
    re.I,
)
#: a label column that names the benchmark of each row
BENCHMARK_HEADER = lazy_compile(
    r"^\s*(benchmarks?|tasks?|datasets?|test[\s_-]?sets?|eval(uation)?(\s+sets?)?|"
    r"evals?|corpus|corpora|subtasks?)\s*$",
    re.I,
)
#: a label column that groups rows (`Domain`, `Category`): never the benchmark's name
#: when another label column names it
CATEGORY_HEADER = lazy_compile(
    r"^\s*(domains?|categor(y|ies)|super[\s_-]?categor(y|ies)|types?|capabilit(y|ies)|"
    r"abilit(y|ies)|areas?|groups?|skills?|fields?|kind|topics?)\s*$",
    re.I,
)
#: a label column of a benchmark's subsets: languages, categories, splits, subjects
SUBSET_HEADER = lazy_compile(
    r"^\s*(lang(uage)?s?|subsets?|splits?|subjects?|"
    r"(super[\s_-]?|sub[\s_-]?)?categor(y|ies))\s*$",
    re.I,
)
METRIC_HEADER = lazy_compile(r"^\s*(metrics?|measure|scorer)\s*$", re.I)


def is_not_score_label(text: str, *, header: bool = False) -> bool:
    """`# Params`, `Context length`, `Training Loss`: labels of non-evaluation numbers.
    A label that also gives a value of the quantity (`7B Params`, `Sequence Length
    1024`) names a setting of the scores below it, not the quantity: False."""
    return bool(attribute_word(text, header=header)) and not names_a_setting_value(text)


def attribute_word(text: str, *, header: bool = False) -> str:
    """The word that makes a label name a non-evaluation quantity (`Params`, `Epoch`,
    `#sent`), or "" when it names none (or also names a score: `Accuracy`). A column
    `header` is also read with `_` as a space (`layer_num`, `hidden_size`); a row label
    is not (spaCy's `TOKEN_P` is a score)."""
    stripped = strip_marks(text)
    if not stripped:
        return ""
    outside = PARENTHETICAL_NOTE.sub(" ", stripped)  # `acc. (std)`: a score with its spread
    log = TRAINING_LOG.search(stripped) or _STATISTIC.search(outside)
    if log:
        return log.group(0).strip()
    if _SCORE_WORDS.search(stripped):
        return ""
    found = (
        _NOT_SCORE.search(stripped)
        or (header and _NOT_SCORE.search(stripped.replace("_", " ")))
        or _NOT_SCORE_CJK.search(stripped)
        or SHOTS_HEADER.search(stripped)
    )
    return found.group(0).strip() if found else ""


PARENTHETICAL_NOTE = lazy_compile(r"\([^()]*\)")
#: statistics about a score, not a score: confidence intervals, p-values, errors
_STATISTIC = lazy_compile(
    r"(?<!\w)(ci|confidence(\s+interval)?|p[\s_-]?values?|std|stderr|std\.?\s*err(or)?|"
    r"standard[\s_]error|±)(?!\w)",
    re.I,
)
#: a numeric column that keys the rows by a setting (`MLM probability` | 15%)
SETTING_HEADER = lazy_compile(
    r"\b(probability|temperature|top[\s_-]?[pk]|beam(\s+size)?|threshold|"
    r"(input|sequence|context|prompt)\s+length)\b",
    re.I,
)

#: a value of a quantity in a header: `7B`, `32K`, `1024`, `15%`
_SETTING_VALUE = lazy_compile(r"^(\d+(\.\d+)?[kmbt]|\d{2,}|\d+(\.\d+)?%)$", re.I)


def describes_scores(text: str) -> bool:
    """`Stderr`, `± CI`, `Version`, `Filter`: a column about the scores beside it (a
    harness's bookkeeping), unlike `Params` or `Size`, which describe a model or a file."""
    stripped = strip_marks(text)
    return bool(_STATISTIC.search(stripped) or NOT_A_NAME_HEADER.match(stripped))


def names_a_setting_value(text: str) -> bool:
    """`7B Params`, `Sequence Length 1024`, `Input length 3818`, `MLM probability 15%`:
    a quantity's name and one value of it, which is how a table names the setting its
    column or row of scores was measured at. A training log (`Epoch 3`) is no setting."""
    stripped = strip_marks(text)
    if TRAINING_LOG.search(stripped) or _STATISTIC.search(stripped):
        return False
    words = [w for w in re.split(r"[\s()\[\],:=]+", stripped) if w]
    values = [w for w in words if _SETTING_VALUE.match(w)]
    rest = [w for w in words if not _SETTING_VALUE.match(w)]
    return (
        len(values) == 1
        and bool(rest)
        and all(_NOT_SCORE.fullmatch(w) or w.lower() in _QUANTITY_WORDS for w in rest)
    )


#: words that name a quantity a setting is given in (`Input length`, `MLM probability`)
_QUANTITY_WORDS = frozenset({
    "input", "output", "sequence", "seq", "context", "length", "len", "mlm", "masking",
    "probability", "temperature", "window", "prompt", "max", "model", "num", "number", "of",
})  # fmt: skip


# -- aggregates, deltas, shots ------------------------------------------------------------

AGGREGATE = lazy_compile(
    r"^\s*(avg\.?|average|mean|overall|total|all|macro[\s_-]?avg)\s*(\([^()]*\))?\s*$", re.I
)
DELTA = lazy_compile(r"^\s*(Δ|delta|diff(erence)?|improvement|gain|change)\b", re.I)
SHOT_COUNT = lazy_compile(r"(?<![\d/.-])(\d+)[\s-]*shots?", re.I)

# -- rows and columns that are models -----------------------------------------------------

#: row labels of a metric x benchmark table (`cosine_accuracy@1`, `F1`, `nDCG@10`)
METRIC_LABEL = lazy_compile(
    r"acc|precision|recall|f1|ndcg|mrr|map@|\bmap\b|\bem\b|exact|bleu|rouge|wer|cer|auc|"
    r"spearman|pearson|pass@|score|perplexity|ppl",
    re.I,
)
#: a label column of models: `Model`, `Model Name`, `Method`, `Text Encoder`, `System`,
#: `Release` (rows that are releases of the model are other checkpoints)
MODEL_HEADER = lazy_compile(
    r"^\s*names?\s*$|\b(models?|methods?|systems?|checkpoints?|llms?|approach(es)?|"
    r"baselines?|encoders?|backbones?|releases?|revisions?)\b",
    re.I,
)
MODEL_LIKE = lazy_compile(
    r"(\b\d+(\.\d+)?\s?[bBmM]\b|\b\d+x\d+[bB]\b|huggingface\.co|\bgpt-?\d|\bclaude\b|\bllama|"
    r"\bmistral|\bmixtral|\bqwen|\bgemma|\bphi-?\d|\bfalcon|\bvicuna|\bzephyr|\bdeepseek|"
    r"\byi-|\bbaichuan|\binternlm|\bchatglm|\bbloom|\bopt-|\bmpt-|\bstarcoder|\bcodellama|"
    r"\bwizard|\bolmo|\bpythia|\bours\b|"
    # a model's role in a comparison: another model than the card's
    r"\bbaselines?\b|\bteacher\b|\bsota\b|"
    # a bare release (`v1.0`, `V2`) names a checkpoint of the model, never a benchmark
    r"^\s*v\d+(\.\d+)*\s*$)",
    re.I,
)

#: a heading over numbers about a benchmark's leakage into the training data, which
#: are no scores of the model even when the columns are benchmarks
CONTAMINATION = lazy_compile(r"\b(de-?)?contaminat(ion|ed)\b|\bleak(age)?\b", re.I)

# -- training logs and hyper-parameters ---------------------------------------------------

LOG_LABEL = lazy_compile(r"^\s*(epoch|step|training loss)\s*$", re.I)
LOG_WORDS = lazy_compile(r"\b(loss|runtime|(samples|steps) per second)\b", re.I)
EPOCH = lazy_compile(r"\s*epoch\s*", re.I)
HYPER = lazy_compile(
    r"\b(lr|learning[\s_]rate|batch[\s_]size|epochs?|warm[\s-]?up|weight[\s_]decay|decay|"
    r"optim(izer)?|adam|betas?|eps|dropout|seed|seq(uence)?[\s_]length|max[\s_]length|"
    r"scheduler|gradient|clip|dp|tp|pp|hidden|layers|heads|vocab|dimension|params|size|"
    r"steps|precision|bf16|fp16|lora|rank|alpha|gpus?|nodes|tokens|quant|bits)\b",
    re.I,
)
HYPER_HEADER = lazy_compile(
    r"^\s*((hyper[\s-]?)?param(eter)?s?|config(uration)?s?|settings?|options?|arguments?|"
    r"args)\s*$",
    re.I,
)

# -- evaluation settings ------------------------------------------------------------------

#: words of a qualifier that describe how the model was evaluated, not which model it is
EVAL_SETTING_WORDS = frozenset({
    "shot", "shots", "zero", "few", "cot", "pot", "pal", "tir", "greedy", "sampling",
    "sampled", "maj", "pass", "cons", "avg", "with", "without", "w", "o", "wo", "prompt",
    "prompting", "prompted", "thinking", "think", "non", "chain", "of", "thought", "self",
    "consistency", "sc", "beam",
})  # fmt: skip
_SHOT_TOKEN = lazy_compile(r"^\d+(shots?)?$")
#: `dim=128`, `temperature=0.7`: a setting written as an assignment
_KEY_VALUE = lazy_compile(r"\s*[A-Za-z_][\w.-]*\s*=\s*[\w.-]+\s*")


def is_eval_setting(text: str) -> bool:
    """`Zero-Shot CoT`, `5-shot`, `maj@16`, `with spell correction`: words that say how a
    model was evaluated, not which model it is."""
    if _KEY_VALUE.fullmatch(text):
        return True
    toks = norm_tokens(text)
    return (
        bool(toks)
        and all(t in EVAL_SETTING_WORDS or _SHOT_TOKEN.match(t) for t in toks)
        and any(t in EVAL_SETTING_WORDS for t in toks)
    )


#: words that say a header is a parameter count (`7B Params`, `70B parameters`)
PARAMETER_WORDS = frozenset({"params", "param", "parameters", "parameter", "model", "size"})

# -- headings that name no benchmark ------------------------------------------------------

_GENERIC_WORDS = frozenset({
    "evaluation", "evaluations", "eval", "evals", "result", "results", "performance",
    "benchmark", "benchmarks", "metric", "metrics", "score", "scores", "comparison",
    "comparisons", "test", "tests", "testing", "model", "models", "our", "the", "of", "on",
    "and", "with", "by", "for", "in", "to", "a", "quantitative", "experimental",
    "experiments", "summary", "overview", "accuracy", "details", "detailed", "main",
    "other", "more", "additional", "table", "how", "it", "performs", "usage", "training",
    "base", "chat", "instruct", "instruction", "tuned", "pretrained", "pre", "trained",
    "are", "is", "was", "were", "used", "following", "below", "shown", "as", "these",
    "this", "we", "here", "see", "follows",
    "leaderboard", "open", "llm", "top", "1", "5", "sec", "s", "ms", "per",
})  # fmt: skip


def is_generic_heading(text: str) -> bool:
    """`Evaluation`, `Benchmark Results`, `By Throughput (samples / sec)`: a heading that
    names no benchmark, so it cannot name a table's scores."""
    toks = norm_tokens(text)
    return all(t in _GENERIC_WORDS or _NOT_SCORE.fullmatch(t) or t.isdigit() for t in toks)
