"""The Artificial Analysis client against a real local server speaking AA's endpoint,
with faults injected: retries where they help, one clear line otherwise, nothing cached
after a failure, and the key nowhere but in the request header."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.aa import FakeAA
from fakes.http import Response

from evalguard.remote.aa import AAError, AASettings, fetch_models

EXAMPLE = json.loads((Path(__file__).parent / "data" / "aa-llms-models.json").read_text("utf-8"))


@pytest.fixture
def aa() -> Iterator[FakeAA]:
    with FakeAA(EXAMPLE) as server:
        yield server


def settings(aa: FakeAA, cache: Path, **changes: object) -> AASettings:
    values: dict[str, object] = {
        "api_key": FakeAA.KEY,
        "base_url": aa.base_url,
        "cache_dir": cache,
        "timeout": 0.5,
        "retries": 2,
        "backoff": 0.01,
    }
    values.update(changes)
    return AASettings(**values)  # type: ignore[arg-type]


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


OK = Response(200, EXAMPLE)


@pytest.mark.parametrize(
    ("faults", "calls", "error"),
    [
        pytest.param([Response(429, "slow down", {"Retry-After": "1"}), OK], 2, None,
                     id="429-retry-after-then-200"),
        pytest.param([Response(503), Response(502), OK], 3, None, id="5xx-then-200"),
        pytest.param([Response(500)] * 3, 3, "Artificial Analysis failed (HTTP 500", id="500s"),
        pytest.param([Response(429)] * 3, 3, "rate limit reached (HTTP 429", id="429s"),
        pytest.param([Response(200, EXAMPLE, delay=2.0)] * 3, 3, "did not answer within 0.5 s",
                     id="hang"),
        pytest.param([Response(200, EXAMPLE, cut=40)], 1, "was cut off", id="truncated"),
        pytest.param([Response(200, '{"data": [')], 1, "malformed JSON (line 1", id="bad-json"),
        pytest.param([Response(200, {"status": 200})], 1, "JSON of another shape: the response "
                     "has no `data` list", id="wrong-shape"),
        pytest.param([Response(403, {"message": "forbidden"})], 1, "refused access (HTTP 403",
                     id="403"),
    ],
)  # fmt: skip
def test_faults(
    aa: FakeAA, tmp_path: Path, faults: list[Response], calls: int, error: str | None
) -> None:
    aa.faults = list(faults)
    started = time.monotonic()
    if error is None:
        assert fetch_models(settings(aa, tmp_path)).payload == EXAMPLE
        assert files_under(tmp_path)  # a good answer is cached
    else:
        with pytest.raises(AAError) as caught:
            fetch_models(settings(aa, tmp_path))
        message = caught.value.message
        assert error in message and "\n" not in message
        assert FakeAA.KEY not in message and FakeAA.KEY not in repr(caught.value)
        # no chained exception (whose text could hold the request) comes with it
        assert caught.value.__cause__ is None
        assert caught.value.__context__ is None or caught.value.__suppress_context__
        assert files_under(tmp_path) == []  # nothing cached after a failure
    assert aa.calls == calls
    if faults[0].headers.get("Retry-After"):
        assert time.monotonic() - started >= 0.9  # waited as asked


@pytest.mark.parametrize(
    ("change", "error"),
    [
        pytest.param({"api_key": "aa-wrong"}, "rejected the API key (HTTP 401", id="401"),
        pytest.param({"base_url": "BASE/api/v9"}, "does not exist (HTTP 404); check "
                     "EVALGUARD_AA_BASE_URL", id="404"),
    ],
)  # fmt: skip
def test_refusals_are_not_retried(
    aa: FakeAA, tmp_path: Path, change: dict[str, str], error: str
) -> None:
    change = {k: v.replace("BASE", aa.url) for k, v in change.items()}
    with pytest.raises(AAError, match=re.escape(error)) as caught:
        fetch_models(settings(aa, tmp_path, **change))
    assert FakeAA.KEY not in caught.value.message
    assert aa.calls <= 1
    assert files_under(tmp_path) == []


def test_unreachable_is_one_line(tmp_path: Path) -> None:
    with FakeAA(EXAMPLE) as gone:
        url = gone.base_url
    with pytest.raises(AAError, match=r"cannot reach .* \(3 attempts\): connection refused"):
        fetch_models(AASettings(FakeAA.KEY, url, tmp_path, retries=2, backoff=0.01))


def test_cache_makes_one_request_and_holds_no_key(aa: FakeAA, tmp_path: Path) -> None:
    first = fetch_models(settings(aa, tmp_path))
    second = fetch_models(settings(aa, tmp_path))
    assert (first.cached, second.cached) == (False, True)
    assert second.payload == EXAMPLE and aa.calls == 1
    (cached,) = files_under(tmp_path)
    assert FakeAA.KEY.encode() not in cached.read_bytes()
    assert FakeAA.KEY not in str(cached)


def test_stale_damaged_or_disabled_cache_asks_again(aa: FakeAA, tmp_path: Path) -> None:
    fetch_models(settings(aa, tmp_path))
    (cached,) = files_under(tmp_path)
    old = time.time() - 7200
    os.utime(cached, (old, old))
    fetch_models(settings(aa, tmp_path))
    assert aa.calls == 2
    cached.write_bytes(b"{broken")
    assert fetch_models(settings(aa, tmp_path)).payload == EXAMPLE
    assert aa.calls == 3
    fetch_models(settings(aa, tmp_path, cache_ttl=0))
    assert aa.calls == 4


@pytest.mark.parametrize(
    ("env", "dotenv", "key"),
    [
        pytest.param({"AA_API_KEY": "k1"}, None, "k1", id="AA_API_KEY"),
        pytest.param({"ARTIFICIAL_ANALYSIS_API_KEY": "k2"}, None, "k2", id="long-name"),
        pytest.param({}, "AA_API_KEY=k3\n", "k3", id="dotenv"),
        pytest.param({"AA_API_KEY": "k1"}, "AA_API_KEY=k3\n", "k1", id="env-wins"),
        pytest.param({}, "ARTIFICIAL_ANALYSIS_API_KEY='k4'\n", "k4", id="dotenv-long-name"),
    ],
)
def test_key_from_environment_or_dotenv(
    in_tmp: Path, env: dict[str, str], dotenv: str | None, key: str
) -> None:
    if dotenv is not None:
        (in_tmp / ".env").write_text(dotenv, encoding="utf-8")
    found = AASettings.from_env({**env, "EVALGUARD_CACHE_DIR": str(in_tmp / "cache")})
    assert found.api_key == key
    assert key not in repr(found)
    assert found.cache_dir == in_tmp / "cache"


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({}, "no Artificial Analysis API key: set AA_API_KEY"),
        ({"AA_API_KEY": "k", "EVALGUARD_AA_CACHE_TTL": "soon"}, "EVALGUARD_AA_CACHE_TTL='soon'"),
        ({"AA_API_KEY": "k", "EVALGUARD_AA_TIMEOUT": "-1"}, "EVALGUARD_AA_TIMEOUT='-1'"),
    ],
)
def test_settings_errors(in_tmp: Path, env: dict[str, str], error: str) -> None:
    with pytest.raises(AAError, match=error):
        AASettings.from_env(env)
