"""The ASGI application: routes, middleware, and the lifespan that opens and closes the store.

    /graphql   GraphQL over HTTP (api/graphql_http.py), server-sent events for `Accept: text/event-stream`,
               WebSocket (graphql-transport-ws, api/graphql_ws.py); GraphiQL for a browser's GET
    /graphiql/ GraphiQL's scripts and styles, shipped in the package (no CDN)
    /healthz   200 while the process runs (liveness)
    /readyz    200 when the store answers a ping, else 503 with the reason (readiness); its body also
               says whether extraction (the language model, api/warmup.py) is loading or ready
    /metrics   Prometheus metrics (api/metrics.py)

The app is stateless apart from the store handle: run as many replicas as needed. The store is
opened in the lifespan; when it cannot be reached then, the app still starts (readyz says 503) and
opens it on the first request that needs it, so a server started before its database recovers by
itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from api.events import EventHub
from api.execution import GraphQLRunner
from api.graphiql import GraphiQLPage
from api.graphql_http import GraphQLEndpoint
from api.graphql_ws import GraphQLWebSocket
from api.logs import request_id_from, request_id_var
from api.metrics import CONTENT_TYPE, Metrics
from api.persisted import PersistedQueries, operation_names, read_registered_documents
from api.settings import Settings
from loaders.extraction_process import ExtractionProcess
from schema import build_schema
from store import open_store
from store.base import Store, StoreUnavailable

logger = logging.getLogger("claimgraph.api")
access_logger = logging.getLogger("claimgraph.access")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class StoreHolder:
    """The app's store: given (tests), or opened from the settings on first need and kept."""

    def __init__(self, settings: Settings, store: Store | None, observer: Callable[[str, str], None]) -> None:
        self.settings = settings
        self._store = store
        self._owned = store is None
        self._observer = observer
        self._lock = asyncio.Lock()
        # After a failed open, requests fail fast for this long instead of each waiting for the
        # server-selection timeout (and piling up connection attempts) while the store is down.
        self.retry_seconds = 1.0
        self._failed_at: float | None = None
        self._failure: StoreUnavailable | None = None
        if store is not None:
            store.observers.append(observer)

    async def get(self) -> Store:
        if self._store is not None:
            return self._store
        async with self._lock:
            if self._store is None:
                if (
                    self._failure is not None
                    and self._failed_at is not None
                    and time.monotonic() - self._failed_at < self.retry_seconds
                ):
                    raise self._failure
                try:
                    store = await open_store(
                        mongodb_uri=self.settings.mongodb_uri,
                        data_dir=self.settings.data,
                        db_name=self.settings.db,
                        lock_timeout=self.settings.lock_timeout,
                        max_bytes=self.settings.max_store_bytes,
                    )
                except StoreUnavailable as err:
                    self._failed_at, self._failure = time.monotonic(), err
                    raise
                self._failed_at = self._failure = None
                store.observers.append(self._observer)
                self._store = store
        return self._store

    async def close(self) -> None:
        store, self._store = self._store, None
        if store is None:
            return
        with contextlib.suppress(ValueError):
            store.observers.remove(self._observer)
        if self._owned:
            await store.close()


class RequestLogMiddleware:
    """Gives every request an id (the client's X-Request-ID when sane), returns it in the response
    header, and writes one structured log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = request_id_from(incoming)
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            graphql = scope.get("state", {}).get("graphql") or {}
            access_logger.info(
                "%s %s %s",
                scope.get("method"),
                scope.get("path"),
                status_holder["status"],
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status_holder["status"],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    **{k: v for k, v in graphql.items() if v},
                },
            )
            request_id_var.reset(token)


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


def create_app(settings: Settings | None = None, store: Store | None = None) -> Starlette:
    """The Starlette app. With `store`, the app uses it and never closes it (the caller owns it);
    without, it opens the store the settings name and closes it at shutdown."""
    settings = settings or Settings()
    registered = read_registered_documents(settings.persisted_queries) if settings.persisted_queries else {}
    metrics = Metrics([*settings.metrics_operations, *operation_names(registered.values())])
    holder = StoreHolder(settings, store, metrics.observe_store)
    if settings.allow_list_only and not registered:
        raise ValueError("allow_list_only: needs a persisted queries file with at least one document")
    persisted = PersistedQueries(registered, allow_list_only=settings.allow_list_only)
    runner = GraphQLRunner(build_schema(), settings)
    extraction = ExtractionProcess(settings.spacy_model)
    graphiql = GraphiQLPage(settings)
    events = EventHub(holder.get, poll_seconds=settings.event_poll_seconds)
    graphql = GraphQLEndpoint(
        runner=runner,
        settings=settings,
        persisted=persisted,
        metrics=metrics,
        store_of=holder.get,
        extract=functools.partial(extraction.extract, budget=settings.extraction_timeout_seconds),
        graphiql=graphiql,
        events=events,
    )

    async def healthz(request: Request) -> Response:
        return _json({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            current = await holder.get()
            await current.ping()
        except StoreUnavailable as err:
            return _json({"status": "unavailable", "reason": str(err), **extraction.status()}, 503)
        if not await current.has_room():  # reads would work, but every write would be refused
            return _json({"status": "full", "reason": str(current.full)}, 503)
        # Reads are served either way; "extraction" tells when a write no longer waits for the model.
        return _json({"status": "ready", "backend": current.backend, **extraction.status()})

    async def metrics_endpoint(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.preload_model:
            extraction.start()  # the model loads in the background: the first write need not wait
        try:
            await holder.get()
        except StoreUnavailable as err:
            logger.warning("store unavailable at start, will retry on demand: %s", err)
        try:
            yield
        finally:
            await events.close()
            await extraction.close()
            await holder.close()

    middleware = [Middleware(RequestLogMiddleware)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Authorization", "X-API-Key", "X-Request-ID"],
                expose_headers=["X-Request-ID"],
                max_age=600,
            )
        )
    app = Starlette(
        debug=False,  # Starlette's debug pages show tracebacks; our own debug flag never does
        routes=[
            Route("/graphql", graphql.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
            WebSocketRoute("/graphql", GraphQLWebSocket(graphql).handle),
            Route("/graphiql/{path:path}", graphiql.asset, methods=["GET"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.runner = runner
    app.state.stores = holder
    app.state.extraction = extraction
    app.state.events = events
    app.state.limits = graphql.limits
    return app


def app_from_env() -> Starlette:
    """The app from environment settings alone: the factory `uvicorn --factory` and `--reload` use."""
    from api.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    return create_app(settings)
