"""Hugging Face tokens cut out of text evalguard did not write itself (a server's words,
an unexpected exception's message) before it is printed, raised or put in a pull request.
Light on purpose: the batch loop and the Hub client both use it."""

from __future__ import annotations

import re

_TOKEN_SHAPE = re.compile(r"hf_\w{8,}")


def redact(text: str, secret: str | None = None) -> str:
    """`text` with every token in it, and `secret`, replaced by `***`."""
    if secret:
        text = text.replace(secret, "***")
    return _TOKEN_SHAPE.sub("***", text)
