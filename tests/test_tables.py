"""Reading tables out of a card body: which tables exist, their cells, where cells are."""

from __future__ import annotations

import textwrap

import pytest

from evalguard.tables.document import Blocks, Table, markdown, read_document, read_tables


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


PIPE = """\
| Benchmark | Tiny-7B |
|---|---|
| MMLU | 61.2 |
"""


@pytest.mark.parametrize(
    ("body", "count"),
    [
        pytest.param(PIPE, 1, id="pipe-table"),
        pytest.param(f"```\n{PIPE}```\n", 0, id="in-a-code-fence"),
        pytest.param(f"~~~markdown\n{PIPE}~~~\n", 0, id="in-a-tilde-fence"),
        pytest.param(textwrap.indent(PIPE, "    "), 0, id="indented-code"),
        pytest.param("Inline `| MMLU | 61.2 |` code span.\n", 0, id="code-span"),
        pytest.param(
            "```html\n<table><tr><td>MMLU</td><td>1</td></tr></table>\n```\n",
            0,
            id="html-in-a-code-fence",
        ),
        pytest.param(f"- item\n- item\n\n{PIPE}", 1, id="after-a-list"),
        pytest.param(f"{PIPE}- item right after, no blank line\n", 1, id="before-a-list"),
        pytest.param(f"  - item\n\n    {PIPE}".replace("\n|", "\n    |"), 1, id="inside-a-list"),
        pytest.param(f"Some text:\n{PIPE}", 1, id="after-a-paragraph-line"),
        # GFM (and the corpus labels) read pipe lines lazily continuing a list item's
        # paragraph as text, not as a table.
        pytest.param(f"1. item\n{PIPE}", 0, id="lazy-list-continuation"),
    ],
)
def test_which_tables_are_read(body: str, count: int) -> None:
    assert len(read_tables(body)) == count


def test_tables_are_numbered_in_document_order_across_kinds() -> None:
    body = (
        f"{PIPE}\n<table><tr><th>Benchmark</th><th>Tiny-7B</th></tr>"
        f"<tr><td>ARC</td><td>1</td></tr></table>\n\n{PIPE}"
    )
    tables = read_tables(body)
    assert [(t.index, t.kind) for t in tables] == [(1, "pipe"), (2, "html"), (3, "pipe")]


def test_a_table_followed_by_a_list_ends_where_the_list_starts() -> None:
    (table,) = read_tables(f"{PIPE}- not a row\n")
    assert texts(table) == [["Benchmark", "Tiny-7B"], ["MMLU", "61.2"]]


def test_pipe_cells_lose_markup_and_keep_positions() -> None:
    body = textwrap.dedent(
        """\
        # Tiny-7B

        | Benchmark | Tiny-7B |
        |---|---|
        | [**MMLU**](https://example.org/mmlu) (5-shot)[^1] | **85.2** |
        | GSM8K<sup>†</sup> | 71.3<sup>&dagger;</sup> |
        | `a` \\| b | 1 |
        """
    )
    (table,) = read_tables(body, first_line=10)
    mmlu, gsm8k, piped = table.rows[1:]
    assert mmlu[0].text == "MMLU (5-shot)[^1]"
    assert mmlu[0].links == ("https://example.org/mmlu",)
    assert mmlu[1].text == "85.2"
    assert (gsm8k[0].text, gsm8k[0].sup) == ("GSM8K", "†")
    assert (gsm8k[1].text, gsm8k[1].sup) == ("71.3", "†")
    assert piped[0].text == "a | b"
    assert (table.line, mmlu[1].line, mmlu[1].column) == (12, 14, 55)
    assert table.header_rows == 1 and all(c.header for c in table.rows[0])


def test_separator_lines_inside_the_body_are_dropped() -> None:
    body = "| A | B |\n|---|---|\n| x | 1 |\n|---|---|\n| y | 2 |\n"
    (table,) = read_tables(body)
    assert texts(table) == [["A", "B"], ["x", "1"], ["y", "2"]]


def test_html_spans_are_expanded_into_a_grid() -> None:
    body = textwrap.dedent(
        """\
        <table>
          <tr><th rowspan="2">Model</th><th colspan="2">Reasoning</th></tr>
          <tr><th>ARC</th><th>HellaSwag</th></tr>
          <tr><td>Tiny-7B</td><td>1</td><td>2</td></tr>
        </table>
        """
    )
    (table,) = read_tables(body)
    assert texts(table) == [
        ["Model", "Reasoning", "Reasoning"],
        ["Model", "ARC", "HellaSwag"],
        ["Tiny-7B", "1", "2"],
    ]
    assert table.header_rows == 2
    assert [c.filler for c in table.rows[0]] == [False, False, True]
    assert table.rows[1][0].filler


