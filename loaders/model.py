"""What flows through the write path, before it becomes store documents.

    readers  -> Article                      (loaders.read: txt, html, json, jsonl, stdin)
    extract  -> Extraction                   (loaders.extract: pure, text in, these out)
    resolve  -> store documents              (loaders.resolve: ids, entity merging, cross-article)

Entities inside one Extraction are referred to by a local `key` (any string unique within the
article, e.g. "e3"); claims by their index in `Extraction.claims`. `loaders.resolve` maps keys to
store ids, consulting the store by normalized alias so that "IRGC" in two articles is one entity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["PERSON", "ORGANIZATION", "LOCATION", "DOCUMENT", "GROUP", "OTHER"]
ClaimKind = Literal["DIRECT", "REPORTED"]
# What kind of act a claim reports: something said or written (said, told, denied, according to),
# something held (thinks, believes, fears, hopes, wants), or what records or a poll show.
StatementMode = Literal["STATEMENT", "BELIEF", "EVIDENCE"]
STATEMENT_MODES: tuple[StatementMode, ...] = ("STATEMENT", "BELIEF", "EVIDENCE")
RelationType = Literal["SUPPORTS", "CONTRADICTS"]
RelationMethod = Literal["CUE", "INFERRED", "CURATED"]
SourceKind = Literal["ARTICLE", "OUTLET", "DOCUMENT", "PERSON", "ORGANIZATION", "OTHER"]


class InputError(ValueError):
    """An input refused whole: the message names the input and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class Article:
    """One article as read from a file, stdin or the API. `text` is what spans point into."""

    text: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime
    source: str = "-"  # where it was read from: a path, "-" for stdin, "api"
    # Partners may push claims already extracted; when present, extraction is skipped.
    extraction: Extraction | None = None


@dataclass
class Entity:
    key: str
    name: str  # canonical: the fullest name the article uses
    kind: EntityKind
    aliases: set[str] = field(default_factory=set)  # every other name it goes by, as written
    roles: list[str] = field(default_factory=list)  # "former spokesman for the IRGC", as written


@dataclass
class Source:
    name: str
    kind: SourceKind
    url: str | None = None
    entity: str | None = None  # local entity key
    evidence: str | None = None  # "Al Arabiya reported"


@dataclass
class Claim:
    text: str
    kind: ClaimKind
    cue: str
    start: int  # span of `text` in Article.text, end exclusive
    end: int
    speaker: str | None = None  # local entity key; None when nobody is named or resolvable
    speaker_mention: str | None = None  # as written at this place: "he", "a company spokeswoman"
    speaker_start: int | None = None  # where speaker_mention stands in Article.text
    speaker_end: int | None = None
    stated_at: str | None = None  # "2018", "July 2011"
    sources: list[Source] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # local entity keys named in the text
    polarity: int = 0  # -1 negated/denial, 1 affirmed, 0 unknown: used for inferred contradictions
    cue_start: int | None = None  # where the cue stands in Article.text, for provenance
    cue_end: int | None = None
    mode: StatementMode = "STATEMENT"
    # The organisation a spokesperson speaks for ("said Petra Lindahl, the authority's current
    # spokeswoman"): local entity key; the speaker stays the person.
    on_behalf_of: str | None = None
    # The verb that introduces the content when the cue is a stance taken with it ("denied Brisk's
    # revelations, saying C": cue "denied", content_cue "saying").
    content_cue: str | None = None


@dataclass
class Relation:
    source: int  # index into Extraction.claims: the claim that supports or contradicts ...
    target: int  # ... this one
    type: RelationType
    method: RelationMethod = "CUE"
    confidence: float = 1.0
    evidence: str | None = None  # "officially denied Qasemi's revelations"


@dataclass
class Extraction:
    claims: list[Claim] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    publisher: str | None = None  # local entity key of the publisher, when it is an entity here
