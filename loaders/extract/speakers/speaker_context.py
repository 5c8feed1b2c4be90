"""What speaker resolution knows about one article: sentence and paragraph positions, quotations,
the claims, the speakers found for them so far and how; and pronoun resolution, which leans on all
of it. The claims themselves are left as they are, and the index is the resolving stage's draft.

"he"/"she" -> the earlier person of that gender that is most salient for its distance (earlier
speakers, then sentence subjects); "they"/"it" -> an organisation, a group (also an unnamed group
of people that was a subject) or, for "it", a document; "I" outside quotes -> the byline's author.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from ...model import Claim
from ..entities.entity_index import EntityIndex, Mention
from ..names import (
    Gender,
    noun_phrase,
    plural_people,
    pronoun,
)

_SENTENCE_WINDOW = 4  # how many sentences back a pronoun looks for its antecedent ...
_SENTENCE_BOUND = 8  # ... or as far as its paragraph's start, up to this many
LEDE_PARAGRAPHS = 2  # the title line (kept in the text by the readers) and the first paragraph
CATAPHORA_PARAGRAPHS = 2


@dataclass
class Resolution:
    key: str | None
    how: str  # "name", "pronoun", "description", "cataphora", "continuation", "unnamed", "none"


class ArticleContext:
    """Positions of sentences and paragraphs, and the mentions that are sentence subjects."""

    def __init__(self, doc: Doc, claims: list[Claim], index: EntityIndex) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy joins the tokens on every access: read it once
        self.index = index
        self.claims = claims
        # Each claim's speaker as resolution finds it (the claims themselves are left as they are).
        self.speakers: list[str | None] = [c.speaker for c in claims]
        self.sent_starts = [s.start_char for s in doc.sents]
        # paragraph breaks: a run of newlines (a blank line between paragraphs) is one break
        self.newlines = [m.start() for m in re.finditer(r"\n+", self.text)]
        self.how: dict[int, str] = {}
        self.unnamed: set[str] = set()  # entities made here for unnamed sources
        self._plural_subjects: list[tuple[int, int, str]] | None = None

    def plural_subjects(self) -> list[tuple[int, int, str]]:
        """Unnamed groups of people that are sentence subjects ("Residents and nurses at the
        clinic see it differently"): what a later "they" may stand for. (start, end, phrase)."""
        if self._plural_subjects is None:
            out = []
            for t in self.doc:
                if (t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS") and not t.ent_type_
                        and plural_people(t.lower_)):
                    start = self.doc[t.left_edge.i].idx
                    np = noun_phrase(self.text[start:t.right_edge.idx + len(t.right_edge.text)])
                    if np is not None:
                        out.append((start, start + len(np[0]), np[0]))
            self._plural_subjects = out
        return self._plural_subjects

    def sentence(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def is_subject(self, m: Mention) -> bool:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and any(t.dep_ in ("nsubj", "nsubjpass") for t in span)

    def inside_quote_of(self, pos: int, skip: int) -> int | None:
        """The DIRECT claim of the quotation this position stands in (an "I" or "we" inside a
        quote), or None when it stands outside quotation marks."""
        span = self.quotation_around(pos)
        if span is None:
            return None
        qs, qe = span
        for i, c in enumerate(self.claims):
            if i != skip and c.kind == "DIRECT" and c.start < qe and qs < c.end and self.speakers[i]:
                return i
        return None

    def quotation_around(self, pos: int) -> tuple[int, int] | None:
        """The span of the quotation marks enclosing pos within its paragraph, if any."""
        para = self.paragraph(pos)
        p_start = self.newlines[para - 1] + 1 if para > 0 else 0
        p_end = self.newlines[para] if para < len(self.newlines) else len(self.text)
        open_at: int | None = None
        for k in range(p_start, pos):
            ch = self.text[k]
            if ch == "“":
                open_at = k
            elif ch == "”":
                open_at = None
            elif ch == '"':
                open_at = None if open_at is not None else k
        if open_at is None:
            return None
        closers = [k for k in (self.text.find("”", pos, p_end), self.text.find('"', pos, p_end)) if k >= 0]
        return open_at, min(closers) if closers else p_end


def position(c: Claim) -> int:
    return c.speaker_start if c.speaker_start is not None else c.start


# ---------------------------------------------------------------------------------------------
# Pronouns


def resolve_pronoun(art: ArticleContext, i: int) -> str | None:
    c = art.claims[i]
    word = (c.speaker_mention or "").strip().casefold()
    if word in ("i", "me"):
        # outside any quote, "I" is the one writing: the author when the article names one
        author = art.index.author
        if author and not re.search(r"\band\b|,", author):
            return art.index.add(author, "PERSON")
        return None
    info = pronoun(word)
    gender, referent = info if info else (None, None)
    kinds = {"PERSON"} if referent == "PERSON" else _bodies_for(word)
    return antecedent(art, i, gender, kinds)


def antecedent(art: ArticleContext, i: int, gender: Gender | None, kinds: set[str]) -> str | None:
    """The earlier entity of these kinds and a compatible gender that is most salient for its
    distance: an earlier speaker outweighs a subject, a subject anything else named, a gender
    that agrees one that is unknown, and each sentence back costs about as much as a subject
    gains ("Mr. Sanders said. He also …" -> Sanders; "Jay Carney … He declined" -> Carney even
    after a speaker two sentences up)."""
    c = art.claims[i]
    pos = position(c)
    want_person = "PERSON" in kinds
    index = art.index
    # a few sentences back, or the whole paragraph when it is longer, but never past a larger bound
    here = art.sentence(pos)
    para_start = art.newlines[art.paragraph(pos) - 1] if art.paragraph(pos) > 0 else 0
    floor = max(min(art.sent_starts[max(0, here - _SENTENCE_WINDOW)], para_start),
                art.sent_starts[max(0, here - _SENTENCE_BOUND)])
    speaker_spans = [
        (o.speaker_start, o.speaker_end) for o, speaker in zip(art.claims, art.speakers, strict=True)
        if speaker and o.speaker_start is not None and o.speaker_end is not None and o.speaker_start < pos
    ]
    best: tuple[float, int] | None = None
    best_key: str | None = None

    def weigh(salience: int, known: Gender | None, at: int) -> tuple[float, int]:
        agree = 1 if gender and known == gender else 0
        return (2.0 * salience + agree - 2.0 * (here - art.sentence(at)), at)

    for m in index.mentions:
        if m.start >= pos:
            break
        if m.start < floor or c.start <= m.start < c.end:
            continue
        if index.entity(m.key).kind not in kinds:
            continue
        known = index.genders.get(m.key)
        if gender and known and known != gender:
            continue
        spoke = any(a <= m.start and m.end <= b for a, b in speaker_spans)
        salience = 2 if spoke else 1 if art.is_subject(m) else 0
        score = weigh(salience, known, m.start)
        if best is None or score > best:
            best, best_key = score, m.key
    # earlier claims resolved by a pronoun or description count as mentions of their speaker
    for j in range(len(art.claims)):
        o, speaker = art.claims[j], art.speakers[j]
        op = position(o)
        indirect = art.how.get(j) in ("pronoun", "description", "cataphora")
        # "Marguerite and Paul Lindo said ... They said ...": people named together are a "they"
        together = "GROUP" in kinds and _COORDINATED.search(o.speaker_mention or "") is not None
        if speaker and floor <= op < pos and j != i and (indirect or together):
            if index.entity(speaker).kind not in kinds and not together:
                continue
            known = index.genders.get(speaker)
            if gender and known and known != gender:
                continue
            score = weigh(2, known, op)
            if best is None or score > best:
                best, best_key = score, speaker
    group: tuple[int, int, str] | None = None
    if "GROUP" in kinds:
        for start, end, phrase in art.plural_subjects():
            if floor <= start < pos and not c.start <= start < c.end and not index.within(start, end):
                score = weigh(1, None, start)
                if best is None or score > best:
                    best, best_key, group = score, None, (start, end, phrase)
    if group is not None:
        return index.add(group[2], "GROUP", start=group[0], end=group[1])
    if best_key and gender and want_person:
        index.note_gender(best_key, gender)  # "he" once resolved tells the next one
    return best_key


# Names joined by "and": "Marguerite and Paul Lindo", "Ana Ruiz and Tom Bell".
_COORDINATED = re.compile(r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*,? and [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*$")


def _bodies_for(word: str) -> set[str]:
    if word in ("it", "its"):
        return {"ORGANIZATION", "DOCUMENT"}  # a body, a report
    return {"ORGANIZATION", "GROUP"}  # they, we: a body or a group, not a place


def nearest_before(art: ArticleContext, pos: int, *, test: Callable[[str], bool]) -> str | None:
    for m in reversed(art.index.mentions):
        if m.start < pos and test(m.key):
            return m.key
    return None
