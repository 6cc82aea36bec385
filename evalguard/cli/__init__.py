"""`evalguard` command line: argv -> the core -> an exit code. Thin on purpose.

Exit codes: `cli.common.EXIT_CODES`, one meaning each for every command (`--help`
prints them; the README's table is held to them by a test).

Each command lives in its own module exposing `register(subparsers)`; modules import
the core lazily so that `evalguard check` never loads what `sync` or remote commands need.
The predecessor's command lines (the evaluation-manager scripts) are read in
`cli.legacy`, before the parser sees them.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from evalguard import __version__
from evalguard.cli.common import (
    EXIT_FAILED,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    exit_codes_help,
)

PREDECESSOR_HELP = """coming from the evaluation-manager scripts:
  their command lines run as `evalguard <the same words>` (extract-readme, import-aa,
  show, validate, inspect-tables, get-prs); run_eval_job.py and inspect_eval_uv.py print
  the `evalguard eval run` that replaces them. README: "Coming from the
  evaluation-manager scripts"."""

#: command module -> names it registers (the first is the command, the rest aliases)
COMMANDS = {
    "evalguard.cli.extract_cmd": ("extract", "extract-readme"),
    "evalguard.cli.sync_cmd": ("sync",),
    "evalguard.cli.check_cmd": ("check", "validate"),
    "evalguard.cli.show_cmd": ("show",),
    "evalguard.cli.export_cmd": ("export",),
    "evalguard.cli.import_aa_cmd": ("import-aa",),
    "evalguard.cli.eval_cmd": ("eval",),
    "evalguard.cli.legacy": ("inspect-tables", "get-prs"),  # last: builds on extract's
}
COMMAND_MODULES = tuple(COMMANDS)
#: modules whose parsers build on the others': built with all of them
_BUILT_ON_OTHERS = ("evalguard.cli.legacy",)


def build_parser(
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
    *,
    command: str | None = None,
) -> argparse.ArgumentParser:
    """The command line's grammar; the Action reads its `args` input with it, through a
    `parser_class` whose errors are its own (every subcommand's parser is of that class).
    With `command`, only that command's module is imported and its parser built: what
    `evalguard check` runs as a hook needs nothing of the others (a tenth of its start);
    an unknown command gets them all (for its error message)."""
    parser = parser_class(
        prog="evalguard",
        description=(
            "Keep the evaluation results of Hugging Face model cards correct: read the "
            "README's evaluation tables, write them into model-index, validate metadata."
        ),
        epilog=(
            f"{exit_codes_help((EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILED))}\n\n"
            f"{PREDECESSOR_HELP}"
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"evalguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [module for module, names in COMMANDS.items() if command in names]
    if not modules or modules[0] in _BUILT_ON_OTHERS:
        modules = list(COMMANDS)
    for module in modules:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from evalguard.cli import legacy

    old = legacy.translate(sys.argv[1:] if argv is None else argv)
    replaced = legacy.say(old)
    if replaced is not None:
        return replaced
    parser = build_parser(command=old.argv[0] if old.argv else None)
    args = parser.parse_args(old.argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    code: int = handler(args)
    return code


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        code = 130
    except BrokenPipeError:  # pragma: no cover - `evalguard extract | head`
        code = 0
    # The process ends: Python's last cycle collection would walk every object (the
    # modules, their classes and functions) to free memory the system takes back anyway;
    # a tenth of a pre-commit `check`'s time. Objects freed by reference counting, and
    # open files, are closed as usual.
    gc.freeze()
    raise SystemExit(code)
