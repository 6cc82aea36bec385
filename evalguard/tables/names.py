"""A model's name in parts, and whether a table header names the same model.

`parse_name("microsoft/Phi-3.5-mini-instruct")` gives org `microsoft`, family `phi`,
version `3.5`, size `mini`, variant `instruct`; `parse_name("Phi-3.5 Mini-Ins")` gives the
same parts, so the header names the model. Parts, from the name's tokens:

- size: parameter counts (`7b`, `1.5b`, `8x7b`, `350m`, active `a3b`, experts `16e`) or
  size words (`tiny`, `mini`, `small`, `base`, `large`, `xl`...; `base` is a size only in
  a name without a parameter count);
- version: plain numbers (`3.5`, `v2`, `2.0` == `2`), also glued to a word (`Qwen2.5`);
- variant: training stages, with their short spellings (`instruct` == `ins` == `inst` ==
  `it`, `chat`, `base`, `sft`, `dpo`, `rl`, `rlhf`...);
- quantization: `gguf`, `awq`, `gptq`, `int4`, `4bit`, `exl2`, `mlx`...;
- context length: `8k`, `32k`, `128k`;
- tag: release dates and other long numbers (`2407`, `20240522`);
- family: the other words, compared squashed in order (`OpenLLaMA` == `open_llama`).

`same_model(model, header)` compares part by part and says why not when they differ.
The rules (each documented where it is checked) never guess: a part the header leaves
out counts as the same only where cards really do leave it out (the org, a context
length, the quantization of a quantized repo, an org word such as `Meta`); a release
tag left out names the release before (`OpenChat-3.5` is not `openchat-3.5-0106`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from evalguard.lazyre import lazy_compile
from evalguard.tables.textnorm import norm_tokens, squash

#: a parameter count (`7b`, `1.5b`, `8x7b`, `350m`); `6k` (a data size) is not one
PARAMETER_SIZE = lazy_compile(r"^(\d+x)?\d+(\.\d+)?[bmt]$")
_PARAMETER_SIZE = lazy_compile(rf"{PARAMETER_SIZE.pattern}|^a\d+(\.\d+)?b$|^\d+e$")
_SIZE_WORDS = frozenset({
    "nano", "pico", "micro", "tiny", "mini", "small", "medium", "base", "large", "xl",
    "xxl", "huge", "giant",
})  # fmt: skip
_VARIANTS = {
    "instruct": "instruct", "instruction": "instruct", "instructed": "instruct",
    "ins": "instruct", "inst": "instruct", "it": "instruct",
    "chat": "chat", "base": "base", "sft": "sft", "dpo": "dpo", "ppo": "ppo", "rl": "rl",
    "rlhf": "rlhf", "orpo": "orpo", "kto": "kto", "grpo": "grpo", "ft": "ft",
    "finetuned": "ft",
}  # fmt: skip
#: the words of a training stage, as names write them (`Chat`, `Ins`, `sft`)
VARIANT_WORDS = frozenset(_VARIANTS)
_QUANT = lazy_compile(
    r"^(gguf|ggml|awq|gptq|exl[23]|int[348]|[2-8]bits?|bnb|nf4|fp8|mlx|onnx|imatrix|"
    r"quantized|q[2-8](k)?|w[48]a(8|16))$"
)
_CONTEXT = lazy_compile(r"^\d+k$")
_VERSION = lazy_compile(r"^\d{1,3}(\.\d+)*$")
_TAG = lazy_compile(r"^\d{4,}$")
#: a word with a version glued to it: `qwen2.5`, `llama2`, `phi3`
_GLUED_VERSION = lazy_compile(r"^([a-z]{2,})(\d{1,2}(\.\d+)*)$")
#: org suffixes that are not part of its brand (`OrionStarAI` -> `orionstar`)
_ORG_SUFFIX = lazy_compile(r"(ai|labs?|research|inc|team|org|official|hf|community|group)$")


@dataclass(frozen=True)
class NameParts:
    """A model name taken apart: family, version, size, variants and the rest."""

    org: str = ""
    family: tuple[str, ...] = ()
    version: str = ""
    size: tuple[str, ...] = ()
    variants: frozenset[str] = frozenset()
    quantization: frozenset[str] = frozenset()
    context: str = ""
    tags: tuple[str, ...] = ()
    #: words in the name that are none of the above but were dropped as noise ("the", "hf")
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def family_key(self) -> str:
        return "".join(self.family)

    def describe(self) -> str:
        """`family phi, version 3.5, size mini, variant instruct`: for --explain."""
        parts = [
            ("org", self.org),
            ("family", " ".join(self.family)),
            ("version", self.version),
            ("size", " ".join(self.size)),
            ("variant", " ".join(sorted(self.variants))),
            ("quantization", " ".join(sorted(self.quantization))),
            ("context", self.context),
            ("tag", " ".join(self.tags)),
        ]
        return ", ".join(f"{k} {v}" for k, v in parts if v)


#: words a name can hold that name nothing (`the`, `model`, `hf`)
STOP_WORDS = frozenset({"the", "model", "hf", "a", "an"})


@lru_cache(maxsize=4096)  # a card repeats its headers and cells
def parse_name(text: str) -> NameParts:
    """The parts of a model name: `org/name` or a bare name as a table writes it."""
    org = ""
    body = text.strip()
    repo = re.fullmatch(r"([\w.-]+)/([\w.-]+)", body)
    if repo:
        org, body = repo.group(1), repo.group(2)
    toks: list[str] = []
    for tok in norm_tokens(body):
        glued = _GLUED_VERSION.match(tok)
        if glued and not _PARAMETER_SIZE.match(tok) and not _QUANT.match(tok):
            toks += [glued.group(1), glued.group(2)]
        else:
            toks.append(tok)
    has_count = any(_PARAMETER_SIZE.match(t) for t in toks)
    family: list[str] = []
    versions: list[str] = []
    sizes: list[str] = []
    variants: set[str] = set()
    quant: set[str] = set()
    context = ""
    tags: list[str] = []
    ignored: list[str] = []
    for tok in toks:
        if tok in STOP_WORDS:
            ignored.append(tok)
        elif _PARAMETER_SIZE.match(tok) or (
            tok in _SIZE_WORDS and not (tok == "base" and has_count)
        ):
            sizes.append(tok)
        elif tok in _VARIANTS:
            variants.add(_VARIANTS[tok])
        elif _QUANT.match(tok):
            quant.add(tok)
        elif _CONTEXT.match(tok):
            context = tok
        elif _TAG.match(tok):
            tags.append(tok)
        elif _VERSION.match(tok):
            versions.append(tok)
        else:
            family.append(tok)
    if not family and len(sizes) > 1:
        # `Tiny-7B`: with a parameter count beside it, a size word is the family's name
        family = [t for t in sizes if not _PARAMETER_SIZE.match(t)]
        sizes = [t for t in sizes if _PARAMETER_SIZE.match(t)]
    return NameParts(
        org=org.lower(),
        family=tuple(family),
        version=".".join(versions),
        size=tuple(sizes),
        variants=frozenset(variants),
        quantization=frozenset(quant),
        context=context,
        tags=tuple(tags),
        ignored=tuple(ignored),
    )


def org_brand(org: str) -> str:
    """`OrionStarAI` -> `orionstar`, `meta-llama` -> `metallama`: the org as a name."""
    brand = squash(org)
    stripped = _ORG_SUFFIX.sub("", brand)
    return stripped if len(stripped) >= 3 else brand


@dataclass(frozen=True)
class Verdict:
    """Whether two names denote the same model, and why."""

    same: bool
    #: why the parts differ, or which parts the header leaves out
    reason: str
    #: the header names the original model of a quantized repo (its quantization left out)
    original: bool = False


def family_matches(model: NameParts, header: NameParts) -> bool:
    """Family words equal when squashed in order; leading words of the model's family that
    repeat its org (`Meta` of `meta-llama/Meta-Llama-3`) may be left out; a header may
    write the family as the org's brand (`OrionStar-14B` for `OrionStarAI/Orion-14B`)."""
    want, got = model.family_key, header.family_key
    if not got:
        return False
    if want == got:
        return True
    org_words = set(norm_tokens(model.org)) | ({org_brand(model.org)} if model.org else set())
    family = list(model.family)
    while len(family) > 1 and family[0] in org_words:
        family.pop(0)
        if "".join(family) == got:
            return True
    brand = org_brand(model.org) if model.org else ""
    return bool(brand) and got == brand and len(want) >= 3 and brand.startswith(want)


