"""The cue lexicon: which words introduce a statement, and whether they back or deny another one.

The words themselves are data (loaders/lexicons/cues.json); this module reads them once and answers
small questions about them. Every stage that meets a cue word asks here: quotes/, attribution/ and
speakers/ whether a word introduces a statement, relations/relations.py whether it backs or denies
one ("denied X's account" -> CONTRADICTS, "confirmed X's statement" -> SUPPORTS), and the partner
reader (loaders/read/json.py) what mode a cue as written reports.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Literal

from ..model import StatementMode

if TYPE_CHECKING:
    from spacy.tokens import Token

CueKind = Literal["speech", "belief", "intention", "evidence", "reporting"]
Stance = Literal["SUPPORTS", "CONTRADICTS"]
_KINDS = {"speech", "belief", "intention", "evidence", "reporting"}
_STANCES = {"SUPPORTS", "CONTRADICTS", None}

# Irregular past forms of cue verbs, for cue_stance on text as written ("told", "thought").
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "felt": "feel",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "found": "find",
    "shown": "show",
    "sought": "seek",
    "swore": "swear",
    "sworn": "swear",
    "understood": "understand",
    "bet": "bet",
    "chose": "choose",
    "chosen": "choose",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "laid": "lay",
    "shot": "shoot",
    "spoke": "speak",
    "spoken": "speak",
    "proven": "prove",
}


# Forms of a cue verb the model's lemmatizer takes for another verb: it reads "hopes", "hoped",
# "hoping" as forms of "hop", which hid every "X hopes to/that ..." (some 95 verbs in 700 PolNeAR
# articles). Keyed by the form as written, for a token tagged as a verb.
_LEMMA_FIXES = {
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
}


def verb_lemma(token: Token) -> str:
    """The lemma of a verb token, lower-cased, with the lemmatizer's known slips put right."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        return _LEMMA_FIXES.get(token.lower_, lemma)
    return lemma


@dataclass(frozen=True)
class CueInfo:
    lemma: str  # "deny", or a phrase: "according to"
    kind: CueKind
    stance: Stance | None = None
    takes_np: bool = False  # a noun-phrase object can be what is stated: "denied the report"


class LexiconError(ValueError):
    pass


@functools.cache
def _lexicon() -> tuple[dict[str, CueInfo], dict[str, CueInfo]]:
    raw = json.loads(resources.files("loaders").joinpath("lexicons/cues.json").read_text(encoding="utf-8"))
    verbs: dict[str, CueInfo] = {}
    phrases: dict[str, CueInfo] = {}
    for table, out, np_default in (
        (raw.get("verbs", {}), verbs, None),
        (raw.get("phrases", {}), phrases, False),
    ):
        for lemma, entry in table.items():
            kind, stance = entry.get("kind"), entry.get("stance")
            if kind not in _KINDS or stance not in _STANCES:
                raise LexiconError(
                    f"lexicons/cues.json: entry {lemma!r}: bad kind {kind!r} or stance {stance!r}"
                )
            takes_np = bool(entry.get("np", np_default))
            out[lemma] = CueInfo(lemma=lemma, kind=kind, stance=stance, takes_np=takes_np)
    return verbs, phrases


def cue_info(lemma: str) -> CueInfo | None:
    """The entry for a verb lemma ("deny") or a phrase of lemmas ("point out", "according to")."""
    verbs, phrases = _lexicon()
    key = " ".join(lemma.lower().split())
    return verbs.get(key) or phrases.get(key)


def is_cue(lemma: str) -> bool:
    return cue_info(lemma) is not None


def lemma_candidates(word: str) -> list[str]:
    """Cheap guesses at the lemma of an inflected verb: "denied" -> deny, "backs" -> back."""
    w = word.lower()
    out = [w]
    if w in _IRREGULAR:
        out.append(_IRREGULAR[w])
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)] + repl
            out.append(stem)
            if suffix in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "rebutted" -> rebut
    return out


# The act a cue reports, by its lexicon kind: a state of mind or a wish is held (BELIEF), what
# records, a study or a poll show is EVIDENCE, anything said, written or reported a STATEMENT.
_MODE_OF_KIND: dict[str, StatementMode] = {
    "belief": "BELIEF",
    "intention": "BELIEF",
    "evidence": "EVIDENCE",
    "speech": "STATEMENT",
    "reporting": "STATEMENT",
}


def mode_of(info: CueInfo | None) -> StatementMode:
    """STATEMENT, BELIEF or EVIDENCE for a cue's lexicon entry (STATEMENT when there is none: a
    colon, a transcript line)."""
    return _MODE_OF_KIND.get(info.kind, "STATEMENT") if info is not None else "STATEMENT"


def cue_mode(cue_text: str) -> StatementMode:
    """mode_of for a cue as written ("believes", "according to", "records show"): its last word
    that the lexicon knows decides ("had hoped" -> BELIEF)."""
    lowered = [t.lower() for t in re.findall(r"[A-Za-z]+", cue_text)]
    phrase = " ".join(lowered)
    if (info := cue_info(phrase)) is not None:
        return mode_of(info)
    for token in reversed(lowered):
        for cand in lemma_candidates(token):
            if (info := cue_info(cand)) is not None:
                return mode_of(info)
    return "STATEMENT"


def cue_stance(cue_text: str) -> Stance | None:
    """SUPPORTS / CONTRADICTS when a cue as written carries one ("officially denied" -> CONTRADICTS).

    Negation flips nothing here on purpose: "did not deny" is neither a denial nor a confirmation,
    so a negated cue answers None.
    """
    tokens = re.findall(r"[A-Za-z]+(?:['\u2019][a-z]+)?", cue_text)
    lowered = [t.lower() for t in tokens]
    if any(t in ("not", "never", "n't", "no") or t.endswith(("n't", "n\u2019t")) for t in lowered):
        return None
    # A phrase decides before its words: "pushed back" contradicts though "back" alone supports.
    for first, second in zip(lowered, lowered[1:], strict=False):
        for cand in lemma_candidates(first):
            info = cue_info(f"{cand} {second}")
            if info is not None:
                return info.stance
    for token in lowered:
        for cand in lemma_candidates(token):
            info = cue_info(cand)
            if info is not None and info.stance is not None:
                return info.stance
    return None


__all__ = [
    "CueInfo",
    "CueKind",
    "LexiconError",
    "Stance",
    "cue_info",
    "cue_mode",
    "cue_stance",
    "is_cue",
    "lemma_candidates",
    "mode_of",
    "verb_lemma",
]
