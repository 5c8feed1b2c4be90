"""Cited sources: the outlets and documents that stand behind each claim.

    "…, Al Arabiya reported."                        OUTLET on the claims of that sentence, and on
                                                     the claims that elaborate them (same speaker,
                                                     up to the end of the following paragraph)
    "first published by the Coastal Tribune"         OUTLET
    "according to a report in The Harbor Ledger"     OUTLET
    "…, the minister told the Coastal Tribune."      OUTLET (the interview outlet)
    "in an interview with Radio Meridian"            OUTLET
    "internal emails reviewed by …", "documents      DOCUMENT on the claims of that sentence
     released in 2017", "a 2019 audit found",
     "according to court filings", "the September
     11 report … noted"
    a claim whose speaker is a document              DOCUMENT: the document itself

Each Source is linked to its entity (looked up by name in the article's EntityIndex, found as a
new ORGANIZATION or DOCUMENT when the article has none). `find_sources` reads the claims once their
speakers are set and returns each claim's sources with the entities it found as `CitedSources`; it
writes to neither the claims nor the article's EntityIndex (it looks up and adds entities on a
draft of it): the pipeline sets `Claim.sources` and hands the findings to the entity stage. The
article's publisher is added later by the resolver, not here.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from store.documents import normalize_name

from ...model import Article, Claim, Entity, EntityKind, Source
from .citations import Citation, find_citations

if TYPE_CHECKING:
    from ..entities.entity_index import EntityFinding, EntityIndex

# The first word of a paragraph: the name of whoever opens it.
_FIRST_WORD = re.compile(r"\w[\w'’.-]*")


class _Sentences:
    def __init__(self, doc: Doc) -> None:
        self.spans = list(doc.sents)
        self.starts = [s.start_char for s in self.spans]

    def index_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)


# -- linking citations to claims --------------------------------------------------------------


# Document nouns that name a part of, or the same thing as, an earlier citation: "one message"
# after "internal emails", "the documents" after "court papers".
_DOCUMENT_FAMILY = {"message": "email", "mail": "email", "e-mail": "email", "text": "email",
                    "memorandum": "memo", "note": "memo", "file": "document", "paper": "document",
                    "record": "document", "filing": "document", "finding": "report"}


def _family(head: str) -> str:
    return _DOCUMENT_FAMILY.get(head, head)


def _resolve_bare_documents(citations: list[Citation]) -> list[Citation]:
    """'The report noted …' after 'the September 11 report …', 'one message' after 'internal
    emails': the same document, by the name it was first cited by."""
    out: list[Citation] = []
    for cite in citations:
        if cite.kind == "DOCUMENT" and cite.generic and cite.head:
            family = _family(cite.head)
            earlier = [c for c in out if c.kind == "DOCUMENT" and c.head and _family(c.head) == family
                       and c.name != cite.name]
            if earlier:
                cite = dataclasses.replace(cite, name=earlier[0].name)
        out.append(cite)
    return out


def _entity_key(index: EntityIndex, name: str, kind: EntityKind, start: int, end: int) -> str:
    """The entity the source names: by name, else the entity mentioned at that very place, else
    a new one (add() itself merges with an entity already going by the name)."""
    key = index.lookup(name)
    if key is not None:
        return key
    at = index.key_for(start, end)
    if at is not None:
        entity = _entities_by_key(index).get(at)
        if entity is not None and (entity.kind == kind or (kind != "DOCUMENT" and entity.kind != "PERSON")):
            norm = normalize_name(name)
            # "September 11 report" at the place of the entity "September 11 report by the U.S. …"
            names = [normalize_name(n) for n in (entity.name, *entity.aliases)]
            if any(norm in n or n in norm for n in names):
                return at
    return index.add(name, kind, start=start, end=end)


def _entities_by_key(index: EntityIndex) -> dict[str, Entity]:
    return {e.key: e for e in index.entities}


def _add(sources: list[Source], source: Source) -> None:
    have = {(s.name.lower(), s.kind) for s in sources}
    if (source.name.lower(), source.kind) not in have:
        sources.append(source)


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts


def _claim_sentence(sentences: _Sentences, claim: Claim) -> int:
    return sentences.index_of(claim.cue_start if claim.cue_start is not None else claim.start)


def _introduces_someone(claim: Claim) -> bool:
    """A lead whose speaker is an indefinite description ("A former spokesman for …") names that
    person only in the next paragraph; the claims there elaborate the lead."""
    mention = (claim.speaker_mention or "").strip().lower()
    return claim.speaker is None or mention.startswith(("a ", "an "))