def same_model(model: NameParts, header: NameParts) -> Verdict:
    """Whether `header` names the model `model`, part by part."""
    if not family_matches(model, header):
        return Verdict(False, f"family {header.family_key or '-'} is not {model.family_key}")
    if header.version != model.version:
        return Verdict(
            False, f"version {header.version or 'none'} is not {model.version or 'none'}"
        )
    if header.size != model.size:
        return Verdict(
            False, f"size {' '.join(header.size) or 'none'} is not {' '.join(model.size) or 'none'}"
        )
    if header.variants != model.variants:
        return Verdict(
            False,
            f"variant {' '.join(sorted(header.variants)) or 'none'} is not "
            f"{' '.join(sorted(model.variants)) or 'none'}",
        )
    if header.tags != model.tags:
        # `openchat-3.5-0106` is not the `OpenChat-3.5` released before it
        tags = " ".join(header.tags) or "none"
        return Verdict(False, f"tag {tags} is not {' '.join(model.tags) or 'none'}")
    if header.context and header.context != model.context:
        return Verdict(False, f"context {header.context} is not {model.context or 'none'}")
    if header.quantization and header.quantization != model.quantization:
        return Verdict(False, f"quantization {' '.join(sorted(header.quantization))} differs")
    left_out = []
    if model.quantization and not header.quantization:
        left_out.append("the quantization (a quantized repo reports its original model)")
    if model.context and not header.context:
        left_out.append("the context length")
    if header.org and model.org and header.org != model.org:
        if not model.quantization:
            return Verdict(False, f"org {header.org} is not {model.org}")
        left_out.append("the org (a quantized repo's org is not the original's)")
    same = f"same parts ({header.describe()})"
    original = bool(model.quantization and not header.quantization)
    reason = same + (f"; leaves out {', '.join(left_out)}" if left_out else "")
    return Verdict(True, reason, original)
