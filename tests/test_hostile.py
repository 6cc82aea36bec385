"""Hostile and unlucky input (issue #9, D1-D16): one regression case per defect.

Most cases are rows of one table: the files of a folder (bytes), a command, the exit
code, what it must say, and the files' bytes afterwards (unchanged unless given). What
needs more than files and a command (links, owners, FIFOs, locks, the Action) follows
as small tests of its own. `../shared/repro/hostile-inputs.sh` reproduces each defect
as it was found.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evalguard.card import fileio, frontmatter
from evalguard.cli import main
from evalguard.validate import check_readme, where

TABLE = b"# m\n\n| Benchmark | m |\n|---|---|\n| MMLU | 61.3 |\n"
SYNCED_RESULT = (
    b"  - task:\n      type: text-generation\n    dataset:\n      name: MMLU\n"
    b"      type: cais/mmlu\n    metrics:\n    - type: accuracy\n      value: 61.3\n"
    b"    source:\n      name: Model README\n      url: https://huggingface.co/org/m\n"
)
SYNC = ["sync", "--model", "org/m", "README.md"]
#: a 4,400-digit integer: Python refuses to build it (sys.int_info.str_digits_check_threshold)
HUGE = b"9" * 4400


@dataclasses.dataclass(frozen=True)
class Case:
    files: dict[str, bytes]
    argv: list[str]
    code: int
    says: str
    after: dict[str, bytes] = dataclasses.field(default_factory=dict)


CASES = {
    # D1: values YAML parses but cannot build are findings / errors at their place
    "D1-date-check": Case(
        {"README.md": b"---\nlicense: mit\nlast_updated: 2024-13-45\n---\n# m\n"},
        ["check", "README.md"],
        1,
        "README.md:3:15: EG110 error: invalid YAML in front matter: cannot read 2024-13-45 "
        "as a timestamp (month must be in 1..12)",
    ),
    "D1-date-sync": Case(
        {"README.md": b"---\nlast_updated: 2024-13-45\n---\n" + TABLE},
        SYNC,
        2,
        "README.md:2:15: invalid YAML in front matter: cannot read 2024-13-45",
    ),
    "D1-eval-results-date": Case(
        {
            "README.md": b"---\nlicense: mit\n---\n",
            ".eval_results/mmlu_pro.yaml": b"- dataset: {id: TIGER-Lab/MMLU-Pro, task_id: "
            b"mmlu_pro}\n  value: 55.3\n  date: 2023-02-30\n",
        },
        ["check", "."],
        1,
        ".eval_results/mmlu_pro.yaml:3:9: EG110 error",
    ),
    "D1-huge-int": Case(
        {"README.md": b"---\nfoo: " + HUGE + b"\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:2:6: EG110 error: invalid YAML in front matter: cannot read 999",
    ),
    "D1-int-tag": Case(
        {"README.md": b"---\nfoo: !!int abc\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:2:6: EG110 error: invalid YAML in front matter: cannot read abc as an int",
    ),
    "D1-bool-tag": Case(
        {"README.md": b"---\nfoo: !!bool maybe\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:2:6: EG110 error: invalid YAML in front matter: cannot read maybe as a bool",
    ),
    "D1-timestamp-tag": Case(
        {"README.md": b"---\nfoo: !!timestamp abc\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:2:6: EG110 error",
    ),
    "D1-config": Case(
        {"README.md": b"---\nlicense: mit\n---\n", ".evalguard.yaml": b"model: !!int abc\n"},
        ["check", "README.md"],
        2,
        ".evalguard.yaml:1:8: invalid YAML in .evalguard.yaml: cannot read abc as an int",
    ),
    "D1-metric-mapping": Case(
        {"README.md": TABLE, "map.yaml": b"MMLU: !!bool maybe\n"},
        ["extract", "README.md", "--model", "org/m", "--metric-mapping", "map.yaml"],
        2,
        "map.yaml:1:7: invalid YAML in map.yaml: cannot read maybe as a bool",
    ),
    # D4: results that are no list: refused, not a TypeError
    **{
        f"D4-results-{value.decode()}": Case(
            {
                "README.md": b"---\nmodel-index:\n- name: m\n  results: "
                + value
                + b"\n---\n"
                + TABLE
            },
            SYNC,
            2,
            "README.md:4: model-index results must be a list",
        )
        for value in (b"5", b"true", b"5.5", b"0")
    },
    # D8: a comment above a flow-style results list survives the rewrite ...
    "D8-comment-kept": Case(
        {
            "README.md": b"---\nmodel-index:\n# DO NOT DELETE\n- name: m\n  results: [{task: "
            b"{type: t}, dataset: {name: H, type: h}, metrics: [{type: acc, value: 8.0}], "
            b"source: {name: L, url: 'https://x.y'}}]\n---\n" + TABLE
        },
        SYNC,
        1,
        "Fixing README.md",
        {
            "README.md": b"---\nmodel-index:\n# DO NOT DELETE\n- name: m\n  results:\n"
            b"  - task:\n      type: t\n    dataset:\n      name: H\n      type: h\n"
            b"    metrics:\n    - type: acc\n      value: 8.0\n    source:\n      name: L\n"
            b"      url: https://x.y\n" + SYNCED_RESULT + b"---\n" + TABLE
        },
    ),
    # ... and one inside the list, which cannot be kept, is reported with its line
    "D8-comment-reported": Case(
        {
            "README.md": b"---\nmodel-index:\n- name: m\n  results: [\n    # ours\n    {task: "
            b"{type: t}, dataset: {name: H, type: h}, metrics: [{type: acc, value: 8.0}]}]\n"
            b"---\n" + TABLE
        },
        SYNC,
        1,
        "README.md: note: the comment on line 5 is inside YAML sync rewrites and is dropped: "
        "# ours",
        {
            "README.md": b"---\nmodel-index:\n- name: m\n  results:\n  - task:\n      type: t\n"
            b"    dataset:\n      name: H\n      type: h\n    metrics:\n    - type: acc\n"
            b"      value: 8.0\n" + SYNCED_RESULT + b"---\n" + TABLE
        },
    ),
    # D11: a forbidden character is located on one line; U+2028 does not shift lines
    "D11-nul": Case(
        {"README.md": b"---\nlicense: mit\nlanguage:\n- en\nfoo: ab\x00c\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:5:8: EG105 error: invalid YAML in front matter: character U+0000 is not "
        "allowed (control characters are not allowed)\n",
    ),
    "D11-line-separator-place": Case(
        {"README.md": '---\na: "x\u2028y"\nlicense: nope\n---\n'.encode()},
        ["check", "README.md"],
        1,
        "README.md:3:10: EG401 error",
    ),
    "D11-line-separator-sync": Case(
        {
            "README.md": '---\ndescription: "a\u2028b"\nmodel-index:\n- name: m\n  results:\n'
            "  - task: {type: t}\n    dataset: {name: H, type: h}\n    metrics: [{type: acc, "
            "value: 8.0}]\n    source: {name: L, url: 'https://x.y'}\ntags: [a]\n---\n".encode()
            + TABLE
        },
        SYNC,
        1,
        "Fixing README.md",
        {
            "README.md": '---\ndescription: "a\u2028b"\nmodel-index:\n- name: m\n  results:\n'
            "  - task: {type: t}\n    dataset: {name: H, type: h}\n    metrics: [{type: acc, "
            "value: 8.0}]\n    source: {name: L, url: 'https://x.y'}\n".encode()
            + SYNCED_RESULT
            + b"tags: [a]\n---\n"
            + TABLE
        },
    ),
    # D12: nesting: libyaml's limit in a config, evalguard's (100) in a card
    "D12-config-deep": Case(
        {"README.md": b"---\nlicense: mit\n---\n", ".evalguard.yaml": b"model: " + b"[" * 5000},
        ["check", "README.md"],
        2,
        ".evalguard.yaml:1:1007: invalid YAML in .evalguard.yaml: exceeded maximum nesting depth",
    ),
    "D12-card-deep": Case(
        {"README.md": b"---\nfoo: " + b"[" * 150 + b"]" * 150 + b"\n---\n"},
        ["check", "README.md"],
        1,
        "README.md:2:105: EG105 error: front matter nests more than 100 levels deep",
    ),
    # D14: a doubled BOM before the front matter: read as the Hub reads it (its `^\s*---`
    # is JavaScript's, whose \s matches U+FEFF), reported, and synced in place
    "D14-check": Case(
        {"README.md": b"\xef\xbb\xbf\xef\xbb\xbf---\nlicense: mit\n---\n" + TABLE},
        ["check", "README.md"],
        0,
        "README.md:1:2: EG102 warning: front matter starts after a second byte-order mark",
    ),
    "D14-sync": Case(
        {"README.md": b"\xef\xbb\xbf\xef\xbb\xbf---\nlicense: mit\n---\n" + TABLE},
        SYNC,
        1,
        "Fixing README.md",
        {
            "README.md": b"\xef\xbb\xbf\xef\xbb\xbf---\nlicense: mit\nmodel-index:\n- name: m\n"
            b"  results:\n" + SYNCED_RESULT + b"---\n" + TABLE
        },
    ),
    # D15: CR-only line endings are read (the Hub reads them), and written back as CR
    "D15-check": Case(
        {"README.md": b"---\rlicense: mit\r---\r# m\r"},
        ["check", "README.md"],
        0,
        "",
    ),
    "D15-sync": Case(
        {"README.md": (b"---\nlicense: mit\n---\n" + TABLE).replace(b"\n", b"\r")},
        SYNC,
        1,
        "Fixing README.md",
        {
            "README.md": (
                b"---\nlicense: mit\nmodel-index:\n- name: m\n  results:\n"
                + SYNCED_RESULT
                + b"---\n"
                + TABLE
            ).replace(b"\n", b"\r")
        },
    ),
    # D16: an anchor inside the rewritten results, aliased outside model-index
    "D16-anchor": Case(
        {
            "README.md": b"---\nmodel-index:\n- name: m\n  results:\n  - task: &t {type: "
            b"text-generation}\n    dataset: {name: MMLU, type: cais/mmlu}\n    metrics: [{type: "
            b"accuracy, value: 1.0}]\n    source: {name: Model README, url: "
            b'"https://huggingface.co/org/m"}\nextra: *t\n---\n' + TABLE
        },
        SYNC,
        2,
        "README.md:5:11: refusing to write: the anchor &t is defined inside what sync "
        "rewrites and used elsewhere (*t)",
    ),
    "D16-check-says-so": Case(
        {
            "README.md": b"---\nmodel-index:\n- name: m\n  results:\n  - task: &t {type: "
            b"text-generation}\n    dataset: {name: MMLU, type: cais/mmlu}\n    metrics: [{type: "
            b"accuracy, value: 1.0}]\n    source: {name: Model README, url: "
            b'"https://huggingface.co/org/m"}\nextra: *t\n---\n' + TABLE
        },
        ["check", "README.md"],
        1,  # EG501 too: the table says 61.3, the README result 1.0
        "README.md:5:11: EG307 warning: model-index defines the anchor &t, which *t on line 9 "
        "uses outside model-index: evalguard sync cannot rewrite the result that holds it",
    ),
    # Found by bench/fuzz.py (atheris): `<![word` in an HTML table made Python's HTML
    # parser raise AssertionError out of every command that reads tables
    "fuzz-html-marked-section": Case(
        {
            "README.md": b"# m\n\n<table><tr><th>Benchmark</th><th>m</th></tr>\n<![dget x]>\n"
            b"<tr><td>MMLU</td><td>61.3</td></tr></table>\n"
        },
        ["check", "README.md"],
        0,
        "README.md:5:18: EG502 warning: MMLU (accuracy): the README table's score 61.3",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_case(in_tmp: Path, capsys: pytest.CaptureFixture[str], case: Case) -> None:
    for name, data in case.files.items():
        (in_tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (in_tmp / name).write_bytes(data)
    assert main(case.argv) == case.code
    out = capsys.readouterr()
    assert case.says in out.out + out.err
    for line in (out.out + out.err).splitlines():
        assert not line.startswith(("Traceback", "  File")), line
    for name, data in {**case.files, **case.after}.items():
        assert (in_tmp / name).read_bytes() == data, name
    leftovers = [p.name for p in in_tmp.rglob(f"*{fileio.TEMP_SUFFIX}")]
    assert leftovers == []


def test_d15_sync_is_idempotent_with_cr_lines(in_tmp: Path) -> None:
    (in_tmp / "README.md").write_bytes((b"---\nlicense: mit\n---\n" + TABLE).replace(b"\n", b"\r"))
    assert main(SYNC) == 1
    once = (in_tmp / "README.md").read_bytes()
    assert main(SYNC) == 0
    assert (in_tmp / "README.md").read_bytes() == once


# --- D2: a card is split into lines once, not once per finding ---------------------------


def test_d2_findings_are_placed_with_one_split(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"| Bench{i} | {i}.5 |\n" for i in range(300))
    card = f"---\nlicense: mit\n---\n# m\n\n| Benchmark | m |\n|---|---|\n{rows}".encode()
    built = []
    original = where.Clamp.__init__

    def counting(self: where.Clamp, text: str) -> None:
        built.append(len(text))
        original(self, text)

    monkeypatch.setattr(where.Clamp, "__init__", counting)
    findings = check_readme(card, "README.md")
    assert len(findings) >= 300  # EG502 for every row
    assert len(built) == 1


# --- D3: aliases are bounded by what they add, never the document's honest size ---------


def test_d3_an_honest_document_is_not_an_alias_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frontmatter, "MAX_ALIAS_EXPANSION", 50)
    honest = "".join(f"k{i}: [a, b, c]\n" for i in range(100)).encode()  # 500 nodes
    assert check_readme(b"---\n" + honest + b"---\n", "README.md") == []
    bomb = b"---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a]\n---\n"
    [finding] = check_readme(bomb, "README.md")
    assert (finding.rule, finding.line, finding.column) == ("EG108", 2, 4)
    assert "grows by more than 50 values through aliases" in finding.message


def test_d3_sync_never_refuses_its_own_output(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(frontmatter, "MAX_ALIAS_EXPANSION", 10)
    names = " | ".join(f"B{i}" for i in range(200))
    scores = " | ".join(f"{i % 90 + 1}.5" for i in range(200))
    card = f"---\nlicense: mit\n---\n# m\n\n| Model | {names} |\n|---|{'---|' * 200}\n"
    (in_tmp / "README.md").write_text(card + f"| m | {scores} |\n")
    assert main(SYNC) == 1, capsys.readouterr().err
    assert (in_tmp / "README.md").read_text().count("name: Model README") == 200
    assert b"&" not in (in_tmp / "README.md").read_bytes().split(b"\n---\n")[0]


# --- D5: symbolic links -----------------------------------------------------------------


def test_d5_sync_writes_through_a_link_with_the_links_config(in_tmp: Path) -> None:
    (in_tmp / "repo").mkdir()
    (in_tmp / "shared").mkdir()
    card = b"---\nlicense: mit\n---\n# m\n\n| Benchmark | m | other |\n|---|---|---|\n"
    (in_tmp / "shared" / "card.md").write_bytes(card + b"| MMLU | 61.3 | 50.0 |\n")
    (in_tmp / "shared" / ".evalguard.yaml").write_text("model: org/other\ncolumn: other\n")
    (in_tmp / "repo" / ".evalguard.yaml").write_text("model: org/m\n")
    (in_tmp / "repo" / "README.md").symlink_to("../shared/card.md")
    os.chdir(in_tmp / "repo")
    assert main(["sync", "README.md"]) == 1
    assert (in_tmp / "repo" / "README.md").is_symlink()
    target = (in_tmp / "shared" / "card.md").read_text()
    assert "value: 61.3" in target  # the column of org/m, the link folder's model
    assert "value: 50.0" not in target


def test_d5_a_symlink_loop_is_one_line(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "README.md").symlink_to("README.md")
    assert main(["check", "README.md"]) == 2
    assert main(["sync", "--model", "org/m", "README.md"]) == 2
    assert main(["check", "."]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["README.md: cannot read: Too many levels of symbolic links"] * 3


# --- D6: whose file it is ---------------------------------------------------------------

CARD = b"---\nlicense: mit\n---\n" + TABLE


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_d6_owner_group_and_mode_are_kept(in_tmp: Path) -> None:
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    os.chown(readme, 1234, 2345)
    readme.chmod(0o640)
    assert main(SYNC) == 1
    st = readme.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)


def test_d6_a_read_only_card_is_refused(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    readme.chmod(0o444)
    assert main(SYNC) == 2
    assert "README.md: cannot write: read-only file (mode 0444)" in capsys.readouterr().err
    assert readme.read_bytes() == CARD
    assert stat.S_IMODE(readme.stat().st_mode) == 0o444


def test_d6_a_hard_linked_card_is_refused(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    os.link(readme, in_tmp / "copy.md")
    assert main(SYNC) == 2
    assert "it has 2 hard links; replacing it would leave the other names" in (
        capsys.readouterr().err
    )
    assert readme.read_bytes() == (in_tmp / "copy.md").read_bytes() == CARD


def test_d6_new_export_files_follow_the_umask(in_tmp: Path) -> None:
    (in_tmp / "README.md").write_bytes(
        b"---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n"
        b"    dataset: {name: MMLU-Pro, type: TIGER-Lab/MMLU-Pro}\n"
        b"    metrics: [{type: accuracy, value: 55.3}]\n---\n"
    )
    old = os.umask(0o022)
    try:
        assert main(["export", "--apply", "README.md"]) == 1
    finally:
        os.umask(old)
    [written] = (in_tmp / ".eval_results").iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o644


# --- D7: concurrent writers ---------------------------------------------------------------


def test_d7_an_edit_made_while_sync_plans_is_not_overwritten(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves between sync's read and its write: sync plans again from the
    editor's bytes, so both changes are in the file."""
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    from evalguard.results import sync

    real_plan = sync.plan_sync
    calls = []

    def editor_saves_meanwhile(data: bytes, *args: object, **kwargs: object) -> object:
        calls.append(data)
        if len(calls) == 1:
            readme.write_bytes(CARD.replace(b"license: mit", b"license: apache-2.0"))
        return real_plan(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "plan_sync", editor_saves_meanwhile)
    assert main(SYNC) == 1
    text = readme.read_text()
    assert "license: apache-2.0" in text
    assert "value: 61.3" in text
    assert len(calls) == 2


