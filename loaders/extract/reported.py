"""Attributions read off the dependency parse: a cue word, who it belongs to, and what was stated.

One pass over the tokens; each cue verb looks only at its own children and at most a few heads
up, so the cost grows with the article, never with its square.

    X said (that) C            cue with a clausal complement (ccomp), speaker = nsubj
    C, X said.                 the same parse: spaCy hangs the main clause under "said"
    X wants to C / urged Y to C   open complement (xcomp), with its object when there is one
    X denied Y's claims        noun-phrase content, for cues that take one (lexicon: np)
    ..., saying C              participle without a subject: the subject of the verb it hangs on
    according to X, C          the clause the phrase modifies, minus the phrase
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .cues import CueInfo, Stance, cue_info
from .speaker_mentions import SUBJECT_DEPS, mention_tokens, speaker_span, token_chars, within_paragraph

CLAUSE_DEPS = {"ccomp", "csubj"}
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
CUE_ADVERBS = {
    "also",
    "further",
    "later",
    "officially",
    "publicly",
    "privately",
    "repeatedly",
    "again",
    "previously",
    "recently",
    "often",
    "once",
    "not",
    "never",
    "n't",
    "explicitly",
    "flatly",
    "strongly",
    "firmly",
    "angrily",
    "quickly",
    "openly",
    "falsely",
    "wrongly",
    "correctly",
}
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
# Verbs whose subject is part of what is judged, by nobody named: "Clinton seemed to ...".
RAISING_CUES = {"seem", "appear"}
CLAUSE_FENCES = {"(", ")", ";", "\u2014", "--", "[", "]"}
# A verb in these positions names something rather than predicating it ("Said Qasemi": compound).
NOT_PREDICATE_DEPS = {"compound", "amod", "nmod", "poss", "nn"}
# Passive cues with an infinitive ("was said to be", "is believed to have") report hearsay, not a
# statement by their subject.
HEARSAY_LEMMAS = {"say", "report", "believe", "think", "know", "rumor", "rumour", "allege", "understand"}


@dataclass
class Attribution:
    cue: str  # as written: "said", "told reporters", "according to", "officially denied"
    cue_start: int
    cue_end: int
    cue_token: int  # index of the cue word in the doc
    info: CueInfo
    content_start: int  # character span of what was stated
    content_end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    # False for a speech cue whose content the parse did not attach ("''Wow, what an idea,'' she
    # said", with the quote hung elsewhere): claims.py may still give it a quotation nearby.
    has_content: bool = True


def _cue_text(doc: Doc, text: str, verb: Token, extra: list[Token]) -> tuple[str, int, int]:
    toks = [verb, *extra]
    # Adverbs right before the verb belong to the cue as written: "officially denied", "also said".
    i = verb.i - 1
    while (
        i >= 0
        and doc[i].head.i == verb.i
        and doc[i].dep_ in ("advmod", "neg")
        and doc[i].lower_ in CUE_ADVERBS
    ):
        toks.append(doc[i])
        i -= 1
    first = min(t.i for t in toks)
    last = max(t.i for t in toks)
    if last - first + 1 > len(toks) + 1:  # not contiguous enough to quote as written: the verb alone
        first = last = verb.i
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return text[start:end], start, end


def _phrase_info(verb: Token) -> tuple[CueInfo | None, list[Token]]:
    """A multi-word cue when the verb carries its particle or preposition: "pointed out", "called for"."""
    for child in verb.children:
        if child.dep_ in ("prt", "prep"):
            info = cue_info(f"{verb.lemma_.lower()} {child.lower_}")
            if info is not None:
                return info, [child]
        if child.dep_ == "dobj" and child.lower_ in ADDRESSEES and verb.lemma_ == "tell":
            return cue_info("tell reporters"), [child]
    return None, []


# Not "while" or "as": they contrast or explain as often as they time.
TEMPORAL_MARKS = {"after", "before", "when", "since", "until", "hours", "days"}


def _before_timed_statement(clause: Token, hi: int) -> int:
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
        timed = any(doc[i].lower_ in TEMPORAL_MARKS for i in range(child.left_edge.i, child.i))
        info = cue_info(child.lemma_.lower())
        stated = info is not None and info.kind == "speech" and any(c.dep_ == "nsubj" for c in child.children)
        if not set_off:
            continue
        if timed and stated:
            end = child.left_edge.i - 1
            while end > clause.i and doc[end].is_punct:
                end -= 1
            return min(hi, end)
    return hi


def _before_coordinated_cue(clause: Token, hi: int) -> int:
    """Where a content clause ends when the parser coordinated the speaker's next cue into it:
    in "He said [he was focused on the platform] and noted that ...", "noted" has no subject of
    its own, so it is the speaker's second statement, not part of the first."""
    for child in clause.children:
        if (
            child.dep_ == "conj"
            and child.i <= hi
            and child.pos_ == "VERB"
            and child.lemma_.lower() in CONTINUATION_CUES
            and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
        ):
            end = child.left_edge.i - 1
            while end > clause.i and (clause.doc[end].dep_ == "cc" or clause.doc[end].is_punct):
                end -= 1
            return min(hi, end)
    return hi


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


