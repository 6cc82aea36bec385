"""Fuzz the front-matter and table readers for a fixed time budget (issue #9; not CI).

    python bench/fuzz.py [--seconds 600] [--corpus DIR]

With atheris installed (`pip install -e ".[fuzz]"`), a coverage-guided libFuzzer run
over bytes, seeded with generated cards (tests/cardgen.py); without it, hypothesis
feeding random bytes and generated cards for the same time. Each input goes through
what reads untrusted bytes: splitting the card, loading its front matter and any YAML
(`.eval_results` files, settings), reading its tables, and `check`. Anything but a
CardError escaping is a crash: the input is saved (atheris: `crash-*`; hypothesis:
printed) and becomes a regression case in tests/test_hostile.py. Prints how many
inputs ran and for how long.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cardgen import cards
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalguard.api import read_card
from evalguard.card.eval_results import read as read_eval_results
from evalguard.config import parse_config
from evalguard.errors import CardError, ConfigError
from evalguard.tables.document import read_document
from evalguard.validate import check_readme

RUNS = [0]


def one_input(data: bytes) -> None:
    """The fuzz target: every reader of untrusted bytes, on `data`."""
    RUNS[0] += 1
    try:
        card, _ = read_card(data)
        read_document(card.body, card.body_first_line)
    except CardError:
        read_document(data.decode("utf-8", "replace"))
    try:
        _, _, doc = read_eval_results(data)
        parse_config(doc.data or {}, "fuzz.yaml")
    except (CardError, ConfigError):
        pass
    check_readme(data, "README.md")


def seeds(folder: Path, count: int = 200) -> None:
    """Generated cards as a starting corpus."""
    made = [0]

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(cards())
    def write(data: bytes) -> None:
        (folder / f"seed-{made[0]:04d}").write_bytes(data)
        made[0] += 1

    write()


def with_atheris(seconds: int, corpus: Path) -> None:
    """libFuzzer prints `Done N runs in S second(s)` at the end."""
    import atheris  # noqa: PLC0415 - optional (the fuzz extra)

    atheris.instrument_all()  # coverage of every module loaded so far: evalguard, yaml...
    argv = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", "-max_len=4096"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def with_hypothesis(seconds: int) -> None:
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    while time.monotonic() < deadline:

        @settings(max_examples=2_000, database=None, suppress_health_check=list(HealthCheck))
        @given(st.one_of(st.binary(max_size=512), cards()))
        def run(data: bytes) -> None:
            one_input(data)

        run()
    elapsed = time.perf_counter() - start
    print(f"hypothesis: {RUNS[0]:,} inputs in {elapsed:.0f} s ({RUNS[0] / elapsed:.0f}/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--corpus", type=Path, help="keep the fuzz corpus here")
    parser.add_argument("--hypothesis", action="store_true", help="even if atheris is there")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("atheris") is None:
        args.hypothesis = True
    if args.hypothesis:
        with_hypothesis(args.seconds)
        return 0
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="evalguard-fuzz-"))
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        seeds(corpus)
    os.chdir(corpus)  # crash files land beside the corpus
    with_atheris(args.seconds, corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
