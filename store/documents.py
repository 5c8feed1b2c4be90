"""The document kinds, their deterministic ids and the fields the API looks up by.

Every id is derived from content, never from time or a counter, so loading the same input twice
writes the same documents and an interrupted load can simply be run again.

articles   {_id: "art_…", title, url, author, publisher_id, publisher_name, published_at (ISO 8601
            or null), text, source (file name or "api"), content_hash, order; same-story detection
            (loaders.stories): minhash, story_bands: [LSH band keys], story_id, story_match}
claims     {_id: "clm_…", article_id, text, kind: DIRECT|REPORTED, mode: STATEMENT|BELIEF|EVIDENCE
            (absent on claims stored before it: read as STATEMENT), cue, content_cue, speaker_id,
            on_behalf_of: entity id|null (the body a spokesperson speaks for), actor_ids: [speaker_id
            and on_behalf_of], speaker_mention, span: {start, end}, stated_at, sources: [{name, kind,
            url, entity_id, article_id, evidence}], mention_ids: [entity ids], polarity: -1|0|1,
            terms: [content words], contradicted: bool, order; loaders.analysis adds copy_key,
            origin, same_id, independent_sources, sources_rank, matter_id, matter_order, said_on,
            timeline}
entities   {_id: "ent_…", name, kind, aliases: [names], names_norm: [normalized name and aliases],
            roles: [as written], role_facts: [dated roles, loaders.positions], merged_into: id|null,
            represented: true when a spokesperson's claim names it as on_behalf_of (its claims are
            then listed by actor_ids), order}
relations  {_id: "rel_…", from_claim, to_claim, type: SUPPORTS|CONTRADICTS, method:
            CUE|INFERRED|CURATED, confidence, evidence, status: active|rejected, article_id,
            review: {verdict, note, by, at}|null, order; label, label_evidence between two claims
            of one speaker}
groups     what loaders.analysis groups, by kind: `story` (near-duplicate articles), `statement`
            (claims that say the same thing, with their corroboration) and `matter` (claims on the
            same matter): {_id: "sto_…"|"sam_…"|"mat_…", kind, size, …, order}
keys       API keys: {_id: "key_…", name, scopes, hash, created_at, revoked_at}
reviews    the record of every reviewRelation / relateClaims / mergeEntities / deleteArticle decision:
           {_id: "rev_…", action, by, at, order, and per action: relation_id, verdict, note, …}

`order` is each collection's keyset sort key (a string): claims and articles sort by publication
date then position, entities by normalized name.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

ID_PREFIX = {"articles": "art", "claims": "clm", "entities": "ent", "relations": "rel", "keys": "key"}
COLLECTION_OF_PREFIX = {v: k for k, v in ID_PREFIX.items()}

# Fields each collection is looked up or filtered by: both backends index exactly these.
INDEXED_FIELDS: dict[str, tuple[str, ...]] = {
    "articles": ("order", "url", "publisher_id", "content_hash", "story_bands", "story_id"),
    "claims": (
        "order",
        "article_id",
        "speaker_id",
        "mention_ids",
        "kind",
        "cue",
        "contradicted",
        "terms",
        "mode",
        "actor_ids",
        "copy_key",
        "same_id",
        "matter_id",
        "independent_sources",
    ),
    "entities": ("order", "names_norm", "kind", "merged_into"),
    "relations": ("order", "from_claim", "to_claim", "type", "status", "article_id"),
    "keys": ("hash",),
    "reviews": ("order", "relation_id"),
    "groups": ("order", "kind"),
}
# Array-valued fields among those (indexed per element).
ARRAY_FIELDS = frozenset({"mention_ids", "names_norm", "terms", "actor_ids", "story_bands"})
# A claim's `independent_sources` (loaders.analysis) stops at this number: "20 or more". Its
# statement group keeps the exact count; the cap bounds how often the members are rewritten.
INDEPENDENT_SOURCES_CAP = 20
# A statement group is two `groups` documents: its summary (what a dossier reads: counts, outlets,
# first appearance) under the group's id, and its origins and evidence, which grow to hundreds of
# entries, under statement_detail_id(group id), read only when a query asks for them.
STATEMENT_DETAIL_FIELDS = ("origins", "evidence")


def statement_detail_id(group_id: str) -> str:
    return f"{group_id}:detail"


# Fields whose per-value document counts the embedded store keeps as it writes (store.sqlite_counts),
# so that "how many statements does this actor have" costs one lookup, not a count of thousands.
COUNTED_FIELDS: dict[str, tuple[str, ...]] = {
    "claims": ("speaker_id", "article_id", "mention_ids", "actor_ids"),
}


def digest(*parts: object, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def make_id(collection: str, *parts: object) -> str:
    return f"{ID_PREFIX[collection]}_{digest(*parts)}"


def collection_of(doc_id: str) -> str | None:
    """The collection an id belongs to, from its prefix; None for anything else."""
    prefix, sep, rest = doc_id.partition("_")
    if not sep or not re.fullmatch(r"[0-9a-f]{16}", rest):
        return None
    return COLLECTION_OF_PREFIX.get(prefix)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def normalize_name(name: str) -> str:
    """How names are compared and looked up: case-folded, accents and punctuation dropped, a
    leading article and a possessive 's removed. "The U.S. Treasury's" -> "us treasury"."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.", "", text)  # U.S. -> US
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"[\s_]+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)
