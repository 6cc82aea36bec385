"""Which column or row of a table holds the model's own scores.

Candidates (chosen by extract.py): the headers of the score columns, and for each row
its first label cell and all its label cells joined (`Llama 2` | `70B`), whichever
meets the better rule; only columns and rows that show at least one score (a `TO-DO`
row is no candidate). Columns win over rows on a tie.

Rules, tried in order; the first rule that any header satisfies decides. Never a closest
match: a table where no rule holds is not the model's. When several headers satisfy the
deciding rule they are all returned, and they may be taken together only when each is a
distinct *setting* of the model (`Match.coexists`); otherwise the table is ambiguous.

1. link    the header links to huggingface.co/<org>/<name> of the model
2. tied    the header is a name the card ties to the repo elsewhere: the label of a row
           that links to huggingface.co/<org>/<name> (a download table's
           `DeepSeek-V2-Chat (RL)`), or the text of such a link (ties.py)
3. exact   the header, squashed to letters and digits, equals the repo name or id
           (a trailing `(ours)` is ignored); when the model is a bare name, a header
           `org/name` with that name
4. tokens  same set of word tokens as the repo name or `org name` (the predecessor's
           rule: `OLMo-3-32B-Think` == `Olmo 3 Think 32B`); `v2` == `2`, `1.0` == `1`,
           `β` == `beta`; the words `ours`/`our` and `the`/`model`/`hf` are ignored
5. parts   the header's name parts equal the model's (names.py): family, version, size,
           variant (`Ins` == `Instruct`), tag; it may leave out the org and the context
           length; the variant when the table's heading names it (`Llama 3 8B` under
           `Instruction tuned models`); a leading base model's name when a parameter
           count is left (`OpenBioLLM-8B` for `Llama3-OpenBioLLM-8B`)
6. setting the model's tokens (or parts) plus qualifier words (`Llama 3.1 405B Instruct`,
           `Arithmo-Mistral-7B Zero-Shot CoT`, `DEITA-7B-v1.0-sft (6K)`); the qualifier
           becomes the score's setting. Never when the extra words hold a parameter size
           (`DeepSeek-R1-Distill-Qwen-7B` is another model). When several headers qualify:
           all are taken if every qualifier is an evaluation setting (shots, CoT/PoT,
           greedy/maj@k/pass@k, with/without..., thinking), and the settings alone when
           the others are variants (`(original) (0-shot)`); else the single one whose
           qualifier is only a native precision (`Llama 3.2 3B bf16`) is the model and
           quantized or retrained variants (`QLoRA`, `Vanilla PTQ`, `(10K)`) are not;
           else the single one whose qualifier the card's metadata names (`6K` of a
           `deita-6k` dataset); else the table is ambiguous.
7. original the header names the original model of a quantized repo: its parts without
           the quantization, and the org may differ (`mlabonne/X-8B` in the card of
           `QuantFactory/X-8B-GGUF`); weaker than a header naming the repo itself
8. prefix  the header is the start of the model's name, possibly after leading words that
           repeat the organisation (`Llama 3.2 90B` for `Llama-3.2-90B-Vision`, `Llama 3
           70B` for `meta-llama/Meta-Llama-3-70B`): at least two tokens, one with a digit;
           the dropped trailing words are no training stage (`sft`, `dpo`, `chat`,
           `instruct`...), and exactly one header in the table qualifies; a
           parenthetical qualifier must be an evaluation setting (`(5-shot)`, not
           `(Instructed)`)
9. size    the model's parameter count (`70B`, never a context length such as `32K`; from
           its name or the card's line with its repo id) or its size word (`base`) is
           the whole header, alone or with a word for parameters (`7B Params`, `base
           model`), and exactly one header is; never when the label column's own header
           names another family (`LLaMA Number of parameters` over rows `7B | 13B` in
           the card of `chronos-13B`: those are LLaMA's sizes)
10. ours   the header says `ours`/`this model`/`proposed` (the card's own name for itself);
           several such headers are settings when each has its own qualifier
           (`Ours with spell correction`, `Ours without spell correction`)

A header that links to a Hub model other than the model (or, for a quantized repo, its
original) names the repo it links to and meets no rule, whatever its text says
(`[base model](hf.co/org/x-base-vlsp)` in the card of `org/x-base`).

Every match keeps its reason (the rule, and for rules 5 and 7 which parts were left out)
for `extract --explain`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import cached_property

from evalguard.lazyre import lazy_compile
from evalguard.tables.names import (
    PARAMETER_SIZE,
    STOP_WORDS,
    VARIANT_WORDS,
    NameParts,
    Verdict,
    family_matches,
    parse_name,
    same_model,
)
from evalguard.tables.textnorm import norm_tokens, squash, strip_marks
from evalguard.tables.ties import CardTies, hub_models, links_to
from evalguard.tables.vocabulary import (
    PARAMETER_WORDS,
    PARENTHETICAL_NOTE,
    is_eval_setting,
    is_not_score_label,
)


class Rule(IntEnum):
    LINK = 1
    TIED = 2
    EXACT = 3
    TOKENS = 4
    PARTS = 5
    SETTING = 6
    ORIGINAL = 7
    PREFIX = 8
    SIZE = 9
    OURS = 10


@dataclass(frozen=True)
class Match:
    """A header that denotes the model, and by which rule."""

    index: int
    rule: Rule
    #: qualifier words for a setting match ("Instruct", "Zero-Shot CoT"), else ""
    setting: str = ""
    #: True when this match may be taken together with the other matches of its rule
    coexists: bool = False
    #: why this header names the model (for --explain)
    reason: str = ""


_OURS = {"ours", "our"}
_OURS_PHRASES = ("ours", "(ours)", "our model", "this model", "proposed")
_NATIVE_PRECISION = frozenset({"bf16", "fp16", "fp32", "bfloat16", "float16", "float32"})
#: trailing words whose absence names another checkpoint of the family
_TRAINING_STAGE = frozenset(
    {"sft", "dpo", "ppo", "rlhf", "orpo", "kto", "rl", "chat", "instruct", "it", "ft", "finetuned"}
)
_RELEASE_TAGS = frozenset({"alpha", "beta", "gamma", "preview"})
#: card titles around the model's name: `Model Card for X`, `Model Card: X`, `X Model Card`
_TITLE_BOILERPLATE = lazy_compile(
    r"^\s*model\s+card\s*(for|of|:|-)?\s+|\s*[-:]?\s*model\s+card\s*$", re.I
)
#: a base model's name glued to its version: `Llama3`, `Qwen2.5`, `Base3`
_BASE_NAME = lazy_compile(r"[A-Za-z]{3,}\d+(\.\d+)?")
_REPO_ID_HEADER = lazy_compile(r"^[\w.-]+/([\w.-]+)$")


@dataclass(frozen=True)
class ModelName:
    """The model as the user named it: `org/name` or a bare name."""

    raw: str

    @cached_property
    def repo_id(self) -> str | None:
        parts = self.raw.strip().strip("/").split("/")
        return self.raw.strip().strip("/") if len(parts) == 2 and all(parts) else None

    @cached_property
    def name(self) -> str:
        if self.repo_id:
            return self.repo_id.rsplit("/", 1)[-1]
        return _TITLE_BOILERPLATE.sub("", self.raw).strip() or self.raw.strip()

    @cached_property
    def org_tokens(self) -> frozenset[str]:
        return frozenset(norm_tokens(self.repo_id.split("/")[0])) if self.repo_id else frozenset()

    @cached_property
    def token_sets(self) -> list[frozenset[str]]:
        sets = [frozenset(self.name_tokens)]
        if self.repo_id:
            sets.append(frozenset(norm_tokens(self.repo_id)))
        return [s for s in sets if s]

    @cached_property
    def name_tokens(self) -> list[str]:
        return norm_tokens(self.name)

    @cached_property
    def parts(self) -> NameParts:
        return parse_name(self.repo_id or self.name)

    def parts_with(self, size: str) -> NameParts:
        """The name's parts, with a size the card gives when the name has none."""
        if size and not self.parts.size:
            return replace(self.parts, size=(size,))
        return self.parts

    @cached_property
    def size_word(self) -> str | None:
        """The name's size word (`base`, `large`) when it has no parameter count."""
        sizes = self.parts.size
        return sizes[0] if len(sizes) == 1 and not PARAMETER_SIZE.match(sizes[0]) else None

    def without_base_name(self) -> list[tuple[NameParts, str]]:
        """The name without a leading base model's name and version, one word (`Llama3-`
        of `Llama3-OpenBioLLM-8B`, `Base3-` of `Base3-Nova-2-8B`): (parts, what was left
        out), when what is left still has a parameter count and a family word of four
        letters or more (`anli` of `DeBERTa-v3-base-mnli-fever-anli` is a benchmark)."""
        words = self.name.replace("_", "-").split("-")
        head, rest = words[0], "-".join(words[1:])
        if len(words) < 3 or not _BASE_NAME.fullmatch(head):
            return []
        parts = replace(parse_name(rest), org=self.parts.org)
        has_size = any(PARAMETER_SIZE.match(t) for t in parts.size)
        if has_size and any(len(w) >= 4 for w in parts.family):
            return [(parts, head)]
        return []

    @cached_property
    def size(self) -> str | None:
        """The parameter count in the name (`70b`), never a context length (`32k`)."""
        sizes = [t for t in self.parts.size if PARAMETER_SIZE.match(t)]
        return sizes[0] if len(sizes) == 1 else None


