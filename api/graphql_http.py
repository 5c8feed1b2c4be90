"""The /graphql endpoint: GraphQL over HTTP (POST JSON, GET for queries, GraphiQL for browsers:
api/graphiql.py).

A small handler of our own rather than `strawberry.asgi.GraphQL`, because the API needs control at
every step Strawberry's view hides: API keys decide the HTTP status (401/403), the body is read
with a size cap before parsing (413), persisted queries are resolved before the document exists,
the document is priced with its variables, execution has a time budget, and every request is
counted and logged with its outcome. Status codes follow the GraphQL-over-HTTP spec: with
`Accept: application/graphql-response+json` a document that fails to parse or validate gets 400;
with plain `application/json` it gets 200, as older clients expect.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Mapping
from typing import Any, TypeVar

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api import errors as codes
from api.errors import TOO_MANY_CONNECTIONS, RequestError
from api.events import ConnectionLimits, EventHub
from api.execution import GraphQLRunner, Refused
from api.execution import Response as GraphQLResponse
from api.graphiql import GraphiQLPage
from api.keys import InvalidKey, anonymous, authenticate, token_from_headers
from api.metrics import Metrics
from api.persisted import PersistedQueries
from api.services import LoaderServices
from api.settings import Settings
from schema.context import Principal, make_context
from store.base import StoreUnavailable

T = TypeVar("T")
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
EVENT_STREAM = "text/event-stream"
_POST_MEDIA_TYPES = {"application/json", "application/graphql+json"}


def _media_types(header: str) -> list[str]:
    return [part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()]


def choose_response_type(accept: str | None) -> str | None:
    """The media type to answer with, or None when the client accepts none we produce (406)."""
    if not accept:
        return JSON  # the spec's legacy default
    for media in _media_types(accept):
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return None


def wants_graphiql(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return (
        "text/html" in accept
        and "query" not in request.query_params
        and ("extensions" not in request.query_params)
    )


class GraphQLEndpoint:
    """The handler of /graphql: `Route("/graphql", GraphQLEndpoint(...).handle)`."""

    def __init__(
        self,
        *,
        runner: GraphQLRunner,
        settings: Settings,
        persisted: PersistedQueries,
        metrics: Metrics,
        store_of: Any,  # async () -> Store, from the app (the store may open late)
        extract: Any = None,  # the app's extraction (LoaderServices' `extract`)
        graphiql: GraphiQLPage,
        events: EventHub | None = None,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self.runner = runner
        self.settings = settings
        self.persisted = persisted
        self.metrics = metrics
        self.store_of = store_of
        self.extract = extract
        self.graphiql = graphiql
        self.events = events
        self.limits = limits or ConnectionLimits(settings.max_connections_per_key)

    def context_for(
        self, store: Any, principal: Principal, request_id: str | None, **extra: Any
    ) -> Any:
        """The context of one operation, whatever its transport."""
        services = LoaderServices(store, on_loaded=self._count_loaded, extract=self.extract)
        return make_context(
            store,
            services,
            principal,
            max_first=self.settings.max_first,
            debug=self.settings.debug,
            events=self.events,
            request_id=request_id,
            **extra,
        )

    async def store(self) -> Any:
        try:
            return await self.store_of()
        except StoreUnavailable:
            raise RequestError(
                codes.STORE_UNAVAILABLE_MESSAGE, codes.STORE_UNAVAILABLE, 503, {"Retry-After": "5"}
            ) from None

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and wants_graphiql(request):
            return self.graphiql.page()
        accept = _media_types(request.headers.get("accept", ""))
        if request.method in ("GET", "POST") and EVENT_STREAM in accept:
            return await self._event_stream(request)
        started = time.perf_counter()
        media = choose_response_type(request.headers.get("accept"))
        graphql_response: GraphQLResponse | None = None
        try:
            if request.method not in ("GET", "POST"):
                raise RequestError(
                    "Use GET (queries) or POST.", codes.METHOD_NOT_ALLOWED, 405, {"Allow": "GET, POST"}
                )
            if media is None:
                raise RequestError(
                    f"Cannot answer in any type of the Accept header; use {JSON} or {GRAPHQL_RESPONSE}.",
                    codes.BAD_REQUEST,
                    406,
                )
            params = await self._params(request)
            graphql_response = await self._run(request, params)
            response = self._respond(graphql_response, media or JSON, request.method)
        except RequestError as err:
            outcome = "unavailable" if err.code == codes.STORE_UNAVAILABLE else "rejected"
            graphql_response = GraphQLResponse(
                {"errors": [err.as_error()]}, executed=False, outcome=outcome, error_codes=[err.code]
            )
            response = self._encode(
                {"errors": [err.as_error()]},
                err.status,
                media or JSON,
                {**err.headers, "Cache-Control": "no-store"},
            )
        except ClientGone:
            # Nobody is left to read an answer; the status is for the access log (nginx's 499).
            graphql_response = GraphQLResponse({}, executed=True, outcome="client_gone")
            response = Response(status_code=499)
        elapsed = time.perf_counter() - started
        self.metrics.observe_request(graphql_response.operation_name, graphql_response.outcome, elapsed)
        # Read by the request-log middleware, which writes one line per request.
        request.state.graphql = {
            "operation": graphql_response.operation_name,
            "operation_type": graphql_response.operation_type,
            "outcome": graphql_response.outcome,
            "error_codes": graphql_response.error_codes,
        }
        return response

    # -- request parsing -------------------------------------------------------------------------
    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            raw_query = request.url.query
            if len(raw_query.encode()) > self.settings.max_body_bytes:
                raise RequestError(
                    f"The query string is larger than {self.settings.max_body_bytes} bytes.",
                    codes.PAYLOAD_TOO_LARGE,
                    413,
                )
            qp = request.query_params
            params: dict[str, Any] = {"query": qp.get("query"), "operationName": qp.get("operationName")}
            for name in ("variables", "extensions"):
                text = qp.get(name)
                if text:
                    try:
                        params[name] = orjson.loads(text)
                    except orjson.JSONDecodeError:
                        raise RequestError(f"{name} must be a JSON object", codes.BAD_REQUEST) from None
            return self._check_params(params)
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in _POST_MEDIA_TYPES:
            raise RequestError(
                f"POST bodies must be {JSON} (got {media or 'no Content-Type'}).", codes.BAD_REQUEST, 415
            )
        body = await self._read_body(request)
        try:
            params = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise RequestError("The request body is not valid JSON.", codes.BAD_REQUEST) from None
        if not isinstance(params, dict):
            raise RequestError(
                "The request body must be a JSON object with `query` (batches are not supported).",
                codes.BAD_REQUEST,
            )
        return self._check_params(params)

    async def _read_body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        too_large = RequestError(
            f"The request body is larger than the limit of {limit} bytes.", codes.PAYLOAD_TOO_LARGE, 413
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_large  # refused before reading a byte
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _check_params(params: Mapping[str, Any]) -> dict[str, Any]:
        query = params.get("query")
        variables = params.get("variables")
        operation_name = params.get("operationName")
        extensions = params.get("extensions")
        if query is not None and not isinstance(query, str):
            raise RequestError("query must be a string", codes.BAD_REQUEST)
        if variables is not None and not isinstance(variables, dict):
            raise RequestError("variables must be a JSON object", codes.BAD_REQUEST)
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError("operationName must be a string", codes.BAD_REQUEST)
        if extensions is not None and not isinstance(extensions, dict):
            raise RequestError("extensions must be a JSON object", codes.BAD_REQUEST)
        return {
            "query": query,
            "variables": variables,
            "operationName": operation_name,
            "extensions": extensions,
        }

    # -- running ---------------------------------------------------------------------------------
    async def _principal(self, request: Request, store_getter: Any) -> tuple[Principal, bool]:
        """(who is asking, whether a key was sent). 401 for a bad key, or for none when reads need one."""
        try:
            token = token_from_headers(request.headers)
            if token is None:
                if self.settings.require_read_key:
                    raise RequestError(
                        "An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
                        codes.UNAUTHENTICATED,
                        401,
                        {"WWW-Authenticate": "Bearer"},
                    )
                return anonymous(can_read=True), False
            return await authenticate(await store_getter(), token), True
        except InvalidKey as err:
            raise RequestError(str(err), codes.UNAUTHENTICATED, 401, {"WWW-Authenticate": "Bearer"}) from None
        except StoreUnavailable:
            raise RequestError(
                codes.STORE_UNAVAILABLE_MESSAGE, codes.STORE_UNAVAILABLE, 503, {"Retry-After": "5"}
            ) from None

    async def _run(self, request: Request, params: dict[str, Any]) -> GraphQLResponse:
        principal, has_key = await self._principal(request, self.store_of)
        query = self.persisted.resolve(params["query"], params["extensions"])
        try:
            prepared = self.runner.prepare(
                query, params["variables"], params["operationName"], allow_mutations=request.method == "POST"
            )
        except Refused as refused:
            return refused.response(debug=self.settings.debug)
        check_scope(principal, has_key, prepared.operation_type)
        store = await self.store()
        context = self.context_for(store, principal, getattr(request.state, "request_id", None))
        result = await _unless_client_leaves(request, self.runner.execute(prepared, context))
        result.private = has_key
        return result

    # -- server-sent events (graphql-sse, distinct connections mode) -------------------------------------
    async def _event_stream(self, request: Request) -> Response:
        """Any operation over server-sent events: a `next` event per result (a subscription's one
        per event, with the event's id as the SSE id), then `complete`. Request problems (body,
        key, scope) answer as plain HTTP; a document that fails to parse or validate streams its
        errors in a `next`, as the protocol asks."""
        started = time.perf_counter()
        outcome = "rejected"
        try:
            params = await self._params(request)
            principal, has_key = await self._principal(request, self.store_of)
            query = self.persisted.resolve(params["query"], params["extensions"])
            try:
                prepared = self.runner.prepare(
                    query,
                    params["variables"],
                    params["operationName"],
                    allow_mutations=request.method == "POST",
                    allow_subscriptions=True,
                )
            except Refused as refused:
                body = refused.response(debug=self.settings.debug).body
                return _sse_response(_sse_once(body))
            check_scope(principal, has_key, prepared.operation_type)
            store = await self.store()
            holder = principal.name or f"anonymous@{request.client.host if request.client else '?'}"
            if not self.limits.available(holder):
                raise too_many_connections(self.limits.per_key)
            resume = request.headers.get("last-event-id")
            context = self.context_for(
                store,
                principal,
                getattr(request.state, "request_id", None),
                resume_after=int(resume) if resume and resume.isdigit() and len(resume) < 19 else None,
            )
            outcome = "success"
            return _sse_response(
                self._sse_results(prepared, context, holder), headers={"Cache-Control": "no-store"}
            )
        except RequestError as err:
            headers = {**err.headers, "Cache-Control": "no-store"}
            return self._encode({"errors": [err.as_error()]}, err.status, JSON, headers)
        finally:
            self.metrics.observe_request(None, outcome, time.perf_counter() - started)
            request.state.graphql = {"operation_type": "subscription", "outcome": outcome}

    async def _sse_results(self, prepared: Any, context: Any, holder: str) -> AsyncIterator[str]:
        # The slot is taken here, where the stream starts, so that the `finally` that gives it back
        # always runs (a response whose body never starts would never give it back).
        if not self.limits.acquire(holder):
            yield sse_event("next", {"errors": [too_many_connections(self.limits.per_key).as_error()]})
            yield "event: complete\ndata:\n\n"
            return
        try:
            async with contextlib.aclosing(self.runner.stream(prepared, context)) as results:
                async for response in with_keepalive(results, self.settings.keepalive_seconds):
                    if response is None:
                        yield ": keep-alive\n\n"
                        continue
                    yield sse_event("next", response.body, event_id_of(response.body))
            yield "event: complete\ndata:\n\n"
        finally:
            self.limits.release(holder)

    def _count_loaded(self, articles: int, claims: int) -> None:
        self.metrics.articles_loaded.inc(articles)
        self.metrics.claims_loaded.inc(claims)

    # -- responses -------------------------------------------------------------------------------
    def _respond(self, result: GraphQLResponse, media: str, method: str) -> Response:
        body = dict(result.body)
        private = result.private
        headers: dict[str, str] = {}
        status = 200
        if not result.executed:
            status = 400 if media == GRAPHQL_RESPONSE else 200
        elif (
            body.get("data") is None and body.get("errors") and not any(e.get("path") for e in body["errors"])
        ):
            # A request error (variables that do not coerce): nothing executed, so no `data` entry.
            body.pop("data", None)
            status = 400 if media == GRAPHQL_RESPONSE else 200
        elif result.outcome == "unavailable" and not _any_root_value(body.get("data")):
            status, headers["Retry-After"] = 503, "5"
        elif result.outcome == "busy" and not _any_root_value(body.get("data")):
            status, headers["Retry-After"] = 503, "2"
        elif result.outcome == "full" and not _any_root_value(body.get("data")):
            status = 507  # Insufficient Storage: not worth retrying until an operator frees space
        elif body.get("errors") and not _any_root_value(body.get("data")):
            auth_codes = {e.get("extensions", {}).get("code") for e in body["errors"]}
            if auth_codes == {codes.UNAUTHENTICATED}:
                status = 401
            elif auth_codes == {codes.FORBIDDEN}:
                status = 403
        if method == "GET" and status == 200 and not body.get("errors") and result.operation_type == "query":
            scope = "private" if private else "public"
            headers["Cache-Control"] = f"{scope}, max-age={self.settings.cache_max_age}"
        else:
            headers["Cache-Control"] = "no-store"
        headers["Vary"] = "Accept, Authorization, X-API-Key"
        return self._encode(body, status, media, headers)

    @staticmethod
    def _encode(body: dict[str, Any], status: int, media: str, headers: dict[str, str]) -> Response:
        return Response(
            orjson.dumps(body), status_code=status, headers=headers, media_type=f"{media}; charset=utf-8"
        )


def check_scope(principal: Principal, has_key: bool, operation_type: str) -> None:
    """Writes need `write`, everything else `read`: 401 without a key, 403 with too small a one."""
    needed = "write" if operation_type == "mutation" else "read"
    if principal.has_scope(needed):
        return
    what = "Writes (mutations)" if needed == "write" else "Reads"
    if not has_key:
        raise RequestError(
            f"{what} need an API key with scope `{needed}`: send `Authorization: Bearer <key>`.",
            codes.UNAUTHENTICATED,
            401,
            {"WWW-Authenticate": "Bearer"},
        )
    raise RequestError(f"{what} need an API key with scope `{needed}`.", codes.FORBIDDEN, 403)


def too_many_connections(limit: int) -> RequestError:
    return RequestError(
        f"Too many streaming connections for this API key (the limit is {limit}): close one first.",
        TOO_MANY_CONNECTIONS,
        429,
    )


def event_id_of(body: dict[str, Any]) -> str | None:
    """The eventId of a subscription result (its root field's), for the SSE `id:` line."""
    data = body.get("data")
    if isinstance(data, dict) and len(data) == 1:
        (value,) = data.values()
        if isinstance(value, dict) and isinstance(value.get("eventId"), str):
            return str(value["eventId"])
    return None


def sse_event(name: str, body: dict[str, Any], event_id: str | None = None) -> str:
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id else "")
    return head + "data: " + orjson.dumps(body).decode() + "\n\n"


