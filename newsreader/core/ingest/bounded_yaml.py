"""YAML front matter that cannot make one file cost minutes or gigabytes.

A few hundred bytes of YAML can describe a structure of hundreds of millions of
nodes with aliases ("billion laughs"): ``a: &a [x, x]``, ``b: &b [*a, *a]`` ...
Loading it is cheap (aliases share their node), but anything that walks the
value (``str()`` of a note) expands it. Deep nesting (``[[[[...``) overflows
the Python stack. So front matter is bounded before it becomes Python values:
its size, its nesting depth, its number of aliases, and the size it would have
once every alias is expanded. Legitimate front matter (an exported article with
hundreds of entities) stays far below every bound.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_CHARS = 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 1_000
#: nodes counted with every alias expanded (an exported article with 2,000 entities ~ 4,000)
MAX_EXPANDED_NODES = 200_000


class YamlLimitError(yaml.YAMLError):
    """YAML refused before loading: it is beyond one of this module's bounds."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, counting depth and aliases as it composes the document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlLimitError(f"more than {MAX_ALIASES:,} aliases")
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded_size(root: Node, limit: int = MAX_EXPANDED_NODES) -> int:
    """How many nodes the document has with every alias expanded (capped just above
    ``limit``); YamlLimitError for a node that contains itself."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in _children(node)))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlLimitError("a value that contains itself (a recursive alias)")
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise YamlLimitError("a value that contains itself (a recursive alias)")
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def safe_load_bounded(text: str) -> Any:
    """``yaml.safe_load`` within this module's bounds; YamlLimitError beyond them, other
    ``yaml.YAMLError`` for YAML that is not valid."""
    if len(text) > MAX_CHARS:
        raise YamlLimitError(f"larger than {MAX_CHARS // 1024:,} KiB")
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if expanded_size(node) > MAX_EXPANDED_NODES:
            raise YamlLimitError(f"more than {MAX_EXPANDED_NODES:,} values once its "
                                 "aliases are expanded (an alias bomb?)")
        return loader.construct_document(node)
    except RecursionError as error:
        raise YamlLimitError("nested too deeply") from error
    finally:
        loader.dispose()
