"""Whom a spokesperson speaks for: the claim keeps the person as its speaker and names the body as
`on_behalf_of`.

    "…," said Ramadan Sharif, the IRGC's current spokesman        -> the IRGC        (possessive)
    A spokeswoman for Halvorsen Foods, Priya Castellanos, denied …  -> Halvorsen Foods (for/of X)
    Halvorsen Foods spokeswoman Priya Castellanos said …          -> Halvorsen Foods (a name before)
    A company spokeswoman said …                                  -> the company named before it
    "…," said a former spokesman for the IRGC                     -> nobody: a former spokesman
                                                                     speaks for himself now

The role is read from the speaker as written at the claim, then from the roles the article gives
the speaker elsewhere ("Sharif, the IRGC's spokesman, said …" and later "Sharif said …").
`find_on_behalf` reads the claims once their speakers are set and returns the body per claim; it
writes to neither the claims nor the EntityIndex (the pipeline sets `Claim.on_behalf_of`).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ...model import Claim
from ..entities.entity_index import EntityIndex, clean_name
from ..names import ORG_NOUNS, bare
from .speaker_context import ArticleContext, nearest_before, position

_ROLE = re.compile(r"\b(?:spokes(?:man|woman|person|people|men|women)|press (?:secretary|officer))\b", re.I)
# A past or acting-for-no-one role: "a former spokesman", "the ex-spokeswoman".
_PAST = re.compile(r"\b(?:former|ex-|onetime|one-time|retired|erstwhile|then)\s*(?:\w+\s+){0,2}$", re.I)
_AFTER = re.compile(r"^\s+(?:for|of|at|with|to)\s+(?P<body>[^,;()]+)")
_POSSESSIVE = re.compile(r"(?P<owner>[\w.&\- ]+?)\s*['\u2019]s?\s+(?:\w+\s+){0,2}$")
# Bodies a lower-case modifier names ("a company spokeswoman", "the ministry's spokesman").
_BODY_WORDS = ORG_NOUNS | {
    "company", "firm", "agency", "department", "ministry", "authority", "council", "club", "union",
    "government", "party", "campaign", "police", "board", "office", "university", "hospital",
    "school", "district", "city", "county", "court", "commission", "committee", "team", "army",
    "embassy", "utility", "airline", "bank", "group", "association", "federation", "league",
}
# Words that may stand for the one organisation an article is about without naming it.
_GENERIC_BODY = {"company", "firm", "corporation", "business", "group", "organization", "organisation",
                 "club", "team", "bank", "utility", "airline", "charity", "campaign"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "current", "chief", "senior", "deputy",
                "official", "longtime", "new", "acting", "main", "lead", "top", "principal"}


def find_on_behalf(doc: Doc, claims: list[Claim], index: EntityIndex) -> tuple[str | None, ...]:
    """Each claim's `on_behalf_of`: the body its spokesperson speaks for (see the module
    docstring), else what the claim has (None); the claims are left as they are."""
    art = ArticleContext(doc, claims, index)
    found: list[str | None] = []
    for c in claims:
        key = None
        if c.speaker is not None and c.on_behalf_of is None:
            key = speaking_for(art, c)
        found.append(key if key is not None and key != c.speaker else c.on_behalf_of)
    return tuple(found)


def speaking_for(art: ArticleContext, c: Claim) -> str | None:
    """The body the claim's speaker speaks for, from the speaker as written, then their roles."""
    index = art.index
    assert c.speaker is not None
    written: list[tuple[str, int | None]] = []
    if c.speaker_mention:
        written.append((c.speaker_mention, c.speaker_start))
    written += [(role, None) for role in index.entity(c.speaker).roles]
    for text, at in written:
        for m in _ROLE.finditer(text):
            if _PAST.search(text[: m.start()]):
                continue
            key = _body_of(art, c, text, at, m.start(), m.end())
            if key is not None:
                return key
    return None


def _body_of(art: ArticleContext, c: Claim, text: str, at: int | None, start: int, end: int) -> str | None:
    index = art.index
    pos = position(c)
    # "a spokeswoman for Halvorsen Foods": the body named after the role
    after = _AFTER.match(text[end:])
    if after:
        phrase = after.group("body").strip()
        key = index.lookup(clean_name(phrase))  # the whole name first: "Corran Metro", not "Corran"
        if key is not None:
            return key
        if at is not None:
            lo = at + end + after.start("body")
            if (key := _best(index, lo, lo + len(phrase), people=True)) is not None:
                return key
        return _by_word(art, pos, phrase.split()[-1:] if phrase else [])
    # before the role: the part of the phrase after the last comma ("Sharif, the IRGC's spokesman")
    head = re.split(r"[,;(]", text[:start])[-1]
    owner = _POSSESSIVE.search(head)
    if owner:
        name = owner.group("owner").strip()
        if at is not None:
            lo = at + len(text[:start]) - len(head) + owner.start("owner")
            if (key := _best(index, lo, lo + len(name) + 2, people=True)) is not None:
                return key
        key = index.lookup(clean_name(name))
        if key is not None:
            return key
        return _by_word(art, pos, name.split()[-1:])
    words = [w for w in head.split() if bare(w) not in _DETERMINERS]
    if not words:
        return None
    if at is not None:
        lo = at + len(text[:start]) - len(head)
        if (key := _best(index, lo, at + start, people=False)) is not None:
            return key
    key = index.lookup(clean_name(" ".join(words)))
    if key is not None and index.entity(key).kind != "PERSON":
        return key
    return _by_word(art, pos, words[-1:])


def _best(index: EntityIndex, start: int, end: int, *, people: bool) -> str | None:
    """The body named in [start, end): an organisation or group before a place ("Iran's foreign
    ministry"), a person only when `people` ("a spokeswoman for Mayor Felipe Arroyo")."""
    rank = {"ORGANIZATION": 0, "GROUP": 1, "LOCATION": 2, "OTHER": 3, "PERSON": 4}
    found = [m for m in index.within(start, end)
             if index.entity(m.key).kind in rank and (people or index.entity(m.key).kind != "PERSON")]
    if not found:
        return None
    return min(found, key=lambda m: (rank[index.entity(m.key).kind], -m.start)).key


def _by_word(art: ArticleContext, pos: int, words: list[str]) -> str | None:
    """ "the company", "the department": the nearest body named before whose name holds the word,
    else (for a generic word) the nearest organisation named before."""
    if not words:
        return None
    word = bare(words[0])
    if word not in _BODY_WORDS:
        return None
    index = art.index

    def named(key: str) -> bool:
        e = index.entity(key)
        return e.kind in ("ORGANIZATION", "GROUP") and word in {
            bare(w) for n in (e.name, *e.aliases) for w in n.split()
        }

    key = nearest_before(art, pos, test=named)
    if key is None and word in _GENERIC_BODY:
        # "a company spokeswoman": the organisation the article is about so far (named most often
        # before), not the outlet it last cited
        counts: dict[str, int] = {}
        for m in index.mentions:
            if m.start < pos and index.entity(m.key).kind == "ORGANIZATION":
                counts[m.key] = counts.get(m.key, 0) + 1
        if counts:
            key = max(counts, key=lambda k: (counts[k], max(m.start for m in index.mentions if m.key == k)))
    return key


__all__ = ["find_on_behalf", "speaking_for"]
