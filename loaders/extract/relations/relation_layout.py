"""Where the claims of one article stand, and the parse helpers the relation rules share.

Layout indexes claims by sentence and speaker; the functions below read a stance verb's parts
("X denied Y's account": subject, object, owner of the statement, cue evidence).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ...model import Claim, Entity
from ..names import describes, is_known_noun
from ..relation_words import RelationWords, relation_words
from ..terms import content_terms
from .polarity import span_of

if TYPE_CHECKING:
    from ..entities.entity_index import EntityIndex

EVIDENCE_WORDS = 12  # the cue clause quoted as evidence, cut to this many words
_NUMBER_WORDS = frozenset(content_terms(
    "two three four five six seven eight nine ten dozen dozens hundred hundreds thousand thousands "
    "million billion percent half third quarter doubled tripled twice"
))


# -- where claims stand -----------------------------------------------------------------------


class Layout:
    """Claims by sentence, and which speaker said what where."""

    def __init__(self, doc: Doc, claims: Sequence[Claim], index: EntityIndex) -> None:
        self.doc = doc
        self.claims = claims
        self.sents = list(doc.sents)
        self._starts = [s.start_char for s in self.sents]
        self.sentence_of = [self.sentence_at(self.anchor(c)) for c in claims]
        self._by_sentence: dict[int, list[int]] = {}
        for i, si in enumerate(self.sentence_of):
            self._by_sentence.setdefault(si, []).append(i)
        # Claims with no predicate ("Qasemi's statement", "the figure") point at other claims;
        # they are never what another claim points at.
        self.assertive = [not points_elsewhere(doc, c) for c in claims]
        self.clause = [is_clause(doc, c) for c in claims]  # says something with a verb of its own
        self._terms: dict[int, frozenset[str]] = {}
        self._sides: dict[str, set[str]] = {}
        self.entities: dict[str, Entity] = {e.key: e for e in index.entities}
        self.index = index
        # The words of the names the article's claims mention ("Iran", "al-Qaeda", "NERL"): two
        # claims that only name the same parties are not on the same matter.
        self.name_terms = frozenset(
            t for e in index.entities if e.kind != "OTHER"
            for n in (e.name, *e.aliases) for w in n.split()
            if any(ch.isupper() for ch in w) and not is_known_noun(w) for t in content_terms(w)
        )

    @staticmethod
    def anchor(claim: Claim) -> int:
        return claim.cue_start if claim.cue_start is not None else claim.start

    def sentence_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def in_sentence(self, si: int) -> list[int]:
        return self._by_sentence.get(si, [])

    def before(self, si: int) -> list[int]:
        """Assertive claims of earlier sentences, nearest first."""
        return sorted((i for i, s in enumerate(self.sentence_of) if s < si and self.assertive[i]),
                      key=lambda i: (-self.sentence_of[i], -self.claims[i].start))

    def after(self, si: int, within: int) -> list[int]:
        """Assertive claims of the next `within` sentences, nearest first."""
        ahead = (i for i, s in enumerate(self.sentence_of) if si < s <= si + within and self.assertive[i])
        return sorted(ahead, key=lambda i: (self.sentence_of[i], self.claims[i].start))

    def terms(self, i: int) -> frozenset[str]:
        """Claim i's content words, computed once."""
        if i not in self._terms:
            self._terms[i] = frozenset(content_terms(self.claims[i].text))
        return self._terms[i]

    def matter(self, i: int) -> frozenset[str]:
        """Claim i's content words other than the names it mentions: what it says about them."""
        return self.terms(i) - self.name_terms

    def actors(self, i: int) -> set[str]:
        """Whose side claim i is on: its speaker, the body a spokesperson speaks for, and the body
        the speaker holds a role in ("Dunhollow's chief executive, Marc Olsson")."""
        c = self.claims[i]
        return {k for k in (c.speaker, c.on_behalf_of) if k is not None} | self.side_of(c.speaker)

    def side_of(self, key: str | None) -> set[str]:
        """The bodies a person's roles in this article name: "Dunhollow's chief executive", "a
        spokeswoman for Dunhollow Energy", "chief executive of Kestrel Air"."""
        if key is None:
            return set()
        if key not in self._sides:
            # roles as the article gives them, and as written before a name ("Dunhollow's chief
            # executive, Marc Olsson")
            written = [c.speaker_mention.split(",")[0] for c in self.claims
                       if c.speaker == key and c.speaker_mention and "," in c.speaker_mention]
            self._sides[key] = _bodies_in_roles(self.index, self.entities.get(key), written)
        return self._sides[key]

    def has_figure(self, i: int) -> bool:
        """Whether claim i states a number ("approved 4,200 new homes", "fell by 18 percent")."""
        return any(ch.isdigit() for ch in self.claims[i].text) or bool(_NUMBER_WORDS & self.terms(i))

    def key_of(self, token: Token) -> str | None:
        """The entity a noun phrase names, by the mention at its head, else by its words."""
        key = self.index.key_for(token.idx, token.idx + len(token.text))
        if key is None:
            phrase = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "case", "punct")]
            if phrase:
                key = self.index.lookup(self.doc[phrase[0].i : token.i + 1].text)
        return key

    def kind_of(self, key: str | None) -> str | None:
        entity = self.entities.get(key) if key else None
        return entity.kind if entity else None