def _content_of(doc: Doc, verb: Token, info: CueInfo) -> tuple[int, int] | None:
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
    clause = next((c for c in clauses if c.i > verb.i), None) or next(
        (
            c
            for c in clauses + merged
            if subject is not None
            and subject.i > c.right_edge.i
            and c.right_edge.i + 1 < len(doc)
            and (doc[c.right_edge.i + 1].is_punct or doc[c.right_edge.i].text == ",")
        ),
        None,
    )
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
        return lo, _before_timed_statement(clause, _before_coordinated_cue(clause, hi))
    if xcomp is not None and xcomp.i > verb.i:
        lo = xcomp.left_edge.i
        if obj is not None and obj.i < xcomp.i:  # "urged Congress to act"
            lo = obj.left_edge.i
        if verb.lemma_.lower() in RAISING_CUES and subject is not None and subject.i < verb.i:
            lo = subject.left_edge.i  # "[the race seemed to tighten]": the subject is content, not source
        return lo, xcomp.right_edge.i
    if obj is not None and info.takes_np and obj.i > verb.i:
        lo, hi = obj.left_edge.i, obj.right_edge.i
        if obj.lower_ in ADDRESSEES:
            return None
        # "accused the mayor of lying", "described him as volatile": the object's complement.
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "as") and child.i == hi + 1:
                hi = child.right_edge.i
        # "called it a gift to developers": the predicate after the object is what was said of it.
        predicate = next(
            (c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > hi), None
        )
        if predicate is not None:
            hi = predicate.right_edge.i
        return lo, _with_trailing_modifier(verb, hi)
    if prep_obj is not None and info.takes_np and prep_obj.i == verb.i + 1:
        pobj = [c for c in prep_obj.children if c.dep_ in ("pobj", "pcomp")]
        if pobj:
            return pobj[0].left_edge.i, pobj[0].right_edge.i
    return None


def _sourced_clause(doc: Doc, sent: Span, phrase_lo: int, phrase_hi: int) -> tuple[int, int] | None:
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