def _elaborations(claims: Sequence[Claim], lead: Claim, text: str, index: EntityIndex) -> list[Claim]:
    """Claims after `lead`, up to the end of the following paragraph, by the same speaker."""
    paragraphs = _paragraph_starts(text)
    para = bisect.bisect_right(paragraphs, lead.start) - 1
    # The following non-empty paragraph ends where the one after it starts.
    limit = len(text)
    seen_next = False
    for p in range(para + 1, len(paragraphs)):
        nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else len(text)
        if text[paragraphs[p] : nxt].strip():
            if seen_next:
                limit = paragraphs[p]
                break
            seen_next = True
    later = [c for c in claims if lead.end <= c.start < limit]
    found: list[Claim] = []
    if lead.speaker is not None:
        for c in later:
            if c.speaker == lead.speaker:
                found.append(c)
            elif c.speaker is None and _opens_with(index, text, paragraphs, c.start) == lead.speaker:
                found.append(c)  # "Said Qasemi, now retired, said …" where the speaker was not resolved
    if not found and _introduces_someone(lead):
        next_para = [c for c in later if bisect.bisect_right(paragraphs, c.start) - 1 > para]
        if next_para:
            first_speaker = next_para[0].speaker
            found = [c for c in next_para if first_speaker is not None and c.speaker == first_speaker]
    return found


def _opens_with(index: EntityIndex, text: str, paragraphs: list[int], at: int) -> str | None:
    """The entity named by the first word of the paragraph holding `at`."""
    start = paragraphs[bisect.bisect_right(paragraphs, at) - 1]
    first = _FIRST_WORD.search(text, start)
    if first is None:
        return None
    return index.key_for(first.start(), first.end())


@dataclass(frozen=True)
class CitedSources:
    """What the sources stage found: per claim, in the order of the claims it was given, its
    sources (those it had, then the outlets and documents that back it); and the entities the
    sources name that the article's index did not have, in the order found (for
    `entities.add_findings`)."""

    sources: tuple[list[Source], ...]
    findings: tuple[EntityFinding, ...]


def find_sources(doc: Doc, article: Article, claims: list[Claim], index: EntityIndex) -> CitedSources:
    """The outlets and documents that back each claim; the claims and the index are left as they are."""
    index = index.draft()
    found = [list(c.sources) for c in claims]
    at = {id(c): i for i, c in enumerate(claims)}
    sentences = _Sentences(doc)
    citations = _resolve_bare_documents(find_citations(doc))
    by_sentence: dict[int, list[Source]] = {}
    where: dict[int, tuple[int, int]] = {}  # id(source) -> where its citation stands
    for cite in citations:
        entity_kind: EntityKind = "DOCUMENT" if cite.kind == "DOCUMENT" else "ORGANIZATION"
        source = Source(
            name=cite.name,
            kind=cite.kind,
            entity=_entity_key(index, cite.name, entity_kind, cite.start, cite.end),
            evidence=cite.evidence,
        )
        by_sentence.setdefault(cite.sentence, []).append(source)
        where[id(source)] = (cite.start, cite.end)

    def same_line(claim: Claim, source: Source) -> bool:
        """A citation backs a claim of its sentence only on the same line: the parser may run a
        sentence over a line break ("documented Iran's cooperation, including:" / "– In 2017,
        documents were released ..."), and the next line is the next point, not this one's source."""
        start, end = where[id(source)]
        lo = min(start, claim.start, claim.cue_start if claim.cue_start is not None else claim.start)
        hi = max(end, claim.end, claim.cue_end if claim.cue_end is not None else claim.end)
        return "\n" not in article.text[lo:hi].strip()

    backing_previous = {(c.sentence, c.name) for c in citations if c.backs_previous}
    for i, claim in enumerate(claims):
        si = _claim_sentence(sentences, claim)
        for source in by_sentence.get(si, []):
            if same_line(claim, source):
                _add(found[i], source)
        for source in by_sentence.get(si + 1, []):
            if (si + 1, source.name) in backing_previous:
                _add(found[i], source)
    # Outlets cover what elaborates the reported claim; documents back only their own sentence.
    for claim in claims:
        outlets = [s for s in by_sentence.get(_claim_sentence(sentences, claim), []) if s.kind == "OUTLET"]
        for source in outlets:
            for later in _elaborations(claims, claim, article.text, index):
                _add(found[at[id(later)]], source)

    entities = _entities_by_key(index)
    for i, claim in enumerate(claims):
        speaker = entities.get(claim.speaker) if claim.speaker else None
        if speaker is not None and speaker.kind == "DOCUMENT":
            _add(found[i], Source(name=speaker.name, kind="DOCUMENT", entity=speaker.key,
                                  evidence=claim.speaker_mention or speaker.name))
    return CitedSources(tuple(found), index.findings)


__all__ = ["CitedSources", "find_sources"]
