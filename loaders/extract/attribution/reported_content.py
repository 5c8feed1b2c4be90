"""Where the content a cue introduces begins and ends: token ranges read off the dependency parse.

Split out of reported.py (which finds the cues and their speakers); these helpers only bound the
span of what was stated: a clausal complement, an open complement, a noun-phrase object, or the
clause around a parenthetical cue ("Side effects, he added, were mild").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import CueInfo, cue_info
from ..speakers.speaker_mentions import SUBJECT_DEPS, within_paragraph
from .content_bounds import (
    before_coordinated_cue,
    before_timed_statement,
    before_trailing_cue,
)

ADDRESSEES = {
    "reporters",
    "journalists",
    "correspondents",
    "press",
    "audience",
    "crowd",
    "supporters",
    "interviewer",
    "viewers",
    "listeners",
}


# Clausal complements: "said [that C]", "[What she said] was ...".
CLAUSE_DEPS = {"ccomp", "csubj"}


# Verbs whose subject is part of what is judged, by nobody named: "Clinton seemed to ...".
RAISING_CUES = {"seem", "appear"}


# Passive cues with an infinitive ("was said to be", "is believed to have") report hearsay, not a
# statement by their subject.
HEARSAY_LEMMAS = {"say", "report", "believe", "think", "know", "rumor", "rumour", "allege", "understand"}


def _clause_after_setting(verb: Token) -> tuple[int, int] | None:
    """ "said in a statement that C", "told reporters outside the hall that C": the parser hangs
    the that-clause on the noun of the setting, not on the cue. Token range of C, or None."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for clause in pobj.children:
                if clause.dep_ not in ("acl", "ccomp", "relcl") or clause.i < pobj.i:
                    continue
                mark = clause.doc[clause.left_edge.i]
                if mark.lower_ != "that" or mark.i >= clause.right_edge.i:
                    continue
                # The parser also reads it as a relative clause ("the hall [that members felt
                # misled]"); after a cue, a clause with a subject of its own is what was said.
                own_subject = any(c.dep_ in SUBJECT_DEPS and c.i != mark.i for c in clause.children)
                if mark.dep_ == "mark" or (clause.dep_ == "relcl" and own_subject):
                    return mark.i + 1, clause.right_edge.i
    return None


# Prepositions that go on with the content rather than with the saying: "said staff were told to
# keep it quiet [until after the vote]", "show 1,380 homes completed, [with another 1,900 ...]".
TRAILING_CONTENT_PREPS = {"until", "with", "without", "despite", "unless", "except"}


def _with_trailing_modifier(verb: Token, hi: int) -> int:
    """The content's last token, taking in a modifier the parser hung on the cue right after it."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in TRAILING_CONTENT_PREPS:
            continue
        gap = doc[hi + 1 : child.i]
        if child.i > hi and all(t.text == "," for t in gap) and len(gap) <= 1:
            hi = child.right_edge.i
    return hi


def _breaks(doc: Doc, lo: int, hi: int) -> bool:
    """Whether a paragraph break lies among tokens lo..hi."""
    return any("\n" in doc[i].text for i in range(lo, hi + 1))


# Cues whose content is a question: "asked the students if they were ready", "wondered whether".
QUESTION_CUES = {"ask", "wonder", "inquire", "question"}


def _indirect_question(verb: Token) -> Token | None:
    """The if/whether clause after a question cue when the parser hung it on the cue as an
    adverbial clause ("asked the students [if they were ready]"): it is what was asked, not a
    condition on the asking."""
    if verb.lemma_.lower() not in QUESTION_CUES:
        return None
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > verb.i:
            mark = verb.doc[child.left_edge.i]
            if mark.dep_ == "mark" and mark.lower_ in ("if", "whether"):
                return child
    return None


# Cues that say what something is: "called it a disgrace", "described it as a failure".
NAMING_CUES = {"call", "describe", "label", "dub", "characterize", "term", "brand"}


# "accused the mayor of lying", "described him as volatile", "praised the mayor for acting",
# "faulted him over the delay": a preposition right after the object says what was said of it.
OBJECT_COMPLEMENT_PREPS = {"of", "as", "for", "over"}


def for_clause(verb: Token) -> Token | None:
    """ "called for the mayor to resign": the parser makes "for" the mark of a clause of its own,
    not the preposition of "call for". The clause is what was called for; its verb is no cue of
    the mayor's. Only for cues that take "for" ("call for"), right after the verb."""
    if cue_info(f"{verb.lemma_.lower()} for") is None:
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "advcl"
            and verb.i + 1 < len(verb.doc)
            and any(m.dep_ == "mark" and m.i == verb.i + 1 and m.lower_ == "for" for m in c.children)
        ),
        None,
    )


