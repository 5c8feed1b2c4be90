"""One claim per statement: claims whose contents overlap are merged away, except a statement nested
in another's content by a cue of its own. Split out of claims.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from ...model import Claim
from ..cues import lemma_candidates
from ..names import describes, noun_phrase
from .reported_nominal import names_a_poll


def _inside(pos: int, start: int, end: int) -> bool:
    return start <= pos < end


# Cues by which an outlet or a document passes on someone else's statement: the statement it
# carries is the claim, and the outlet becomes its source (sources/sources.py), not a speaker.
RELAY_CUES = {"reported", "reports", "report", "reporting", "according to"}


def _poll_finding(claim: Claim) -> bool:
    return claim.cue.lower() in ("according to", "in") and names_a_poll(claim.speaker_mention)


def _documents(mention: str | None) -> bool:
    """ "according to internal emails", "according to court filings": records are the evidence of
    what they describe, not an outlet passing on a statement."""
    np = noun_phrase(mention or "")
    return np is not None and describes(np[1]) == "DOCUMENT"


# What an outlet relays is a saying: "Al Arabiya reported [the spokesman revealed …]". "The Times
# reported Cameron had ordered diplomats to …" reports a deed, which is the outlet's own claim.
_RELAYED = {"say", "tell", "reveal", "confirm", "deny", "admit", "claim", "announce", "state", "warn",
            "accuse", "disclose", "acknowledge", "insist", "argue", "write", "allege", "add", "note",
            "explain", "suggest", "believe", "think", "predict", "promise", "vow", "pledge"}


def _relayed_saying(claim: Claim) -> bool:
    word = claim.cue.split()[-1].lower() if claim.cue else ""
    return any(c in _RELAYED for c in lemma_candidates(word))


def drop_nested(claims: list[Claim], quoted: Callable[[int], bool] | None = None) -> list[Claim]:
    """One claim per statement: what Y believes inside "X said Y believes Z" is part of what X said.

    The outer claim stays, except when it only relays the inner one ("Al Arabiya reported [that the
    spokesman revealed ...]"): then the inner statement stays, and the outlet is its source.
    Only the claims whose cue stands inside the outer one's content are looked at (found by
    bisection), so a long document with thousands of claims costs n log n, not n squared.
    """
    drop: set[int] = set()
    cued = sorted((c.cue_start, j) for j, c in enumerate(claims) if c.cue_start is not None)
    cue_starts = [at for at, _ in cued]
    for i, outer in enumerate(claims):
        first = bisect.bisect_left(cue_starts, outer.start)
        last = bisect.bisect_left(cue_starts, outer.end)
        for j in sorted(j for _, j in cued[first:last]):
            inner = claims[j]
            assert inner.cue_start is not None
            if (
                i == j
                or inner.cue_start == outer.cue_start  # one cue read twice: drop_duplicates' work
                # A quote split by its attribution ("A," said X, who said Y. "B."): a cue in the
                # words between the quoted parts is the writer's, not the quoted speaker's, and
                # says a statement of its own.
                or outer.kind == "DIRECT" and quoted is not None and not quoted(inner.cue_start)
            ):
                continue
            if _poll_finding(inner) and inner.start <= (outer.cue_start or -1) < inner.end:
                # "60 percent said C, according to a poll" read both ways round: the poll's finding
                # holds what its respondents said, not the other way (the loop drops the outer).
                continue
            # A poll relays no one: "most voters say C, according to a poll" is the poll's finding.
            relay = (
                outer.cue.lower() in RELAY_CUES
                and not names_a_poll(outer.speaker_mention)
                and not _documents(outer.speaker_mention)
            )
            if relay and inner.speaker_mention is not None and _relayed_saying(inner):
                drop.add(i)
            else:
                drop.add(j)
    return [c for k, c in enumerate(claims) if k not in drop]


def drop_duplicates(claims: list[Claim]) -> list[Claim]:
    """One claim per statement: two claims whose contents overlap are the same statement unless one
    is nested in the other ("X said Y believes Z": Y's cue sits inside X's content)."""
    claims.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Claim] = []
    for c in claims:
        duplicate = False
        for k in kept[-8:]:  # only neighbours can overlap: contents are sorted by start
            if c.start >= k.end or k.start >= c.end:
                continue
            nested = (c.cue_start is not None and _inside(c.cue_start, k.start, k.end)) or (
                k.cue_start is not None and _inside(k.cue_start, c.start, c.end)
            )
            if not nested:
                duplicate = True
                break
        if not duplicate:
            kept.append(c)
    return kept


__all__ = ["RELAY_CUES", "drop_duplicates", "drop_nested"]
