"""Replace exactly the `model-index` block of a card; every other byte stays.

The block runs from the `model-index:` key line to the last line of its value. Blank
lines and column-0 comments after the value belong to what follows and are kept. With
no `model-index` key the block is appended to the front matter; with no front matter a
new one is added at the top (after the BOM). The result is re-read and compared
before anyone writes it: a rewrite that would change anything else is refused.
"""

from __future__ import annotations

from typing import Any

import yaml

from evalguard.card.frontmatter import FrontMatter, load_front_matter
from evalguard.card.split import Card, parse_card
from evalguard.card.yamlblock import dump_block, dump_items, uses_indented_sequences
from evalguard.errors import EvalguardError


class RewriteError(EvalguardError):
    """The rewrite would not preserve the card (a bug guard; never expected)."""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n" or (ch == "\r" and (i + 1 == len(text) or text[i + 1] != "\n")):
            starts.append(i + 1)
    return starts


def block_span(card: Card, fm: FrontMatter) -> tuple[int, int] | None:
    """[start, end) offsets in card.text of the model-index key and value lines."""
    key = fm.key_node(("model-index",))
    value = fm.node(("model-index",))
    if key is None or value is None or card.yaml_start is None:
        return None
    yaml_text = card.yaml_text
    starts = _line_starts(yaml_text)
    first = key.start_mark.line
    end_mark = value.end_mark
    last = end_mark.line if end_mark.column > 0 else end_mark.line - 1
    last = max(min(last, len(starts) - 1), first)
    # Trailing blank lines and column-0 comments belong to what follows.
    while last > first:
        line = yaml_text[
            starts[last] : starts[last + 1] if last + 1 < len(starts) else len(yaml_text)
        ]
        if line.strip() == "" or line.startswith("#"):
            last -= 1
        else:
            break
    end = starts[last + 1] if last + 1 < len(starts) else len(yaml_text)
    return card.yaml_start + starts[first], card.yaml_start + end


def replace_results(
    card: Card, fm: FrontMatter, entries: list[Any], entry_index: int, old_results: list[Any]
) -> str:
    """The card with entry `entry_index`'s results set to `entries[entry_index]["results"]`.

    Results kept from `old_results` (the same objects) are copied as their original text,
    comments included; only new results are serialized. Falls back to rewriting the whole
    model-index block when the results are not a block sequence.
    """
    merged = entries[entry_index]["results"]
    spliced = _splice_results(card, fm, entry_index, merged, old_results)
    if spliced is None:
        return replace_model_index(card, fm, entries)
    _verify(card, fm, spliced, entries)
    return spliced


def _splice_results(
    card: Card, fm: FrontMatter, entry_index: int, merged: list[Any], old_results: list[Any]
) -> str | None:
    seq = fm.node(("model-index", entry_index, "results"))
    key = fm.key_node(("model-index", entry_index, "results"))
    if (
        not merged
        or not isinstance(seq, yaml.SequenceNode)
        or seq.flow_style
        or not seq.value
        or key is None
        or card.yaml_start is None
        or len(seq.value) != len(old_results)
    ):
        return None
    text = card.yaml_text
    starts = _line_starts(text)

    def line_text(n: int) -> str:
        return text[starts[n] : starts[n + 1] if n + 1 < len(starts) else len(text)]

    items = seq.value
    first_dash_line = items[0].start_mark.line
    dash_col = _dash_column(line_text(first_dash_line), items[0].start_mark.column)
    if dash_col is None:
        return None
    # Each item owns the lines from its dash to the next item's dash; trailing blank and
    # comment lines move to the next item (they usually describe it).
    n_lines = len(starts) - 1 if text.endswith(("\n", "\r")) else len(starts)
    bounds = [it.start_mark.line for it in items]
    bounds.append(min(seq.end_mark.line, n_lines))  # the line after the sequence
    pieces: list[tuple[list[str], list[str]]] = []  # (leading lines, content lines)
    leading = [line_text(n) for n in range(key.start_mark.line + 1, first_dash_line)]
    for i in range(len(items)):
        own = [line_text(n) for n in range(bounds[i], bounds[i + 1])]
        cut = len(own)
        while cut > 1 and (own[cut - 1].strip() == "" or own[cut - 1].lstrip().startswith("#")):
            cut -= 1
        pieces.append((leading, own[:cut]))
        leading = own[cut:]
    tail_lines = leading  # after the last item: belongs to what follows
    out: list[str] = []
    position = {id(r): i for i, r in enumerate(old_results)}
    for result in merged:
        index = position.get(id(result))
        if index is not None:
            lead, content = pieces[index]
            out.extend(lead)
            out.extend(content)
        else:
            out.append(dump_items([result], indent=dash_col, newline=card.newline))
    start = card.yaml_start + starts[key.start_mark.line + 1]
    stop_line = bounds[-1] - len(tail_lines)
    stop = card.yaml_start + (starts[stop_line] if stop_line < len(starts) else len(text))
    return card.text[:start] + "".join(out) + card.text[stop:]


def _dash_column(line: str, item_column: int) -> int | None:
    head = line[:item_column].rstrip()
    if not head.endswith("-"):
        return None
    return len(head) - 1


def remove_model_index(card: Card, fm: FrontMatter) -> str:
    """The card's text without its `model-index` block (other bytes untouched)."""
    span = block_span(card, fm)
    if span is None:
        return card.text
    new_text = card.text[: span[0]] + card.text[span[1] :]
    _verify(card, fm, new_text, None)
    return new_text


def replace_model_index(card: Card, fm: FrontMatter, value: Any) -> str:
    """The card's text with `model-index` set to `value` (other bytes untouched)."""
    nl = card.newline
    indent = uses_indented_sequences(card.yaml_text)
    block = dump_block(value, indent_sequences=indent, newline=nl)
    text = card.text
    span = block_span(card, fm)
    if span is not None:
        start, end = span
        old = text[start:end]
        if not old.endswith(("\n", "\r")):
            block = block[: -len(nl)]
        new_text = text[:start] + block + text[end:]
    elif card.yaml_start is not None and card.yaml_end is not None:
        head = text[: card.yaml_end]
        if head and not head.endswith(("\n", "\r")):
            head += nl
        new_text = head + block + text[card.yaml_end :]
    else:
        new_text = "---" + nl + block + "---" + nl + text
    _verify(card, fm, new_text, value)
    return new_text


def _verify(card: Card, fm: FrontMatter, new_text: str, value: Any) -> None:
    """Re-read the rewrite: same body, same other keys, the intended model-index."""
    new_card = parse_card(new_text.encode("utf-8"))
    new_fm = load_front_matter(new_card)
    if new_card.body != card.body:
        raise RewriteError("refusing to write: the rewrite would change the card's body")
    old_rest = {k: v for k, v in fm.data.items() if k != "model-index"}
    new_rest = {k: v for k, v in new_fm.data.items() if k != "model-index"}
    if old_rest != new_rest or list(old_rest) != list(new_rest):
        raise RewriteError("refusing to write: the rewrite would change other front-matter keys")
    got = new_fm.data.get("model-index")
    if got != value and yaml.safe_dump(got) != yaml.safe_dump(value):
        raise RewriteError("refusing to write: model-index does not read back as intended")
