"""Subjects the parse lost: a finite cue left with no subject because the small model hung its
subject on an aside before it ("Said Qasemi, now retired, said ...") or stranded it in the phrase
before it ("In a statement to the Observer, her adviser, Jake Sullivan, said ...").
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
NOMINAL_POS = {"PROPN", "NOUN", "PRON"}


def aside_subject(verb: Token) -> Token | None:
    """The sentence's opening subject when the parser hung it on an aside before the cue instead
    ("Said Qasemi, now retired, said ...": Qasemi is parsed as the subject of "retired")."""
    for child in verb.children:
        if child.i > verb.i or child.dep_ not in ("ccomp", "advcl"):
            continue
        for grand in child.children:
            if (
                grand.dep_ in ("nsubj", "nsubjpass")
                and grand.left_edge.i == verb.sent.start
                and grand.pos_ == "PROPN"
            ):
                return grand
    return _left_clause_subject(verb)


# Words that may open a sentence before its subject: "But she ...", "Meanwhile, Lund ...".
OPENING_DEPS = {"cc", "advmod", "punct"}
QUOTE_MARKS = {'"', "\u201c", "\u201d", "``", "''"}
# Subjects that stand for a clause or the weather, not for whoever speaks.
EMPTY_SUBJECTS = {"it", "this", "that", "there", "what", "which", "who"}
PLURAL_PRONOUNS = {"they", "we", "i", "you"}


def _left_clause_subject(verb: Token) -> Token | None:
    """The opening subject of a finite cue the parser made the head of what came before it: "One
    voter, who like others asked not to be named, said ..." (the relative clause read as a clause
    before "said", "voter" its subject), "She has backed X, opposed Y and ..." (the first of two
    joined predicates read as a clause the second reports). The clause before the cue ends in a
    comma right before it, holds no quotation marks (a quotation before a cue is what was said)
    and its subject opens the sentence."""
    finite = verb.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in verb.children)
    if not finite or any(c.dep_ in SUBJECT_DEPS or c.dep_ == "expl" for c in verb.children):
        return None
    doc, start = verb.doc, verb.sent.start
    j = verb.i - 1
    while j > start and doc[j].head.i == verb.i and doc[j].dep_ in ("aux", "neg", "advmod"):
        j -= 1
    if doc[j].text != "," or doc[j - 1].text in QUOTE_MARKS:
        return None
    for child in verb.children:
        if child.i > verb.i or child.dep_ not in ("ccomp", "advcl") or child.right_edge.i != j - 1:
            continue
        if any(c.dep_ == "mark" for c in child.children):
            return None  # "Although turnout was low, ...": a clause of its own, not the subject's
        for grand in child.children:
            before = doc[start : grand.left_edge.i]
            opening = all(t.dep_ in OPENING_DEPS and t.text not in QUOTE_MARKS for t in before)
            if (
                grand.dep_ in ("nsubj", "nsubjpass")
                and grand.pos_ in NOMINAL_POS
                and grand.lower_ not in EMPTY_SUBJECTS
                and opening
                and not any("\n" in t.text for t in doc[grand.i : verb.i])  # the cue's own paragraph
                and not (verb.tag_ == "VBZ" and grand.lower_ in PLURAL_PRONOUNS)  # not "They ..., says X"
            ):
                return grand
    return None


def stranded_subject(verb: Token) -> Token | None:
    """The subject the parser stranded in the phrase before a finite cue that has none: "In a
    statement to the Observer, her adviser, Jake Sullivan, said", "Alarmed by the unrest,
    Senator Reid, the minority leader, said", "Sanders, who has no such backing, said". The
    subject ends in a comma right before the cue; from its last word, climb through the aside to
    the first noun that is no object (an apposition to an object only when it names a person:
    "in Iowa, a swing state, said" is still the aside)."""
    finite = verb.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in verb.children)
    if not finite or any(c.dep_ in SUBJECT_DEPS or c.dep_ == "expl" for c in verb.children):
        return None
    doc, j = verb.doc, verb.i - 1
    before = doc[j] if j >= 0 else None
    if (before is not None and before.head.i == verb.i and before.dep_ in ("advmod", "npadvmod", "dep")
            and before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG")):
        return before  # "Dubrow rejected that argument": a name the parser took for an adverb
    while j > verb.sent.start and doc[j].head.i == verb.i and doc[j].dep_ in ("aux", "neg", "advmod"):
        j -= 1  # "..., bluntly suggested", "..., does not see"
    if j <= verb.sent.start:
        return None
    if spaced_dash(doc[j]):
        return _name_before_dashes(verb, j)
    if doc[j].text != ",":
        return _fronted_apposition(verb, doc[j])
    return _climb_aside(doc[j - 1], verb) or _opening_name(verb, j)


def _climb_aside(tok: Token, verb: Token) -> Token | None:
    """From the last word of the aside before the cue, climb to the first noun that is no object."""
    for _ in range(8):
        if tok.i < verb.sent.start or tok.i >= verb.i:
            return None
        if tok.pos_ in NOMINAL_POS and tok.dep_ not in ("pobj", "dobj", "poss", "compound", "attr"):
            if tok.dep_ != "appos":
                return tok
            if tok.head.dep_ not in ("pobj", "dobj"):
                tok = tok.head  # "Senator Reid, the minority leader": the name it stands beside
                continue
            if any(t.ent_type_ == "PERSON" for t in tok.subtree):
                return tok
        elif tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("relcl", "acl"):
            return None  # a clause of its own before the cue, not an aside on a noun
        opening = tok.left_edge.i - 1
        on_cue = tok.dep_ == "prep" and tok.head.i == verb.i
        if on_cue and opening > verb.sent.start and tok.doc[opening].text == ",":
            # "Ortiz, in a gray suit, said": an aside on the cue itself, set off by commas; the
            # subject is before it
            tok = tok.doc[opening - 1]
            continue
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


# Words a name as written is made of: "Sen. Chuck Grassley", "the state's attorney general".
NAME_POS = {"PROPN", "NOUN", "DET", "ADJ", "PART", "NUM"}


def _opening_name(verb: Token, comma: int) -> Token | None:
    """ "Sen. Ann Lee, facing a tough race in Ohio, a swing state, said ...", "Friday, Ohio,
    leading ten states, asked ...": the parser read the aside as a clause of its own and hung
    the name on it (or on the paragraph before, run into this sentence). A name alone before the
    first comma of the cue's paragraph, an opening date set aside, is whoever the aside is on."""
    doc = verb.doc
    start = verb.sent.start
    for i in range(verb.i - 1, start - 1, -1):
        if "\n" in doc[i].text:
            start = i + 1  # the cue's paragraph, not a quotation run into it
            break
    commas = [i for i in range(start, comma + 1) if doc[i].text == ","]
    for lo, hi in zip([start] + [c + 1 for c in commas], commas, strict=False):
        words = doc[lo:hi]
        if not len(words) or any(t.text in QUOTE_MARKS for t in doc[lo:comma]):
            return None
        if all(t.ent_type_ in ("DATE", "TIME") for t in words):
            continue  # "Friday, Ohio, ...": the date opens, the name follows
        last = doc[hi - 1]
        name = last.pos_ in ("PROPN", "NOUN") or last.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        if not name or hi == comma or any(t.pos_ not in NAME_POS and t.text != "." for t in words):
            return None
        return last
    return None


