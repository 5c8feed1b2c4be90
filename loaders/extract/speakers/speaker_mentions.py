"""The speaker as written: the tight noun phrase of whoever a cue belongs to.

"Clarion's Arab Affairs Analyst Ran Meir", "a spokesman for the IRGC", "a company spokeswoman,
Dana Whitfield": the subject's name or title with its compounds, possessor, apposition and one
"of"/"for" phrase — not its relative clauses. The subject is looked for up through participles,
conjuncts and control verbs ("..., saying ...": the subject of the verb it hangs on).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import cue_info
from ..names import DOCUMENT_NOUNS, PERSON_ROLE_NOUNS
from .lost_subjects import (
    aside_subject,
    misread_past_tense,
    noun_read_as_root,
    spaced_dash,
    stranded_subject,
)
from .participle_subjects import noun_holds, participle_object
from .unnamed_speakers import agentless_passive, fronted_asked, writers_clause

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Children that belong in a tight speaker mention: "Clarion's Arab Affairs Analyst Ran Meir",
# "a spokesman for the IRGC", "a company spokeswoman, Dana Whitfield".
MENTION_DEPS = {
    "compound",
    "det",
    "amod",
    "poss",
    "nummod",
    "nmod",
    "flat",
    "case",
    "appos",
    "prep",
    "pobj",
    "cc",
    "conj",
    "quantmod",
    "npadvmod",
}
MENTION_PREPS = {"of", "for", "at", "from", "with", "in", "on"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
MAX_MENTION_TOKENS = 14


def token_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens first..last (inclusive), trimmed of punctuation at both ends."""
    while first < last and (doc[first].is_punct or doc[first].is_space) and doc[first].text not in '“"(':
        first += 1
    while last > first and (
        (doc[last].is_punct or doc[last].is_space) and doc[last].text not in '”")' or doc[last].dep_ == "cc"
    ):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def mention_tokens(tok: Token, depth: int = 0) -> tuple[int, int]:
    """The token range of a tight noun phrase around tok: names, titles, appositions, "for the IRGC"."""
    lo = hi = tok.i
    # "A planner who worked on the review, and who asked not to be named": a second relative
    # clause the parser joined to the noun as a conjunct is no second name; nor is its "and".
    verb_conjuncts = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    noun_conjuncts = [c for c in tok.children if c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX")]
    for child in tok.children:
        if child.dep_ not in MENTION_DEPS or child in verb_conjuncts:
            continue
        if child.dep_ == "cc" and verb_conjuncts and not noun_conjuncts:
            continue
        if child.dep_ == "prep" and (child.lower_ not in MENTION_PREPS or depth > 1 or child.i < tok.i):
            continue
        if child.i > tok.i + 1 and spaced_dash(tok.doc[child.i - 1]):
            continue  # "Mr. Lund - in a line aimed at ... -": an aside, not part of the name
        if child.dep_ in ("conj", "cc") and (depth > 0 or child.i < tok.i):
            continue  # not "But" opening a sentence whose subject was read as its root
        c_lo, c_hi = mention_tokens(child, depth + 1)
        if child.dep_ == "appos" and c_hi - c_lo > 8:
            continue
        lo, hi = min(lo, c_lo), max(hi, c_hi)
    return lo, hi


# Verbs whose object is the subject of the infinitive after it ("led party leaders to declare",
# "would require Congress to act"); not "used the speech to attack" (a purpose: its subject).
OBJECT_CONTROL = {
    "lead", "prompt", "force", "require", "drive", "cause", "push", "persuade", "convince", "urge",
    "encourage", "ask", "allow", "inspire", "compel", "spur", "pressure", "invite", "get", "enable",
    "challenge", "dare", "tempt", "move", "press", "call", "want", "expect", "need",
}


# Passive verbs that report what someone unnamed holds: their subject is what is held.
PASSIVE_REPORTS = {"expect", "report", "say", "believe", "think", "know", "allege", "understand", "consider"}


def _speech(tok: Token) -> bool:
    info = cue_info(tok.lemma_.lower())
    return info is not None and info.kind == "speech"


def _outer_report(verb: Token) -> Token | None:
    """The reporting verb a second saying goes with when the parser joined it to the clause that
    was reported: in "Lazar said the city welcomed the plan and added that ...", "added" is
    Lazar's, not the city's."""
    head = verb.head
    if (
        verb.dep_ == "conj"
        and head.dep_ == "ccomp"
        and head.head.i < head.i
        and _speech(verb)
        and _speech(head.head)
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    ):
        return head.head
    if set_off_participle(verb):
        # "Lazar said the plan was dead, calling it a waste": the parser hangs "calling" on the
        # reported clause, but a trailing participle that says something of its own is Lazar's.
        node = verb.head
        for _ in range(3 if not _speech(node) else 0):  # on a cue itself it is that cue's subject's
            if node.dep_ == "ccomp" and node.head.i < node.i and _speech(node.head):
                trailing = all(t.is_punct for t in node.doc[verb.right_edge.i + 1 : node.right_edge.i + 1])
                return node.head if trailing else None
            if node.dep_ not in ("conj", "advcl", "xcomp") or node.head.i == node.i:
                return None
            node = node.head
    return None


CLOSING_QUOTES = {"\u201d", "''", '"'}


def set_off_participle(tok: Token) -> bool:
    """ ", adding that ...", ", calling it ...", ", pointing to ...": a subjectless -ing speech cue
    after a comma that says something of its own (a clause, an object, or its preposition's)."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    # "pointing to X": a cue with its preposition, the preposition's object what was said
    phrase = None
    if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == tok.i:
        phrase = cue_info(f"{lemma} {nxt.lower_}")
    info = phrase or cue_info(lemma)
    content = phrase is not None or any(
        c.dep_ in ("ccomp", "dobj", "oprd", "xcomp") and c.i > tok.i for c in tok.children
    )
    return (
        tok.tag_ == "VBG"
        and tok.dep_ == "advcl"
        and info is not None
        and info.kind == "speech"
        and tok.left_edge.i == tok.i
        and tok.i > 1
        # after the comma, or after a quote the comma closes ('"… it,'' adding that …')
        and (
            doc[tok.i - 1].text == ","
            or doc[tok.i - 1].text in CLOSING_QUOTES and doc[tok.i - 2].text[-1:] == ","
        )
        and not any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        and content
    )


def speaker_token(verb: Token) -> Token | None:
    """The subject of the cue, looking up through participles, conjuncts, control verbs and the
    noun a participle hangs on ("issued a statement saying ..." -> the issuer)."""
    if agentless_passive(verb):
        return None
    done_to = participle_object(verb)  # "left voters wondering", "accused him of lying"
    if done_to is not None:
        return done_to
    node: Token = _outer_report(verb) or verb
    chained = True  # reached from the cue through infinitives and conjuncts only
    # up to eight steps: "met ... and spoke with the owner in hopes of persuading him" is six
    for _ in range(8):
        # A borrowed subject may be passive: "A lawsuit was filed, alleging ...", "She was
        # sidelined after warning ..."; not the cue's own passive subject (what was said of), nor
        # that of a passive report ("The price was widely reported ...": by someone unnamed).
        passive_ok = (
            node.i != verb.i
            and node.lemma_.lower() not in PASSIVE_REPORTS
            and not any(c.dep_ == "auxpass" for c in verb.children)
        )
        deps = ("nsubj", "csubj", "nsubjpass") if passive_ok else ("nsubj", "csubj")
        subjects = [c for c in node.children if c.dep_ in deps]
        if subjects:
            # A dateline, timestamp or fronted phrase parsed as a second subject ("LONDON (Reuters) -
            # Donald Trump said", "4:40 p.m. Marco Rubio says"): the subject nearest the verb.
            subj = min(subjects, key=lambda c: (abs(c.i - node.i), c.i))
            return None if writers_clause(subj, node, verb) else subj
        for child in node.children:
            if child.dep_ == "agent":  # "was denied by the ministry"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if node.i == verb.i:
            aside = aside_subject(verb)
            if aside is not None:
                return aside
        if node.dep_ == "relcl":
            return node.head  # "Smith, who said ..." -> Smith
        if node.i == verb.i and node.dep_ == "advcl" and (node.tag_ == "VBN" or fronted_asked(node)):
            # "Asked about the merger, Lund said ...": a passive participle's missing subject is
            # the one asked (Lund), not the asker; "Having said that, ..." is active and borrows.
            if not any(c.dep_ == "aux" for c in node.children):
                return None
        if node.dep_ == "acl" and node.tag_ == "VBN":
            return misread_past_tense(node)  # "the report, released Monday": None
        if node.dep_ == "acl" and node.tag_ == "VBG" and noun_holds(node, verb):
            # "a new poll showing ...", "there is evidence suggesting ...", "with 50 percent
            # saying ...": the noun the participle describes holds it.
            return node.head
        if chained and node.dep_ == "xcomp" and node.head.lemma_.lower() in OBJECT_CONTROL:
            objects = [c for c in node.head.children if c.dep_ == "dobj" and c.i < node.i]
            if objects:
                # "The loss led party leaders to declare ...", "That would require Congress to
                # act": the object of the verb above is who says it, not its subject.
                return objects[-1]
        if node.dep_ in ("ROOT", "ccomp", "parataxis") or node.head.i == node.i:
            # never borrow a subject from the clause that reports this one
            if node.dep_ != "ROOT":
                return None
            return stranded_subject(node) or noun_read_as_root(node, verb)
        # through infinitives, conjuncts and what the verb made ("led the paper to print an
        # editorial calling ..."); not "pressed them to stop by threatening"
        chained = chained and node.dep_ in ("xcomp", "conj", "acl", "dobj")
        node = node.head
    return None


DATELINE_DASHES = {"\u2014", "\u2013", "--", "-"}


def within_paragraph(doc: Doc, lo: int, hi: int, cue: int) -> tuple[int, int]:
    """A content span cut back to the cue's paragraph: a statement never runs over a paragraph
    break in the parse (quotations that do are joined by attribution/claims.py, from the marks), and a clause
    that seems to is a headline or the paragraph before run into this one. A dateline opening the
    paragraph ("ASHCOMBE — ") is no part of what was said."""
    if lo < cue:
        for i in range(min(hi, cue), lo - 1, -1):
            if "\n" in doc[i].text:
                lo = i + 1
                break
    if hi > cue:
        for i in range(max(lo, cue), hi + 1):
            if "\n" in doc[i].text:
                hi = i - 1
                break
    if (
        lo + 2 <= hi
        and doc[lo].is_upper
        and len(doc[lo].text) > 1
        and doc[lo + 1].text in DATELINE_DASHES
        and (lo == 0 or "\n" in doc[lo - 1].text)
    ):
        lo += 2
    return lo, max(lo, hi)


def _after_dateline(doc: Doc, verb: Token) -> Token | None:
    """The name right after the dateline of the cue's paragraph, when the parser hung it on the
    dateline ("BRANNOCK — Finance Minister Ilse Varga on Tuesday defended ...": an apposition of
    BRANNOCK) because it took a headline for the subject."""
    start = max((i for i in range(verb.sent.start, verb.i) if "\n" in doc[i].text), default=None)
    if start is None or verb.i - start < 4:
        return None
    place, dash = doc[start + 1], doc[start + 2]
    if not (place.is_upper and len(place.text) > 1 and dash.text in DATELINE_DASHES):
        return None
    for tok in doc[start + 3 : verb.i]:
        if tok.pos_ == "PROPN" and tok.dep_ in ("appos", "nsubj") and tok.head.i == place.i:
            return tok
    return None


def _antecedent(relative: Token, noun: Token) -> Token:
    """What a relative pronoun stands for when the parser hung its clause on the last noun of an
    "X of Y" phrase: "a 2024 audit of the council's spending, which noted ..." is the audit's, "the
    head of the agency, who said ..." the head's; "a friend of Ms. Ruiz, who said" stays Ms. Ruiz's."""
    of = noun.head
    if noun.dep_ != "pobj" or of.lower_ != "of" or of.head.pos_ not in ("NOUN", "PROPN"):
        return noun
    outer = of.head
    lemma = outer.lemma_.lower()
    if relative.lower_ in ("which", "that"):
        return outer if lemma in DOCUMENT_NOUNS else noun
    if relative.lower_ == "who" and lemma in PERSON_ROLE_NOUNS and noun.ent_type_ != "PERSON":
        return outer
    return noun


def speaker_span(doc: Doc, verb: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    subj = speaker_token(verb)
    if subj is None:
        return None
    relative: Token | None = None
    if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
        relative, subj = subj, _antecedent(subj, subj.head.head)
    lo, hi = mention_tokens(subj)
    if hi - lo >= MAX_MENTION_TOKENS or lo <= verb.i <= hi:
        # too long, or run over the cue itself (a name read as the root, the cue its conjunct)
        lo = hi = subj.i
        for child in subj.children:  # fall back to the name with its compounds only
            if child.dep_ in ("compound", "det", "poss", "amod") and child.i < subj.i:
                lo = min(lo, child.left_edge.i)
    if relative is not None and hi < relative.i and relative.i - lo <= 3 * MAX_MENTION_TOKENS:
        # "Maria Lopez, who": the mention runs to the relative pronoun, the subject as written,
        # and still names whom it stands for (resolution reads the name inside the span) — even
        # past a long apposition, so that it holds both the name and the "who".
        hi = relative.i
    if hi + 1 < len(doc) and doc[hi + 1].text == ")" and "(" in doc[lo : hi + 1].text:
        hi += 1  # "Iran's Islamic Revolutionary Guards (IRGC)": keep the bracket closed
    if hi < verb.i and any("\n" in doc[i].text for i in range(hi + 1, verb.i)):
        # "Chief and union at odds [headline] \n\n The chief insisted": not the subject, but a
        # name after the paragraph's dateline may be ("\n\n BRANNOCK — Minister Ilse Varga ...")
        named = _after_dateline(doc, verb)
        if named is None:
            return None
        lo, hi = mention_tokens(named)
    lo, hi = within_paragraph(doc, lo, hi, verb.i)  # the cue's paragraph, not a headline run into it
    start, end = token_chars(doc, lo, hi)
    if start < content[1] and content[0] < end:
        if content[0] < start and subj.head.i == verb.i and subj.i < verb.i:
            # "the plan, which officials said will start in May": the content runs from the
            # relative word through the cue, and the cue's own subject inside it is the speaker.
            return start, end
        if start < content[0] and subj.i < verb.i and subj.idx + len(subj.text) <= content[0]:
            # "a super PAC supporting Mrs. Clinton's candidacy, Priorities USA, may start ...":
            # the mention ran on over the participle and its content; it ends before them.
            cut = subj.i
            for child in subj.children:
                edge = child.right_edge
                before = edge.idx + len(edge.text) <= content[0]
                if child.i > subj.i and child.dep_ in MENTION_DEPS and before:
                    cut = max(cut, edge.i)
            if relative is not None and relative.idx + len(relative.text) <= content[0]:
                cut = max(cut, relative.i)  # "idealists who wanted ..."
            return token_chars(doc, lo, cut)
        return None  # the parse hung the subject inside the content: no reliable speaker
    return start, end


CLOSING_MARKS = {'"', "\u201d", "''"}


def inverted_speaker(doc: Doc, verb: Token, content: tuple[int, int]) -> bool:
    """ '"…," said David Brock, a confidant who heads the group.': after a quotation the parser
    sometimes reads the speaker of an inverted cue as the start of a clause the cue introduces
    (its verb somewhere inside the appositive). The cue has no subject, follows the closing mark
    and its "content" starts with a name or noun phrase: that span names who spoke."""
    lo, _hi = content
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return False  # '"a counting trick," saying approvals ...': a participle goes on, not inverts
    if lo != verb.i + 1 or verb.i < 2 or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return False
    if doc[verb.i - 1].text not in CLOSING_MARKS or doc[verb.i - 2].text not in (",", "?", "!"):
        return False
    return doc[lo].pos_ in ("PROPN", "DET", "NOUN", "ADJ")


__all__ = [
    "SUBJECT_DEPS",
    "inverted_speaker",
    "mention_tokens",
    "set_off_participle",
    "speaker_span",
    "speaker_token",
    "token_chars",
    "within_paragraph",
]
