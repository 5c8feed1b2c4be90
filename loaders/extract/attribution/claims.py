"""Statements in an article: direct quotes and reported speech, each once, with cue and speaker as written.

Two readings of the same text meet here:
  quotes/quotes.py        where quotation marks open and close (characters only);
  quotes/quote_groups.py  which quotations make one statement ("A," she said. "B.");
  reported.py             which cue words introduce which content, and whose (the dependency
                          parse), with reported_content.py deciding where that content begins
                          and ends.
An attribution whose content lies inside a quotation becomes that quotation's DIRECT claim; one
whose content merely holds a short quoted phrase stays REPORTED (a partial quote is one claim).
Quotations nobody attributed in the parse are attributed from their sentence, from a colon
introduction, or as the continuation of the quote before them.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from ...model import Claim
from ..cues import mode_of
from ..quotes.quote_cues import introduce_quotes, quote_of, split_at_participles
from ..quotes.quote_groups import QuoteGroup, attributed_after, group_quotations
from ..quotes.quotes import QUOTE_MARKS, find_quotations, strip_quote_marks
from .attribution import Attribution
from .claim_overlaps import drop_duplicates, drop_nested
from .dates import StatementDates
from .reported import find_attributions
from .speaker_lines import speaker_lines

# A quotation shorter than this is a phrase ("a 'core pipeline'"), not a statement of its own.
MIN_QUOTE_WORDS = 4
# A content of one word ("it", "this") states nothing a reader could hold anyone to.
MIN_CLAIM_WORDS = 2
# ... except the object of a cue whose whole statement is whom it names: "Perez endorsed Lopez" is
# a stance held to in full by the one name (about half of such one-word claims match PolNeAR's
# gold; the same for "supported X", "attacked X" stays under a third, as the object is more often
# a topic there). Not in a relative clause: "the union, which endorsed Lopez, said ..." tells who
# the union is, on the way to what it said.
WHOM_CUES = {"endorse"}
# Share of a content span that must lie inside a quotation for the claim to count as DIRECT.
DIRECT_SHARE = 0.6
# How far (characters) an unattributed quotation may sit after the quote it continues.
CONTINUATION_GAP = 400


def _word_count(text: str) -> int:
    return len(text.split())


class _Article:
    """Lookups over one doc that the rules need many times: sentence and group by offset."""

    def __init__(self, doc: Doc, text: str, groups: list[QuoteGroup]) -> None:
        self.doc = doc
        self.text = text  # doc.text, which spaCy rebuilds on every access: read once per article
        self.dates = StatementDates(doc)
        self.groups = groups
        self.group_starts = [g.start for g in groups]
        # Sentences as the parser splits them, and every paragraph start as well: the parser
        # sometimes runs a sentence over a line break ("The minister said:" / the quote).
        starts = {s.start_char for s in doc.sents}
        starts.update(m.end() for m in re.finditer(r"\n\s*", text))
        self.sent_starts = sorted(starts)

    def group_at(self, start: int, end: int) -> QuoteGroup | None:
        """The quote group overlapping [start, end) the most. Groups never overlap one another, so
        their ends are sorted like their starts and the walk back stops at the first one that ends
        before `start`."""
        i = bisect.bisect_left(self.group_starts, end) - 1
        best, best_overlap = None, 0
        while i >= 0 and self.groups[i].end > start:
            g = self.groups[i]
            overlap = min(end, g.end) - max(start, g.start)
            if overlap > best_overlap:
                best, best_overlap = g, overlap
            i -= 1
        return best

    def quoted(self, pos: int) -> bool:
        """Whether pos lies inside the words of a quoted statement: a claimed quote group, or one
        long enough to be a statement though nobody was found to attribute it to (a quote's "I
        think" is its speaker's words whether or not the parse named the speaker)."""
        group = self.group_at(pos, pos + 1)
        if group is None or not group.quotes(pos):
            return False
        return group.claimed or _word_count(self.text[group.start : group.end]) >= MIN_QUOTE_WORDS

    def sentence_index(self, offset: int) -> int:
        return bisect.bisect_right(self.sent_starts, offset) - 1


def _claim_from(art: _Article, att: Attribution, start: int, end: int, kind: str) -> Claim:
    text = art.text
    if kind == "DIRECT":
        start, end = strip_quote_marks(text, start, end)
    elif text.count("\u201c", start, end) > text.count("\u201d", start, end):
        # A partial quote at the end of the clause: the parse leaves its closing mark (and the
        # period before it) to the sentence; take them back so the quotation stays closed.
        close = text.find("\u201d", end, end + 3)
        if close != -1:
            end = close + 1
    elif text.count('"', start, end) % 2 == 1:
        close = text.find('"', end, end + 3)  # the same with straight quotes
        if close != -1:
            end = close + 1
    mention = text[att.speaker_start : att.speaker_end] if att.speaker_start is not None else None
    return Claim(
        text=text[start:end],
        kind="DIRECT" if kind == "DIRECT" else "REPORTED",
        cue=att.cue,
        start=start,
        end=end,
        speaker_mention=mention,
        speaker_start=att.speaker_start,
        speaker_end=att.speaker_end,
        stated_at=art.dates.stated_at(art.doc[att.cue_token], (start, end)),
        cue_start=att.cue_start,
        cue_end=att.cue_end,
        mode=mode_of(att.info),
        content_cue=att.content_cue,
    )


def _is_statement(text: str, group: QuoteGroup) -> bool:
    """Whether a quote group is long enough to be a statement, or a short one set off as a whole
    sentence by its attribution ('"Too much noise," she said.'): a phrase inside a sentence
    ("a 'core pipeline'") is not."""
    words = _word_count(text[group.start : group.end])
    if words >= MIN_QUOTE_WORDS:
        return True
    before = text[: group.parts[0].start].rstrip()
    return (
        words >= MIN_CLAIM_WORDS
        and (not before or before[-1] in ".?!\n" or before[-1] in QUOTE_MARKS)
        and attributed_after(text, group.parts[-1])
    )


def _has_lead_in(text: str, content_start: int, quote_start: int) -> bool:
    """Whether a content span starts with reported words of its own before the quotation opens."""
    return content_start < quote_start and re.search(r"\w", text[content_start:quote_start]) is not None


def _attribute_quotes(art: _Article, atts: list[Attribution]) -> list[tuple[Attribution, int, int, str]]:
    """(attribution, content start, content end, kind) for every attribution, quotes folded in."""
    out: list[tuple[Attribution, int, int, str]] = []
    for att in atts:
        group = art.group_at(att.content_start, att.content_end)
        if group is not None and not group.quotes(att.cue_start):
            overlap = group.overlap(att.content_start, att.content_end)
            share = overlap / max(1, att.content_end - att.content_start)
            if share >= DIRECT_SHARE and _is_statement(art.text, group):
                if group.claimed:
                    continue  # a second cue for the same quote ("said ... adding"): one statement
                group.claimed = True
                if _has_lead_in(art.text, att.content_start, group.parts[0].start):
                    # "She said the council had "acted in good faith."": the quoted words finish
                    # a reported clause; without its lead-in they say nothing. One REPORTED
                    # claim, from the lead-in to the end of the quote.
                    out.append((att, att.content_start, max(att.content_end, group.end), "REPORTED"))
                else:
                    out.append((att, group.start, group.end, "DIRECT"))
                continue
            if att.content_start <= group.start and group.end <= att.content_end:
                group.claimed = True  # a partial quote inside the reported clause: said with it
        out.append((att, att.content_start, att.content_end, "REPORTED"))
    return out


# Dependencies by which a clause hangs on its head: the walk up from a quotation stops at the
# first head it reaches by any other (a noun's object, the cue itself).
_CLAUSE_DEPS = {"ccomp", "xcomp", "relcl", "acl", "advcl", "conj", "oprd", "parataxis", "ROOT"}


def _clause_around(
    art: _Article, att: Attribution, group: QuoteGroup, atts: list[Attribution]
) -> tuple[int, int] | None:
    """The reported clause a partial quote finishes, when the parse left it to no cue: "Her
    lawyers, she added, were examining "serious gaps ..."", "told an interviewer that athletes who
    dope "steal from ..."". The quote's highest clausal head below the cue, when that clause starts
    with words of its own before the quotation; None for a quote that is the whole statement."""
    doc = art.doc
    before = art.text[: group.parts[0].start].rstrip()
    if not before or not before[-1].isalnum():
        return None  # set off by a comma or colon ("said, "…""): the quote is the whole statement
    first = next((t for t in doc if t.idx >= group.start), None)
    if first is None or first.idx >= group.end:
        return None
    cue = doc[att.cue_token]
    top = None
    node = first
    while node.i != cue.i:
        if node.dep_ in _CLAUSE_DEPS:
            top = node
        elif top is not None:
            break  # the clause hangs on a noun ("an interviewer [that athletes ...]")
        if node.head.i == node.i:
            break
        node = node.head
    if top is None or top.sent.start != cue.sent.start:
        return None  # the cue of another sentence attributes the quote, not the clause around it
    lo, hi = top.left_edge.i, top.right_edge.i
    if doc[lo].lower_ == "that" and lo < hi:
        lo += 1
    while hi > lo and doc[hi].is_punct and doc[hi].text not in QUOTE_MARKS:
        hi -= 1
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    text = art.text
    if not _has_lead_in(text, start, group.parts[0].start) or end <= group.parts[-1].inner_start:
        return None
    if any(start <= a.cue_start < end for a in atts if a is not att):
        return None  # "arguing that ...", "calling it ...": another cue owns the clause
    if start <= att.cue_start < end:
        # Only a parenthetical cue may sit inside the clause: "Her lawyers, she added, were ...".
        if att.speaker_start is None or not (start <= att.speaker_start < end):
            return None
        if text[: att.speaker_start].rstrip()[-1:] != "," or text[att.cue_end :].lstrip()[:1] != ",":
            return None
    return start, end


# '"…," Sinclair states.' / '"…," Teodora Palvetzian writes.': a name and a present-tense verb of
# saying after a closing quote, ending the sentence. The tagger often reads "states", "notes",
# "writes" there as a plural noun with the name as its modifier, so the parse gives no cue.
_NOUN_READ_CUE = re.compile(
    r"""^[,]?\s*["\u201d]?\s*(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s+)?[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,2})"""
    r"""\s+(?P<cue>states|writes|notes|explains|argues|insists|contends|concludes|recalls|warns|adds|observes)"""
    r"""\s*[.]"""
)


def _noun_read_cue(text: str, group: QuoteGroup) -> Claim | None:
    offset = group.parts[-1].end
    m = _NOUN_READ_CUE.match(text[offset : offset + 120])
    if m is None:
        return None
    s, e = strip_quote_marks(text, group.start, group.end)
    cue_start = offset + m.start("cue")
    return Claim(
        text=text[s:e], kind="DIRECT", cue=m.group("cue"), start=s, end=e,
        speaker_mention=m.group("name"), speaker_start=offset + m.start("name"),
        speaker_end=offset + m.end("name"), cue_start=cue_start, cue_end=cue_start + len(m.group("cue")),
    )


def _goes_on_into(text: str, prev: Claim, claim: Claim, group: QuoteGroup) -> bool:
    """Whether `claim` is a reported statement of prev's speaker between prev and the quote group,
    ending right where the group opens. Not a reference ("referring to the board", "pointing to
    X"): what is quoted after it is a new quote, not more of what it names."""
    return (
        claim.kind == "REPORTED"
        and " " not in claim.cue.strip()
        and claim.cue_start is not None
        and prev.end < claim.cue_start < claim.end <= group.start
        and claim.speaker_mention == prev.speaker_mention
        and text[claim.end : group.start].strip(" .") in ('"', "\u201c", "''", "``", "")
    )


def _unattributed_quotes(art: _Article, claims: list[Claim], atts: list[Attribution]) -> list[Claim]:
    """Quotes the parse left without a cue: a cue in the same sentence, a colon, or the quote before."""
    text = art.text
    by_sentence: dict[int, list[Attribution]] = {}
    for a in atts:
        by_sentence.setdefault(art.sentence_index(a.cue_start), []).append(a)
    direct = sorted((c for c in claims if c.kind == "DIRECT"), key=lambda c: c.start)
    direct_starts = [c.start for c in direct]
    out: list[Claim] = []
    for group in art.groups:
        if group.claimed or not _is_statement(text, group):
            continue
        # 1. A cue of its own sentence, outside the quote ("... ," he said of the plan).
        # The parser often starts a new sentence after a quote ending in "?" or "!": the tail
        # ("... Americans?" he said.) is then a sentence of its own, right after the closing mark.
        after_close = art.sentence_index(min(len(text) - 1, group.parts[-1].end + 1))
        # A quote split by its attribution sentence ("A," she said. "B.") has its cue after an
        # inner part, in a sentence neither the first nor the last.
        inner = {art.sentence_index(p.inner_end) for p in group.parts[:-1]}
        candidates = (
            by_sentence.get(art.sentence_index(group.end), [])
            + by_sentence.get(art.sentence_index(group.start), [])
            + [a for i in sorted(inner) for a in by_sentence.get(i, [])]
            + (
                by_sentence.get(after_close, [])
                if text[group.parts[-1].end : group.parts[-1].end + 1] in " ,"
                else []
            )
        )
        eligible = [
            a
            for a in candidates
            if not group.quotes(a.cue_start) and a.speaker_start is not None and a.info.kind == "speech"
        ]
        # Of several cues before the quote, the one nearest it introduces it: "She thanked the
        # crowd and then added, "…"" is what she added, not what she thanked.
        before = [a for a in eligible if a.cue_end <= group.parts[0].start]
        att: Attribution | None = (
            max(before, key=lambda a: a.cue_start) if before else next(iter(eligible), None)
        )
        # 2. A colon introduction: "The minister said:" then the quote.
        colon = att is None
        if att is None:
            before = text[: group.parts[0].start].rstrip()
            if before.endswith(":"):
                prior = by_sentence.get(art.sentence_index(len(before) - 1), [])
                att = next((a for a in reversed(prior) if a.speaker_start is not None), None)
        if att is not None:
            group.claimed = True
            clause = _clause_around(art, att, group, atts) if not colon else None
            if clause is not None:
                out.append(_claim_from(art, att, clause[0], max(clause[1], group.end), "REPORTED"))
            else:
                out.append(_claim_from(art, att, group.start, group.end, "DIRECT"))
            continue
        # 2b. A present-tense cue the tagger read as a plural noun: '"…," Sinclair states.'
        trailing = _noun_read_cue(text, group)
        if trailing is not None:
            group.claimed = True
            out.append(trailing)
            continue
        # 3. The continuation of the quote just before: same speaker, same cue.
        i = bisect.bisect_left(direct_starts, group.start) - 1
        if i >= 0 and 0 <= group.start - direct[i].end <= CONTINUATION_GAP:
            prev = direct[i]
            # '"A," she said, adding that B. "C."': C goes on from B, her second statement.
            went_on = next((c for c in claims if _goes_on_into(text, prev, c, group)), None)
            if went_on is not None:
                group.claimed = True
                went_on.end = group.end + (text[group.end : group.end + 1] in QUOTE_MARKS)
                went_on.text = text[went_on.start : went_on.end]
                continue
            s, e = strip_quote_marks(text, group.start, group.end)
            group.claimed = True
            out.append(quote_of(prev, text, (s, e), prev.cue, prev.cue_start))
    return out


# "who asked not to be named": the condition a source set for speaking, not something they stated.
_ANONYMITY = re.compile(
    r"^(?:(?:not|n't) to be (?:named|identified|quoted)"
    r"|not to (?:talk|speak|comment) (?:to|with|publicly|on the record)"
    r"|(?:not )?to (?:talk|speak) (?:to|with) (?:reporters|journalists|the press|the media))\b",
    re.I,
)


# "quoted as saying in the company's press release that C": where the saying was published, then
# "that" and what was said, to the end of the sentence.
_SAID_WHERE_THAT = re.compile(r"\s+(?:in|on|to)\s+[^,;.\n\"\u201c]{1,80}?\s+that\s+(?=\S)")


def _rescue_that_clause(doc: Doc, claim: Claim) -> None:
    """A reported saying whose content came out with no verb because the parser took "that" for a
    relative pronoun of the place it was said in ("… in the company's press release that
    passengers … would be offered a refund"): the content is the that-clause after it."""
    if claim.kind != "REPORTED" or claim.cue_end is None:
        return
    if not claim.cue.lower().endswith(("saying", "said")):
        return
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" and t.tag_ != "VBN" for t in span):
        return
    m = _SAID_WHERE_THAT.match(doc.text, claim.cue_end)
    if m is None or m.end() > claim.start:
        return
    sent = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    if sent is None:
        return
    end = sent[0].sent.end_char
    while end > m.end() and doc.text[end - 1] in " .\n":
        end -= 1
    claim.start, claim.end = m.end(), end
    claim.text = doc.text[claim.start : claim.end]


def _conditions_kept(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """ "the union had offered to accept a smaller rise if the airline agreed to limit call-outs":
    a condition right after what someone said is part of it, not a statement of its own (the
    airline agreed to nothing). The statement runs on to the condition's end."""
    text = doc.text
    out: list[Claim] = []
    for c in claims:
        if c.cue_start is None or c.kind != "REPORTED":
            out.append(c)
            continue
        span = doc.char_span(c.cue_start, c.cue_end or c.cue_start + 1, alignment_mode="expand")
        mark = next((m for t in (span or []) for m in t.children if m.dep_ == "mark"
                     and m.lower_ in ("if", "unless")), None)
        host = None
        if mark is not None:
            host = next((h for h in claims if h is not c and h.kind == "REPORTED"
                         and h.end <= mark.idx and not text[h.end : mark.idx].strip(" ,")), None)
        if host is None:
            out.append(c)
            continue
        host.end = max(host.end, c.end)
        host.text = text[host.start : host.end]
    return out


def _across_paragraphs(text: str, claim: Claim) -> bool:
    """A reported clause and its cue in different paragraphs: a headline or a section label read
    into the paragraph after it ("Dam report published" / "The county released ...", "Mayor backs
    bus lanes" / "The council met ..."). Writers introduce a paragraph of reported speech from
    the one before only with a colon, and then it is a quotation."""
    if claim.kind != "REPORTED" or claim.cue_start is None or claim.cue_end is None:
        return False
    if claim.cue_end <= claim.start:
        between = text[claim.cue_end : claim.start]
    elif claim.end <= claim.cue_start:
        between = text[claim.end : claim.cue_start]
    else:
        return False
    return "\n" in between and not between.rstrip().endswith(":")


# A line this short with no closing punctuation, after the first, is a section heading.
HEADING_WORDS = 10


# Words a direct question opens with: "When did the utility first know ...?", "Will you release ...?"
_QUESTION_OPENERS = {"when", "did", "does", "do", "why", "how", "what", "who", "whom", "which", "where",
                     "is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "should"}


_TRANSCRIPT_LABEL = re.compile(r"[ \t]*[A-Z][A-Z.\u2019'-]+(?:[ ][A-Z][A-Z.\u2019'-]+){0,2}:[ \t]")


def _asked(doc: Doc, claim: Claim) -> bool:
    """A cue inside a transcript's question ("OKAFOR: When did the utility first know that
    chlorine levels were falling?"): what is asked about is not stated. Only after a speaker's
    "NAME:" label: news (and PolNeAR) read a question in running text ("Do you think a socialist
    can win?") as an attribution."""
    if claim.cue_start is None or claim.kind == "DIRECT":
        return False
    text = doc.text
    line_start = text.rfind("\n", 0, claim.cue_start) + 1
    line_end = text.find("\n", claim.cue_start)
    line = text[line_start : line_end if line_end != -1 else len(text)].rstrip()
    label = _TRANSCRIPT_LABEL.match(line)
    if label is None or not line.endswith("?") or line_start + label.end() > claim.cue_start:
        return False
    first = line[label.end() :].split(maxsplit=1)[:1]
    return bool(first) and first[0].lower() in _QUESTION_OPENERS


def _in_heading(text: str, claim: Claim) -> bool:
    """A cue in a section heading inside the article ("Mayor backs bus lanes", "Shop owners fear
    lost parking"): a heading sums up the section after it, whose sentences say it in full. The
    article's first line (the headline) is left alone: a headline may be all a reader sees."""
    at = claim.cue_start if claim.cue_start is not None else claim.start
    line_start = text.rfind("\n", 0, at) + 1
    if line_start == 0 or not text[:line_start].strip():
        return False
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    return bool(line) and line[-1] not in ".!?:;\"'\u201d\u2019)" and len(line.split()) <= HEADING_WORDS


def find_claims(doc: Doc) -> list[Claim]:
    """Direct quotes and reported statements of one parsed article, in the order of their cues."""
    text = doc.text
    groups = group_quotations(text, find_quotations(text))
    art = _Article(doc, text, groups)
    atts = find_attributions(doc, text)
    with_content = [a for a in atts if a.has_content]
    claims = [_claim_from(art, att, s, e, kind) for att, s, e, kind in _attribute_quotes(art, with_content)]
    claims += _unattributed_quotes(art, claims, atts)
    introduce_quotes(text, claims)
    claims += split_at_participles(text, claims)
    claims += speaker_lines(text)
    for c in claims:
        _rescue_that_clause(doc, c)
    claims = _conditions_kept(doc, claims)
    # A cue inside a quotation belongs to the quoted speaker's own words ("I think ...", "we know
    # ..."): the quote is the statement, not each verb of opinion inside it.
    claims = [c for c in claims if c.kind == "DIRECT" or c.cue_start is None or not art.quoted(c.cue_start)]
    claims = [c for c in claims if not _ANONYMITY.match(c.text)]
    claims = [c for c in claims if not _across_paragraphs(text, c) and not _in_heading(text, c)]
    claims = [c for c in claims if not _asked(doc, c)]
    # Too short to state anything, and so too short to stand in for a longer claim around it
    # ("according to the paper, published [on Wednesday], the cells kept ...").
    whom = {a.cue_start for a in atts if a.info.lemma in WHOM_CUES and doc[a.cue_token].dep_ != "relcl"}
    claims = [c for c in claims if _word_count(c.text) >= MIN_CLAIM_WORDS or c.cue_start in whom]
    claims = drop_duplicates(drop_nested(claims, art.quoted))
    # In the order their cues appear: an outer statement before the one nested in it ("X said Y
    # wants Z"), as a reader meets them.
    claims.sort(key=lambda c: (c.cue_start if c.cue_start is not None else c.start, c.start))
    _without_inner_attributions(art, claims)
    return claims


def _without_inner_attributions(art: _Article, claims: list[Claim]) -> None:
    """A quote split by its attribution ('"A," Brisk said. "B."') is one statement whose span
    covers both parts, but its text is the quoted words only: the writer's "Brisk said" between
    them is no part of what Brisk said. Done last, once every rule has read the spans."""
    for c in claims:
        if c.kind != "DIRECT":
            continue
        group = art.group_at(c.start, c.end)
        if group is not None and len(group.parts) > 1:
            c.text = group.words(art.text, c.start, c.end) or c.text


__all__ = ["find_claims"]
