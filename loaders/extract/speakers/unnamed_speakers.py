"""Cues that nobody named says, though the parse offers a subject to borrow.

"which is widely expected to win", "It is hard to imagine ...", "Naming a third justice would
be ...": someone unnamed holds it, or the writer judges; PolNeAR gives such cues no source, and
the noun the parse offers is what is said of, not who says it.
"""

from __future__ import annotations

from spacy.tokens import Token


def _extraposed_it(subj: Token, node: Token) -> bool:
    """ "It's hard to know where ...", "it is easy to criticize ...": the "it" stands in for the
    infinitive itself; the writer judges, nobody named says it."""
    return (
        subj.lower_ == "it"
        and node.lemma_.lower() == "be"
        and any(c.dep_ == "acomp" for c in node.children)
        # the infinitive hangs on "is" or on the adjective ("easy to blame")
        and any(c.dep_ == "xcomp" and c.i > node.i for t in (node, *node.children) for c in t.children)
    )


def agentless_passive(verb: Token) -> bool:
    """ "which is widely expected to win", "she is expected to continue", "without being told to
    smile": a cue in the passive with no "by" phrase is held or said by someone unnamed; the
    noun it describes or the subject it shares is what is said of, not who says it. A clitic
    "'s" is often "has" misread ("he's predicted big wins", "who's called for troops")."""
    aux = [c for c in verb.children if c.dep_ == "auxpass"]
    return (
        bool(aux)
        and all(a.lower_ not in ("'s", "\u2019s") for a in aux)
        and not any(c.dep_ == "agent" for c in verb.children)
    )


# Verbs put before the answer as a bare participle: "Asked what ..., she said", "When pressed".
FRONTED_QUESTIONS = {"ask", "press", "question"}
OPENERS = {"when", "once", "if", '"', "\u201c"}


def fronted_asked(verb: Token) -> bool:
    """ "Asked what it would cost, Devine replied ...", "When asked whom she backed, ...": the
    tagger often reads the participle as a past tense; with no subject or auxiliary of its own
    and nothing but "when" before it in its clause, it is still the passive participle."""
    return (
        verb.tag_ == "VBD"
        and verb.lemma_.lower() in FRONTED_QUESTIONS
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
        and all(t.lower_ in OPENERS for t in verb.doc[verb.left_edge.i : verb.i])
    )


def writers_clause(subj: Token, node: Token, verb: Token) -> bool:
    """Whether subj, the subject found for verb on node, stands for the writer's own clause."""
    if subj.dep_ == "csubj" and subj.left_edge.i <= verb.i <= subj.right_edge.i:
        return True  # "Naming a third justice would be ...": the cue's own clause is the subject
    return _extraposed_it(subj, node)


__all__ = ["agentless_passive", "fronted_asked", "writers_clause"]
