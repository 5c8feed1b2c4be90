"""Speakers described rather than named: "the minister", "the company", "the report", "a source",
"Residents and nurses at the clinic", and an indefinite description in the lede ("A former
spokesman for the IRGC revealed …") that the next named person answers (cataphora).

Unnamed sources and groups are kept as OTHER / GROUP entities named by their description as
written ("A source", "another former employee", "Two librarians"), so that "the source" later can
find them and the API can show who, as far as the article says, spoke.
"""
from __future__ import annotations

import re

from ...model import Claim, EntityKind
from ..entities.entity_index import EntityIndex, clean_name
from ..names import (
    DOCUMENT_NOUNS,
    INDEFINITE,
    ORG_NOUNS,
    PERSON_TITLES,
    bare,
    describes,
    description,
    is_anonymous,
    noun_phrase,
    plural_people,
    role_gender,
)
from .speaker_context import (
    CATAPHORA_PARAGRAPHS,
    LEDE_PARAGRAPHS,
    ArticleContext,
    Resolution,
    antecedent,
    nearest_before,
    position,
)

_LINKS = {"at", "of", "from", "for", "in"}  # "researchers at the lab", "leaders in the IRGC"
_QUANTIFIER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                     "many", "some", "few", "dozens", "hundreds", "most", "both"}
# Bodies a bare "the company" / "the group" may stand for without naming itself.
_GENERIC_BODY = {"company", "firm", "group", "organization", "organisation", "agency", "business",
                 "corporation", "charity", "network", "bank", "union", "party", "campaign", "militia",
                 "movement", "coalition", "insurer", "airline", "manufacturer", "maker", "retailer",
                 "operator", "provider", "utility", "watchdog", "regulator", "outlet", "broadcaster",
                 "newspaper", "paper", "channel", "magazine"}
# Abbreviated titles, as the role nouns they stand for: "Sen. Rubio" is "the senator".
_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                  "lt": "lieutenant", "col": "colonel", "prof": "professor", "dr": "doctor",
                  "pres": "president", "sec": "secretary", "atty": "attorney", "supt": "superintendent",
                  "adm": "admiral", "capt": "captain", "sgt": "sergeant", "cmdr": "commander"}
# Person nouns too vague to stand for the last person named.
_NOT_EPITHETS = {"source", "person", "official", "employee", "worker", "member", "resident", "witness",
                 "insider", "victim", "man", "woman", "boy", "girl", "student", "soldier"}


# ---------------------------------------------------------------------------------------------
# Descriptions


def resolve_description(art: ArticleContext, c: Claim) -> Resolution:
    """A speaker described, not named: "the minister", "a source", "internal emails"."""
    mention = (c.speaker_mention or "").strip()
    np = noun_phrase(mention)
    if np is None:
        return Resolution(None, "unnamed")
    phrase, head, det = np
    pos = position(c)
    referent: str | None = "GROUP" if plural_people(head) else describes(head)
    if referent is None and _WHO_AFTER.match(art.text, c.speaker_end or pos):
        # "a former city planner who worked on the review": "who" says a person, whatever the noun
        referent = "GROUP" if head.endswith("s") else "PERSON"
    indefinite = det is None or det in INDEFINITE or det in _QUANTIFIER_WORDS
    if referent == "DOCUMENT":
        return Resolution(_document(art, c, phrase, definite=not indefinite), "description")
    if referent == "GROUP":
        # people of a body speak for it: "Researchers at the NERL", "union leaders"
        key = _body_behind(art, c, phrase, head)
        if key is not None:
            return Resolution(key, "description")
        return Resolution(unnamed_source(art, c, phrase, "GROUP"), "unnamed")
    if referent == "PERSON":
        if indefinite:
            if not _kept_unnamed(art, c) and art.paragraph(pos) < LEDE_PARAGRAPHS and det is not None:
                return Resolution(None, "cataphora")
            return Resolution(unnamed_source(art, c, phrase, "OTHER"), "unnamed")
        key = _earlier_unnamed(art, pos, head) or _by_role(art, pos, head, mention)
        if key is None and _possessed(phrase):
            # "the player's agent said …" before "the player's agent, Sofia Brandt": a role
            # relative to someone is introduced by name later; it is never the possessor.
            key = _role_named_later(art, pos, head, mention)
            if key is None:
                return Resolution(unnamed_source(art, c, phrase, "OTHER"), "unnamed")
        if key is None and art.paragraph(pos) < LEDE_PARAGRAPHS and not nearest_before(
                art, pos, test=lambda k: art.index.entity(k).kind == "PERSON"):
            return Resolution(None, "cataphora")  # "The leader of the council promised …" first
        if key is None and head not in _NOT_EPITHETS and head not in PERSON_TITLES:
            # an epithet ("the real estate tycoon", "the actress"): the salient person before it
            here = next(j for j, o in enumerate(art.claims) if o is c)
            key = antecedent(art, here, role_gender(head), {"PERSON"})
        return Resolution(key, "description")
    owned = _owned_body(art, phrase) if referent == "BODY" and _possessed(phrase) else None
    if owned is not None:
        return Resolution(owned, "description")
    if referent == "BODY" and indefinite:
        # "A state appeals court ruled …" in the lede, then "The Fourth District Court of Appeal …"
        return Resolution(_named_later(art, c.speaker_end or pos, head), "description")
    if referent == "BODY":
        key = _by_body(art, pos, head)
        if key is None and not indefinite and not _possessed(phrase):
            # "the state labour department": a body the article names by its description only
            key = art.index.add(phrase, "ORGANIZATION", start=c.speaker_start, end=c.speaker_end)
        return Resolution(key, "description")
    return Resolution(None, "unnamed")


