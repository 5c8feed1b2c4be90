"""What a stance is about and who takes it: the target resolution of the relation rules.

    "denied Qasemi's revelations"        Qasemi's first claims                 EXPLICIT
    "rejected his account"               the nearest earlier speaker (PERSON)  PRONOUN_TARGET
    "disputed these claims", "the court's reading", "the claim that …", "the report"
                                          the nearest / described / same-matter claims  ANAPHORIC_TARGET
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ...model import Claim
from ..relation_words import relation_words
from ..terms import content_terms
from .polarity import cue_token
from .relation_layout import Layout, names_people, stance_subject, statement_owner

if TYPE_CHECKING:
    from ..entities.entity_index import EntityIndex

EXPLICIT = 1.0  # "denied Qasemi's revelations": the target is named
PRONOUN_TARGET = 0.8  # "rejected his account": the owner is resolved to the nearest speaker
ANAPHORIC_TARGET = 0.7  # "disputed these claims": the nearest earlier claims
MAX_CANDIDATES = 8  # how far back a reference's candidate claims are looked for
MAX_TARGETS = 2  # "X's account" is what X said first: X's first claims, not their whole career here
MATTER_SHARE = 0.25  # share of the smaller claim's content words two claims on one matter hold
MATTER_MIN_SHARED = 2  # and at least this many of them
MATTER_TARGETS = 2  # the best-matching earlier claims a proposition is set against
MATTER_CLOSE = 0.8  # ... the second only when its share is this close to the best one's
MATTER_REACH = 12  # sentences back a reply or a short denial looks for what it answers


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it"})


class TargetResolver:
    """Resolves the sources and targets of a stance over one article's claims."""

    def __init__(self, doc: Doc, claims: Sequence[Claim], index: EntityIndex) -> None:
        self.lay = Layout(doc, claims, index)
        self.words = relation_words()
        # Cues whose content is a statement held false or true: "denied that …", "confirmed that …"
        self.proposition_verbs = self.words.denial_verbs | self.words.confirming_verbs

    # who said it --------------------------------------------------------------------------
    def subject_key(self, verb: Token) -> str | None:
        """The entity taking the stance; when the parse lost the subject ("X, an official who …,
        confirmed …"), the entity the sentence opens with."""
        subject = stance_subject(verb)
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
        # A stance taken inside someone's own words ("VOSS: I dispute Ms. Haldane's account."):
        # the claim holding it takes it, whatever sentence its attribution was counted in.
        here += [i for i, c in enumerate(lay.claims)
                 if c.start <= verb.idx < c.end and lay.sentence_of[i] != si
                 and (c.speaker is None or c.speaker not in exclude)]
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
        subject = stance_subject(verb)
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

    def named_by_head(self, noun: Token, not_by: set[str]) -> str | None:
        """The one speaking entity whose name ends in this noun, or None."""
        lemma, word = noun.lemma_.lower(), noun.lower_
        speakers = {c.speaker for c in self.lay.claims if c.speaker is not None and c.speaker not in not_by}
        found = [k for k in speakers
                 if (e := self.lay.entities.get(k)) is not None
                 and e.name.lower().split()[-1:] in ([lemma], [word]) and len(e.name.split()) > 1]
        return found[0] if len(found) == 1 else None

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
            subject = stance_subject(cue) if cue is not None else None
            mention = (c.speaker_mention or "").lower().split()
            if (subject is not None and subject.lemma_.lower() == lemma) or mention[-1:] == [lemma]:
                found.append(i)
        return sorted(found)[:MAX_CANDIDATES]

    def same_matter(self, text: str, si: int, not_by: set[str]) -> list[tuple[float, int]]:
        """Earlier claims by other speakers that share enough content words with `text`, best
        first, each with the share of the smaller claim's content words they hold."""
        lay = self.lay
        mine = set(content_terms(text)) - lay.name_terms
        found: list[tuple[float, int]] = []
        for rank, i in enumerate(lay.before(si)):
            if lay.actors(i) & not_by or not lay.clause[i]:
                continue
            theirs = lay.matter(i)
            shared = len(mine & theirs)
            if shared < MATTER_MIN_SHARED or not mine or not theirs:
                continue
            share = shared / min(len(mine), len(theirs))
            if share >= MATTER_SHARE:
                found.append((share - rank * 1e-3, i))  # ties go to the nearest
        found.sort(reverse=True)
        # The best match, and a second only when it is nearly as much on the matter.
        # The best match; a second only when it holds more of the matter than the best's share
        # says (two claims equally on it are one too many to set a proposition against).
        kept = [f for f in found[:MATTER_TARGETS]
                if f is found[0]
                or (f[0] >= found[0][0] and len(self.lay.matter(f[1]) & mine) > MATTER_MIN_SHARED)]
        return [(round(max(share, 0.0), 3), i) for share, i in kept]

    def matter_of(self, text: str) -> set[str]:
        return set(content_terms(text)) - self.lay.name_terms

    def nearest_on_matter(self, text: str, si: int, not_by: set[str]) -> int | None:
        """The nearest earlier claim (within the last MATTER_REACH sentences) by a speaker not in
        `not_by` that shares a content word with `text`."""
        lay = self.lay
        mine = self.matter_of(text)
        for i in lay.before(si):
            if lay.sentence_of[i] < si - MATTER_REACH:
                break
            if lay.actors(i) & not_by:
                continue
            if mine & lay.matter(i):
                return i
        return None

    def nearest_other(self, si: int, not_by: set[str], kind: str | None = None) -> list[int]:
        """The nearest earlier run of claims by one other speaker (of the given kind: PERSON
        for "his account"): what "these claims" or "his account" most plausibly covers."""
        lay = self.lay
        earlier = lay.before(si)
        for n, i in enumerate(earlier):
            speaker = lay.claims[i].speaker
            if speaker is None or speaker in not_by or lay.actors(i) & not_by:
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

    def targets_for(
        self, noun: Token, si: int, not_by: set[str], context: str = ""
    ) -> tuple[list[int], float, str | None]:
        """The claims a reference noun points at, the confidence of that reading, their speaker.
        `context` is what the stance's speaker says alongside ("rejected suggestions that the
        sample was mishandled. 'Every step of the chain of custody is documented'"): for a
        reference by content, it names the matter too."""
        lay = self.lay
        owner = statement_owner(noun)
        if owner is not None and owner.pos_ != "PRON":
            key = lay.key_of(owner)
            if key is not None and key not in not_by:
                return self.owner_claims(key, si), EXPLICIT, key
            if key is not None or owner.pos_ == "PROPN":
                return [], 0.0, None  # a named owner who said nothing here: no guessing
            # "the laboratory's cycle count": the one speaker whose name ends in that word
            # ("National Energy Research Laboratory")
            named = self.named_by_head(owner, not_by)
            if named is not None and (claims := self.owner_claims(named, si)):
                return claims, ANAPHORIC_TARGET, named
            # "the court's reading", "the cardiologists' reading": a description of a speaker,
            # first of one described by that very word ("A state appeals court … ruling that …")
            described = self.described_as(owner, si, not_by)
            if described:
                return described, ANAPHORIC_TARGET, lay.claims[described[0]].speaker
            kind = "PERSON" if names_people(owner) else None
            found = self.nearest_other(si, not_by, kind)
            return found, ANAPHORIC_TARGET, lay.claims[found[0]].speaker if found else None
        clause = [c for c in noun.children
                  if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX")]
        if clause and owner is None:  # "the claim that it had shifted money": by what it says
            tree = [t.i for t in clause[0].subtree]
            said = lay.doc[min(tree) : max(tree) + 1]
            matches = self.same_matter(said.text, si, not_by)
            if not matches and context:  # the reference alone names too little of the matter
                matches = self.same_matter(f"{said.text} {context}", si, not_by)
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

    def pick(self, candidates: list[int], sources: list[int]) -> list[int]:
        """Of the claims a reference may cover, the first (where a speaker's point is usually
        made) and the one sharing the most content words with what the stance's speaker says
        ("disputed Feld's account, … 'you tried for eight months …'" -> Feld's "we tried for
        eight months"); failing that, the first two."""
        lay = self.lay
        if not candidates:
            return []
        ordered = sorted(candidates)
        said = frozenset().union(*(lay.matter(i) for i in sources)) if sources else frozenset()
        shared = {i: len(lay.matter(i) & said) for i in ordered}
        best = max(ordered, key=lambda i: (shared[i], shared[i] / max(1, len(lay.matter(i))), -i))
        if shared[best] >= MATTER_MIN_SHARED:
            # What the stance's speaker says back names the matter: the claim most on it, and the
            # owner's first point only when it is on the matter too ("disputed Feld's account,
            # saying the ad ran in December" is about "we tried for eight months to recruit", not
            # about where patients will go).
            first = ordered[0]
            return sorted({best, first}) if shared[first] >= MATTER_MIN_SHARED else [best]
        return ordered[:MAX_TARGETS]

    def figures(self, candidates: list[int], si: int, not_by: set[str], owned: bool) -> list[int]:
        """ "rejected Abara's numbers", "disputed the figure": of the claims a reference covers,
        those that state a number; with no owner named, the nearest earlier such claim by another
        speaker."""
        lay = self.lay
        with_figures = [i for i in candidates if lay.has_figure(i)]
        if with_figures:
            return with_figures
        if owned:
            return candidates
        for i in lay.before(si):
            if lay.claims[i].speaker not in not_by and lay.has_figure(i) and lay.clause[i]:
                return [i]
        return candidates

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

    def naming(self, key: str, si: int, not_by: set[str], later: int = 0) -> list[int]:
        """The nearest earlier claims by others whose text names the entity `key`; with `later`,
        those of the next `later` sentences instead."""
        lay = self.lay
        entity = lay.entities.get(key)
        if entity is None:
            return []
        names = [n for n in (entity.name, *entity.aliases) if len(n) > 2]
        pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names)) if names else None
        if pattern is None:
            return []
        pool = lay.after(si, later) if later else lay.before(si)
        found = [i for i in pool
                 if lay.claims[i].speaker not in not_by and pattern.search(lay.claims[i].text)]
        return sorted(found[:MATTER_TARGETS])
