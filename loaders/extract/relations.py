"""SUPPORTS / CONTRADICTS between the claims of one article, from cue words.

    "The IRGC officially denied Qasemi's revelations, saying …"
        the IRGC's claims in that sentence, and the IRGC's claims in the next sentence,
        CONTRADICT Qasemi's earlier claims                                   confidence 1.0
    "Allahkaram … confirmed Qasemi's statement."                             SUPPORTS
    "… rejected his account" / "disputed these claims" / "the allegations"   target inferred: the
        nearest earlier speaker (of the right kind)                          confidence 0.7-0.8
    "The September 11 report … also noted this fact, saying …"               SUPPORTS the nearest
        earlier claim by another speaker                                     confidence 0.8
    "The audit also found that …" (a different speaker, same matter)         SUPPORTS, 0.6

The stance of a verb comes from the cue lexicon (cues.cue_stance); the words that refer to a
statement are ours (lexicons/relations_words.json). No self-relations and no duplicates; when a
pair is found twice the more confident reading is kept.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..model import Claim, Entity, Relation, RelationType
from .cues import cue_stance
from .inference import content_terms
from .names import describes
from .polarity import RelationWords, claim_polarity, cue_token, relation_words, set_polarity, span_of

if TYPE_CHECKING:
    from .entities import EntityIndex

EXPLICIT = 1.0  # "denied Qasemi's revelations": the target is named
PRONOUN_TARGET = 0.8  # "rejected his account": the owner is resolved to the nearest speaker
ANAPHORIC_TARGET = 0.7  # "disputed these claims": the nearest earlier claims
SELF_DENIAL = 0.5  # "Wairimu denied that she had ever …": against earlier claims naming her
ADJACENT_DENIAL = 0.5  # "X said the utility sat on the report. Y denied that …": the claim just before
ALSO_THIS = 0.8  # "also noted this fact"
ALSO_SAME_MATTER = 0.6  # "also said …" on the same matter as the previous speaker
# "also said" agrees with the previous speaker only when this much of the shorter claim's content
# words are shared: most "also said" continue a speaker's own list of points.
SAME_MATTER_SHARE = 0.3
EVIDENCE_WORDS = 12  # the cue clause quoted as evidence, cut to this many words
MAX_CANDIDATES = 8  # how far back a reference's candidate claims are looked for
MAX_TARGETS = 2  # "X's account" is what X said first: X's first claims, not their whole career here
PROPOSITION = 0.5  # "denied that …": the target is the earlier claim on the same matter ...
PROPOSITION_SPAN = 0.3  # ... plus this much, scaled by how much of the matter is shared
MATTER_SHARE = 0.25  # share of the smaller claim's content words two claims on one matter hold
MATTER_MIN_SHARED = 2  # and at least this many of them
MATTER_TARGETS = 2  # the best-matching earlier claims a proposition is set against


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it"})


# -- where claims stand -----------------------------------------------------------------------


class _Layout:
    """Claims by sentence, and which speaker said what where."""

    def __init__(self, doc: Doc, claims: Sequence[Claim], index: EntityIndex) -> None:
        self.doc = doc
        self.claims = claims
        self.sents = list(doc.sents)
        self._starts = [s.start_char for s in self.sents]
        self.sentence_of = [self.sentence_at(self.anchor(c)) for c in claims]
        # Claims with no predicate ("Qasemi's statement", "the figure") point at other claims;
        # they are never what another claim points at.
        self.assertive = [not _points_elsewhere(doc, c) for c in claims]
        self.clause = [_is_clause(doc, c) for c in claims]  # says something with a verb of its own
        self._terms: dict[int, frozenset[str]] = {}
        self.entities: dict[str, Entity] = {e.key: e for e in index.entities}
        self.index = index

    @staticmethod
    def anchor(claim: Claim) -> int:
        return claim.cue_start if claim.cue_start is not None else claim.start

    def sentence_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def in_sentence(self, si: int) -> list[int]:
        return [i for i, s in enumerate(self.sentence_of) if s == si]

    def before(self, si: int) -> list[int]:
        """Assertive claims of earlier sentences, nearest first."""
        return sorted((i for i, s in enumerate(self.sentence_of) if s < si and self.assertive[i]),
                      key=lambda i: (-self.sentence_of[i], -self.claims[i].start))

    def terms(self, i: int) -> frozenset[str]:
        """Claim i's content words, computed once."""
        if i not in self._terms:
            self._terms[i] = frozenset(content_terms(self.claims[i].text))
        return self._terms[i]

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


# -- finding the parts of a stance ------------------------------------------------------------


