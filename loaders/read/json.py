r"""The partner push format: articles as JSON (.json) or JSON Lines (.jsonl, .ndjson).

A .json file holds one article object, a list of them, or {"articles": [...]}; a .jsonl file holds
one article object per line. The `ingestArticles` mutation takes the same objects. Field names may
be written snake_case or camelCase (`published_at` or `publishedAt`). Unknown fields are refused,
so that a misspelt field is an error rather than silently lost.

    {
      "url": "https://meridianpost.example/2026/05/19/library-budget",
      "title": "Mayor denies freezing the library budget",
      "author": "Valeria Montes",
      "publisher": "The Meridian Post",
      "published_at": "2026-05-19",
      "text": "\"We never signed off on a freeze,\" Park said. The union said it agreed to the freeze.",
      "claims": [
        {"id": "c1", "text": "We never signed off on a freeze", "kind": "DIRECT", "cue": "said",
         "speaker": "Ellen Park", "speaker_kind": "PERSON", "speaker_mention": "Park",
         "span": {"start": 1, "end": 32}},
        {"id": "c2", "text": "it agreed to the freeze", "kind": "REPORTED", "cue": "said",
         "speaker": "City Workers Union", "speaker_kind": "ORGANIZATION",
         "speaker_mention": "The union", "stated_at": "March",
         "sources": [{"name": "union minutes", "kind": "DOCUMENT",
                      "evidence": "according to the union minutes"}]}
      ],
      "entities": [
        {"name": "Ellen Park", "kind": "PERSON", "aliases": ["Park"], "roles": ["Mayor"]}
      ],
      "relations": [
        {"from": "c2", "to": "c1", "type": "CONTRADICTS", "confidence": 0.8,
         "evidence": "agreed to the freeze"}
      ]
    }

Fields:
- `text` (required, non-empty): the article body; claim spans point into it.
- `url`, `title`, `author`, `publisher` (the outlet: becomes an ORGANIZATION entity),
  `published_at` (ISO 8601: "2026-05-19", "2026-05-19T09:30:00Z", "2026-05", "2026").
- `claims` (optional): when present (even empty), extraction is skipped and these are the
  article's claims. Each: `text` (required unless `span` is given), `kind` DIRECT|REPORTED, `cue`
  (the reporting word as written), `speaker` (a name, or null for nobody), `speaker_kind`
  (an EntityKind, default PERSON), `speaker_mention` (as written, default the speaker's name),
  `span` {start, end} (character offsets into `text`, end exclusive; when absent the claim's text
  is looked up in the article text and must be found), `stated_at`, `sources` [{`name`, `kind`
  (a SourceKind), `url`, `evidence`}], `polarity` -1|0|1, `mode` STATEMENT|BELIEF|EVIDENCE (what
  kind of act the cue reports; when absent, read from the cue: "believes" -> BELIEF, "records show"
  -> EVIDENCE, anything else STATEMENT), `on_behalf_of` (the body a spokesperson speaks for: a
  name, like `speaker`) with `on_behalf_of_kind` (an EntityKind, default ORGANIZATION),
  `content_cue` (the verb introducing the content when `cue` is a stance: "denied …, saying"), and
  an `id` of the partner's choosing that `relations` may refer to.
- `entities` (optional): {`name`, `kind` (an EntityKind, default OTHER), `aliases`, `roles`}.
  Speakers and sources named in claims but not listed here become entities of their own.
- `relations` (optional): {`from`, `to` (claim ids or 0-based indexes into `claims`), `type`
  SUPPORTS|CONTRADICTS, `confidence` (0..1, default 1.0), `evidence`}: `from` supports or
  contradicts `to`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.alias_generators import to_camel

from ..extract.cues import cue_mode
from ..model import (
    Article,
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    Extraction,
    InputError,
    Relation,
    RelationType,
    Source,
    SourceKind,
    StatementMode,
)
from .common import DEFAULT_MAX_BYTES, normalize_iso, placeholder_field_reason, placeholder_reason

_SOURCE_ENTITY_KIND: dict[str, EntityKind] = {
    "OUTLET": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "PERSON": "PERSON",
    "DOCUMENT": "DOCUMENT",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True)


class SpanIn(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> SpanIn:
        if self.end <= self.start:
            raise ValueError("end must be greater than start")
        return self


class SourceIn(_Model):
    name: str = Field(min_length=1)
    kind: SourceKind = "OTHER"
    url: str | None = None
    evidence: str | None = None


class ClaimIn(_Model):
    id: str | int | None = None
    text: str | None = None
    kind: ClaimKind
    cue: str = Field(min_length=1)
    speaker: str | None = None
    speaker_kind: EntityKind = "PERSON"
    speaker_mention: str | None = None
    span: SpanIn | None = None
    stated_at: str | None = None
    sources: list[SourceIn] | None = None
    polarity: Literal[-1, 0, 1] = 0
    mode: StatementMode | None = None
    on_behalf_of: str | None = None
    on_behalf_of_kind: EntityKind = "ORGANIZATION"
    content_cue: str | None = None

    @model_validator(mode="after")
    def _text_or_span(self) -> ClaimIn:
        if not self.text and self.span is None:
            raise ValueError("a claim needs its text or its span")
        return self


class EntityIn(_Model):
    name: str = Field(min_length=1)
    kind: EntityKind = "OTHER"
    aliases: list[str] | None = None
    roles: list[str] | None = None


class RelationIn(_Model):
    from_: str | int = Field(alias="from")
    to: str | int
    type: RelationType
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    evidence: str | None = None


class ArticleIn(_Model):
    text: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published_at: str | None = None
    claims: list[ClaimIn] | None = None
    entities: list[EntityIn] | None = None
    relations: list[RelationIn] | None = None

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        reason = placeholder_reason(value)
        if reason is not None:  # "…" pasted from an example: refused, never stored as an article
            raise ValueError(reason)
        return value

    @field_validator("title", "author", "publisher")
    @classmethod
    def _not_a_placeholder(cls, value: str | None) -> str | None:
        reason = placeholder_field_reason(value) if value is not None else None
        if reason is not None:
            raise ValueError(reason)
        return value


def _describe(exc: ValidationError) -> str:
    """pydantic's errors as one line: 'claims.0.kind: Input should be 'DIRECT' or 'REPORTED''."""
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "article"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing" and loc == "text":
            msg = "not an article: no text"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _locate(text: str, needle: str, name: str, where: str) -> tuple[int, int]:
    at = text.find(needle)
    if at < 0:
        raise InputError(name, f"{where}: text not found in the article text and no span given")
    return at, at + len(needle)


