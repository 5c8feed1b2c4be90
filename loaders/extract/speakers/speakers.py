"""Who said each claim: the claim's speaker mention, as written, resolved to an entity of the article.

The claims stage leaves `speaker_mention` / `speaker_start` / `speaker_end` as written ("Said
Qasemi", "he", "the minister", "A former spokesman for the IRGC", "a source"). This stage,
`find_speakers`, finds each claim's speaker (a local entity key, or None when the article keeps
the source unnamed or nothing fits) and the entities named inside its text, and returns them with
what it found about the entities (speakers spaCy did not label, unnamed sources, roles, genders,
mentions) as `Speakers`; it changes neither the claims nor the article's EntityIndex, but resolves
on a draft of the index so that what one claim finds serves the next. The pipeline sets
`Claim.speaker` and `Claim.mentions`, and hands the findings to the entity stage. In order:

1. names: the entity whose mention is, covers or heads the speaker span;
2. pronouns: "he"/"she" -> the nearest earlier person of that gender (speakers and subjects first),
   "they"/"it" -> the nearest earlier organisation or group, "I"/"we" inside a quote -> its speaker;
3. descriptions: "the minister" -> the earlier person with that role, "the company" -> the earlier
   organisation, "the report" -> the earlier document; an indefinite one in the lede ("A former
   spokesman for the IRGC revealed …") -> the named speaker who follows;
4. quotes with no attribution of their own -> the speaker of the adjacent quote (continuation).

Names and continuation are here; pronouns (and the per-article context) in speaker_context.py;
descriptions, unnamed sources and cataphora in speaker_descriptions.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from store.documents import normalize_name

from ...model import Claim, EntityKind
from ..entities.entity_index import EntityFinding, EntityIndex, Mention, clean_name
from ..names import (
    DOCUMENT_NOUNS,
    INDEFINITE,
    PERSON_ROLE_NOUNS,
    bare,
    first_name_genders,
    is_known_noun,
    is_title,
    name_gender,
    noun_phrase,
    plural_people,
    pronoun,
    split_title,
)
from .speaker_context import ArticleContext, Resolution, position, resolve_pronoun
from .speaker_descriptions import resolve_cataphora, resolve_description, unnamed_source

# Words after a name that do not make it a modifier of what follows.
_NP_CONTINUATIONS = {"and", "or", "who", "which", "that", "of", "for", "by", "at", "in", "on", "with",
                     "from", "to", "as", "but", "nor", "also", "himself", "herself", "itself",
                     "themselves", "said", "says", "told", "added"}
_NAME_AFTER_COMMA = re.compile(
    r",\s+(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|Gen|Col|Capt|Lt)\.?\s+)?"
    r"[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|al|bin|da|del|la)){1,3})\s*,?\s*$"
)
_PREPOSITIONS = {"for", "of", "by", "at", "to", "from", "with", "in", "on", "about", "against", "under"}
_NAME_WORD = re.compile(r"[A-Z][\w’'\-.]*$")


@dataclass(frozen=True)
class Speakers:
    """What the speakers stage found, per claim in the order of the claims it was given, and about
    the article's entities, in the order found (for `entities.add_findings`)."""

    speakers: tuple[str | None, ...]  # each claim's speaker: a local entity key
    mentions: tuple[list[str], ...]  # the entities named inside each claim's text
    findings: tuple[EntityFinding, ...]