def _second_that_clause(doc: Doc, verb: Token, clause: Token, hi: int) -> int:
    """ "complained that bikes are often broken and docks are often empty": the parser hangs the
    second clause on the cue, as if the speaker had done a second thing; after a "that" clause,
    "and" with a subject of its own and no verb of saying goes on with what was said."""
    if clause.i < verb.i or not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return hi
    for k in verb.children:
        if (
            k.dep_ == "conj"
            and k.i > hi
            and k.left_edge.i > 0
            and doc[k.left_edge.i - 1].lower_ == "and"
            and k.left_edge.i - 1 == hi + 1
            and any(c.dep_ == "nsubj" for c in k.children)
            and cue_info(k.lemma_.lower()) is None
        ):
            return k.right_edge.i - (1 if doc[k.right_edge.i].is_punct else 0)
    return hi


def content_of(doc: Doc, verb: Token, info: CueInfo) -> tuple[int, int] | None:
    """Token range (inclusive) of what the cue introduces, or None when it introduces nothing."""
    xcomp = obj = prep_obj = subject = None
    clauses: list[Token] = []
    passive = False
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            subject = child
            passive = passive or child.dep_ == "nsubjpass"
        if child.dep_ == "ccomp":
            clauses.append(child)
        elif child.dep_ == "xcomp" and xcomp is None:
            xcomp = child
        elif child.dep_ == "dobj" and obj is None:
            obj = child
        elif child.dep_ == "prep" and child.lower_ in ("about", "on", "for", "to", "of") and prep_obj is None:
            # not after another particle: "called [in] on short notice" says when, not what
            if child.lower_ == "about" or not any(p.dep_ == "prt" and p.i < child.i for p in verb.children):
                prep_obj = child
    if passive and verb.lemma_.lower() in HEARSAY_LEMMAS and xcomp is not None:
        return None
    stated_in = _clause_after_setting(verb)
    if stated_in is not None:
        lo, hi = stated_in
        later = [c.right_edge.i for c in clauses if c.i > lo]
        return lo, max([hi, *later])
    # A clause after the cue first; one before it only as "C, X said" or "C, said X": set off by
    # punctuation, with the speaker after it (not the aside in "Qasemi, now retired, said", nor a
    # subject's relative clause the parser hung on the verb).
    # A headline the parser ran into the lead paragraph ("Bridge to close [\n\n] ASHCOMBE — The
    # bridge will close ..., officials announced") hangs the lead's clause on the cue as an adverbial
    # clause; across the paragraph break it is the content all the same.
    merged = [
        c
        for c in verb.children
        if c.dep_ == "advcl" and c.i < verb.i and _breaks(doc, c.left_edge.i, c.right_edge.i)
    ]
    clause = next((c for c in clauses if c.i > verb.i), None) or _indirect_question(verb) or next(
        (
            c
            for c in clauses + merged
            if subject is not None
            and subject.i > c.right_edge.i
            and c.right_edge.i + 1 < len(doc)
            and (doc[c.right_edge.i + 1].is_punct or doc[c.right_edge.i].text == ",")
            # "He proposes X; she backs Y": a semicolon joins two statements, never "C, X said"
            and ";" not in (doc[c.right_edge.i].text, doc[c.right_edge.i + 1].text)
        ),
        None,
    )
    clear = next((c for c in verb.children if c.lower_ == "clear" and c.i > verb.i), None)
    if clear is not None and verb.lemma_ == "make":
        # "made (it) clear that ...": the parser hangs the that-clause on "clear" (as a complement,
        # an adverbial clause, even a subject), or on "made"; either way it is what was made clear.
        under = next(
            (c for c in clear.children if c.dep_ in ("advcl", "ccomp", "csubj") and c.i > clear.i), None
        )
        clause = under or next((c for c in clauses if c.i > clear.i), None)
    if clause is not None:
        lo, hi = within_paragraph(doc, clause.left_edge.i, clause.right_edge.i, verb.i)
        if clause.i < verb.i and doc[hi].text == "," and hi > lo:
            hi -= 1  # "C, X said": the comma that sets C off is no part of it
        if doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that",) and lo < hi:
            lo += 1
        if clause.i > verb.i:
            # "saying [the results posted to a registry] [show a smaller effect]": the parser split
            # one clause in two complements of the cue, the second without a subject of its own.
            hi = max(
                [
                    hi,
                    *(
                        c.right_edge.i
                        for c in clauses
                        if c.i > clause.i and not any(d.dep_ in SUBJECT_DEPS for d in c.children)
                    ),
                ]
            )
            hi = _with_trailing_modifier(verb, hi)
        hi = before_trailing_cue(clause, before_coordinated_cue(clause, hi))
        hi = _second_that_clause(doc, verb, clause, hi)
        return lo, before_timed_statement(clause, hi)
    wish = for_clause(verb)
    if wish is not None:
        return wish.left_edge.i + 1, wish.right_edge.i  # from after "for" to the clause's end
    if xcomp is not None and xcomp.i > verb.i:
        lo = xcomp.left_edge.i
        if obj is not None and obj.i < xcomp.i:  # "urged Congress to act"
            lo = obj.left_edge.i
        if verb.lemma_.lower() in RAISING_CUES and subject is not None and subject.i < verb.i:
            lo = subject.left_edge.i  # "[the race seemed to tighten]": the subject is content, not source
        return lo, xcomp.right_edge.i
    relative_obj = obj is not None and obj.i < verb.i and obj.tag_ in ("WP", "WDT")
    if relative_obj and verb.lemma_.lower() in NAMING_CUES:
        # "in what officials called a hate crime", "which Hale called "a disgrace"": the relative
        # word stands for the object; what was said of it is the predicate after the cue.
        for child in verb.children:
            if child.i > verb.i and (child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ == "as")):
                return child.left_edge.i, child.right_edge.i
    if obj is not None and obj.lower_ in info.lemma.split()[1:]:
        obj = None  # "took [issue] with X": the object is part of the cue, not what was said
    if obj is not None and info.takes_np and obj.i > verb.i:
        lo, hi = obj.left_edge.i, obj.right_edge.i
        if obj.lower_ in ADDRESSEES:
            return None
        # "accused the mayor of lying", "described him as volatile": the object's complement.
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in OBJECT_COMPLEMENT_PREPS and child.i == hi + 1:
                hi = child.right_edge.i
        # "called it a gift to developers": the predicate after the object is what was said of it.
        predicate = next(
            (c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > hi), None
        )
        if predicate is not None:
            hi = predicate.right_edge.i
        return lo, _with_trailing_modifier(verb, hi)
    if verb.lemma_.lower() in QUESTION_CUES and subject is not None and not passive:
        # "The host asked the mayor about the budget": what a named asker asked about, from the
        # preposition on. "Asked about the budget, she said ..." names a topic and no asker.
        about = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "about"), None)
        if about is not None and about.i > verb.i and about.right_edge.i > about.i:
            return about.i, about.right_edge.i
    prep_obj = _phrase_preposition(verb, info) or prep_obj
    if prep_obj is not None and info.takes_np and _next_to(verb, prep_obj):
        pobj = [c for c in prep_obj.children if c.dep_ in ("pobj", "pcomp")]
        if pobj:
            return pobj[0].left_edge.i, pobj[0].right_edge.i
    return None


