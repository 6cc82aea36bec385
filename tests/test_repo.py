"""A model repo as one unit: snapshot -> plan -> a folder (or a diff)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from samples import aa_mmlu_pro

from evalguard.errors import CardError, ConfigError, EvalguardError
from evalguard.repo.batch import guarded
from evalguard.repo.local import ChangedSinceRead, apply_local
from evalguard.repo.outcome import RepoOutcome, Status, failure
from evalguard.repo.plan import plan_results
from evalguard.repo.snapshot import HubRepo, LocalRepo, read_folder
from evalguard.results.merge import MergeRefused, Refusal
from evalguard.results.model import AA_SOURCE_NAME
from evalguard.tables.subject import ModelName

CARD = """---
license: mit  # keep me
model-index:
- name: Tiny-7B
  results:
  - task: {type: text-generation}
    dataset: {name: GPQA, type: Idavidrein/gpqa}
    metrics:
    - {type: accuracy, value: 41.0}   # hand-written, DO NOT DELETE
    source: {name: Open LLM Leaderboard, url: https://example.org/lb}
---
# Tiny-7B
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(CARD, encoding="utf-8")
    return tmp_path


def test_snapshot_reads_card_config_and_eval_results(repo: Path) -> None:
    (repo / ".evalguard.yaml").write_text("model: acme/Tiny-7B\n", encoding="utf-8")
    (repo / ".eval_results").mkdir()
    (repo / ".eval_results" / "gpqa.yaml").write_bytes(b"[]\n")
    snapshot = read_folder(repo / "README.md")
    assert snapshot.readme == CARD.encode()
    assert snapshot.config.model == "acme/Tiny-7B"
    assert list(snapshot.eval_results) == [".eval_results/gpqa.yaml"]
    assert read_folder(repo).readme_path == "README.md"


def test_plan_then_apply_keeps_every_other_byte(repo: Path) -> None:
    plan = plan_results(read_folder(repo), aa_mmlu_pro(0.7), model=ModelName("acme/Tiny-7B"))
    assert [c.path for c in plan.files] == ["README.md"]
    added = [ln for ln in plan.diff().splitlines() if ln.startswith("+") and ln[1:2] != "+"]
    assert "+      name: Artificial Analysis" in added
    assert not [ln for ln in plan.diff().splitlines() if ln.startswith("-") and ln[1:2] != "-"]
    assert (repo / "README.md").read_text(encoding="utf-8") == CARD  # a plan writes nothing
    assert apply_local(plan) == ["README.md"]
    after = (repo / "README.md").read_text(encoding="utf-8")
    head = CARD.split("\n---\n", maxsplit=1)[0]
    assert after.startswith(head) and after.endswith("\n---\n# Tiny-7B\n")
    again = plan_results(read_folder(repo), aa_mmlu_pro(0.7), model=ModelName("acme/Tiny-7B"))
    assert not again.changed


def test_eval_results_get_the_sources_entries(repo: Path) -> None:
    plan = plan_results(
        read_folder(repo), aa_mmlu_pro(0.7), model=ModelName("acme/Tiny-7B"), eval_results=True
    )
    [readme, entries] = plan.files
    assert readme.path == "README.md"
    assert entries.path == ".eval_results/mmlu_pro.yaml" and entries.old is None
    [entry] = yaml.safe_load(entries.new)
    assert entry["value"] == 0.7 and entry["source"]["name"] == AA_SOURCE_NAME
    apply_local(plan)
    assert (repo / ".eval_results" / "mmlu_pro.yaml").read_bytes() == entries.new


def test_a_file_changed_since_read_is_not_written_over(repo: Path) -> None:
    plan = plan_results(read_folder(repo), aa_mmlu_pro(0.7), model=ModelName("acme/Tiny-7B"))
    edited = CARD.replace("# Tiny-7B", "# Tiny-7B, edited meanwhile")
    (repo / "README.md").write_text(edited, encoding="utf-8")
    with pytest.raises(ChangedSinceRead, match="changed since evalguard read it"):
        apply_local(plan)
    assert (repo / "README.md").read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        (HubRepo("acme/Tiny-7B"), "acme/Tiny-7B/README.md"),
        (HubRepo("acme/Tiny-7B", "refs/pr/3"), "acme/Tiny-7B@refs/pr/3/README.md"),
        (LocalRepo(Path("x")), "x/README.md"),
        (LocalRepo(Path()), "README.md"),
    ],
)
def test_paths_as_the_user_reads_them(location: HubRepo | LocalRepo, shown: str) -> None:
    assert location.display("README.md") == shown


FAILED, REFUSED = Status.FAILED, Status.REFUSED
GUESS, BAD = Refusal.WOULD_GUESS, Refusal.BAD_INPUT


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FileNotFoundError(2, "No such file"), (FAILED, "cannot read: No such file", None, None)),
        (CardError("never closed", line=1, column=1), (FAILED, "never closed", 1, 1)),
        (MergeRefused("2 columns", refusal=GUESS, line=6), (REFUSED, "2 columns", 6, None)),
        (MergeRefused("not a list", refusal=BAD, line=2), (FAILED, "not a list", 2, None)),
        (  # the place is in the config, not in the card
            ConfigError("invalid YAML", file="x/.evalguard.yaml", line=2, column=1),
            (FAILED, "x/.evalguard.yaml:2:1: invalid YAML", None, None),
        ),
    ],
)  # fmt: skip
def test_failure_says_why_and_where(
    error: OSError | EvalguardError, expected: tuple[Status, str, int | None, int | None]
) -> None:
    outcome = failure("x/README.md", error)
    assert outcome.where == "x/README.md"
    assert (outcome.status, outcome.message, outcome.line, outcome.column) == expected


def test_failure_to_write() -> None:
    outcome = failure("README.md", PermissionError(13, "Permission denied"), writing=True)
    assert outcome.message == "cannot write: Permission denied"


def test_check_show_and_sync_read_the_same_eval_results_files(repo: Path) -> None:
    """check (`expand`), show's summary rows and sync/export (`read_folder`) list a
    folder's `.eval_results` files one way: `.yaml`/`.yml` in any case, no folders."""
    from evalguard.report.results import eval_results_files
    from evalguard.validate.files import expand

    results = repo / ".eval_results"
    results.mkdir()
    for name in ("a.yaml", "B.YML", "c.yhtml", "notes.txt"):
        (results / name).write_text("[]\n", encoding="utf-8")
    (results / "d.yaml").mkdir()
    wanted = [".eval_results/B.YML", ".eval_results/a.yaml"]

    checked = [p.relative_to(repo).as_posix() for p in expand([repo])]
    assert checked == ["README.md", *wanted]
    assert list(read_folder(repo).eval_results) == wanted
    assert list(eval_results_files(repo)[0]) == wanted


def _bug(target: str) -> RepoOutcome:
    raise RuntimeError(f"request to {target} with Authorization: Bearer hf_abcdefghijklmnop")


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (OSError(2, "No such file or directory"), Status.FAILED, "cannot read: No such"),
        (None, Status.FAILED, "unexpected RuntimeError: request to o/n with Authorization"),
    ],
)
def test_guarded_turns_a_repos_exception_into_its_outcome_without_tokens(
    error: OSError | None, status: Status, message: str
) -> None:
    def work(target: str) -> RepoOutcome:
        if error is None:
            return _bug(target)
        raise error

    outcome = guarded(work, "o/n")
    assert outcome.status is status
    assert outcome.message is not None and outcome.message.startswith(message)
    assert "hf_abcdefghijklmnop" not in outcome.message
