"""Every table of a card body, in document order, as a grid of cells that know their line.

GFM pipe tables come from markdown-it-py's token stream, so tables in code fences,
indented code and code spans are never seen. HTML tables are read from the source of
the HTML blocks markdown-it found (a table with blank lines inside spans several such
blocks; we take its source from the opening `<table` to the balancing `</table>`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, text_join
from markdown_it.token import Token

from evalguard.lazyre import lazy_compile
from evalguard.tables.html import RawCell, RawTable, expand_spans, parse_html_tables
from evalguard.tables.textnorm import CellText, inline_tokens_text
from evalguard.tables.vocabulary import is_generic_heading


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid, with where its content starts in the file."""

    text: str
    line: int
    column: int
    header: bool = False
    sup: str = ""
    links: tuple[str, ...] = ()
    #: a copy of a rowspan/colspan cell, or padding of a short row
    filler: bool = False


@dataclass(frozen=True)
class Table:
    """One table of a card body: its grid and the text around it."""

    index: int
    kind: Literal["pipe", "html"]
    line: int
    rows: tuple[tuple[Cell, ...], ...]
    #: how many leading rows the markup marks as headers (thead, <th>, the pipe header)
    header_rows: int
    #: text of the nearest markdown heading above the table ("" if none)
    heading: str = ""
    #: the heading and the paragraphs between it and the table: what the table is about
    caption: str = ""
    #: a short line right above the table that names it (`**MT-Bench Average Turn**`,
    #: `RULER: a retrieval-based benchmark...` -> `RULER`), or ""
    title: str = ""
    #: the paragraph right above the table (after its heading and any table before
    #: it), which often says whose numbers follow ("By comparison, X has:"), or ""
    lead: str = ""

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _parser() -> MarkdownIt:
    # No linkify: it needs linkify-it-py, and its absence crashed the predecessor.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The parser of card bodies, evalguard's settings (one per process). `Blocks` runs
    its block pass on the whole body and its inline pass on the blocks that are read."""
    return _parser()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """`markdown()` without its inline pass: `Blocks.children` parses a block's inline
    content when it is read (most of a card's paragraphs never are)."""
    return _parser().disable(["inline", "text_join"])


#: where one of `markdown()`'s inline rules can start (newline, escape, backticks,
#: emphasis, link, image, autolink and HTML, entity; the `text` rule takes the rest):
#: content without these parses to one text token (tests/test_tables.py checks the
#: rules are these)
_INLINE_START = re.compile(r"[\n\\`*_\[!<&]")


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


class Blocks:
    """A body's block tokens. Read an `inline` token's children through `children`:
    they are parsed there, with the link reference definitions of the block pass, into
    the same tokens `markdown().parse` gives."""

    def __init__(self, body: str) -> None:
        self._env: dict[str, Any] = {}
        self.tokens = _block_parser().parse(body, self._env)
        self._parsed: set[int] = set()

    def children(self, i: int) -> list[Token]:
        """Children of token `i` (none for a token that is not `inline`)."""
        tok = self.tokens[i]
        if tok.type != "inline":
            return []
        if i not in self._parsed:
            self._parsed.add(i)
            if not _INLINE_START.search(tok.content):  # most table cells
                tok.children = [_text(tok.content)] if tok.content else []
                return tok.children
            md = markdown()
            state = StateCore(tok.content, md, self._env, [tok])
            tok.children = []
            md.inline.parse(tok.content, md, self._env, tok.children)
            text_join(state)
        return tok.children or []


_SEPARATOR_CELL = lazy_compile(r":?-{2,}:?")


@dataclass(frozen=True)
class Document:
    """What a card body holds for extraction: its tables, title and prose links."""

    tables: list[Table]
    #: text of the first level-1 heading ("" if none): the card's name for its model
    title: str
    blocks: Blocks = field(repr=False, compare=False)

    @cached_property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(text, href) of every link in the body's prose (tables' links are in their
        cells). Read when a card's model has a repo id: the prose is parsed only then."""
        return _prose_links(self.blocks)


def read_tables(body: str, first_line: int = 1) -> list[Table]:
    """Tables of a markdown body whose first line is file line `first_line`."""
    return read_document(body, first_line).tables


