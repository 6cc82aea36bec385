"""Plain text out of table cells, and the normalizations used to compare names.

Cells arrive as markdown-it inline tokens (pipe tables) or as text with inline tags
(HTML tables). Either way we keep three things: the visible text without markup, the
superscript text (footnote marks, kept apart so `85.2<sup>†</sup>` reads as 85.2), and
link targets (a header linking to huggingface.co/org/name names that model exactly).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from evalguard.lazyre import lazy_compile


@dataclass(frozen=True)
class CellText:
    """Visible text of one cell, its superscript and the links in it."""

    text: str
    sup: str = ""
    links: tuple[str, ...] = ()


_SUP_OPEN = lazy_compile(r"<\s*sup\b[^>]*>", re.I)
_SUP_CLOSE = lazy_compile(r"<\s*/\s*sup\s*>", re.I)
_SUP = lazy_compile(f"{_SUP_OPEN.pattern}(.*?){_SUP_CLOSE.pattern}", re.I | re.S)
_BR = lazy_compile(r"<\s*br\s*/?\s*>", re.I)
_TAG = lazy_compile(r"<!--.*?-->|<\s*/?\s*[a-zA-Z][^<>]*>", re.S)
_MD_LINK = lazy_compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_EMPH = lazy_compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_LATEX_CMD = lazy_compile(r"\\(?:text|mathrm|textbf|mathbf|mathit|textit|emph)\{([^{}]*)\}")
_GREEK = {
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε",
    r"\theta": "θ", r"\lambda": "λ", r"\mu": "μ", r"\pi": "π", r"\sigma": "σ",
    r"\pm": "±", r"\times": "×", r"\%": "%",
}  # fmt: skip
_SPACES = lazy_compile(r"\s+")
#: non-breaking and other typographic hyphens written by HTML tables (`ARC&#8209;C`)
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def inline_tokens_text(children: Sequence[Token] | None) -> CellText:
    """Visible text of a markdown-it inline token list (one pipe-table cell)."""
    parts: list[str] = []
    sup: list[str] = []
    links: list[str] = []
    depth_sup = 0
    for tok in children or ():
        if tok.type == "html_inline":
            if _SUP_OPEN.fullmatch(tok.content.strip()):
                depth_sup += 1
            elif _SUP_CLOSE.fullmatch(tok.content.strip()):
                depth_sup = max(0, depth_sup - 1)
            elif _BR.fullmatch(tok.content.strip()):
                parts.append(" ")
            continue
        if tok.type == "link_open":
            href = tok.attrs.get("href")
            if isinstance(href, str):
                links.append(href)
            continue
        if tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
            continue
        if tok.type == "image":
            continue  # badges and logos carry no score
        if tok.type in ("text", "code_inline"):
            (sup if depth_sup else parts).append(tok.content)
    return finish("".join(parts), sup="".join(sup), links=links)


def html_fragment_text(fragment: str) -> CellText:
    """Visible text of an HTML cell's inner source (tags, entities, stray markdown)."""
    sup: list[str] = []
    links = re.findall(r"""href\s*=\s*["']([^"']+)["']""", fragment, re.I)

    def take_sup(match: re.Match[str]) -> str:
        sup.append(match.group(1))
        return ""

    body = _BR.sub(" ", _SUP.sub(take_sup, fragment))
    body = _TAG.sub("", body)
    md = markdown_text(html.unescape(body))
    links.extend(md.links)
    return finish(
        md.text,
        sup=" ".join(html.unescape(_TAG.sub("", s)) for s in sup),
        links=links,
    )


def markdown_text(source: str) -> CellText:
    """Strip markdown that survives in raw text (inside HTML cells and fragments)."""
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return "" if match.group(0).startswith("!") else match.group(1)

    text = _MD_LINK.sub(link, source)
    for _ in range(3):  # nested emphasis such as ***x*** or **_x_**
        text = _MD_EMPH.sub(r"\2", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    text = text.replace("\\", "") if "\\" in text and "$" not in text else text
    return finish(text, links=links)


def finish(text: str, *, sup: str = "", links: Sequence[str] = ()) -> CellText:
    text = _latex(text) if "$" in text else text
    text = html.unescape(text) if "&" in text else text
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().translate(_HYPHENS)
    return CellText(text, sup.strip(), tuple(links))


def _latex(text: str) -> str:
    def inner(match: re.Match[str]) -> str:
        body = _LATEX_CMD.sub(r"\1", match.group(1))
        for cmd, char in _GREEK.items():
            body = body.replace(cmd, char)
        return body.replace("{", "").replace("}", "").replace("\\", "")

    return re.sub(r"\$([^$]+)\$", inner, text)


# -- names -----------------------------------------------------------------------------

#: A footnote mark after a name or a number: `*`, `†`, `¹`, `^1`, `^(a)`, `[^1]`, `[a]`.
FOOTNOTE_MARK = r"\[\^?[\w-]{1,8}\]|\^\(?\w{1,3}\)?|[*†‡§¶※⁺¹²³⁴⁵⁶⁷⁸⁹⁰]+"
_TRAILING_MARKS = lazy_compile(rf"(?:\s*(?:{FOOTNOTE_MARK}))+$")
#: a bracketed note: `(5-shot)`, `[1]`, `(-76.9%)`
PARENTHETICAL = lazy_compile(r"\s*[(\[][^()\[\]]*[)\]]")
_LEADING_BULLET = lazy_compile(r"^[-*+•]\s+")
_EMOJI = lazy_compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2190-\u21ff\u2300-\u23ff]"
)


def strip_marks(text: str) -> str:
    """Drop trailing footnote marks (`MMLU*`, `GSM8K†`, `ARC[^1]`, `x^2`), emoji and a
    leading bullet (` - truthfulqa_mc1`, a harness's sub-task)."""
    text = _EMOJI.sub("", text).strip()
    text = _LEADING_BULLET.sub("", text)
    return _TRAILING_MARKS.sub("", text).strip()


_TOKEN_SPLIT = lazy_compile(r"[^\w.]+|_")
#: a dot that is not inside a number
_WORD_DOT = lazy_compile(r"(?<!\d)\.|\.(?!\d)")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; `-`, `_`, spaces and punctuation split, `.` inside a
    version number does not (`Llama-3.1-405B` -> llama, 3.1, 405b)."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for raw in _TOKEN_SPLIT.split(text):
        for part in _WORD_DOT.split(raw):
            if part:
                out.append(part)
    return out


_GREEK_LETTERS = str.maketrans(
    {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon"}
)
_VERSION = lazy_compile(r"^v(\d+(?:\.\d+)*)$")
_WHOLE_DECIMAL = lazy_compile(r"\d+\.0")


def norm_tokens(text: str) -> list[str]:
    """Tokens for matching names: Greek letters spelled out, `v2` -> `2`, `2.0` -> `2`."""
    out: list[str] = []
    for raw in tokens(text.translate(_GREEK_LETTERS)):
        tok = raw
        version = _VERSION.match(tok)
        if version:
            tok = version.group(1)
        if _WHOLE_DECIMAL.fullmatch(tok):
            tok = tok[:-2]
        out.append(tok)
    return out


def slug(text: str) -> str:
    """`MMLU-Pro (5-shot)` -> `mmlu_pro_5_shot`: a stable identifier for metric types."""
    return "_".join(tokens(text)).replace(".", "_") or "score"


_NOT_ALNUM = lazy_compile(r"[\W_]+")


def squash(text: str) -> str:
    """Letters and digits only, lower case: `MMLU-Pro` == `mmlu pro` == `MMLUPro`."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).lower())
