"""The Mutation root (issue 4): partner writes, done by the `Services` the API puts in the context.

Scopes: ingestArticles, relateClaims and reviewRelation need `write`; mergeEntities and
deleteArticle rewrite or remove what others wrote, so they need `admin` (which implies write).
No key -> UNAUTHENTICATED; a key without the scope -> FORBIDDEN. Services raise LookupError for an
unknown id (-> NOT_FOUND) and ValueError for bad input (-> BAD_USER_INPUT).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.scalars import JSON

from schema.context import Context, Services
from schema.enums import RelationType, ReviewVerdict
from schema.errors import BadUserInput, Forbidden, NotFound, Unauthenticated
from schema.filters import given
from schema.ids import expect_id
from schema.resolving import Info
from schema.types import ClaimRelation, Entity

MAX_ARTICLES_PER_CALL = 100
MAX_NOTE_LENGTH = 2000
T = TypeVar("T")


class WritesDisabled(Forbidden):
    """The server runs without write services (a read-only deployment): nobody may write here."""


@strawberry.input(description="One article in the JSON article format the readers accept.")
class ArticleInput:
    text: str = strawberry.field(description="The body text; claim spans point into it.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="The headline.")
    url: str | None = strawberry.field(
        default=strawberry.UNSET, description="Canonical URL; makes the article id stable."
    )
    author: str | None = strawberry.field(default=strawberry.UNSET, description="The byline, as written.")
    publisher: str | None = strawberry.field(default=strawberry.UNSET, description="The outlet's name.")
    published_at: str | None = strawberry.field(
        default=strawberry.UNSET, description="Publication date, ISO 8601."
    )
    claims: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Claims already extracted (JSON article format); skips extraction.",
    )
    entities: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Entities already extracted, referred to by the claims' keys."
    )
    relations: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Relations already extracted, between the claims by index."
    )

    def as_json_article(self) -> dict[str, Any]:
        """The article as the readers' JSON format has it (snake_case keys, absent when unset)."""
        article: dict[str, Any] = {"text": self.text}
        for key in ("title", "url", "author", "publisher", "published_at", "claims", "entities", "relations"):
            value = getattr(self, key)
            if given(value):
                article[key] = value
        return article


@strawberry.type(description="Why one article of an ingestArticles call was refused.")
class IngestError:
    index: int = strawberry.field(description="Its position in the `articles` argument, from 0.")
    message: str = strawberry.field(description="What was wrong with it.")


@strawberry.type(description="The outcome of ingestArticles: a bad article never blocks the good ones.")
class IngestResult:
    article_ids: list[strawberry.ID] = strawberry.field(
        description="Ids of the articles stored, in the order given (refused ones are left out)."
    )
    claim_count: int = strawberry.field(description="How many claims the stored articles yielded.")
    errors: list[IngestError] = strawberry.field(description="One entry per refused article.")


def _require(info: Info, scope: str) -> str:
    """The caller's name for the record, once it is known to hold `scope`."""
    principal = info.context.principal
    if not principal.authenticated:
        raise Unauthenticated(f"this mutation needs an API key with the '{scope}' scope; none was given")
    if not principal.has_scope(scope):
        raise Forbidden(
            f"this mutation needs the '{scope}' scope; this API key has {sorted(principal.scopes)}"
        )
    return principal.name or "anonymous"


def _services(context: Context) -> Services:
    if context.services is None:
        raise WritesDisabled("this server runs read-only: writes are not enabled")
    return context.services


async def _call(work: Awaitable[T]) -> T:
    """Run a service call, turning its documented exceptions into coded errors."""
    try:
        return await work
    except LookupError as exc:
        raise NotFound(str(exc).strip("'\"")) from None
    except PermissionError as exc:
        raise Forbidden(str(exc)) from None
    except ValueError as exc:
        raise BadUserInput(str(exc)) from None


def _note(note: str | None) -> str | None:
    if given(note) and note is not None and len(note) > MAX_NOTE_LENGTH:
        raise BadUserInput(f"note: at most {MAX_NOTE_LENGTH} characters, got {len(note)}")
    return note if given(note) else None


FROM = Annotated[
    strawberry.ID, strawberry.argument(name="from", description="The claim that bears on the other.")
]
TO = Annotated[strawberry.ID, strawberry.argument(description="The claim it bears on.")]
NOTE = Annotated[str | None, strawberry.argument(description="Why, in your words; kept on record.")]