#: a parenthetical at the end of a header: `DEITA-7B (6K)`
_TRAILING_PAREN = lazy_compile(r"\s*\(([^()]*)\)\s*$")
_OURS_MARK = lazy_compile(r"\(ours\)", re.I)


def _parts(header: str) -> tuple[frozenset[str], str]:
    """(core tokens, parenthetical qualifier) of a header such as `DEITA-7B (6K)`."""
    text = strip_marks(header)
    qualifier = ""
    paren = _TRAILING_PAREN.search(text)
    if paren and text[: paren.start()].strip():
        qualifier = _without_ours(paren.group(1))
        text = text[: paren.start()]
    toks = [t for t in norm_tokens(text) if t not in _OURS]
    return frozenset(toks), qualifier


def _without_ours(text: str) -> str:
    """`Ours, Open LLM Leaderboard` -> `Open LLM Leaderboard`; `this model` -> ``."""
    text = re.sub(r"\b(this|our)\s+model\b", " ", text, flags=re.I)
    words = re.split(r"\s*,\s*|\s+", text.strip())
    return " ".join(w for w in words if w and w.lower().strip("*") not in _OURS)


def _setting_words(header: str, model_tokens: frozenset[str]) -> str:
    """The words of `header` that are not the model's name, in their original spelling."""
    text = strip_marks(header)
    words = re.split(r"[\s_]+|(?<=[a-z0-9])-(?=[a-z])", text, flags=re.I)
    kept = [
        w.strip("()[],-")
        for w in words
        if w.strip("()[],-") and not set(norm_tokens(w)) <= model_tokens
    ]
    return " ".join(w for w in kept if w.lower() not in _OURS)