def test_d7_a_file_that_keeps_changing_is_left_alone(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    from evalguard.results import sync

    real_plan = sync.plan_sync

    def editor_saves_each_time(data: bytes, *args: object, **kwargs: object) -> object:
        readme.write_bytes(data + b"\nedited\n")
        return real_plan(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "plan_sync", editor_saves_each_time)
    assert main(SYNC) == 2
    assert "README.md changed since evalguard read it; nothing written" in capsys.readouterr().err
    assert b"model-index" not in readme.read_bytes()


def test_d7_a_second_sync_waits_for_the_first(in_tmp: Path) -> None:
    """The card is locked from reading to writing: a second evalguard blocks until the
    first has written, then reads what it wrote."""
    readme = in_tmp / "README.md"
    readme.write_bytes(CARD)
    with fileio.editing(readme) as held:
        other = subprocess.Popen(
            [sys.executable, "-m", "evalguard", *SYNC],
            cwd=in_tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(1.5)
        assert other.poll() is None  # waiting for the lock
        held.replace(CARD.replace(b"license: mit", b"license: apache-2.0"))
    out, err = other.communicate(timeout=60)
    assert other.returncode == 1, err
    assert out == b"Fixing README.md\n"
    text = readme.read_text()
    assert "license: apache-2.0" in text and "value: 61.3" in text


# --- D9: card text cannot issue workflow commands or drive the terminal -------------------

INJECTING = (
    b'---\nbase_model: "a/b\\n::error file=x.py,line=1::injected"\nmodel-index:\n- name: m\n'
    b"  results:\n  - task: {type: text-generation}\n    dataset: {name: MMLU, type: cais/mmlu}\n"
    b'    metrics: [{type: accuracy, value: 99.9}]\n    source: {name: "L\\n::warning::inj", '
    b'url: "https://x.y"}\n---\n# m\n\n| Benchmark | m |\n|---|---|\n| GSM8K \x1b[8mx | 61.3 |\n'
    b"| MMLU | 61.3 |\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "text", "README.md"],
        ["check", "--format", "github", "README.md"],
        ["show", "README.md"],
        ["show", "--format", "markdown", "README.md"],
        SYNC,
        ["extract", "--model", "org/m", "README.md"],
    ],
    ids=lambda argv: " ".join(argv[:3]),
)
def test_d9_no_card_text_starts_a_line_or_reaches_the_terminal(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    (in_tmp / "README.md").write_bytes(INJECTING)
    main(argv)
    out = capsys.readouterr()
    for line in (out.out + out.err).splitlines():
        assert not line.lstrip().startswith("::") or line.startswith(("::error file=", "::warn"))
        assert "injected" not in line or not line.startswith("::error file=x.py")
        assert "\x1b" not in line


def test_d9_the_job_summary_renders_no_image_or_link() -> None:
    from evalguard.report.results import markdown_cell

    cell = markdown_cell("![img](https://evil.example/p.png) [x](http://a) www.b.com `c` <i>")
    assert "![" not in cell and "](" not in cell.replace("\\](", "")
    assert "https://" not in cell and "http://" not in cell and "www." not in cell
    assert "<i>" not in cell and "\\`c\\`" in cell


# --- D10: only regular files, of bounded size ---------------------------------------------


@pytest.mark.parametrize(
    ("make", "argv", "says"),
    [
        (os.mkfifo, ["check", "README.md"], "is a FIFO (named pipe)"),
        (lambda p: p.symlink_to("/dev/zero"), ["check", "."], "is a character device"),
        (lambda p: p.symlink_to("/dev/zero"), SYNC, "is a character device"),
        (
            lambda p: p.write_bytes(CARD),
            ["extract", "README.md", "--model", "org/m", "--metric-mapping", "/dev/zero"],
            "/dev/zero: cannot read: is a character device",
        ),
    ],
    ids=["fifo", "dev-zero-check", "dev-zero-sync", "dev-zero-mapping"],
)
def test_d10_special_files_are_refused_at_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], make: object, argv: list[str], says: str
) -> None:
    make(in_tmp / "README.md")  # type: ignore[operator]
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_d10_size_cap(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "MAX_BYTES", 100)
    (in_tmp / "README.md").write_bytes(CARD + b"x" * 100)
    with pytest.raises(OSError, match="larger than 0 MiB"):
        fileio.read_file(in_tmp / "README.md", limit=100)


