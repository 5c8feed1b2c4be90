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

from spacy.tokens import Doc, Token

from ..cues import CueInfo, cue_info, verb_lemma
from ..speakers.speaker_mentions import (
    SUBJECT_DEPS,
    inverted_speaker,
    mention_tokens,
    speaker_span,
    token_chars,
)
from .aside_content import unattached_content
from .attribution import Attribution
from .content_bounds import (
    before_conjoined_cue,
    before_trailing_adverbial,
    before_trailing_apposition,
    before_trailing_participle,
    before_trailing_relative,
)
from .cue_senses import states_nothing, time_only
from .non_statements import non_answer, np_object, raises_a_cue, topic_only, without_restated_stances
from .records_show import names_evidence, poll_places, records_show
from .reported_content import ADDRESSEES, RAISING_CUES, content_of, for_clause, parenthetical_content
from .reported_nominal import NOMINAL_CUES, according_to, in_poll, in_view, nominal

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
CUE_NEGATIONS = {"not", "never", "n't"}
# A verb in these positions names something rather than predicating it ("Said Qasemi": compound).
NOT_PREDICATE_DEPS = {"compound", "amod", "nmod", "poss", "nn"}


def _cue_text(doc: Doc, text: str, verb: Token, extra: list[Token]) -> tuple[str, int, int]:
    toks = [verb, *extra]
    # A negation right before the verb belongs to the cue as written ("never said", "not deny"):
    # it changes the act. Other adverbs ("officially denied", "also said") say how or when, and
    # stay out, so that the cue names the act and `cue: "denied"` finds every denial.
    i = verb.i - 1
    while (
        i >= 0
        and doc[i].head.i == verb.i
        and doc[i].dep_ in ("advmod", "neg")
        and doc[i].lower_ in CUE_ADVERBS
    ):
        if doc[i].lower_ in CUE_NEGATIONS:
            toks.append(doc[i])
        i -= 1
    first = min(t.i for t in toks)
    last = max(t.i for t in toks)
    if last - first + 1 > len(toks) + 1:  # not contiguous enough to quote as written: the verb alone
        first = last = verb.i
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return text[start:end], start, end


def _phrase_info(verb: Token) -> tuple[CueInfo | None, list[Token]]:
    """A multi-word cue when the verb carries its particle or preposition: "pointed out", "called for",
    or both, or an object and a preposition: "lashed out at", "took issue with"."""
    three = _three_word_phrase(verb)
    if three is not None:
        return three
    particles = [c for c in verb.children if c.dep_ == "prt"]
    for child in verb.children:
        if child.dep_ in ("prt", "prep"):
            if child.dep_ == "prep" and any(p.i < child.i for p in particles):
                continue  # "called [in] on short notice": another phrasal verb, "call in", not "call on"
            info = cue_info(f"{verb_lemma(verb)} {child.lower_}")
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


def _three_word_phrase(verb: Token) -> tuple[CueInfo, list[Token]] | None:
    """ "lashed [out] [at] X", "took [issue] [with] X", "spoke [out] [against] X": the verb's particle
    or bare-noun object, and the preposition (on the verb or on that noun) that names the cue."""
    lemma = verb_lemma(verb)
    middles = [c for c in verb.children if c.i > verb.i and (
        c.dep_ == "prt" or (c.dep_ == "dobj" and c.pos_ == "NOUN" and not any(True for _ in c.lefts)))]
    for middle in middles:
        preps = [c for c in (*verb.children, *middle.children) if c.dep_ == "prep" and c.i > middle.i]
        for prep in preps:
            info = cue_info(f"{lemma} {middle.lower_} {prep.lower_}")
            if info is not None:
                return info, [middle, prep]
    return None


def _evidence_aside(verb: Token, info: CueInfo) -> bool:
    """ "C, a new poll finds, ...": a poll or records set off like a speaker's "she said" state
    what they find or show, so their cue may take its content from the layout as a speech cue does.
    Other finders ("C, the panel found") stay with the parse: set off, they mostly tell an outcome."""
    subjects = (c for c in verb.children if c.dep_ in SUBJECT_DEPS)
    return info.kind == "evidence" and any(names_evidence(c) for c in subjects)


def find_attributions(doc: Doc, text: str | None = None) -> list[Attribution]:
    """Every cue in the parse that introduces content, in text order. `text` is doc.text when the
    caller has it already (spaCy builds doc.text anew on every access)."""
    out: list[Attribution] = []
    silent: list[tuple[int, int]] = []  # token ranges of what a non-answer declined to say
    text = doc.text if text is None else text
    for tok in doc:
        if tok.lower_ == "according":
            found = according_to(doc, text, tok)
            if found is not None:
                out.append(found)
            continue
        if tok.lower_ == "in" and tok.pos_ == "ADP":
            found = in_poll(doc, text, tok) or in_view(doc, text, tok)
            if found is not None:
                out.append(found)
            continue
        if tok.lower_ in ("show", "shows") and (
            tok.pos_ == "NOUN" or not any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        ):
            # "C, records show.": read as a noun, or as a verb whose subject the parse made a
            # compound ("public records show" with "records" no subject), the cue has no subject.
            found = records_show(doc, text, tok)
            if found is not None:
                out.append(found)
                continue
        if tok.pos_ == "NOUN":
            if tok.lemma_.lower() in NOMINAL_CUES:
                found = nominal(doc, text, tok)
                if found is not None:
                    out.append(found)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in NOT_PREDICATE_DEPS:
            continue
        info, extra = _phrase_info(tok)
        if info is None:
            info = cue_info(verb_lemma(tok))
        if info is None:
            found = poll_places(doc, tok)
            if found is not None:
                out.append(found)
                continue
        if info is None or raises_a_cue(tok) or states_nothing(tok, info):
            continue
        content = content_of(doc, tok, info)
        if content is not None:  # asides and concessions at the end are the writer's, not the speaker's
            hi = before_trailing_relative(doc, *content)
            hi = before_trailing_adverbial(doc, content[0], before_trailing_apposition(doc, content[0], hi))
            hi = before_trailing_participle(doc, content[0], hi)
            content = (content[0], before_conjoined_cue(doc, tok, content[0], hi))
        if content is not None and np_object(tok, content) and topic_only(tok, info):
            continue
        if time_only(doc, content):  # "states that vote March 1": when, not what was said
            content = None
        if non_answer(tok, content):
            if content is not None:
                silent.append(content)
            continue
        aside = content is None and (info.kind == "speech" or _evidence_aside(tok, info))
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
                np_object=content is not None and not aside and not inverted and np_object(tok, content),
            )
        )
    # "declined to say whether he would support the plan": not his support either.
    out = [a for a in out if not any(lo <= a.cue_token <= hi for lo, hi in silent)]
    return without_restated_stances(doc, out)


__all__ = ["find_attributions"]
