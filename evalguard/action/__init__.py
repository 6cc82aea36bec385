"""The GitHub Action's step: action.yml runs `python -m evalguard.action`.

It reads the action's inputs from `EG_*` environment variables (action.yml maps each
input there; inputs never reach a shell script as text), runs the command through the
core, and speaks GitHub's workflow protocol: an annotation per finding or failed card, a
job summary, and the outputs `changed-files`, `error-count`, `warning-count`,
`sarif-file`. Tokens are masked (line by line) before anything else is printed, and
replaced by `***` in the annotations, the summary and the outputs (the runner masks only
the log); text taken from the cards is printed with workflow commands switched off.

Modules, one job each:

- `inputs`: `Settings` from the `EG_*` variables, the `args` input read with the CLI's
  grammar (`command_options`), the secret inputs.
- `paths`: the cards of the `paths` input (or every card git knows).
- `commands`: each command through the core, as a function `Job -> Ran`; `COMMANDS`.
- `report`: a `Ran` as annotations, counts, changed files and each card's results.
- `summary`: the job summary's markdown.
- `workflow`: the protocol: masks, annotations, stop-commands, the outputs file.
- `step`: `main()`, the glue.

The commands never run the CLI or read its printed text: they get values from the core
(the validation core's `Finding`s; `repo.snapshot.read_folder` -> `repo.plan.plan_*` ->
`repo.local.apply_local` as one `repo.outcome.RepoOutcome` per card), so rewording a CLI
message cannot change what the action reports. The `args` input is parsed with the CLI's
own parser (`evalguard.cli.build_parser`), so it takes exactly the CLI's options.

Commands on Hub repos (the `repo-id` input, `--repo-id`/`--author` in `args`) and
`import-aa` live in `hub`: they go through `remote.refresh` (read, plan, publish one pull
request per repo) and return one outcome per repo whose `url` is its pull request, and
the repos as `Ran.repos` (the summary counts them).

Adding a command (`eval-run`, ...):

1. Write `def run_x(job: Job) -> Ran` (in `commands`, or in a module of its own): read
   `job.settings` (and `job.files`, the cards of the paths input, relative to the working
   directory, which is the current directory), call the core, and return what happened:
   `Ran.findings` (validation findings) and/or `Ran.outcomes`, one `RepoOutcome` per card
   or repo: CHANGED with the plan that was applied (its files become `changed-files` and
   notices; its conflicts become warnings, its notes go to the log), UNCHANGED, DUE for a
   dry run (an error only with `Ran.due_fails`), REFUSED or FAILED with a message and the
   card's line and column (errors that fail the step with fail-on-error; `failure()`
   builds one from an exception); `url` for the pull request that carries the change.
   Read the `args` input with `command_options(job.settings, job.files, cards=DEST)`,
   and honour or refuse every option the CLI's command takes (a test lists them).
   One card's failure must not stop the others (see `each_card`).
2. Add it to `COMMANDS` (`Settings.from_env` accepts what is there; `HUB_COMMANDS` in
   `inputs` when it works on Hub repos); document the `command` value in action.yml and
   the README.

Annotations, the summary, the outputs and the exit code follow from those values;
`report`, `summary`, `workflow` and `step` need no change. A new output (a PR link) is
one entry in `report.outputs`, and one in action.yml's `outputs:`.
"""
