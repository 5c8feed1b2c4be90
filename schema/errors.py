"""Errors the API answers with, each carrying a machine-readable `extensions.code`.

Resolvers raise the `ClaimgraphError` subclasses below; graphql-core copies an exception's
`extensions` attribute onto the GraphQL error it builds, so the code reaches the client as is.
`ErrorCodes` (a Strawberry extension) then gives every other error a code: store outages become
STORE_UNAVAILABLE, and anything unexpected becomes INTERNAL_SERVER_ERROR with a generic message
(unless the context says debug), so no stack trace or internal detail ever leaves the server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from store.base import StoreError, StoreFull, StoreLocked, StoreUnavailable

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
FORBIDDEN = "FORBIDDEN"
UNAUTHENTICATED = "UNAUTHENTICATED"
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
STORE_BUSY = "STORE_BUSY"
STORE_FULL = "STORE_FULL"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"

log = logging.getLogger("claimgraph.schema")


class ClaimgraphError(Exception):
    """An error meant for the client: its message is safe to show and names the input."""

    code = INTERNAL_SERVER_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code}


class BadUserInput(ClaimgraphError):
    code = BAD_USER_INPUT


class NotFound(ClaimgraphError):
    code = NOT_FOUND


class Forbidden(ClaimgraphError):
    code = FORBIDDEN


class Unauthenticated(ClaimgraphError):
    code = UNAUTHENTICATED


class StoreUnavailableError(ClaimgraphError):
    code = STORE_UNAVAILABLE


def _is_store_outage(exc: BaseException) -> bool:
    # sqlite3 / pymongo errors are wrapped by the store as StoreUnavailable; anything else
    # from the store (a StoreError) is a bug or a bad document, hence INTERNAL_SERVER_ERROR.
    return isinstance(exc, StoreUnavailable)


def classify(error: GraphQLError, *, debug: bool) -> GraphQLError:
    """The error as the client may see it, with an `extensions.code` always set."""
    original = error.original_error
    if original is None:
        # Raised by graphql-core itself: parse or validation errors, bad variables. Their
        # messages describe the query, never the server, so they are shown as they are.
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": GRAPHQL_VALIDATION_FAILED}
        return error
    if isinstance(original, ClaimgraphError):
        return error
    if _is_store_outage(original):
        return _replace(error, "the store is unavailable, try again shortly", STORE_UNAVAILABLE)
    if isinstance(original, StoreLocked):
        return _replace(error, "the store is busy with another write, try again shortly", STORE_BUSY)
    if isinstance(original, StoreFull):
        log.error("write refused, the store is full: %s", original)
        return _replace(error, "the store is full: nothing of this write was kept", STORE_FULL)
    log.error(
        "unexpected error at %s",
        ".".join(map(str, error.path or [])),
        exc_info=(type(original), original, original.__traceback__),
    )
    if debug:
        return _replace(error, f"{type(original).__name__}: {original}", INTERNAL_SERVER_ERROR)
    return _replace(error, "internal server error", INTERNAL_SERVER_ERROR)


def _replace(error: GraphQLError, message: str, code: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code},
    )


class ErrorCodes(SchemaExtension):
    """Gives every error in a result an `extensions.code` and masks unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context.context
        debug = bool(getattr(context, "debug", False))
        result.errors = [classify(error, debug=debug) for error in errors]  # type: ignore[union-attr]


__all__ = [
    "BAD_USER_INPUT",
    "FORBIDDEN",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL_SERVER_ERROR",
    "NOT_FOUND",
    "STORE_BUSY",
    "STORE_UNAVAILABLE",
    "UNAUTHENTICATED",
    "BadUserInput",
    "ClaimgraphError",
    "ErrorCodes",
    "Forbidden",
    "NotFound",
    "StoreError",
    "StoreUnavailableError",
    "Unauthenticated",
    "classify",
]
