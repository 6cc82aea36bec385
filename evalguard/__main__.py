"""`python -m evalguard`."""

from __future__ import annotations

from evalguard.cli import run

if __name__ == "__main__":
    run()
