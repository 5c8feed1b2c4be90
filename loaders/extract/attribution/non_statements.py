"""What reads like an attribution but states nothing of its own, kept out of the claims:

    "declined to say whether ...", "did not respond to requests for comment"   a non-answer
    "disclosed information about X"                                            a topic, not a claim
    "rejected the report, saying C"                                            one statement, C (the
                                                                               rejection is its relation)
    "appear to support his account"                                            the governed cue speaks

Split out of reported.py, which asks these questions of each cue it finds.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import CueInfo, cue_info
from ..relation_words import relation_words
from ..speakers.speaker_mentions import SUBJECT_DEPS
from .attribution import Attribution
from .reported_content import CLAUSE_DEPS, RAISING_CUES

# Verbs whose refusal or negation is a non-answer, not a statement: "declined to comment", "did not
# respond to requests for comment", "would not say whether ...". Nothing was claimed.
NON_ANSWER_VERBS = {
    "comment", "respond", "elaborate", "discuss", "specify", "answer", "return", "identify", "name",
    "disclose", "say", "confirm", "tell", "reveal", "detail", "address", "explain", "speculate",
}
# Of these, the ones that, negated, still state something unless what follows is a question:
# "did not say whether" is a non-answer, "did not say that" reports a saying.
NON_ANSWER_ONLY_WITH_QUESTION = {"say", "confirm", "tell", "reveal", "explain", "disclose", "detail"}
QUESTION_WORDS = {"whether", "if", "when", "how", "why", "who", "what", "which", "where", "whom"}


def raises_a_cue(verb: Token) -> bool:
    """ "The emails appear to support his account", "Cruz seemed to mock the plan": the verb the
    raising cue governs is a speech cue of its own, whose subject (the emails, Cruz) is its
    speaker; that attribution stands, this one would only swallow it."""
    if verb.lemma_.lower() not in RAISING_CUES:
        return False
    node = verb
    for _ in range(3):
        node = next((c for c in node.children if c.dep_ == "xcomp"), None)
        if node is None:
            return False
        info = cue_info(node.lemma_.lower())
        if info is not None:
            # An act of saying ("seemed to mock"), not a state of mind ("seems to understand"):
            # how someone seems to think is the writer's judgement, and stays one.
            return info.kind == "speech"
    return False


def non_answer(verb: Token, content: tuple[int, int] | None) -> bool:
    """ "declined to say whether ...", "refused to comment", "did not respond to requests for
    comment", "would not say when ...": a speaker who stated nothing."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse"):
        return lemma in NON_ANSWER_VERBS  # the "say" of "declined to say"
    if lemma in ("decline", "refuse"):
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        return xcomp is not None and xcomp.lemma_.lower() in NON_ANSWER_VERBS
    if lemma not in NON_ANSWER_VERBS or not any(c.dep_ == "neg" for c in verb.children):
        return False
    if lemma not in NON_ANSWER_ONLY_WITH_QUESTION:
        return True
    return content is not None and doc[content[0]].lower_ in QUESTION_WORDS


# Objects that say a disclosure happened, not what was disclosed: "disclosed information about
# X", "gave no details", "shared data on". Under a neutral cue they name a topic, not a claim.
TOPIC_NOUNS = {"information", "detail", "data", "specific", "particular", "thought", "news"}


def topic_only(verb: Token, info: CueInfo) -> bool:
    if info.stance is not None:
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and obj.lemma_.lower() in TOPIC_NOUNS and not any(
        c.dep_ in ("ccomp", "acl") and c.i > obj.i for c in obj.children
    )


# Verbs of replying, whose noun-phrase object comes after "to": "responded to Olsson's remarks".
REPLY_VERBS = {"respond", "reply", "answer", "retort", "react"}


def np_object(verb: Token, content: tuple[int, int]) -> bool:
    """Whether the content is the verb's noun-phrase object rather than a clause ("denied the
    report", "responded to Olsson's remarks")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.lemma_.lower() in REPLY_VERBS:
        objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                    for p in c.children if p.dep_ == "pobj"]
    return any(o.left_edge.i == content[0] for o in objects) and not any(
        c.dep_ in CLAUSE_DEPS for c in verb.children
    )


# Participles that give the reason for a stance: "denied Qasemi's revelations, saying ...",
# "disputed the figure, arguing that ...". Not a coordinated verb: "accused the company of X and
# said Y" is two statements.
REASON_DEPS = {"advcl", "xcomp"}
# Stances that are acts a reader looks for by name: a denial, a confirmation. The saying that goes
# with them takes their cue ("denied X, saying C" is a denial of X stating C).
STANCE_ACTS = (relation_words().denial_verbs | relation_words().confirming_verbs) - {"concede"}


def without_restated_stances(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """Drop a noun-phrase stance ("rejected the watchdog's figures") when the same speaker goes on,
    in the same breath, to say what they hold instead (", saying the office used outdated volumes"):
    that is one statement, the saying, and the stance verb's relation attaches to it (relations/relations.py
    reads the stance from the parse, not from the claim). A stance standing alone ("confirmed
    Qasemi's statement") remains a statement of its own."""
    stated = {a.cue_token: a for a in atts if a.has_content and not a.np_object}
    drop: set[int] = set()
    for k, att in enumerate(atts):
        if not att.np_object:
            continue
        verb = doc[att.cue_token]
        for child in verb.children:
            if (
                child.dep_ in REASON_DEPS
                and child.tag_ == "VBG"
                and child.i > verb.i
                and child.i in stated
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
            ):
                drop.add(k)
                if att.info.lemma in STANCE_ACTS:
                    _take_stance(stated[child.i], att)
                break
    return [a for k, a in enumerate(atts) if k not in drop]


def _take_stance(saying: Attribution, stance: Attribution) -> None:
    """The saying states what the stance holds: its cue is the stance ("denied"), so that a filter
    on denials finds it; the participle that introduced the content is kept as content_cue."""
    saying.content_cue = saying.cue
    saying.cue, saying.cue_start, saying.cue_end = stance.cue, stance.cue_start, stance.cue_end
    saying.cue_token, saying.info = stance.cue_token, stance.info
    if saying.speaker_start is None:  # the participle's subject is the stance's
        saying.speaker_start, saying.speaker_end = stance.speaker_start, stance.speaker_end


__all__ = [
    "NON_ANSWER_VERBS", "TOPIC_NOUNS", "non_answer", "np_object", "raises_a_cue", "topic_only",
    "without_restated_stances",
]
