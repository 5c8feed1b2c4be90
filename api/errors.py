"""Turning anything that went wrong into a GraphQL error a client can act on, and nothing more.

Every error in a response carries `extensions.code`. Errors graphql-core raises itself (syntax,
validation, variable coercion) and errors the schema raises on purpose (they carry a code) are shown
as they are; anything else is a bug, so outside debug mode its message is replaced with a generic one:
a response never shows a stack trace, a file path or a database message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

from store.base import StoreFull, StoreLocked, StoreUnavailable

logger = logging.getLogger("claimgraph.api")

# The codes this API answers with (schema/errors.py raises the domain ones).
BAD_REQUEST = "BAD_REQUEST"
BAD_USER_INPUT = "BAD_USER_INPUT"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
TIMEOUT = "TIMEOUT"
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
STORE_BUSY = "STORE_BUSY"
STORE_FULL = "STORE_FULL"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
QUERY_NOT_ALLOWED = "QUERY_NOT_ALLOWED"
INTERNAL = "INTERNAL_SERVER_ERROR"
TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS"
TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"

STORE_UNAVAILABLE_MESSAGE = "The store is unavailable right now; try again shortly."
STORE_BUSY_MESSAGE = "Another process is writing to the store; try again shortly."
STORE_FULL_MESSAGE = (
    "The store is full (no disk space left, or its size limit reached): nothing of this write was "
    "kept. Reads still work; writes will succeed again once an operator frees space."
)
INTERNAL_MESSAGE = "Internal server error."


class RequestError(Exception):
    """A request refused before (or instead of) execution, with the HTTP status it deserves."""

    def __init__(self, message: str, code: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.headers = headers or {}

    def as_error(self) -> dict[str, Any]:
        return {"message": self.message, "extensions": {"code": self.code}}


# GraphQL names hold no "?", so a suggestion ends at the first one: "Did you mean 'a' or 'b'?"
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """The error without graphql-core's "Did you mean 'x'?" ending, which names fields, arguments,
    types and enum values of the schema: with introspection off, they would leak it piece by piece."""
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def _root_cause(error: BaseException | None) -> BaseException | None:
    """The first exception in the chain that is not a GraphQLError wrapper."""
    seen: set[int] = set()
    while isinstance(error, GraphQLError) and error.original_error is not None and id(error) not in seen:
        seen.add(id(error))
        error = error.original_error
    return error


def _find_in_chain(error: BaseException | None, kind: type[BaseException]) -> BaseException | None:
    # StoreUnavailable may arrive wrapped (a DataLoader re-raising, `raise X from err`).
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return error
        seen.add(id(error))
        nxt = getattr(error, "original_error", None)
        error = nxt if isinstance(nxt, BaseException) else (error.__cause__ or error.__context__)
    return None


def format_error(error: GraphQLError, *, debug: bool, default_code: str = INTERNAL) -> dict[str, Any]:
    """One GraphQL error as the JSON a client sees: message, locations, path, extensions.code."""
    out: dict[str, Any] = {}
    cause = _root_cause(error)
    extensions = dict(error.extensions or {})
    if _find_in_chain(error, StoreUnavailable) is not None:
        message, extensions = STORE_UNAVAILABLE_MESSAGE, {"code": STORE_UNAVAILABLE}
    elif _find_in_chain(error, StoreLocked) is not None:
        message, extensions = STORE_BUSY_MESSAGE, {"code": STORE_BUSY}
    elif (full := _find_in_chain(error, StoreFull)) is not None:
        logger.error("write refused, the store is full: %s", full)  # the operator must act: say why
        message, extensions = STORE_FULL_MESSAGE, {"code": STORE_FULL}
    elif "code" in extensions:
        message = error.message  # raised on purpose, with a message meant for the client
    elif cause is None or isinstance(cause, GraphQLError):
        # graphql-core's own errors (syntax, validation, coercion): safe and useful to show.
        message, extensions["code"] = error.message, default_code
    else:
        code_of_cause = getattr(cause, "extensions", None)
        if isinstance(code_of_cause, dict) and "code" in code_of_cause:
            message, extensions = str(cause), dict(code_of_cause)
        else:
            logger.error(
                "unexpected error while resolving %s",
                ".".join(map(str, error.path or [])) or "request",
                exc_info=(type(cause), cause, cause.__traceback__),
            )
            message = f"{INTERNAL_MESSAGE} {type(cause).__name__}: {cause}" if debug else INTERNAL_MESSAGE
            extensions = {"code": INTERNAL}
    out["message"] = message
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    out["extensions"] = extensions
    return out
