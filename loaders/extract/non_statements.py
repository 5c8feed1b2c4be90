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

from .attribution import Attribution
from .cues import CueInfo, cue_info, verb_lemma
from .reported_content import CLAUSE_DEPS, RAISING_CUES
from .speaker_mentions import SUBJECT_DEPS

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


def aspect_only(verb: Token) -> bool:
    """ "The lead continues to grow", "she continued to campaign": "continue" says how long
    something goes on, not that anything was said, unless what goes on is a saying ("continued to
    insist that ...", read through its own cue)."""
    if verb.lemma_.lower() != "continue":
        return False
    going_on = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    return going_on is not None and cue_info(going_on.lemma_.lower()) is None


def linking_only(verb: Token) -> bool:
    """ "The rookie proved to be a strong fundraiser", "the breaks were supposed to be temporary":
    "prove to be" links a subject to what it turned out to be, and "be supposed to" says what was
    expected of it; neither reports that anyone stated anything. ("She proved that the memo was
    forged" keeps its clause, and "He is said to be ill" is hearsay, read elsewhere.)"""
    lemma = verb.lemma_.lower()
    going_on = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if going_on is None:
        return False
    if lemma == "prove":
        return going_on.lemma_.lower() == "be"
    if lemma == "suppose":
        return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
    return False


# Objects of "find" that make it a verb of getting somewhere, not of finding something out: "found
# their way to the town", "found a way to pay", "found himself defending the budget".
WAY_NOUNS = {"way", "path", "route"}
REFLEXIVES = {
    "myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves", "oneself",
}


def literal_find(verb: Token) -> bool:
    """ "find" reports a finding ("the study found that ...", "I find his tone chilling") only
    when something was found out. Not when someone finds their way, a way to do something, or
    themselves in a situation, and not when finding is only sought: "to find common ground",
    "trying to find a buyer" (the searching, if anything, is what the governing verb reports)."""
    if verb.lemma_.lower() != "find":
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lemma_.lower() in WAY_NOUNS:
        return True
    after = [c for c in _and_clause(verb) if c.i > verb.i and c.dep_ in ("dobj", "nsubj")]
    if any(c.lower_ in REFLEXIVES for c in after):
        return True
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _and_clause(verb: Token) -> list[Token]:
    """The verb's children, and those of a clause it takes ("found [himself defending]": the parser
    may make the reflexive the subject of that clause)."""
    out = list(verb.children)
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "oprd"):
            out.extend(c.children)
    return out


# Named-entity labels of a time, not of anything said: "states that vote March 1" (the parser may
# take the date for the vote's object).
TIME_LABELS = {"DATE", "TIME"}


def time_only(doc: Doc, content: tuple[int, int] | None) -> bool:
    """Content that is only a date or a time names when, not what: the cue is read as having no
    content of its own, so a quotation or a clause elsewhere may still give it one ("'...,' she
    posted on Monday"; "reported Monday that ...")."""
    if content is None:
        return False
    words = [t for t in doc[content[0] : content[1] + 1] if not t.is_punct and not t.is_space]
    return bool(words) and all(t.ent_type_ in TIME_LABELS for t in words)


def markup_tag(verb: Token) -> bool:
    """ '<tweet author="..." ...>': a word right after "<" or "</" names a markup element left in
    scraped text (an embedded post), not a verb anyone used."""
    if verb.i == 0:
        return False
    before = verb.doc[verb.i - 1]
    return (before.text.endswith("<") and not before.whitespace_) or before.text == "</"


# Tags of the words a noun phrase can start after: "Trump's [reported net worth]", "a lead in
# [pledged delegates]", "60 [pledged delegates]".
NOUN_PHRASE_OPENERS = {"DT", "PRP$", "POS", "IN", "CD", "JJ", "JJR", "JJS"}


def premodifier(verb: Token) -> bool:
    """A past participle the parser took for a verb with its "object" right behind it, where it
    stands before a noun as an adjective: "her lead in pledged delegates", "his reported net worth",
    "Declared Candidates" (a heading). Nobody pledged, reported or declared anything there. A
    participle with a subject or an auxiliary of its own ("she pledged ...", "was reported") is
    a verb and stays one."""
    own = (*SUBJECT_DEPS, "aux", "auxpass")
    if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in own for c in verb.children):
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.left_edge.i != verb.i + 1:
        return False
    return verb.i == verb.sent.start or verb.doc[verb.i - 1].tag_ in NOUN_PHRASE_OPENERS


PRICE_NOUNS = {"fee", "rent", "price", "rate", "interest", "premium", "tuition", "toll", "commission"}


def charged_a_price(verb: Token) -> bool:
    """ "The club charged a $100,000 fee", "charged more than that": "charge" as asking a price,
    not as accusing ("charged that the hearing was a sham", "charged him with fraud")."""
    if verb.lemma_.lower() != "charge":
        return False
    # either object may be the price: "charged its members more rent"
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    return any(
        o.lemma_.lower() in PRICE_NOUNS or any(t.ent_type_ == "MONEY" for t in o.subtree) for o in objects
    )


def purpose_of_noun(verb: Token, info: CueInfo) -> bool:
    """ "a chance to show her record", "no plans to endorse anyone", "reason to believe it": an
    infinitive that modifies a noun names an opportunity, an intention or a ground, and no one has
    said anything by it."""
    return (
        verb.dep_ in ("acl", "relcl")
        and verb.head.pos_ == "NOUN"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        # "a chance to say that ...": what would be said is spelled out, unless it is only what
        # one has "reason to believe".
        and not (any(c.dep_ == "ccomp" for c in verb.children) and info.kind != "belief")
    )


def deed_judged(verb: Token) -> bool:
    """ "criticized the mayor for calling it safe", "knocked him for not reporting the loans": the
    gerund is the deed the cue praises or blames, and the judgement is the statement. Only under a
    cue: "fired for promoting the post" or "forgiven for not knowing" judge nothing we read."""
    judge = verb.head.head
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.lower_ == "for"
        and judge.pos_ == "VERB"
        and cue_info(verb_lemma(judge)) is not None
    )


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


def np_object(verb: Token, content: tuple[int, int]) -> bool:
    """Whether the content is the verb's noun-phrase object rather than a clause."""
    return any(c.dep_ == "dobj" and c.left_edge.i == content[0] for c in verb.children) and not any(
        c.dep_ in CLAUSE_DEPS for c in verb.children
    )


# Participles that give the reason for a stance: "denied Qasemi's revelations, saying ...",
# "disputed the figure, arguing that ...". Not a coordinated verb: "accused the company of X and
# said Y" is two statements.
REASON_DEPS = {"advcl", "xcomp"}


def without_restated_stances(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """Drop a noun-phrase stance ("rejected the watchdog's figures") when the same speaker goes on,
    in the same breath, to say what they hold instead (", saying the office used outdated volumes"):
    that is one statement, the saying, and the stance verb's relation attaches to it (relations.py
    reads the stance from the parse, not from the claim). A stance standing alone ("confirmed
    Qasemi's statement") remains a statement of its own."""
    stated = {a.cue_token for a in atts if a.has_content and not a.np_object}
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
                break
    return [a for k, a in enumerate(atts) if k not in drop]


__all__ = [
    "NON_ANSWER_VERBS", "TOPIC_NOUNS", "aspect_only", "charged_a_price", "linking_only", "literal_find",
    "deed_judged", "markup_tag", "non_answer", "np_object", "premodifier", "purpose_of_noun", "raises_a_cue",
    "time_only", "topic_only",
    "without_restated_stances",
]