_WHO_AFTER = re.compile(r",?\s*who\b", re.IGNORECASE)


def _kept_unnamed(art: ArticleContext, c: Claim) -> bool:
    """Whether the article keeps the source unnamed, by its mention or by the aside between it
    and the cue: "A former planner, who asked not to be identified because ..., said"."""
    mention = c.speaker_mention or ""
    if is_anonymous(mention):
        return True
    if c.speaker_end is None or c.cue_start is None or not 0 < c.cue_start - c.speaker_end < 250:
        return False
    return is_anonymous(art.text[c.speaker_end : c.cue_start])


def _named_later(art: ArticleContext, pos: int, head: str) -> str | None:
    """The organisation named soon after an indefinite description whose name holds its head noun."""
    index = art.index
    limit = art.paragraph(pos) + CATAPHORA_PARAGRAPHS
    for m in index.mentions:
        if m.start <= pos:
            continue
        if art.paragraph(m.start) > limit:
            break
        e = index.entity(m.key)
        if e.kind == "ORGANIZATION" and head in {bare(w) for n in (e.name, *e.aliases) for w in n.split()}:
            return m.key
    return None


def _role_named_later(art: ArticleContext, pos: int, head: str, mention: str) -> str | None:
    """The person introduced after `pos` with a role holding the description's head and the rest
    of its words ("the player's agent" -> "the player's agent, Sofia Brandt"), within a few
    paragraphs."""
    index = art.index
    limit = art.paragraph(pos) + CATAPHORA_PARAGRAPHS + 2
    wanted = {bare(w) for w in mention.replace("’", "'").split()} - {"the", "a", "an"}
    written = re.compile(re.escape(mention.strip()) + r",\s*$", re.IGNORECASE)
    for m in index.mentions:
        if m.start <= pos:
            continue
        if art.paragraph(m.start) > limit:
            break
        e = index.entity(m.key)
        if e.kind != "PERSON":
            continue
        if written.search(art.text[max(0, m.start - len(mention) - 4) : m.start]):
            return m.key  # the very description, set before the name: "the player's agent, Sofia Brandt"
        for role in e.roles:
            words = {bare(w) for w in role.replace("’", "'").split()}
            if head in words and wanted <= words | {head}:
                return m.key
    return None


def _possessed(phrase: str) -> bool:
    return bool(re.search(r"['’]s\b|^(?:its|his|her|their|our)\b", phrase, re.IGNORECASE))


def unnamed_source(art: ArticleContext, c: Claim, phrase: str, kind: EntityKind) -> str:
    """An unnamed source or group, kept as an entity named by its description as written ("A
    source", "another former employee", "Two librarians"), so that "the source" can find it."""
    key = art.index.add(phrase, kind, start=c.speaker_start, end=c.speaker_end)
    art.unnamed.add(key)
    return key


def _earlier_unnamed(art: ArticleContext, pos: int, head: str) -> str | None:
    """ "the source" -> the unnamed source met before it."""
    index = art.index

    def fits(key: str) -> bool:
        return key in art.unnamed and head in {bare(w) for w in index.entity(key).name.split()}

    return nearest_before(art, pos, test=fits)


def _body_behind(art: ArticleContext, c: Claim, phrase: str, head: str) -> str | None:
    """The organisation a group of people speaks for: named after at/of/from inside the speaker
    span ("Researchers at the NERL"), or named by a modifier ("union leaders" -> the union)."""
    index = art.index
    if c.speaker_start is not None and c.speaker_end is not None:
        for m in index.within(c.speaker_start, c.speaker_end):
            before = art.text[c.speaker_start:m.start].casefold().split()
            linked = before and before[-1] in _LINKS | {"the"} and set(before) & _LINKS
            if index.entity(m.key).kind == "ORGANIZATION" and linked:
                return m.key
    modifiers = [bare(w) for w in phrase.split()[:-1]]
    for w in reversed(modifiers):
        if w in ORG_NOUNS:
            return _by_body(art, position(c), w)
    return None


def _by_role(art: ArticleContext, pos: int, head: str, mention: str) -> str | None:
    """ "the minister" -> the nearest earlier person whose role or title holds that noun; among
    several, the one whose roles share most of the description's other words ("the Florida
    senator" -> "Florida Sen. Marco Rubio")."""
    index = art.index
    modifiers = {bare(w) for w in mention.split()[1:]} - {head}
    best: tuple[int, int] | None = None
    best_key: str | None = None
    seen: set[str] = set()
    for m in reversed(index.mentions):
        if m.start >= pos or m.key in seen:
            continue
        seen.add(m.key)
        e = index.entity(m.key)
        if e.kind != "PERSON":
            continue
        written = {_ABBREVIATIONS.get(w, w) for w in
                   (bare(x) for x in " ".join([*e.roles, *e.aliases]).replace("’", "'").split())}
        if head not in written:
            continue
        score = (len(modifiers & written), m.start)
        if best is None or score > best:
            best, best_key = score, m.key
    return best_key


