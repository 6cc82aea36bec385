"""evalguard: keep the evaluation results of Hugging Face model cards correct."""

from __future__ import annotations

__version__ = "0.1.0"
