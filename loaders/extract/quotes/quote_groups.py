"""Which quotations make one quoted statement: parts split by their attribution, and paragraphs
a quote runs on over. attribution/claims.py attributes each group once (quotes.py finds the marks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cues import is_cue, lemma_candidates
from .quotes import QUOTE_MARKS, Quotation


@dataclass
class QuoteGroup:
    """One quoted statement: a quotation, or parts split by "she said" or running over paragraphs."""

    parts: list[Quotation]
    claimed: bool = False

    def quotes(self, pos: int) -> bool:
        """Whether pos lies inside the quoted words (not in the attribution between split parts)."""
        return any(q.start <= pos < q.end for q in self.parts)

    def overlap(self, start: int, end: int) -> int:
        """How many characters of [start, end) lie in the quoted words, not the attribution between
        the parts ("A," said X, who said Y. "B."): the words between are the writer's."""
        return sum(max(0, min(end, q.end) - max(start, q.start)) for q in self.parts)

    def words(self, text: str, start: int, end: int) -> str | None:
        """The quoted words of [start, end) without the attribution between the parts: '"A," she
        said. "B."' is "A. B." and '"A," she said, "b."' is "A, b." (a quote's comma before its
        attribution stands for the period a new sentence after it calls for); None when the span
        holds one part only, whose words are the span's text."""
        pieces = [
            text[max(start, q.inner_start) : min(end, q.inner_end)].strip()
            for q in self.parts
            if max(start, q.inner_start) < min(end, q.inner_end)
        ]
        pieces = [p for p in pieces if p]
        if len(pieces) < 2:
            return None
        out = pieces[0]
        for piece in pieces[1:]:
            if out.endswith(",") and piece[:1].isupper():
                out = out[:-1] + "."
            out = f"{out} {piece}"
        return out

    @property
    def start(self) -> int:
        return self.parts[0].inner_start

    @property
    def end(self) -> int:
        return self.parts[-1].inner_end


def group_quotations(text: str, quotations: list[Quotation]) -> list[QuoteGroup]:
    groups: list[QuoteGroup] = []
    for q in quotations:
        if groups:
            prev = groups[-1].parts[-1]
            gap = text[prev.end : q.start]
            runs_on = not prev.closed and gap.strip() == "" and "\n" in gap
            # "A," she said, "B."  — the first part ends in a comma and the gap is one attribution.
            split = (
                prev.closed
                and text[prev.inner_end - 1 : prev.inner_end] == ","
                and len(gap) <= 80
                and "\n" not in gap
                and not any(c in gap for c in ".?!")
                and _names_a_cue(gap)
                # The attribution between the parts ends in a comma or colon before the quote
                # goes on; "…," she said, adding that X "…" quotes a new clause of hers, not
                # the rest of the first quote.
                and gap.rstrip()[-1:] in (",", ":")
                # "…," she said, adding, "…": the second part is what she added.
                and not _ends_in_participle(gap)
            )
            joins = split or _attribution_sentence(text, groups[-1].parts[0], prev, gap)
            if attributed_after(text, q):
                # '"A," she said. "B," said Ortiz.': B has an attribution of its own. A quote run
                # on into it is another speaker's too once the paragraph before named its own
                # ('"A," she said. "B.¶"C," said Ortiz.'); without one, the cue after C is the
                # attribution of the whole quote.
                joins = False
                runs_on = runs_on and not _attributed_in_paragraph(text, groups[-1], prev)
            if runs_on or (joins and not _second_cue(gap)):
                groups[-1].parts.append(q)
                continue
        groups.append(QuoteGroup([q]))
    return groups


def attributed_after(text: str, q: Quotation) -> bool:
    """Whether a quoted part ends in a comma (or ?/!) followed by a cue before its sentence ends:
    '"B," said Ortiz.' or '"B," she added, "C."' states B by a cue of its own."""
    if not q.closed or text[q.inner_end - 1 : q.inner_end] not in (",", "?", "!"):
        return False
    m = re.search(r"[.?!:\n" + QUOTE_MARKS + "]", text[q.end :])
    clause = text[q.end : q.end + m.start()] if m else text[q.end :]
    return _names_a_cue(clause, max_words=25)


