"""Which column or row of a table holds the model's own scores.

Rules, tried in order; the first rule that any header satisfies decides, and if
several headers satisfy it they must all be *settings* of the model (see 4). Never a
closest match: a table where no rule holds is not the model's.

1. link    the header links to huggingface.co/<org>/<name> of the model
2. exact   the header, squashed to letters and digits, equals the repo name or id
3. tokens  same set of word tokens as the repo name or `org name` (the predecessor's
           rule: `OLMo-3-32B-Think` == `Olmo 3 Think 32B`); `v2` == `2`, `β` == `beta`,
           and a trailing `(ours)` is ignored
4. setting the header is the model's tokens plus qualifier words (`Llama 3.1 405B
           Instruct`, `Arithmo-Mistral-7B Zero-Shot CoT`, `DEITA-7B-v1.0-sft (6K)`); each
           such header becomes a setting and the qualifier goes into the benchmark name
5. subset  the header's tokens are a subset of the model's, include a version or size
           token, and exactly one header in the table qualifies (`Llama 3 70B` for
           `Meta-Llama-3-70B`)
6. size    the model's size token (`70B`) is the whole header and is unique
7. ours    the header says `ours`/`this model`/`proposed` (the card's own name for itself)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from evalguard.textnorm import squash, strip_marks, tokens


class Rule(IntEnum):
    LINK = 1
    EXACT = 2
    TOKENS = 3
    SETTING = 4
    SUBSET = 5
    SIZE = 6
    OURS = 7


@dataclass(frozen=True)
class Match:
    index: int
    rule: Rule
    #: qualifier words for a setting match ("Instruct", "Zero-Shot CoT"), else ""
    setting: str = ""


_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon"}
_SIZE = re.compile(r"^(\d+x)?\d+(\.\d+)?[bmkt]$")
_VERSION = re.compile(r"^v(\d+(?:\.\d+)*)$")
_OURS = {"ours", "our"}
_OURS_PHRASES = ("ours", "(ours)", "our model", "this model", "proposed")
_STOP = {"the", "model", "a", "an", "hf"}


def norm_tokens(text: str) -> list[str]:
    """Tokens for matching names: Greek letters spelled out, `v2` -> `2`, `2.0` -> `2`."""
    out: list[str] = []
    for tok in tokens("".join(_GREEK.get(ch, ch) for ch in text)):
        version = _VERSION.match(tok)
        if version:
            tok = version.group(1)
        if re.fullmatch(r"\d+\.0", tok):
            tok = tok[:-2]
        out.append(tok)
    return out


@dataclass(frozen=True)
class ModelName:
    """The model as the user named it: `org/name` or a bare name."""

    raw: str

    @property
    def repo_id(self) -> str | None:
        parts = self.raw.strip().strip("/").split("/")
        return self.raw.strip().strip("/") if len(parts) == 2 and all(parts) else None

    @property
    def name(self) -> str:
        return self.raw.strip().strip("/").rsplit("/", 1)[-1]

    @property
    def token_sets(self) -> list[frozenset[str]]:
        sets = [frozenset(norm_tokens(self.name))]
        if self.repo_id:
            sets.append(frozenset(norm_tokens(self.repo_id)))
        return [s for s in sets if s]

    @property
    def size(self) -> str | None:
        sizes = [t for t in norm_tokens(self.name) if _SIZE.match(t)]
        return sizes[-1] if len(sizes) == 1 else None


def _parts(header: str) -> tuple[frozenset[str], str]:
    """(core tokens, parenthetical qualifier) of a header such as `DEITA-7B (6K)`."""
    text = strip_marks(header)
    qualifier = ""
    paren = re.search(r"\s*\(([^()]*)\)\s*$", text)
    if paren and text[: paren.start()].strip():
        qualifier = paren.group(1).strip()
        text = text[: paren.start()]
    toks = [t for t in norm_tokens(text) if t not in _OURS]
    return frozenset(toks), qualifier


def _links_to(links: tuple[str, ...], repo_id: str) -> bool:
    want = "/" + repo_id.lower()
    for link in links:
        path = re.sub(r"^https?://(www\.)?(huggingface\.co|hf\.co)", "", link.lower()).rstrip("/")
        if path == want:
            return True
    return False


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


def match_headers(
    model: ModelName, headers: list[str], links: list[tuple[str, ...]] | None = None
) -> list[Match]:
    """Headers (by index) that denote the model, all by the best rule any of them meets."""
    links = links or [() for _ in headers]
    by_rule: dict[Rule, list[Match]] = {}

    def add(index: int, rule: Rule, setting: str = "") -> None:
        by_rule.setdefault(rule, []).append(Match(index, rule, setting))

    targets = {squash(model.name)} | ({squash(model.repo_id)} if model.repo_id else set())
    model_sets = model.token_sets
    for i, header in enumerate(headers):
        core, qualifier = _parts(header)
        if model.repo_id and _links_to(links[i], model.repo_id):
            add(i, Rule.LINK)
            continue
        text = strip_marks(header)
        if squash(text) in targets or squash(re.sub(r"\(ours\)", "", text, flags=re.I)) in targets:
            add(i, Rule.EXACT)
            continue
        if not core:
            if header.strip().lower() in _OURS_PHRASES:
                add(i, Rule.OURS)
            continue
        if any(core == s for s in model_sets):
            if qualifier and qualifier.lower() not in _OURS:
                add(i, Rule.SETTING, qualifier)
            else:
                add(i, Rule.TOKENS)
            continue
        if any(s < core for s in model_sets):
            base = next(s for s in model_sets if s < core)
            extra = core - base
            if extra - _STOP:
                setting = _setting_words(header, base)
                add(i, Rule.SETTING, setting if not qualifier else f"{setting} {qualifier}".strip())
            continue
        if any(
            core < s and len(core) >= 2 and any(_SIZE.match(t) or t[0].isdigit() for t in core)
            for s in model_sets
        ):
            add(i, Rule.SUBSET, qualifier)
            continue
        if model.size and core == {model.size}:
            add(i, Rule.SIZE)
            continue
        lowered = text.lower()
        if any(p in lowered.split() or lowered.startswith(p) for p in _OURS_PHRASES):
            add(i, Rule.OURS, _setting_words(header, frozenset()))
    return by_rule[min(by_rule)] if by_rule else []
