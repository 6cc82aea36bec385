"""`evalguard check`: validate model cards and `.eval_results/*.yaml` files offline.

Findings print as `README.md:14:9: EG203 error: ...` (or json, github annotations,
SARIF). Exit 0 clean, 1 errors (or warnings with --strict), 2 usage error or a file
that cannot be read at all. Problems inside a file (bad YAML, not UTF-8) are findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalguard.cli import hub
from evalguard.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, HelpFormatter, err

if TYPE_CHECKING:
    from evalguard.validate.files import CheckedFiles

#: report.FORMATS, spelled out so that building the parser imports no reporter (a test
#: holds the two equal)
FORMATS = ("text", "json", "github", "sarif")
CHECK_EXIT_CODES = """exit codes:
  0  no errors (warnings allowed unless --strict)
  1  errors, or warnings with --strict; a problem inside a file (YAML syntax, unclosed
     front matter, not UTF-8) is a finding too
  2  usage error, a file that cannot be opened, an invalid .evalguard.yaml, a Hub repo
     that cannot be read (--repo-id), or the Hub validator unreachable (--hub-validate)"""


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
        formatter_class=HelpFormatter,
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
    hub.add_repo_options(parser, many=True, writes=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    from evalguard.cli.common import input_error
    from evalguard.report import render, summary
    from evalguard.validate.files import check_paths

    usage = hub.usage_problem(args, args.paths)
    if usage:
        err(f"evalguard check: {usage}")
        return EXIT_USAGE
    if hub.on_hub(args):
        checked = _check_hub(args)
    else:
        checked = check_paths(args.paths or [Path("README.md")], hub_validate=args.hub_validate)
    for problem in checked.unreadable:
        input_error(problem.path, problem.error)
    findings = checked.findings
    sys.stdout.write(render(findings, fmt))
    if fmt == "text" and findings:
        err(summary(findings, checked.files))
    if checked.unreadable:
        return EXIT_USAGE
    if any(f.severity == "error" for f in findings) or (args.strict and findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _check_hub(args: argparse.Namespace) -> CheckedFiles:
    from evalguard.errors import EvalguardError
    from evalguard.remote.refresh import check_repos
    from evalguard.validate.files import CheckedFiles, Unreadable

    client = hub.api()
    try:
        repos = hub.targets(client, args)
    except EvalguardError as exc:
        return CheckedFiles(unreadable=[Unreadable(Path(args.author or ""), exc)])
    revision = args.revision or "main"
    with hub.progress(len(repos)) as on_done:
        return check_repos(
            client, repos, revision=revision, hub_validate=args.hub_validate, on_done=on_done
        )