@dataclass
class _Reading:
    type: RelationType
    sources: list[int]
    targets: list[int]
    confidence: float
    evidence: str


def _refers_to_statement(noun: Token, words: RelationWords) -> bool:
    return noun.lemma_.lower() in words.reference_nouns or noun.lower_ in words.reference_nouns


def _points_elsewhere(doc: Doc, claim: Claim) -> bool:
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


def _is_clause(doc: Doc, claim: Claim) -> bool:
    """The claim's content is a clause ("the plant would close"), not a noun phrase ("the
    idea that …", "Ted Cruz's Iowa win")."""
    span = span_of(doc, claim.start, claim.end)
    return span is not None and span.root.pos_ in ("VERB", "AUX")


def _names_people(noun: Token) -> bool:
    """ "the cardiologists'", "the nurse's": a description of people, not of a body."""
    lemma = noun.lemma_.lower()
    return "PERSON" in (describes(lemma), describes(noun.lower_)) or lemma.endswith(("ist", "ian"))


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children)


def _objects(verb: Token) -> list[Token]:
    """What a stance verb is about: its object, "with" object, or passive subject."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "to"):
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def _subject(verb: Token) -> Token | None:
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
        return _subject(verb.head)  # "… to support", "… and said": the governing verb's subject
    return None


def _evidence(verb: Token, obj: Token) -> str:
    """The cue clause: "officially denied Qasemi's revelations" (at most EVIDENCE_WORDS words)."""
    adverbs = [c for c in verb.lefts if c.dep_ in ("advmod", "neg") and c.i == verb.i - 1]
    first = min([verb.i, obj.i, *(a.i for a in adverbs), *(t.i for t in obj.subtree)])
    last = max([verb.i, *(t.i for t in obj.subtree)])
    return " ".join(verb.doc[first : last + 1].text.split()[:EVIDENCE_WORDS])


def _owner(noun: Token) -> Token | None:
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


class _Finder:
    def __init__(self, doc: Doc, claims: Sequence[Claim], index: EntityIndex) -> None:
        self.lay = _Layout(doc, claims, index)
        self.words = relation_words()
        # Cues whose content is a statement held false or true: "denied that …", "confirmed that …"
        self.proposition_verbs = self.words.denial_verbs | self.words.confirming_verbs

    # who said it --------------------------------------------------------------------------
    def subject_key(self, verb: Token) -> str | None:
        """The entity taking the stance; when the parse lost the subject ("X, an official who …,
        confirmed …"), the entity the sentence opens with."""
        subject = _subject(verb)
        if subject is not None:
            return self.lay.key_of(subject)
        opening = [t for t in verb.sent if t.i < verb.i and t.dep_ not in ("det", "punct") and not t.is_space]
        if opening and (opening[0].pos_ == "PROPN" or opening[0].ent_type_):
            key = self.lay.key_of(opening[0])
            if self.lay.kind_of(key) in ("PERSON", "ORGANIZATION", "GROUP", "DOCUMENT"):
                return key
        return None

    def sources_for(self, si: int, verb: Token, obj: Token | None, exclude: set[str]) -> list[int]:
        """The claims that take the stance: those of the stance's sentence by its subject (or
        hanging on the stance verb: "denied X, saying …"), then the same speaker's claims in the
        next sentence ("The IRGC said his statements …")."""
        lay = self.lay
        subject_key = self.subject_key(verb)
        tree = {t.i for t in verb.subtree}
        here: list[int] = []
        for i in lay.in_sentence(si):
            c = lay.claims[i]
            if c.speaker is not None and c.speaker in exclude:
                continue
            cue = cue_token(lay.doc, c)
            covers_obj = obj is not None and c.start <= obj.idx < c.end
            # A claim hanging on the stance verb ("denied X, saying …") is the subject's, unless
            # the claim names another speaker of its own (a nested report inside the content).
            hangs = cue is not None and cue.i in tree and (c.speaker is None or subject_key is None)
            if (subject_key is not None and c.speaker == subject_key) or covers_obj or hangs:
                here.append(i)
        speakers = {lay.claims[i].speaker for i in here if lay.claims[i].speaker is not None}
        if subject_key is not None and subject_key not in exclude:
            speakers.add(subject_key)
        subject = _subject(verb)
        subject_words = {t.lower_ for t in subject.subtree} if subject is not None else set()
        # Only what is said in the next sentence itself, not a quote that runs on past it; by the
        # same speaker, or by a pronoun or surname that can only be the stance's subject.
        nxt = []
        for i in lay.in_sentence(si + 1):
            c = lay.claims[i]
            if lay.sentence_at(c.start) != si + 1 or (c.speaker is not None and c.speaker in exclude):
                continue
            mention = (c.speaker_mention or "").lower().split()
            # "Internal emails … appear to support his account. In one message, X wrote …": a
            # claim the stance's subject (a document) is cited for speaks with it.
            cited = any(s.entity is not None and s.entity in speakers for s in c.sources)
            if c.speaker in speakers or cited or (mention and (
                (len(mention) == 1 and mention[0] in _SUBJECT_PRONOUNS and subject is not None)
                or set(mention) <= subject_words
            )):
                nxt.append(i)
        return here + nxt

    # what it is about ----------------------------------------------------------------------
    def owner_claims(self, key: str, si: int) -> list[int]:
        """X's claims before the reference, from the first: "X's account" is what X said first."""
        lay = self.lay
        earlier = sorted(i for i in lay.before(si) if lay.claims[i].speaker == key)
        if not earlier:  # "X's claims, which …" before X speaks is rare; take X's later claims
            earlier = [i for i, c in enumerate(lay.claims)
                       if c.speaker == key and lay.sentence_of[i] > si + 1]
        return earlier[:MAX_CANDIDATES]

    def described_as(self, noun: Token, si: int, not_by: set[str]) -> list[int]:
        """Earlier claims whose speaker was written with this noun ("the court", "a court")."""
        lay = self.lay
        lemma = noun.lemma_.lower()
        found = []
        for i in lay.before(si):
            c = lay.claims[i]
            if c.speaker is not None and c.speaker in not_by:
                continue
            cue = cue_token(lay.doc, c)
            subject = _subject(cue) if cue is not None else None
            mention = (c.speaker_mention or "").lower().split()
            if (subject is not None and subject.lemma_.lower() == lemma) or mention[-1:] == [lemma]:
                found.append(i)
        return sorted(found)[:MAX_CANDIDATES]

    def same_matter(self, text: str, si: int, not_by: set[str]) -> list[tuple[float, int]]:
        """Earlier claims by other speakers that share enough content words with `text`, best
        first, each with the share of the smaller claim's content words they hold."""
        lay = self.lay
        mine = set(content_terms(text))
        found: list[tuple[float, int]] = []
        for rank, i in enumerate(lay.before(si)):
            c = lay.claims[i]
            if (c.speaker is not None and c.speaker in not_by) or not lay.clause[i]:
                continue
            theirs = lay.terms(i)
            shared = len(mine & theirs)
            if shared < MATTER_MIN_SHARED or not mine or not theirs:
                continue
            share = shared / min(len(mine), len(theirs))
            if share >= MATTER_SHARE:
                found.append((share - rank * 1e-3, i))  # ties go to the nearest
        found.sort(reverse=True)
        return [(round(max(share, 0.0), 3), i) for share, i in found[:MATTER_TARGETS]]

    def nearest_other(self, si: int, not_by: set[str], kind: str | None = None) -> list[int]:
        """The nearest earlier run of claims by one other speaker (of the given kind: PERSON
        for "his account"): what "these claims" or "his account" most plausibly covers."""
        lay = self.lay
        earlier = lay.before(si)
        for n, i in enumerate(earlier):
            speaker = lay.claims[i].speaker
            if speaker is None or speaker in not_by:
                continue
            if kind == "PERSON" and lay.kind_of(speaker) not in ("PERSON", None):
                continue
            run = [i]
            for j in earlier[n + 1 :]:
                other = lay.claims[j].speaker
                if other is not None and other != speaker:
                    break
                if other == speaker:
                    run.append(j)
            return sorted(run)[:MAX_CANDIDATES]
        return []

    def targets_for(self, noun: Token, si: int, not_by: set[str]) -> tuple[list[int], float, str | None]:
        """The claims a reference noun points at, the confidence of that reading, their speaker."""
        lay = self.lay
        owner = _owner(noun)
        if owner is not None and owner.pos_ != "PRON":
            key = lay.key_of(owner)
            if key is not None and key not in not_by:
                return self.owner_claims(key, si), EXPLICIT, key
            if key is not None or owner.pos_ == "PROPN":
                return [], 0.0, None  # a named owner who said nothing here: no guessing
            # "the court's reading", "the cardiologists' reading": a description of a speaker,
            # first of one described by that very word ("A state appeals court … ruling that …")
            described = self.described_as(owner, si, not_by)
            if described:
                return described, ANAPHORIC_TARGET, lay.claims[described[0]].speaker
            kind = "PERSON" if _names_people(owner) else None
            found = self.nearest_other(si, not_by, kind)
            return found, ANAPHORIC_TARGET, lay.claims[found[0]].speaker if found else None
        clause = [c for c in noun.children
                  if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX")]
        if clause and owner is None:  # "the claim that it had shifted money": by what it says
            tree = [t.i for t in clause[0].subtree]
            said = lay.doc[min(tree) : max(tree) + 1]
            matches = self.same_matter(said.text, si, not_by)
            if matches:
                return [i for _, i in matches], ANAPHORIC_TARGET, lay.claims[matches[0][1]].speaker
        if owner is not None:  # "his account", "their claims"
            kind = "PERSON" if owner.lower_ in ("his", "her", "him") else None
            found = self.nearest_other(si, not_by, kind)
            return found, PRONOUN_TARGET, lay.claims[found[0]].speaker if found else None
        if noun.lemma_.lower() == "report":  # "the report": the latest claim backed by or made by a document
            for i in lay.before(si):
                c = lay.claims[i]
                cited = any(s.kind in ("DOCUMENT", "OUTLET") for s in c.sources)
                if c.speaker not in not_by and (lay.kind_of(c.speaker) == "DOCUMENT" or cited):
                    return [i], ANAPHORIC_TARGET, c.speaker
        found = self.nearest_other(si, not_by)
        return found, ANAPHORIC_TARGET, lay.claims[found[0]].speaker if found else None

    # the two rules -------------------------------------------------------------------------
    def stance_readings(self, si: int, sent: Span) -> Iterable[_Reading]:
        """A stance verb whose object refers to a statement: "denied Qasemi's revelations"."""
        for verb in sent:
            if verb.pos_ != "VERB" or _negated(verb):
                continue
            stance = cue_stance(verb.text)
            if stance is None:
                continue
            for obj in _objects(verb):
                if not _refers_to_statement(obj, self.words):
                    continue
                subject_key = self.subject_key(verb)
                not_by = {subject_key} if subject_key else set()
                targets, confidence, target_speaker = self.targets_for(obj, si, not_by)
                if not targets:
                    continue
                exclude = {target_speaker} if target_speaker else set()
                sources = self.sources_for(si, verb, obj, exclude)
                yield _Reading(stance, sources, self.pick(targets, sources), confidence, _evidence(verb, obj))

    def pick(self, candidates: list[int], sources: list[int]) -> list[int]:
        """Of the claims a reference may cover, the first (where a speaker's point is usually
        made) and the one sharing the most content words with what the stance's speaker says
        ("disputed Feld's account, … 'you tried for eight months …'" -> Feld's "we tried for
        eight months"); failing that, the first two."""
        lay = self.lay
        if not candidates:
            return []
        ordered = sorted(candidates)
        said = frozenset().union(*(lay.terms(i) for i in sources)) if sources else frozenset()
        shared, best = max((len(lay.terms(i) & said), -i) for i in ordered)
        if shared >= MATTER_MIN_SHARED and -best != ordered[0]:
            return [ordered[0], -best]
        return ordered[:MAX_TARGETS]

    def proposition_readings(self, si: int) -> Iterable[_Reading]:
        """ "Okwu denied that her client had hidden anything from the auditors": a claim whose
        cue takes a stance on what it says, set against the earlier claims on that matter."""
        lay = self.lay
        for i in lay.in_sentence(si):
            c = lay.claims[i]
            cue = cue_token(lay.doc, c)
            stance = cue_stance(c.cue) if c.cue else None
            if cue is None or stance is None or _negated(cue) or c.start <= cue.idx < c.end:
                continue  # no stance, or a cue word inside a quote ("… but support abortion …")
            if any(_refers_to_statement(o, self.words) for o in _objects(cue)):
                continue  # "denied X's account": the stance rule reads it
            if not lay.clause[i] or cue.lemma_.lower() not in self.proposition_verbs:
                continue  # "opposed Obama's executive actions": a stance on a thing, not on a statement
            not_by = {k for k in (c.speaker, self.subject_key(cue)) if k is not None}
            evidence = " ".join(lay.doc.text[cue.idx : c.end].split()[:EVIDENCE_WORDS])
            matches = self.same_matter(c.text, si, not_by)
            for share, target in matches:
                confidence = round(PROPOSITION + PROPOSITION_SPAN * min(1.0, share), 2)
                yield _Reading(stance, [i], [target], confidence, evidence)
            if not matches and stance == "CONTRADICTS" and c.speaker is not None:
                # A denial about oneself answers what others said about the denier.
                about_me = self.naming(c.speaker, si, not_by)
                if about_me:
                    yield _Reading(stance, [i], about_me, SELF_DENIAL, evidence)
                elif previous := self.adjacent(c, si, not_by):
                    yield _Reading(stance, [i], previous, ADJACENT_DENIAL, evidence)

    def adjacent(self, claim: Claim, si: int, not_by: set[str]) -> list[int]:
        """The claims of the sentence just before, in the same paragraph, by another speaker and
        sharing a content word: what a denial right after them most plausibly answers."""
        lay = self.lay
        if si == 0:
            return []
        previous = lay.sents[si - 1]
        tail = previous.text[len(previous.text.rstrip()) :]  # spaCy keeps a paragraph's newline
        between = tail + lay.doc.text[previous.end_char : lay.sents[si].start_char]
        if "\n" in between:
            return []  # a new paragraph: the sentence before is about something else
        mine = set(content_terms(claim.text))
        return [i for i in lay.in_sentence(si - 1)
                if lay.claims[i].speaker not in not_by and mine & lay.terms(i)]

    def naming(self, key: str, si: int, not_by: set[str]) -> list[int]:
        """The nearest earlier claims by others whose text names the entity `key`."""
        lay = self.lay
        entity = lay.entities.get(key)
        if entity is None:
            return []
        names = [n for n in (entity.name, *entity.aliases) if len(n) > 2]
        pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names)) if names else None
        if pattern is None:
            return []
        found = [i for i in lay.before(si)
                 if lay.claims[i].speaker not in not_by and pattern.search(lay.claims[i].text)]
        return sorted(found[:MATTER_TARGETS])

    def also_readings(self, si: int, sent: Span) -> Iterable[_Reading]:
        """ "The report also noted this fact, saying …": agreement with the previous speaker."""
        lay = self.lay
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.words.agreeing_verbs or _negated(verb):
                continue
            if not any(c.dep_ == "advmod" and c.lower_ in ("also", "too", "likewise", "similarly")
                       for c in verb.children):
                continue
            sources = self.sources_for(si, verb, None, set())
            if not sources:
                continue
            own = {lay.claims[i].speaker for i in sources} | {self.subject_key(verb)}
            anaphoric = [c for c in verb.children if c.dep_ == "dobj" and (
                c.lemma_.lower() in self.words.anaphoric_objects
                or any(d.lower_ in ("this", "that", "same") for d in c.children))]
            targets = self.pick(self.nearest_other(si, {k for k in own if k is not None}), sources)
            if not targets:
                continue
            if anaphoric:
                yield _Reading("SUPPORTS", sources, targets, ALSO_THIS, _evidence(verb, anaphoric[0]))
                continue
            # "also said …" usually adds to the speaker's own points: demand the same matter.
            mine = set(content_terms(" ".join(lay.claims[i].text for i in sources[:1])))
            theirs = set(content_terms(" ".join(lay.claims[i].text for i in targets)))
            if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= SAME_MATTER_SHARE:
                advs = [c for c in verb.lefts if c.dep_ == "advmod"]
                first = min([verb.i, *(a.i for a in advs)])
                yield _Reading("SUPPORTS", sources[:1], targets, ALSO_SAME_MATTER,
                               lay.doc[first : verb.i + 1].text)


