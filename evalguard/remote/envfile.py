"""Secrets that may live in a `.env` file, as the predecessor's `load_dotenv()` read them.

The environment first; then the `.env` file python-dotenv finds from the working folder
up, read only when the environment has none of the names, and never loaded into the
environment (nothing else sees its values).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence


def env_or_dotenv(names: Sequence[str], env: Mapping[str, str] | None = None) -> str | None:
    """The first of `names` set (not blank) in `env` (default: the environment), else in
    the `.env` file; None when neither has one."""
    env = os.environ if env is None else env
    for name in names:
        if env.get(name, "").strip():
            return env[name].strip()
    from dotenv import dotenv_values, find_dotenv

    path = find_dotenv(usecwd=True)
    values = dotenv_values(path) if path else {}
    for name in names:
        value = values.get(name)
        if value and value.strip():
            return value.strip()
    return None
