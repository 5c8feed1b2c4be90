"""GraphQL over WebSocket at /graphql: the graphql-transport-ws protocol, which Apollo Client and
urql speak through the `graphql-ws` library (github.com/enisdenjo/graphql-ws, PROTOCOL.md).

    client                                  server
    connection_init {payload: {authorization: "Bearer cg_…"}}
                                            connection_ack            (or close 4403: bad key)
    subscribe {id, payload: {query, variables, operationName, extensions}}
                                            next {id, payload: ExecutionResult} …
                                            complete {id}             (or error {id, payload: [errors]})
    complete {id}                           (the subscription stops)
    ping / pong                             ping every `keepalive_seconds` on an idle connection

The API key comes from `connection_init`'s payload (`authorization: "Bearer …"` or `x-api-key`,
any case, or the same under `headers`), else from the upgrade request's headers. Every operation
goes through the one runner (api.execution): the same depth, alias, token, cost and introspection
rules and persisted queries as HTTP, the same scopes (subscriptions and queries read, mutations
write) and the same error formatter. At most `max_subscriptions_per_connection` operations run at
once on a connection, and an API key holds at most `max_connections_per_key` streaming
connections (with server-sent events).

Close codes, as the protocol has them: 4400 a malformed message, 4401 a subscribe before the
acknowledgement, 4403 a key refused, 4408 no connection_init in time, 4409 an id already running,
4429 a second connection_init; 1008 too many connections for the key; 1011 the store unavailable.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from api import errors as codes
from api.errors import RequestError
from api.execution import Refused
from api.graphql_http import GraphQLEndpoint, check_scope
from api.keys import InvalidKey, anonymous, authenticate, token_from_headers
from schema.context import Principal
from store.base import StoreUnavailable

PROTOCOL = "graphql-transport-ws"


class Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class GraphQLWebSocket:
    """The WebSocket endpoint of /graphql: `WebSocketRoute("/graphql", GraphQLWebSocket(endpoint).handle)`.
    It shares the HTTP endpoint's runner, persisted queries, event hub and connection limits."""

    def __init__(self, endpoint: GraphQLEndpoint) -> None:
        self.endpoint = endpoint
        self.settings = endpoint.settings

    async def handle(self, websocket: WebSocket) -> None:
        if PROTOCOL not in websocket.scope.get("subprotocols", []):
            # The handshake is refused (HTTP 403): a client speaking another protocol learns it at once.
            await websocket.close(code=4406, reason=f"Subprotocol not acceptable: use {PROTOCOL}")
            return
        await websocket.accept(subprotocol=PROTOCOL)
        await Connection(self, websocket).run()


