"""When the article says a statement was made: "In 2018, ... said" -> "2018"."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

_DATE_WORDS = re.compile(
    r"\b(1[89]\d\d|20\d\d|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\b"
)


class StatementDates:
    """The article's absolute dates ("2018", "July 2011"; not "last month", which dates nothing by
    itself), gathered once so that dating each claim costs a lookup, not a scan of the article."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.dates: list[Span] = [e for e in doc.ents if e.label_ == "DATE" and _DATE_WORDS.search(e.text)]
        self.starts = [e.start for e in self.dates]

    def stated_at(self, cue: Token, content: tuple[int, int]) -> str | None:
        """The date the sentence gives the statement, outside what was stated.

        A date counts when it modifies the cue verb ("confirmed in 2011", "In July 2011, the
        Treasury said") or opens the sentence; a date inside the content dates the content's events.
        """
        if not self.dates:
            return None
        sent = cue.sent
        doc = self.doc
        i = bisect.bisect_left(self.starts, sent.start)
        while i < len(self.dates) and self.dates[i].start < sent.end:
            ent = self.dates[i]
            i += 1
            if ent.start_char < content[1] and content[0] < ent.end_char:
                continue
            root = ent.root
            head = root.head
            attached = head.i == cue.i or (head.dep_ == "prep" and head.head.i == cue.i)
            opens_sentence = ent.start - sent.start <= 2 and (
                ent.start == sent.start or doc[ent.start - 1].lower_ in ("in", "on", "by", "since")
            )
            if attached or opens_sentence:
                return ent.text
        return None


__all__ = ["StatementDates"]
