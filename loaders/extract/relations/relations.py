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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ...model import Claim, Relation, RelationType
from ..cues import cue_stance
from ..relation_words import RelationWords, relation_words
from ..terms import content_terms
from .polarity import cue_token, denies_itself, span_of
from .relation_layout import (
    EVIDENCE_WORDS,
    cue_evidence,
    negated,
    refers_to_statement,
    stance_objects,
    statement_owner,
)
from .relation_targets import MATTER_MIN_SHARED, TargetResolver

if TYPE_CHECKING:
    from ..entities.entity_index import EntityIndex

SELF_DENIAL = 0.5  # "Wairimu denied that she had ever …": against earlier claims naming her
# A denial in an article's opening sentences usually answers what the article goes on to report
# ("Rovers denied that Lund had been offered …" before "The reports said Rovers had set a price").
LEAD_DENIAL = 0.4
LEAD_SENTENCES = 2  # the denial's sentence is among the first this many
LEAD_REACH = 4  # and the claims it answers among the next this many sentences
ADJACENT_DENIAL = 0.5  # "X said the utility sat on the report. Y denied that …": the claim just before
ALSO_THIS = 0.8  # "also noted this fact"
ALSO_SAME_MATTER = 0.6  # "also said …" on the same matter as the previous speaker
# "also said" agrees with the previous speaker only when this much of the shorter claim's content
# words are shared: most "also said" continue a speaker's own list of points.
SAME_MATTER_SHARE = 0.3
PROPOSITION = 0.5  # "denied that …": the target is the earlier claim on the same matter ...
PROPOSITION_SPAN = 0.3  # ... plus this much, scaled by how much of the matter is shared


# Reference nouns that name a number someone gave: their target is a claim that states one.
FIGURE_NOUNS = frozenset({"figure", "figures", "number", "numbers", "count", "tally", "estimate",
                          "projection", "calculation", "math", "arithmetic", "statistic", "statistics"})


def _both_deny(doc: Doc, denial: Claim, target: Claim) -> bool:
    """A denial and a claim that is itself a denial or says no in full ("Rovers denied Lund was
    offered" and "Tariq is not for sale") say the same thing, whatever the words they share."""
    return denial.polarity < 0 and target.polarity < 0 and denies_itself(doc, target)


# Verbs by which one side answers another: "responded to Olsson's remarks", "replied that ...".
# What answers a statement in the news takes issue with it; agreement is said with other verbs.
REPLY_VERBS = frozenset({"respond", "reply", "retort", "answer"})
REPLY = 0.7  # "responded to X's remarks": a reply read as a rebuttal
REPLY_BY_MATTER = 0.6  # "X responded that ...": to the nearest earlier claim of another side on that matter
# Verbs of agreement that, negated, reject what they are about: "did not accept the parents' figures".
REFUSED_AGREEMENT = frozenset({"accept", "agree", "buy", "share", "endorse"})
# Verbs that, with "back" ("pushed back on", "hit back at"), answer a statement in kind.
PUSH_BACK = frozenset({"push", "hit", "fire", "strike", "shoot"})
BODY_CONTINUES = 0.6  # a spokesperson's reply after their body's denial, on the same matter
BODY_REACH = 3  # ... within this many sentences after it
WEAK_MATTER_TERMS = 4  # a denial this short ("denied that the closures had to do with money") ...
WEAK_MATTER = 0.5  # ... is set against the nearest earlier claim sharing one of its words


def verb_stance(verb: Token) -> tuple[RelationType | None, float]:
    """The stance a verb takes on what it is about, with the most confidence that reading allows:
    the cue lexicon's stance ("denied", "confirmed"), "pushed back on", a reply ("responded to"),
    a refused agreement ("did not accept"). None for a negated cue ("did not deny")."""
    lemma = verb.lemma_.lower()
    if negated(verb):
        return ("CONTRADICTS", 0.8) if lemma in REFUSED_AGREEMENT else (None, 0.0)
    if lemma in PUSH_BACK and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children):
        return "CONTRADICTS", 1.0
    if lemma in REPLY_VERBS:
        return "CONTRADICTS", REPLY
    stance = cue_stance(verb.text)
    if stance is None and lemma == "call" and _called_false(verb):
        return "CONTRADICTS", 1.0  # "called the claims baseless"
    return stance, 1.0


def _called_false(verb: Token) -> bool:
    words = relation_words()
    return any(
        c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "amod") and c.lemma_.lower() in words.false_words
        for c in (*verb.children, *(g for o in verb.children if o.dep_ == "dobj" for g in o.children))
    )


