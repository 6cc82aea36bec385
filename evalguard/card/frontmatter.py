"""Front matter YAML, loaded safely and with the position of every node.

PyYAML builds values from a node graph that remembers where each node started; we keep
that graph so that a finding about `model-index[0].results[2].metrics[0].value` can
point at its line and column in the README. On top of PyYAML's safe loading we refuse
what it silently accepts: duplicate keys (it keeps the last one), alias "bombs" whose
expansion explodes (a few hundred bytes that become millions of nodes) and documents
nested deeper than any card needs. Every YAML evalguard reads (front matter,
`.eval_results` files, `.evalguard.yaml`, metric mappings) goes through `load_yaml`, so
a value PyYAML parses but cannot build (`2024-13-45`, `!!int abc`) is one located error
here, not a traceback in each caller.

Places are file lines and columns as editors and git count them: only CR, LF and CRLF
end a line. (YAML also breaks lines at NEL, U+2028 and U+2029, so PyYAML's own line
numbers drift after one; positions are computed from the character offset instead.)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import yaml

from evalguard.card.split import Card, line_starts
from evalguard.errors import CardError
from evalguard.gcpause import collector_paused

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:  # libyaml is several times faster; the pure-Python loader gives the same nodes.
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Upper bound on the values aliases add to a document (its expanded size minus the
#: values written out). Real cards use aliases rarely and for a handful of values; a
#: document's honest size is bounded by the file-size cap (card/fileio.py) instead.
MAX_ALIAS_EXPANSION = 200_000
#: Upper bound on nesting (mappings in lists in mappings...). model-index, the deepest
#: structure a card has, nests 6 levels; libyaml itself stops at 1,000.
MAX_DEPTH = 100

#: `evalguard check` rule ids of what this module reports (documented in
#: evalguard.validate.registry; kept as plain strings so the core imports no validator).
RULE_DUPLICATE_KEY = "EG104"
RULE_REPEATED_KEY = "EG109"  # the same key twice with the same value: nothing is lost
RULE_YAML_SYNTAX = "EG105"
RULE_UNKNOWN_TAG = "EG106"
RULE_NOT_MAPPING = "EG107"
RULE_ALIAS_BOMB = "EG108"
RULE_UNBUILDABLE = "EG110"

#: What PyYAML's constructors raise for a value they cannot build: `2024-13-45` as a
#: date (ValueError), `!!bool maybe` (KeyError), `!!timestamp abc` (AttributeError), an
#: integer of more than 4,300 digits (ValueError)...
_CONSTRUCT_ERRORS = (ValueError, OverflowError, TypeError, KeyError, AttributeError, IndexError)

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
    #: the YAML text the marks index into (positions need it)
    text: str = ""

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
        """1-based file (line, column) where `node` starts."""
        return self.at(node.start_mark.index)

    def at(self, index: int) -> tuple[int, int]:
        """1-based file (line, column) of character offset `index` of the YAML text."""
        line = self.text_line(index)
        return self.first_line + line, index - self._line_starts[line] + 1

    def text_line(self, index: int) -> int:
        """0-based line of the YAML text holding character offset `index`."""
        return bisect.bisect_right(self._line_starts, index) - 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.text)


@dataclass(frozen=True)
class AnchorUse:
    """An anchor (`&name`) or an alias (`*name`) at character offset `index`."""

    name: str
    index: int
    alias: bool


def anchor_uses(text: str) -> list[AnchorUse]:
    """Every anchor and alias of a YAML text, in order; none for text that does not
    parse (loading it says why)."""
    if "&" not in text and "*" not in text:
        return []
    out: list[AnchorUse] = []
    try:
        for event in yaml.parse(text, Loader=_Base):
            name = getattr(event, "anchor", None)
            if name and event.start_mark is not None:
                alias = isinstance(event, yaml.AliasEvent)
                out.append(AnchorUse(name, event.start_mark.index, alias))
    except yaml.YAMLError:
        return []
    return out


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
        return FrontMatter({}, None, doc.first_line, text=doc.text)
    if not isinstance(doc.root, yaml.MappingNode):
        kind = "a list" if isinstance(doc.root, yaml.SequenceNode) else "a single value"
        line, column = doc.mark(doc.root)
        raise CardError(
            f"front matter must be a mapping of keys to values, got {kind}",
            line=line,
            column=column,
            rule=RULE_NOT_MAPPING,
        )
    return FrontMatter(
        cast("dict[str, Any]", doc.data), doc.root, doc.first_line, doc.problems, doc.text
    )


def load_yaml(text: str, first_line: int = 1, *, what: str = "front matter") -> YamlDocument:
    """Parse one YAML document whose first line is file line `first_line`, keeping its
    node graph. Raises CardError (located in the file) for syntax errors, characters
    YAML forbids, unknown tags, values that cannot be built, recursive aliases, alias
    bombs and runaway nesting; duplicate keys are returned as `problems`. `what` names
    the document in messages ("front matter", ".eval_results file")."""
    doc = YamlDocument(None, None, first_line, text=text)
    if not text.strip():
        return doc
    loader = _Loader(text)
    try:
        with collector_paused():
            root = loader.get_single_node()
            if root is None:  # only comments
                return doc
            doc.root = root
            tree = "*" not in text  # no aliases: no node is shared
            problems = _check_tree(doc, what) if tree else _check_graph(doc, what)
            doc.problems = sorted(problems, key=lambda p: (p.line, p.column))
            doc.data = loader.construct_tree(root) if tree else loader.construct_document(root)
    except _Unbuildable as exc:
        raise _unbuildable(exc, doc, what) from None
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, doc, what) from None
    except yaml.reader.ReaderError as exc:
        line, column = doc.at(exc.position)
        raise CardError(
            f"invalid YAML in {what}: character {_char(exc.character)} is not allowed "
            f"({exc.reason})",
            line=line,
            column=column,
            rule=RULE_YAML_SYNTAX,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error is marked
        message = " ".join(str(exc).split())
        raise CardError(
            f"invalid YAML in {what}: {message}", line=first_line, rule=RULE_YAML_SYNTAX
        ) from None
    except _CONSTRUCT_ERRORS as exc:  # pragma: no cover - raised outside construct_object
        if doc.root is None:
            raise
        raise _unbuildable(_Unbuildable(doc.root, exc), doc, what) from None
    finally:
        loader.dispose()
    return doc


class _Unbuildable(Exception):
    """A constructor failed on `node` (raised through PyYAML, caught in load_yaml)."""

    def __init__(self, node: yaml.Node, error: BaseException) -> None:
        super().__init__(str(error))
        self.node = node
        self.error = error


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: keys PyYAML's safe loader rewrites before building a mapping (`<<` merges, `=`)
_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _Loader(_Base):
    """The safe loader, with construction errors tied to the node that caused them."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except _CONSTRUCT_ERRORS as exc:
            raise _Unbuildable(node, exc) from None

    def construct_tree(self, root: yaml.Node) -> Any:
        """`construct_document` for a document without aliases, with its plain mappings,
        lists and strings built directly: PyYAML's constructor keeps per-node bookkeeping
        for shared and recursive nodes that a tree does not need (half of loading a large
        model-index). Any other node (numbers, dates, merge keys) is PyYAML's to build;
        when anything fails, PyYAML builds the whole document again and raises its own
        first error."""
        try:
            return self._build(root)
        except (yaml.YAMLError, _Unbuildable, *_CONSTRUCT_ERRORS):
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.state_generators = []
            self.deep_construct = False  # left set by the failed deep construction
            return self.construct_document(root)

    def _build(self, node: yaml.Node) -> Any:
        kind, tag = type(node), node.tag
        if tag == _STR and kind is yaml.ScalarNode:
            return node.value
        if tag == _SEQ and kind is yaml.SequenceNode:
            return [self._build(item) for item in node.value]
        if tag == _MAP and kind is yaml.MappingNode:
            pairs = node.value
            if all(type(k) is yaml.ScalarNode and k.tag not in _SPECIAL_KEYS for k, _ in pairs):
                out = {}
                for key, value in pairs:
                    out[self._build(key)] = self._build(value)
                return out
        return self.construct_object(node, deep=True)


