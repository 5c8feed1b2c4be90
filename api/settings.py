"""Every setting of the service, read from environment variables (and overridden by command-line flags).

Each setting is `CLAIMGRAPH_<NAME>` in the environment (e.g. `CLAIMGRAPH_PORT=9000`), except
`MONGODB_URI`, which is read as is because that is the name every MongoDB tool uses. The docstring
under each field is its documentation: the README lists them with these defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """The service's configuration. `Settings(**flags)` gives flags priority over the environment."""

    model_config = SettingsConfigDict(
        env_prefix="CLAIMGRAPH_",
        extra="ignore",
        populate_by_name=True,
        validate_default=True,
    )

    # -- store -----------------------------------------------------------------------------------
    data: Path = Path(".claimgraph")
    """Folder of the embedded SQLite store, used when MONGODB_URI is unset. Default `./.claimgraph`."""
    mongodb_uri: str | None = Field(default=None, validation_alias=AliasChoices("MONGODB_URI", "mongodb_uri"))
    """`MONGODB_URI` (no prefix): use MongoDB at this URI instead of the embedded store. Default unset."""
    db: str | None = None
    """MongoDB database name when the URI names none. Default `claimgraph`."""
    lock_timeout: float = Field(default=10.0, ge=0)
    """Seconds a write (mutation, load) waits for another process's writer lock on the embedded store. 10."""
    max_store_bytes: int | None = Field(default=None, ge=1_000_000)
    """Largest size of the embedded store's database; a write past it is refused with STORE_FULL, as
    on a full disk. Default none (the disk is the limit)."""

    # -- extraction ------------------------------------------------------------------------------
    spacy_model: str | None = None
    """Installed spaCy package to extract with. Default: en_core_web_sm if installed, else the bundled one."""
    load_workers: int | None = Field(default=None, ge=1)
    """Processes `claimgraph load` extracts with. Default: decided by the loader from the input size."""
    preload_model: bool = True
    """`serve` starts its extraction process and loads the language model at start, in the
    background, so the first write does not wait for it (/readyz says when it is ready). Default true."""
    extraction_timeout_seconds: float = Field(default=120.0, gt=0)
    """Time budget of extraction in one ingestArticles call; past it the extraction is stopped and
    the articles are refused with a message saying so (nothing is written). Default 120."""

    # -- HTTP ------------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    """Address `claimgraph serve` listens on. Default 127.0.0.1 (loopback only)."""
    port: int = Field(default=8000, ge=0, le=65535)
    """Port `claimgraph serve` listens on. Default 8000."""
    workers: int | None = Field(default=None, ge=1)
    """Processes `serve` answers with, on one store (readers in parallel, one writer at a time).
    Default: one per core."""
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    """On SIGTERM, how long in-flight requests may go on before they are stopped and `serve` exits. 10."""
    debug: bool = False
    """Show unexpected errors' messages in responses (never a stack trace). Default false."""
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Origins allowed by CORS, comma-separated (`*` for any). Default none (no CORS headers)."""
    cache_max_age: int = Field(default=60, ge=0)
    """Seconds a successful GET query may be cached (`Cache-Control: public, max-age=N`). Default 60."""

    # -- limits ----------------------------------------------------------------------------------
    max_first: int = Field(default=100, ge=1, le=1000)
    """Largest `first` a connection accepts. Default 100."""
    max_depth: int = Field(default=12, ge=1)
    """Deepest field nesting a query may have (fragments included). Default 12."""
    max_aliases: int = Field(default=30, ge=1)
    """Most aliases in one document. Default 30."""
    max_tokens: int = Field(default=2000, ge=10)
    """Most lexical tokens in one document; the parser stops past it. Default 2000."""
    max_cost: int = Field(default=50_000, ge=1)
    """Largest query cost: a field costs 1, a connection `first` x its children's cost. Default 50000."""
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    """Largest request body (and GET query string) in bytes; larger gets HTTP 413. Default 1000000."""
    max_header_bytes: int = Field(default=65_536, ge=1024)
    """Largest request line and headers together, in bytes; larger gets HTTP 431. Default 65536."""
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    """Time budget of one GraphQL query; past it the answer is an error with code TIMEOUT (mutations run
    to the end). Default 10."""
    introspection: bool = True
    """Allow introspection queries (`__schema`, `__type`), which GraphiQL needs. Default true."""

    # -- subscriptions ---------------------------------------------------------------------------
    max_subscriptions_per_connection: int = Field(default=10, ge=1)
    """Most subscriptions one WebSocket connection may run at once. Default 10."""
    max_connections_per_key: int = Field(default=20, ge=1)
    """Most streaming connections (WebSocket and server-sent events) one API key may hold open;
    anonymous clients count per address. Default 20."""
    keepalive_seconds: float = Field(default=15.0, gt=0)
    """Seconds between keep-alives on an idle stream (a WebSocket `ping`, an SSE comment). Default 15."""
    connection_init_wait_seconds: float = Field(default=10.0, gt=0)
    """Seconds a WebSocket may stay open without `connection_init` before it is closed (4408). 10."""
    event_poll_seconds: float = Field(default=0.5, gt=0)
    """Seconds between looks at the store's event log for writes of other processes, while this
    process has subscribers (a write of this process is seen at once). Default 0.5."""

    # -- access ----------------------------------------------------------------------------------
    require_read_key: bool = False
    """Reads need an API key with scope `read` too (writes always need `write`). Default false."""
    allow_list_only: bool = False
    """Run only registered documents (the persisted queries file); anything else is refused. Default false."""
    persisted_queries: Path | None = None
    """JSON file of registered documents: a list of query strings, or {sha256: query}. Default none."""

    # -- logs ------------------------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Least severe log level written to stderr. Default INFO."""
    log_json: bool = True
    """Logs as JSON lines (one object per event); false gives plain text. Default true."""
    metrics_operations: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Operation names counted under their own name in the metrics, comma-separated (the operations
    of the persisted queries file count too); any other name counts as `other`, so clients cannot
    flood the metrics with names. Default none."""

    @field_validator("cors_origins", "metrics_operations", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        # A comma-separated env var is friendlier than the JSON list pydantic-settings expects.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("mongodb_uri", "db", "spacy_model", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        # `MONGODB_URI=` in a shell or a .env file means "not set", not "connect to ''".
        return None if isinstance(value, str) and not value.strip() else value


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with `overrides` (command-line flags) taking priority.
    Overrides that are None mean "flag not given" and are ignored."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