def _owned_body(art: ArticleContext, phrase: str) -> str | None:
    """ "Brenton's water utility" (in the lede) -> the Brenton Water Authority (named later): the
    one organisation whose name holds the owner and a word describing the body."""
    owner, _, rest = phrase.replace("’", "'").partition("'s ")
    described = {bare(w) for w in rest.split()} - _GENERIC_BODY
    if not owner or not described:
        return None
    owner_words = {bare(w) for w in owner.split()} - {"the"}
    fits = [
        e.key
        for e in art.index.entities
        if e.kind == "ORGANIZATION"
        and owner_words <= {bare(w) for w in e.name.split()}
        and described & {bare(w) for w in e.name.split()}
    ]
    return fits[0] if len(fits) == 1 else None


def _by_body(art: ArticleContext, pos: int, head: str) -> str | None:
    """ "the department" -> the earlier body whose name holds the word; "the company" -> the
    nearest earlier organisation."""
    index = art.index

    def named(key: str) -> bool:
        e = index.entity(key)
        return e.kind in ("ORGANIZATION", "GROUP") and head in {
            bare(w) for n in (e.name, *e.aliases) for w in n.split()
        }

    key = nearest_before(art, pos, test=named)
    if key is None and head in _GENERIC_BODY:
        key = nearest_before(art, pos, test=lambda k: index.entity(k).kind == "ORGANIZATION")
    return key


def _document(art: ArticleContext, c: Claim, mention: str, *, definite: bool) -> str:
    """ "the report" -> the nearest earlier document; otherwise the description becomes one."""
    index = art.index
    pos = position(c)
    if definite:
        head = _document_head(mention)

        def same_kind_of_document(k: str) -> bool:
            e = index.entity(k)
            return e.kind == "DOCUMENT" and head in {_document_head(n) for n in (e.name, *e.aliases)}

        key = nearest_before(art, pos, test=same_kind_of_document)
        if key is not None:
            return key
    name = clean_name(re.split(r",| by | from | who | that ", mention, maxsplit=1)[0])
    name = re.sub(r"^(?:a|an|another|this|these|those|some)\s+", "", name, flags=re.IGNORECASE)
    return index.add(name or mention, "DOCUMENT", start=c.speaker_start, end=c.speaker_end)


def _document_head(name: str) -> str:
    """The document noun a name ends on, singular: "The September 11 report" -> "report"."""
    ws = [bare(w) for w in re.split(r",| by | from | who | that ", name)[0].split()]
    nouns = [w for w in ws if w in DOCUMENT_NOUNS]
    head = nouns[-1] if nouns else (ws[-1] if ws else "")
    return head[:-1] if head.endswith("s") and head[:-1] in DOCUMENT_NOUNS else head


def resolve_cataphora(art: ArticleContext, i: int) -> str | None:
    """ "A former spokesman for the IRGC revealed …" in the lede: the person named next — one with
    that role, else the next named speaker — within the next paragraphs."""
    c = art.claims[i]
    pos = position(c)
    desc = description(c.speaker_mention or "")
    head = desc[1] if desc else ""
    limit = art.paragraph(pos) + CATAPHORA_PARAGRAPHS
    mention_words = {bare(w) for w in (c.speaker_mention or "").split()}
    index = art.index
    for m in index.mentions:
        if m.start <= pos or art.paragraph(m.start) > limit:
            continue
        e = index.entity(m.key)
        if e.kind != "PERSON":
            continue
        for role in e.roles:
            rw = {bare(w) for w in role.split()}
            if head in rw and not ({"former", "current", "ex"} & (rw ^ mention_words)):
                return _take_role(index, m.key, c)
    later = sorted(
        (j for j, o in enumerate(art.claims)
         if position(o) > pos and art.speakers[j] and art.how.get(j) == "name"),
        key=lambda j: position(art.claims[j]),
    )
    for j in later:
        o, speaker = art.claims[j], art.speakers[j]
        if art.paragraph(position(o)) > limit:
            break
        if speaker and index.entity(speaker).kind == "PERSON":
            return _take_role(index, speaker, c)
    # no attributed claim names them: the person who opens a following sentence
    starts = set(art.sent_starts)
    for m in index.mentions:
        if m.start > pos and art.paragraph(m.start) <= limit and index.entity(m.key).kind == "PERSON":
            if m.start in starts or art.is_subject(m):
                return _take_role(index, m.key, c)
    return None


def _take_role(index: EntityIndex, key: str, c: Claim) -> str:
    if c.speaker_mention:
        role = re.sub(r"^(?:a|an|another)\s+", "", c.speaker_mention.strip(), flags=re.IGNORECASE)
        index.add_role(key, role)
    return key
