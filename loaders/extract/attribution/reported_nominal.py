"""Attributions without a cue verb: "according to X, C" and a noun that names someone's statement
("Trump's claim that ...", "his criticism of the plan"). Split out of reported.py, which calls
these for the tokens it meets.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..cues import CueInfo, Stance, cue_info
from ..speakers.speaker_mentions import mention_tokens, token_chars
from .attribution import Attribution, phrase_attribution

# Nouns that name a statement or a stance, with the stance they carry toward their object.
NOMINAL_CUES: dict[str, Stance | None] = {
    "criticism": None,
    "support": "SUPPORTS",
    "opposition": "CONTRADICTS",
    "claim": None,
    "promise": None,
    "statement": None,
    "comment": None,
    "remark": None,
    "assertion": None,
    "allegation": None,
    "accusation": None,
    "suggestion": None,
    "warning": None,
    "decision": None,
    "question": None,
    "concern": None,
    "complaint": None,
    "belief": None,
    "view": None,
    "fear": None,
    "hope": None,
    "plan": None,
    "proposal": None,
    "pledge": None,
    "vow": None,
    "demand": None,
    "announcement": None,
    "insistence": None,
    "argument": None,
    "admission": None,
    "denial": "CONTRADICTS",
    "endorsement": "SUPPORTS",
    "praise": None,
    "attack": None,
    "call": None,
    "rejection": "CONTRADICTS",
    "defense": None,
    "description": None,
    "characterization": None,
    "prediction": None,
    "embrace": None,
}
# Nouns whose infinitive names what was decided or promised: "his vow to cut taxes" states the
# vow, where "his attack to ..." or "her view to ..." is no reading of the noun. "plan" is left out:
# "the authority's plan to close a gap" is mostly an organisation's scheme, not a stated position
# (on PolNeAR it would win 4 golds, at one extra claim in our own gold).
INFINITIVE_NOUNS = {"decision", "promise", "pledge", "vow", "proposal", "call", "demand"}
# Plural nouns of doubt and grievance stand for a view held widely with nobody to name: "amid
# questions about her health", "despite complaints that it was underfunded", "concerns about the
# cost". These are statements without a holder (PolNeAR gives them an empty source; about half of
# such claims match it, where the same for "support", "attacks" or a singular noun stays under a
# fifth, as those name somebody's act).
HOLDERLESS_NOUNS = {"question", "complaint", "fear", "concern"}
CLAUSE_FENCES = {"(", ")", ";", "\u2014", "--", "[", "]"}
# A poll speaks for its respondents: "In a poll released Monday, the mayor led 48 to 41" and
# "C, according to a new survey" are the poll's findings, with the poll as their source.
POLL_NOUNS = {"poll", "polls", "survey", "surveys", "polling"}


def names_a_poll(phrase: str | None) -> bool:
    return phrase is not None and any(w.strip(".,'\u2019").lower() in POLL_NOUNS for w in phrase.split())


def sourced_clause(doc: Doc, sent: Span, phrase_lo: int, phrase_hi: int) -> tuple[int, int] | None:
    """The characters of the clause a sourcing phrase hangs on ("according to X", "in a poll"):
    the sentence around the phrase, its larger side. Each side stops at a bracket, dash or
    semicolon: "(the real number is 15, according to X)" sources what is inside the brackets only."""
    lo_bound = phrase_lo - 1
    while lo_bound >= sent.start and doc[lo_bound].text not in CLAUSE_FENCES:
        lo_bound -= 1
    hi_bound = phrase_hi + 1
    while hi_bound < sent.end and doc[hi_bound].text not in CLAUSE_FENCES:
        hi_bound += 1
    before = (lo_bound + 1, phrase_lo - 1)
    after = (phrase_hi + 1, hi_bound - 1)
    lo, hi = before if (before[1] - before[0]) >= (after[1] - after[0]) else after
    if hi < lo:
        return None
    content = token_chars(doc, lo, hi)
    return content if content[1] - content[0] >= 2 else None


def according_to(doc: Doc, text: str, tok: Token) -> Attribution | None:
    """ "according to X" hangs on the clause it sources; the content is that clause minus the phrase."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase_hi = pobj.right_edge.i if pobj is not None else to.i
    content = sourced_clause(doc, tok.sent, tok.i, phrase_hi)
    if content is None:
        return None
    info = cue_info("according to")
    assert info is not None
    speaker = None
    if pobj is not None:
        s_lo, s_hi = mention_tokens(pobj)
        speaker = token_chars(doc, s_lo, min(s_hi, phrase_hi))
    return phrase_attribution(text, (tok, to), info, content, speaker)


