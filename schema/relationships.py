"""Every relationship of the node types, described once: GraphQL field -> the DataLoader that
loads it (an attribute of `info.context.loaders`, schema.request_loaders), the document field that
holds its key, and the type at the other end (by name; the node types are schema.types', which
imports this module, so they are handed over with `register_nodes`).

Two things are derived from the table: the look-ahead prefetch of a level (schema.prefetch reads
`RELATIONSHIPS` to know which selected fields load what), and the resolvers of the plain
relationship fields (`relationship_field`). A generated resolver is one plain function per field,
not a layer per item: it returns the object when the loader already holds its document, and only
otherwise an awaitable of the load, so graphql-core completes a prefetched level without a task.

Paged connections (statements, mentionsConnection, contradictsConnection, ...) are not here: they
take arguments, page through their own loaders and prefetch below their page themselves
(schema.connections).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Annotated, Any

import strawberry

from schema.batching import MISSING
from schema.dataloaders import Doc
from schema.resolving import Info


@dataclass(frozen=True)
class One:
    """To-one by id: `key` holds the id (None or empty: no object)."""

    loader: str  # attribute path on Loaders: "entity_by_id", "analyst.group_by_id"
    key: str  # the document field holding the id
    target: str  # the type at the other end
    attribute: str = ""  # the node object's attribute holding the id, when not named `key`
    required: bool = False  # a missing document is an error (the data is broken), not null


@dataclass(frozen=True)
class Many:
    """To-many by a list of ids; ids that meet in one document (merged entities) give it once."""

    loader: str
    key: str
    target: str


@dataclass(frozen=True)
class Embedded:
    """Documents kept inside the parent's own document (a claim's sources): no load, but the
    prefetch goes on into their relationships at the same level."""

    key: str
    target: str


@dataclass(frozen=True)
class Related:
    """The claims at the other end of a claim's relations of one type: relations by this end
    (`loader`, keyed by the claim's id), then the claims by the ids in `other`."""

    loader: str
    other: str  # the relation field holding the other end: "to_claim" or "from_claim"
    type: str  # the relation type kept: "CONTRADICTS", "SUPPORTS"
    target: str = "Claim"
    target_loader: str = "claim_by_id"


@dataclass(frozen=True)
class Edges:
    """Relation documents by either end of a claim (`loaders`, keyed by the claim's id)."""

    loaders: tuple[str, ...]
    target: str


Relationship = One | Many | Embedded | Related | Edges

# type name -> GraphQL field -> how it loads.
RELATIONSHIPS: dict[str, dict[str, Relationship]] = {
    "Article": {
        "publisher": One("entity_by_id", "publisher_id", "Entity"),
    },
    "Claim": {
        "speaker": One("entity_by_id", "speaker_id", "Entity"),
        "onBehalfOf": One("entity_by_id", "on_behalf_of", "Entity", attribute="on_behalf_of_id"),
        "article": One("article_by_id", "article_id", "Article", required=True),
        "mentions": Many("entity_by_id", "mention_ids", "Entity"),
        "sources": Embedded("sources", "Source"),
        "contradicts": Related("relations_from_claim", "to_claim", "CONTRADICTS"),
        "contradictedBy": Related("relations_to_claim", "from_claim", "CONTRADICTS"),
        "supports": Related("relations_from_claim", "to_claim", "SUPPORTS"),
        "supportedBy": Related("relations_to_claim", "from_claim", "SUPPORTS"),
        # The resolvers of these three stay in schema.types: `relations` takes a status argument,
        # and a claim's corroboration and matter are built from the group and the claim's own words.
        "relations": Edges(("relations_from_claim", "relations_to_claim"), "ClaimRelation"),
        "corroboration": One("analyst.group_by_id", "same_id", "Corroboration"),
        "matter": One("analyst.group_by_id", "matter_id", "Matter"),
    },
    "Source": {
        "entity": One("entity_by_id", "entity_id", "Entity"),
        "article": One("article_by_id", "article_id", "Article"),
    },
    "ClaimRelation": {
        "from": One("claim_by_id", "from_claim", "Claim", attribute="from_id", required=True),
        "to": One("claim_by_id", "to_claim", "Claim", attribute="to_id", required=True),
    },
}

# How a node type is made from its document (`from_doc`), by type name: see register_nodes.
NodeOf = Callable[[Doc], Any]
_NODES: dict[str, NodeOf] = {}


def register_nodes(*types: Any) -> None:
    """Hand over the node types the generated resolvers make (schema.types, once its classes exist:
    a field's resolver is made while its own class, which it may return, is still being defined)."""
    for node_type in types:
        _NODES[node_type.__name__] = node_type.from_doc


def node_of(target: str) -> NodeOf:
    """How the node type `target` ("Claim", "Article") is made from its document, for the modules
    schema.types imports (the analyst views): looked up when called, once the types exist."""
    return lambda doc: _NODES[target](doc)


def loader_of(path: str) -> Callable[[Any], Any]:
    """The loader at `path` ("entity_by_id", "analyst.group_by_id") of a Loaders."""
    return attrgetter(path)


def relationship_field(
    owner: str, name: str, *, description: str, deprecation_reason: str | None = None
) -> Any:
    """The Strawberry field `owner.name` of the table, with its derived resolver and type."""
    rel = RELATIONSHIPS[owner][name]
    target: Any = Annotated[rel.target, strawberry.lazy("schema.types")]
    if isinstance(rel, One):
        resolver, graphql_type = _to_one(rel), target if rel.required else target | None
    elif isinstance(rel, Many):
        resolver, graphql_type = _to_many(rel), list[target]
    elif isinstance(rel, Related):
        resolver, graphql_type = _related(rel), list[target]
    else:
        raise TypeError(f"{owner}.{name} has no derived resolver")
    return strawberry.field(
        name=name,
        resolver=resolver,
        graphql_type=graphql_type,
        description=description,
        deprecation_reason=deprecation_reason,
    )


# -- the derived resolvers: the object now when its document is loaded, else an awaitable ----------


def _to_one(rel: One) -> Callable[[Any, Info], Any]:
    get_loader, attribute = loader_of(rel.loader), rel.attribute or rel.key
    target, required = rel.target, rel.required

    def resolve(self: Any, info: Info) -> Any:
        key = getattr(self, attribute)
        if not key:
            return _missing(self, target, key) if required else None
        doc = get_loader(info.context.loaders).ready(key)
        if doc is MISSING:
            return _load_one(self, get_loader(info.context.loaders), key, target, required)
        if doc is None:
            return _missing(self, target, key) if required else None
        return _NODES[target](doc)

    return resolve


async def _load_one(owner: Any, loader: Any, key: str, target: str, required: bool) -> Any:
    doc = await loader.load(key)
    if doc is None:
        return _missing(owner, target, key) if required else None
    return _NODES[target](doc)


def _missing(owner: Any, target: str, key: object) -> Any:
    # A required document is missing only through a bug (a claim outliving its article): say so
    # plainly, naming the object that points to it when it has an id.
    where = f"{type(owner).__name__.lower()} {owner.id}: " if hasattr(owner, "id") else ""
    raise LookupError(f"{where}{target.lower()} {key} is missing")


def _to_many(rel: Many) -> Callable[[Any, Info], Any]:
    get_loader, attribute, target = loader_of(rel.loader), rel.key, rel.target

    def resolve(self: Any, info: Info) -> Any:
        keys = getattr(self, attribute)
        docs = get_loader(info.context.loaders).ready_many(keys)
        if docs is MISSING:
            return _load_many(get_loader(info.context.loaders), keys, target)
        return _distinct(docs, _NODES[target])

    return resolve


async def _load_many(loader: Any, keys: list[str], target: str) -> list[Any]:
    return _distinct(await loader.load_many(keys), _NODES[target])


def _distinct(docs: Iterable[Doc | None], make: NodeOf) -> list[Any]:
    unique = {d["_id"]: d for d in docs if d is not None}  # two merged ids may meet in one
    return [make(d) for d in unique.values()]


def _related(rel: Related) -> Callable[[Any, Info], Any]:
    get_relations, get_targets = loader_of(rel.loader), loader_of(rel.target_loader)
    other, type_, target = rel.other, rel.type, rel.target

    def resolve(self: Any, info: Info) -> Any:
        loaders = info.context.loaders
        relations = get_relations(loaders).ready(str(self.id))
        if relations is MISSING:
            return _load_related(rel, loaders, str(self.id))
        ids = list(dict.fromkeys(r[other] for r in relations if r.get("type") == type_))
        docs = get_targets(loaders).ready_many(ids)
        if docs is MISSING:
            return _load_related(rel, loaders, str(self.id))
        make = _NODES[target]
        return [make(d) for d in docs if d is not None]

    return resolve


async def _load_related(rel: Related, loaders: Any, key: str) -> list[Any]:
    relations = await loader_of(rel.loader)(loaders).load(key)
    ids = list(dict.fromkeys(r[rel.other] for r in relations if r.get("type") == rel.type))
    docs = await loader_of(rel.target_loader)(loaders).load_many(ids)
    make = _NODES[rel.target]
    return [make(d) for d in docs if d is not None]
