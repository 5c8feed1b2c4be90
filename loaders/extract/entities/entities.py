"""The entities one article names, with their aliases merged, their roles and where they stand.

find_entities() reads spaCy's named entities plus a few patterns spaCy misses (a parenthesised
acronym after its long form, "the September 11 report", "Canadian officials", "the Obama
administration"), cleans each mention (no leading "the", no possessive, titles split off a person's
name and kept as roles) and merges mentions that name the same thing within the article:
same name, a surname after the full name, an acronym after its long form, a short organisation name
inside a longer one ("the Treasury" / "U.S. Treasury Department"), the publisher and its name in
the text ("clarion" / "Clarion Project"). The result is an EntityIndex that the later stages
(speakers, sources, relations) look mentions up in and add to.

Candidates are found in entity_mentions.py, the index lives in entity_index.py; merging is here.
"""
from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc

from store.documents import normalize_name

from ...model import Article, EntityKind
from ..names import ORG_SUFFIXES, first_name_genders, name_gender, title_gender
from .entity_index import EntityIndex, clean_name
from .entity_mentions import (
    COMMON_NOUNS,
    PERSON_BODIES,
    Candidate,
    find_candidates,
    initials_of,
    roles_after,
    roles_before,
)

_COUNTRY_PREFIXES = {"us", "u s", "uk", "eu", "un", "federal", "national", "state", "royal"}


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _family(c: Candidate) -> str:
    if c.kind == "PERSON":
        return "P"
    if c.kind == "DOCUMENT":
        return "D"
    return "N"


def _core(norm: str, places: set[str]) -> str:
    """An organisation's name without a leading place or nationality and a trailing generic word:
    "us treasury department" -> "treasury", "iranian red crescent" -> "red crescent"."""
    ws = norm.split()
    while len(ws) > 1 and ws[-1] in ORG_SUFFIXES:
        ws = ws[:-1]
    # a leading place goes only when something is left: "Quellin Biosciences" keeps "quellin"
    # even where spaCy called a lone "Quellin" a place
    if len(ws) > 2 and ws[0] == "u" and ws[1] == "s":
        ws = ws[2:]
    while len(ws) > 1 and (ws[0] in places or ws[0] in _COUNTRY_PREFIXES):
        ws = ws[1:]
    return " ".join(ws)