# --- temp files and the folder's fsync ----------------------------------------------------


def test_the_temp_file_has_no_name_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed mid-write, nothing is left: the data goes into a nameless file (Linux's
    O_TMPFILE), which gets a name only once complete and flushed."""
    if not sys.platform.startswith("linux"):
        pytest.skip("O_TMPFILE is Linux's")
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    seen = []
    real_fill = fileio._fill

    def watching(fd: int, data: bytes, like: os.stat_result | None) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        real_fill(fd, data, like)

    monkeypatch.setattr(fileio, "_fill", watching)
    fileio.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    if not fileio._tmpfile["links"]:
        pytest.skip("this kernel (or sandbox) cannot link an O_TMPFILE file into place")
    assert seen == [["README.md"]]


def test_stale_temp_files_of_ours_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    (tmp_path / f".README.md.1a2b3c4d{fileio.TEMP_SUFFIX}").write_bytes(b"half")
    (tmp_path / f".other.md.1a2b3c4d{fileio.TEMP_SUFFIX}").write_bytes(b"not ours to judge")
    fileio.write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".other.md.1a2b3c4d{fileio.TEMP_SUFFIX}",
        "README.md",
    ]


def test_the_folder_is_flushed_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[bool] = []
    real_fsync = os.fsync

    def recording(fd: int) -> None:
        flushed.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    fileio.write_atomic(tmp_path / "first.md", b"new")  # learns whether O_TMPFILE links
    monkeypatch.setattr(os, "fsync", recording)
    fileio.write_atomic(tmp_path / "README.md", b"new")
    assert flushed == [False, True]  # the file, then its folder


def test_a_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    monkeypatch.setattr(fileio, "LOCK_TIMEOUT", 0.2)
    busy = "another evalguard process has been writing it"
    with fileio.editing(target), pytest.raises(OSError, match=busy), fileio.editing(target):
        pytest.fail("the second editing() got the lock")


# --- D13: the Action's paths and settings -------------------------------------------------


def _action_env(workspace: Path, scratch: Path) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(scratch / "out"),
        "GITHUB_STEP_SUMMARY": str(scratch / "summary"),
        "EG_COMMAND": "check",
    }


@pytest.mark.parametrize(
    ("paths", "sarif", "message"),
    [
        ("../**/README.md", "", "paths: ../outside/README.md is outside the workspace"),
        ("../outside/README.md", "", "paths: ../outside/README.md is outside the workspace"),
        ('"nl\nname/README.md"', "", "paths: 'nl\\nname/README.md' has a control character"),
        ("'models/[*'", "", "paths: no model card matches the pattern 'models/[*'"),
        ("README.md", "README.md", "sarif-file: README.md is a model card"),
        ("README.md", "../x.sarif", "sarif-file: ../x.sarif is outside the workspace"),
    ],
)
def test_d13_action_paths_stay_in_the_workspace(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    paths: str,
    sarif: str,
    message: str,
) -> None:
    from evalguard.action import step

    workspace = tmp_path / "ws"
    (tmp_path / "outside").mkdir(parents=True)
    (tmp_path / "outside" / "README.md").write_bytes(b"---\nlicense: nope\n---\n")
    (workspace / "nl\nname").mkdir(parents=True)
    (workspace / "nl\nname" / "README.md").write_bytes(CARD)
    (workspace / "README.md").write_bytes(CARD)
    monkeypatch.chdir(workspace)
    env = {**_action_env(workspace, tmp_path), "EG_PATHS": paths, "EG_SARIF_FILE": sarif}
    assert step.main(env) == 2
    assert f"::error title=evalguard::{message}" in capsys.readouterr().out
    assert (workspace / "README.md").read_bytes() == CARD


def test_d13_a_name_with_a_bracket_is_taken_literally(tmp_path: Path) -> None:
    from evalguard.action.inputs import Settings
    from evalguard.action.paths import resolve_paths

    (tmp_path / "v[2]").mkdir()
    (tmp_path / "v[2]" / "README.md").write_bytes(CARD)
    settings = Settings("check", paths=("v[2]",))
    assert resolve_paths(settings, tmp_path) == ["v[2]/README.md"]


def test_d1_the_action_reports_every_card_when_one_has_an_unbuildable_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from evalguard.action import step

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "README.md").write_bytes(b"---\nlast_updated: 2024-13-45\n---\n# a\n")
    (tmp_path / "b" / "README.md").write_bytes(b"---\nlicense: not-a-license\n---\n# b\n")
    monkeypatch.chdir(tmp_path)
    assert step.main(_action_env(tmp_path, tmp_path)) == 1
    out = capsys.readouterr().out
    assert "::error file=a/README.md,line=2,col=15,title=EG110::" in out
    assert "::error file=b/README.md,line=2,col=10,title=EG401::" in out
    assert "error-count=2" in (tmp_path / "out").read_text()
    assert "EG110" in (tmp_path / "summary").read_text()
