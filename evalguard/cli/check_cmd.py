"""`evalguard check`: validate model cards and `.eval_results/*.yaml` files offline.

Findings print as `README.md:14:9: EG203 error: ...` (or json, github annotations,
SARIF). Exit 0 clean, 1 errors (or warnings with --strict), 2 usage error or a file
that cannot be read at all. Problems inside a file (bad YAML, not UTF-8) are findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalguard.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err

if TYPE_CHECKING:
    from evalguard.config import Config
    from evalguard.validate.findings import Finding

#: report.FORMATS, spelled out so that building the parser imports no reporter (a test
#: holds the two equal)
FORMATS = ("text", "json", "github", "sarif")
CHECK_EXIT_CODES = """exit codes:
  0  no errors (warnings allowed unless --strict)
  1  errors, or warnings with --strict; a problem inside a file (YAML syntax, unclosed
     front matter, not UTF-8) is a finding too
  2  usage error, a file that cannot be opened, an invalid .evalguard.yaml, or the Hub
     validator unreachable (--hub-validate)"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        aliases=["validate"],  # the predecessor's name for it
        help="validate model-index, front matter and .eval_results files (offline)",
        description=(
            "Validate model cards (README.md) and .eval_results/*.yaml files: front matter, "
            "model-index against the Hub's schema, values, known keys, and README tables "
            "against the metadata. A folder means its README.md and .eval_results/*.yaml. "
            "Rules can be turned off with `disable: [EG302]` in .evalguard.yaml."
        ),
        epilog=CHECK_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        type=Path,
        nargs="*",
        metavar="PATH",
        help="README.md files, .eval_results/*.yaml files or folders (default: README.md)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: text; github when GITHUB_ACTIONS=true)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too, not only on errors"
    )
    parser.add_argument(
        "--hub-validate",
        action="store_true",
        help="also ask the Hub's own validator ({HF_ENDPOINT}/api/validate-yaml; network)",
    )
    # The predecessor's `validate --repo-id R` read the card from the Hub; here the card is
    # local, so the flag is accepted (old scripts keep working) and has no effect.
    parser.add_argument("--repo-id", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


@dataclass
class _Run:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unreadable: bool = False
    #: per card folder, read once for all the files checked in it
    configs: dict[Path, Config] = field(default_factory=dict)
    readmes: dict[Path, bytes | None] = field(default_factory=dict)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    paths = _expand(args.paths or [Path("README.md")])
    state = _Run()
    for path in paths:
        _check_one(path, args.hub_validate, state)
    from evalguard.report import render, summary
    from evalguard.validate.findings import sorted_findings

    findings = sorted_findings(state.findings)
    sys.stdout.write(render(findings, fmt))
    if fmt == "text" and findings:
        err(summary(findings, state.files))
    if state.unreadable:
        return EXIT_USAGE
    if any(f.severity == "error" for f in findings) or (args.strict and findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.append(path / "README.md")
            out.extend(sorted((path / ".eval_results").glob("*.y*ml")))
        else:
            out.append(path)
    return out


def _check_one(path: Path, hub_validate: bool, state: _Run) -> None:
    from evalguard.card.eval_results import FOLDER, is_eval_results_path
    from evalguard.cli.common import card_folder, io_message, read_bytes
    from evalguard.config import load_config
    from evalguard.errors import EvalguardError

    is_eval = is_eval_results_path(path)
    parent = card_folder(path)
    # An `.eval_results/*.yaml` file belongs to the card one folder up.
    in_eval_folder = is_eval and parent.name == FOLDER
    folder = parent.parent if in_eval_folder else parent
    try:
        data = read_bytes(path)
        if folder not in state.configs:
            state.configs[folder] = load_config(folder)
    except OSError as exc:
        err(io_message(path, exc))
        state.unreadable = True
        return
    except EvalguardError as exc:
        err(exc.located(str(path)))
        state.unreadable = True
        return
    config = state.configs[folder]
    state.files += 1
    from evalguard.validate import check_eval_results, check_readme

    if is_eval:
        beside = _readme_beside(folder, state) if in_eval_folder else None
        state.findings += check_eval_results(data, str(path), config, readme=beside)
        return
    state.findings += check_readme(data, str(path), config)
    if hub_validate:
        _hub(path, data, config, state)


def _readme_beside(folder: Path, state: _Run) -> bytes | None:
    """The card an `.eval_results` file is compared with, if it can be read."""
    from evalguard.cli.common import read_bytes

    if folder not in state.readmes:
        try:
            state.readmes[folder] = read_bytes(folder / "README.md")
        except OSError:
            state.readmes[folder] = None
    return state.readmes[folder]


def _hub(path: Path, data: bytes, config: Config, state: _Run) -> None:
    from evalguard.validate import check_readme_on_hub
    from evalguard.validate.hub import HubUnavailable

    try:
        state.findings += check_readme_on_hub(data, str(path), config)
    except HubUnavailable as exc:
        err(exc.located(str(path)))
        state.unreadable = True
