"""Who does an -ing participle that has no subject of its own: sometimes not the subject of the
verb it hangs on but that verb's object. "The ruling left many voters wondering ...", "accused
the senator of lying", "praised the mayor for saying ...": the voters wonder, the senator lies,
the mayor says.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..cues import cue_info
from ..names import describes, plural_people

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Verbs whose object is what the participle after it describes ("left voters wondering", "kept
# the crowd chanting", "heard him saying"): the participle is a predicate of the object.
OBJECT_PREDICATE_VERBS = {"leave", "keep", "find", "see", "hear", "watch", "catch", "get", "set"}
# "accused X of", "praised X for", "lured X into", "kept X from", "sold X on": the preposition
# ties the participle to the object just named, not to who did the accusing or praising.
OBJECT_PREPOSITIONS = {"of", "for", "into", "from", "on"}
DOER_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
RELATIVE_WORDS = {"who", "which", "that", "whom"}
NOT_DOERS = {"it", "this", "that", "what", "which"}


def _doer(obj: Token) -> bool:
    """Someone who can do the saying: a name, a personal pronoun, people or a body; not "took
    a lot of heat for ...", "paid no price for ...", "floated the notion of ..."."""
    for prep in obj.children:  # "62 percent of voters", "half of them"
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == obj.i + 1:
            return any(_doer(p) for p in prep.children if p.dep_ == "pobj")
    if obj.ent_type_ in DOER_ENTITIES or obj.pos_ == "PROPN":
        return True
    if obj.pos_ == "PRON":
        return obj.lower_ not in NOT_DOERS
    noun = obj.lower_
    return obj.pos_ == "NOUN" and (describes(obj.lemma_.lower()) is not None or plural_people(noun))


def participle_object(verb: Token) -> Token | None:
    """The object of the verb a subjectless -ing cue hangs on when that object is who does it."""
    if verb.tag_ != "VBG" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    doc = verb.doc
    if verb.dep_ == "pcomp" and verb.head.lower_ in OBJECT_PREPOSITIONS:
        prep = verb.head
        governor = prep.head
        if prep.dep_ != "prep" or governor.pos_ not in ("VERB", "AUX") or governor.i > prep.i:
            return None
        # "gave the senator two Pinocchios for dismissing ...": the one given to, not the thing
        objects = [c for c in governor.children if c.dep_ == "dative" and c.i < prep.i]
        objects = objects or [c for c in governor.children if c.dep_ == "dobj" and c.i < prep.i]
        return objects[-1] if objects and _doer(objects[-1]) else None
    if verb.dep_ == "advcl" and verb.i > 2 and doc[verb.i - 1].text == ",":
        # "..., a charge that county officials denied, noting ...": a participle set off right
        # after a relative clause whose own speaker denied or said something goes on with them
        clause = doc[verb.i - 2]
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        info = cue_info(clause.lemma_.lower())
        ends_there = clause.dep_ in ("relcl", "acl") and clause.right_edge.i == verb.i - 2
        if ends_there and info is not None and info.kind == "speech":
            subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_WORDS]
            if subjects and _doer(subjects[0]):
                return subjects[0]
    if verb.dep_ == "advcl" and verb.i > 1:
        # "ended with Ms. Ortiz asking ...": the parser hangs the participle on the verb, but the
        # noun the "with" just named is who asks.
        prev = doc[verb.i - 1]
        if prev.dep_ == "pobj" and prev.head.lower_ == "with" and prev.head.head.i == verb.head.i:
            return prev if _doer(prev) else None
    if verb.dep_ == "advcl" and verb.head.lemma_.lower() in OBJECT_PREDICATE_VERBS and verb.i > 0:
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if not objects or not _doer(objects[-1]):
            return None
        obj = objects[-1]
        gap = doc[obj.right_edge.i + 1 : verb.i]
        # right after the object, or after an aside the object opened with a comma ("left many
        # voters, including his own, wondering"); not ", saying ..." after a plain object.
        set_off = obj.i + 1 < len(doc) and doc[obj.i + 1].text == ","
        if all(t.text == "," for t in gap) and (len(gap) == 0 or set_off):
            return obj
    return None


# Verbs whose object came from someone else ("received calls saying ...", "cited a poll showing
# ...", "signed paperwork ordering ..."): the object says it, not who received or cited it.
TAKEN_IN_VERBS = {
    "receive", "get", "obtain", "read", "see", "sign", "find", "review", "hear", "watch", "cite",
}
# Verbs whose object is time or a speech taken up by the participle after it.
TIME_SPENDING_VERBS = {"spend", "devote", "use", "take"}
# Verbs whose "on" phrase is their object, not their setting ("spent money on ads", "relied on").
ON_OBJECT_VERBS = {"spend", "focus", "rely", "depend", "center", "bet", "waste", "count", "base"}


def _adverbial_setting(noun: Token) -> bool:
    """A noun that sets the scene of a verb ("shot back in an article stating ...", "at one point
    calling ...", "is on record opposing ...", "sent an email to supporters saying ..."): the
    verb's subject speaks."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ in ("in", "at", "to", "during", "on")
        and prep.head.pos_ in ("VERB", "AUX")
        # "is on record opposing ...", "was heard on a microphone telling ...": the subject's;
        # but "spent $1 million on ads attacking ...": "on" is what was paid for, the ads attack
        and not (prep.lower_ == "on" and prep.head.lemma_.lower() in ON_OBJECT_VERBS)
    )


def noun_holds(participle: Token, cue: Token) -> bool:
    """Whether the noun an -ing participle describes (its head, as parsed) is who says it: "a new
    poll showing ...", "with 50 percent saying ...", "received calls saying ..."; not "issued a
    statement saying ..." (the issuer's), a scene-setting noun ("in an article stating ...") or a
    noun further back than the comma that sets the participle off ("the first official to weigh
    in on it, tweeting ...": that is said of the sentence's subject)."""
    noun = participle.head
    if noun.pos_ not in ("NOUN", "PROPN") or _adverbial_setting(noun):
        return False
    doc = participle.doc
    if participle.i == cue.i and doc[participle.i - 1].text == "," and noun.i < participle.i - 2:
        return False
    whole = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    if whole.dep_ == "dobj" and whole.head.lemma_.lower() in TIME_SPENDING_VERBS:
        return False  # "spent much of his speech defending ...": he defends, in the speech
    if noun.dep_ == "dobj":
        return noun.head.lemma_.lower() in TAKEN_IN_VERBS
    return noun.dep_ in ("pobj", "attr", "appos", "conj", "ROOT")


__all__ = ["noun_holds", "participle_object"]
