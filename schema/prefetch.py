"""Look-ahead prefetch: when a resolver has a page or list of documents in hand, it reads the
query's selection below it and loads every relationship the query will ask for, level by level,
before returning. The resolvers of those relationships are then plain functions that find their
documents already in this request's DataLoader caches (`Loaders.ready`) and return values:
graphql-core completes them without creating a coroutine, task or future per list item, which is
what made large nested responses slow.

Cost: one round of loads per level of the query, and in each round one `load_many` per loader
(one store operation). Loads whose results lead nowhere further (entities: their own children
are connections with their own resolvers) wait and go with the last round, so all the entities
of a dossier (speakers, source entities, publishers, speakers of the claims that contradict or
support) are one `get_many`.

Prefetch is an optimisation only: anything it does not cover (a relationship it does not know,
a failed load) is loaded by the field's resolver as before, through the same DataLoaders, so an
error still surfaces on the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.batching import MISSING, BatchLoader
from schema.dataloaders import Doc
from schema.request_loaders import Loaders

Fields = Mapping[str, "Fields"]  # field name -> what is selected below it (merged over aliases, fragments)
NOTHING: Fields = {}

# Claim fields that list claims at the other end of relations: (relation end loaded by, type kept).
RELATED_CLAIMS: dict[str, tuple[str, str]] = {
    "contradicts": ("from", "CONTRADICTS"),
    "contradictedBy": ("to", "CONTRADICTS"),
    "supports": ("from", "SUPPORTS"),
    "supportedBy": ("to", "SUPPORTS"),
}


def selection(info: Info[Any, Any]) -> Fields:
    """What the query selects below the field being resolved."""
    return merged(selected(info.selected_fields).values())


def selected(selections: Sequence[Selection]) -> Fields:
    """The fields selected below the current one (Strawberry's `info.selected_fields`) as a
    tree keyed by schema field name; aliases and fragments merged, @skip/@include honoured."""
    tree: dict[str, dict[str, Any]] = {}
    _merge_selections(tree, selections)
    return tree


def _merge_selections(tree: dict[str, Any], selections: Iterable[Selection]) -> None:
    for selection in selections:
        if not _included(selection.directives):
            continue
        if isinstance(selection, SelectedField):
            _merge_selections(tree.setdefault(selection.name, {}), selection.selections)
        elif isinstance(selection, FragmentSpread | InlineFragment):
            _merge_selections(tree, selection.selections)


def _included(directives: Mapping[str, Mapping[str, Any]]) -> bool:
    if directives.get("skip", {}).get("if") is True:
        return False
    include = directives.get("include")
    return include is None or include.get("if") is not False


def merged(trees: Iterable[Fields]) -> Fields:
    out: dict[str, Any] = {}
    for tree in trees:
        for name, sub in tree.items():
            out[name] = merged((out[name], sub)) if name in out else sub
    return out


def below(fields: Fields, *path: str) -> Fields | None:
    """The selection at `path` under `fields`, or None when the query does not go there."""
    for name in path:
        sub = fields.get(name)
        if sub is None:
            return None
        fields = sub
    return fields


Then = Callable[[list[Any]], list["Load"]]


@dataclass
class Load:
    """Keys to load through one loader; `then` turns the loaded values into the next level's loads
    (None: nothing below them needs prefetching, so they may wait for the last round)."""

    loader: BatchLoader[Any, Any]
    keys: list[Any]
    then: Then | None = None


async def prefetch(loads: list[Load], *, last: Callable[[], None] | None = None) -> None:
    """Run the loads level by level: one `load_many` per loader per round. `last` runs once the
    last round is queued (before waiting for it): a held count goes to the store after it."""
    waiting: list[Load] = []
    while loads:
        leading = [load for load in loads if load.then is not None]
        waiting += [load for load in loads if load.then is None]
        if not leading:
            break
        results = await _round(leading)
        loads = [
            follow for load, values in zip(leading, results, strict=True) for follow in _then(load, values)
        ]
    await _round(waiting, last)


def _then(load: Load, values: list[Any] | None) -> list[Load]:
    if values is None or load.then is None:  # the batch failed: the fields will report it
        return []
    return load.then(values)


async def _round(loads: list[Load], queued: Callable[[], None] | None = None) -> list[list[Any] | None]:
    """Every load of a round queued before the first await, so each loader sends one batch."""
    batches = {id(b): b for load in loads for b in load.loader.request(load.keys)}
    if queued is not None:
        queued()
    for batch in batches.values():
        await batch
    return [_values(load) for load in loads]


def _values(load: Load) -> list[Any] | None:
    values = load.loader.ready_many(load.keys)
    return None if values is MISSING else values  # a failed batch: the fields will report it


# -- what each type's selection needs ---------------------------------------------------------


def claim_loads(loaders: Loaders, docs: Sequence[Doc | None], fields: Fields) -> list[Load]:
    """What the claims `docs` need loaded for `fields` (the selection on Claim)."""
    claims = [d for d in docs if d is not None]
    if not claims or not fields:
        return []
    loads: list[Load] = []
    if "speaker" in fields:
        loads.append(Load(loaders.entity_by_id, _ids(d.get("speaker_id") for d in claims)))
    if "onBehalfOf" in fields:
        loads.append(Load(loaders.entity_by_id, _ids(d.get("on_behalf_of") for d in claims)))
    if "mentions" in fields:
        loads.append(Load(loaders.entity_by_id, _ids(i for d in claims for i in d.get("mention_ids") or ())))
    article = below(fields, "article")
    if article is not None:
        loads.append(_article_load(loaders, _ids(d.get("article_id") for d in claims), article))
    sources = below(fields, "sources")
    if sources is not None:
        embedded = [s for d in claims for s in d.get("sources") or () if isinstance(s, dict)]
        if "entity" in sources:
            loads.append(Load(loaders.entity_by_id, _ids(s.get("entity_id") for s in embedded)))
        source_article = below(sources, "article")
        if source_article is not None:
            loads.append(_article_load(loaders, _ids(s.get("article_id") for s in embedded), source_article))
    loads += _relation_loads(loaders, [str(d["_id"]) for d in claims], fields)
    # The analyst views (schema.corroboration): a claim's statement group and matter, with the entities.
    if "corroboration" in fields:
        loads.append(Load(loaders.analyst.group_by_id, _ids(d.get("same_id") for d in claims)))
    if "matter" in fields:
        loads.append(Load(loaders.analyst.group_by_id, _ids(d.get("matter_id") for d in claims)))
    return [load for load in loads if load.keys]


def _relation_loads(loaders: Loaders, claim_ids: list[str], fields: Fields) -> list[Load]:
    """Relations by either end, then the claims at their other end with the merged selection of
    every field that lists them."""
    wanted: dict[str, list[tuple[str | None, Fields]]] = {"from": [], "to": []}
    for name, (end, type_) in RELATED_CLAIMS.items():
        if name in fields:
            wanted[end].append((type_, fields[name]))
    relations = below(fields, "relations")
    if relations is not None:
        # ClaimRelation.from / .to: one of them is the claim itself, already loaded.
        others = merged(sub for sub in (below(relations, "from"), below(relations, "to")) if sub is not None)
        for end in ("from", "to"):
            wanted[end].append((None, others))
    loads = []
    for end, asks in wanted.items():
        if not asks:
            continue
        loader = loaders.relations_from_claim if end == "from" else loaders.relations_to_claim
        other_end = "to_claim" if end == "from" else "from_claim"
        loads.append(Load(loader, claim_ids, _other_claims(loaders, other_end, asks)))
    return loads


def _other_claims(loaders: Loaders, other_end: str, asks: list[tuple[str | None, Fields]]) -> Then:
    types = {type_ for type_, _ in asks}
    fields = merged(sub for _, sub in asks)

    def then(per_claim: list[Any]) -> list[Load]:
        keys = _ids(
            r.get(other_end)
            for relations in per_claim
            for r in relations
            if None in types or r.get("type") in types
        )
        if not keys:
            return []
        return [Load(loaders.claim_by_id, keys, lambda docs: claim_loads(loaders, docs, fields))]

    return then


def _article_load(loaders: Loaders, ids: list[str], fields: Fields) -> Load:
    if "publisher" not in fields:
        return Load(loaders.article_by_id, ids)

    def then(docs: list[Any]) -> list[Load]:
        return article_loads(loaders, docs, fields)

    return Load(loaders.article_by_id, ids, then)


def article_loads(loaders: Loaders, docs: Sequence[Doc | None], fields: Fields) -> list[Load]:
    """What the articles `docs` need loaded for `fields` (the selection on Article)."""
    if "publisher" not in fields:
        return []
    keys = _ids(d.get("publisher_id") for d in docs if d is not None)
    return [Load(loaders.entity_by_id, keys)] if keys else []


def _ids(values: Iterable[Any]) -> list[Any]:
    """Distinct non-empty keys, in first-seen order."""
    return [v for v in dict.fromkeys(values) if v]