def names_model(model: ModelName, text: str) -> bool:
    """Whether free text (a table's caption) mentions the model: every token of its name
    (or of `org name`) occurs in the text. Names without a word of 3+ letters (`14B`)
    are too weak to be found this way."""
    words = set(norm_tokens(text))
    return any(
        names <= words
        for names in model.token_sets
        if any(sum(ch.isalpha() for ch in t) >= 3 for t in names)
    )


def _qualifier_kind(words: str) -> str:
    """ "setting" (how the model was evaluated), "native" (`bf16`) or "variant"."""
    if is_eval_setting(words):
        return "setting"
    toks = norm_tokens(words)
    if toks and all(t in _NATIVE_PRECISION for t in toks):
        return "native"
    return "variant"


def _choose_settings(matches: list[Match], ties: CardTies) -> list[Match]:
    """Rule 6 with several headers: all evaluation settings, or the one native-precision
    header, or the one whose qualifier the card's metadata names, or (returned as is,
    not coexisting) an ambiguous set."""
    kinds = [_qualifier_kind(m.setting) for m in matches]
    if all(k == "setting" for k in kinds):
        return [replace(m, coexists=True) for m in matches]
    settings = [m for m, k in zip(matches, kinds, strict=True) if k == "setting"]
    if len(settings) > 1 and all(k in ("setting", "variant") for k in kinds):
        # `X (0-shot)`, `X (5-shot)` beside `X (original) (0-shot)`: the settings are the
        # model, the variant is another checkpoint
        return [replace(m, coexists=True, reason="an evaluation setting") for m in settings]
    native = [m for m, k in zip(matches, kinds, strict=True) if k == "native"]
    if len(native) == 1:
        return [replace(native[0], setting="", coexists=True, reason="native precision")]
    named = [m for m in matches if m.setting and set(norm_tokens(m.setting)) <= ties.words]
    if len(named) == 1:
        reason = f"its qualifier {named[0].setting!r} is named in the card's metadata"
        return [replace(named[0], setting="", coexists=True, reason=reason)]
    return matches


_NUMBER = lazy_compile(r"^\d+(\.\d+)*$")


