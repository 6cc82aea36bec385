"""Every rule `evalguard check` reports: id, what it means, an example that triggers
it, and the evidence that sets its severity.

Rule ids are stable: a rule may be retired but its id is never reused. Families:
EG1xx reading the card / YAML, EG2xx model-index schema, EG3xx model-index semantics,
EG4xx other front-matter keys, EG5xx README tables vs metadata, EG6xx `.eval_results`
files, EG9xx the Hub's own validator (`--hub-validate`).

A pre-commit hook that fails on a card the Hub accepts gets switched off, so a rule's
severity is not an opinion: it follows from the kind of evidence (`Evidence`) recorded
with the rule, and `why` cites it in one line (sources in
shared/reference/hub-error-messages.md and the issues quoted). An error means the Hub
refuses the push, huggingface_hub refuses to send it, or the card silently loses
metadata; everything the Hub accepts is a warning, which `--strict` turns into a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from evalguard.validate.findings import Finding, Severity

README = "README.md"
EVAL_FILE = ".eval_results/mmlu_pro.yaml"


class Evidence(Enum):
    """What is known about how the Hub treats a card the rule reports; sets the severity."""

    #: a quoted Hub message, the Hub's validator, or Hub docs saying it is checked on push
    HUB_REJECTS = "the Hub rejects the push"
    #: huggingface_hub's upload path fails before anything reaches the Hub
    CLIENT_REFUSES_PUSH = "huggingface_hub refuses to push it"
    #: the Hub takes the push but reads none, or only part, of what is written
    METADATA_LOST = "the metadata is silently lost"
    #: evalguard's own promise (a README-sourced result equals its table cell); it only
    #: concerns results evalguard wrote
    EVALGUARD_CONTRACT = "evalguard's contract"
    #: evalguard cannot read the card safely, so it cannot vouch for anything in it
    UNREADABLE = "evalguard cannot read it"
    #: the Hub accepts it, but huggingface_hub's ModelCard cannot load the model-index
    CLIENT_REJECTS = "the Hub accepts it; huggingface_hub cannot load it"
    #: the Hub accepts it (published cards carry it): a likely mistake
    HUB_ACCEPTS = "the Hub accepts it"
    #: the Hub's validator answered with a warning
    HUB_WARNS = "the Hub warns"
    #: evalguard's judgement of a likely mistake, in something the Hub does not check
    ADVICE = "evalguard's advice"

    @property
    def severity(self) -> Severity:
        return "error" if self in _FAILS else "warning"

    @property
    def hub_backed(self) -> bool:
        """May it fail a card the Hub accepted when it was pushed? Only where the Hub (or
        its client) refuses it today, or where the card lost metadata without a word."""
        return self in _HUB_BACKED


_HUB_BACKED = frozenset(
    {Evidence.HUB_REJECTS, Evidence.CLIENT_REFUSES_PUSH, Evidence.METADATA_LOST}
)
_FAILS = _HUB_BACKED | {Evidence.EVALGUARD_CONTRACT, Evidence.UNREADABLE}


@dataclass(frozen=True)
class Rule:
    """One rule of the validator: its id, title, example and evidence."""

    id: str
    title: str
    #: a file that triggers the rule (checked by the tests, shown in the README)
    example: str
    evidence: Evidence
    #: the evidence in one line, with its sources
    why: str
    #: the example's file name
    example_file: str = README
    #: the example's encoding (only the not-UTF-8 rule uses another)
    example_encoding: str = "utf-8"
    #: a README.md beside the example's `.eval_results/` folder, when the rule needs one
    beside: str = ""
    #: the finding the README shows for a rule without a runnable example
    shown: str = ""

    @property
    def severity(self) -> Severity:
        return self.evidence.severity

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
_TASK = "  - task:\n      type: text-generation\n"
_RESULT = _TASK + "    dataset:\n      name: MMLU\n      type: cais/mmlu\n"
_METRIC = "    metrics:\n    - type: accuracy\n      value: 61.3\n"
_TABLE = "# tiny-model\n\n| Benchmark | tiny-model |\n|---|---|\n| MMLU | 61.3 |\n"
_README_SOURCE = (
    "    source:\n      name: Model README\n      url: https://huggingface.co/org/tiny-model\n"
)

_HUB_REGEX = (
    "the Hub's front-matter regex (huggingface_hub REGEX_YAML_BLOCK, 'exact same regex as "
    "in the Hub server')"
)
_SKIPPED = (
    "the Hub validates `.eval_results` files and skips one that fails (huggingface_hub "
    "parse_eval_result_entries: 'file failed server-side validation')"
)

_RULES = [
    # -- EG1xx: reading the card ---------------------------------------------------------
    Rule(
        "EG101",
        "front matter opens with `---` but is never closed",
        "---\nlicense: mit\n# tiny-model\n",
        evidence=Evidence.METADATA_LOST,
        why=f"{_HUB_REGEX} needs a closing `---` line: without one the card has no metadata",
    ),
    Rule(
        "EG102",
        "front matter does not start on the first line",
        "\n---\nlicense: mit\n---\n# tiny-model\n",
        evidence=Evidence.HUB_ACCEPTS,
        why=f"{_HUB_REGEX} starts `^\\s*---`, kept so on purpose (huggingface_hub#1285), and "
        "codellama/CodeLlama-70b-Python-hf is published so; GitHub and most front-matter "
        "readers want `---` on line 1. evalguard reads the block as the Hub does",
    ),
    Rule(
        "EG103",
        "the file is not UTF-8",
        "---\nlicense: mit\n---\n# café\n",
        example_encoding="latin-1",
        evidence=Evidence.CLIENT_REFUSES_PUSH,
        why="huggingface_hub's create_commit decodes README.md as UTF-8 to validate it "
        "before uploading: UnicodeDecodeError, nothing is pushed",
    ),
    Rule(
        "EG104",
        "a key appears twice in one mapping, with different values",
        "---\nlicense: mit\nlicense: apache-2.0\n---\n",
        evidence=Evidence.METADATA_LOST,
        why="the Hub takes a repeated key (BAAI/Emu3-Gen is published with one), so its YAML "
        "reader keeps one value (PyYAML the last): the other is lost without a word",
    ),
    Rule(
        "EG105",
        "YAML syntax error",
        "---\nlicense: [mit\n---\n",
        evidence=Evidence.HUB_REJECTS,
        why="`Invalid YAML in README.md: ...` for YAML it cannot parse (huggingface_hub#1950, "
        "datasets#6919; hub-error-messages.md)",
    ),
    Rule(
        "EG106",
        "a YAML tag the Hub refuses (`!!python/tuple`, ...)",
        "---\ntags: !!python/tuple [a, b]\n---\n",
        evidence=Evidence.HUB_REJECTS,
        why="`Invalid YAML in README.md: unknown tag !<tag:yaml.org,2002:python/tuple>` "
        "(huggingface_hub#1950; hub-error-messages.md)",
    ),
    Rule(
        "EG107",
        "front matter is not a mapping of keys to values",
        "---\n- license: mit\n---\n",
        evidence=Evidence.METADATA_LOST,
        why="metadata is a mapping of keys: a list or a scalar gives the Hub no license, tags "
        "or model-index (huggingface_hub: 'repo card metadata block should be a dict')",
    ),
    Rule(
        "EG108",
        "recursive alias, or aliases that expand into an enormous document (alias bomb)",
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
        evidence=Evidence.UNREADABLE,
        why="a denial of service for any reader: evalguard stops when aliases add 200,000 "
        "values and checks nothing else (the largest published card expands to about 10,000)",
    ),
    Rule(
        "EG109",
        "a key appears twice in one mapping, with the same value",
        "---\nlicense: mit\nlicense: mit\n---\n",
        evidence=Evidence.HUB_ACCEPTS,
        why="BAAI/Emu3-Gen is published with a repeated key; with the same value nothing is lost",
    ),
    Rule(
        "EG110",
        "a value YAML can parse but not build (an impossible date, an integer of thousands "
        "of digits, `!!int abc`)",
        "---\nlicense: mit\nlast_updated: 2024-13-45\n---\n",
        evidence=Evidence.UNREADABLE,
        why="PyYAML, and so huggingface_hub's metadata_load and ModelCard, raises on it "
        "(ValueError: month must be in 1..12); evalguard cannot build the front matter and "
        "checks nothing else in it",
    ),
    # -- EG2xx: model-index schema -------------------------------------------------------
    Rule(
        "EG201",
        "a model-index field the Hub requires is missing",
        _MI_HEAD + _TASK + "    dataset:\n      name: MMLU\n" + _METRIC + "---\n",
        evidence=Evidence.HUB_REJECTS,
        why="model-index is checked on push and hub-docs modelcard.md marks task.type, "
        'dataset.type, dataset.name, metrics[].type and .value Required; `"model-index[0].'
        'results" is required` (hub-error-messages.md)',
    ),
    Rule(
        "EG202",
        "a model-index field has the wrong type",
        _MI_HEAD + _RESULT + "      config: 2022\n" + _METRIC + "---\n",
        evidence=Evidence.HUB_REJECTS,
        why='model-index fields are type-checked: `"model-index[0].results[0].dataset.config" '
        'must be a string` (huu4ontocord/MDEL#34), `"...metrics" must be an array` '
        "(hub-error-messages.md)",
    ),
    Rule(
        "EG203",
        "a metric value is not a number or a string (null, true/false, a list, a mapping)",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value:\n---\n",
        evidence=Evidence.HUB_ACCEPTS,
        why="the openai/whisper-*.en cards are published with `value: null`, and huggingface_hub "
        "reads any value (EvalResult.metric_value: Any); it is still no score",
    ),
    Rule(
        "EG204",
        "`source.name` without `source.url`",
        _MI_HEAD + _RESULT + _METRIC + "    source:\n      name: Model README\n---\n",
        evidence=Evidence.CLIENT_REJECTS,
        why="EvalResult refuses it, so ModelCard.load raises and model_info drops every result "
        "of the card; no Hub rejection is known",
    ),
    Rule(
        "EG205",
        "model-index is an empty list",
        "---\nmodel-index: []\n---\n",
        evidence=Evidence.ADVICE,
        why="the Hub and huggingface_hub accept it (ModelCardData skips an empty model-index); "
        "it declares nothing",
    ),
    Rule(
        "EG206",
        "a model-index entry has no results, or a result no metrics",
        _MI_HEAD.replace("  results:\n", "  results: []\n") + "---\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts it (Trainer cards often carry `results: []`); it declares nothing",
    ),
    Rule(
        "EG207",
        "a model-index entry has no `name`, or a result no `task`, `dataset` or `metrics`",
        _MI_HEAD + _TASK + _METRIC + "---\n",
        evidence=Evidence.CLIENT_REJECTS,
        why="published cards (Trainer cards among them) have results without `dataset`; "
        "huggingface_hub's ModelCard.load raises (KeyError) and model_info drops every result "
        "of the card",
    ),
    # -- EG3xx: model-index semantics ----------------------------------------------------
    Rule(
        "EG301",
        "a metric value is NaN or infinite",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: .nan\n---\n",
        evidence=Evidence.ADVICE,
        why="the Hub does not look at the number; NaN is no score",
    ),
    Rule(
        "EG302",
        "scores of one kind mix the 0-1 and 0-100 scales",
        _MI_HEAD + _RESULT + _METRIC + _TASK + "    dataset:\n      name: ARC\n"
        "      type: allenai/ai2_arc\n    metrics:\n    - type: accuracy\n      value: 0.5812\n"
        + _TASK
        + "    dataset:\n      name: HellaSwag\n"
        "      type: Rowan/hellaswag\n    metrics:\n    - type: accuracy\n      value: 80.2\n"
        "---\n",
        evidence=Evidence.ADVICE,
        why="the Hub does not compare scores; a leaderboard would rank 0.58 below 61.3",
    ),
    Rule(
        "EG303",
        "the same metric twice in one result, with different values",
        _MI_HEAD + _RESULT + _METRIC + "    - type: accuracy\n      value: 59.0\n---\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts it; readers keep one of the two values",
    ),
    Rule(
        "EG304",
        "`dataset.type` does not look like a Hub dataset id",
        _MI_HEAD + _RESULT.replace("type: cais/mmlu", "type: MMLU (5-shot)") + _METRIC + "---\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts it; EvalResult documents dataset_type as a Hub dataset id, which "
        "links the result to the dataset",
    ),
    Rule(
        "EG305",
        "the model-index `name` does not look like the model the card is about",
        "---\nmodel-index:\n- name: other-model-v1\n  results: []\n---\n# tiny-model-v2\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts it; leaderboards list the results under this name",
    ),
    Rule(
        "EG306",
        "a metric value is text with no number in it",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: XX.XX\n---\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts text values (huggingface_hub documents `20.0 ± 1.2`); one with no "
        "number in it is a placeholder",
    ),
    Rule(
        "EG307",
        "an anchor inside model-index is used by an alias outside it",
        _MI_HEAD
        + "  - task: &t\n      type: text-generation\n"
        + "    dataset:\n      name: MMLU\n      type: cais/mmlu\n"
        + _METRIC
        + _README_SOURCE
        + "extra: *t\n---\n",
        evidence=Evidence.ADVICE,
        why="the Hub accepts anchors; `evalguard sync` rewrites the results it owns and "
        "refuses a card whose rewrite would drop an anchor used elsewhere",
    ),
    # -- EG4xx: other front-matter keys --------------------------------------------------
    Rule(
        "EG401",
        "`license` is not a license id the Hub knows",
        "---\nlicense: cc-by-sa 4.0\n---\n",
        evidence=Evidence.HUB_REJECTS,
        why="license ids are checked on push (huggingface_hub#330: 'it will be enforced that "
        "it's a valid identifier'; hub-docs modelcard.md; hub-docs#281, #1755); none of the "
        "2,311 published cards measured has an unknown id",
    ),
    Rule(
        "EG402",
        "`pipeline_tag` is not a task the Hub knows",
        "---\npipeline_tag: text-generator\n---\n",
        evidence=Evidence.ADVICE,
        why="no Hub rejection of an unknown task is known; the model gets no widget",
    ),
    Rule(
        "EG403",
        "`base_model` is a local path or not a string",
        "---\nbase_model: /home/me/checkpoints/llama\n---\n",
        evidence=Evidence.HUB_REJECTS,
        why='`"base_model" with value "<a local path>" is not valid.` after `Invalid metadata '
        "in README.md` (hub-error-messages.md)",
    ),
    Rule(
        "EG404",
        "a `datasets` entry is a local path or not a string",
        "---\ndatasets:\n- /var/hf/images/\n---\n",
        evidence=Evidence.HUB_REJECTS,
        why='`"datasets[0]" with value "/var/hf/images/" is not valid. If possible, use a '
        'dataset id from https://hf.co/datasets.` (autotrain-advanced#648); `"datasets" must '
        "be a string` (the Hub's banner on microsoft/wavlm-base-plus)",
    ),
    Rule(
        "EG405",
        "a `base_model` or `datasets` entry is not a Hub id (free text, a URL, `a/b/c`)",
        "---\ndatasets:\n- acme/chat-mix/roleplay\n---\n",
        evidence=Evidence.HUB_ACCEPTS,
        why="TheBloke/mpt-30B-chat-GGML (`owner/name/subset`) and ai4bharat/indic-bert (free "
        "text) are published so; only an id links the card to the repo",
    ),
    Rule(
        "EG406",
        "`license` is a list",
        "---\nlicense:\n- mit\n---\n",
        evidence=Evidence.HUB_ACCEPTS,
        why="21 published cards (NousResearch, stabilityai) carry a list of known ids; model "
        "cards document one id (ModelCardData.license: str)",
    ),
    # -- EG5xx: README tables vs metadata ------------------------------------------------
    Rule(
        "EG501",
        "a README table score differs from its model-index result (source: the README)",
        _MI_HEAD
        + _RESULT
        + "    metrics:\n    - type: accuracy\n      value: 60.1\n"
        + _README_SOURCE
        + "---\n"
        + _TABLE,
        evidence=Evidence.EVALGUARD_CONTRACT,
        why="the result says it was read from the README table but holds another number: the "
        "card publishes a score its own table contradicts; `evalguard sync` fixes it",
    ),
    Rule(
        "EG502",
        "a README table score has no model-index result at all",
        "---\nlicense: mit\n---\n" + _TABLE,
        evidence=Evidence.ADVICE,
        why="`evalguard sync` adds the result",
    ),
    Rule(
        "EG503",
        "a README table score disagrees with another source's result for that benchmark",
        _MI_HEAD + _RESULT + "    metrics:\n    - type: accuracy\n      value: 58.0\n"
        "    source:\n      name: Open LLM Leaderboard\n"
        "      url: https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard\n"
        "---\n" + _TABLE,
        evidence=Evidence.ADVICE,
        why="`evalguard sync` keeps both and adds the table's",
    ),
    Rule(
        "EG504",
        "a model-index result from the README is in no README table any more",
        _MI_HEAD + _RESULT + _METRIC + _README_SOURCE + _TASK + "    dataset:\n      name: ARC\n"
        "      type: allenai/ai2_arc\n    metrics:\n    - type: accuracy\n      value: 55.0\n"
        + _README_SOURCE
        + "---\n"
        + _TABLE,
        evidence=Evidence.ADVICE,
        why="`evalguard sync` removes the stale result",
    ),
    # -- EG6xx: .eval_results files ------------------------------------------------------
    Rule(
        "EG601",
        "an `.eval_results` file is not a list of entries",
        "dataset:\n  id: TIGER-Lab/MMLU-Pro\n  task_id: mmlu_pro\nvalue: 55.3\n",
        example_file=EVAL_FILE,
        evidence=Evidence.METADATA_LOST,
        why=f"the format is a list of entries (hub-docs eval-results.md); {_SKIPPED}",
    ),
    Rule(
        "EG602",
        "an entry field is missing or has the wrong type",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n  value: 55.3\n",
        example_file=EVAL_FILE,
        evidence=Evidence.METADATA_LOST,
        why="hub-docs eval-results.md marks dataset.id, dataset.task_id and value Required "
        f"(huggingface_hub: KeyError); {_SKIPPED}",
    ),
    Rule(
        "EG603",
        "`dataset.id` is not a Hub dataset id `owner/name`",
        "- dataset:\n    id: mmlu_pro\n    task_id: mmlu_pro\n  value: 55.3\n",
        example_file=EVAL_FILE,
        evidence=Evidence.METADATA_LOST,
        why="hub-docs eval-results.md: `dataset.id` is the Benchmark dataset repo whose "
        "leaderboard shows the result; another id shows it nowhere",
    ),
    Rule(
        "EG604",
        "`dataset.task_id` is empty",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: ''\n  value: 55.3\n",
        example_file=EVAL_FILE,
        evidence=Evidence.METADATA_LOST,
        why="hub-docs eval-results.md: task_id is Required, a task of the benchmark's "
        "eval.yaml; an empty one belongs to no task of the leaderboard",
    ),
    Rule(
        "EG605",
        "`value` is not a number",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: '55.3%'\n",
        example_file=EVAL_FILE,
        evidence=Evidence.ADVICE,
        why="leaderboards rank numbers (the spec's example is 20.90); no Hub rejection of a "
        "string is known and huggingface_hub reads any value",
    ),
    Rule(
        "EG606",
        "`date` is not an ISO-8601 date or datetime string",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  date: 17/09/2026\n",
        example_file=EVAL_FILE,
        evidence=Evidence.ADVICE,
        why="hub-docs eval-results.md asks for an ISO-8601 string (unquoted, YAML reads "
        "2026-09-17 as a date object); no Hub rejection is known",
    ),
    Rule(
        "EG607",
        "`source.name`, `source.user` or `source.org` without `source.url`",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  source:\n    name: Eval logs\n",
        example_file=EVAL_FILE,
        evidence=Evidence.METADATA_LOST,
        why="hub-docs: url is 'Required if source provided' and huggingface_hub's "
        f"EvalResultEntry refuses it; {_SKIPPED}",
    ),
    Rule(
        "EG608",
        "an `.eval_results` value differs from the card's model-index for that benchmark",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n",
        example_file=EVAL_FILE,
        beside=_MI_HEAD + _TASK + "    dataset:\n      name: MMLU-Pro\n"
        "      type: TIGER-Lab/MMLU-Pro\n    metrics:\n    - type: accuracy\n"
        "      value: 60.1\n---\n",
        evidence=Evidence.ADVICE,
        why="checked against README.md beside `.eval_results/`",
    ),
    Rule(
        "EG609",
        "an entry has a key the format does not define (a typo?)",
        "- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 55.3\n"
        "  verify_token: abc\n",
        example_file=EVAL_FILE,
        evidence=Evidence.ADVICE,
        why="the field is ignored",
    ),
    Rule(
        "EG610",
        "an `.eval_results` file holds no entries",
        "[]\n",
        example_file=EVAL_FILE,
        evidence=Evidence.ADVICE,
        why="it declares nothing",
    ),
    # -- EG9xx: the Hub's validator -------------------------------------------------------
    Rule(
        "EG900",
        "the Hub's validator (`/api/validate-yaml`) rejects the metadata (`--hub-validate`)",
        "",
        evidence=Evidence.HUB_REJECTS,
        why="the Hub's own answer",
        shown='README.md:9:5: EG900 error: the Hub: "model-index[0].results[0].dataset.config" '
        "must be a string",
    ),
    Rule(
        "EG901",
        "the Hub's validator warns about the metadata (`--hub-validate`)",
        "",
        evidence=Evidence.HUB_WARNS,
        why="the Hub's own answer",
        shown="README.md:1:1: EG901 warning: the Hub: <the warning>",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
