"""The predecessor's command lines (the evaluation-manager scripts), in one place.

Every command line the predecessor documented runs as `evalguard <the same words>`, or
says exactly what to run instead:

- `scripts/evaluation_manager.py COMMAND ...` (the script where `python` ran it) is
  `evalguard COMMAND ...`: the script's path is dropped, with a note.
- `extract-readme` writes the README's tables into model-index as `sync` does (on the
  Hub with `--repo-id`: one pull request, never a direct push) unless `--dry-run`, which
  prints the model-index as `extract` does. Its old flags: `add_extract_readme_flags`.
- `inspect-tables` is `extract --explain`; `get-prs` lists the repo's open pull requests.
- `run_eval_job.py` and `hf jobs uv run .../inspect_eval_uv.py -- ...` are replaced by
  `evalguard eval run`: the old spelling prints the command that does the job (stdout)
  and why (stderr), submits nothing and exits 2. A token on the old command line is
  never printed.
- `import-aa`, `show` and `validate` (`check`) take the predecessor's flags as they are.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalguard.cli import hub
from evalguard.cli.common import EXIT_OK, EXIT_USAGE, err

_SCRIPT = re.compile(r"(?:^|[/\\])(evaluation_manager|run_eval_job|inspect_eval_uv)(?:\.py)?$")
#: `hf jobs uv run SCRIPT`, with `evalguard` typed for `hf`
_HF_JOBS_UV_RUN = ["jobs", "uv", "run"]
_OLD_NAMES = {
    "run_eval_job": "run_eval_job.py",
    "inspect_eval_uv": "hf jobs uv run .../inspect_eval_uv.py",
}
#: extract-readme flags that no longer mean anything: dest -> why, said once per run
IGNORED = {
    "merge_tables": "--merge-tables: evalguard reads every table already; ignored",
    "dataset_type": "--dataset-type: dataset.type is the benchmark's Hub dataset id "
    "(evalguard's catalog); ignored",
}


@dataclass(frozen=True)
class Legacy:
    """An argv as evalguard's parser takes it, and what to say about the old words."""

    argv: list[str]
    notes: list[str] = field(default_factory=list)
    #: for a retired command: the command line that does its job (nothing is run); the
    #: first note then says what replaced what
    replacement: list[str] | None = None


def say(old: Legacy) -> int | None:
    """Print what there is to say about the old words; for a retired command also the
    command line to run instead (on stdout, between the first note and the others), and
    its exit code."""
    for i, note in enumerate(old.notes):
        err(note)
        if i == 0 and old.replacement is not None:
            print(shlex.join(old.replacement), flush=True)
    return None if old.replacement is None else EXIT_USAGE


def translate(argv: Sequence[str]) -> Legacy:
    """The old spellings of a whole command line; any other argv is returned as it is."""
    words = list(argv)
    if words[:3] == _HF_JOBS_UV_RUN and len(words) > 3 and _script(words[3]):
        words = words[3:]
    script = _script(words[0]) if words else None
    if script is None:
        return Legacy(list(argv))
    rest = words[1:]
    if script == "evaluation_manager":
        shown = f"evalguard {rest[0]} ..." if rest else "evalguard --help"
        return Legacy(rest, [f"note: the evaluation-manager script is `{shown}` now"])
    notes = [
        f"evalguard: {_OLD_NAMES[script]} is replaced by `evalguard eval run`; "
        "nothing was submitted. Run:"
    ]
    return Legacy([], notes, eval_run_command(rest, notes))


# -- run_eval_job.py / inspect_eval_uv.py -> eval run ------------------------------------