def _according_to(doc: Doc, text: str, tok: Token) -> Attribution | None:
    """ "according to X" hangs on the clause it sources; the content is that clause minus the phrase."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase_hi = pobj.right_edge.i if pobj is not None else to.i
    content = _sourced_clause(doc, tok.sent, tok.i, phrase_hi)
    if content is None:
        return None
    info = cue_info("according to")
    assert info is not None
    speaker = None
    if pobj is not None:
        s_lo, s_hi = mention_tokens(pobj)
        speaker = token_chars(doc, s_lo, min(s_hi, phrase_hi))
    cue_end = to.idx + len(to.text)
    return Attribution(
        cue=text[tok.idx : cue_end],
        cue_start=tok.idx,
        cue_end=cue_end,
        cue_token=tok.i,
        info=info,
        content_start=content[0],
        content_end=content[1],
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
    )


def _nominal(doc: Doc, text: str, noun: Token) -> Attribution | None:
    """A statement named by a noun: "his criticism of the plan", "Trump's claim that ...".

    Only with a holder (a possessive, or "by"/"from" someone) and a content (a that-clause or
    the object of of/for/about/on/against): a bare "the decision" states nothing of anyone's.
    """
    holder = content = None
    for child in noun.children:
        if child.dep_ == "poss" and holder is None:
            holder = child
        elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and content is None:
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                content = (child.left_edge.i + 1, child.right_edge.i)
        elif child.dep_ == "prep" and child.i > noun.i:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                continue
            if child.lower_ in ("by", "from") and holder is None:
                holder = pobj
            elif child.lower_ in ("of", "for", "about", "on", "against", "to") and content is None:
                content = (pobj.left_edge.i, pobj.right_edge.i)
    if content is None or content[1] < content[0] or holder is None:
        return None
    c_start, c_end = token_chars(doc, *content)
    if c_end - c_start < 2:
        return None
    s_start = s_end = None
    if holder is not None:
        lo, hi = mention_tokens(holder)
        if holder.dep_ == "poss":
            hi = holder.i  # "Trump's" -> Trump, without what the possessive belongs to
        s_start, s_end = token_chars(doc, lo, hi)
    info = CueInfo(lemma=noun.lemma_.lower(), kind="speech", stance=NOMINAL_CUES[noun.lemma_.lower()])
    return Attribution(
        cue=noun.text,
        cue_start=noun.idx,
        cue_end=noun.idx + len(noun.text),
        cue_token=noun.i,
        info=info,
        content_start=c_start,
        content_end=c_end,
        speaker_start=s_start,
        speaker_end=s_end,
    )


def _parenthetical_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
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


def find_attributions(doc: Doc, text: str | None = None) -> list[Attribution]:
    """Every cue in the parse that introduces content, in text order. `text` is doc.text when the
    caller has it already (spaCy builds doc.text anew on every access)."""
    out: list[Attribution] = []
    text = doc.text if text is None else text
    for tok in doc:
        if tok.lower_ == "according":
            found = _according_to(doc, text, tok)
            if found is not None:
                out.append(found)
            continue
        if tok.pos_ == "NOUN":
            if tok.lemma_.lower() in NOMINAL_CUES:
                found = _nominal(doc, text, tok)
                if found is not None:
                    out.append(found)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in NOT_PREDICATE_DEPS:
            continue
        info, extra = _phrase_info(tok)
        if info is None:
            info = cue_info(tok.lemma_.lower())
        if info is None:
            continue
        content = _content_of(doc, tok, info)
        aside = content is None and info.kind == "speech"
        if aside:
            content = _parenthetical_content(doc, tok)
            aside = content is not None
        c_start, c_end = token_chars(doc, *content) if content is not None else (tok.idx, tok.idx)
        if c_end - c_start < 2:
            if info.kind == "speech" and any(c.dep_ == "nsubj" for c in tok.children):
                cue, cue_start, cue_end = _cue_text(doc, text, tok, extra)
                speaker = speaker_span(doc, tok, (c_start, c_end))
                if speaker is not None:
                    out.append(
                        Attribution(
                            cue=cue,
                            cue_start=cue_start,
                            cue_end=cue_end,
                            cue_token=tok.i,
                            info=info,
                            content_start=c_start,
                            content_end=c_start,
                            speaker_start=speaker[0],
                            speaker_end=speaker[1],
                            has_content=False,
                        )
                    )
            continue
        cue, cue_start, cue_end = _cue_text(doc, text, tok, extra)
        speaker = speaker_span(doc, tok, (c_start, c_end)) if tok.lemma_.lower() not in RAISING_CUES else None
        if aside:  # the speaker of an aside sits inside the content span: its own subject
            subject = next(c for c in tok.children if c.dep_ in SUBJECT_DEPS)
            speaker = token_chars(doc, *mention_tokens(subject))
        out.append(
            Attribution(
                cue=cue,
                cue_start=cue_start,
                cue_end=cue_end,
                cue_token=tok.i,
                info=info,
                content_start=c_start,
                content_end=c_end,
                speaker_start=speaker[0] if speaker else None,
                speaker_end=speaker[1] if speaker else None,
            )
        )
    return out


__all__ = ["Attribution", "find_attributions"]