def _prefix_of_name(core: frozenset[str], model: ModelName) -> bool:
    """Rule 8 for one header (uniqueness is checked by the caller). The prefix never
    stops inside a version written with dashes (`kandinsky-2-1`)."""
    name = model.name_tokens
    if len(core) < 2 or not any(ch.isdigit() for t in core for ch in t):
        return False
    org_words = 0
    while org_words < len(name) and name[org_words] in model.org_tokens:
        org_words += 1
    for first in range(org_words + 1):
        for end in range(first + 2, len(name) + 1):
            run = frozenset(name[first:end])
            if run == core and (first, end) != (0, len(name)):
                if _NUMBER.match(name[end - 1]) and end < len(name) and _NUMBER.match(name[end]):
                    return False  # `Kandinsky 2` of `kandinsky-2-1`: another version
                return not any(_names_another_checkpoint(t) for t in name[end:])
    return False


def _glued_sibling(header: str, model_tokens: frozenset[str]) -> bool:
    """Words dashed onto the end of the model's name (`arctic-embed-m-long`,
    `Nova-7B-v2`, `Nova-7B-AWQ`, `X-v2.0-c`) name a sibling repo, not a setting; a
    training stage or native precision (`Llama-2-Chat`, `Florence-2-base-ft`, `-bf16`)
    is the same checkpoint family's variant, which the rules take as a setting."""
    outside = PARENTHETICAL_NOTE.sub(" ", strip_marks(header))  # `Qwen-VL (Qwen-7B)`
    for word in outside.split():
        toks = norm_tokens(word)
        inside = [i for i, t in enumerate(toks) if t in model_tokens]
        if not inside:
            continue
        trailing = toks[inside[-1] + 1 :]
        if any(t not in VARIANT_WORDS and t not in _NATIVE_PRECISION for t in trailing):
            return True
    return False


def _names_another_checkpoint(token: str) -> bool:
    """A word that, left out of a name, leaves another checkpoint of the family: a
    training stage (`sft`, `instruct`), a version (`0.6`; `1` is the default) or a
    release tag (`alpha`, `beta`)."""
    if token in _TRAINING_STAGE or token in _RELEASE_TAGS:
        return True
    return bool(_NUMBER.match(token)) and token != "1"


def _ours(header: str) -> bool:
    lowered = strip_marks(header).lower()
    return any(p in lowered.split() or lowered.startswith(p) for p in _OURS_PHRASES)


def _rule_for(
    model: ModelName,
    header: str,
    links: tuple[str, ...],
    targets: set[str],
    *,
    ties: CardTies,
    caption: str = "",
) -> tuple[Rule, str, str] | None:
    """The best rule one header meets, with its setting words and the reason."""
    if model.repo_id and links_to(links, model.repo_id):
        return Rule.LINK, "", f"links to huggingface.co/{model.repo_id}"
    if _links_elsewhere(model, links):
        return None
    text = strip_marks(header)
    if squash(text) in ties.names:
        return Rule.TIED, "", "the card ties this name to the repo (a link to it)"
    if squash(text) in targets or squash(_OURS_MARK.sub("", text)) in targets:
        return Rule.EXACT, "", "equals the model's name"
    repo_header = _REPO_ID_HEADER.match(text)
    if repo_header and not model.repo_id and squash(repo_header.group(1)) in targets:
        return Rule.EXACT, "", "equals the model's name after its org"
    core, qualifier = _parts(header)
    if not core:
        if header.strip().lower() in _OURS_PHRASES:
            return Rule.OURS, "", "says it is the card's own model"
        return None
    model_sets = model.token_sets
    if any(core == s for s in model_sets):
        if qualifier:
            return Rule.SETTING, qualifier, "the model's name with a qualifier"
        return Rule.TOKENS, "", "the same words as the model's name"
    base = next((s for s in model_sets if s < core), None)
    if base is not None:
        extra = core - base
        if not extra - STOP_WORDS:
            return Rule.TOKENS, "", "the same words as the model's name"
        if any(PARAMETER_SIZE.match(t) for t in extra) or _glued_sibling(header, base):
            return None
        setting = _setting_words(header, base)
        setting = f"{setting} {qualifier}".strip() if qualifier else setting
        return Rule.SETTING, setting, "the model's name with qualifier words"
    verdict = _parts_verdict(model, parse_name(header_core(header)), ties, caption)
    if verdict.same and verdict.original:
        # a quantized repo's original model: weaker than any header naming the repo itself
        return Rule.ORIGINAL, qualifier, verdict.reason
    if verdict.same:
        if qualifier:
            return Rule.SETTING, qualifier, f"{verdict.reason}, with a qualifier"
        return Rule.PARTS, "", verdict.reason
    if _prefix_of_name(core, model) and (not qualifier or is_eval_setting(qualifier)):
        # `Idefics2 8B (Instructed)` in the card of `idefics2-8b-chatty`: a shortened
        # name with a checkpoint's qualifier is that checkpoint
        return Rule.PREFIX, qualifier, "the start of the model's name"
    sizes = {s for s in (model.size, ties.size, model.size_word) if s}
    size = next(iter(core - PARAMETER_WORDS), "") if len(core - PARAMETER_WORDS) == 1 else ""
    if size in sizes:
        return Rule.SIZE, "", f"the model's size {size}"
    if _ours(header):
        return Rule.OURS, _setting_words(header, frozenset()), "says it is the card's own model"
    return None


