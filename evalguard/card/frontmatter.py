"""Front matter YAML, loaded safely and with the position of every node.

PyYAML builds values from a node graph that remembers where each node started; we keep
that graph so that a finding about `model-index[0].results[2].metrics[0].value` can
point at its line and column in the README. On top of PyYAML's safe loading we refuse
what it silently accepts: duplicate keys (it keeps the last one) and alias "bombs"
whose expansion explodes (a few hundred bytes that become millions of nodes).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from evalguard.card.split import Card
from evalguard.errors import CardError

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes.
    _Loader: type[yaml.SafeLoader] = cast("type[yaml.SafeLoader]", yaml.CSafeLoader)
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Upper bound on the alias-expanded size of the front matter, in nodes. The largest
#: real card we have seen (an MTEB card, ~2,600 lines) expands to about 10,000.
MAX_EXPANDED_NODES = 200_000

#: `evalguard check` rule ids of what this module reports (documented in
#: evalguard.validate.registry; kept as plain strings so the core imports no validator).
RULE_DUPLICATE_KEY = "EG104"
RULE_REPEATED_KEY = "EG109"  # the same key twice with the same value: nothing is lost
RULE_YAML_SYNTAX = "EG105"
RULE_UNKNOWN_TAG = "EG106"
RULE_NOT_MAPPING = "EG107"
RULE_ALIAS_BOMB = "EG108"

PathPart = str | int
Path = tuple[PathPart, ...]


@dataclass(frozen=True)
class Problem:
    """A non-fatal problem found while loading (the document still has a value)."""

    rule: str
    message: str
    line: int
    column: int


@dataclass
class YamlDocument:
    """A parsed YAML document with its node graph: any root (a mapping, a list...)."""

    data: Any
    root: yaml.Node | None
    first_line: int
    problems: list[Problem] = field(default_factory=list)

    def node(self, path: Path) -> yaml.Node | None:
        """The value node at `path` (keys and list indexes), or None."""
        return _walk(self.root, path, want_key=False)

    def key_node(self, path: Path) -> yaml.Node | None:
        """The key node of the last mapping step of `path`, or None."""
        return _walk(self.root, path, want_key=True)

    def position(self, path: Path) -> tuple[int, int]:
        """1-based (line, column) of the deepest node along `path` that exists."""
        for cut in range(len(path), -1, -1):
            node = self.node(path[:cut])
            if node is not None:
                return self.mark(node)
        return self.first_line, 1

    def key_position(self, path: Path) -> tuple[int, int]:
        node = self.key_node(path)
        return self.mark(node) if node is not None else self.position(path)

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return self.first_line + node.start_mark.line, node.start_mark.column + 1


@dataclass
class FrontMatter(YamlDocument):
    """The parsed front matter: its value, its node graph, and where it sits in the file."""

    data: dict[str, Any]


def _walk(root: yaml.Node | None, path: Path, *, want_key: bool) -> yaml.Node | None:
    node: yaml.Node | None = root
    key_node: yaml.Node | None = None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    found = (k, v)  # last one wins, as in the loaded value
            if found is None:
                return None
            key_node, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            key_node, node = None, node.value[part]
        else:
            return None
    return key_node if want_key else node


def load_front_matter(card: Card) -> FrontMatter:
    """Parse the card's front matter. Raises CardError (with file line/column) when the
    YAML cannot be read, is not a mapping, uses tags the Hub refuses, or is a bomb."""
    doc = load_yaml(card.yaml_text, card.yaml_first_line)
    if doc.root is None:
        return FrontMatter({}, None, doc.first_line)
    if not isinstance(doc.root, yaml.MappingNode):
        kind = "a list" if isinstance(doc.root, yaml.SequenceNode) else "a single value"
        line, column = doc.mark(doc.root)
        raise CardError(
            f"front matter must be a mapping of keys to values, got {kind}",
            line=line,
            column=column,
            rule=RULE_NOT_MAPPING,
        )
    return FrontMatter(cast("dict[str, Any]", doc.data), doc.root, doc.first_line, doc.problems)


def load_yaml(text: str, first_line: int = 1, *, what: str = "front matter") -> YamlDocument:
    """Parse one YAML document whose first line is file line `first_line`, keeping its
    node graph. Raises CardError for syntax errors, unknown tags, recursive aliases and
    alias bombs; duplicate keys are returned as `problems`. `what` names the document in
    messages ("front matter", ".eval_results file")."""
    if not text.strip():
        return YamlDocument(None, None, first_line)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:  # only comments
            return YamlDocument(None, None, first_line)
        problems = sorted(_check_graph(root, first_line, what), key=lambda p: (p.line, p.column))
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, first_line, what) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML parse error is marked
        raise CardError(
            f"invalid YAML in {what}: {exc}", line=first_line, rule=RULE_YAML_SYNTAX
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(data, root, first_line, problems)


def _located(exc: yaml.MarkedYAMLError, first_line: int, what: str) -> CardError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    rule = RULE_YAML_SYNTAX
    if "could not determine a constructor" in problem:
        tag = problem.rsplit(" ", 1)[-1].strip("'")
        problem = f"unknown tag !<{tag}>: the Hub refuses language-specific YAML tags"
        rule = RULE_UNKNOWN_TAG
    message = f"invalid YAML in {what}: {problem}"
    if exc.context and exc.context not in problem:
        message += f" ({exc.context})"
    if mark is None:  # pragma: no cover
        return CardError(message, line=first_line, rule=rule)
    return CardError(message, line=first_line + mark.line, column=mark.column + 1, rule=rule)


def _check_graph(root: yaml.Node, first_line: int, what: str) -> Iterator[Problem]:
    """Duplicate keys (as problems) and recursive or exploding aliases (raised)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    reported: set[int] = set()

    def size(node: yaml.Node) -> int:
        ident = id(node)
        if ident in sizes:
            return sizes[ident]
        if ident in active:
            raise CardError(
                f"{what} contains a recursive alias",
                line=first_line + node.start_mark.line,
                column=node.start_mark.column + 1,
                rule=RULE_ALIAS_BOMB,
            )
        active.add(ident)
        total = 1
        children: Sequence[yaml.Node]
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = ()
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise CardError(
                    f"{what} expands to more than {MAX_EXPANDED_NODES:,} values through "
                    "aliases; refusing it as an alias bomb",
                    line=first_line + node.start_mark.line,
                    column=node.start_mark.column + 1,
                    rule=RULE_ALIAS_BOMB,
                )
        active.discard(ident)
        sizes[ident] = total
        return total

    size(root)
    for node in _unique_mappings(root):
        if id(node) in reported:
            continue
        reported.add(id(node))
        seen: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value not in seen:
                seen[key.value] = (key, value)
                continue
            first, first_value = seen[key.value]
            where = f"duplicate key '{key.value}' (first defined on line "
            where += f"{first_line + first.start_mark.line})"
            if _same(value, first_value):
                rule, message = RULE_REPEATED_KEY, f"{where} with the same value"
            else:
                rule, message = RULE_DUPLICATE_KEY, f"{where}; YAML readers keep only the last one"
            yield Problem(
                rule, message, first_line + key.start_mark.line, key.start_mark.column + 1
            )


def _same(a: yaml.Node, b: yaml.Node) -> bool:
    """Do two nodes hold the same YAML value (tags and scalars, recursively)?"""
    if type(a) is not type(b) or a.tag != b.tag:
        return False
    if isinstance(a, yaml.ScalarNode):
        return bool(a.value == b.value)
    if len(a.value) != len(b.value):
        return False
    if isinstance(a, yaml.SequenceNode):
        return all(map(_same, a.value, b.value))
    pairs = zip(a.value, b.value, strict=True)
    return all(_same(k1, k2) and _same(v1, v2) for (k1, v1), (k2, v2) in pairs)


def _unique_mappings(root: yaml.Node) -> Iterator[yaml.MappingNode]:
    stack = [root]
    visited: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            yield node
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
