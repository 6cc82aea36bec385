"""Tiny inspect-ai tasks for the tests: they run offline on `mockllm/model`.

The mock model's outputs carry `usage`, so inspect never downloads a tokenizer to count
tokens (it would, and fail offline, for outputs without it). `tiny` scores 2 of 3;
`broken` fails inside its solver, so its eval log has status `error`.
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import includes
from inspect_ai.solver import Generate, TaskState, generate, solver


def _paris(*_args: Any) -> ModelOutput:
    output = ModelOutput.from_content(model="mockllm", content="Paris")
    output.usage = ModelUsage(input_tokens=5, output_tokens=1, total_tokens=6)
    return output


SAMPLES = [
    Sample(input="Capital of France?", target="Paris"),
    Sample(input="Capital of Italy?", target="Rome"),
    Sample(input="City of the Louvre?", target="Paris"),
]


@task
def tiny() -> Task:
    return Task(
        dataset=SAMPLES,
        solver=generate(),
        scorer=includes(),
        model=get_model("mockllm/model", custom_outputs=_paris),
    )


@solver
def _fail() -> Any:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        raise RuntimeError("the tiny task broke on purpose\nsecond line of the message")

    return solve


@task
def broken() -> Task:
    return Task(
        dataset=SAMPLES,
        solver=_fail(),
        scorer=includes(),
        model=get_model("mockllm/model", custom_outputs=_paris),
    )