def _poll_finding(doc: Doc, prep: Token, pobj: Token, verb: Token) -> tuple[int, int] | None:
    """What a poll phrase sources. Fronted ("In a poll last month, C"): the clause after the phrase
    and its trailing time words. Inside or after the clause ("X held a lead in a poll, ..."): the
    clause from its subject up to the phrase, not what follows it nor a fronted time phrase."""
    sent = prep.sent
    if prep.i == sent.start or doc[prep.i - 1].is_punct and prep.i - 1 == sent.start:
        lo = pobj.right_edge.i + 1
        comma = next((t.i for t in doc[lo : min(lo + 5, sent.end)] if t.text == ","), None)
        lo = comma + 1 if comma is not None else lo
        hi = sent.end - 1
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        # A fronted poll goes on over a semicolon: "In a poll, 8 percent said A; 3 percent said B"
        # lists its findings.
        for t in doc[lo : hi + 1]:
            if t.text in CLAUSE_FENCES and t.text != ";":
                hi = t.i - 1
                break
    else:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        lo = subject.left_edge.i if subject is not None and subject.i < prep.i else sent.start
        hi = prep.i - 1
        while hi > lo and doc[hi].is_punct:
            hi -= 1
    if hi < lo:
        return None
    content = token_chars(doc, lo, hi)
    return content if content[1] - content[0] >= 2 else None


# Subjects that count a poll's respondents: "60 percent", "a majority", "most", "six in 10".
RESPONDENT_COUNTS = {"percent", "%", "majority", "most", "plurality", "half", "third", "quarter", "share"}


def _respondents(verb: Token) -> bool:
    """Whether a verb of saying has a count of respondents for its subject ("60 percent said")."""
    return cue_info(verb.lemma_.lower()) is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in RESPONDENT_COUNTS or c.pos_ == "NUM")
        for c in verb.children
    )


def in_poll(doc: Doc, text: str, prep: Token) -> Attribution | None:
    """ "In a poll released Monday, C" / "C in the latest polls": the clause the phrase hangs on is
    the poll's finding. Only on a clause: a verb's "in", or its object's ("has a lead in the polls");
    "his rise in the polls", a subject, states nothing."""
    head = prep.head
    if (head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr")) or head.dep_ in ("advmod", "acomp"):
        head = head.head  # "has a lead in the polls", "is ahead in the polls"
    # Only on the sentence's own clause: in "X said he leads in the polls" (or "while he runs third
    # in most polls, ...") the poll is part of someone's statement or of a side clause.
    while head.dep_ == "conj":
        head = head.head
    # "60 percent said they oppose it in a new poll": the poll holds its respondents' saying, though
    # the parse hangs the phrase inside what they said.
    if head.dep_ == "ccomp" and head.head.dep_ == "ROOT" and (_respondents(head.head) or _respondents(head)):
        head = head.head
    if prep.dep_ != "prep" or head.pos_ not in ("VERB", "AUX") or head.dep_ != "ROOT":
        return None
    # A named speaker's own verb of saying carries the poll as a detail ("In a poll of 800 voters,
    # the firm found ..."), and "according to" already names the clause's source.
    if cue_info(head.lemma_.lower()) is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PROPN", "PRON") for c in head.children
    ):
        return None
    if any(t.lower_ == "according" for t in prep.sent):
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in POLL_NOUNS:
        return None
    content = _poll_finding(doc, prep, pobj, head)
    if content is None:
        return None
    info = cue_info("according to")
    assert info is not None
    # the poll as written, with what dates or names it ("a CNN poll released Monday")
    poll = token_chars(doc, pobj.left_edge.i, pobj.right_edge.i)
    return phrase_attribution(text, (prep, prep), info, content, poll)


# Nouns of a held view: "In Ash's view, C", "C, in my opinion", "in the eyes of X, C" say that the
# holder takes C to be so. Only with a named holder: "in this view" or "in mind" holds nobody's.
# As written, not by lemma: "in the eye of the storm" is no one's view.
VIEW_NOUNS = {"view", "opinion", "mind", "judgment", "estimation", "eyes"}
# Nouns whose holder may follow in an of-phrase ("in the eyes of many voters", "in the view of
# experts"); "in the minds of voters" mostly reads as the writer's image, not a held view.
VIEW_OF_NOUNS = {"view", "eyes"}