def _phrase_preposition(verb: Token, info: CueInfo) -> Token | None:
    """The preposition a phrase cue is named by ("agreed [with] X", "warned [against] X"): its
    object is what was said, whichever preposition it is."""
    words = info.lemma.split()
    if len(words) < 2:
        return None
    # "took issue with X": the preposition may hang on the phrase's own noun.
    middles = [c for c in verb.children if len(words) == 3 and c.lower_ == words[1]]
    named = (c for h in (verb, *middles) for c in h.children
             if c.dep_ == "prep" and c.lower_ == words[-1] and c.i > verb.i)
    return next(named, None)


def _next_to(verb: Token, prep: Token) -> bool:
    """Whether only adverbs, particles or the phrase's own noun stand between the cue and its
    preposition: "spoke highly of X", "weighed in on X", "took issue with X"; not "asked the mayor
    about X" nor "said on Monday"."""
    between = verb.doc[verb.i + 1 : prep.i]
    return prep.i > verb.i and all(
        (t.pos_ in ("ADV", "PART", "ADP") and t.dep_ in ("advmod", "prt"))
        or (t.dep_ == "dobj" and t.head.i == verb.i and prep.head.i in (verb.i, t.i) and len(between) == 1)
        for t in between
    )


def parenthetical_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """ "Side effects, he added, were mild": a cue set off by commas inside the clause it
    attributes (the parser hangs it on that clause). The content is the clause, aside and all, so
    that it stays one span of the text."""
    lo_edge, hi_edge = verb.left_edge.i, verb.right_edge.i
    head = verb.head
    if verb.dep_ != "parataxis" or doc[lo_edge].text != "," or doc[hi_edge].text != ",":
        return None
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children) or head.left_edge.i >= lo_edge:
        return None
    lo, hi = within_paragraph(doc, head.left_edge.i, head.right_edge.i, verb.i)
    while hi > lo and doc[hi].is_punct and doc[hi].text not in ('"', "\u201d", "''"):
        hi -= 1
    return (lo, hi) if hi > hi_edge else None


__all__ = [
    "ADDRESSEES",
    "CLAUSE_DEPS",
    "HEARSAY_LEMMAS",
    "RAISING_CUES",
    "TRAILING_CONTENT_PREPS",
    "content_of",
    "parenthetical_content",
]
