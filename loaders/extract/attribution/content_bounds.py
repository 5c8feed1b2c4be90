"""Where a content clause stops short of its parse subtree's end: the parser often hangs the
speaker's next statement, or someone else's, inside the clause that holds the first one.

Split out of reported_content.py (which picks the content clause of a cue); these helpers only
move the clause's last token back: before a coordinated act of saying ("... and noted that"), a
trailing participle cue ("..., calling it a waste") or a time clause with another speaker's
statement ("..., hours after the agent said"). The before_trailing_* helpers do the same for any
content range (reported.py applies them after content_of): the writer's own words set off at the
end — a relative clause, a concession, a dash apposition, a participle phrase — are no part of
what was said.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..cues import cue_info
from ..speakers.speaker_mentions import SUBJECT_DEPS, set_off_participle

# Verbs a speaker goes on with ("... and noted that", "... and added"): coordinated into a content
# clause by the parser, they start the speaker's next statement. "Iran allowed X and agreed Y"
# keeps "agreed" inside: it is what was said, not a second saying.
CONTINUATION_CUES = {
    "add",
    "note",
    "say",
    "tell",
    "insist",
    "explain",
    "argue",
    "warn",
    "stress",
    "emphasize",
    "acknowledge",
    "conclude",
    "suggest",
    "point",
    "caution",
    "predict",
    "contend",
    "maintain",
}
# Acts of saying that are as often part of what was said ("said the agency had asked for results",
# "said it would ask the developer to ..."): a second statement only in the cue's own tense, with
# no auxiliary of their own ("said X and urged residents to ...", "and called it Y").
SECOND_ACTS = {
    "call",
    "praise",
    "question",
    "criticize",
    "accuse",
    "vow",
    "promise",
    "pledge",
    "blame",
    "dismiss",
    "describe",
    "highlight",
}


# Not "while" or "as": they contrast or explain as often as they time (a contrast ends the content
# only when another speaker's statement is set against it: CONTRAST_MARKS).
TEMPORAL_MARKS = {"after", "before", "when", "since", "until", "hours", "days"}
# A contrast sets a second speaker against the first: "X said A, while nine in ten said B".
CONTRAST_MARKS = {"while", "whereas"}


def before_timed_statement(clause: Token, hi: int) -> int:
    """Where a content clause ends when a time clause holding someone else's statement closes it:
    "Rovers denied [that Lund had been offered to other clubs], hours after the agent said ...".
    The agent's statement is his own, not part of what Rovers denied."""
    doc = clause.doc
    for child in clause.children:
        if child.dep_ != "advcl" or child.i <= clause.i or child.left_edge.i > hi:
            continue
        # Set off by a comma, and a speech cue with an active subject of its own: "..., hours after
        # the agent said", not "before it was shown to her" nor "after tests showed lead".
        set_off = child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ","
        marks = {doc[i].lower_ for i in range(child.left_edge.i, child.i)}
        info = cue_info(child.lemma_.lower())
        stated = info is not None and info.kind == "speech" and any(c.dep_ == "nsubj" for c in child.children)
        # A contrast counts only with a verb of saying proper: "while critics argued ..." is a
        # second voice; "while the developer's materials promised ..." is part of the argument.
        timed = bool(marks & TEMPORAL_MARKS) or (
            bool(marks & CONTRAST_MARKS) and child.lemma_.lower() in CONTINUATION_CUES | {"claim", "report"}
        )
        if not set_off:
            continue
        if timed and stated:
            end = child.left_edge.i - 1
            while end > clause.i and doc[end].is_punct:
                end -= 1
            return min(hi, end)
    return hi