def test_html_cells_lose_tags_and_entities() -> None:
    body = (
        "<table>\n<tr><td><strong>Benchmark</strong></td><td><b>Tiny-7B</b></td></tr>\n"
        "<tr><td>TruthfulQA&nbsp;<sup>[1]</sup></td><td>85.2<sup>&dagger;</sup></td></tr>\n"
        "<tr><td><a href='https://x.org'>ARC</a><br>Challenge</td><td>&minus;1.5</td></tr>\n"
        "</table>\n"
    )
    (table,) = read_tables(body)
    head, truthful, arc = table.rows
    assert [c.text for c in head] == ["Benchmark", "Tiny-7B"]
    assert (truthful[0].text, truthful[0].sup) == ("TruthfulQA", "[1]")
    assert (truthful[1].text, truthful[1].sup) == ("85.2", "†")
    assert (arc[0].text, arc[0].links) == ("ARC Challenge", ("https://x.org",))
    assert arc[1].text == "−1.5"
    assert (truthful[1].line, truthful[1].column) == (3, 44)  # where its <td> starts


def test_an_html_table_with_blank_lines_inside_is_one_table() -> None:
    body = (
        "<table>\n<tr><td>MMLU</td><td>1</td></tr>\n\n<tr><td>ARC</td><td>2</td></tr>\n</table>\n"
    )
    (table,) = read_tables(body)
    assert texts(table) == [["MMLU", "1"], ["ARC", "2"]]


def test_unclosed_html_cells_are_closed_like_a_browser_would() -> None:
    body = "<table>\n<tr><td>MMLU<td>61.2\n<tr><td>ARC<td>50.1\n</table>\n"
    (table,) = read_tables(body)
    assert texts(table) == [["MMLU", "61.2"], ["ARC", "50.1"]]


def test_title_heading_and_caption() -> None:
    body = textwrap.dedent(
        """\
        # Tiny-7B

        ## Evaluation

        First paragraph.

        We report Tiny-7B's detailed results.

        | Benchmark | STEM |
        |---|---|
        | MMLU | 50.1 |
        """
    )
    doc = read_document(body)
    assert doc.title == "Tiny-7B"
    (table,) = doc.tables
    assert table.heading == "Evaluation"
    assert table.caption == "Evaluation First paragraph. We report Tiny-7B's detailed results."


def test_short_rows_are_padded() -> None:
    body = "<table><tr><td>A</td><td>B</td></tr><tr><td>x</td></tr></table>\n"
    (table,) = read_tables(body)
    assert texts(table) == [["A", "B"], ["x", ""]]
    assert table.rows[1][1].filler


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "See [the paper][p] and [X](https://x.org).\n\n[p]: https://arxiv.org/1\n",
            id="reference-defined-after",
        ),
        pytest.param(
            "[p]: https://arxiv.org/1\n\n| A | B |\n|---|---|\n| [m][p] | 1 |\n",
            id="reference-in-a-cell",
        ),
        pytest.param(
            "Escapes \\* and \\| join the text, `code` and <sup>1</sup>.\n", id="escapes-code-html"
        ),
        pytest.param(
            "# Title *emph*\n\n![alt **bold**](img.png) <https://auto.link>\n",
            id="image-alt-autolink",
        ),
        pytest.param("- item one\n  soft break\n- [only a link](https://y.org)\n", id="list-items"),
        pytest.param(
            "| a | 61.2 ± 0.3 | 1,234 % | x~y | # $ + - : = > @ ] ^ { } |\n|-|-|-|-|-|\n",
            id="plain-cells",
        ),
        pytest.param(
            "| a\\|b | *e* | `c` | [l](u) | ![i](j) | <b>h</b> | &amp; _u_ |\n|-|-|-|-|-|-|-|\n",
            id="marked-cells",
        ),
    ],
)
def test_inline_children_parsed_on_demand_are_markdown_its(body: str) -> None:
    full = markdown().parse(body)
    blocks = Blocks(body)
    assert [t.type for t in blocks.tokens] == [t.type for t in full]
    for i, tok in enumerate(full):
        if tok.type == "inline":
            assert [c.as_dict() for c in blocks.children(i)] == [
                c.as_dict() for c in tok.children or []
            ]


def test_inline_rules_are_the_ones_blocks_knows() -> None:
    """Blocks takes content with no character these rules start at as one text token."""
    inline = markdown().inline
    assert inline.ruler.get_active_rules() == [
        *("text", "newline", "escape", "backticks", "emphasis"),
        *("link", "image", "autolink", "html_inline", "entity"),
    ]


def test_prose_links_with_reference_definitions() -> None:
    body = (
        "Read [the paper][p], see <https://auto.link>.\n\n"
        "| [m](https://m.org) | 1 |\n|---|---|\n\n[p]: https://arxiv.org/1\n"
    )
    assert read_document(body).links == (
        ("the paper", "https://arxiv.org/1"),
        ("https://auto.link", "https://auto.link"),
    )
