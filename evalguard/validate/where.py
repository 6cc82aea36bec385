"""Where a finding points: the YAML node of a path, or the key of an empty value."""

from __future__ import annotations

import yaml

from evalguard.card.frontmatter import Path, YamlDocument
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


def clamp(text: str, line: int, column: int) -> tuple[int, int]:
    """A (line, column) guaranteed to exist in `text` (1-based; column may be one past
    the line's last character, where an editor puts the cursor at its end)."""
    lines = text.splitlines() or [""]
    line = min(max(line, 1), len(lines))
    column = min(max(column, 1), len(lines[line - 1]) + 1)
    return line, column