class Connection:
    """One WebSocket connection: its key, its running operations, its keep-alive."""

    def __init__(self, server: GraphQLWebSocket, websocket: WebSocket) -> None:
        self.server = server
        self.endpoint = server.endpoint
        self.settings = server.settings
        self.websocket = websocket
        self.principal: Principal | None = None
        self.has_key = False
        self.holder: str | None = None  # what the connection limit counts this connection under
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.send_lock = asyncio.Lock()

    async def run(self) -> None:
        keepalive = asyncio.ensure_future(self._keepalive())
        try:
            await asyncio.wait_for(self._init(), self.settings.connection_init_wait_seconds)
            while True:
                await self._handle(await self._receive())
        except TimeoutError:
            await self._close(4408, "Connection initialisation timeout")
        except Close as close:
            await self._close(close.code, close.reason)
        except WebSocketDisconnect:
            pass
        finally:
            keepalive.cancel()
            for task in list(self.operations.values()):
                task.cancel()
            await asyncio.gather(keepalive, *self.operations.values(), return_exceptions=True)
            if self.holder is not None:
                self.endpoint.limits.release(self.holder)

    # -- messages --------------------------------------------------------------------------------
    async def _receive(self) -> dict[str, Any]:
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text = message.get("text")
        if text is None:
            raise Close(4400, "Messages must be JSON text frames")
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise Close(4400, "Invalid message received: not JSON") from None
        if not isinstance(value, dict) or not isinstance(value.get("type"), str):
            raise Close(4400, "Invalid message received: an object with a `type` is expected")
        return value

    async def _send(self, message: dict[str, Any]) -> None:
        async with self.send_lock:
            if self.websocket.application_state == WebSocketState.CONNECTED:
                await self.websocket.send_text(orjson.dumps(message).decode())

    async def _close(self, code: int, reason: str) -> None:
        if self.websocket.application_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await self.websocket.close(code=code, reason=reason[:120])

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(self.settings.keepalive_seconds)
            await self._send({"type": "ping", "payload": {"message": "keep-alive"}})

    # -- the handshake ---------------------------------------------------------------------------
    async def _init(self) -> None:
        while True:
            message = await self._receive()
            if message["type"] == "connection_init":
                break
            if message["type"] in ("ping", "pong"):
                await self._pong(message)
                continue
            if message["type"] == "subscribe":
                raise Close(4401, "Unauthorized: send connection_init first")
            raise Close(
                4400, f"Invalid message received: unexpected {message['type']!r} before connection_init"
            )
        payload = message.get("payload")
        if payload is not None and not isinstance(payload, dict):
            raise Close(4400, "Invalid message received: connection_init's payload must be an object")
        try:
            self.principal, self.has_key = await self._authenticate(payload or {})
        except InvalidKey as err:
            raise Close(4403, f"Forbidden: {err}") from None
        except StoreUnavailable:
            raise Close(1011, codes.STORE_UNAVAILABLE_MESSAGE) from None
        client = self.websocket.client
        holder = self.principal.name or f"anonymous@{client.host if client else '?'}"
        if not self.endpoint.limits.acquire(holder):
            raise Close(
                1008, f"Too many connections for this API key (the limit is {self.endpoint.limits.per_key})"
            )
        self.holder = holder
        await self._send({"type": "connection_ack"})

    async def _authenticate(self, payload: Mapping[str, Any]) -> tuple[Principal, bool]:
        headers = {str(k).lower(): v for k, v in payload.items() if isinstance(v, str)}
        nested = payload.get("headers")
        if isinstance(nested, dict):
            headers.update({str(k).lower(): v for k, v in nested.items() if isinstance(v, str)})
        if "apikey" in headers:
            headers.setdefault("x-api-key", headers["apikey"])
        token = token_from_headers(headers) or token_from_headers(self.websocket.headers)
        if token is None:
            if self.settings.require_read_key:
                raise InvalidKey(
                    "An API key is required: put `authorization: Bearer <key>` in connection_init."
                )
            return anonymous(can_read=True), False
        return await authenticate(await self.endpoint.store_of(), token), True

    async def _pong(self, message: dict[str, Any]) -> None:
        if message["type"] == "ping":
            reply: dict[str, Any] = {"type": "pong"}
            if "payload" in message:
                reply["payload"] = message["payload"]
            await self._send(reply)

    # -- operations ------------------------------------------------------------------------------
    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind in ("ping", "pong"):
            await self._pong(message)
        elif kind == "connection_init":
            raise Close(4429, "Too many initialisation requests")
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
        else:
            raise Close(4400, f"Invalid message received: unknown type {kind!r}")

    async def _subscribe(self, message: dict[str, Any]) -> None:
        op_id, payload = message.get("id"), message.get("payload")
        if not isinstance(op_id, str) or not op_id or not isinstance(payload, dict):
            raise Close(4400, "Invalid message received: subscribe needs an `id` and a `payload` object")
        if op_id in self.operations:
            raise Close(4409, f"Subscriber for {op_id} already exists")
        if len(self.operations) >= self.settings.max_subscriptions_per_connection:
            await self._error(
                op_id,
                [
                    {
                        "message": "Too many subscriptions on this connection (the limit is "
                        f"{self.settings.max_subscriptions_per_connection}): complete one first.",
                        "extensions": {"code": codes.TOO_MANY_SUBSCRIPTIONS},
                    }
                ],
            )
            return
        self.operations[op_id] = asyncio.ensure_future(self._operate(op_id, payload))

    async def _error(self, op_id: str, errors: list[dict[str, Any]]) -> None:
        await self._send({"type": "error", "id": op_id, "payload": errors})

    async def _operate(self, op_id: str, payload: dict[str, Any]) -> None:
        endpoint = self.endpoint
        assert self.principal is not None
        try:
            params = endpoint._check_params(payload)
            query = endpoint.persisted.resolve(params["query"], params["extensions"])
            prepared = endpoint.runner.prepare(
                query, params["variables"], params["operationName"], allow_subscriptions=True
            )
            check_scope(self.principal, self.has_key, prepared.operation_type)
            store = await endpoint.store()
        except Refused as refused:
            await self._error(op_id, refused.errors(debug=self.settings.debug))
            self.operations.pop(op_id, None)
            return
        except RequestError as err:
            await self._error(op_id, [err.as_error()])
            self.operations.pop(op_id, None)
            return
        context = endpoint.context_for(store, self.principal, None)
        first = True
        try:
            async with contextlib.aclosing(endpoint.runner.stream(prepared, context)) as results:
                async for response in results:
                    body = response.body
                    refused = body.get("data") is None and body.get("errors")
                    if first and prepared.operation_type == "subscription" and refused:
                        # Refused before it streamed (an unknown actor, an event too old to replay).
                        await self._error(op_id, body.get("errors") or [])
                        return
                    first = False
                    await self._send({"type": "next", "id": op_id, "payload": body})
            await self._send({"type": "complete", "id": op_id})
        finally:
            self.operations.pop(op_id, None)