def _merge(cands: list[Candidate], pairs: list[tuple[int, int]], places: set[str]) -> _Union:
    u = _Union(len(cands))
    for a, b in pairs:
        u.join(a, b)
    first_by_name: dict[tuple[str, str, str | None], int] = {}
    for i, c in enumerate(cands):
        lone_surname = c.kind == "PERSON" and len(c.norm.split()) == 1
        key = (_family(c), c.norm, c.gender if lone_surname else None)
        if key in first_by_name:
            u.join(first_by_name[key], i)
        else:
            first_by_name[key] = i
    # A surname alone after the full name: "Allahkaram" -> "Hossein Allahkaram". spaCy sometimes
    # labels the lone surname ORG; a place ("Jordan") never joins a person.
    by_surname: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) > 1:
            last = c.norm.split()[-1]
            for surname in {last, last.split("-")[-1]}:
                by_surname[surname].append((i, c))
    for i, c in enumerate(cands):
        if len(c.norm.split()) != 1 or not (c.kind == "PERSON" or c.label == "ORG" or c.speaks):
            continue
        matches = [(j, f) for j, f in by_surname.get(c.norm, [])
                   if not c.gender or (f.gender or name_gender(f.name)) in (None, c.gender)]
        if not matches:
            continue
        before = [m for m in matches if m[1].start < c.start]
        j = before[-1][0] if before else matches[0][0]
        if len({u.find(m[0]) for m in matches}) > 1 and not before:
            continue  # two people share the surname and neither came first: leave it
        c.kind = "PERSON"
        u.join(j, i)
    # One name spaCy labels a person here and a body or place there ("Athletics Integrity Unit", a
    # town "Brenton"): one entity, its kind by vote — unless it is a person's surname ("Jordan" the
    # country beside "Michael Jordan" stays apart) or a titled surname ("Mrs. Clinton").
    by_norm: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        lone_surname = len(c.norm.split()) == 1 and c.norm in by_surname
        if _family(c) in ("P", "N") and not lone_surname and not c.gender:
            by_norm[c.norm].append(i)
    for same in by_norm.values():
        for k in same[1:]:
            u.join(same[0], k)
    # A first name alone, labelled a person, for the one person of the article who has it ("Tariq"
    # after "Tariq Lund"), unless it is somebody's surname too.
    by_first: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) > 1:
            by_first[c.norm.split()[0]].add(u.find(i))
    # spaCy tags a first name opening a quote as anything ("Tariq is not for sale" -> WORK_OF_ART):
    # a known first name is a person's whatever its label.
    known_first = first_name_genders()
    for i, c in enumerate(cands):
        person_label = c.kind == "PERSON" and c.label == "PERSON"
        misread = c.kind in ("DOCUMENT", "OTHER", "ORGANIZATION") and c.norm in known_first
        if ((person_label or misread) and len(c.norm.split()) == 1 and not c.gender
                and c.norm not in by_surname and len(by_first.get(c.norm, ())) == 1):
            c.kind = "PERSON"
            u.join(next(iter(by_first[c.norm])), i)
    # "Clinton" with no full name around: the one "Mrs. Clinton" or "Mr. Clinton" of the article.
    lone: dict[str, dict[str | None, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) == 1 and c.norm not in by_surname:
            lone[c.norm][c.gender].add(u.find(i))
    for genders in lone.values():
        titled = set().union(*(roots for g, roots in genders.items() if g))
        if len(titled) == 1 and None in genders:
            for root in genders[None]:
                u.join(next(iter(titled)), root)
    # An acronym used without its definition: "the FBI" after "the Federal Bureau of Investigation".
    orgs = [(i, c) for i, c in enumerate(cands) if c.kind == "ORGANIZATION"]
    for i, c in orgs:
        if re.fullmatch(r"[A-Z]{2,6}", c.name):
            for j, o in orgs:
                if len(o.name.split()) > 1 and initials_of(o.name) == c.name:
                    u.join(j, i)
                    break
    # A short name inside a longer one of the same body: "Treasury" / "U.S. Treasury Department".
    by_core: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(cands):
        if _family(c) == "N" and c.kind != "LOCATION":
            core = _core(c.norm, places)
            if core != c.norm:
                by_core[core].add(u.find(i))
    for i, c in enumerate(cands):
        if _family(c) == "N":
            roots = by_core.get(c.norm, set())
            if len(roots) == 1:
                u.join(next(iter(roots)), i)
    # The first words of a company's name, or a club's last: "Halvorsen" / "Halvorsen Foods",
    # "Rovers" / "Harrowgate Rovers" — when exactly one organisation of the article fits.
    long_orgs = [(i, c) for i, c in enumerate(cands) if c.kind == "ORGANIZATION" and len(c.norm.split()) > 1
                 and not set(c.norm.split()[1:]) & PERSON_BODIES]
    with_person = {u.find(i) for i, c in enumerate(cands) if c.kind == "PERSON" and len(c.norm.split()) > 1}
    for i, c in enumerate(cands):
        ws = c.norm.split()
        if not ws or len(ws) > 2 or c.kind in ("LOCATION", "DOCUMENT", "GROUP") or u.find(i) in with_person:
            continue
        if ws[-1] in COMMON_NOUNS or ws[-1] in ORG_SUFFIXES or (c.kind == "PERSON" and c.gender):
            continue
        # Not the last word after "of"/"for": "Supporters of Hezbollah" is not "Hezbollah", nor
        # "Friends of the Earth" "Earth" — what follows the preposition is another body or thing.
        fits = {u.find(j) for j, o in long_orgs
                if o.norm.split()[:len(ws)] == ws
                or (len(ws) == 1 and o.norm.split()[-1] == ws[0] and not _OF_WORDS & set(o.norm.split()))}
        fits.discard(u.find(i))
        if len(fits) == 1:
            root = next(iter(fits))
            for k, o in enumerate(cands):
                if u.find(k) == u.find(i):
                    o.kind = "ORGANIZATION"  # spaCy's PERSON on a lone company name
            u.join(root, i)
    return u


_OF_WORDS = frozenset({"of", "for", "against", "to"})

_KIND_PRIORITY: dict[EntityKind, int] = {"ORGANIZATION": 3, "LOCATION": 2, "GROUP": 1, "OTHER": 0,
                                         "PERSON": 4, "DOCUMENT": 5}


def _vote_kind(members: list[Candidate]) -> EntityKind:
    if any(c.kind == "DOCUMENT" for c in members):
        return "DOCUMENT"
    votes: dict[EntityKind, float] = defaultdict(float)
    for c in members:
        ws = c.norm.split()
        company = c.kind == "ORGANIZATION" and len(ws) > 1 and ws[-1] in ORG_SUFFIXES
        votes[c.kind] += c.weight + (2.0 if company else 0.0)  # "… Biosciences" says what it is
    return max(votes, key=lambda k: (votes[k], _KIND_PRIORITY[k]))


def _canonical(members: list[Candidate]) -> str:
    """The fullest proper form: not an acronym, most words, capitalised, first seen."""

    def rank(ic: tuple[int, Candidate]) -> tuple[int, int, int, int]:
        i, c = ic
        acronym = bool(re.fullmatch(r"[A-Z0-9&.\-]+s?", c.name))
        return (not acronym, any(ch.isupper() for ch in c.name), len(c.name.split()), -i)

    return max(enumerate(members), key=rank)[1].name


def find_entities(doc: Doc, article: Article) -> EntityIndex:
    """The article's entities with merged aliases, roles, mentions and the publisher."""
    text = doc.text  # built from the tokens on every access: read it once
    cands, pairs = find_candidates(doc, text)
    places = {normalize_name(e.text) for e in doc.ents if e.label_ in ("GPE", "NORP", "LOC")}
    union = _merge(cands, pairs, places)

    clusters: dict[int, list[Candidate]] = defaultdict(list)
    for i, c in enumerate(cands):
        clusters[union.find(i)].append(c)
    index = EntityIndex(author=article.author)
    for root in sorted(clusters, key=lambda r: min(c.start for c in clusters[r])):
        members = sorted(clusters[root], key=lambda c: c.start)
        kind = _vote_kind(members)
        key = index.add(_canonical(members), kind)
        entity = index.entity(key)
        entity.name = _canonical(members)  # add() may have merged into an entity named otherwise
        for c in members:
            index.add_alias(key, c.name)
            index.add_mention(key, c.start, c.end)
            if c.alias and c.alias_start is not None:
                index.add_alias(key, c.alias)
                index.add_mention(key, c.alias_start, c.end)
                gender = title_gender(c.alias)
                if gender:
                    index.genders.setdefault(key, gender)
            for role in c.roles:
                index.add_role(key, role)
            if kind == "PERSON":
                for role in filter(None, (roles_after(text, c.end), roles_before(text, c.start))):
                    index.add_role(key, role)
        if kind == "PERSON" and key not in index.genders:
            for name in [entity.name, *sorted(entity.aliases)]:
                gender = name_gender(name)
                if gender:
                    index.genders[key] = gender
                    break
    _find_repeats(text, index)
    if article.publisher:
        index.publisher = attach_publisher(index, article.publisher, places)
    return index


def _find_repeats(text: str, index: EntityIndex) -> None:
    """Mentions spaCy did not label: "Larijani also gave details" after "Mohammad-Javad Larijani",
    "IRGC" where it tagged nothing. Names are matched as written (case-sensitive, whole words)."""
    names: dict[str, str | None] = {}
    for e in index.entities:
        if e.kind == "DOCUMENT":
            continue
        forms = {e.name, *e.aliases}
        if e.kind == "PERSON":
            forms |= {n.split()[-1] for n in list(forms) if len(n.split()) > 1}
        for form in forms:
            if len(form) < 3 or not form[:1].isupper():
                continue
            # a surname two people share names neither
            names[form] = None if names.get(form, e.key) != e.key else e.key
    usable = {n: k for n, k in names.items() if k is not None}
    if not usable:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(usable, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w\-])(?:" + alternatives + r")(?![\w\-])")
    taken = [(m.start, m.end) for m in index.mentions]
    for m in pattern.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in taken):
            continue
        key = usable[m.group(0)]
        index.add_mention(key, start, end)
        index.add_alias(key, m.group(0))


