"""The Node interface every node type implements: a global id whose prefix says the type, so that
Query.node(id) can fetch any of them."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with a global id, fetchable with Query.node(id).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global id; its prefix says the type: art_ (Article), clm_ (Claim), ent_ (Entity)."
    )
