"""The filter inputs of the analyst views (issue 13), as the store's `where` language."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.errors import BadUserInput
from schema.ids import shown
from store.documents import INDEPENDENT_SOURCES_CAP

MAX_INDEPENDENT_SOURCES = INDEPENDENT_SOURCES_CAP  # claims keep their count up to this ("20 or more")


def min_sources_where(value: int | None, argument: str) -> dict[str, Any]:
    """The store filter of ClaimFilter.minIndependentSources: claims whose statement at least
    `value` independent origins say (`independent_sources`, kept by loaders.analysis)."""
    if value is None or value is strawberry.UNSET:
        return {}
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INDEPENDENT_SOURCES:
        raise BadUserInput(
            f"{argument}: must be a whole number from 1 to {MAX_INDEPENDENT_SOURCES} (claims count their "
            f"sources up to {MAX_INDEPENDENT_SOURCES}), got {shown(value)}"
        )
    return {"independent_sources": {"$gte": value}}
