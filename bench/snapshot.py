"""Record what evalguard says about every corpus card, to prove a change kept behaviour.

    python bench/snapshot.py /work/shared/corpus OUT.jsonl [--only cards,bulk,bulk2]
    cmp BEFORE.jsonl AFTER.jsonl

For each card (cards/, bulk/, bulk2/) it runs, in one process through `evalguard.cli.main`:
`check --format json`, `extract --format json`, `sync --diff` and `export` (a dry run),
with `--model` from the labels (cards/) or the file name (bulk2/, `ORG_NAME.md`), and
writes one JSON line per card and command: exit code, stdout and stderr. Two snapshots
taken before and after a refactoring (with the same corpus path) must be identical; a
line that differs names the card and the command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from evalguard.cli import main as cli_main

SETS = ("cards", "bulk", "bulk2")


def cards(corpus: Path, sets: tuple[str, ...]) -> Iterator[tuple[Path, str | None]]:
    """(card path, --model or None) for every card of the chosen sets, in a fixed order."""
    if "cards" in sets:
        for path in sorted((corpus / "cards").glob("*.md")):
            label = corpus / "labels" / f"{path.stem}.yaml"
            model = None
            if label.exists():
                model = (yaml.safe_load(label.read_text(encoding="utf-8")) or {}).get("model_arg")
            yield path, model
    if "bulk" in sets:
        for path in sorted((corpus / "bulk").glob("*.md")):
            yield path, None
    if "bulk2" in sets:
        for path in sorted((corpus / "bulk2").glob("*.md")):
            org, _, name = path.stem.partition("_")
            yield path, f"{org}/{name}" if name else None


def run(argv: list[str]) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # a traceback is behaviour too: record it, go on
            code = -1
            err.write(f"TRACEBACK {type(exc).__name__}: {exc}")
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", default=",".join(SETS), help="comma-separated sets")
    args = parser.parse_args(argv)
    sets = tuple(s for s in args.only.split(",") if s)
    count = 0
    with args.out.open("w", encoding="utf-8") as handle:
        for path, model in cards(args.corpus, sets):
            model_args = ["--model", model] if model else []
            commands = {
                "check": ["check", "--format", "json", str(path)],
                "extract": ["extract", str(path), *model_args, "--format", "json"],
                "sync": ["sync", "--diff", str(path), *model_args],
                "export": ["export", str(path)],
            }
            for name, command in commands.items():
                record = {"card": str(path), "command": name, **run(command)}
                handle.write(json.dumps(record, sort_keys=True) + "\n")
            count += 1
    print(f"{count} cards -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
