"""HTML `<table>`s as rectangular grids, with rowspan/colspan expanded.

Model cards use HTML tables written by hand (cells closed on the next line, or not at
all), exported by pandoc (nested tables side by side), or with `<td><strong>` instead of
`<th>` headers. The stdlib parser is lenient enough; we only add the implicit closing of
cells and rows that browsers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from evalguard.tables.textnorm import CellText, finish, markdown_text


@dataclass
class RawCell:
    """One HTML cell as the parser reads it, before spans are expanded."""

    text: list[str] = field(default_factory=list)
    sup: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    line: int = 0
    column: int = 0

    def content(self) -> CellText:
        md = markdown_text("".join(self.text))
        return finish(
            md.text,
            sup=" ".join(s.strip() for s in self.sup),
            links=[*self.links, *md.links],
        )


@dataclass
class RawTable:
    """One HTML table as the parser reads it, with where it starts."""

    line: int
    column: int
    rows: list[list[RawCell]] = field(default_factory=list)
    thead_rows: int = 0


_BLOCK_BREAKS = {"br", "p", "div", "li", "ul", "ol"}


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(match.group(1)), 1000)) if match else 1


class _TableParser(HTMLParser):
    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.done: list[RawTable] = []
        self.stack: list[RawTable] = []
        self.cell: list[RawCell | None] = []  # open cell per open table
        self.in_thead: list[bool] = []
        self.sup_depth = 0

    def _pos(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return self.first_line + line - 1, offset + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "table":
            line, column = self._pos()
            self.stack.append(RawTable(line, column))
            self.cell.append(None)
            self.in_thead.append(False)
            return
        if not self.stack:
            return
        table = self.stack[-1]
        if tag == "thead":
            self.in_thead[-1] = True
        elif tag in ("tbody", "tfoot"):
            self.in_thead[-1] = False
        elif tag == "tr":
            self.cell[-1] = None
            table.rows.append([])
            if self.in_thead[-1]:
                table.thead_rows = len(table.rows)
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append([])
            line, column = self._pos()
            attr = dict(attrs)
            new_cell = RawCell(
                header=tag == "th" or self.in_thead[-1],
                rowspan=_span(attr.get("rowspan")),
                colspan=_span(attr.get("colspan")),
                line=line,
                column=column,
            )
            table.rows[-1].append(new_cell)
            self.cell[-1] = new_cell
        elif (cell := self.cell[-1]) is not None:
            if tag == "sup":
                self.sup_depth += 1
            elif tag == "a":
                href = dict(attrs).get("href")
                if href:
                    cell.links.append(href)
            elif tag in _BLOCK_BREAKS:
                cell.text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() == "br" and self.cell and (cell := self.cell[-1]) is not None:
            cell.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if not self.stack:
            return
        if tag == "table":
            self._close_table()
        elif tag in ("td", "th", "tr"):
            self.cell[-1] = None
        elif tag == "thead":
            self.in_thead[-1] = False
        elif tag == "sup":
            self.sup_depth = max(0, self.sup_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.stack or (cell := self.cell[-1]) is None:
            return
        (cell.sup if self.sup_depth else cell.text).append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![word ...]>` other than CDATA: Python's parser (before 3.13) raises
        AssertionError on it; HTML reads it as a bogus comment up to `>`, and so do we."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def close(self) -> None:
        super().close()
        while self.stack:  # unclosed tables still count
            self._close_table()

    def _close_table(self) -> None:
        self.done.append(self.stack.pop())
        self.cell.pop()
        self.in_thead.pop()


def parse_html_tables(source: str, first_line: int) -> list[RawTable]:
    """All tables (nested ones too) in an HTML fragment, ordered by where they start."""
    parser = _TableParser(first_line)
    parser.feed(source)
    parser.close()
    return sorted(parser.done, key=lambda t: (t.line, t.column))


def expand_spans(
    rows: list[list[RawCell]],
) -> tuple[list[list[RawCell | None]], set[tuple[int, int]]]:
    """Place cells on a grid honouring rowspan/colspan. Returns the grid (None where a row
    is short) and the positions that are copies made by a span."""
    grid: dict[tuple[int, int], RawCell] = {}
    copies: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan if len(rows) > 1 else 1):
                if r + dr >= len(rows):
                    break
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = cell
                    if dr or dc:
                        copies.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    out: list[list[RawCell | None]] = [
        [grid.get((r, c)) for c in range(width)] for r in range(len(rows))
    ]
    return out, copies