def find_relations(doc: Doc, claims: list[Claim], index: EntityIndex) -> list[Relation]:
    """SUPPORTS / CONTRADICTS relations between this article's claims, method CUE."""
    finder = _Finder(doc, claims, index)
    # One relation per pair of claims, in either direction: the most confident reading wins, so
    # a pair is never said both to support and to contradict, nor twice.
    best: dict[frozenset[int], Relation] = {}
    for si, sent in enumerate(finder.lay.sents):
        readings = (*finder.stance_readings(si, sent), *finder.also_readings(si, sent),
                    *finder.proposition_readings(si))
        for reading in readings:
            for s in reading.sources:
                for t in reading.targets:
                    if s == t or (claims[s].speaker is not None and claims[s].speaker == claims[t].speaker):
                        continue
                    old = best.get(frozenset((s, t)))
                    if old is None or old.confidence < reading.confidence:
                        best[frozenset((s, t))] = Relation(
                            source=s, target=t, type=reading.type, method="CUE",
                            confidence=reading.confidence, evidence=reading.evidence)
    return sorted(best.values(), key=lambda r: (r.source, r.target, r.type))


# set_polarity and claim_polarity live in polarity.py; the pipeline imports them from here.
__all__ = ["claim_polarity", "find_relations", "set_polarity"]