def _second_act(clause: Token, verb: Token) -> bool:
    return (
        verb.lemma_.lower() in SECOND_ACTS
        and verb.tag_ == clause.head.tag_
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def before_coordinated_cue(clause: Token, hi: int) -> int:
    """Where a content clause ends when the parser coordinated the speaker's next cue into it:
    in "He said [he was focused on the platform] and noted that ...", "noted" has no subject of
    its own, so it is the speaker's second statement, not part of the first."""
    for child in clause.children:
        if (
            child.dep_ == "conj"
            and child.i <= hi
            and child.pos_ == "VERB"
            and (child.lemma_.lower() in CONTINUATION_CUES or _second_act(clause, child))
            and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
            # "raised it with her manager and was told ...": what was done to the subject is
            # part of what they said, not a second act of saying
            and not any(c.dep_ == "auxpass" for c in child.children)
        ):
            end = child.left_edge.i - 1
            while end > clause.i and (clause.doc[end].dep_ == "cc" or clause.doc[end].is_punct):
                end -= 1
            return min(hi, end)
    return hi


def _trailing_cue(clause: Token, hi: int) -> Token | None:
    """A participle cue set off at the end of a content clause that carries content of its own:
    in "He said [the bill was dead], calling it a waste", the parser hangs "calling" on "was",
    but the calling is the speaker's second statement, not part of the first."""
    doc = clause.doc
    for tok in clause.subtree:
        if tok.i <= clause.i or tok.i > hi or not set_off_participle(tok):
            continue
        # Trailing: nothing but punctuation after the participle's phrase ("the group, citing
        # polls, found ..." keeps its aside).
        if all(doc[i].is_punct for i in range(tok.right_edge.i + 1, hi + 1)):
            return tok
    return None


def before_trailing_cue(clause: Token, hi: int) -> int:
    cue = _trailing_cue(clause, hi)
    if cue is None:
        return hi
    end = cue.i - 1
    while end > clause.i and clause.doc[end].is_punct:
        end -= 1
    return min(hi, end)


# Relative words that open an aside on the content's last noun: "said he backs Sanders, who ...".
ASIDE_RELATIVES = {"which", "who", "whom", "whose", "where"}


def _closes(phrase: Token, hi: int) -> bool:
    """Whether the phrase runs to the content's end (token hi), nothing but punctuation after it."""
    doc = phrase.doc
    return all(doc[k].is_punct for k in range(phrase.right_edge.i + 1, hi + 1))


def _cut_before(doc: Doc, lo: int, mark: int) -> int:
    """The content's last token before the mark that sets the writer's addition off: its
    punctuation dropped, a closing quotation mark kept."""
    end = mark - 1
    while end > lo and doc[end].is_punct and doc[end].text not in ('"', "\u201d", "''"):
        end -= 1
    return end


def _inside_quote(doc: Doc, lo: int, i: int) -> bool:
    """Whether token i stands inside a quotation opened in the content before it."""
    before = doc[lo:i].text
    opened = before.count("\u201c") > before.count("\u201d")
    return opened or before.count('"') % 2 == 1 or before.count("''") % 2 == 1


def before_trailing_relative(doc: Doc, lo: int, hi: int) -> int:
    """Where content ends when a relative clause set off by a comma closes it: "She said she
    would vote for the senator, who opposes the treaty": the writer's note on who the senator is,
    not part of what she said."""
    for i in range(lo + 1, hi + 1):
        tok = doc[i]
        if tok.text != "," or i + 1 > hi or doc[i + 1].lower_ not in ASIDE_RELATIVES:
            continue
        if _inside_quote(doc, lo, i):  # the speaker's own words: the aside is theirs too
            continue
        rel = doc[i + 1].head
        while rel.dep_ != "relcl" and rel.head.i != rel.i and lo <= rel.head.i <= hi and rel.i > i:
            rel = rel.head
        if rel.dep_ != "relcl" or rel.left_edge.i != i + 1:
            continue
        if _closes(rel, hi):
            return _cut_before(doc, lo, i)
    return hi


def before_trailing_participle(doc: Doc, lo: int, hi: int) -> int:
    """Where content ends when a participle phrase that is no cue, set off by a comma, closes it:
    "He said the rally drew thousands, filling the square": the writer's narration of the scene.
    (A participle cue there is a second statement: before_trailing_cue.)"""
    for i in range(lo + 1, hi):
        tok = doc[i + 1]
        if doc[i].text != "," or tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "acl"):
            continue
        if _inside_quote(doc, lo, i) or cue_info(tok.lemma_.lower()) is not None:
            continue
        if tok.left_edge.i == i + 1 and _closes(tok, hi):
            return _cut_before(doc, lo, i)
    return hi