def _against(stance: RelationType, target: Claim) -> RelationType:
    """The relation of a stance on a proposition to an earlier claim on it: confirming what
    someone denied ("Rovers denied that an offer was made" ... "a person confirmed that an offer
    had been submitted") contradicts the denier, and denying it agrees with them."""
    if target.cue and cue_stance(target.cue) == "CONTRADICTS":
        return "SUPPORTS" if stance == "CONTRADICTS" else "CONTRADICTS"
    return stance


# -- the three rules --------------------------------------------------------------------------


@dataclass
class _Reading:
    type: RelationType
    sources: list[int]
    targets: list[int]
    confidence: float
    evidence: str


class _Finder(TargetResolver):
    """The stance, also- and proposition rules, over the target resolution they share."""

    def stance_readings(self, si: int, sent: Span) -> Iterable[_Reading]:
        """A stance verb whose object refers to a statement: "denied Qasemi's revelations"."""
        for verb in sent:
            if verb.pos_ != "VERB":
                continue
            stance, most = verb_stance(verb)
            if stance is None:
                continue
            for obj in stance_objects(verb):
                if not refers_to_statement(obj, self.words):
                    continue
                subject_key = self.subject_key(verb)
                not_by = ({subject_key} | self.lay.side_of(subject_key)) if subject_key else set()
                alongside = self.sources_for(si, verb, obj, set())
                context = " ".join(self.lay.claims[i].text for i in alongside)
                targets, confidence, target_speaker = self.targets_for(obj, si, not_by, context)
                if not targets:
                    continue
                exclude = {target_speaker} if target_speaker else set()
                sources = self.sources_for(si, verb, obj, exclude)
                if obj.lemma_.lower() in FIGURE_NOUNS or obj.lower_ in FIGURE_NOUNS:
                    owner = statement_owner(obj)
                    named = owner is not None and (owner.pos_ == "PROPN" or bool(owner.ent_type_))
                    targets = self.figures(targets, si, not_by, named)
                targets = self.pick(targets, sources)
                yield _Reading(stance, sources, targets, min(confidence, most), cue_evidence(verb, obj))

    def proposition_readings(self, si: int) -> Iterable[_Reading]:
        """ "Okwu denied that her client had hidden anything from the auditors": a claim whose
        cue takes a stance on what it says, set against the earlier claims on that matter."""
        lay = self.lay
        for i in lay.in_sentence(si):
            c = lay.claims[i]
            cue = cue_token(lay.doc, c)
            stance = cue_stance(c.cue) if c.cue else None
            if cue is None or stance is None or negated(cue) or c.start <= cue.idx < c.end:
                continue  # no stance, or a cue word inside a quote ("… but support abortion …")
            if any(refers_to_statement(o, self.words) for o in stance_objects(cue)):
                continue  # "denied X's account": the stance rule reads it
            if cue.lemma_.lower() in REPLY_VERBS and lay.clause[i]:
                # "Bamidele responded that the hospital was hiding behind training rules": an
                # answer to the nearest earlier claim of another side on that matter
                not_by = lay.actors(i) | {k for k in (self.subject_key(cue),) if k is not None}
                evidence = " ".join(lay.doc.text[cue.idx : c.end].split()[:EVIDENCE_WORDS])
                answered = self.nearest_on_matter(c.text, si, not_by)
                if answered is not None:
                    yield _Reading("CONTRADICTS", [i], [answered], REPLY_BY_MATTER, evidence)
                continue
            if not lay.clause[i] or cue.lemma_.lower() not in self.proposition_verbs:
                continue  # "opposed Obama's executive actions": a stance on a thing, not on a statement
            not_by = {k for k in (c.speaker, self.subject_key(cue)) if k is not None}
            evidence = " ".join(lay.doc.text[cue.idx : c.end].split()[:EVIDENCE_WORDS])
            matches = self.same_matter(c.text, si, not_by)
            if not matches and stance == "CONTRADICTS" and len(self.matter_of(c.text)) <= WEAK_MATTER_TERMS:
                # "denied that the closures had anything to do with money": a short denial names
                # its matter in a word or two; the nearest earlier claim of another side using one
                weak = self.nearest_on_matter(c.text, si, not_by)
                if weak is not None and not _both_deny(lay.doc, c, lay.claims[weak]):
                    yield _Reading(_against(stance, lay.claims[weak]), [i], [weak], WEAK_MATTER, evidence)
                    continue
            for share, target in matches:
                if stance == "CONTRADICTS" and _both_deny(lay.doc, c, lay.claims[target]):
                    continue  # "denied that X" and "X is not so": on the same side
                confidence = round(PROPOSITION + PROPOSITION_SPAN * min(1.0, share), 2)
                yield _Reading(_against(stance, lay.claims[target]), [i], [target], confidence, evidence)
            if not matches and stance == "CONTRADICTS" and c.speaker is not None:
                # A denial about oneself answers what others said about the denier.
                about_me = self.naming(c.speaker, si, not_by)
                about_me = [t for t in about_me if not _both_deny(lay.doc, c, lay.claims[t])]
                previous = [t for t in self.adjacent(c, si, not_by)
                            if not _both_deny(lay.doc, c, lay.claims[t])]
                if about_me:
                    yield _Reading(stance, [i], about_me, SELF_DENIAL, evidence)
                elif previous:
                    yield _Reading(stance, [i], previous, ADJACENT_DENIAL, evidence)
                elif si < LEAD_SENTENCES and (ahead := [
                    t for t in self.naming(c.speaker, si, not_by, LEAD_REACH)
                    if not _both_deny(lay.doc, c, lay.claims[t])
                ]):
                    yield _Reading(stance, [i], ahead, LEAD_DENIAL, evidence)

    def also_readings(self, si: int, sent: Span) -> Iterable[_Reading]:
        """ "The report also noted this fact, saying …": agreement with the previous speaker."""
        lay = self.lay
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.words.agreeing_verbs or negated(verb):
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
                yield _Reading("SUPPORTS", sources, targets, ALSO_THIS, cue_evidence(verb, anaphoric[0]))
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
                    # One side never answers itself: the same speaker, or a spokesperson and the
                    # body they speak for.
                    if s == t or finder.lay.actors(s) & finder.lay.actors(t):
                        continue
                    old = best.get(frozenset((s, t)))
                    if old is None or old.confidence < reading.confidence:
                        best[frozenset((s, t))] = Relation(
                            source=s, target=t, type=reading.type, method="CUE",
                            confidence=reading.confidence, evidence=reading.evidence)
    for rel in _bodies_continued(finder, best):
        best.setdefault(frozenset((rel.source, rel.target)), rel)
    return sorted(best.values(), key=lambda r: (r.source, r.target, r.type))


