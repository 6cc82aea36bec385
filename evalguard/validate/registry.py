"""Every rule `evalguard check` reports: id, severity, what it means, an example that
triggers it, and how it relates to what the Hub itself accepts.

Rule ids are stable: a rule may be retired but its id is never reused. Families:
EG1xx reading the card / YAML, EG2xx model-index schema, EG3xx model-index semantics,
EG4xx other front-matter keys, EG5xx README tables vs metadata, EG6xx `.eval_results`
files, EG9xx the Hub's own validator (`--hub-validate`).

`hub` says why a rule has its severity. An error that huggingface_hub's client accepts
must say where the Hub is stricter (citing shared/reference/hub-error-messages.md);
a test holds every rule to that.
"""

from __future__ import annotations

from dataclasses import dataclass

from evalguard.validate.findings import Finding, Severity

README = "README.md"
EVAL_FILE = ".eval_results/mmlu_pro.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    #: a file that triggers the rule (checked by the tests), and its name
    example: str
    example_file: str = README
    #: how the rule relates to what the Hub and huggingface_hub accept
    hub: str = ""
    #: the example's encoding (only the not-UTF-8 rule uses another)
    example_encoding: str = "utf-8"
    #: a README.md beside the example's `.eval_results/` folder, when the rule needs one
    beside: str = ""

    def finding(
        self,
        file: str,
        line: int,
        column: int,
        message: str,
        *,
        hint: str | None = None,
        yaml_path: str | None = None,
    ) -> Finding:
        return Finding(file, line, column, self.id, self.severity, message, hint, yaml_path)


_MI_HEAD = "---\nmodel-index:\n- name: tiny-model\n  results:\n"
_RESULT = (
    "  - task:\n      type: text-generation\n"
    "    dataset:\n      name: MMLU\n      type: cais/mmlu\n"
)
_TABLE = "# tiny-model\n\n| Benchmark | tiny-model |\n|---|---|\n| MMLU | 61.3 |\n"
_README_SOURCE = (
    "    source:\n      name: Model README\n      url: https://huggingface.co/org/tiny-model\n"
)

_CLIENT_REJECTS = "huggingface_hub's model_index_to_eval_results rejects it too"
_TYPES = (
    "stricter than huggingface_hub's client, as the Hub is: its validator type-checks "
    'metadata fields ("model-index[0].results[0].dataset.config" must be a string; '
    '"...metrics" must be an array — hub-error-messages.md)'
)
_ADVISORY = "advisory: the Hub accepts it; a warning, so `--strict` decides"