def read_document(body: str, first_line: int = 1) -> Document:
    """Tables and title of a markdown body whose first line is file line `first_line`."""
    blocks = Blocks(body)
    tokens = blocks.tokens
    lines = body.splitlines(keepends=True)
    found: list[tuple[int, int, Table]] = []  # (line, column, table) before numbering
    html_spans: list[tuple[int, int]] = []
    for start, end in _html_table_regions(tokens, lines):
        source = "".join(lines[start:end])
        html_spans.append((start, end))
        for raw in parse_html_tables(source, first_line + start):
            table = _from_html(raw)
            if table is not None:
                found.append((raw.line, raw.column, table))
    for i, tok in enumerate(tokens):
        if tok.type == "table_open" and tok.map is not None:
            if any(s <= tok.map[0] < e for s, e in html_spans):
                continue
            table = _from_pipe(blocks, i, lines, first_line)
            if table is not None:
                found.append((table.line, 0, table))
    found.sort(key=lambda item: (item[0], item[1]))
    headings = _blocks(tokens, "heading_open", first_line)
    paragraphs = _blocks(tokens, "paragraph_open", first_line)
    bulleted = _bulleted_lines(tokens, first_line)
    text = _BlockTexts(blocks)
    out: list[Table] = []
    for n, (_, _, t) in enumerate(found, 1):
        above = [(line, i) for line, _, i in headings if line < t.line]
        heading_line, heading = (above[-1][0], text(above[-1][1])) if above else (0, "")
        between = [i for line, _, i in paragraphs if heading_line < line < t.line]
        texts = [text(i) for i in between[-_CAPTION_PARAGRAPHS:]]
        caption = " ".join([heading, *texts]).strip()
        # the title sits right above: after the heading and after any table before it
        since = max([heading_line, *(o.line for _, _, o in found[: n - 1])])
        last = [(line, i) for line, _, i in paragraphs if since < line < t.line]
        lead = text(last[-1][1]) if last else ""
        untitled = not last or last[-1][0] in bulleted or _one_link(blocks.children(last[-1][1]))
        name = "" if untitled else _title(lead)
        out.append(Table(n, t.kind, t.line, t.rows, t.header_rows, heading, caption, name, lead))
    title = next((s for _, tag, i in headings if tag == "h1" and (s := text(i))), "")
    return Document(out, title, blocks)


class _BlockTexts:
    """Visible text of the inline token at an index, computed once."""

    def __init__(self, blocks: Blocks) -> None:
        self._blocks = blocks
        self._texts: dict[int, str] = {}

    def __call__(self, i: int) -> str:
        if i not in self._texts:
            self._texts[i] = inline_tokens_text(self._blocks.children(i)).text
        return self._texts[i]


def _prose_links(blocks: Blocks) -> tuple[tuple[str, str], ...]:
    """(text, href) of the links in paragraphs, headings and list items."""
    found: list[tuple[str, str]] = []
    in_table = False
    for i, tok in enumerate(blocks.tokens):
        if tok.type in ("table_open", "table_close"):
            in_table = tok.type == "table_open"
        if tok.type != "inline" or in_table:
            continue
        href: str | None = None
        text: list[str] = []
        for child in blocks.children(i):
            if child.type == "link_open":
                value = child.attrs.get("href")
                href, text = (value if isinstance(value, str) else None), []
            elif child.type == "link_close" and href is not None:
                found.append(("".join(text).strip(), href))
                href = None
            elif href is not None and child.type in ("text", "code_inline"):
                text.append(child.content)
    return tuple(found)


#: paragraphs above a table that count as its caption
_CAPTION_PARAGRAPHS = 2
#: the most words a line above a table has when it is the table's title
_TITLE_WORDS = 6
_URL = lazy_compile(r"\(?https?://\S+")
_TITLE_CHARS = 60


def _title(paragraph: str) -> str:
    """`MT-Bench Average Turn` and `RULER: a retrieval-based benchmark for...` are titles
    (the part before a colon, up to six words); a sentence is not, nor a line of
    generic words (`The evaluation metrics used are:`)."""
    rest = paragraph.partition(":")[2]
    if rest.strip() and not _URL.sub("", rest).strip():
        return ""  # `Tutorial in Colab: https://...` labels a link
    text = _URL.sub("", paragraph).partition(":")[0].strip()
    if not text or text.endswith((".", "。")) or len(text.split()) > _TITLE_WORDS:
        return ""
    if len(text) > _TITLE_CHARS:
        return ""  # a sentence without spaces (Chinese, Japanese) is no title either
    return "" if is_generic_heading(text) else text


def _one_link(children: list[Token]) -> bool:
    """Whether a paragraph is one link (`[Tutorial in Colab](...)`): no title."""
    kinds = [c.type for c in children if not (c.type == "text" and not c.content.strip())]
    one_link = kinds[:1] == ["link_open"] and kinds[-1:] == ["link_close"]
    return one_link and kinds.count("link_open") == 1


def _bulleted_lines(tokens: list[Token], first_line: int) -> set[int]:
    """Lines of paragraphs inside bullet lists: `* Dataset: x` is a note, not a title."""
    lines: set[int] = set()
    depth = 0
    for tok in tokens:
        if tok.type == "bullet_list_open":
            depth += 1
        elif tok.type == "bullet_list_close":
            depth -= 1
        elif tok.type == "paragraph_open" and depth and tok.map is not None:
            lines.add(first_line + tok.map[0])
    return lines


def _blocks(tokens: list[Token], opener: str, first_line: int) -> list[tuple[int, str, int]]:
    """(line, tag, index of its inline token) of every `heading_open` or `paragraph_open`
    block (paragraphs of list items and quotes included)."""
    return [
        (first_line + tok.map[0], tok.tag, i + 1)
        for i, tok in enumerate(tokens)
        if tok.type == opener and tok.map is not None and i + 1 < len(tokens)
    ]