def _bodies_continued(finder: _Finder, best: dict[frozenset[int], Relation]) -> list[Relation]:
    """A spokesperson's claim that answers what their body's stance answered: "Dunhollow denied
    that it had been warned ... 'We have no record of any written warning from Mr. Brandl,' Amsel
    said" (Amsel speaking for Dunhollow). The claim, with no relation of its own, takes the body's
    relation to a claim of the same matter, or to any of them when it points back at statements
    ("Statements such as these only help the enemies", said the body's spokesman)."""
    lay = finder.lay
    by_source: dict[int, list[Relation]] = {}
    for rel in best.values():
        by_source.setdefault(rel.source, []).append(rel)
    out: list[Relation] = []
    for i, c in enumerate(lay.claims):
        if i in by_source or c.on_behalf_of is None:
            continue
        si = lay.sentence_of[i]
        refers = _points_back(lay.doc, c, finder.words)
        for j, rels in by_source.items():
            if not (si - BODY_REACH <= lay.sentence_of[j] < si) or c.on_behalf_of not in lay.actors(j):
                continue
            for rel in rels:
                target = rel.target
                if target == i or lay.actors(i) & lay.actors(target):
                    continue
                if refers or len(lay.matter(i) & lay.matter(target)) >= MATTER_MIN_SHARED:
                    out.append(Relation(source=i, target=target, type=rel.type, method="CUE",
                                        confidence=BODY_CONTINUES, evidence=rel.evidence))
    return out


_POINTING_BACK = frozenset({"these", "those", "such", "this", "that", "his", "her", "their"})


def _points_back(doc: Doc, claim: Claim, words: RelationWords) -> bool:
    """Whether a claim speaks of statements already made: "Statements such as these", "these
    claims", "his allegations"."""
    span = span_of(doc, claim.start, claim.end)
    return span is not None and any(
        t.pos_ == "NOUN" and refers_to_statement(t, words)
        and any(d.lower_ in _POINTING_BACK for d in t.subtree)
        for t in span
    )


__all__ = [
    "ADJACENT_DENIAL", "ALSO_SAME_MATTER", "ALSO_THIS", "LEAD_DENIAL", "LEAD_REACH", "LEAD_SENTENCES",
    "PROPOSITION", "PROPOSITION_SPAN", "SAME_MATTER_SHARE", "SELF_DENIAL", "find_relations",
]