def in_view(doc: Doc, text: str, prep: Token) -> Attribution | None:
    """ "In X's view, C" / "C, in my opinion": the clause the phrase hangs on is what X holds.
    Like in_poll, only on the sentence's own clause: "Al Qaeda, which in his view has grown" or
    "who leads the party in his view" are side clauses, their view part of another statement."""
    # Set off from the clause, by its place or a comma: "so clearly believed in her judgment" and
    # "had somebody in mind" are objects of their verbs, not a holder's view of the clause.
    k = prep.i - 1
    while k >= prep.sent.start and doc[k].is_space:
        k -= 1
    before = doc[k] if k >= prep.sent.start else None
    if before is not None and before.lower_ not in (",", "and", "but") and not before.is_quote:
        return None
    head = prep.head
    if head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr"):
        head = head.head  # "it's a failure, in her view": the parse hangs the phrase on the noun
    while head.dep_ == "conj":
        head = head.head
    if prep.dep_ != "prep" or head.pos_ not in ("VERB", "AUX") or head.dep_ != "ROOT":
        return None
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lower_ not in VIEW_NOUNS:
        return None
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None and noun.lower_ in VIEW_OF_NOUNS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        holder = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if holder is None:
        return None
    content = sourced_clause(doc, prep.sent, prep.i, noun.right_edge.i)
    if content is None:
        return None
    info = CueInfo(lemma=noun.lemma_.lower(), kind="belief", stance=None)
    # The cue is the phrase as written ("In Ash's view"), as "according to X" is: the phrase, not
    # its noun alone, is what marks the clause as a held view.
    return phrase_attribution(text, (prep, noun), info, content, _holder_span(holder), cue_token=noun)


def _holder_span(holder: Token) -> tuple[int, int]:
    """Where a statement's holder is written: "Trump's" without what the possessive belongs to,
    the "'s" kept (PolNeAR marks "Trump's" as the source; resolution reads the name in it)."""
    doc = holder.doc
    lo, hi = mention_tokens(holder)
    if holder.dep_ == "poss":
        hi = holder.i
        if hi + 1 < len(doc) and doc[hi + 1].dep_ == "case" and doc[hi + 1].head.i == holder.i:
            hi += 1
    return token_chars(doc, lo, hi)


def nominal(doc: Doc, text: str, noun: Token) -> Attribution | None:
    """A statement named by a noun: "his criticism of the plan", "Trump's claim that ...".

    Only with a holder (a possessive, or "by"/"from" someone) and a content (a that-clause, an
    infinitive after INFINITIVE_NOUNS, or the object of of/for/about/on/against): a bare "the
    decision" states nothing of anyone's. Only HOLDERLESS_NOUNS in the plural go without a holder.
    """
    holder = content = None
    for child in noun.children:
        if child.dep_ == "poss" and holder is None:
            holder = child
        elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and content is None:
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                content = (child.left_edge.i + 1, child.right_edge.i)
            elif noun.lemma_.lower() in INFINITIVE_NOUNS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):  # "her decision to close the library", "not to run" with its negation
                content = (child.left_edge.i, child.right_edge.i)
        elif child.dep_ == "prep" and child.i > noun.i:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                continue
            if child.lower_ in ("by", "from") and holder is None:
                holder = pobj
            elif child.lower_ in ("of", "for", "about", "on", "against", "to") and content is None:
                content = (pobj.left_edge.i, pobj.right_edge.i)
    if content is None or content[1] < content[0]:
        return None
    if holder is None and not (noun.tag_ == "NNS" and noun.lemma_.lower() in HOLDERLESS_NOUNS):
        return None
    if holder is None and noun.dep_ == "dobj" and cue_info(noun.head.lemma_.lower()) is not None:
        return None  # "readers asked questions about X": the asking is the statement, with its asker
    c_start, c_end = token_chars(doc, *content)
    if c_end - c_start < 2:
        return None
    speaker = _holder_span(holder) if holder is not None else None
    info = CueInfo(lemma=noun.lemma_.lower(), kind="speech", stance=NOMINAL_CUES[noun.lemma_.lower()])
    return phrase_attribution(text, (noun, noun), info, (c_start, c_end), speaker)


__all__ = [
    "CLAUSE_FENCES",
    "NOMINAL_CUES",
    "POLL_NOUNS",
    "according_to",
    "in_poll",
    "in_view",
    "names_a_poll",
    "nominal",
    "sourced_clause",
]
