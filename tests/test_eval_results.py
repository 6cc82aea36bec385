"""The `.eval_results` model: export entries from model-index, merge into files."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from evalguard.card.eval_results import ExportRefused, entries, export_entries, merge
from evalguard.catalog import builtin_catalog
from evalguard.errors import CardError

URL = "https://huggingface.co/org/tiny-model"


def result(name: str, dtype: str, metrics: list[dict[str, Any]], source: Any = None) -> Any:
    out: dict[str, Any] = {
        "task": {"type": "text-generation"},
        "dataset": {"name": name, "type": dtype},
        "metrics": metrics,
    }
    if source is not None:
        out["source"] = source
    return out


README = {"name": "Model README", "url": URL}


@pytest.mark.parametrize(
    ("results", "files", "skipped"),
    [
        (
            [result("MMLU-Pro", "TIGER-Lab/MMLU-Pro", [{"type": "accuracy", "value": 55.3}],
                    README)],
            {"mmlu_pro.yaml": [{"dataset": {"id": "TIGER-Lab/MMLU-Pro", "task_id": "mmlu_pro"},
                                "value": 55.3, "source": README | {}}]},
            [],
        ),
        (   # no source: no source key; several metrics: the usual one
            [result("GSM8K", "openai/gsm8k", [{"type": "exact_match", "value": 61.0},
                                              {"type": "accuracy", "value": 60.0}])],
            {"gsm8k.yaml": [{"dataset": {"id": "openai/gsm8k", "task_id": "main"},
                             "value": 61.0}]},
            [],
        ),
        (   # one entry per source
            [result("HLE", "cais/hle", [{"type": "accuracy", "value": 5.2}], README),
             result("HLE", "cais/hle", [{"type": "accuracy", "value": 5.0}],
                    {"name": "Artificial Analysis", "url": "https://artificialanalysis.ai/"})],
            {"hle.yaml": [
                {"dataset": {"id": "cais/hle", "task_id": "hle"}, "value": 5.0,
                 "source": {"url": "https://artificialanalysis.ai/",
                            "name": "Artificial Analysis"}},
                {"dataset": {"id": "cais/hle", "task_id": "hle"}, "value": 5.2,
                 "source": {"url": URL, "name": "Model README"}},
            ]},
            [],
        ),
        (
            [result("Foo", "foo/bar", [{"type": "accuracy", "value": 1.0}]),
             result("HLE", "cais/hle", [{"type": "accuracy", "value": "5%"}]),
             result("GSM8K", "openai/gsm8k", [{"type": "f1", "value": 1.0},
                                              {"type": "em", "value": 2.0}]),
             result("MMLU", "cais/mmlu", [{"type": "accuracy", "value": 61.0}])],
            {},
            ["Foo: no Hub benchmark dataset id and task id known",
             "MMLU: dataset cais/mmlu, but no Hub benchmark task id known for it",
             "GSM8K: several metrics (em, f1); cannot tell which one",
             "Humanity's Last Exam: value '5%' is not a number"],
        ),
    ],
)  # fmt: skip
def test_export_entries(results: list[Any], files: dict[str, Any], skipped: list[str]) -> None:
    plan = export_entries([{"name": "tiny-model", "results": results}], builtin_catalog())
    assert plan.files == files
    assert sorted(plan.skipped) == sorted(skipped)


NEW = {"dataset": {"id": "TIGER-Lab/MMLU-Pro", "task_id": "mmlu_pro"}, "value": 55.3,
       "source": {"url": URL, "name": "Model README"}}  # fmt: skip
OTHER = (
    "# results from the leaderboard\n"
    "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n"
    "  value: 50.10   # as published\n"
    "  source:\n    url: https://huggingface.co/datasets/OpenEvals/leaderboard-data\n"
    "    name: OpenEvals\n"
)
OURS_OLD = (
    "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 54.0  # old\n"
    f"  source:\n    url: {URL}\n    name: Model README\n"
)


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (None, yaml.safe_dump([NEW], sort_keys=False)),
        ("[]\n", yaml.safe_dump([NEW], sort_keys=False)),
        (OTHER, OTHER + yaml.safe_dump([NEW], sort_keys=False)),
        (OTHER.rstrip("\n"), OTHER + yaml.safe_dump([NEW], sort_keys=False)),
        (OURS_OLD, OURS_OLD.replace("54.0", "55.3")),
        (OTHER + OURS_OLD, OTHER + OURS_OLD.replace("54.0", "55.3")),
    ],
    ids=["new-file", "empty-list", "append-after-other-source", "no-final-newline",
         "value-replaced-in-place", "only-ours-changes"],
)  # fmt: skip
def test_merge(existing: str | None, expected: str) -> None:
    out = merge(existing.encode() if existing is not None else None, [NEW])
    assert out is not None
    assert out.decode() == expected


def test_merge_is_idempotent_and_keeps_crlf_and_bom() -> None:
    old = ("\ufeff" + OTHER.replace("\n", "\r\n")).encode()
    once = merge(old, [NEW])
    assert once is not None
    assert once.startswith("\ufeff".encode())
    assert b"\r\n" in once and b"\n" not in once.replace(b"\r\n", b"")
    assert merge(once, [NEW]) is None
    assert len(entries(yaml.safe_load(once.decode("utf-8-sig")))) == 2


@pytest.mark.parametrize(
    ("existing", "error"),
    [
        ("- dataset: [unclosed\n", CardError),
        ("dataset:\n  id: a/b\n", ExportRefused),
        (b"- value: caf\xe9\n", CardError),
    ],
)
def test_merge_refuses_files_it_cannot_read(existing: str | bytes, error: type[Exception]) -> None:
    data = existing if isinstance(existing, bytes) else existing.encode()
    with pytest.raises(error):
        merge(data, [NEW])