DASHES = {"-", "--", "\u2013", "\u2014"}


def spaced_dash(tok: Token) -> bool:
    """A dash that sets off an aside ("Lund - in a line aimed at ... - said"), not a hyphen
    inside a word ("co-author", "R-Ky.")."""
    return tok.text in DASHES and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)


def _name_before_dashes(verb: Token, dash: int) -> Token | None:
    """ "On his way out, Mr. Lund - in a line aimed at his rival - declared ...": an aside set off
    by dashes between the subject and the cue; the name alone before the opening dash (after the
    opening phrase's comma) is the subject the parser hung on the aside."""
    doc, start = verb.doc, verb.sent.start
    opening = next((i for i in range(dash - 1, start, -1) if spaced_dash(doc[i])), None)
    if opening is None:
        return None
    lo = opening - 1
    while lo > start and doc[lo - 1].text != "," and "\n" not in doc[lo - 1].text:
        lo -= 1
    words, last = doc[lo:opening], doc[opening - 1]
    if not len(words) or any(t.pos_ not in NAME_POS and t.text != "." for t in words):
        return None
    return last if last.pos_ in ("PROPN", "NOUN") else None


def _fronted_apposition(verb: Token, last: Token) -> Token | None:
    """ "In an interview with the hosts Ann Lee and Bo Park, the former governor stated ...": the
    parser read the subject as one more apposition inside the opening phrase. A noun phrase set
    off by a comma that ends right before a subjectless finite cue, inside a phrase the cue
    opens with, can only be the cue's subject."""
    if last.pos_ not in ("NOUN", "PROPN") or last.dep_ not in ("appos", "conj", "pobj"):
        return None
    lo = last.left_edge.i
    if lo <= verb.sent.start or verb.doc[lo - 1].text != "," or last.right_edge.i != last.i:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in verb.doc[lo : last.i + 1]):
        return None
    opening = next((a for a in last.ancestors if a.head.i == verb.i), None)
    if opening is None or opening.dep_ not in ("prep", "advcl", "npadvmod", "advmod"):
        return None
    if opening.lower_ == "according":
        return None  # "According to the study, the recession is to blame": the study is the source
    return last


def misread_past_tense(verb: Token) -> Token | None:
    """The subject of a past tense the tagger read as a participle on the noun before it ("A new
    poll found last week that ...", "a study of state data identified $2 million in waste", "...,
    the mayor boasted of her record"). A participle that takes an object or a clause, or the
    preposition of a phrasal cue, is no passive one ("the report, released Monday" is); with no
    verb of its own above the noun, the noun (through "of": "a study of state data") is the
    subject the parser read as a reduced relative."""
    noun = verb.head
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head  # "a study of state data identified": the study, not the data
    if noun.dep_ != "ROOT":
        return None
    if not any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return None
    return noun


def noun_read_as_root(root: Token, verb: Token) -> Token | None:
    """ "Lund has rejected the offer and says ...", "Lund rejected the offer, calling it ...": the
    tagger read the first verb as a noun or adjective, leaving the name the sentence's root and
    the cue a conjunct or participle on it. A finite cue joined to a root noun that opens the
    sentence, or a participle set off after it, has that noun as its subject."""
    if verb.head.i != root.i or root.pos_ not in ("NOUN", "PROPN"):
        return None
    joined = verb.dep_ == "conj" and verb.tag_ in FINITE_TAGS
    # "Lund rejected the offer, calling it ...": a participle set off after the misread verb
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.doc[verb.i - 1].text == ","
    if not (joined or participle) or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    if root.left_edge.i != root.sent.start:
        return None
    return root


__all__ = [
    "FINITE_TAGS",
    "NOMINAL_POS",
    "aside_subject",
    "misread_past_tense",
    "noun_read_as_root",
    "spaced_dash",
    "stranded_subject",
]
