"""sync over every real card of ../shared/corpus (cards/, bulk/ and bulk2/), when present.

Properties (issue 2, "Done when" 2): no traceback; no byte outside the model-index
block changes; a second sync changes nothing; a card sync refuses stays untouched and
gets a one-line reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from evalguard.card.frontmatter import load_front_matter
from evalguard.card.rewrite import block_span
from evalguard.card.split import parse_card
from evalguard.cli import main

pytestmark = pytest.mark.corpus


def _outside_block(text: str) -> tuple[str, str]:
    """(text before, text after) the model-index block; ("", text) without one."""
    card = parse_card(text.encode())
    if not card.has_front_matter:
        return "", card.text
    span = block_span(card, load_front_matter(card))
    if span is None:
        assert card.yaml_end is not None
        return card.text[: card.yaml_end], card.text[card.yaml_end :]
    return card.text[: span[0]], card.text[span[1] :]


def _model_for(card: Path, labels: dict[str, str]) -> str:
    """The labelled model where it is a repo id; for bulk2/ the repo its file is named
    after (`ORG_NAME.md`, the first `_` separates the org); else a stand-in repo id."""
    if card.parent.name == "bulk2":
        org, _, name = card.stem.partition("_")
        return f"{org}/{name}"
    model = labels.get(card.name, "")
    return model if model.count("/") == 1 and " " not in model else f"corpus/{card.stem}"


def test_sync_whole_corpus(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = {
        str(d["card"]): str(d["model_arg"])
        for d in (yaml.safe_load(p.read_text("utf-8")) for p in (corpus / "labels").glob("*.yaml"))
    }
    cards = [
        card
        for folder in ("cards", "bulk", "bulk2")
        for card in sorted((corpus / folder).glob("*.md"))
    ]
    assert len(cards) >= 2300
    counts = {"changed": 0, "unchanged": 0, "refused": 0}
    for source in cards:
        work = tmp_path / f"{source.parent.name}-{source.stem}"
        work.mkdir()
        readme = work / "README.md"
        shutil.copyfile(source, readme)
        before = readme.read_bytes()
        args = ["sync", str(readme), "--model", _model_for(source, labels)]
        code = main(args)
        out, err = capsys.readouterr()
        after = readme.read_bytes()
        assert "Traceback" not in out + err, source.name
        if code == 1 and out.strip() == f"Fixing {readme}":
            counts["changed"] += 1
            old, new = before.decode("utf-8-sig"), after.decode("utf-8-sig")
            old_head, old_tail = _outside_block(old)
            new_head, new_tail = _outside_block(new)
            if parse_card(before).has_front_matter:
                assert (new_head, new_tail) == (old_head, old_tail), source.name
            else:
                assert new.endswith(old), source.name
            assert main(args) == 0, f"second sync of {source.name} changed it again"
            assert readme.read_bytes() == after
            capsys.readouterr()
        elif code == 0:
            counts["unchanged"] += 1
            assert after == before, source.name
        else:
            counts["refused"] += 1
            assert after == before, source.name
            reasons = [line for line in err.splitlines() if "note:" not in line]
            assert len(reasons) == 1, (source.name, err)
            assert reasons[0].startswith(str(readme)), reasons
        shutil.rmtree(work)
    assert counts["changed"] > 100, counts
