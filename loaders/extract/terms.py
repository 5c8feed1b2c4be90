"""Content terms: the words that say what a claim is about, lowercased, stemmed, without function
words. In-article relations (relations/) compare claims by them; across articles the write path
stores them as a claim document's `terms`, by which loaders.contradictions finds candidates on the
same matter and loaders.inference weighs them.

No spaCy: words are found by a regular expression and reduced by a light suffix stemmer, so that
stored claim documents can be read the same way as the claims of the article in hand.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

# Function words, pronouns and reporting verbs: they say nothing about what a claim is about.
STOPWORDS = frozenset(
    """
    a an the and or but if then than so as of in on at to for from by with without about into onto
    over under after before between through during against among up down out off per via upon
    is are was were be been being am do does did done doing have has had having will would shall
    should can could may might must ought need
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those there here who whom whose which what when where why how
    all any both each either every few many more most much other some such only own same too very
    just also even still yet already again ever now once
    not never no nor neither none nothing nobody cannot
    anything something everything anyone someone everyone anybody somebody everybody
    said say says saying told tell tells telling added add adds according
    mr mrs ms dr
    's s t
    """.split()
)

_IRREGULAR = {
    "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow", "fell": "fall", "fallen": "fall",
    "won": "win", "lost": "lose", "shrank": "shrink", "shrunk": "shrink", "began": "begin",
    "begun": "begin", "knew": "know", "known": "know", "paid": "pay", "forbade": "forbid",
    "forbidden": "forbid", "hid": "hide", "hidden": "hide", "took": "take", "taken": "take",
    "made": "make", "gave": "give", "given": "give", "wrote": "write", "written": "write", "kept": "keep",
    "left": "leave", "met": "meet", "sold": "sell", "bought": "buy", "brought": "bring",
    "thought": "think", "held": "hold", "built": "build", "spent": "spend", "sent": "send", "led": "lead",
    "ran": "run", "saw": "see", "seen": "see", "found": "find", "stood": "stand", "spoke": "speak",
    "spoken": "speak", "chose": "choose", "chosen": "choose", "broke": "break", "broken": "break",
    "drove": "drive", "driven": "drive", "stole": "steal", "stolen": "steal", "struck": "strike",
    "children": "child", "people": "person", "men": "man", "women": "woman",
}


@functools.lru_cache(maxsize=65536)  # news vocabularies are small; stemming is per word per claim
def stem(word: str) -> str:
    """A light, consistent suffix stripper: the same stem for "agree", "agreed", "agrees",
    "agreeing". Not a linguistic lemma; only equality between stems matters."""
    w = word.lower().translate(_APOSTROPHES)
    if w.endswith("n't"):
        return "not"
    if w.endswith("'s"):
        w = w[:-2]
    w = _IRREGULAR.get(w, w)
    drop_e = True  # "agreed" -> "agre" already matches "agree" -> "agre"
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w, drop_e = w[:-2], False
    elif len(w) > 5 and w.endswith("ly"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # stopp -> stop, planned -> plan
        w = w[:-1]
    if drop_e and len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Word:
    text: str  # lowercased, apostrophes normalized
    stem: str
    start: int
    end: int


# The attribution inside a quote split by it: ',” said Ana Ruiz, the union's president. “'. Its
# words (the speaker's name and title) are not what the claim is about; counted as terms they make
# a split quote look off the matter of a short claim that says the same thing.
_ATTRIBUTION = re.compile(r"(?<=[,?!])\s*(?:[\"\u201d]|'')\s[^\"\u201c\u201d\n]{1,200}?(?:[\"\u201c]|'')")


def split_words(text: str) -> list[Word]:
    """The words of a text with their stems and places, less the attribution inside a split quote."""
    low = text.translate(_APOSTROPHES).lower()
    skip = [(m.start(), m.end()) for m in _ATTRIBUTION.finditer(text)]
    return [
        Word(m.group(), stem(m.group()), m.start(), m.end())
        for m in _WORD.finditer(low)
        if not any(a <= m.start() < b for a, b in skip)
    ]


def _is_content(word: Word) -> bool:
    return word.text not in STOPWORDS and word.stem not in STOPWORDS and (len(word.text) > 1)


def content_terms(text: str) -> list[str]:
    """The claim's content words, lowercased, stopwords dropped, stemmed, in order, each once.
    Stored as the claim document's `terms` (an indexed array) so the resolver can find
    candidates on the same matter with one `$in` query."""
    if not isinstance(text, str):
        raise TypeError(f"content_terms: text must be a string, not {type(text).__name__}")
    return list(dict.fromkeys(w.stem for w in split_words(text) if _is_content(w)))


__all__ = ["STOPWORDS", "Word", "content_terms", "split_words", "stem"]
