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

from .aside_content import unattached_content
from .cues import CueInfo, Stance, cue_info
from .reported_content import ADDRESSEES, RAISING_CUES, content_of, for_clause, parenthetical_content
from .speaker_mentions import SUBJECT_DEPS, inverted_speaker, mention_tokens, speaker_span, token_chars

CLAUSE_DEPS = {"ccomp", "csubj"}
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
CLAUSE_FENCES = {"(", ")", ";", "\u2014", "--", "[", "]"}
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
# A verb in these positions names something rather than predicating it ("Said Qasemi": compound).
NOT_PREDICATE_DEPS = {"compound", "amod", "nmod", "poss", "nn"}


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
    # True when the content is the cue's noun-phrase object ("denied [Qasemi's revelations]").
    np_object: bool = False


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
        # "made clear that ...": the adjective is part of the cue as written, as "pointed out"'s
        # particle is; "make" alone says nothing.
        if child.lower_ == "clear" and child.dep_ in ("oprd", "acomp", "ccomp") and verb.lemma_ == "make":
            return cue_info("make clear"), [child]
        if child.dep_ == "advcl" and for_clause(verb) == child:  # "called for the mayor to resign"
            return cue_info(f"{verb.lemma_.lower()} for"), [verb.doc[verb.i + 1]]
        if child.dep_ == "dobj" and child.lower_ in ADDRESSEES and verb.lemma_ == "tell":
            return cue_info("tell reporters"), [child]
    return None, []


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
            # "Trump's", without what the possessive belongs to; the "'s" stays, as the holder is
            # written (PolNeAR marks "Trump's" as the source; resolution reads the name in it).
            hi = holder.i
            if hi + 1 < len(doc) and doc[hi + 1].dep_ == "case" and doc[hi + 1].head.i == holder.i:
                hi += 1
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


def _raises_a_cue(verb: Token) -> bool:
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


def _non_answer(verb: Token, content: tuple[int, int] | None) -> bool:
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


def _topic_only(verb: Token, info: CueInfo) -> bool:
    if info.stance is not None:
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and obj.lemma_.lower() in TOPIC_NOUNS and not any(
        c.dep_ in ("ccomp", "acl") and c.i > obj.i for c in obj.children
    )


def _np_object(verb: Token, content: tuple[int, int]) -> bool:
    """Whether the content is the verb's noun-phrase object rather than a clause."""
    return any(c.dep_ == "dobj" and c.left_edge.i == content[0] for c in verb.children) and not any(
        c.dep_ in CLAUSE_DEPS for c in verb.children
    )


# Participles that give the reason for a stance: "denied Qasemi's revelations, saying ...",
# "disputed the figure, arguing that ...". Not a coordinated verb: "accused the company of X and
# said Y" is two statements.
REASON_DEPS = {"advcl", "xcomp"}


def _without_restated_stances(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
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


def find_attributions(doc: Doc, text: str | None = None) -> list[Attribution]:
    """Every cue in the parse that introduces content, in text order. `text` is doc.text when the
    caller has it already (spaCy builds doc.text anew on every access)."""
    out: list[Attribution] = []
    silent: list[tuple[int, int]] = []  # token ranges of what a non-answer declined to say
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
        if info is None or _raises_a_cue(tok):
            continue
        content = content_of(doc, tok, info)
        if content is not None and _np_object(tok, content) and _topic_only(tok, info):
            continue
        if _non_answer(tok, content):
            if content is not None:
                silent.append(content)
            continue
        aside = content is None and info.kind == "speech"
        if aside:
            content = parenthetical_content(doc, tok) or unattached_content(doc, tok)
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
            # the subject nearest the cue: "Sales fell, the firm said" may give "said" both
            subject = min((c for c in tok.children if c.dep_ in SUBJECT_DEPS), key=lambda c: abs(c.i - tok.i))
            speaker = token_chars(doc, *mention_tokens(subject))
        inverted = info.kind == "speech" and content is not None and inverted_speaker(doc, tok, content)
        if inverted:  # the "content" names the speaker; the quotation before is the statement
            speaker, c_end = (c_start, c_end), c_start
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
                has_content=not inverted,
                np_object=content is not None and not aside and not inverted and _np_object(tok, content),
            )
        )
    # "declined to say whether he would support the plan": not his support either.
    out = [a for a in out if not any(lo <= a.cue_token <= hi for lo, hi in silent)]
    return _without_restated_stances(doc, out)


__all__ = ["Attribution", "find_attributions"]
