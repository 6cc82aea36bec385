"""Property-based tests over generated cards (tests/cardgen.py): reading, table
extraction, check and sync never let an exception escape; sync changes no byte outside
model-index, keeps every other source's result and is idempotent; every finding points
inside the file. A bounded number of examples here; `python bench/properties.py` runs
hundreds of thousands."""

from __future__ import annotations

from cardgen import cards, check_properties
from hypothesis import HealthCheck, example, given, settings

SUITE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SUITE
@given(cards())
@example(b"---\nmodel-index:\n# keep\n- name: m\n  results: []\n---\n# m\n\n| Benchmark | m |\n"
         b"|---|---|\n| MMLU | 61.3 |\n")  # fmt: skip
@example(b"---\rlicense: mit\r---\r# m\r\r| Benchmark | m |\r|---|---|\r| MMLU | 61.3 |\r")
@example("---\ndescription: \"a\u2028b\"\n---\n# m\n\n| Benchmark | m |\n|---|---|\n"
         "| MMLU | 61.3 |\n".encode())  # fmt: skip
def test_generated_cards_keep_every_property(data: bytes) -> None:
    check_properties(data)
