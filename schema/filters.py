"""Filter inputs and how they become the store's `where` language.

Every string a client sends is used as a value, never as a key or an operator: `search` becomes a
`$contains` value, which both backends take literally (no regex, no `$` operators), and ids are
checked to be ids of the right collection before they reach the store.
"""

from __future__ import annotations

from typing import Any

import strawberry

from schema.analyst_filters import min_sources_where
from schema.enums import ClaimKind, EntityKind, StatementMode
from schema.errors import BadUserInput
from schema.ids import expect_id

MAX_SEARCH_LENGTH = 500


def given(value: object) -> bool:
    """Whether an optional input was passed with a value (not omitted, not null)."""
    return value is not None and value is not strawberry.UNSET


@strawberry.input(description="Narrows a list of claims; every field given must hold.")
class ClaimFilter:
    speaker: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Only claims made by this entity (an Entity id)."
    )
    kind: ClaimKind | None = strawberry.field(
        default=strawberry.UNSET, description="Only direct quotes, or only reported speech."
    )
    cue: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only claims with this reporting word or phrase ('denied', 'according to'); any case.",
    )
    contradicted: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only claims that something contradicts (true) or that nothing does (false).",
    )
    search: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Words in the claim's text: a case-insensitive substring, taken literally.",
    )
    article_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Only claims from this article (an Article id)."
    )
    mode: StatementMode | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only statements, only beliefs, or only evidence (what records or a poll show).",
    )
    min_independent_sources: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only claims at least this many independent sources say (see Claim.corroboration).",
    )


def cue_spellings(cue: str) -> list[str]:
    """The ways a cue is stored: as written in the text, so lower case mid-sentence ("denied") and
    capitalised at a sentence start ("According to"). Matching these (plus the spelling given)
    makes the filter case-insensitive and exact on an indexed equality, without a regex."""
    lower = " ".join(cue.split()).lower()
    return list(dict.fromkeys([lower, lower.capitalize(), " ".join(cue.split())]))


def search_text(value: str, argument: str) -> str:
    if len(value) > MAX_SEARCH_LENGTH:
        raise BadUserInput(f"{argument}: at most {MAX_SEARCH_LENGTH} characters, got {len(value)}")
    return value


def claim_where(claim_filter: ClaimFilter | None, argument: str = "filter") -> dict[str, Any]:
    """The store filter for a ClaimFilter. A `speaker` merged into another entity is resolved by
    the caller (see `queries.resolve_speaker_filter`), since that needs the store."""
    where: dict[str, Any] = {}
    if claim_filter is None or claim_filter is strawberry.UNSET:
        return where
    if given(claim_filter.speaker):
        where["speaker_id"] = expect_id(str(claim_filter.speaker), "entities", f"{argument}.speaker")
    if given(claim_filter.kind):
        where["kind"] = ClaimKind(claim_filter.kind).value
    if given(claim_filter.cue):
        where["cue"] = {"$in": cue_spellings(str(claim_filter.cue))}
    if given(claim_filter.contradicted):
        where["contradicted"] = bool(claim_filter.contradicted)
    if given(claim_filter.search) and claim_filter.search:
        where["text"] = {"$contains": search_text(str(claim_filter.search), f"{argument}.search")}
    if given(claim_filter.mode):
        mode = StatementMode(claim_filter.mode).value
        # Claims stored before modes existed have none: they read as STATEMENT.
        where["mode"] = {"$in": [mode, None]} if mode == StatementMode.STATEMENT.value else mode
    if given(claim_filter.article_id):
        where["article_id"] = expect_id(str(claim_filter.article_id), "articles", f"{argument}.articleId")
    if given(claim_filter.min_independent_sources):
        at_least = claim_filter.min_independent_sources
        where.update(min_sources_where(at_least, f"{argument}.minIndependentSources"))
    return where


def entity_where(search: str | None, kind: EntityKind | None) -> dict[str, Any]:
    """Entities that are not merged away, by kind and by a substring of their name."""
    where: dict[str, Any] = {"merged_into": {"$exists": False}}
    if given(kind):
        where["kind"] = EntityKind(kind).value
    if given(search) and search:
        where["name"] = {"$contains": search_text(str(search), "search")}
    return where


def article_where(search: str | None) -> dict[str, Any]:
    """Articles by a substring of their title."""
    if given(search) and search:
        return {"title": {"$contains": search_text(str(search), "search")}}
    return {}
