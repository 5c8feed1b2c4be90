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
from schema.relationships import RELATIONSHIPS, Embedded, Many, One, Related, Relationship, loader_of
from schema.request_loaders import Loaders

Fields = Mapping[str, "Fields"]  # field name -> what is selected below it (merged over aliases, fragments)
NOTHING: Fields = {}


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


# -- what a selection needs, read from the table (schema.relationships) --------------------------


def loads_of(loaders: Loaders, type_name: str, docs: Sequence[Doc | None], fields: Fields) -> list[Load]:
    """What the documents `docs` of type `type_name` need loaded for `fields` (the selection on
    that type): one load per relationship field of the table the selection asks for."""
    table = RELATIONSHIPS.get(type_name)
    present = [d for d in docs if d is not None]
    if not table or not present or not fields:
        return []
    loads: list[Load] = []
    for name, sub in fields.items():
        rel = table.get(name)
        if rel is not None:
            loads += _loads(loaders, rel, present, sub)
    return [load for load in loads if load.keys]


def _loads(loaders: Loaders, rel: Relationship, docs: list[Doc], fields: Fields) -> list[Load]:
    if isinstance(rel, One):
        keys = _ids(d.get(rel.key) for d in docs)
        return [Load(loader_of(rel.loader)(loaders), keys, _below(loaders, rel.target, fields))]
    if isinstance(rel, Many):
        keys = _ids(k for d in docs for k in d.get(rel.key) or ())
        return [Load(loader_of(rel.loader)(loaders), keys, _below(loaders, rel.target, fields))]
    if isinstance(rel, Embedded):  # the same level: their loads go with the parent's
        inner = [e for d in docs for e in d.get(rel.key) or () if isinstance(e, dict)]
        return loads_of(loaders, rel.target, inner, fields)
    ids = _ids(str(d["_id"]) for d in docs)
    if isinstance(rel, Related):
        return [Load(loader_of(rel.loader)(loaders), ids, _related_below(loaders, rel, fields))]
    then = _edges_below(loaders, rel.target, fields)
    return [Load(loader_of(path)(loaders), ids, then) for path in rel.loaders]


def _below(loaders: Loaders, target: str, fields: Fields) -> Then | None:
    """The loads below the documents of `target`; None when the selection on them asks for no
    relationship (they may wait for the last round)."""
    table = RELATIONSHIPS.get(target, {})
    if not any(name in table for name in fields):
        return None
    return lambda docs: loads_of(loaders, target, docs, fields)


def _related_below(loaders: Loaders, rel: Related, fields: Fields) -> Then:
    """Relations of a claim by one end -> the claims at their other end, of the type asked."""

    def then(per_claim: list[Any]) -> list[Load]:
        kept = (r for relations in per_claim for r in relations if r.get("type") == rel.type)
        keys = _ids(r.get(rel.other) for r in kept)
        if not keys:
            return []
        return [Load(loader_of(rel.target_loader)(loaders), keys, _below(loaders, rel.target, fields))]

    return then


def _edges_below(loaders: Loaders, target: str, fields: Fields) -> Then:
    """Relation documents by either end -> what the selection on them asks (their ends)."""

    def then(per_claim: list[Any]) -> list[Load]:
        return loads_of(loaders, target, [r for relations in per_claim for r in relations], fields)

    return then


def _ids(values: Iterable[Any]) -> list[Any]:
    """Distinct non-empty keys, in first-seen order."""
    return [v for v in dict.fromkeys(values) if v]