def _old_eval_parser() -> argparse.ArgumentParser:
    """run_eval_job.py's options, `hf jobs uv run`'s and inspect_eval_uv.py's (after `--`)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--model")
    parser.add_argument("--task", "--tasks", action="append", default=[])
    parser.add_argument("--limit")
    parser.add_argument("--hardware", "--flavor", dest="flavor", default="cpu-basic")
    parser.add_argument("--timeout")
    parser.add_argument("--namespace")
    parser.add_argument("--secret", "--secrets", "-s", dest="secrets", action="append")
    parser.add_argument("--hf-token", "--token", dest="token")
    return parser


def eval_run_command(old: Sequence[str], notes: list[str]) -> list[str]:
    """The `evalguard eval run` that does what the old command did; `notes` gets what
    changed. No value of the old command line is copied into a note (it may be a token)."""
    options, unknown = _old_eval_parser().parse_known_args([w for w in old if w != "--"])
    command = ["evalguard", "eval", "run", "--model", options.model or "ORG/NAME"]
    for task in options.task or ["TASK"]:
        command += ["--task", _task(task, notes)]
    command += ["--flavor", options.flavor]
    if not options.flavor.startswith("cpu"):
        command += ["--provider", "transformers"]
        notes.append(
            f"note: {options.flavor} has a GPU: with --provider transformers the model runs "
            "on it inside the job, as the predecessor's hf/ provider did; without --provider "
            "it runs at Inference Providers and cpu-basic is enough"
        )
    for flag in ("limit", "timeout", "namespace"):
        if getattr(options, flag):
            command += [f"--{flag}", getattr(options, flag)]
    if options.secrets or options.token:
        notes.append(
            "note: left out the token: `eval run` gives HF_TOKEN (from the environment or "
            "`hf auth login`) to the job as a secret itself; on a command line a token ends "
            "up in shell history and process lists"
        )
    dropped = sorted({w.split("=")[0] for w in unknown if w.startswith("-")})
    if dropped:
        notes.append(f"note: left out {', '.join(dropped)}: not options of `evalguard eval run`")
    return command


def _task(old: str, notes: list[str]) -> str:
    """evalguard's name for a predecessor task (`mmlu`, `inspect_evals/gsm8k`,
    `suite|task|shots`); a note when it is not the same."""
    from evalguard.sources.jobs import inspect_tasks, known_tasks_message

    parts = old.split("|")
    name = (parts[1] if len(parts) > 1 else parts[0]).removeprefix("inspect_evals/")
    known = inspect_tasks()
    if name in known or old == "TASK":
        return name
    variants = sorted(task for task, measures in known.items() if measures.benchmark == name)
    if variants:
        notes.append(
            f"note: inspect_evals has no task {name!r}; it has {' and '.join(variants)} "
            f"(the command above uses {variants[0]})"
        )
        return variants[0]
    notes.append(f"note: {known_tasks_message(name)}")
    return name


def _script(word: str) -> str | None:
    found = _SCRIPT.search(word.replace("-", "_"))
    return found.group(1) if found else None


# -- extract-readme ---------------------------------------------------------------------


def add_extract_readme_flags(parser: argparse.ArgumentParser) -> None:
    """extract-readme's positional card and the predecessor's flags."""
    parser.description = (
        "The predecessor's command: write the README's evaluation tables into model-index "
        "as `sync` does (with --repo-id: as one Hub pull request, never a direct push), or "
        "with --dry-run print the model-index as `extract` does. Results from other sources "
        "are kept."
    )
    parser.add_argument("readme", type=Path, nargs="?", help="default: README.md, or --repo-id")
    old = parser.add_argument_group("the predecessor's flags")
    old.add_argument(
        "--dry-run", action="store_true", help="print the model-index (as `extract`), write nothing"
    )
    old.add_argument("--apply", action="store_true", help="write (the default; accepted)")
    old.add_argument(
        "--create-pr",
        action="store_true",
        help="with --repo-id: write as a pull request (the default for every Hub write)",
    )
    old.add_argument(
        "--model-name-override",
        metavar="NAME",
        help="match the model's column/row by this name instead of the repo name",
    )
    old.add_argument("--model-column-index", metavar="I", help=argparse.SUPPRESS)
    old.add_argument("--merge-tables", action="store_true", help=argparse.SUPPRESS)
    old.add_argument("--dataset-type", metavar="TYPE", help=argparse.SUPPRESS)


def run_extract_readme(args: argparse.Namespace) -> int:
    """Write the tables into model-index (`sync`; a Hub pull request with --repo-id), or
    with --dry-run print what `extract` prints."""
    from evalguard.cli.extract_cmd import print_model_index
    from evalguard.cli.sync_cmd import sync_hub, sync_one

    for flag, note in IGNORED.items():
        if getattr(args, flag):
            err(f"evalguard extract-readme: note: {note}")
    problem = hub.usage_problem(args, args.readme)
    if problem:
        err(f"evalguard extract-readme: {problem}")
        return EXIT_USAGE
    if not args.readme and not hub.on_hub(args):
        args.readme = Path("README.md")
    if args.model_column_index is not None:
        return _column_index(args)
    if args.dry_run or args.explain:
        return print_model_index(args)
    if hub.on_hub(args):
        return sync_hub(args, overwrite=False, write=True)
    return sync_one(args.readme, args, check=False, diff=False, overwrite=False)


def _column_index(args: argparse.Namespace) -> int:
    """evalguard names the model's column by its header: say which `--column` is the
    column the index pointed at (counting from 0, as the predecessor did), and stop."""
    from evalguard.tables import read_tables

    index = args.model_column_index
    read = hub.read_input_card(args, args.readme, eval_results=False)
    if isinstance(read, int):
        return read
    _, _, card, _ = read
    tables = [t for t in read_tables(card.body, card.body_first_line) if t.rows]
    chosen = [t for t in tables if t.index in args.table] if args.table else tables
    stop = "evalguard extract-readme: --model-column-index: evalguard names the model's column "
    if len(chosen) != 1 or not index.isdigit() or int(index) >= chosen[0].width:
        err(f"{stop}by its header: pass --column HEADER (and --table N to pick the table)")
        return EXIT_USAGE
    table = chosen[0]
    header = table.rows[0][int(index)].text
    err(
        f"{stop}by its header; column {index} of table {table.index} (counting from 0) is "
        f"{header!r}: run again with --column {shlex.quote(header)} instead"
    )
    return EXIT_USAGE


# -- inspect-tables, get-prs ----------------------------------------------------------------


def register(sub: Any) -> None:
    """The predecessor's commands evalguard has no name of its own for (after the other
    commands: `inspect-tables` takes `extract`'s options)."""
    extract = sub.choices["extract"]
    tables = sub.add_parser(
        "inspect-tables",
        parents=[extract],
        add_help=False,
        description="The predecessor's name for `evalguard extract --explain`.",
    )
    tables.set_defaults(handler=_inspect_tables)
    prs = sub.add_parser(
        "get-prs",
        description="List the open pull requests of a Hub repo. evalguard needs no such "
        "check before writing: its --create-pr finds its own open pull request and adds "
        "a commit to it instead of opening another.",
    )
    prs.add_argument("--repo-id", required=True, metavar="ORG/NAME", help="the model repo")
    prs.set_defaults(handler=_get_prs)


def _inspect_tables(args: argparse.Namespace) -> int:
    from evalguard.cli.extract_cmd import run

    args.explain = True
    return run(args)


def _get_prs(args: argparse.Namespace) -> int:
    from evalguard.errors import EvalguardError
    from evalguard.remote.hub import open_pull_requests
    from evalguard.report.pull_request import Purpose
    from evalguard.report.results import render_table

    try:
        found = open_pull_requests(hub.api(), args.repo_id)
    except EvalguardError as exc:
        err(exc.located(args.repo_id))
        return EXIT_USAGE
    if not found:
        print(f"{args.repo_id}: no open pull requests")
        return EXIT_OK
    ours = {purpose.title for purpose in Purpose}
    rows = [
        [f"#{d.num}", d.title, d.author + (" (evalguard)" if d.title in ours else ""), d.url]
        for d in found
    ]
    print(render_table(("pr", "title", "author", "link"), rows, "text"), end="")
    return EXIT_OK