def _unbuildable(exc: _Unbuildable, doc: YamlDocument, what: str) -> CardError:
    node = exc.node
    kind = node.tag.rsplit(":", 1)[-1] if node.tag else "value"
    if isinstance(node, yaml.ScalarNode):
        shown = _short(node.value)
        problem = f"cannot read {shown} as {_article(kind)} {kind}"
    else:
        problem = f"cannot build this {kind}"
    reason = exc.error.args[0] if isinstance(exc.error, KeyError) else exc.error
    reason_text = " ".join(str(reason).split())
    line, column = doc.mark(node)
    return CardError(
        f"invalid YAML in {what}: {problem} ({_short(reason_text, 80)})",
        line=line,
        column=column,
        rule=RULE_UNBUILDABLE,
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _short(text: str, limit: int = 40) -> str:
    """A value for a one-line message: printable, and cut when long."""
    shown = repr(text) if not text.isprintable() else text
    if len(shown) > limit:
        shown = f"{shown[: limit - 1]}… ({len(text):,} characters)"
    return shown


def _char(code: int | str) -> str:
    number = code if isinstance(code, int) else ord(code)
    return f"U+{number:04X}"


def _located(exc: yaml.MarkedYAMLError, doc: YamlDocument, what: str) -> CardError:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join((exc.problem or "invalid YAML").split())
    rule = RULE_YAML_SYNTAX
    if "could not determine a constructor" in problem:
        tag = problem.rsplit(" ", 1)[-1].strip("'")
        problem = f"unknown tag !<{tag}>: the Hub refuses language-specific YAML tags"
        rule = RULE_UNKNOWN_TAG
    message = f"invalid YAML in {what}: {problem}"
    context = " ".join((exc.context or "").split())
    if context and context not in problem:
        message += f" ({context})"
    if mark is None:  # pragma: no cover
        return CardError(message, line=doc.first_line, rule=rule)
    line, column = doc.at(mark.index)
    return CardError(message, line=line, column=column, rule=rule)


def _check_graph(doc: YamlDocument, what: str) -> Iterator[Problem]:
    """Duplicate keys (as problems); recursive aliases, exploding aliases and runaway
    nesting (raised). Walks the graph without recursion: depth is what it guards."""
    assert doc.root is not None
    order = _post_order(doc, what)
    # Expanded size of every node (children come before their parents in `order`), and
    # how often each node is used: an alias is a second use of its anchor's node.
    sizes: dict[int, int] = {}
    uses: dict[int, int] = {}
    for node in order:
        children = _children(node)
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        for child in children:
            uses[id(child)] = uses.get(id(child), 0) + 1
    if sizes[id(doc.root)] - len(order) > MAX_ALIAS_EXPANSION:
        worst = max(order, key=lambda n: (uses.get(id(n), 1) - 1) * sizes[id(n)])
        raise _refuse(
            doc,
            worst,
            f"{what} grows by more than {MAX_ALIAS_EXPANSION:,} values through aliases; "
            "refusing it as an alias bomb",
            RULE_ALIAS_BOMB,
        )
    for node in order:
        if isinstance(node, yaml.MappingNode):
            yield from _duplicate_keys(doc, node)


def _check_tree(doc: YamlDocument, what: str) -> Iterator[Problem]:
    """`_check_graph` for a document without aliases (no `*` in its text), whose nodes
    form a tree: no node is shared, so none can recur or expand; what is left to find is
    duplicate keys and runaway nesting, in one walk without bookkeeping per node."""
    assert doc.root is not None
    # (collection, depth), popped in document order; scalars are leaves with nothing to
    # check (a leaf too deep is reported as its parent's first child, as `_post_order` does)
    stack: list[tuple[yaml.Node, int]] = [(doc.root, 0)]
    while stack:
        node, depth = stack.pop()
        children = _children(node)
        if children and depth + 1 >= MAX_DEPTH:
            message = f"{what} nests more than {MAX_DEPTH} levels deep"
            raise _refuse(doc, children[0], message, RULE_YAML_SYNTAX)
        if isinstance(node, yaml.MappingNode):
            yield from _duplicate_keys(doc, node)
        stack.extend(
            (child, depth + 1)
            for child in reversed(children)
            if not isinstance(child, yaml.ScalarNode)
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _post_order(doc: YamlDocument, what: str) -> list[yaml.Node]:
    """Every node once, children before parents; raises on a cycle or deep nesting."""
    assert doc.root is not None
    order: list[yaml.Node] = []
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    # (node, its children, the next child to visit): one entry per level of the path
    path: list[tuple[yaml.Node, list[yaml.Node], int]] = []

    def enter(node: yaml.Node) -> None:
        if state.get(id(node)) == 1:
            raise _refuse(doc, node, f"{what} contains a recursive alias", RULE_ALIAS_BOMB)
        if len(path) >= MAX_DEPTH:
            message = f"{what} nests more than {MAX_DEPTH} levels deep"
            raise _refuse(doc, node, message, RULE_YAML_SYNTAX)
        state[id(node)] = 1
        path.append((node, _children(node), 0))

    enter(doc.root)
    while path:
        node, children, index = path[-1]
        if index == len(children):
            path.pop()
            state[id(node)] = 2
            order.append(node)
            continue
        path[-1] = (node, children, index + 1)
        if state.get(id(children[index])) != 2:
            enter(children[index])
    return order


def _refuse(doc: YamlDocument, node: yaml.Node, message: str, rule: str) -> CardError:
    line, column = doc.mark(node)
    return CardError(message, line=line, column=column, rule=rule)


def _duplicate_keys(doc: YamlDocument, node: yaml.MappingNode) -> Iterator[Problem]:
    seen: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value not in seen:
            seen[key.value] = (key, value)
            continue
        first, first_value = seen[key.value]
        where = f"duplicate key '{key.value}' (first defined on line {doc.mark(first)[0]})"
        if _same(value, first_value):
            rule, message = RULE_REPEATED_KEY, f"{where} with the same value"
        else:
            rule, message = RULE_DUPLICATE_KEY, f"{where}; YAML readers keep only the last one"
        yield Problem(rule, message, *doc.mark(key))


def _same(a: yaml.Node, b: yaml.Node) -> bool:
    """Do two nodes hold the same YAML value (tags and scalars, recursively; the depth is
    bounded by MAX_DEPTH)?"""
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
