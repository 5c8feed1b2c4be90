"""Records and polls that "show": "C, campaign records show." The parser mostly reads a sentence-final
or set-off "show" after a plural noun as a noun ("a TV show"), so the verb pass never meets it as a
cue. Called from reported.py for such nouns. Also what a poll "puts" or "has" somewhere ("a poll puts
her at 40 percent"), which no cue verb says.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import CueInfo, cue_info
from ..speakers.speaker_mentions import token_chars
from .attribution import Attribution, phrase_attribution
from .reported_nominal import CLAUSE_FENCES, POLL_NOUNS, sourced_clause

# Nouns that name evidence, which "shows" what it records: "records", "filings", "data", a poll.
# "a talk show", "the morning shows" end in no such noun, and stay television.
EVIDENCE_NOUNS = {
    "records", "record", "documents", "filings", "data", "figures", "numbers", "statistics",
    "results", "returns", "polls", "poll", "polling", "survey", "surveys", "research", "study",
    "studies", "reports", "report", "tallies", "logs", "emails", "analysis", "estimates",
}  # fmt: skip


def names_evidence(noun: Token) -> bool:
    """Whether a subject names records or a poll ("FEC filings", "a new survey")."""
    return noun.lower_ in EVIDENCE_NOUNS or noun.lemma_.lower() in POLL_NOUNS


# Words that end the evidence phrase on its left: "as the results show", "while polls show".
# Not "and": "campaign and corporate records" is one source.
_PHRASE_STOPS = {"as", "while", "although", "though"}


def records_show(doc: Doc, text: str, show: Token) -> Attribution | None:
    """ "C, records show." / "During that year, F.A.A. records show, C": the clause around the
    set-off phrase is what the records show, and the phrase (up to a comma or a linking word on its
    left) is their source."""
    if show.lower_ not in ("show", "shows") or show.i + 1 >= len(doc):
        return None
    after = doc[show.i + 1]
    if not (after.is_punct and after.text in (",", ".", ";", ")")) and after.text not in CLAUSE_FENCES:
        return None
    sent = show.sent
    lo = k = show.i
    while k - 1 >= sent.start:
        prev = doc[k - 1]
        k -= 1
        if prev.is_space:
            continue  # "the  survey shows": a doubled space is no boundary
        if prev.is_punct or prev.lower_ in _PHRASE_STOPS or prev.pos_ in ("VERB", "AUX"):
            break
        lo = k
    if lo == show.i or lo == sent.start or show.i - lo > 10:
        return None  # nothing before "show", or the whole sentence is the phrase: no clause is shown
    if not any(t.lower_ in EVIDENCE_NOUNS for t in doc[lo : show.i]):
        return None
    content = sourced_clause(doc, sent, lo, show.i)
    if content is None:
        return None
    info = cue_info("show")
    assert info is not None
    return phrase_attribution(text, (show, show), info, content, token_chars(doc, lo, show.i - 1))


# Verbs by which a poll places a candidate: "a new poll puts her at 40 percent", "the survey had him
# at 4 percent", "the latest poll has Trump pulling even". Only with a poll for subject.
PLACING_VERBS = {"put", "have", "give"}


def poll_places(doc: Doc, verb: Token) -> Attribution | None:
    """ "A county poll puts the mayor at 40 percent": what the poll places where is its finding,
    from the object to the end of the verb's phrase, with the poll as source."""
    if verb.lemma_.lower() not in PLACING_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if subject is None or obj is None or subject.lemma_.lower() not in POLL_NOUNS:
        return None
    # Placed somewhere ("at 40 percent") or doing something ("Trump pulling even"), not a bare
    # object: "the poll has a margin of error" states no finding.
    placed = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" and c.i > obj.i]
    doing = [c for c in obj.children if c.tag_ == "VBG" and c.i > obj.i]
    doing += [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd") and c.i > obj.i]
    if not placed and not doing:
        return None
    lo = obj.left_edge.i
    hi = max(c.right_edge.i for c in (*placed, *doing, obj))
    # what else the verb's phrase says of the placing ("in the sprawling field"), to its end
    hi = max([hi, *(c.right_edge.i for c in verb.children if c.dep_ == "prep" and c.i > hi)])
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    info = CueInfo(lemma=verb.lemma_.lower(), kind="evidence", stance=None)
    poll = token_chars(doc, subject.left_edge.i, subject.right_edge.i)
    return phrase_attribution(doc.text, (verb, verb), info, token_chars(doc, lo, hi), poll)


__all__ = ["EVIDENCE_NOUNS", "names_evidence", "poll_places", "records_show"]
