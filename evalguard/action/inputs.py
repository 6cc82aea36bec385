"""The action's inputs: `Settings` from the `EG_*` variables action.yml sets and the cards
the `paths` input names (both still in evalguard/ghaction.py, with its path handling),
the `args` input read with the command line's own grammar, and notices about inputs that
have no effect."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from evalguard.ghaction import HUB_COMMANDS, ActionError, Settings, resolve_paths

__all__ = [
    "ActionError",
    "Settings",
    "cli_options",
    "command_options",
    "input_notices",
    "resolve_paths",
]

#: inputs that hold secrets: masked before anything else is printed (input -> variable)
SECRETS = {"hf-token": "EG_HF_TOKEN", "aa-api-key": "EG_AA_API_KEY"}


class _ArgsParser(argparse.ArgumentParser):
    """The CLI's parser, reporting a bad `args` input as an ActionError (one annotation)
    instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise ActionError(f"args: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ActionError("args: --help and --version only print text (above); remove them")


def cli_options(argv: Sequence[str]) -> argparse.Namespace:
    """`argv` as `evalguard` reads it; a bad option is an ActionError."""
    from evalguard.cli import build_parser  # noqa: PLC0415 - the grammar, not the commands

    return build_parser(_ArgsParser).parse_args(argv)


def command_options(settings: Settings, files: Sequence[str], cards: str) -> argparse.Namespace:
    """The `args` input as `evalguard COMMAND` reads it (the same options, defaults and
    checks), for a command whose positional argument `cards` takes the card files. Files
    come from the paths input only: a positional argument in `args` is refused."""
    # The files first, so that a positional argument in `args` comes after them; a file
    # whose name starts with "-" is not an option.
    argv = [settings.command, *(f"./{f}" if f.startswith("-") else f for f in files)]
    options = cli_options([*argv, *settings.args])
    given = getattr(options, cards)
    if len(given) != len(files):
        extra = given[len(files)]
        raise ActionError(f"args: {extra} is not an option; name files in the paths input")
    return options


def input_notices(settings: Settings) -> list[str]:
    """A notice per input that is set but has no effect with the others."""
    notices = []
    if settings.repo_ids and settings.command not in HUB_COMMANDS:
        notices.append(
            f"input repo-id works with {', '.join(HUB_COMMANDS)}; {settings.command} ignores it"
        )
    if settings.create_pr is not None and not settings.on_hub:
        notices.append(
            "input create-pr works with repo-id (Hub pull requests); ignored. For GitHub "
            "pull requests see examples/workflows/sync.yml"
        )
    if settings.aa_api_key and settings.command != "import-aa":
        notices.append(f"input aa-api-key is for command import-aa; {settings.command} ignores it")
    return notices
