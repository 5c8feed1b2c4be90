"""The errors resolvers raise on purpose, each with a machine-readable `extensions.code`.

Resolvers raise the `ClaimgraphError` subclasses below; graphql-core copies an exception's
`extensions` attribute onto the GraphQL error it builds, so the code reaches the client as is.
Every other error (a store outage, a bug) is given its code, and masked, by the one error
formatter every request goes through: `api.errors.format_error`, applied by `api.execution`.
"""

from __future__ import annotations

from typing import Any

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
FORBIDDEN = "FORBIDDEN"
UNAUTHENTICATED = "UNAUTHENTICATED"
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
STORE_BUSY = "STORE_BUSY"
STORE_FULL = "STORE_FULL"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


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

