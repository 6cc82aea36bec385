"""Where a finding points: the YAML node of a path, or the key of an empty value."""

from __future__ import annotations

import yaml

from evalguard.card.frontmatter import Path, YamlDocument
from evalguard.card.split import LINE_END
from evalguard.results.model import FlatResult


def metric_value_path(entry: int, flat: FlatResult) -> Path:
    """The path of a flattened result's value in model-index entry `entry`."""
    i, j = flat.position
    return ("model-index", entry, "results", i, "metrics", j, "value")


def value_position(doc: YamlDocument, path: Path) -> tuple[int, int]:
    """The value node at `path`; its key when the value is empty (`value:`), since an
    empty scalar has no text of its own; else the deepest existing node."""
    node = doc.node(path)
    if node is None:
        return doc.position(path)
    if (
        isinstance(node, yaml.ScalarNode)
        and node.value == ""
        and not node.style
        and path
        and isinstance(path[-1], str)
    ):
        return doc.key_position(path)
    return doc.mark(node)


class Clamp:
    """Places guaranteed to exist in a text: built once per file (the text's lines are
    split once, not once per finding), applied to every finding about it."""

    def __init__(self, text: str) -> None:
        lines = LINE_END.split(text)  # lines as editors count them
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # the newline that ends the last line starts no line
        self._lengths = [len(line) for line in lines]

    def __call__(self, line: int, column: int) -> tuple[int, int]:
        """(line, column), 1-based, inside the text (the column may be one past the
        line's last character, where an editor puts the cursor at its end)."""
        line = min(max(line, 1), len(self._lengths))
        column = min(max(column, 1), self._lengths[line - 1] + 1)
        return line, column