_ROLE_OWNER = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z][\w.&\- ]*?)['\u2019]s?\s")
_ROLE_OF = re.compile(r"\b(?:of|for|at)\s+(?:the\s+)?(?P<body>[A-Z][\w.&\- ]*[\w.])")


def _bodies_in_roles(index: EntityIndex, entity: Entity | None, written: Sequence[str] = ()) -> set[str]:
    if entity is None or entity.kind != "PERSON":
        return set()
    found: set[str] = set()
    for role in (*entity.roles, *written):
        if re.search(r"\b(?:former|ex-|retired)\b", role, re.I):
            continue  # a former spokesman speaks for himself
        for m in (_ROLE_OWNER.match(role), *_ROLE_OF.finditer(role)):
            if m is None:
                continue
            key = index.lookup(m.group(m.lastgroup or 0))
            if key is not None and key != entity.key and index.entity(key).kind in ("ORGANIZATION", "GROUP"):
                found.add(key)
    return found


# -- the parts of a stance ------------------------------------------------------------------


def refers_to_statement(noun: Token, words: RelationWords) -> bool:
    return noun.lemma_.lower() in words.reference_nouns or noun.lower_ in words.reference_nouns


def points_elsewhere(doc: Doc, claim: Claim) -> bool:
    """A claim that only names another statement ("Qasemi's statement", "the figure", "this")
    rather than asserting something of its own."""
    span = span_of(doc, claim.start, claim.end)
    if span is None:
        return True
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    words = relation_words()
    root = span.root
    return (root.lemma_.lower() in words.reference_nouns or root.lower_ in words.reference_nouns
            or root.lemma_.lower() in words.anaphoric_objects or root.pos_ == "PRON")


def is_clause(doc: Doc, claim: Claim) -> bool:
    """The claim's content is a clause ("the plant would close"), not a noun phrase ("the
    idea that …", "Ted Cruz's Iowa win")."""
    span = span_of(doc, claim.start, claim.end)
    return span is not None and span.root.pos_ in ("VERB", "AUX")


def names_people(noun: Token) -> bool:
    """ "the cardiologists'", "the nurse's": a description of people, not of a body."""
    lemma = noun.lemma_.lower()
    return "PERSON" in (describes(lemma), describes(noun.lower_)) or lemma.endswith(("ist", "ian"))


def negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children)


def stance_objects(verb: Token) -> list[Token]:
    """What a stance verb is about: its object, "with" object, or passive subject."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in verb.children:
        # "took issue with X", "responded to X", "pushed back on X", "hit back at X"
        if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "at", "against"):
            out += [c for c in prep.children if c.dep_ == "pobj"]
    for prt in verb.children:  # "pushed back on X": the parser may hang the "on" on the particle
        if prt.dep_ in ("prt", "advmod") and prt.lower_ == "back":
            out += [p for prep in prt.children if prep.dep_ == "prep"
                    for p in prep.children if p.dep_ == "pobj"]
    return out


def stance_subject(verb: Token) -> Token | None:
    """Who takes the stance: the subject, the passive agent, or the subject of the verb that
    governs an infinitive ("the audit appears to support her account")."""
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in verb.children:
        if c.dep_ in ("nsubj",):
            return c
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG"  # "…, ruling that …"
    if verb.head != verb and (verb.dep_ in ("xcomp", "conj") or participle):
        return stance_subject(verb.head)  # "… to support", "… and said": the governing verb's subject
    return None


def cue_evidence(verb: Token, obj: Token) -> str:
    """The cue clause: "officially denied Qasemi's revelations" (at most EVIDENCE_WORDS words)."""
    adverbs = [c for c in verb.lefts if c.dep_ in ("advmod", "neg") and c.i == verb.i - 1]
    first = min([verb.i, obj.i, *(a.i for a in adverbs), *(t.i for t in obj.subtree)])
    last = max([verb.i, *(t.i for t in obj.subtree)])
    return " ".join(verb.doc[first : last + 1].text.split()[:EVIDENCE_WORDS])


def statement_owner(noun: Token) -> Token | None:
    """Whose statement a reference noun names: "Qasemi's revelations", "the account of Smith",
    "claims by the ministry"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for prep in noun.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("of", "by", "from"):
            for p in prep.children:
                if p.dep_ == "pobj" and (p.pos_ in ("PROPN", "PRON") or p.ent_type_):
                    return p
    return None