def _build_extraction(src: ArticleIn, text: str, name: str) -> Extraction:
    entities: list[Entity] = []
    by_name: dict[str, str] = {}  # name or alias (case-folded) -> local key

    def entity_for(entity_name: str, kind: EntityKind) -> str:
        key = by_name.get(entity_name.casefold())
        if key is None:
            key = f"e{len(entities)}"
            entities.append(Entity(key=key, name=entity_name, kind=kind))
            by_name[entity_name.casefold()] = key
        return key

    for e in src.entities or []:
        key = entity_for(e.name, e.kind)
        ent = entities[int(key[1:])]
        for alias in e.aliases or []:
            if alias and alias != ent.name:
                ent.aliases.add(alias)
                by_name.setdefault(alias.casefold(), key)
        ent.roles.extend(r for r in e.roles or [] if r and r not in ent.roles)

    claims: list[Claim] = []
    ids: dict[str, int] = {}
    for i, c in enumerate(src.claims or []):
        where = f"claims[{i}]"
        if c.span is not None:
            if c.span.end > len(text):
                raise InputError(name, f"{where}.span: end {c.span.end} is past the text ({len(text)} chars)")
            start, end = c.span.start, c.span.end
        else:
            assert c.text is not None
            start, end = _locate(text, c.text, name, where)
        speaker = entity_for(c.speaker, c.speaker_kind) if c.speaker else None
        on_behalf = entity_for(c.on_behalf_of, c.on_behalf_of_kind) if c.on_behalf_of else None
        sources = []
        for s in c.sources or []:
            kind = _SOURCE_ENTITY_KIND.get(s.kind)
            key_of_source = by_name.get(s.name.casefold()) or (entity_for(s.name, kind) if kind else None)
            sources.append(Source(s.name, s.kind, url=s.url, entity=key_of_source, evidence=s.evidence))
        claim_text = c.text or text[start:end]
        claims.append(
            Claim(
                text=claim_text,
                kind=c.kind,
                cue=c.cue,
                start=start,
                end=end,
                speaker=speaker,
                speaker_mention=c.speaker_mention or c.speaker,
                stated_at=c.stated_at,
                sources=sources,
                polarity=c.polarity,
                mode=c.mode or cue_mode(c.cue),
                on_behalf_of=on_behalf if on_behalf != speaker else None,
                content_cue=c.content_cue,
            )
        )
        if c.id is not None:
            if str(c.id) in ids:
                raise InputError(name, f"{where}.id: duplicate claim id {c.id!r}")
            ids[str(c.id)] = i

    # Mentions: the listed entities a claim names (by name or alias), so cross-article lookups work.
    for claim in claims:
        lowered = claim.text.casefold()
        # The substring test first: building a word-boundary regex per name is the slow part.
        found = {
            k for a, k in by_name.items() if a and a in lowered and re.search(rf"\b{re.escape(a)}\b", lowered)
        }
        claim.mentions = sorted(found - {claim.speaker} if claim.speaker else found)

    relations = []
    for i, r in enumerate(src.relations or []):
        ends = []
        for field_name, ref in (("from", r.from_), ("to", r.to)):
            if isinstance(ref, int) and 0 <= ref < len(claims):
                ends.append(ref)
            elif isinstance(ref, str) and ref in ids:
                ends.append(ids[ref])
            else:
                raise InputError(name, f"relations[{i}].{field_name}: no claim with id or index {ref!r}")
        if ends[0] == ends[1]:
            raise InputError(name, f"relations[{i}]: a claim cannot relate to itself")
        relations.append(
            Relation(
                source=ends[0], target=ends[1], type=r.type, confidence=r.confidence, evidence=r.evidence
            )
        )
    return Extraction(claims=claims, entities=entities, relations=relations)


