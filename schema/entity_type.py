"""Entity: a person, organisation, place, document or group the articles name, with its dated
roles, its timeline and its statements (schema.types says how node types are built and read)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Private

from schema.analyst_loaders import statements_loaders
from schema.connections import (
    ClaimConnection,
    claim_connection,
    claim_filter_where,
)
from schema.dataloaders import Doc
from schema.enums import (
    EntityKind,
    StatementOrder,
    enum_of,
)
from schema.node import Node
from schema.relationships import node_of
from schema.resolving import AFTER, FILTER, FIRST, Info
from schema.timeline import DatedRole, TimelineConnection, dated_roles, timeline

CLAIM = node_of("Claim")


@strawberry.type(description="A person, organisation, place, document or group the articles name.")
class Entity(Node):
    name: str = strawberry.field(description="Canonical name: 'Islamic Revolutionary Guard Corps'.")
    kind: EntityKind = strawberry.field(description="What kind of thing it is.")
    aliases: list[str] = strawberry.field(
        description="Every name it goes by in the corpus: 'IRGC', 'Islamic Revolutionary Guards'."
    )
    roles: list[str] = strawberry.field(
        description="Roles the articles give it, as written: 'former spokesman for the IRGC'."
    )
    # A spokesperson's claim names it as onBehalfOf: its statements are listed by actor_ids.
    represented: Private[bool]
    role_facts: Private[object]

    @classmethod
    def from_doc(cls, doc: Doc) -> Entity:
        return cls(
            id=strawberry.ID(doc["_id"]),
            name=doc.get("name") or "",
            kind=enum_of(EntityKind, doc.get("kind"), EntityKind.OTHER),
            aliases=list(doc.get("aliases") or []),
            roles=list(doc.get("roles") or []),
            represented=bool(doc.get("represented")),
            role_facts=doc.get("role_facts"),
        )

    @strawberry.field(
        description="Its roles as dated facts, from the role words and the articles' dates: 'former "
        "spokesman' in an article of 2026-11-03 ended the role by then; earliest first."
    )
    def role_history(self) -> list[DatedRole]:
        return dated_roles(self.role_facts)

    @strawberry.field(
        description="Its statements and role changes in date order: a statement at its `statedAt` when "
        "the article dates it, else at its publication date; undated statements last."
    )
    async def timeline(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        from_: Annotated[
            str | None,
            strawberry.argument(name="from", description="From this date on (YYYY, YYYY-MM or YYYY-MM-DD)."),
        ] = strawberry.UNSET,
        to: Annotated[
            str | None,
            strawberry.argument(description="Up to this date, included (YYYY, YYYY-MM or YYYY-MM-DD)."),
        ] = strawberry.UNSET,
    ) -> TimelineConnection:
        return await timeline(info, str(self.id), self.role_facts, first, after, from_, to)

    @strawberry.field(
        description="Claims this entity made, in publication order unless orderBy says otherwise; with "
        "includeOnBehalf (the default), also those its spokespeople made on its behalf."
    )
    async def statements(
        self,
        info: Info,
        first: FIRST = 20,
        after: AFTER = strawberry.UNSET,
        filter: FILTER = strawberry.UNSET,
        include_on_behalf: Annotated[
            bool,
            strawberry.argument(
                description="Also list the claims its spokespeople made on its behalf "
                "(Claim.onBehalfOf is this entity); false: only the claims it made itself."
            ),
        ] = True,
        order_by: Annotated[
            StatementOrder, strawberry.argument(description="Their order (publication order by default).")
        ] = StatementOrder.PUBLISHED,
    ) -> ClaimConnection:
        loaders = info.context.loaders
        where = await claim_filter_where(info, filter)
        # Only an entity someone spoke for has claims listed under it that it did not make; the
        # others keep the speaker index (claims stored before actor_ids existed have none).
        by_actor = include_on_behalf and self.represented
        page_loader = loaders.claims_by_actor if by_actor else loaders.claims_by_speaker
        field = "Entity.statements"
        if order_by != StatementOrder.PUBLISHED:
            page_loader, field = statements_loaders(loaders.analyst, order_by, by_actor)
        return await claim_connection(
            info,
            field,
            str(self.id),
            first,
            after,
            where,
            page_loader,
            loaders.claim_count_by_actor if by_actor else loaders.claim_count_by_speaker,
            CLAIM,
        )

    @strawberry.field(description="Claims whose text names this entity, in publication order.")
    async def mentioned_in(
        self, info: Info, first: FIRST = 20, after: AFTER = strawberry.UNSET
    ) -> ClaimConnection:
        loaders = info.context.loaders
        return await claim_connection(
            info,
            "Entity.mentionedIn",
            str(self.id),
            first,
            after,
            {},
            loaders.claims_by_mention,
            loaders.claim_count_by_mention,
            CLAIM,
        )
