"""`aa:` in .evalguard.yaml, and a config read from bytes (a Hub repo's)."""

from __future__ import annotations

from typing import Any

import pytest

from evalguard.config import AASlugs, config_from_bytes, parse_config
from evalguard.errors import ConfigError


def test_aa_slugs() -> None:
    config = parse_config({"aa": {"creator": "openai", "model": "o3-mini"}}, "cfg")
    assert config.aa == AASlugs("openai", "o3-mini")
    assert parse_config({}, "cfg").aa is None


@pytest.mark.parametrize(
    "value",
    [{"creator": "openai"}, {"creator": "openai", "model": 3}, "openai/o3-mini",
     {"creator": "a", "model": "b", "extra": 1}, {"creator": "", "model": "b"}],
)  # fmt: skip
def test_bad_aa_slugs(value: Any) -> None:
    with pytest.raises(ConfigError, match=r"`aa` must be \{creator: SLUG, model: SLUG\}"):
        parse_config({"aa": value}, "cfg")


@pytest.mark.parametrize(
    ("data", "located"),
    [
        (b"model: [\n", "org/x/.evalguard.yaml:2:1: invalid YAML in .evalguard.yaml"),
        (b"\xff\xfe", "org/x/.evalguard.yaml:1:1: not valid UTF-8"),
        (b"modle: x\n", "org/x/.evalguard.yaml: unknown setting(s) modle"),
    ],
)
def test_config_from_bytes_errors_name_the_file(data: bytes, located: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_bytes(data, "org/x/.evalguard.yaml")
    assert caught.value.located("README.md").startswith(located)


def test_config_from_bytes() -> None:
    config = config_from_bytes(b"model: org/x\naa: {creator: c, model: m}\n", "where")
    assert (config.model, config.aa) == ("org/x", AASlugs("c", "m"))
    assert config_from_bytes(b"", "where").model is None