def _links_elsewhere(model: ModelName, links: tuple[str, ...]) -> bool:
    """The header links to Hub models and none of them is the model (nor, for a
    quantized repo, its original): the header names the repo it links to, whatever
    its text says (`[base model](hf.co/org/x-base-v2)` in the card of `org/x-base`)."""
    linked = hub_models(links)
    return bool(linked) and not any(
        same_model(replace(model.parts, org=""), replace(parse_name(repo), org="")).same
        for repo in linked
    )


def _parts_verdict(model: ModelName, header: NameParts, ties: CardTies, caption: str) -> Verdict:
    """Rule 5: the header's parts against the model's, also when the table's heading
    names the variant the header leaves out (`Llama 3 8B` under `Instruction tuned
    models` for `Llama-3-8B-Instruct`), and when the header leaves out a leading base
    model's name (`OpenBioLLM-8B` for `Llama3-OpenBioLLM-8B`)."""
    want = model.parts_with(ties.size)
    verdict = same_model(want, header)
    if verdict.same:
        return verdict
    if not header.variants and want.variants and parse_name(caption).variants == want.variants:
        named = same_model(want, replace(header, variants=want.variants))
        if named.same:
            reason = f"{named.reason}; the table's heading names its variant"
            return replace(named, reason=reason)
    for rest, dropped in model.without_base_name():
        named = same_model(rest, header)
        if named.same:
            reason = f"{named.reason}; leaves out the base model's name {dropped!r}"
            return replace(named, reason=reason)
    return verdict


#: words a size column's header has besides a family's name (`Number of parameters`)
_SIZE_HEADER_WORDS = frozenset({"number", "of", "n", "num", "#", "the"}) | PARAMETER_WORDS


def names_another_family(header: str, model: ModelName) -> str:
    """The family a size column's header names when it is not the model's (`LLaMA` of
    `LLaMA Number of parameters` in the card of `chronos-13B`), else "". Rule 9 takes a
    bare size for the model only in a table about the model's own family."""
    words = [
        w
        for w in strip_marks(header).split()
        if w.lower() not in _SIZE_HEADER_WORDS and not is_not_score_label(w, header=True)
    ]
    if not words:
        return ""
    named = " ".join(words)
    if squash(named) in squash(model.name) or family_matches(model.parts, parse_name(named)):
        return ""
    return named


def header_core(header: str) -> str:
    """A header without its trailing parenthetical and `ours` marks: the part of it that
    can be a model's name (`DeepSeek-V2 Chat` of `DeepSeek-V2 Chat (RL)`)."""
    text = strip_marks(header)
    paren = _TRAILING_PAREN.search(text)
    if paren and text[: paren.start()].strip():
        text = text[: paren.start()]
    return " ".join(w for w in text.split() if w.lower().strip("*()") not in _OURS)


def match_headers(
    model: ModelName,
    headers: Sequence[str],
    links: Sequence[tuple[str, ...]] | None = None,
    ties: CardTies | None = None,
    caption: str = "",
) -> list[Match]:
    """Headers (by index) that denote the model, all by the best rule any of them meets.
    More than one match that does not `coexist` means the table is ambiguous."""
    links = links or [() for _ in headers]
    ties = ties or CardTies()
    targets = {squash(model.name)} | ({squash(model.repo_id)} if model.repo_id else set())
    by_rule: dict[Rule, list[Match]] = {}
    for i, header in enumerate(headers):
        found = _rule_for(model, header, links[i], targets, ties=ties, caption=caption)
        if found is not None:
            rule, setting, reason = found
            by_rule.setdefault(rule, []).append(Match(i, rule, setting, reason=reason))
    if not by_rule:
        return []
    best = by_rule[min(by_rule)]
    if len(best) == 1:
        return [replace(best[0], coexists=True)]
    if best[0].rule == Rule.SETTING:
        return _choose_settings(best, ties)
    settings = [m.setting for m in best]
    if best[0].rule == Rule.OURS and all(settings) and len(set(settings)) == len(settings):
        return [replace(m, coexists=True) for m in best]
    return best
