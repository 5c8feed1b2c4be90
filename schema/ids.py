"""Checking the ids clients pass: each must be a claimgraph id of the expected collection."""

from __future__ import annotations

from schema.errors import BadUserInput
from store.documents import collection_of

# How an id's collection is named in error messages.
NOUN = {
    "articles": "an article",
    "claims": "a claim",
    "entities": "an entity",
    "relations": "a relation",
    "keys": "an API key",
}


def shown(value: object, limit: int = 60) -> str:
    """A client value quoted for an error message, cut short so errors never echo megabytes."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def expect_id(value: str, collection: str, argument: str) -> str:
    """`value` if it is an id of `collection`; otherwise BAD_USER_INPUT naming the argument."""
    found = collection_of(value) if isinstance(value, str) else None
    if found is None:
        raise BadUserInput(f"{argument}: {shown(value)} is not a claimgraph id")
    if found != collection:
        raise BadUserInput(f"{argument}: {shown(value)} is {NOUN[found]} id, expected {NOUN[collection]} id")
    return value
