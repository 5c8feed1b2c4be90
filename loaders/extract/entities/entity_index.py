"""The index of one article's entities: local keys, names, mentions, and lookups by name or span.

Built by entities.find_entities: `add` creates or merges an entity by normalized name, `key_for`
finds the entity mentioned at a span, `lookup` the one going by a name.

Only the entity stage writes to an article's index. The later stages find entities too (a speaker
spaCy did not label, an unnamed source, an outlet), roles, genders and mentions, and a finding can
matter to the next claim they resolve, so each writes to its own `draft` of the index and returns
the draft's `findings`, as values (`Named`, `AliasOf`, `RoleOf`, `Mention`, `GenderOf`), in the
order it made them. `add_findings` makes the same writes to the article's index, in the same
order, so the same keys come out.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from store.documents import normalize_name

from ...model import Entity, EntityKind
from ..names import Gender, role_gender

_NON_PERSON = frozenset({"ORGANIZATION", "LOCATION", "GROUP", "OTHER"})


@dataclass(frozen=True, order=True)
class Mention:
    start: int  # char span in the article text, end exclusive
    end: int
    key: str


@dataclass(frozen=True)
class Named:
    """`add`: an entity created, or merged into by name; `key` is the one it got."""

    key: str
    name: str
    kind: EntityKind
    start: int | None = None
    end: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class AliasOf:
    key: str
    name: str


@dataclass(frozen=True)
class RoleOf:
    key: str
    role: str


@dataclass(frozen=True)
class GenderOf:
    """What a name, a title or a resolved pronoun tells of a person, unless it was known."""

    key: str
    gender: Gender


# What a later stage found about the article's entities (a `Mention` is where one is named).
EntityFinding = Named | AliasOf | RoleOf | Mention | GenderOf


@dataclass
class EntityIndex:
    """The article's entities (local keys "e0", "e1", …), their mentions and a name lookup."""

    entities: list[Entity] = field(default_factory=list)
    publisher: str | None = None
    author: str | None = None  # the byline's name, as written: who "I" is outside quotes
    mentions: list[Mention] = field(default_factory=list)  # sorted by start
    genders: dict[str, Gender] = field(default_factory=dict)  # what titles, names and pronouns tell
    _by_key: dict[str, Entity] = field(default_factory=dict)
    _by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # A draft's writes, in order (see the module docstring); None for the article's own index.
    _findings: list[EntityFinding] | None = field(default=None, repr=False, compare=False)

    def draft(self) -> EntityIndex:
        """A copy for a later stage to write to; what it writes is kept as the draft's `findings`."""
        entities = [replace(e, aliases=set(e.aliases), roles=list(e.roles)) for e in self.entities]
        by_name: dict[str, list[str]] = defaultdict(list, {n: list(k) for n, k in self._by_name.items()})
        return EntityIndex(entities, self.publisher, self.author, list(self.mentions), dict(self.genders),
                           {e.key: e for e in entities}, by_name, [])

    @property
    def findings(self) -> tuple[EntityFinding, ...]:
        """The writes made to this draft, in order (none for an index that is not a draft)."""
        return tuple(self._findings or ())

    def _keep(self, finding: EntityFinding) -> None:
        if self._findings is not None:
            self._findings.append(finding)

    def entity(self, key: str) -> Entity:
        return self._by_key[key]

    def spans(self, key: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.mentions if m.key == key]

    def key_for(self, start: int, end: int) -> str | None:
        """The entity whose mention is exactly this span, else the narrowest mention covering it."""
        best: Mention | None = None
        i = bisect.bisect_right(self.mentions, Mention(start, 1 << 62, ""))
        for m in reversed(self.mentions[:i]):
            if m.start == start and m.end == end:
                return m.key
            if m.end >= end and (best is None or m.end - m.start < best.end - best.start):
                best = m
        return best.key if best else None

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end), in text order."""
        i = bisect.bisect_left(self.mentions, Mention(start, -1, ""))
        out = []
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def lookup(self, name: str, kind: EntityKind | None = None) -> str | None:
        """The entity going by this name (any alias, compared normalized); with `kind`, only one
        whose kind is compatible ("Jordan" the country is not "Jordan" the player)."""
        for key in self._by_name.get(normalize_name(name), ()):
            if kind is None or _compatible(self._by_key[key].kind, kind):
                return key
        return None

    def add(self, name: str, kind: EntityKind, *, start: int | None = None, end: int | None = None,
            role: str | None = None) -> str:
        """Create an entity, or merge into the one already going by this name; returns its key."""
        key = self._add(name, kind, start, end, role)
        self._keep(Named(key, name, kind, start, end, role))
        return key

    def add_alias(self, key: str, name: str) -> None:
        self._add_alias(key, name)
        self._keep(AliasOf(key, name))

    def add_role(self, key: str, role: str) -> None:
        self._add_role(key, role)
        self._keep(RoleOf(key, role))

    def add_mention(self, key: str, start: int, end: int) -> None:
        self._add_mention(key, start, end)
        self._keep(Mention(start, end, key))

    def note_gender(self, key: str, gender: Gender) -> None:
        """What a name, a title or a resolved pronoun tells of a person, unless it was known."""
        self.genders.setdefault(key, gender)
        self._keep(GenderOf(key, gender))

    def _add(self, name: str, kind: EntityKind, start: int | None, end: int | None, role: str | None) -> str:
        written = name
        name = clean_name(name)
        if not normalize_name(name):
            raise ValueError(f"entity name {written!r}: nothing left to name once cleaned")
        key = self.lookup(name, kind)
        if key is None:
            key = f"e{len(self.entities)}"
            entity = Entity(key=key, name=name, kind=kind)
            self.entities.append(entity)
            self._by_key[key] = entity
        else:
            entity = self._by_key[key]
            if entity.kind == "OTHER" and kind != "OTHER":
                entity.kind = kind
        self._add_alias(key, name)
        if role:
            self._add_role(key, role)
        if start is not None and end is not None:
            self._add_mention(key, start, end)
        return key

    def _add_alias(self, key: str, name: str) -> None:
        entity = self._by_key[key]
        norm = normalize_name(name)
        if not norm:
            return
        if norm != normalize_name(entity.name) and not any(normalize_name(a) == norm for a in entity.aliases):
            entity.aliases.add(name)
        if key not in self._by_name[norm]:
            self._by_name[norm].append(key)

    def _add_role(self, key: str, role: str) -> None:
        entity = self._by_key[key]
        role = role.strip(" ,;")
        if role and role not in entity.roles:
            entity.roles.append(role)
            gender = role_gender(role)
            if gender and entity.kind == "PERSON":
                self.genders.setdefault(key, gender)

    def _add_mention(self, key: str, start: int, end: int) -> None:
        m = Mention(start, end, key)
        i = bisect.bisect_left(self.mentions, m)
        if i >= len(self.mentions) or self.mentions[i] != m:
            self.mentions.insert(i, m)


def add_findings(index: EntityIndex, findings: Iterable[EntityFinding]) -> None:
    """Write what a later stage found, from its draft of this index, to the index itself, in the
    order it was found: the entity stage's hand in the pipeline after each later stage."""
    for f in findings:
        if isinstance(f, Named):
            key = index.add(f.name, f.kind, start=f.start, end=f.end, role=f.role)
            if key != f.key:
                raise ValueError(f"finding {f}: the index gives it key {key!r}, not its draft's")
        elif isinstance(f, AliasOf):
            index.add_alias(f.key, f.name)
        elif isinstance(f, RoleOf):
            index.add_role(f.key, f.role)
        elif isinstance(f, Mention):
            index.add_mention(f.key, f.start, f.end)
        else:
            index.note_gender(f.key, f.gender)


def _compatible(a: EntityKind, b: EntityKind) -> bool:
    # spaCy labels one acronym GPE here and ORG there; a person and a place never share a name.
    return a == b or (a in _NON_PERSON and b in _NON_PERSON)


def clean_name(name: str) -> str:
    """A name without surrounding punctuation, leading article or trailing possessive."""
    name = " ".join(name.replace("\n", " ").split()).strip(" ,;:“”‘\"()")
    name = re.sub(r"^'+|''+$", "", name).strip()  # '' used as quotation marks
    if not re.search(r"\b[A-Z]\.$", name):  # keep the period of "U.S."
        name = name.rstrip(".")
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    name = re.sub(r"(?:'s|’s|'|’)$", "", name).strip()
    return "" if name.casefold() in {"the", "a", "an"} else name


__all__ = [
    "AliasOf", "EntityFinding", "EntityIndex", "GenderOf", "Mention", "Named", "RoleOf", "add_findings",
    "clean_name",
]
