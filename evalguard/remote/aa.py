"""The Artificial Analysis client: `GET {base}/data/llms/models`, cached on disk.

- The key is sent as `x-api-key`; it comes from `AA_API_KEY` or
  `ARTIFICIAL_ANALYSIS_API_KEY` (the environment first, then a `.env` file found from
  the working folder up). It never reaches the cache, a message or an exception.
- Timeouts on connecting and reading; bounded retries with exponential backoff on 429
  and 5xx, honouring `Retry-After` (urllib3's Retry behind a requests adapter).
- A 401/403/404, a body cut short, malformed JSON, JSON that is not a list of models:
  one line (`AAError`), nothing cached, nothing written by the caller.
- Answers are cached under `EVALGUARD_CACHE_DIR` (default: the user cache folder) for
  `EVALGUARD_AA_CACHE_TTL` seconds (AA asks clients to cache; the free API allows 1,000
  requests a day), keyed by the URL only.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from evalguard import __version__
from evalguard.card.fileio import write_atomic
from evalguard.errors import EvalguardError
from evalguard.sources.aa import AAPayloadError, models_in

DEFAULT_BASE_URL = "https://artificialanalysis.ai/api/v2"
MODELS_PATH = "/data/llms/models"
KEY_VARIABLES = ("AA_API_KEY", "ARTIFICIAL_ANALYSIS_API_KEY")
#: seconds an answer is reused (EVALGUARD_AA_CACHE_TTL; 0 turns the cache off)
DEFAULT_CACHE_TTL = 3600.0
#: seconds to wait for a connection and for each read (EVALGUARD_AA_TIMEOUT)
DEFAULT_TIMEOUT = 30.0
#: the longest `Retry-After` evalguard waits for, in seconds
MAX_RETRY_AFTER = 30.0


class AAError(EvalguardError):
    """Artificial Analysis could not be asked, or did not answer as documented."""


@dataclass(frozen=True)
class AASettings:
    api_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    #: None: no disk cache
    cache_dir: Path | None = None
    cache_ttl: float = DEFAULT_CACHE_TTL
    timeout: float = DEFAULT_TIMEOUT
    #: retries after the first attempt, on 429, 5xx, failed connections and timeouts
    retries: int = 3
    #: urllib3's backoff factor: waits of 0, 2x, 4x... seconds between retries
    backoff: float = 0.5

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + MODELS_PATH

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AASettings:
        """Settings from the environment (and a `.env` file for the key). AAError when
        there is no key, or a setting is not a number."""
        env = os.environ if env is None else env
        key = _api_key(env)
        if not key:
            raise AAError(
                "no Artificial Analysis API key: set AA_API_KEY (or "
                "ARTIFICIAL_ANALYSIS_API_KEY), in the environment or a .env file"
            )
        cache = env.get("EVALGUARD_CACHE_DIR") or _user_cache_dir()
        return cls(
            api_key=key,
            base_url=env.get("EVALGUARD_AA_BASE_URL") or DEFAULT_BASE_URL,
            cache_dir=Path(cache),
            cache_ttl=_seconds(env, "EVALGUARD_AA_CACHE_TTL", DEFAULT_CACHE_TTL),
            timeout=_seconds(env, "EVALGUARD_AA_TIMEOUT", DEFAULT_TIMEOUT),
        )


def _api_key(env: Mapping[str, str]) -> str | None:
    from evalguard.remote.envfile import env_or_dotenv

    return env_or_dotenv(KEY_VARIABLES, env)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise AAError(f"{name}={text!r}: expected a number of seconds")
    return value


def _user_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("evalguard", appauthor=False)


@dataclass(frozen=True)
class Fetched:
    payload: Any
    #: True when the answer came from the disk cache
    cached: bool = False
    #: seconds since the answer was fetched
    age: float = 0.0


_LOCK = threading.Lock()


def fetch_models(settings: AASettings) -> Fetched:
    """AA's list of language models with their evaluations (cached). Raises AAError."""
    with _LOCK:  # threads of one batch share one request
        cache = _cache_path(settings)
        cached = _read_cache(cache, settings.cache_ttl)
        if cached is not None:
            return cached
        body = _get(settings)
        payload = _parse(body)
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(cache, body)
            except OSError:
                pass  # a cache that cannot be written only costs a request next time
        return Fetched(payload)