async def _sse_once(body: dict[str, Any]) -> AsyncIterator[str]:
    yield sse_event("next", body)
    yield "event: complete\ndata:\n\n"


def _sse_response(events: AsyncIterator[str], headers: dict[str, str] | None = None) -> Response:
    return StreamingResponse(
        events,
        media_type=EVENT_STREAM,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no", **(headers or {})},
    )


async def with_keepalive(items: AsyncIterator[T], seconds: float) -> AsyncIterator[T | None]:
    """`items`, with a None every `seconds` that passes without one (a keep-alive)."""
    pending: asyncio.Future[T] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(items))
            done, _ = await asyncio.wait({pending}, timeout=seconds)
            if not done:
                yield None
                continue
            try:
                item = pending.result()
            except StopAsyncIteration:
                return
            finally:
                pending = None if done else pending
            yield item
    finally:
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration, Exception):
                await pending


class ClientGone(Exception):
    """The client disconnected before its answer was ready: its work was stopped."""


async def _unless_client_leaves(request: Request, work: Awaitable[T]) -> T:
    """Run `work`, cancelling it if the client disconnects first: a mutation's extraction stops
    (its process is killed) and its transaction rolls back, a query stops reading. The body has
    been read by now, so the next ASGI message can only be the disconnect."""
    task = asyncio.ensure_future(work)

    async def watch() -> None:
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                task.cancel()
                return

    watcher = asyncio.ensure_future(watch())
    try:
        return await task
    except asyncio.CancelledError:
        if watcher.done() and task.cancelled():
            raise ClientGone from None
        raise
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await watcher


def _any_root_value(data: Any) -> bool:
    return isinstance(data, dict) and any(v is not None for v in data.values())
