"""Settings from the environment (BINA_*, DATABASE_URL) and an optional `.env` file."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of Bina in one place; tests build their own instead of reading the environment."""

    model_config = SettingsConfigDict(
        env_prefix="BINA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default="sqlite:///./bina.db",
        validation_alias=AliasChoices("DATABASE_URL", "BINA_DATABASE_URL"),
        description="sqlite:///path or postgresql://user:pass@host/db (Supabase works)",
    )
    daily_limit: int = Field(default=3, ge=0, description="free generations per rolling 24 h")
    jwt_secret: SecretStr | None = Field(default=None, description="HS256 secret for Bearer JWTs")
    cookie_secret: SecretStr | None = Field(
        default=None,
        description="signs the anonymous-user cookie; derived from the database URL when unset",
    )
    retention_hours: float = Field(
        default=24, gt=0, description="finished jobs are purged this many hours after they end"
    )
    lease_seconds: float = Field(
        default=30,
        gt=0,
        description="a claimed job whose worker stops heartbeating is taken over after this",
    )
    max_attempts: int = Field(default=3, ge=1, description="attempts before a job fails for good")
    heartbeat_seconds: float | None = Field(
        default=None, gt=0, description="how often a worker renews its leases; lease/3 when unset"
    )
    poll_seconds: float = Field(
        default=1.0, gt=0, description="fallback polling interval when no notification arrives"
    )
    listen: bool = Field(
        default=True,
        description="use PostgreSQL LISTEN/NOTIFY; always off behind a pooler in transaction "
        "mode (`?pgbouncer=true`, Supabase's port 6543), where waiters poll instead",
    )
    takeover_check_seconds: float = Field(
        default=0.5,
        ge=0,
        description="how often a worker looks for workers whose process died and takes over "
        "their running jobs at once; 0 = only their leases tell",
    )
    concurrency: int = Field(default=4, ge=1, description="jobs at once per worker process")
    purge_interval_seconds: float = Field(
        default=300, gt=0, description="how often a worker purges jobs past the retention"
    )
    shutdown_grace_seconds: float = Field(
        default=10, ge=0, description="on SIGTERM, how long running jobs may finish before release"
    )

    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible API that writes the copy (OpenAI, DeepSeek, Qwen, "
        "Ollama, vLLM); unset = the offline generator",
    )
    llm_api_key: SecretStr | None = Field(default=None, description="that API's key")
    llm_model: str | None = Field(default=None, description="the model to ask for")
    llm_timeout_s: float = Field(
        default=45, gt=0, description="how long one call to the model may take"
    )
    offline_delay_s: float = Field(
        default=0,
        ge=0,
        description="paces the offline generator over this many seconds, to rehearse a real "
        "model's latency in demos and tests",
    )
    image_api_url: str | None = Field(
        default=None, description="optional HTTP image provider; unset = offline SVG art"
    )

    trusted_proxies: list[str] = Field(
        default_factory=list, description="addresses whose X-Forwarded-For is believed"
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="origins (scheme://host[:port]) whose pages may call the API: a JSON list "
        "or comma-separated; `*` allows any origin, but then never with cookies",
    )
    simple_timeout_s: float = Field(
        default=120,
        gt=0,
        description="how long POST /api/generate-simple waits for the site before answering 202",
    )
    public_url: str | None = Field(
        default=None,
        description="the service's public address (https://bina.example.com), used in the "
        "absolute links of published sites; unset = the request's scheme and host",
    )
    sites_domain: str | None = Field(
        default=None,
        description="publish each site at https://{slug}.{sites_domain} too (wildcard DNS "
        "and certificate needed); unset = only at /s/{slug}",
    )
    max_sites_per_user: int = Field(default=50, ge=1, description="published sites per user")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="debug, info, warning or error"
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="`json`: one JSON object per log line (for a log collector); `text`: readable",
    )

    # The database under load or away.
    db_pool_size: int | None = Field(
        default=None,
        ge=1,
        description="PostgreSQL: the connections each process's pool holds, kept open, never "
        "more (the API, its embedded worker and the sites share one pool; a `bina worker` has "
        "its own); plus one for LISTEN and one for a worker's liveness lock where those are "
        "on. Unset = twice the work at once: 20 for `bina serve`, 2 × (concurrency + 2) for "
        "`bina worker`. Keep it at least concurrency + 2. SQLite ignores it",
    )
    db_timeout_s: float = Field(
        default=3,
        gt=0,
        description="a database that does not answer within this many seconds is a 503",
    )

    # Tokens (Supabase signs with asymmetric keys published as a JWKS; HS256 is the legacy way).
    jwt_jwks_url: str | None = Field(
        default=None, description="JWKS address whose keys verify ES256/RS256/EdDSA tokens"
    )
    supabase_url: str | None = Field(
        default=None,
        description="https://<ref>.supabase.co: sets the JWKS address, the issuer "
        "(<url>/auth/v1) and the audience (authenticated) in one go",
    )
    jwt_audience: str | None = Field(default=None, description="the `aud` every token must have")
    jwt_issuer: str | None = Field(default=None, description="the `iss` every token must have")

    # The HTTP edge (`bina serve`).
    host: str | None = Field(
        default=None,
        description="address to listen on; unset = 127.0.0.1, or 0.0.0.0 when the platform "
        "sets PORT (a container's port must be reachable from outside it)",
    )
    port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        validation_alias=AliasChoices("BINA_PORT", "PORT"),
        description="port to listen on (BINA_PORT, else the platform's PORT, else 8000)",
    )
    header_timeout_s: float = Field(
        default=30,
        gt=0,
        description="a request whose headers are not all in by then is answered 408 and "
        "closed; so is one whose body stops arriving for as long",
    )
    max_header_bytes: int = Field(
        default=32 * 1024, ge=1024, description="request line plus headers; larger → 431"
    )
    max_connections: int = Field(
        default=1000,
        ge=1,
        description="open connections (or requests in progress) per process; a request over "
        "it is answered 503",
    )

    # Webhooks: a signed POST to `callback_url` when a job ends.
    webhook_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="hosts a start's `callback_url` may point at (HTTPS only); empty = no webhooks",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="signs webhooks (Bina-Signature); derived from the cookie secret when unset",
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        # Parsed by the parser the database layer uses, so that a bad URL is reported as a
        # setting when the program starts, not as a failure inside its first connection.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
            port = url.port
        except (ArgumentError, ValueError):
            raise ValueError(
                "not a database URL like sqlite:///bina.db or postgresql://user:pass@host/db"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
            raise ValueError("DATABASE_URL must start with sqlite:// or postgresql://")
        if port is not None and not 0 < port < 65536:
            raise ValueError(f"port {port} is not between 1 and 65535")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an address like https://bina.example.com")
        return value.strip().rstrip("/")

    @field_validator("sites_domain")
    @classmethod
    def _sites_domain(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        domain = value.strip().lower().rstrip(".")
        if not re.fullmatch(
            r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", domain
        ):
            raise ValueError(f"{value!r} is not a domain like sites.example.com")
        return domain

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        entries = _entries(value)
        return [_origin(entry) for entry in entries] if entries is not None else value

    @field_validator("webhook_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> Any:
        entries = _entries(value)
        if entries is None:
            return value
        return [entry.lower().rstrip(".") for entry in entries]

    @field_validator("jwt_jwks_url", "supabase_url", "jwt_audience", "jwt_issuer", "host")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def effective_heartbeat_seconds(self) -> float:
        return self.heartbeat_seconds or max(self.lease_seconds / 3, 0.05)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def _entries(value: Any) -> list[str] | None:
    """A list setting as the environment gives it (a JSON list or comma-separated), its blank
    entries dropped; None when it is not a list at all (pydantic then says why)."""
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else text.split(",")
    if not isinstance(value, list):
        return None
    return [str(entry).strip() for entry in value if str(entry).strip()]


def _origin(entry: object) -> str:
    """An origin as browsers send it in `Origin`: lower-case scheme and host, no path."""
    text = str(entry).strip()
    if text == "*":
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{text!r} is not an origin like https://shop.example.com")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{text!r}: an origin has no path, query or user, only scheme://host")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
