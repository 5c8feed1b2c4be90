"""Cue verbs used in a sense that reports no statement, kept out of the claims by find_attributions:

    "the lead continues to grow"                  an aspect ("continue" through no cue of its own)
    "proved to be a strong fundraiser"            a linking verb
    "found their way", "trying to find a buyer"   a literal or only sought finding
    "her lead in pledged delegates"               a participle used as an adjective
    "charged a $5,000 fee"                        a price, not an accusation
    "no plans to endorse", "reason to believe"    an infinitive on a noun
    "criticized X for calling it safe"            the deed a cue judges (the judgement is the claim)
    '<tweet author=...>'                          a markup tag left in scraped text
    "states that vote March 1"                    a content that is only a date
    "God knows how many", "the fair saw crowds"   an idiom, a time or event that "sees"
    "the beach is expected to reopen in 2028"     a schedule nobody is said to hold
    "who call themselves Keep Eastfield Open"     a name taken

Split out of non_statements.py (non-answers, topic objects, restated stances, raising verbs).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import CueInfo, cue_info, verb_lemma
from ..speakers.speaker_mentions import SUBJECT_DEPS


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


# Subjects of "know" in an idiom of not knowing: "God knows how many billions were spent".
IDIOM_KNOWERS = {"god", "heaven", "heavens", "lord", "goodness", "christ", "nobody"}
# Times and events that "see" something happen: "the fair saw hundreds of people sporting badges",
# "last year saw record turnout". Nobody perceived or held anything.
SCENE_NOUNS = {
    "year", "month", "week", "day", "weekend", "night", "morning", "evening", "afternoon", "season",
    "decade", "century", "quarter", "period", "summer", "winter", "spring", "autumn", "fall", "time",
    "fair", "festival", "event", "match", "game", "meeting", "rally", "march", "protest", "parade",
    "election", "race", "vote", "session", "hearing", "concert", "show", "conference",
    "summit", "tournament", "final", "ceremony", "celebration", "storm", "flood", "fire", "crisis",
}


def idiom_or_scene(verb: Token) -> bool:
    """ "God knows how many billions ...", "the street fair saw hundreds of people sporting ...":
    a verb of knowing or seeing whose subject is no one who could know or see."""
    lemma = verb.lemma_.lower()
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if lemma == "know":
        return subject.lower_ in IDIOM_KNOWERS
    if lemma in ("see", "witness"):  # "a street fair saw": the parser may make "fair" a modifier
        head = [subject, *(c for c in subject.children if c.dep_ in ("compound", "amod", "nmod"))]
        return any(t.lemma_.lower() in SCENE_NOUNS for t in head)
    return False


# Things scheduled rather than said: "the beach is expected to reopen in 2028", "work is due to
# start in March". Only where what is expected is a thing's schedule (it opens, starts, costs,
# takes some time), not what someone will do ("Clinton is expected to win"), which news and
# PolNeAR read as an attribution to an unnamed expectation.
SCHEDULE_CUES = {"expect", "schedule", "slate", "set", "plan", "due", "project", "forecast"}
SCHEDULE_EVENTS = {"open", "reopen", "begin", "start", "close", "finish", "end", "cost", "take", "last",
                   "complete", "launch", "resume", "arrive", "decide", "reach"}


def schedule_only(verb: Token) -> bool:
    """ "Construction is expected to start in March and to take about four months": a passive
    expectation, with nobody holding it, of when something will happen."""
    if verb.lemma_.lower() not in SCHEDULE_CUES or not any(c.dep_ == "auxpass" for c in verb.children):
        return False
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    event = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if event is None or event.lemma_.lower() not in SCHEDULE_EVENTS:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    # a scheduled thing, not a person or a body that will act
    return (
        subject is not None
        and subject.pos_ not in ("PROPN", "PRON")
        and subject.ent_type_ not in ("PERSON", "ORG", "NORP")
    )


def names_itself(verb: Token) -> bool:
    """ "The parents, who call themselves Keep Eastfield Open": a name taken on the way to what
    the group did, not a statement (in a main clause, "Sanders calls himself a socialist" is one)."""
    return verb.lemma_.lower() == "call" and verb.dep_ == "relcl" and any(
        c.dep_ in ("dobj", "nsubj") and c.lower_ in REFLEXIVES for c in _and_clause(verb)
    )


def states_nothing(verb: Token, info: CueInfo) -> bool:
    """Whether a cue verb is used here in a sense that reports no statement (see the module)."""
    return (
        aspect_only(verb)
        or linking_only(verb)
        or literal_find(verb)
        or markup_tag(verb)
        or premodifier(verb)
        or charged_a_price(verb)
        or purpose_of_noun(verb, info)
        or deed_judged(verb)
        or idiom_or_scene(verb)
        or schedule_only(verb)
        or names_itself(verb)
    )


__all__ = ["states_nothing", "time_only"]
