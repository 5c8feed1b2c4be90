"""Who does an -ing participle that has no subject of its own: sometimes not the subject of the
verb it hangs on but that verb's object. "The ruling left many voters wondering ...", "accused
the senator of lying", "praised the mayor for saying ...": the voters wonder, the senator lies,
the mayor says.
"""

from __future__ import annotations

from spacy.tokens import Token

from .names import describes, plural_people

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Verbs whose object is what the participle after it describes ("left voters wondering", "kept
# the crowd chanting", "heard him saying"): the participle is a predicate of the object.
OBJECT_PREDICATE_VERBS = {"leave", "keep", "find", "see", "hear", "watch", "catch", "get", "set"}
# "accused X of", "praised X for", "lured X into", "kept X from", "sold X on": the preposition
# ties the participle to the object just named, not to who did the accusing or praising.
OBJECT_PREPOSITIONS = {"of", "for", "into", "from", "on"}
DOER_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
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


__all__ = ["participle_object"]