def attach_publisher(index: EntityIndex, publisher: str, places: set[str] | None = None) -> str | None:
    """The publisher as an ORGANIZATION entity, merged with the organisation of the text it names
    or abbreviates ("clarion" -> "Clarion Project", "The Meridian Post" -> "Meridian Post")."""
    name = clean_name(publisher)
    norm = normalize_name(name)
    if not norm:
        return None
    places = places or set()
    for e in index.entities:
        if e.kind in ("DOCUMENT", "PERSON") and normalize_name(e.name) == norm:
            # spaCy's WORK_OF_ART for a newspaper's name in italics, or PERSON for "Civic Wire"
            e.kind = "ORGANIZATION"
            index.genders.pop(e.key, None)
        if e.kind not in ("ORGANIZATION", "OTHER", "GROUP"):
            continue
        names = [e.name, *e.aliases]
        norms = {normalize_name(n) for n in names}
        cores = {_core(n, places) for n in norms}
        firsts = {n.split()[0] for n in norms if len(n.split()) > 1}
        initials = {initials_of(n).casefold() for n in names if len(n.split()) > 1}
        if norm in norms or norm in cores or norm in firsts or norm.replace(" ", "") in initials:
            index.add_alias(e.key, name)
            if e.kind != "ORGANIZATION":
                e.kind = "ORGANIZATION"
            return e.key
    return index.add(name, "ORGANIZATION")


__all__ = ["attach_publisher", "find_entities"]
