"""API keys: created and revoked from the command line, stored hashed in the store's `keys` collection.

A token looks like `cg_<43 url-safe characters>` (256 random bits). Only its sha256 is stored, so a
copy of the database gives nobody access; the token is shown once, when it is created. Scopes:
`read` (queries), `write` (ingestArticles, relateClaims, reviewRelation), `admin` (mergeEntities,
deleteArticle, and everything else). `admin` implies `write`, which implies `read`.

Clients send the token as `Authorization: Bearer <token>` or `X-API-Key: <token>`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from schema.context import Principal
from store.base import Store
from store.documents import collection_of, make_id

SCOPES = ("read", "write", "admin")
TOKEN_PREFIX = "cg_"
_IMPLIED = {"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}


def anonymous(*, can_read: bool) -> Principal:
    """Who calls without a key: may read unless reads need a key."""
    return Principal(scopes=frozenset({"read"}) if can_read else frozenset(), name=None)


def local_principal() -> Principal:
    """The command line: whoever can run it can open the store directly anyway."""
    return Principal(scopes=frozenset(SCOPES), name="local")


class InvalidKey(Exception):
    """A key that is malformed, unknown or revoked (the message says which, never echoing it)."""


def parse_scopes(text: str) -> frozenset[str]:
    """`"read,write"` -> {"read", "write"}; ValueError naming any unknown scope."""
    scopes = {s.strip().lower() for s in text.split(",") if s.strip()}
    if not scopes:
        raise ValueError(f"no scopes given; choose from {', '.join(SCOPES)}")
    unknown = sorted(scopes - set(SCOPES))
    if unknown:
        raise ValueError(f"unknown scope {', '.join(unknown)}; choose from {', '.join(SCOPES)}")
    return frozenset(scopes)


def expand_scopes(scopes: frozenset[str] | set[str] | list[str]) -> frozenset[str]:
    out: set[str] = set()
    for scope in scopes:
        out |= _IMPLIED.get(scope, set())
    return frozenset(out)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def create_key(store: Store, name: str, scopes: frozenset[str]) -> tuple[str, dict[str, Any]]:
    """A new key: (the token, shown only now; the stored document, without the token)."""
    name = name.strip()
    if not name:
        raise ValueError("a key needs a name (who or what will use it)")
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"scopes must be some of {', '.join(SCOPES)}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    digest = hash_token(token)
    doc = {
        "_id": make_id("keys", digest),
        "name": name,
        "scopes": sorted(scopes),
        "hash": digest,
        "created_at": _now(),
        "revoked_at": None,
    }
    await store.upsert_many("keys", [doc])
    return token, doc


async def list_keys(store: Store) -> list[dict[str, Any]]:
    """Every key document (revoked ones too), without hashes, oldest first."""
    docs = await store.find("keys", {})
    docs.sort(key=lambda d: (d.get("created_at") or "", d["_id"]))
    return [{k: v for k, v in d.items() if k != "hash"} for d in docs]


async def revoke_key(store: Store, key: str) -> dict[str, Any]:
    """Mark a key revoked (kept on record), given its id (`key_…`) or its name when exactly one
    active key has that name; LookupError saying why otherwise."""
    if collection_of(key) == "keys":
        doc = (await store.get_many("keys", [key])).get(key)
        if doc is None:
            raise LookupError(f"no API key with id {key!r} (see `claimgraph keys list`)")
    else:
        named = [d for d in await store.find("keys", {"name": key.strip()}) if not d.get("revoked_at")]
        if not named:
            raise LookupError(f"no active API key named {key!r} (see `claimgraph keys list`)")
        if len(named) > 1:
            ids = ", ".join(sorted(d["_id"] for d in named))
            raise LookupError(f"{len(named)} active API keys are named {key!r} ({ids}): revoke one by its id")
        doc = named[0]
    key_id = doc["_id"]
    if not doc.get("revoked_at"):
        await store.update_many("keys", [key_id], {"revoked_at": _now()})
        doc["revoked_at"] = _now()
    return {k: v for k, v in doc.items() if k != "hash"}


async def authenticate(store: Store, token: str) -> Principal:
    """The principal a token stands for; InvalidKey for a malformed, unknown or revoked token."""
    token = token.strip()
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise InvalidKey("The API key is malformed.")
    docs = await store.find("keys", {"hash": hash_token(token)}, limit=1)
    if not docs:
        raise InvalidKey("The API key is not valid.")
    doc = docs[0]
    if doc.get("revoked_at"):
        raise InvalidKey("The API key has been revoked.")
    return Principal(scopes=expand_scopes(doc.get("scopes") or []), name=str(doc.get("name") or doc["_id"]))


def token_from_headers(headers: Any) -> str | None:
    """The token of `Authorization: Bearer …` or `X-API-Key: …`, or None when neither is sent."""
    api_key = headers.get("x-api-key")
    if api_key:
        return str(api_key)
    auth = headers.get("authorization")
    if auth:
        scheme, _, value = str(auth).partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        raise InvalidKey("Authorization must be `Bearer <API key>`.")
    return None
