"""The model-index block written back as YAML text.

Emission is deterministic: fixed key order for what we generate, the original key order
for what we keep, the sequence indentation style the card already used.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that can indent block sequences under their key (`  - name:`), and
    writes a value used twice out twice: what evalguard writes has no anchors or aliases."""

    indent_sequences = False

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False if self.indent_sequences else indentless)


class _IndentedDumper(_Dumper):
    indent_sequences = True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


for _cls in (_Dumper, _IndentedDumper):
    _cls.add_representer(str, _str_presenter)


def dump_block(value: Any, *, indent_sequences: bool, newline: str) -> str:
    """`model-index:` and its value as YAML text ending with a newline."""
    dumper = _IndentedDumper if indent_sequences else _Dumper
    text = yaml.dump(
        {"model-index": value},
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    return text.replace("\n", newline) if newline != "\n" else text


def uses_indented_sequences(yaml_text: str) -> bool:
    """Whether the card writes `key:\\n  - item` (True) or `key:\\n- item` (False)."""
    indented = len(re.findall(r"(?m)^[^\s#][^:\n]*:[ \t]*\r?\n[ \t]+- ", yaml_text))
    flush = len(re.findall(r"(?m)^[^\s#][^:\n]*:[ \t]*\r?\n- ", yaml_text))
    return indented > flush


def dump_items(items: list[Any], *, indent: int, newline: str) -> str:
    """Block-sequence items, each line indented by `indent` columns (for splicing)."""
    text = yaml.dump(
        items,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    pad = " " * indent
    lines = [pad + line if line else line for line in text.split("\n")]
    return newline.join(lines)
