"""EG307: an anchor inside model-index that an alias outside it uses.

`evalguard sync` rewrites the results it owns; an anchor on one of them (`task: &t
{...}`) that another key uses (`extra: *t`) would vanish with the rewrite, so sync
refuses such a card. check says so first, at the anchor, instead of only asking for a
sync that will refuse.
"""

from __future__ import annotations

from evalguard.card.frontmatter import FrontMatter, anchor_uses
from evalguard.validate.findings import Finding
from evalguard.validate.registry import rule


def check_anchors(fm: FrontMatter, file: str) -> list[Finding]:
    node = fm.node(("model-index",))
    if node is None:
        return []
    start, end = node.start_mark.index, node.end_mark.index
    uses = anchor_uses(fm.text)
    inside = {u.name: u for u in uses if not u.alias and start <= u.index < end}
    out: list[Finding] = []
    for use in uses:
        if not use.alias or use.name not in inside or start <= use.index < end:
            continue
        line, column = fm.at(inside[use.name].index)
        out.append(
            rule("EG307").finding(
                file,
                line,
                column,
                f"model-index defines the anchor &{use.name}, which *{use.name} on line "
                f"{fm.at(use.index)[0]} uses outside model-index: evalguard sync cannot "
                "rewrite the result that holds it",
                hint="write the value out in full where it is used, or define the anchor "
                "outside model-index",
            )
        )
    return out