@strawberry.type(description="Writes: ingest articles, curate relations, merge entities, delete articles.")
class Mutation:
    @strawberry.mutation(
        description="Store articles and the claims extracted from them (scope: write). Each article is "
        "stored whole or refused with a message; a bad one never blocks the others."
    )
    async def ingest_articles(
        self,
        info: Info,
        articles: Annotated[list[ArticleInput], strawberry.argument(description="At most 100 articles.")],
    ) -> IngestResult:
        actor = _require(info, "write")
        del actor  # ingest records no reviewer; the scope check is what matters
        if len(articles) > MAX_ARTICLES_PER_CALL:
            raise BadUserInput(f"articles: at most {MAX_ARTICLES_PER_CALL} per call, got {len(articles)}")
        outcomes = await _call(
            _services(info.context).ingest_articles([a.as_json_article() for a in articles])
        )
        if len(outcomes) != len(articles):
            raise RuntimeError(
                f"ingest_articles returned {len(outcomes)} outcomes for {len(articles)} articles"
            )
        ids: list[strawberry.ID] = []
        errors: list[IngestError] = []
        claims = 0
        for index, outcome in enumerate(outcomes):
            if outcome.get("error") or not outcome.get("article_id"):
                errors.append(IngestError(index=index, message=str(outcome.get("error") or "not stored")))
            else:
                ids.append(strawberry.ID(outcome["article_id"]))
                claims += len(outcome.get("claim_ids") or [])
        return IngestResult(article_ids=ids, claim_count=claims, errors=errors)

    @strawberry.mutation(description="Assert that one claim supports or contradicts another (scope: write).")
    async def relate_claims(
        self,
        info: Info,
        from_: FROM,
        to: TO,
        type: Annotated[RelationType, strawberry.argument(description="SUPPORTS or CONTRADICTS.")],
        note: NOTE = strawberry.UNSET,
    ) -> ClaimRelation:
        actor = _require(info, "write")
        source, target = expect_id(str(from_), "claims", "from"), expect_id(str(to), "claims", "to")
        if source == target:
            raise BadUserInput("from, to: a claim cannot relate to itself")
        doc = await _call(
            _services(info.context).relate_claims(source, target, RelationType(type).name, _note(note), actor)
        )
        return ClaimRelation.from_doc(doc)

    @strawberry.mutation(
        description="Confirm or reject an INFERRED relation (scope: write), or withdraw or confirm a "
        "CURATED one (scope: admin). A rejected relation disappears from the graph but stays on record: "
        "every review is listed in ClaimRelation.reviews."
    )
    async def review_relation(
        self,
        info: Info,
        from_: FROM,
        to: TO,
        type: Annotated[RelationType, strawberry.argument(description="The relation's type.")],
        verdict: Annotated[ReviewVerdict, strawberry.argument(description="CONFIRM or REJECT.")],
        note: NOTE = strawberry.UNSET,
    ) -> ClaimRelation:
        actor = _require(info, "write")
        source, target = expect_id(str(from_), "claims", "from"), expect_id(str(to), "claims", "to")
        doc = await _call(
            _services(info.context).review_relation(
                source,
                target,
                RelationType(type).name,
                ReviewVerdict(verdict).name,
                _note(note),
                actor,
                curated_allowed=info.context.principal.has_scope("admin"),
            )
        )
        return ClaimRelation.from_doc(doc)

    @strawberry.mutation(
        description="Merge one entity into another (scope: admin): aliases, claims and relations move "
        "to `keep`, and `merge`'s id answers with `keep` from then on."
    )
    async def merge_entities(
        self,
        info: Info,
        keep: Annotated[strawberry.ID, strawberry.argument(description="The entity that stays.")],
        merge: Annotated[strawberry.ID, strawberry.argument(description="The entity merged into it.")],
    ) -> Entity:
        actor = _require(info, "admin")
        kept, merged = expect_id(str(keep), "entities", "keep"), expect_id(str(merge), "entities", "merge")
        if kept == merged:
            raise BadUserInput("keep, merge: an entity cannot be merged into itself")
        doc = await _call(_services(info.context).merge_entities(kept, merged, actor))
        return Entity.from_doc(doc)

    @strawberry.mutation(
        description="Delete an article with its claims and their relations (scope: admin). True when it "
        "existed."
    )
    async def delete_article(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The article's id.")]
    ) -> bool:
        actor = _require(info, "admin")
        return await _call(
            _services(info.context).delete_article(expect_id(str(id), "articles", "id"), actor)
        )