def find_speakers(doc: Doc, claims: list[Claim], index: EntityIndex) -> Speakers:
    """Each claim's speaker and the entities its text names (see the module docstring for the
    rules); the claims and the index are left as they are."""
    index = index.draft()
    art = ArticleContext(doc, claims, index)
    speakers = art.speakers
    mentions: list[list[str]] = [list(c.mentions) for c in claims]
    order = sorted(range(len(claims)), key=lambda i: (position(claims[i]), claims[i].start))
    pending_pronouns: list[int] = []
    pending_cataphora: list[int] = []
    pending_first_person: list[int] = []  # "I"/"we" inside a quote: once the quote has its speaker
    for i in order:
        c = claims[i]
        mentions[i] = _mentions_in(index, c.start, c.end)
        if speakers[i] is not None or not c.speaker_mention:
            continue
        mention = c.speaker_mention.strip()
        if pronoun(mention):
            word = mention.casefold()
            quoted = word in ("i", "me", "we", "us") and art.quotation_around(position(c)) is not None
            (pending_first_person if quoted else pending_pronouns).append(i)
            continue
        res = _resolve_named(art, c)
        if res.key is None and res.how == "none":
            res = resolve_description(art, c)
        if res.how == "cataphora":
            pending_cataphora.append(i)
            continue
        speakers[i] = res.key
        art.how[i] = res.how
    for i in pending_pronouns:  # in text order, so a resolved "he" can be the antecedent of the next
        speakers[i] = resolve_pronoun(art, i)
        art.how[i] = "pronoun"
    for i in pending_cataphora:
        c = claims[i]
        speakers[i] = resolve_cataphora(art, i)
        art.how[i] = "cataphora"
        np = noun_phrase(c.speaker_mention or "")
        if speakers[i] is None and np is not None and (np[2] is None or np[2] in INDEFINITE):
            speakers[i] = unnamed_source(art, c, np[0], "OTHER")  # nobody named after it: an unnamed source
            art.how[i] = "unnamed"
    _continue_quotes(art)
    for i in pending_first_person:
        q = art.inside_quote_of(position(claims[i]), i)
        speakers[i] = speakers[q] if q is not None else None
        art.how[i] = "pronoun"
    return Speakers(tuple(speakers), tuple(mentions), index.findings)


def _mentions_in(index: EntityIndex, start: int, end: int) -> list[str]:
    keys: list[str] = []
    for m in index.within(start, end):
        if m.key not in keys:
            keys.append(m.key)
    return keys


# ---------------------------------------------------------------------------------------------
# Names


def _heads_span(art: ArticleContext, m: Mention, start: int, end: int) -> bool:
    """Whether an entity mention inside the speaker span is its head, not a modifier: not after a
    preposition ("a spokesman for the IRGC"), not a possessor ("Clarion's analyst"), not before a
    role noun ("IRGC official Hossein Allahkaram")."""
    text = art.text
    before = text[start:m.start].replace("’", "'")
    if any(bare(w) in _PREPOSITIONS for w in before.split()):
        return False
    after = text[m.end:min(end, m.end + 40)].replace("’", "'")
    if after.startswith("'s") or after.startswith("'"):
        return False
    nxt = after.split()[0].strip(",;.:!?”\"") if after.split() else ""
    if not nxt or after.startswith(","):
        return True
    # a noun right after it makes it a modifier: "IRGC official …", "a Supreme Court advocate"
    if bare(nxt) in PERSON_ROLE_NOUNS or bare(nxt) in DOCUMENT_NOUNS or (
            nxt[:1].islower() and nxt.isalpha() and nxt not in _NP_CONTINUATIONS):
        return False
    # … or a head noun further on in the same phrase: "a new CNN/ORC poll"
    for w in re.split(r"[\s/]+", after):
        word = w.strip(",;.:!?”\"")
        if not word:
            continue
        if word.casefold() in _NP_CONTINUATIONS or w.endswith(","):
            break
        if word[:1].islower() and is_known_noun(word):
            return False
    return True


