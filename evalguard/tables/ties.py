"""What the card itself ties to the model's repo, to tell apart headers that all name it.

- names: the label of a table row with a link (or a written URL) to
  huggingface.co/<org>/<name> of the model (a download table's `DeepSeek-V2-Chat
  (RL)`), and the text of such a link in the card's prose;
- size: the one parameter count (`23M`) on the lines that mention the repo id itself
  (`from_pretrained("BM-K/KoMiniLM")  # 23M model`), when those lines agree;
- words: the tokens of the card's metadata about the model (front matter `datasets`,
  `base_model`), which can name a qualifier (`6K` of `hkust-nlp/deita-6k-v0`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evalguard.lazyre import lazy_compile
from evalguard.tables.document import Document
from evalguard.tables.names import NameParts, parse_name
from evalguard.tables.textnorm import norm_tokens, squash

_URL = lazy_compile(r"https?://\S+")
_SIZE_IN_TEXT = lazy_compile(r"(?<![\w.])(\d+(?:\.\d+)?[MB])\b")


@dataclass(frozen=True)
class CardTies:
    """What the rest of a card ties to the model's repo."""

    #: squashed names the card gives the repo
    names: frozenset[str] = frozenset()
    #: the parameter count the card gives the repo (`23m`), or ""
    size: str = ""
    #: tokens of the card's metadata about the model
    words: frozenset[str] = frozenset()


_HUB_MODEL_LINK = lazy_compile(
    r"^https?://(www\.)?(huggingface\.co|hf\.co)/(?!datasets/|spaces/|docs/|papers/|blog/)"
    r"([\w.-]+/[\w.-]+)/?$",
    re.I,
)


def hub_models(links: Iterable[str]) -> list[str]:
    """The repo ids of the links that lead to a model page on the Hub (not a dataset,
    a space or the docs)."""
    return [m.group(3) for link in links if (m := _HUB_MODEL_LINK.match(link))]


_HUB_HOST = lazy_compile(r"^https?://(www\.)?(huggingface\.co|hf\.co)")


def links_to(links: Iterable[str], repo_id: str) -> bool:
    """Whether one of the links is huggingface.co/<repo_id> (or hf.co/...)."""
    want = "/" + repo_id.lower()
    return any(_HUB_HOST.sub("", link.lower()).rstrip("/") == want for link in links)


def card_ties(
    repo_id: str | None,
    document: Document,
    *,
    body: str = "",
    metadata: Sequence[str] = (),
) -> CardTies:
    """The ties of one card (its tables, and the links of its prose)."""
    words = frozenset(t for text in metadata for t in norm_tokens(text))
    if not repo_id:
        return CardTies(words=words)
    tied: list[str] = []
    for table in document.tables:
        for row in table.rows:
            if any(links_to([*cell.links, *_URL.findall(cell.text)], repo_id) for cell in row):
                tied.append(next((c.text for c in row if c.text), ""))
    tied += [text for text, href in document.links if links_to([href], repo_id)]
    repo = parse_name(repo_id)
    names = {squash(text) for text in tied if text and not _contradicts(parse_name(text), repo)}
    return CardTies(frozenset(names), _tied_size(repo_id, body), words)


def _contradicts(name: NameParts, repo: NameParts) -> bool:
    """A link text whose size or version is not the repo's (`MetricX-23-QE-XXL` linking
    to `metricx-23-qe-large-v2p0`): a wrong link, no tie."""
    return bool(
        (name.size and repo.size and name.size != repo.size)
        or (name.version and repo.version and name.version != repo.version)
    )


def _tied_size(repo_id: str, body: str) -> str:
    mention = re.compile(rf"(?<![\w-]){re.escape(repo_id)}(?![\w-])", re.I)
    sizes: set[str] = set()
    for line in body.splitlines():
        if mention.search(line):
            rest = mention.sub(" ", line)
            sizes.update(s.lower() for s in _SIZE_IN_TEXT.findall(rest))
    return sizes.pop() if len(sizes) == 1 else ""
