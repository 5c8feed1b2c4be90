"""Test support: an in-process MongoDB stand-in (mongomock-motor) that the MongoDB backend can use
through the very code path it uses against a real server. Imported only by tests; mongomock and
mongomock-motor are test dependencies, so nothing in the service imports this module.

Why a compatibility shim, and why this one: since pymongo 4.11, `ReplaceOne/UpdateOne._add_to_bulk`
pass a new `sort=` keyword to the bulk builder, and mongomock 4.3's `BulkOperationBuilder.add_replace
/ add_update` do not accept it (TypeError; mongomock/mongomock#902 is the upstream fix). The options:
(a) avoid bulk_write in MongoStore (one replace_one per document: N round trips on a real server),
(b) branch on "is this mongomock" inside MongoStore (the tests would no longer cover the real path),
(c) teach mongomock's builder the keyword. (c) is the least hacky: production code stays exactly
what a real server needs, tests run that same code, and the shim is a few lines, applied once,
idempotent, and refuses a non-None sort (which mongomock could not honour) instead of ignoring it.
"""

from __future__ import annotations

import functools
from typing import Any


def patch_mongomock_bulk_sort() -> None:
    """Make mongomock's bulk builder accept (and refuse non-None) pymongo >= 4.11's `sort=`."""
    from mongomock.collection import BulkOperationBuilder

    for name in ("add_replace", "add_update"):
        original = getattr(BulkOperationBuilder, name)
        if getattr(original, "_claimgraph_sort_shim", False):
            continue

        @functools.wraps(original)
        def accepting_sort(
            self: Any, *args: Any, __original: Any = original, sort: Any = None, **kw: Any
        ) -> Any:
            if sort is not None:
                raise NotImplementedError("mongomock cannot apply a sort to a bulk replace/update")
            return __original(self, *args, **kw)

        accepting_sort._claimgraph_sort_shim = True  # type: ignore[attr-defined]
        setattr(BulkOperationBuilder, name, accepting_sort)


def mongomock_client() -> Any:
    """A fresh mongomock_motor.AsyncMongoMockClient with the bulk_write shim applied; pass it to
    `open_store(mongo_client=...)`."""
    from mongomock_motor import AsyncMongoMockClient

    patch_mongomock_bulk_sort()
    return AsyncMongoMockClient()