def fetch_payload(env: Mapping[str, str] | None = None) -> Any:
    """AA's model list with settings from the environment (`AASettings.from_env`)."""
    return fetch_models(AASettings.from_env(env)).payload


def _cache_path(settings: AASettings) -> Path | None:
    if settings.cache_dir is None or settings.cache_ttl <= 0:
        return None
    digest = hashlib.sha256(settings.url.encode("utf-8")).hexdigest()[:32]
    return settings.cache_dir / "artificial-analysis" / f"{digest}.json"


def _read_cache(path: Path | None, ttl: float) -> Fetched | None:
    if path is None:
        return None
    try:
        age = time.time() - path.stat().st_mtime
        if not 0 <= age < ttl:
            return None
        return Fetched(_parse(path.read_bytes()), cached=True, age=age)
    except (OSError, AAError):
        return None  # missing, stale or damaged: ask AA again


class _Retry(Retry):
    """urllib3's Retry, waiting at most MAX_RETRY_AFTER for a `Retry-After`."""

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


def _session(settings: AASettings) -> requests.Session:
    retry = _Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=frozenset({429, 500, 502, 503, 504}),
        backoff_factor=settings.backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _get(settings: AASettings) -> bytes:
    """The 200 answer's body; AAError (no key, no URL with a key in it) otherwise."""
    attempts = settings.retries + 1
    headers = {
        "x-api-key": settings.api_key,
        "Accept": "application/json",
        "User-Agent": f"evalguard/{__version__}",
    }
    with _session(settings) as session:
        try:
            response = session.get(
                settings.url, headers=headers, timeout=settings.timeout, allow_redirects=False
            )
        except requests.exceptions.ChunkedEncodingError:
            raise AAError(f"the answer of {settings.url} was cut off; nothing read") from None
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            if _timed_out(exc):
                raise AAError(
                    f"{settings.url} did not answer within {settings.timeout:g} s "
                    f"({attempts} attempts)"
                ) from None
            raise AAError(
                f"cannot reach {settings.url} ({attempts} attempts): {_reason(exc)}"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise AAError(f"cannot ask {settings.url}: {type(exc).__name__}") from None
    status = response.status_code
    if status == 200:
        return response.content
    raise AAError(_status_message(settings, status, attempts))


def _status_message(settings: AASettings, status: int, attempts: int) -> str:
    url = settings.url
    if status == 401:
        return f"Artificial Analysis rejected the API key (HTTP 401 from {url}); check AA_API_KEY"
    if status == 403:
        return f"Artificial Analysis refused access (HTTP 403 from {url}); check the key's plan"
    if status == 404:
        return f"{url} does not exist (HTTP 404); check EVALGUARD_AA_BASE_URL"
    if status == 429:
        return (
            f"Artificial Analysis rate limit reached (HTTP 429 from {url}, {attempts} attempts); "
            "the free API allows 1,000 requests a day, try again later"
        )
    if status >= 500:
        return f"Artificial Analysis failed (HTTP {status} from {url}, {attempts} attempts)"
    return f"Artificial Analysis answered HTTP {status} from {url}"


def _timed_out(exc: Exception) -> bool:
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, (ReadTimeoutError, TimeoutError))


def _reason(exc: Exception) -> str:
    """A short reason from a connection error, without URLs or headers."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    text = str(reason or exc)
    for known in ("Connection refused", "Name or service not known", "Connection reset"):
        if known.lower() in text.lower():
            return known.lower()
    return type(reason or exc).__name__


def _parse(body: bytes) -> Any:
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as exc:
        raise AAError(
            f"Artificial Analysis answered malformed JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError:  # not UTF-8
        raise AAError("Artificial Analysis answered malformed JSON (not UTF-8)") from None
    try:
        models_in(payload)
    except AAPayloadError as exc:
        raise AAError(f"Artificial Analysis answered JSON of another shape: {exc}") from None
    return payload
