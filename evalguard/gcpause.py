"""Python's cycle collector paused while one card is read, checked or planned.

Reading a large card makes hundreds of thousands of objects (YAML nodes, values,
markdown tokens, cells) that live until the card is done. The collector counts every
allocation and walks the young objects, and now and then every object, again and again
while they are made; it finds nothing to free (they die by reference counting when the
card is done) and it took more than half the time of checking a card with a model-index
of 10,000 results (bench/scaling.py). Paused per card, not per process: a run over many
cards collects between them, so cyclic garbage is bounded by one card. Pause where the
card's objects are done with: what outlives the pause is walked once when it ends (the
repo-level planners return plans without the parsed card).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """A context manager (and a decorator: `@collector_paused()`). Nested or in several
    threads at once, the collector runs again when the pause that stopped it ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