def article_from_dict(data: Any, name: str, *, source: str | None = None) -> Article:
    """One partner article object -> Article (with its extraction when claims are given)."""
    if not isinstance(data, dict):
        raise InputError(name, f"not an article: expected a JSON object, got {type(data).__name__}")
    text = data.get("text")
    if isinstance(text, str) and len(text) * 4 > DEFAULT_MAX_BYTES:  # cheap bound first: UTF-8 <= 4 bytes
        size = len(text.encode("utf-8"))
        if size > DEFAULT_MAX_BYTES:
            raise InputError(name, f"text too large: {size} bytes (limit {DEFAULT_MAX_BYTES}, as for files)")
    if isinstance(text, str) and "\x00" in text:
        raise InputError(name, f"text: a NUL character at offset {text.index(chr(0))}; no article has one")
    try:
        src = ArticleIn.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, _describe(exc)) from None
    published = normalize_iso(src.published_at, name, "published_at") if src.published_at else None
    if src.relations and src.claims is None:
        raise InputError(name, "relations: given without claims")
    extraction = _build_extraction(src, src.text, name) if src.claims is not None else None
    return Article(
        text=src.text,
        title=src.title or None,
        url=src.url or None,
        author=src.author or None,
        publisher=src.publisher or None,
        published_at=published,
        source=source or name,
        extraction=extraction,
    )


def _parse_json(text: str, name: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):  # no article nests a thousand levels deep
            raise InputError(name, f"JSON nested too deeply to be an article ({exc})") from None
    import json  # the standard library's message names the line and column

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(name, "JSON nested too deeply to be an article") from None


def parse_json(text: str, name: str) -> Iterator[Article | InputError]:
    """A .json document: one article, a list of them, or {"articles": [...]}. A bad item in a list
    is reported as name[index] and the others are still read."""
    try:
        data = _parse_json(text, name)
    except InputError as exc:
        yield exc
        return
    if isinstance(data, dict) and set(data) == {"articles"}:
        data = data["articles"]
    if isinstance(data, list):
        if not data:
            yield InputError(name, "empty: no articles in the list")
        for i, item in enumerate(data):
            try:
                yield article_from_dict(item, f"{name}[{i}]", source=name)
            except InputError as exc:
                yield exc
        return
    try:
        yield article_from_dict(data, name)
    except InputError as exc:
        yield exc


def parse_jsonl(text: str, name: str) -> Iterator[Article | InputError]:
    """JSON Lines: one article object per line; a bad line is reported as name:line."""
    seen = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"{name}:{lineno}"
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON: {exc}")
            continue
        try:
            yield article_from_dict(data, where, source=name)
        except InputError as exc:
            yield exc
    if not seen:
        yield InputError(name, "empty")
