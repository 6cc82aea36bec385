"""Replace exactly the `model-index` block of a card; every other byte stays.

The block runs from the `model-index:` key line to the last line of its value. Blank
lines and column-0 comments after the value belong to what follows and are kept. With
no `model-index` key the block is appended to the front matter; with no front matter a
new one is added at the top (after the BOM). The result is re-read and compared
before anyone writes it: a rewrite that would change anything else is refused.

What is rewritten is kept as small as the YAML allows: one entry's `results` items
(kept items are copied as written, comments included), else that entry's `results`
value (a flow-style `[...]`), and only then the whole block. Comments inside what is
rewritten cannot be kept: `dropped_comments` says which, so that sync can tell the user.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from evalguard.card.frontmatter import FrontMatter, anchor_uses, load_front_matter
from evalguard.card.split import Card, line_starts, parse_card
from evalguard.card.yamlblock import dump_block, dump_items, uses_indented_sequences
from evalguard.errors import EvalguardError


class RewriteError(EvalguardError):
    """The rewrite would not preserve the card: refused, nothing is written."""


def block_span(card: Card, fm: FrontMatter) -> tuple[int, int] | None:
    """[start, end) offsets in card.text of the model-index key and value lines."""
    key = fm.key_node(("model-index",))
    value = fm.node(("model-index",))
    if key is None or value is None or card.yaml_start is None:
        return None
    yaml_text = card.yaml_text
    starts = line_starts(yaml_text)
    first = fm.text_line(key.start_mark.index)
    end = value.end_mark.index
    last = fm.text_line(end)
    if end == starts[last]:  # the value ends with its line's newline
        last -= 1
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
    stop = starts[last + 1] if last + 1 < len(starts) else len(yaml_text)
    return card.yaml_start + starts[first], card.yaml_start + stop


def replace_results(
    card: Card, fm: FrontMatter, entries: list[Any], entry_index: int, old_results: list[Any]
) -> str:
    """The card with entry `entry_index`'s results set to `entries[entry_index]["results"]`.

    Results kept from `old_results` (the same objects) are copied as their original text,
    comments included; only new results are serialized. When the results are not a
    block sequence, their value is rewritten (else the whole model-index block).
    """
    merged = entries[entry_index]["results"]
    path = ("model-index", entry_index, "results")
    spliced = _splice_results(card, fm, entry_index, merged, old_results)
    if spliced is None:
        spliced = _replace_flow_value(card, fm, path, merged)
    if spliced is None:
        return replace_model_index(card, fm, entries)
    _verify(card, fm, spliced, entries)
    return spliced


def _replace_flow_value(
    card: Card, fm: FrontMatter, path: tuple[Any, ...], value: list[Any]
) -> str | None:
    """The card with the flow collection at `path` (`results: [...]`) rewritten as a
    block sequence under its key; None when it is not a flow collection."""
    node = fm.node(path)
    key = fm.key_node(path)
    if (
        key is None
        or not isinstance(node, (yaml.SequenceNode, yaml.MappingNode))
        or not node.flow_style
        or card.yaml_start is None
    ):
        return None
    key_column = fm.at(key.start_mark.index)[1] - 1
    if value:
        indent = key_column + (2 if uses_indented_sequences(card.yaml_text) else 0)
        items = dump_items(value, indent=indent, newline=card.newline)
        block = ":" + card.newline + items.removesuffix(card.newline)
    else:
        block = ": []"
    start = card.yaml_start + key.end_mark.index
    stop = card.yaml_start + node.end_mark.index
    return card.text[:start] + block + card.text[stop:]


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
    starts = line_starts(text)

    def line_text(n: int) -> str:
        return text[starts[n] : starts[n + 1] if n + 1 < len(starts) else len(text)]

    def line_of(mark: yaml.Mark) -> int:
        return fm.text_line(mark.index)

    items = seq.value
    first_dash_line = line_of(items[0].start_mark)
    first_column = items[0].start_mark.index - starts[first_dash_line]
    dash_col = _dash_column(line_text(first_dash_line), first_column)
    if dash_col is None:
        return None
    # Each item owns the lines from its dash to the next item's dash; trailing blank and
    # comment lines move to the next item (they usually describe it).
    n_lines = len(starts) - 1 if text.endswith(("\n", "\r")) else len(starts)
    bounds = [line_of(it.start_mark) for it in items]
    bounds.append(min(line_of(seq.end_mark), n_lines))  # the line after the sequence
    pieces: list[tuple[list[str], list[str]]] = []  # (leading lines, content lines)
    leading = [line_text(n) for n in range(line_of(key.start_mark) + 1, first_dash_line)]
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
    start = card.yaml_start + starts[line_of(key.start_mark) + 1]
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
    _refuse_broken_aliases(fm, new_card)  # before loading it, which would fail on them
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


def _refuse_broken_aliases(fm: FrontMatter, new_card: Card) -> None:
    """An anchor (`&t`) inside what is rewritten that an alias (`*t`) elsewhere uses
    would vanish with it: refuse, pointing at the anchor in the card as it is (`fm`)."""
    defined: set[str] = set()
    for use in anchor_uses(new_card.yaml_text):
        if not use.alias:
            defined.add(use.name)
        elif use.name not in defined:
            where = [u.index for u in anchor_uses(fm.text) if u.name == use.name and not u.alias]
            line, column = fm.at(where[0]) if where else (None, None)
            raise RewriteError(
                f"refusing to write: the anchor &{use.name} is defined inside what sync "
                f"rewrites and used elsewhere (*{use.name}); write that value out in full "
                f"where *{use.name} is used (or move the anchor out of model-index), then "
                "run sync again",
                line=line,
                column=column,
            )


def dropped_comment_notes(card: Card, new_text: str) -> list[str]:
    """One note per comment of the card that a rewrite to `new_text` drops."""
    return [
        f"the comment on line {line} is inside YAML sync rewrites and is dropped: {comment}"
        for line, comment in dropped_comments(card, new_text)
    ]


def dropped_comments(card: Card, new_text: str) -> list[tuple[int, str]]:
    """Comments of the card's front matter that `new_text` no longer has, as (file
    line, comment): what a rewrite of YAML written in flow style had to leave out."""
    new_card = parse_card(new_text.encode("utf-8"))
    remaining = Counter(c for _, c in _comments(new_card.yaml_text))
    out = []
    for line, comment in _comments(card.yaml_text):
        if remaining[comment]:
            remaining[comment] -= 1
        else:
            out.append((card.yaml_first_line + line, comment))
    return out


def _comments(yaml_text: str) -> list[tuple[int, str]]:
    """(0-based line, text) of each `# comment` (a `#` at a line's start or after a
    blank, outside quotes). Good enough to tell the user; YAML itself is not needed."""
    out: list[tuple[int, str]] = []
    if "#" not in yaml_text:
        return out
    starts = line_starts(yaml_text)
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(yaml_text)
        line = yaml_text[start:end].rstrip("\r\n")
        if "#" not in line:
            continue  # the usual line: nothing to scan character by character
        quote = ""
        for i, ch in enumerate(line):
            if quote:
                if ch == quote and not (quote == '"' and line[i - 1] == "\\"):
                    quote = ""
            elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                out.append((number, line[i:].strip()))
                break
    return out