_RULES = [
    # -- EG1xx: reading the card ---------------------------------------------------------
    Rule(
        "EG101",
        "error",
        "front matter opens with `---` but is never closed",
        "---\nlicense: mit\n# tiny-model\n",
        hub="the Hub reads metadata only from a closed `---` block: none of it is used",
    ),
    Rule(
        "EG102",
        "error",
        "front matter does not start on the first line",
        "\n---\nlicense: mit\n---\n# tiny-model\n",
        hub="the Hub reads front matter only when `---` is the very first line",
    ),
    Rule(
        "EG103",
        "error",
        "the file is not UTF-8",
        "---\nlicense: mit\n---\n# café\n",
        example_encoding="latin-1",
        hub="the Hub expects UTF-8 model cards",
    ),
    Rule(
        "EG104",
        "error",
        "a key appears twice in one mapping",
        "---\nlicense: mit\nlicense: apache-2.0\n---\n",
        hub="PyYAML (and so huggingface_hub) silently keeps the last value, so one of the "
        "two is lost; stricter than the client on purpose",
    ),
    Rule(
        "EG105",
        "error",
        "YAML syntax error",
        "---\nlicense: [mit\n---\n",
        hub="the Hub rejects metadata it cannot parse",
    ),
    Rule(
        "EG106",
        "error",
        "a YAML tag the Hub refuses (`!!python/tuple`, ...)",
        "---\ntags: !!python/tuple [a, b]\n---\n",
        hub="rejected by the Hub: `Invalid YAML in README.md: unknown tag "
        "!<tag:yaml.org,2002:python/tuple>` (hub-error-messages.md)",
    ),
    Rule(
        "EG107",
        "error",
        "front matter is not a mapping of keys to values",
        "---\n- license: mit\n---\n",
        hub="card metadata is a mapping; huggingface_hub's ModelCard refuses anything else",
    ),
    Rule(
        "EG108",
        "error",
        "recursive alias, or aliases that expand into an enormous document (alias bomb)",
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
        hub="a denial of service for any reader; evalguard stops when aliases add 200,000 values",
    ),
    Rule(
        "EG109",
        "error",
        "a value YAML can parse but not build (an impossible date, an integer of thousands "
        "of digits, `!!int abc`)",
        "---\nlicense: mit\nlast_updated: 2024-13-45\n---\n",
        hub="huggingface_hub reads metadata with yaml.safe_load, which raises on it "
        "(ValueError: month must be in 1..12): no client can read the card's metadata",
    ),
    # -- EG2xx: model-index schema -------------------------------------------------------
    Rule(
        "EG201",
        "error",
        "a required model-index field is missing",
        _MI_HEAD + "  - task:\n      type: text-generation\n"
        "    metrics:\n    - type: accuracy\n      value: 61.3\n---\n",
        hub=_CLIENT_REJECTS + ' (KeyError); the Hub says `"model-index[0].results" is required`',
    ),
    Rule(
        "EG202",
        "error",
        "a model-index field has the wrong type",
        _MI_HEAD
        + _RESULT.replace("cais/mmlu\n", "cais/mmlu\n      config: 2022\n")
        + "    metrics:\n    - type: accuracy\n      value: 61.3\n---\n",
        hub=_TYPES,
    ),
    Rule(
        "EG203",
        "error",
        "a metric value is not a number or a string (null, true/false, a list, a mapping)",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value:\n---\n",
        hub=_TYPES + "; the model-index spec marks `value` required, and a null, boolean "
        "or list is no score (whether the Hub type-checks `value` itself is not verified)",
    ),
    Rule(
        "EG204",
        "error",
        "`source.name` without `source.url`",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: 61.3\n"
        "    source:\n      name: Model README\n---\n",
        hub=_CLIENT_REJECTS + " (EvalResult: source_name requires source_url)",
    ),
    Rule(
        "EG205",
        "error",
        "model-index is an empty list",
        "---\nmodel-index: []\n---\n",
        hub=_CLIENT_REJECTS + " (`model_index` must be a non-empty list)",
    ),
    Rule(
        "EG206",
        "warning",
        "a model-index entry has no results, or a result no metrics",
        _MI_HEAD.replace("  results:\n", "  results: []\n") + "---\n",
        hub=_ADVISORY + " (Trainer cards often carry `results: []`)",
    ),
    # -- EG3xx: model-index semantics ----------------------------------------------------
    Rule(
        "EG301",
        "warning",
        "a metric value is NaN or infinite",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: .nan\n---\n",
        hub=_ADVISORY,
    ),
    Rule(
        "EG302",
        "warning",
        "scores of one kind mix the 0-1 and 0-100 scales",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: 61.3\n"
        "  - task:\n      type: text-generation\n    dataset:\n      name: ARC\n"
        "      type: allenai/ai2_arc\n    metrics:\n    - type: accuracy\n      value: 0.5812\n"
        "  - task:\n      type: text-generation\n    dataset:\n      name: HellaSwag\n"
        "      type: Rowan/hellaswag\n    metrics:\n    - type: accuracy\n      value: 80.2\n"
        "---\n",
        hub=_ADVISORY,
    ),
    Rule(
        "EG303",
        "warning",
        "the same metric twice in one result, with different values",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: 61.3\n"
        "    - type: accuracy\n      value: 59.0\n---\n",
        hub=_ADVISORY + "; readers keep one of the two values",
    ),
    Rule(
        "EG304",
        "warning",
        "`dataset.type` does not look like a Hub dataset id",
        _MI_HEAD
        + _RESULT.replace("type: cais/mmlu", "type: MMLU (5-shot)")
        + "    metrics:\n    - type: accuracy\n      value: 61.3\n---\n",
        hub=_ADVISORY + "; EvalResult documents dataset_type as a Hub dataset id",
    ),
    Rule(
        "EG305",
        "warning",
        "the model-index `name` does not look like the model the card is about",
        "---\nmodel-index:\n- name: other-model-v1\n  results: []\n---\n# tiny-model-v2\n",
        hub=_ADVISORY + "; leaderboards list the results under this name",
    ),
    Rule(
        "EG306",
        "warning",
        "a metric value is text with no number in it",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: XX.XX\n---\n",
        hub=_ADVISORY + "; huggingface_hub documents string values such as `20.0 ± 1.2`",
    ),
    # -- EG4xx: other front-matter keys --------------------------------------------------
    Rule(
        "EG401",
        "error",
        "`license` is not a license id the Hub knows",
        "---\nlicense: cc-by-sa 4.0\n---\n",
        hub='rejected by the Hub: `"license" must be one of [...]` (the check is confirmed '
        "in hub-docs#281, hub-docs#1755, spacy-huggingface-hub#3; hub-error-messages.md)",
    ),
    Rule(
        "EG402",
        "warning",
        "`pipeline_tag` is not a task the Hub knows",
        "---\npipeline_tag: text-generator\n---\n",
        hub=_ADVISORY + " (a Hub rejection is not verified); the model gets no widget",
    ),
    Rule(
        "EG403",
        "error",
        "`base_model` is not a Hub model id (a local path, a URL, not a string)",
        "---\nbase_model: /home/me/checkpoints/llama\n---\n",
        hub='rejected by the Hub: `"base_model" with value "<a local path>" is not valid.` '
        "(hub-error-messages.md)",
    ),
    Rule(
        "EG404",
        "error",
        "a `datasets` entry is not a Hub dataset id (a local path, a mapping, ...)",
        "---\ndatasets:\n- /var/hf/images/\n---\n",
        hub='rejected by the Hub: `"datasets[0]" with value "/var/hf/images/" is not valid. '
        "If possible, use a dataset id from https://hf.co/datasets.` (hub-error-messages.md)",
    ),
    # -- EG5xx: README tables vs metadata ------------------------------------------------
    Rule(
        "EG501",
        "error",
        "a README table score differs from its model-index result (source: the README)",
        _MI_HEAD
        + _RESULT
        + "    metrics:\n    - type: accuracy\n      value: 60.1\n"
        + _README_SOURCE
        + "---\n"
        + _TABLE,
        hub="evalguard's own rule: the table and the metadata must agree; `evalguard sync` "
        "fixes it",
    ),
    Rule(
        "EG502",
        "warning",
        "a README table score has no model-index result at all",
        "---\nlicense: mit\n---\n" + _TABLE,
        hub="evalguard's own rule; `evalguard sync` adds the result",
    ),
    Rule(
        "EG503",
        "warning",
        "a README table score disagrees with another source's result for that benchmark",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: 58.0\n"
        "    source:\n      name: Open LLM Leaderboard\n"
        "      url: https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard\n"
        "---\n" + _TABLE,
        hub="evalguard's own rule; `evalguard sync` keeps both and adds the table's",
    ),
    Rule(
        "EG504",
        "warning",
        "a model-index result from the README is in no README table any more",
        _MI_HEAD
        + _RESULT
        + "    metrics:\n    - type: accuracy\n      value: 61.3\n"
        + _README_SOURCE
        + "  - task:\n      type: text-generation\n    dataset:\n      name: ARC\n"
        "      type: allenai/ai2_arc\n    metrics:\n    - type: accuracy\n      value: 55.0\n"
        + _README_SOURCE
        + "---\n"
        + _TABLE,
        hub="evalguard's own rule; `evalguard sync` removes the stale result",
    ),
    # -- EG6xx: .eval_results files ------------------------------------------------------
    Rule(
        "EG601",
        "error",
        "an `.eval_results` file is not a list of entries",
        "dataset:\n  id: TIGER-Lab/MMLU-Pro\n  task_id: mmlu_pro\nvalue: 55.3\n",
        EVAL_FILE,
        hub="huggingface_hub's parse_eval_result_entries reads a list of mappings",
    ),
    Rule(
        "EG602",
        "error",
        "an entry field is missing or has the wrong type",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n  value: 55.3\n",
        EVAL_FILE,
        hub="huggingface_hub's parse_eval_result_entries rejects a missing dataset.id, "
        "dataset.task_id or value (KeyError); hub-docs eval-results.md marks them Required",
    ),
    Rule(
        "EG603",
        "error",
        "`dataset.id` is not a Hub dataset id `owner/name`",
        "- dataset:\n    id: mmlu_pro\n    task_id: mmlu_pro\n  value: 55.3\n",
        EVAL_FILE,
        hub="hub-docs eval-results.md: `dataset.id` must be a Benchmark dataset repo "
        "(an owner/name id)",
    ),
    Rule(
        "EG604",
        "error",
        "`dataset.task_id` is empty",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: ''\n  value: 55.3\n",
        EVAL_FILE,
        hub="hub-docs eval-results.md: task_id is Required, the id of a task in the "
        "benchmark's eval.yaml",
    ),
    Rule(
        "EG605",
        "error",
        "`value` is not a number",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: '55.3%'\n",
        EVAL_FILE,
        hub="leaderboards rank numbers; hub-docs eval-results.md: `value` is the metric value",
    ),
    Rule(
        "EG606",
        "error",
        "`date` is not an ISO-8601 date or datetime string",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  date: 17/09/2026\n",
        EVAL_FILE,
        hub="hub-docs eval-results.md: date is an ISO-8601 date or datetime string "
        "(unquoted, YAML reads 2026-09-17 as a date object, not a string)",
    ),
    Rule(
        "EG607",
        "error",
        "`source.name`, `source.user` or `source.org` without `source.url`",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  source:\n    name: Eval logs\n",
        EVAL_FILE,
        hub="huggingface_hub's EvalResultEntry rejects it; hub-docs: url is "
        "'Required if source provided'",
    ),
    Rule(
        "EG608",
        "warning",
        "an `.eval_results` value differs from the card's model-index for that benchmark",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n",
        EVAL_FILE,
        hub="evalguard's own rule (checked against README.md beside `.eval_results/`)",
        beside="---\nmodel-index:\n- name: tiny-model\n  results:\n  - task:\n"
        "      type: text-generation\n    dataset:\n      name: MMLU-Pro\n"
        "      type: TIGER-Lab/MMLU-Pro\n    metrics:\n    - type: accuracy\n"
        "      value: 60.1\n---\n",
    ),
    Rule(
        "EG609",
        "warning",
        "an entry has a key the format does not define (a typo?)",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  verify_token: abc\n",
        EVAL_FILE,
        hub=_ADVISORY + " (the field is ignored)",
    ),
    Rule(
        "EG610",
        "warning",
        "an `.eval_results` file holds no entries",
        "[]\n",
        EVAL_FILE,
        hub=_ADVISORY,
    ),
    # -- EG9xx: the Hub's validator -------------------------------------------------------
    Rule(
        "EG900",
        "error",
        "the Hub's validator (`/api/validate-yaml`) rejects the metadata (`--hub-validate`)",
        "",
        hub="the Hub's own answer",
    ),
    Rule(
        "EG901",
        "warning",
        "the Hub's validator warns about the metadata (`--hub-validate`)",
        "",
        hub="the Hub's own answer",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
