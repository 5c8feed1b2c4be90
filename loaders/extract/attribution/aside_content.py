"""Content of a speech cue the parser left without one, read off the layout of its sentence.

Two layouts carry a statement that the dependency parse often hangs on the wrong verb:
  "As the report noted, costs rose." / "Costs rose, as the report noted."  (an "as" clause)
  "Costs rose sharply, the minister said on Monday."  /  "Costs, the minister said, rose."
The cue and its speaker are then set off by commas (or stand in an "as" clause), and what was
said is the rest of the sentence. These helpers only run when content_of (reported_content.py)
and parenthetical_content found nothing, so a cue the parse did attach is never re-read here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..speakers.speaker_mentions import SUBJECT_DEPS
from .records_show import names_evidence

SENTENCE_ENDS = {".", "?", "!", ";", ":"}
QUOTE_TOKENS = {'"', "\u201c", "\u201d", "''", "``"}


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range without punctuation (other than closing quote marks) at either end."""
    while lo <= hi and doc[lo].is_punct and doc[lo].text not in QUOTE_TOKENS:
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in QUOTE_TOKENS:
        hi -= 1
    return (lo, hi) if hi > lo else None


def _sentence_start(doc: Doc, i: int) -> int:
    """First token of the sentence holding token i, by its marks rather than the parser's split:
    the parser often starts a sentence at the quote or the comma before a trailing cue."""
    while i > 0 and doc[i - 1].text not in SENTENCE_ENDS and "\n" not in doc[i - 1].text:
        i -= 1
    return i


def _sentence_end(doc: Doc, i: int) -> int:
    """Last token of the sentence holding token i (its final mark excluded)."""
    while i + 1 < len(doc) and doc[i + 1].text not in SENTENCE_ENDS and "\n" not in doc[i + 1].text:
        i += 1
    return i


def as_clause_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "As the report noted, costs rose" / "costs rose, as the report noted": the cue's own
    clause is an "as" aside to the clause that states what was noted."""
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None  # "as expected": nobody named, the writer's own frame
    if verb.lemma_.lower() == "go":
        return None  # "As the day went on, ...": time passing, not a speaker going on
    head = verb.head
    if head.pos_ not in ("VERB", "AUX"):
        return None  # "twice as fast as scientists had predicted": a comparison, not an aside
    lo, hi = verb.left_edge.i, verb.right_edge.i
    # An aside is set off by a comma; "rose as fast as the agency predicted" compares.
    # (The parser hangs that comma on either side.)
    if hi < head.i and "," in (doc[hi].text, doc[hi + 1].text):  # the aside first
        return _trim(doc, hi + 1, head.right_edge.i)
    if lo > head.i and "," in (doc[lo].text, doc[lo - 1].text):  # the aside last
        return _trim(doc, head.left_edge.i, lo - 1)
    return None


# Words opening what follows a trailing cue's second comma when it goes on about the saying
# ("..., he said, adding ...", "..., she said, before leaving"), not about the statement.
CUE_MODIFIERS = {"before", "after", "when", "while", "as", "citing", "according", "though", "although"}

# Verbs that report words when they trail a sentence ("..., she added."). Not verbs of stance or
# action ("..., 300 people voted", "..., the group backed"): set off like this they tell what
# happened, and the sentence before is the writer's.
TRAILING_SAYING = {
    "say", "tell", "add", "note", "write", "explain", "argue", "insist", "report", "observe",
    "recall", "reply", "respond", "claim", "comment", "predict", "warn", "stress", "emphasize",
    "acknowledge", "contend", "maintain", "conclude", "caution", "concede", "estimate",
}  # fmt: skip

# Verbs by which a poll or a record trails what it found: "..., a new poll finds." Only with such a
# subject: "..., the jury found" or "..., she suggests" set off like this tell what happened.
TRAILING_FINDING = {"find", "show", "suggest", "indicate"}


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD", "VBN"}  # VBN: the parser often takes a past tense for one


def comma_aside_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "Costs rose sharply, the minister said on Monday." and "Costs, the minister said, rose.":
    a verb of saying with its subject, set off from the rest of its sentence by a comma before
    the subject. The statement is the sentence around the cue: what precedes the comma, and, when
    the cue is itself closed by a comma and the sentence goes on, the rest (aside and all, so that
    it stays one span, as parenthetical_content keeps it)."""
    # The subject nearest the cue: the parser may hang the statement's own subject on it too.
    before = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
    subject = max(before, key=lambda c: c.i, default=None)
    if verb.lemma_.lower() not in TRAILING_SAYING and not (
        verb.lemma_.lower() in TRAILING_FINDING and subject is not None and names_evidence(subject)
    ):
        return None
    if subject is None or subject.tag_ in ("WP", "WDT"):
        return None  # "..., who said": a relative clause about someone, not a trailing cue
    if any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children if verb.lemma_.lower() != "tell"):
        return None  # "..., Cruz said "CNN" five times": the cue has words of its own
    first = subject.left_edge.i
    if first < 2 or doc[first - 1].text != ",":
        return None
    lo = _sentence_start(doc, first - 1)
    if lo >= first - 1 or any(doc[i].text in QUOTE_TOKENS for i in range(lo, first)):
        return None  # quotations are claims.py's to attribute, by their marks
    if doc[lo].tag_ in ("VBN", "VBG"):
        return None  # "Asked about it, the senator said no": a participle describes the speaker
    # Where the cue's own words end: the next comma or the end of the sentence.
    end = _sentence_end(doc, verb.i)
    stop = next((i for i in range(verb.i + 1, end + 1) if doc[i].text == ","), None)
    goes_on = stop is not None and stop < end
    if not goes_on or doc[stop + 1].tag_ in ("VBG", "VBN") or doc[stop + 1].lower_ in CUE_MODIFIERS:
        span = _trim(doc, lo, first - 1)  # "..., the minister said (on Monday)."
    else:
        span = _trim(doc, lo, end)  # "Costs, the minister said, rose."
    if span is None:
        return None
    # A statement has a finite verb of its own: "On CNN Tuesday, his wife said" has none before it.
    own = [t for t in doc[span[0] : span[1] + 1] if not first <= t.i <= verb.i]
    return span if any(t.tag_ in FINITE_TAGS for t in own) else None


def unattached_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Content of a speech cue by the layout of its sentence, or None."""
    return as_clause_content(doc, verb) or comma_aside_content(doc, verb)


__all__ = ["as_clause_content", "comma_aside_content", "unattached_content"]
