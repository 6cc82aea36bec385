"""The action's inputs: `Settings` from the `EG_*` variables action.yml sets, the `args`
input read with the command line's own grammar, and notices about inputs that have no
effect. The cards the `paths` input names: `action.paths`."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn

#: inputs that hold secrets: masked before anything else is printed (input -> variable)
SECRETS = {"hf-token": "EG_HF_TOKEN", "aa-api-key": "EG_AA_API_KEY"}


class ActionError(Exception):
    """A problem with the action's inputs: one line for the user."""


#: commands that act on Hub repos with the repo-id input (or --repo-id/--author in args)
HUB_COMMANDS = ("check", "sync", "export", "import-aa", "eval-collect")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    command: str
    paths: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    working_directory: str = "."
    fail_on_error: bool = True
    sarif_file: str = ""
    hf_token: str = field(default="", repr=False)
    aa_api_key: str = field(default="", repr=False)
    #: Hub repos to act on instead of the workspace's cards (the repo-id input)
    repo_ids: tuple[str, ...] = ()
    #: with Hub repos: a pull request per repo (else a direct commit); None: not given
    create_pr: bool | None = None
    #: eval-run / eval-collect: the model (Hub repo id); eval-run: its tasks, flavor, limit
    model: str = ""
    tasks: tuple[str, ...] = ()
    flavor: str = "cpu-basic"
    limit: int | None = None

    @property
    def on_hub(self) -> bool:
        """Whether the command acts on Hub repos (repo-id, or --repo-id/--author in args)."""
        if self.command not in HUB_COMMANDS:
            return False
        flags = ("--repo-id", "--author")
        return bool(self.repo_ids) or any(a.split("=")[0] in flags for a in self.args)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        from evalguard.action.commands import COMMANDS  # noqa: PLC0415 - they read Settings

        command = env.get("EG_COMMAND", "check").strip() or "check"
        if command not in COMMANDS:
            raise ActionError(
                f"unknown command {command!r}: this version of the action runs "
                + ", ".join(COMMANDS)
            )
        try:
            paths = tuple(shlex.split(env.get("EG_PATHS", ""), comments=False))
            args = tuple(shlex.split(env.get("EG_ARGS", ""), comments=False))
        except ValueError as exc:
            raise ActionError(f"cannot split the paths or args input: {exc}") from None
        sarif = env.get("EG_SARIF_FILE", "").strip()
        if sarif and command != "check":
            raise ActionError("the sarif-file input works with command: check only")
        return cls(
            command=command,
            paths=paths,
            args=args,
            working_directory=env.get("EG_WORKING_DIRECTORY", ".").strip() or ".",
            fail_on_error=_flag(env, "EG_FAIL_ON_ERROR", "fail-on-error", default=True),
            sarif_file=sarif,
            hf_token=env.get("EG_HF_TOKEN", ""),
            aa_api_key=env.get("EG_AA_API_KEY", ""),
            repo_ids=tuple(env.get("EG_REPO_ID", "").split()),
            create_pr=(
                _flag(env, "EG_CREATE_PR", "create-pr", default=True)
                if env.get("EG_CREATE_PR", "").strip()
                else None
            ),
            model=env.get("EG_MODEL", "").strip(),
            tasks=tuple(env.get("EG_TASKS", "").split()),
            flavor=env.get("EG_FLAVOR", "").strip() or "cpu-basic",
            limit=_limit(env.get("EG_LIMIT", "")),
        )


def _limit(raw: str) -> int | None:
    if not raw.strip():
        return None
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ActionError(f"input limit must be a positive whole number, got {raw!r}")
    return int(raw)


def _flag(env: Mapping[str, str], name: str, label: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ActionError(f"input {label} must be true or false, got {raw!r}")


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