def _attributed_in_paragraph(text: str, group: QuoteGroup, last: Quotation) -> bool:
    """Whether the paragraph of a group's last part names a cue outside the quoted words."""
    para = text.rfind("\n", 0, last.start) + 1
    bounds = [para, *(x for q in group.parts for x in (q.start, q.end))]
    outside = " ".join(text[max(para, a) : b] for a, b in zip(bounds[::2], bounds[1::2], strict=False))
    return any(is_cue(c) for w in outside.split() for c in lemma_candidates(w.strip(",;:.")))


# A word ending a sentence inside the gap: "... of his ears. Betsy shook her head." Lower-case
# words only, so that initials and titles ("Paul H. Chipok", "Sen. Graham") end nothing.
_SENTENCE_END = re.compile(r"\b[a-z][a-z]+[.?!]\s+\S")


def _attribution_sentence(text: str, first: Quotation, prev: Quotation, gap: str) -> bool:
    """Whether a quote goes on after its attribution sentence ("A," Rubio said. "B."): the speaker
    continues in the next sentence of the same paragraph, one statement as news style means it
    (PolNeAR annotates it as one attribution whose content is both parts).
    The first part ends in a comma (or ?/!), so the words after it are its attribution; the gap is
    that attribution and nothing else: one sentence, ended right before the next quote opens."""
    body = gap.strip()
    before = text[: first.start].rstrip()
    return (
        # The quote opens its sentence: after '... as "a counting trick," saying X.' the words
        # after the quote are the writer's sentence going on, not an attribution.
        (not before or before[-1] in ".?!:" or before[-1] in QUOTE_MARKS)
        and prev.closed
        and text[prev.inner_end - 1 : prev.inner_end] in (",", "?", "!")
        and "\n" not in gap
        and body.endswith(".")
        and not any(c in body for c in QUOTE_MARKS)
        and _SENTENCE_END.search(body[:-1] + " ") is None
        and len(body.split()) <= 25
        and _names_a_cue(body, max_words=25)
        and not _goes_on_with_a_participle(body)
    )


def _second_cue(gap: str) -> bool:
    """Whether the attribution between two quoted parts goes on to a second act of saying: "she
    said, adding, "…"", "Smith said, referring to the mayor. "…"". The parts are then two
    statements (each cue has its own content), not one quote split by its attribution."""
    words = [w.strip(",;:.").lower() for w in gap.split()]
    first = next((i for i, w in enumerate(words) if any(is_cue(c) for c in lemma_candidates(w))), None)
    if first is None:
        return False
    return any(
        w.endswith("ing") and any(is_cue(c) for c in lemma_candidates(w)) for w in words[first + 1 :]
    )


# ", adding that ...", ", noting ...": a speech cue as a participle after a comma.
_PARTICIPLE = re.compile(r",\s+([a-z]+ing)\s+\w")


# The same at the end of the words between two quoted parts: ", adding, " / ", noting: ".
_ENDS_IN_PARTICIPLE = re.compile(r",\s+([a-z]+ing)\s*[,:]?\s*$")


def _ends_in_participle(gap: str) -> bool:
    m = _ENDS_IN_PARTICIPLE.search(gap)
    return m is not None and any(is_cue(c) for c in lemma_candidates(m.group(1)))


def _goes_on_with_a_participle(body: str) -> bool:
    """ "A," she said, adding that B. "C.": the sentence between the quotes says something of its
    own, and the quote after it goes on from that, not from the first quote."""
    return any(is_cue(c) for m in _PARTICIPLE.finditer(body) for c in lemma_candidates(m.group(1)))


def _names_a_cue(gap: str, max_words: int = 10) -> bool:
    """Whether the words between two quoted parts hold a cue verb: "she said", "added Ortiz"."""
    return (
        any(is_cue(c) for w in gap.split() for c in lemma_candidates(w.strip(",;:.")))
        and len(gap.split()) <= max_words
    )


__all__ = ["QuoteGroup", "attributed_after", "group_quotations"]
