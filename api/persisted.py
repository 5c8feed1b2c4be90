"""Persisted queries: Apollo's automatic persisted queries (APQ) and the allow-list mode.

APQ (the `persistedQuery` extension, version 1): a client first sends only the sha256 of its
document; when the server does not know it, the answer is an error with code
PERSISTED_QUERY_NOT_FOUND (message "PersistedQueryNotFound", which Apollo's link looks for), and the
client retries with the document and the hash, which the server checks and remembers. Later GETs
carry only the hash, which keeps URLs short and cacheable.

Allow-list mode (`allow_list_only`): only documents registered in the persisted queries file run,
sent whole or by hash; nothing is learned from clients.

The file is JSON: a list of documents, or an object {sha256: document} (the hash is checked).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse

from api.errors import BAD_REQUEST, PERSISTED_QUERY_NOT_FOUND, QUERY_NOT_ALLOWED, RequestError


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_registered_documents(path: Path) -> dict[str, str]:
    """{sha256: document} from a persisted queries file; ValueError naming the file and the reason."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ValueError(f"{path}: cannot read the persisted queries file ({err.strerror or err})") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: not a JSON persisted queries file ({err})") from err
    documents: dict[str, str] = {}
    if isinstance(raw, list):
        for i, doc in enumerate(raw):
            if not isinstance(doc, str) or not doc.strip():
                raise ValueError(f"{path}: item {i} is not a GraphQL document string")
            documents[sha256_hex(doc)] = doc
    elif isinstance(raw, dict):
        for key, doc in raw.items():
            if not isinstance(doc, str) or sha256_hex(doc) != key.lower():
                raise ValueError(f"{path}: entry {key[:16]}… is not a document whose sha256 is its key")
            documents[key.lower()] = doc
    else:
        raise ValueError(f"{path}: expected a list of documents or an object {{sha256: document}}")
    return documents


def operation_names(documents: Iterable[str]) -> list[str]:
    """The names of the operations these documents define (a document that fails to parse has none)."""
    names: list[str] = []
    for document in documents:
        try:
            parsed = parse(document, no_location=True)
        except GraphQLError:
            continue
        names += [
            d.name.value for d in parsed.definitions if isinstance(d, OperationDefinitionNode) and d.name
        ]
    return names


class PersistedQueries:
    """Resolves the document of a request from its `query` and `extensions.persistedQuery`."""

    def __init__(
        self,
        registered: Mapping[str, str] | None = None,
        *,
        allow_list_only: bool = False,
        cache_size: int = 2000,
    ) -> None:
        self.registered = dict(registered or {})
        self.allow_list_only = allow_list_only
        self.cache_size = cache_size
        self._learned: OrderedDict[str, str] = OrderedDict()  # bounded: clients cannot fill memory

    def _lookup(self, digest: str) -> str | None:
        if digest in self.registered:
            return self.registered[digest]
        if self.allow_list_only:
            return None
        doc = self._learned.get(digest)
        if doc is not None:
            self._learned.move_to_end(digest)
        return doc

    def _learn(self, digest: str, document: str) -> None:
        if self.allow_list_only or digest in self.registered:
            return
        self._learned[digest] = document
        self._learned.move_to_end(digest)
        while len(self._learned) > self.cache_size:
            self._learned.popitem(last=False)

    def is_registered(self, document: str) -> bool:
        return sha256_hex(document) in self.registered

    def resolve(self, query: Any, extensions: Mapping[str, Any] | None) -> str:
        """The document to run; RequestError for a missing, unknown, mismatched or refused one."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is not None:
            if (
                not isinstance(persisted, Mapping)
                or persisted.get("version") != 1
                or not isinstance(persisted.get("sha256Hash"), str)
            ):
                raise RequestError(
                    'extensions.persistedQuery must be {"version": 1, "sha256Hash": "<hex>"}', BAD_REQUEST
                )
            digest = persisted["sha256Hash"].lower()
            if query is None or query == "":
                document = self._lookup(digest)
                if document is None:
                    if self.allow_list_only:
                        raise RequestError(
                            "This server runs only registered queries; this hash is not one of them.",
                            QUERY_NOT_ALLOWED,
                            status=403,
                        )
                    raise RequestError("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND, status=200)
                return document
            if not isinstance(query, str):
                raise RequestError("query must be a string", BAD_REQUEST)
            if sha256_hex(query) != digest:
                raise RequestError("provided sha256Hash does not match the query", BAD_REQUEST)
            self._check_allowed(query, digest)
            self._learn(digest, query)
            return query
        if query is None or query == "":
            raise RequestError("Missing query: send a GraphQL document in `query`.", BAD_REQUEST)
        if not isinstance(query, str):
            raise RequestError("query must be a string", BAD_REQUEST)
        self._check_allowed(query, None)
        return query

    def _check_allowed(self, query: str, digest: str | None) -> None:
        if self.allow_list_only and (digest or sha256_hex(query)) not in self.registered:
            raise RequestError(
                "This server runs only registered queries; this document is not one of them.",
                QUERY_NOT_ALLOWED,
                status=403,
            )