def _resolve_named(art: ArticleContext, c: Claim) -> Resolution:
    index = art.index
    mention = c.speaker_mention or ""
    if c.speaker_start is not None and c.speaker_end is not None:
        key = index.key_for(c.speaker_start, c.speaker_end)
        if key is not None:
            return Resolution(key, "name")
        for m in index.within(c.speaker_start, c.speaker_end):
            if _heads_span(art, m, c.speaker_start, c.speaker_end):
                return Resolution(m.key, "name")
    # "The mayor of Pellworth, Oskar Lindahl": the name after the description
    appositive = _NAME_AFTER_COMMA.search(mention)
    if appositive and not is_known_noun(appositive.group("name").split()[-1]):
        name = appositive.group("name")
        title, bare_name = split_title(name)
        key = index.lookup(bare_name, "PERSON") or index.lookup(name, "PERSON")
        if key is None:
            key = index.add(bare_name, "PERSON")
            if title:
                index.add_alias(key, name)
        index.add_role(key, mention[:appositive.start()].strip())
        if c.speaker_start is not None:
            at = c.speaker_start + appositive.start("name")
            index.add_mention(key, at, at + len(name))
        gender = name_gender(name)
        if gender:
            index.note_gender(key, gender)
        return Resolution(key, "name")
    name = clean_name(re.split(r",| and | who ", mention, maxsplit=1)[0])
    key = index.lookup(name) or index.lookup(split_title(name)[1])
    if key is not None:
        return Resolution(key, "name")
    if _looks_like_name(name):
        return Resolution(_add_named(art, c, name), "name")
    return Resolution(None, "none")


def _looks_like_name(name: str) -> bool:
    ws = name.split()
    if not ws or len(ws) > 6 or ws[0].casefold() in INDEFINITE or pronoun(ws[0]):
        return False
    if any(is_known_noun(w) or plural_people(bare(w)) for w in ws if not is_title(w)):
        return False  # "Residents", "Internal emails": capitalised only to open the sentence
    return all(_NAME_WORD.match(w) or w in {"of", "and", "for", "de", "al", "bin"} for w in ws) and not all(
        is_title(w) or bare(w) in PERSON_ROLE_NOUNS for w in ws
    )


def _add_named(art: ArticleContext, c: Claim, name: str) -> str:
    """A speaker named by a name spaCy did not label: a known person's surname, or a new entity."""
    index = art.index
    title, rest = split_title(name)
    last = normalize_name(rest).split()[-1] if normalize_name(rest) else ""
    people = [e for e in index.entities
              if e.kind == "PERSON" and normalize_name(e.name).split()[-1:] == [last]]
    # only a surname alone ("Kowalczyk", "Mr. Kowalczyk") is the known person: "Melania Trump"
    # after "Donald Trump" is somebody else
    if len(people) == 1 and len(rest.split()) == 1:
        key = people[0].key
        index.add_alias(key, name)
    else:
        first = bare(rest.split()[0])
        personal = title or (first in first_name_genders() and len(rest.split()) > 1)
        kind: EntityKind = "PERSON" if personal else "ORGANIZATION"
        key = index.add(rest, kind, role=title if title and kind == "PERSON" else None)
        if title and rest != name:
            index.add_alias(key, name)
    if c.speaker_start is not None and c.speaker_end is not None:
        index.add_mention(key, c.speaker_start, c.speaker_end)
    return key


# ---------------------------------------------------------------------------------------------
# Continuation


def _continue_quotes(art: ArticleContext) -> None:
    """A quote with no attribution of its own continues the adjacent attributed quote: the one
    before it in its paragraph, else the one after it there, else the last quote of the paragraph
    before."""
    claims, speakers = art.claims, art.speakers
    by_start = sorted(range(len(claims)), key=lambda i: claims[i].start)
    for n, i in enumerate(by_start):
        c = claims[i]
        if speakers[i] is not None or c.speaker_mention or c.kind != "DIRECT":
            continue
        para = art.paragraph(c.start)
        prev = [j for j in by_start[:n] if speakers[j]]
        nxt = [j for j in by_start[n + 1:] if speakers[j]]
        if prev and art.paragraph(claims[prev[-1]].start) == para:
            speakers[i] = speakers[prev[-1]]
        elif nxt and art.paragraph(claims[nxt[0]].start) == para:
            speakers[i] = speakers[nxt[0]]
        elif prev and art.paragraph(claims[prev[-1]].start) == para - 1 and claims[prev[-1]].kind == "DIRECT":
            speakers[i] = speakers[prev[-1]]
        if speakers[i] is not None:
            art.how[i] = "continuation"


__all__ = ["Speakers", "find_speakers"]