# -- pipe tables ---------------------------------------------------------------------


def _from_pipe(blocks: Blocks, start: int, lines: list[str], first_line: int) -> Table | None:
    rows: list[list[Cell]] = []
    header_rows = 0
    in_head = False
    columns: list[int] = []
    row_line = 0
    for i in range(start + 1, len(blocks.tokens)):
        tok = blocks.tokens[i]
        if tok.type == "table_close":
            break
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and tok.map is not None:
            row_line = tok.map[0]
            columns = _cell_columns(lines[row_line] if row_line < len(lines) else "")
            rows.append([])
            if in_head:
                header_rows += 1
        elif tok.type == "inline" and rows:
            content = inline_tokens_text(blocks.children(i))
            n = len(rows[-1])
            column = columns[n] if n < len(columns) else 1
            rows[-1].append(_cell(content, first_line + row_line, column, header=in_head))
    rows = [r for r in rows if not _is_separator_row(r)]
    if not rows:
        return None
    return Table(0, "pipe", rows[0][0].line, tuple(tuple(r) for r in rows), header_rows)


def _cell(content: CellText, line: int, column: int, *, header: bool) -> Cell:
    return Cell(content.text, line, column, header, content.sup, content.links)


def _is_separator_row(row: list[Cell]) -> bool:
    """`|---|---|` lines repeated inside a table body as group dividers."""
    texts = [c.text for c in row if c.text]
    return bool(texts) and all(_SEPARATOR_CELL.fullmatch(t) for t in texts)


#: what `_cell_columns` steps over: an escape, a run of backticks, a pipe
_CELL_MARK = re.compile(r"\\.|`+|\|", re.S)


def _cell_columns(line: str) -> list[int]:
    """1-based column where each cell's content starts on a pipe-table source line."""
    starts: list[int] = []
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    cell_start = lead + 1 if stripped.startswith("|") else lead
    in_code = 0
    for mark in _CELL_MARK.finditer(line, cell_start):
        text = mark.group()
        if text[0] == "`":
            run = len(text)
            in_code = 0 if in_code == run else (in_code or run)
        elif text == "|" and not in_code:
            starts.append(_content_column(line, cell_start, mark.start()))
            cell_start = mark.end()
    starts.append(_content_column(line, cell_start, len(line)))
    return starts


def _content_column(line: str, start: int, end: int) -> int:
    """1-based column of the first character of line[start:end] that is no space or tab."""
    while start < end and line[start] in " \t":
        start += 1
    return start + 1


# -- HTML tables ---------------------------------------------------------------------

_OPEN_TABLE = lazy_compile(r"<table\b", re.I)
_CLOSE_TABLE = lazy_compile(r"</table\s*>", re.I)


def _html_table_regions(tokens: list[Token], lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges [start, end) holding complete HTML tables, outside code blocks."""
    code: list[tuple[int, int]] = [
        (t.map[0], t.map[1]) for t in tokens if t.type in ("fence", "code_block") and t.map
    ]
    regions: list[tuple[int, int]] = []
    covered_until = -1
    for tok in tokens:
        if tok.type != "html_block" or tok.map is None or not _OPEN_TABLE.search(tok.content):
            continue
        start = tok.map[0]
        if start < covered_until:
            continue
        depth = 0
        end = len(lines)
        for n in range(start, len(lines)):
            if any(s <= n < e for s, e in code):
                end = n
                break
            depth += len(_OPEN_TABLE.findall(lines[n])) - len(_CLOSE_TABLE.findall(lines[n]))
            if depth <= 0 and n >= start:
                end = n + 1
                break
        regions.append((start, end))
        covered_until = end
    return regions


def _from_html(raw_table: RawTable) -> Table | None:
    rows = [r for r in raw_table.rows if r]
    if not rows:
        return None
    grid, copies = expand_spans(rows)
    header_rows = raw_table.thead_rows
    if not header_rows:
        # Leading rows made only of <th> cells are headers too.
        for row in rows:
            if all(c.header for c in row):
                header_rows += 1
            else:
                break
    out: list[tuple[Cell, ...]] = []
    for r, row_cells in enumerate(grid):
        built: list[Cell] = []
        for c, raw in enumerate(row_cells):
            built.append(_html_cell(raw, r, c, copies, raw_table.line))
        out.append(tuple(built))
    return Table(0, "html", raw_table.line, tuple(out), header_rows)


def _html_cell(
    raw: RawCell | None, r: int, c: int, copies: set[tuple[int, int]], table_line: int
) -> Cell:
    if raw is None:
        return Cell("", table_line, 1, filler=True)
    content = raw.content()
    return Cell(
        content.text,
        raw.line,
        raw.column,
        raw.header,
        content.sup,
        content.links,
        filler=(r, c) in copies,
    )
