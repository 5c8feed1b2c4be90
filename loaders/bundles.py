"""Bulk export and re-import of the graph as JSON Lines: `claimgraph export --format jsonl` and
`claimgraph load` of what it wrote.

The export is lossless: it carries the store's documents as they are (ids, `contradicted` flags,
methods, statuses, reviews and merges included), so loading it into an empty store gives an
identical store, and loading it into another one adds the documents exactly as exported (a
document with the same id is replaced by the exported one). API keys are never exported.

    {"claimgraph_export": 1, "actor": null, "since": null}                 the header: first line
    {"article": {...}, "claims": [...], "relations": [...], "entities": [...], "reviews": [...]}
                                                                            one line per article
    {"entities": [...], "reviews": [...]}                                   last line (a full
                                                                            export): the rest

An article's line holds the article, its claims, the relations its claims make (to claims of any
article), the entities its claims and the article name (speakers, mentions, sources, publisher)
and the reviews of its relations. `--actor` keeps the articles where the actor speaks, `--since`
those published on or after a date; a filtered export keeps only the relations between the claims
it holds, and has no last line.

Re-import writes one transaction per WRITE_CHUNK article lines. A relation whose claims are not
both written yet (it points at an article further down the file) waits and goes with the first
transaction that has them, so no reader ever meets a relation to a missing claim; one still
missing at the end is reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from store.base import Store
from store.documents import normalize_name

FORMAT_VERSION = 1
HEADER_KEY = "claimgraph_export"
EXPORTED = ("articles", "claims", "entities", "relations", "reviews")
PAGE = 500  # documents per store read while exporting
WRITE_CHUNK = 200  # article lines per transaction while re-importing
SNIFF_BYTES = 64


class ExportError(ValueError):
    """An export cannot be made as asked (an unknown actor, a bad date): the message says why."""


# -- export ----------------------------------------------------------------------------------------
async def find_actor(store: Store, name: str) -> dict[str, Any]:
    """The entity going by `name` (any case, an alias too), as `actor(name:)` finds it."""
    key = normalize_name(name)
    if not key:
        raise ExportError(f"--actor: {name!r} has no letters or digits to look up")
    found = await store.find("entities", {"names_norm": key}, sort="order", limit=10)
    kept = [d for d in found if not d.get("merged_into")]
    if not kept:
        raise ExportError(f"--actor: no entity goes by {name!r}")
    return next((d for d in kept if normalize_name(d.get("name") or "") == key), kept[0])


def check_since(since: str | None) -> str | None:
    """`--since` as an ISO date prefix (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if since is None:
        return None
    import re

    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", since):
        raise ExportError(f"--since: {since!r} is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)")
    return since


async def _all(store: Store, collection: str, where: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    after = None
    while True:
        page = await store.find(collection, where, sort="order", after=after, limit=PAGE)
        for doc in page:
            yield doc
        if len(page) < PAGE:
            return
        after = (page[-1].get("order"), page[-1]["_id"])


def _referenced_entities(article: dict[str, Any], claims: Iterable[dict[str, Any]]) -> list[str]:
    ids = [article.get("publisher_id")]
    for claim in claims:
        ids.append(claim.get("speaker_id"))
        ids += claim.get("mention_ids") or []
        ids += [s.get("entity_id") for s in claim.get("sources") or [] if isinstance(s, dict)]
    return sorted({i for i in ids if isinstance(i, str) and i})


async def export_lines(
    store: Store, *, actor: str | None = None, since: str | None = None
) -> AsyncIterator[bytes]:
    """The export, line by line (each a JSON object, without the newline)."""
    since = check_since(since)
    speaker = await find_actor(store, actor) if actor is not None else None
    yield orjson.dumps({HEADER_KEY: FORMAT_VERSION, "actor": speaker["name"] if speaker else None,
                        "since": since})  # fmt: skip
    filtered = speaker is not None or since is not None
    exported_claims: set[str] = set()
    wanted_articles: set[str] | None = None
    if speaker is not None:
        wanted_articles = set()
        async for claim in _all(store, "claims", {"speaker_id": speaker["_id"]}):
            wanted_articles.add(claim["article_id"])
    lines: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    async for article in _all(store, "articles", {}):
        if wanted_articles is not None and article["_id"] not in wanted_articles:
            continue
        if since is not None and not str(article.get("published_at") or "") >= since:
            continue
        claims = await store.find("claims", {"article_id": article["_id"]}, sort="order")
        exported_claims.update(c["_id"] for c in claims)
        lines.append((article, claims))
    seen_entities: set[str] = set()
    seen_reviews: set[str] = set()
    for article, claims in lines:
        relations = await store.find("relations", {"from_claim": {"$in": [c["_id"] for c in claims]}},
                                     sort="order") if claims else []  # fmt: skip
        if filtered:
            relations = [r for r in relations if r["to_claim"] in exported_claims]
        entity_ids = _referenced_entities(article, claims)
        entities = await store.get_many("entities", entity_ids)
        reviews = (
            await store.find("reviews", {"relation_id": {"$in": [r["_id"] for r in relations]}}, sort="order")
            if relations
            else []
        )
        seen_entities.update(entities)
        seen_reviews.update(r["_id"] for r in reviews)
        yield orjson.dumps(
            {
                "article": article,
                "claims": claims,
                "relations": relations,
                "entities": [entities[i] for i in entity_ids if i in entities],
                "reviews": reviews,
            }
        )
    if filtered:
        return
    rest_entities = [e async for e in _all(store, "entities", {}) if e["_id"] not in seen_entities]
    rest_reviews = [r async for r in _all(store, "reviews", {}) if r["_id"] not in seen_reviews]
    yield orjson.dumps({"entities": rest_entities, "reviews": rest_reviews})


async def write_export(store: Store, out: IO[bytes], **filters: Any) -> int:
    """Write the export to `out`; how many article lines it holds."""
    articles = 0
    async for line in export_lines(store, **filters):
        out.write(line + b"\n")
        articles += line.startswith(b'{"article"')
    return articles


# -- re-import -------------------------------------------------------------------------------------
def is_export(path: str) -> bool:
    """Whether the file at `path` is an export (its first line is the header). Only regular files
    are opened: opening a FIFO would wait for a writer (the readers refuse those, naming them)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    return head.lstrip().startswith(b'{"' + HEADER_KEY.encode() + b'"')


@dataclass
class RestoreReport:
    articles: int = 0
    claims: int = 0
    relations: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def _lines(stream: IO[bytes], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, raw in enumerate(stream, start=1):
        where = f"{name}: line {number}"
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ExportError(f"{where}: malformed JSON ({exc})") from None
        if not isinstance(value, dict):
            raise ExportError(f"{where}: not a line of a claimgraph export (expected a JSON object)")
        yield where, value


def _documents(where: str, line: dict[str, Any], key: str) -> list[dict[str, Any]]:
    docs = line.get(key) or []
    if not isinstance(docs, list) or not all(
        isinstance(d, dict) and isinstance(d.get("_id"), str) for d in docs
    ):
        raise ExportError(f"{where}: {key}: expected a list of documents with an _id")
    return docs


async def restore(store: Store, path: str, *, chunk: int = WRITE_CHUNK) -> RestoreReport:
    """Load an export (see the module docstring) into `store`."""
    report = RestoreReport()
    written_claims: set[str] = set()
    waiting: dict[str, dict[str, Any]] = {}  # relations whose claims are not both written yet
    batch: dict[str, list[dict[str, Any]]] = {c: [] for c in EXPORTED}

    async def flush() -> None:
        claims = {d["_id"] for d in batch["claims"]}
        for rel in batch["relations"]:
            waiting[rel["_id"]] = rel
        ends = (
            {e for r in waiting.values() for e in (r["from_claim"], r["to_claim"])} - written_claims - claims
        )
        present = set(await store.get_many("claims", sorted(ends))) if ends else set()
        known = written_claims | claims | present
        ready = [r for r in waiting.values() if r["from_claim"] in known and r["to_claim"] in known]
        if not ready and not any(batch.values()):
            return
        async with store.transaction():
            # Entities before the claims that name them, articles before their claims, the
            # relations last: the order a reader may meet them in on a store without transactions.
            for collection in ("entities", "articles", "claims"):
                await store.upsert_many(collection, batch[collection])
            await store.upsert_many("relations", ready)
            await store.upsert_many("reviews", batch["reviews"])
        written_claims.update(claims)
        for rel in ready:
            del waiting[rel["_id"]]
        report.relations += len(ready)
        for docs in batch.values():
            docs.clear()

    with open(path, "rb") as stream:
        lines = _lines(stream, path)
        first = next(lines, None)
        if first is None or first[1].get(HEADER_KEY) != FORMAT_VERSION:
            raise ExportError(f"{path}: not a claimgraph export of version {FORMAT_VERSION} (no header line)")
        pending = 0
        for where, line in lines:
            if "article" in line:
                article = line["article"]
                if not isinstance(article, dict) or not isinstance(article.get("_id"), str):
                    raise ExportError(f"{where}: article: expected an article document with an _id")
                batch["articles"].append(article)
                report.articles += 1
                pending += 1
            for key in ("claims", "relations", "entities", "reviews"):
                docs = _documents(where, line, key)
                batch[key].extend(docs)
                if key == "claims":
                    report.claims += len(docs)
            if pending >= chunk:
                await flush()
                pending = 0
        await flush()
    for rel in waiting.values():
        report.errors.append(
            (path, f"relation {rel['_id']}: claim {rel['from_claim']} or {rel['to_claim']} is in neither "
                   "the export nor the store; not loaded")
        )  # fmt: skip
    return report
