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
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

import orjson
from starlette.requests import Request
from starlette.responses import Response

from api import errors as codes
from api.errors import RequestError
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
    ) -> None:
        self.runner = runner
        self.settings = settings
        self.persisted = persisted
        self.metrics = metrics
        self.store_of = store_of
        self.extract = extract
        self.graphiql = graphiql

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and wants_graphiql(request):
            return self.graphiql.page()
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
        needed = "write" if prepared.operation_type == "mutation" else "read"
        if not principal.has_scope(needed):
            what = "Writes (mutations)" if needed == "write" else "Reads"
            if not has_key:
                raise RequestError(
                    f"{what} need an API key with scope `{needed}`: send `Authorization: Bearer <key>`.",
                    codes.UNAUTHENTICATED,
                    401,
                    {"WWW-Authenticate": "Bearer"},
                )
            raise RequestError(f"{what} need an API key with scope `{needed}`.", codes.FORBIDDEN, 403)
        try:
            store = await self.store_of()
        except StoreUnavailable:
            raise RequestError(
                codes.STORE_UNAVAILABLE_MESSAGE, codes.STORE_UNAVAILABLE, 503, {"Retry-After": "5"}
            ) from None
        services = LoaderServices(store, on_loaded=self._count_loaded, extract=self.extract)
        context = make_context(
            store,
            services,
            principal,
            max_first=self.settings.max_first,
            debug=self.settings.debug,
            request_id=getattr(request.state, "request_id", None),
        )
        result = await _unless_client_leaves(request, self.runner.execute(prepared, context))
        result.private = has_key
        return result

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