# Dashes that set off an apposition. Not the comma: "said he met Smith, the mayor" names whom he
# met as the speaker may have, and cutting there lost as many attributions as it won.
DASHES = {"\u2014", "\u2013", "--", "-"}


def before_trailing_apposition(doc: Doc, lo: int, hi: int) -> int:
    """Where content ends when an apposition set off by a dash closes it: "said she backs the plan
    -- a proposal that split her party": the writer's gloss on the last noun, not what was said."""
    for i in range(lo + 1, hi):
        if doc[i].text not in DASHES or _inside_quote(doc, lo, i):
            continue
        app = next((t for t in doc[i + 1 : hi + 1] if t.dep_ == "appos" and t.left_edge.i == i + 1), None)
        if app is None or app.head.i >= i or app.head.i < lo:
            continue
        if _closes(app, hi):
            return _cut_before(doc, lo, i)
    return hi


# What sets the writer's concession against the content: "say the levy is fair, though few paid
# it", "said the bill would pass, despite the vote count". Not time marks ("when", "after") nor
# "because": a speaker states those as part of what they say; "while" contrasts as often inside
# an argument (CONTRAST_MARKS end the content only before another speaker's statement).
CONCESSIVE_MARKS = {"though", "although", "despite"}


def before_trailing_adverbial(doc: Doc, lo: int, hi: int) -> int:
    """Where content ends when a concessive clause or phrase set off by a comma closes it: "Most
    voters say the tax is fair, though few have paid it": the concession is the writer's (or
    another voice's), set against what was said, not part of it."""
    for i in range(lo + 1, hi):
        j = i + 1
        if doc[i].text != "," or doc[j].lower_ not in CONCESSIVE_MARKS or _inside_quote(doc, lo, j):
            continue
        if doc[j].dep_ == "mark":  # "while critics argue": the clause the mark opens
            head = doc[j].head
        elif doc[j].dep_ == "prep":  # "despite the vote count"
            head = doc[j]
        else:
            continue
        if head.left_edge.i == j and _closes(head, hi):
            return _cut_before(doc, lo, j)
    return hi


def before_conjoined_cue(doc: Doc, verb: Token, lo: int, hi: int) -> int:
    """Where content ends when a second participle cue is coordinated into it: in "..., saying
    the plan was dead and calling for a new vote", the calling is a second statement with its own
    content, though the parser hangs it inside the first one's. Participles only: finite verbs
    coordinated there ("said she was tired and wanted a change") are as often what was said."""
    if verb.tag_ != "VBG":
        return hi
    for tok in doc[lo + 1 : hi + 1]:
        if tok.dep_ != "conj" or tok.tag_ != "VBG" or not lo <= tok.head.i <= hi:
            continue
        info = cue_info(tok.lemma_.lower())
        if info is None or info.kind != "speech" or any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            continue
        end = tok.i - 1
        while end > lo and (doc[end].dep_ == "cc" or doc[end].is_punct):
            end -= 1
        return end
    return hi


__all__ = [
    "before_conjoined_cue",
    "ASIDE_RELATIVES",
    "CONCESSIVE_MARKS",
    "before_trailing_adverbial",
    "before_trailing_apposition",
    "before_trailing_participle",
    "DASHES",
    "before_trailing_relative",
    "CONTINUATION_CUES",
    "CONTRAST_MARKS",
    "SECOND_ACTS",
    "TEMPORAL_MARKS",
    "before_coordinated_cue",
    "before_timed_statement",
    "before_trailing_cue",
]

