"""Pieces every command shares: exit codes, model-selection flags, reading inputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evalguard.api import ExtractRequest
    from evalguard.config import Config
    from evalguard.remote.jobs import JobRequest
    from evalguard.repo.import_aa import AARequest

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
#: an evaluation or a job failed, or is not finished: nothing written for it (`eval`)
EXIT_FAILED = 3

#: What each exit code means, for every command: `evalguard --help` and the README's
#: table are both made from it (tests/test_cli.py holds the README to it).
EXIT_CODES = (
    (
        EXIT_OK,
        "done: nothing to report, nothing to change (`--diff` alone prints the change and "
        "exits 0); on Hub repos (--repo-id/--author), every repo is up to date or got its "
        "pull request (or commit)",
    ),
    (
        EXIT_FINDINGS,
        "findings (`check`; `extract`: no table holds the model's scores); a local file "
        "changed, or a change is due (the pre-commit fixer convention); or evalguard "
        "refused to guess (which column or row, which model-index entry, which Artificial "
        "Analysis model)",
    ),
    (
        EXIT_USAGE,
        "a usage error, or what could not be read or written: a file, an invalid "
        ".evalguard.yaml, a Hub repo, Artificial Analysis or HF Jobs (network, token, HTTP "
        "error)",
    ),
    (EXIT_FAILED, "`eval`: an evaluation or a job failed; nothing is written for it"),
)
#: said after the codes
EXIT_CODES_WORST = "Over several cards or repos, the highest code wins."


def exit_codes_help(codes: tuple[int, ...] = (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE)) -> str:
    """The `exit codes:` epilog of a command that can exit with `codes`."""
    import textwrap

    lines = ["exit codes:"]
    for code, meaning in EXIT_CODES:
        if code in codes:
            lines += textwrap.wrap(
                meaning, width=88, initial_indent=f"  {code}  ", subsequent_indent="     "
            )
    return "\n".join([*lines, f"  {EXIT_CODES_WORST}"])


EXIT_CODES_HELP = exit_codes_help()


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """`--help` as argparse writes it, with each description line wrapped to the width,
    and the epilogs' indented lines (the exit code and environment tables) kept as they
    are written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return "\n".join(
            indent + line
            if line[:1].isspace() or len(indent + line) <= width
            else textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
            for line in text.splitlines()
        )


def err(message: str) -> None:
    """One line on stderr, whatever card text it quotes (report/escape.py)."""
    from evalguard.report.escape import printable

    print(printable(message), file=sys.stderr)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("choosing the model's scores")
    group.add_argument(
        "--model",
        metavar="ORG/NAME",
        help="the model the card is about (Hub repo id or name). Default: `model:` in "
        ".evalguard.yaml, else the model-index name, else the card's title",
    )
    group.add_argument(
        "--table",
        metavar="N",
        type=_positive,
        action="append",
        default=[],
        help="use only table N (1-based, document order; repeatable)",
    )
    group.add_argument(
        "--skip-table", metavar="N", type=_positive, action="append", default=[],
        help="never use table N (repeatable)",
    )  # fmt: skip
    group.add_argument(
        "--column",
        metavar="TEXT",
        help="the exact header of the model's column or row, when the rules cannot tell",
    )
    group.add_argument(
        "--task-type",
        metavar="TYPE",
        help="model-index task.type (default: the card's pipeline_tag, else text-generation)",
    )
    group.add_argument(
        "--dataset-name",
        metavar="NAME",
        help="dataset.name for scores whose table names no benchmark",
    )
    group.add_argument(
        "--metric-mapping",
        metavar="FILE",
        help="JSON/YAML file (or inline JSON) mapping a column or row name to "
        "{type, name} of the metric",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a table number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("table numbers start at 1")
    return value


def request_from_args(args: argparse.Namespace) -> ExtractRequest:
    """Raises ConfigError for an unreadable --metric-mapping."""
    from evalguard.api import ExtractRequest
    from evalguard.config import load_metric_mapping, parse_metric_mapping

    mapping = None
    if args.metric_mapping:
        text: str = args.metric_mapping
        if text.lstrip().startswith("{") and not Path(text).exists():
            mapping = parse_metric_mapping(_json(text), "--metric-mapping")
        else:
            mapping = load_metric_mapping(Path(text))
    return ExtractRequest(
        model=args.model,
        match_name=getattr(args, "model_name_override", None),
        tables=tuple(args.table),
        skip_tables=tuple(args.skip_table),
        column=args.column,
        task_type=args.task_type,
        dataset_name=args.dataset_name,
        metric_mapping=mapping,
    )


def aa_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with import-aa's flags together (the Action's args too)."""
    if bool(args.creator_slug) != bool(args.model_name):
        return "--creator-slug and --model-name go together"
    several = len(args.repo_ids) > 1 or args.author or len(args.readmes) > 1
    if args.model_name and several:
        return (
            "--model-name names one model; for several cards or repos put `aa: {creator: "
            "SLUG, model: SLUG}` in the .evalguard.yaml of each"
        )
    return None


def aa_request_from_args(args: argparse.Namespace, *, skip_unnamed: bool) -> AARequest:
    """import-aa's options as the core takes them (check `aa_problem` first)."""
    from evalguard.config import AASlugs
    from evalguard.repo.import_aa import AARequest

    return AARequest(
        AASlugs(args.creator_slug, args.model_name) if args.creator_slug else None,
        model=args.model,
        overwrite=args.overwrite,
        eval_results=args.eval_results,
        skip_unnamed=skip_unnamed,
    )


def job_request_from_args(args: argparse.Namespace) -> JobRequest:
    """`eval run`'s options as the core takes them (the CLI's and the Action's)."""
    from evalguard.remote.jobs import JobRequest, Provider

    return JobRequest(
        model=args.model,
        tasks=tuple(args.task),
        provider=Provider(args.provider),
        flavor=args.flavor,
        limit=args.limit,
        timeout=args.timeout,
        repo_id=args.repo_id,
        volume=args.volume,
    )


def _json(text: str) -> object:
    """Inline JSON (the predecessor documented `--metric-mapping "$(cat map.json)"`)."""
    import json

    from evalguard.errors import ConfigError

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON: {exc.msg}", file="--metric-mapping", column=exc.colno
        ) from None


def card_folder(path: Path) -> Path:
    """The folder of a card as the user named it (card/fileio.folder_of)."""
    from evalguard.card.fileio import folder_of

    return folder_of(path)


def config_for(path: Path) -> Config:
    """The .evalguard.yaml beside `path` (ConfigError if it is invalid)."""
    from evalguard.config import load_config

    return load_config(card_folder(path))


def io_message(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{path}: cannot read: {reason}"


def input_error(path: Path, exc: Exception) -> int:
    """Report an unreadable input in one line (`file:line:col: why`); the usage exit code."""
    from evalguard.errors import EvalguardError

    if isinstance(exc, EvalguardError):
        err(exc.located(str(path)))
    elif isinstance(exc, OSError):
        err(io_message(path, exc))
    else:  # pragma: no cover - callers pass only the two kinds above
        raise exc
    return EXIT_USAGE
