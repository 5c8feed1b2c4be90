"""Who said each claim: the claim's speaker mention, as written, resolved to an entity of the article.

The claims stage leaves `speaker_mention` / `speaker_start` / `speaker_end` as written ("Said
Qasemi", "he", "the minister", "A former spokesman for the IRGC", "a source"). This stage sets
`Claim.speaker` (a local entity key, or None when the article keeps the source unnamed or nothing
fits) and `Claim.mentions` (the entities named inside the claim text). In order:

1. names: the entity whose mention is, covers or heads the speaker span;
2. pronouns: "he"/"she" -> the nearest earlier person of that gender (speakers and subjects first),
   "they"/"it" -> the nearest earlier organisation or group, "I"/"we" inside a quote -> its speaker;
3. descriptions: "the minister" -> the earlier person with that role, "the company" -> the earlier
   organisation, "the report" -> the earlier document; an indefinite one in the lede ("A former
   spokesman for the IRGC revealed …") -> the named speaker who follows;
4. quotes with no attribution of their own -> the speaker of the adjacent quote (continuation).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from store.documents import normalize_name

from ..model import Claim, EntityKind
from .entities import EntityIndex, Mention, clean_name
from .names import (
    DOCUMENT_NOUNS,
    INDEFINITE,
    ORG_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    Gender,
    bare,
    describes,
    description,
    first_name_genders,
    is_anonymous,
    is_known_noun,
    is_title,
    name_gender,
    noun_phrase,
    plural_people,
    pronoun,
    role_gender,
    split_title,
)

# Words after a name that do not make it a modifier of what follows.
_NP_CONTINUATIONS = {"and", "or", "who", "which", "that", "of", "for", "by", "at", "in", "on", "with",
                     "from", "to", "as", "but", "nor", "also", "himself", "herself", "itself",
                     "themselves", "said", "says", "told", "added"}
_NAME_AFTER_COMMA = re.compile(
    r",\s+(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|Gen|Col|Capt|Lt)\.?\s+)?"
    r"[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|al|bin|da|del|la)){1,3})\s*,?\s*$"
)
_LINKS = {"at", "of", "from", "for", "in"}  # "researchers at the lab", "leaders in the IRGC"
_QUANTIFIER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                     "many", "some", "few", "dozens", "hundreds", "most", "both"}
_PREPOSITIONS = {"for", "of", "by", "at", "to", "from", "with", "in", "on", "about", "against", "under"}
# Bodies a bare "the company" / "the group" may stand for without naming itself.
_GENERIC_BODY = {"company", "firm", "group", "organization", "organisation", "agency", "business",
                 "corporation", "charity", "network", "bank", "union", "party", "campaign", "militia",
                 "movement", "coalition", "insurer", "airline", "manufacturer", "maker", "retailer",
                 "operator", "provider", "utility", "watchdog", "regulator", "outlet", "broadcaster",
                 "newspaper", "paper", "channel", "magazine"}
# Abbreviated titles, as the role nouns they stand for: "Sen. Rubio" is "the senator".
_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                  "lt": "lieutenant", "col": "colonel", "prof": "professor", "dr": "doctor",
                  "pres": "president", "sec": "secretary", "atty": "attorney", "supt": "superintendent",
                  "adm": "admiral", "capt": "captain", "sgt": "sergeant", "cmdr": "commander"}
# Person nouns too vague to stand for the last person named.
_NOT_EPITHETS = {"source", "person", "official", "employee", "worker", "member", "resident", "witness",
                 "insider", "victim", "man", "woman", "boy", "girl", "student", "soldier"}
_SENTENCE_WINDOW = 4  # how many sentences back a pronoun looks for its antecedent ...
_SENTENCE_BOUND = 8  # ... or as far as its paragraph's start, up to this many
_LEDE_PARAGRAPHS = 2  # the title line (kept in the text by the readers) and the first paragraph
_CATAPHORA_PARAGRAPHS = 2
_NAME_WORD = re.compile(r"[A-Z][\w’'\-.]*$")


@dataclass
class _Resolution:
    key: str | None
    how: str  # "name", "pronoun", "description", "cataphora", "continuation", "unnamed", "none"


class _Article:
    """Positions of sentences and paragraphs, and the mentions that are sentence subjects."""

    def __init__(self, doc: Doc, claims: list[Claim], index: EntityIndex) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy joins the tokens on every access: read it once
        self.index = index
        self.claims = claims
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
            if i != skip and c.kind == "DIRECT" and c.start < qe and qs < c.end and c.speaker:
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


def _position(c: Claim) -> int:
    return c.speaker_start if c.speaker_start is not None else c.start


def resolve_speakers(doc: Doc, claims: list[Claim], index: EntityIndex) -> None:
    """Set `speaker` and `mentions` on every claim (see the module docstring for the rules)."""
    art = _Article(doc, claims, index)
    order = sorted(range(len(claims)), key=lambda i: (_position(claims[i]), claims[i].start))
    pending_pronouns: list[int] = []
    pending_cataphora: list[int] = []
    pending_first_person: list[int] = []  # "I"/"we" inside a quote: once the quote has its speaker
    for i in order:
        c = claims[i]
        c.mentions = _mentions_in(index, c.start, c.end)
        if c.speaker is not None or not c.speaker_mention:
            continue
        mention = c.speaker_mention.strip()
        if pronoun(mention):
            word = mention.casefold()
            quoted = word in ("i", "me", "we", "us") and art.quotation_around(_position(c)) is not None
            (pending_first_person if quoted else pending_pronouns).append(i)
            continue
        res = _resolve_named(art, c)
        if res.key is None and res.how == "none":
            res = _resolve_description(art, c)
        if res.how == "cataphora":
            pending_cataphora.append(i)
            continue
        c.speaker = res.key
        art.how[i] = res.how
    for i in pending_pronouns:  # in text order, so a resolved "he" can be the antecedent of the next
        c = claims[i]
        c.speaker = _resolve_pronoun(art, i)
        art.how[i] = "pronoun"
    for i in pending_cataphora:
        c = claims[i]
        c.speaker = _resolve_cataphora(art, i)
        art.how[i] = "cataphora"
        np = noun_phrase(c.speaker_mention or "")
        if c.speaker is None and np is not None and (np[2] is None or np[2] in INDEFINITE):
            c.speaker = _unnamed(art, c, np[0], "OTHER")  # nobody named after it: an unnamed source
            art.how[i] = "unnamed"
    _continue_quotes(art, order)
    for i in pending_first_person:
        q = art.inside_quote_of(_position(claims[i]), i)
        claims[i].speaker = claims[q].speaker if q is not None else None
        art.how[i] = "pronoun"


def _mentions_in(index: EntityIndex, start: int, end: int) -> list[str]:
    keys: list[str] = []
    for m in index.within(start, end):
        if m.key not in keys:
            keys.append(m.key)
    return keys


# ---------------------------------------------------------------------------------------------
# Names


def _heads_span(art: _Article, m: Mention, start: int, end: int) -> bool:
    """Whether an entity mention inside the speaker span is its head, not a modifier: not after a
    preposition ("a spokesman for the IRGC"), not a possessor ("Clarion's analyst"), not before a
    role noun ("IRGC official Hossein Allahkaram")."""
    text = art.text
    before = text[start:m.start].replace("’", "'")
    if any(bare(w) in _PREPOSITIONS for w in before.split()):
        return False
    after = text[m.end:min(end, m.end + 40)].replace("’", "'")
    if after.startswith("'s") or after.startswith("'"):
        return False
    nxt = after.split()[0].strip(",;.:!?”\"") if after.split() else ""
    if not nxt or after.startswith(","):
        return True
    # a noun right after it makes it a modifier: "IRGC official …", "a Supreme Court advocate"
    if bare(nxt) in PERSON_ROLE_NOUNS or bare(nxt) in DOCUMENT_NOUNS or (
            nxt[:1].islower() and nxt.isalpha() and nxt not in _NP_CONTINUATIONS):
        return False
    # … or a head noun further on in the same phrase: "a new CNN/ORC poll"
    for w in re.split(r"[\s/]+", after):
        word = w.strip(",;.:!?”\"")
        if not word:
            continue
        if word.casefold() in _NP_CONTINUATIONS or w.endswith(","):
            break
        if word[:1].islower() and is_known_noun(word):
            return False
    return True


def _resolve_named(art: _Article, c: Claim) -> _Resolution:
    index = art.index
    mention = c.speaker_mention or ""
    if c.speaker_start is not None and c.speaker_end is not None:
        key = index.key_for(c.speaker_start, c.speaker_end)
        if key is not None:
            return _Resolution(key, "name")
        for m in index.within(c.speaker_start, c.speaker_end):
            if _heads_span(art, m, c.speaker_start, c.speaker_end):
                return _Resolution(m.key, "name")
    # "The mayor of Pellworth, Oskar Lindahl": the name after the description
    appositive = _NAME_AFTER_COMMA.search(mention)
    if appositive and not is_known_noun(appositive.group("name").split()[-1]):
        name = appositive.group("name")
        title, bare_name = split_title(name)
        key = index.lookup(bare_name, "PERSON") or index.lookup(name, "PERSON")
        if key is None:
            key = index.add(bare_name, "PERSON")
            if title:
                index.add_alias(key, name)
        index.add_role(key, mention[:appositive.start()].strip())
        if c.speaker_start is not None:
            at = c.speaker_start + appositive.start("name")
            index.add_mention(key, at, at + len(name))
        gender = name_gender(name)
        if gender:
            index.genders.setdefault(key, gender)
        return _Resolution(key, "name")
    name = clean_name(re.split(r",| and | who ", mention, maxsplit=1)[0])
    key = index.lookup(name) or index.lookup(split_title(name)[1])
    if key is not None:
        return _Resolution(key, "name")
    if _looks_like_name(name):
        return _Resolution(_add_named(art, c, name), "name")
    return _Resolution(None, "none")


def _looks_like_name(name: str) -> bool:
    ws = name.split()
    if not ws or len(ws) > 6 or ws[0].casefold() in INDEFINITE or pronoun(ws[0]):
        return False
    if any(is_known_noun(w) or plural_people(bare(w)) for w in ws if not is_title(w)):
        return False  # "Residents", "Internal emails": capitalised only to open the sentence
    return all(_NAME_WORD.match(w) or w in {"of", "and", "for", "de", "al", "bin"} for w in ws) and not all(
        is_title(w) or bare(w) in PERSON_ROLE_NOUNS for w in ws
    )


def _add_named(art: _Article, c: Claim, name: str) -> str:
    """A speaker named by a name spaCy did not label: a known person's surname, or a new entity."""
    index = art.index
    title, rest = split_title(name)
    last = normalize_name(rest).split()[-1] if normalize_name(rest) else ""
    people = [e for e in index.entities
              if e.kind == "PERSON" and normalize_name(e.name).split()[-1:] == [last]]
    # only a surname alone ("Kowalczyk", "Mr. Kowalczyk") is the known person: "Melania Trump"
    # after "Donald Trump" is somebody else
    if len(people) == 1 and len(rest.split()) == 1:
        key = people[0].key
        index.add_alias(key, name)
    else:
        first = bare(rest.split()[0])
        personal = title or (first in first_name_genders() and len(rest.split()) > 1)
        kind: EntityKind = "PERSON" if personal else "ORGANIZATION"
        key = index.add(rest, kind, role=title if title and kind == "PERSON" else None)
        if title and rest != name:
            index.add_alias(key, name)
    if c.speaker_start is not None and c.speaker_end is not None:
        index.add_mention(key, c.speaker_start, c.speaker_end)
    return key


# ---------------------------------------------------------------------------------------------
# Pronouns


def _resolve_pronoun(art: _Article, i: int) -> str | None:
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
    return _antecedent(art, i, gender, kinds)


def _antecedent(art: _Article, i: int, gender: Gender | None, kinds: set[str]) -> str | None:
    """The earlier entity of these kinds and a compatible gender that is most salient for its
    distance: an earlier speaker outweighs a subject, a subject anything else named, a gender
    that agrees one that is unknown, and each sentence back costs about as much as a subject
    gains ("Mr. Sanders said. He also …" -> Sanders; "Jay Carney … He declined" -> Carney even
    after a speaker two sentences up)."""
    c = art.claims[i]
    pos = _position(c)
    want_person = "PERSON" in kinds
    index = art.index
    # a few sentences back, or the whole paragraph when it is longer, but never past a larger bound
    here = art.sentence(pos)
    para_start = art.newlines[art.paragraph(pos) - 1] if art.paragraph(pos) > 0 else 0
    floor = max(min(art.sent_starts[max(0, here - _SENTENCE_WINDOW)], para_start),
                art.sent_starts[max(0, here - _SENTENCE_BOUND)])
    speaker_spans = [
        (o.speaker_start, o.speaker_end) for o in art.claims
        if o.speaker and o.speaker_start is not None and o.speaker_end is not None and o.speaker_start < pos
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
        o = art.claims[j]
        op = _position(o)
        indirect = art.how.get(j) in ("pronoun", "description", "cataphora")
        if o.speaker and floor <= op < pos and j != i and indirect:
            if index.entity(o.speaker).kind not in kinds:
                continue
            known = index.genders.get(o.speaker)
            if gender and known and known != gender:
                continue
            score = weigh(2, known, op)
            if best is None or score > best:
                best, best_key = score, o.speaker
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
        index.genders.setdefault(best_key, gender)  # "he" once resolved tells the next one
    return best_key


def _bodies_for(word: str) -> set[str]:
    if word in ("it", "its"):
        return {"ORGANIZATION", "DOCUMENT"}  # a body, a report
    return {"ORGANIZATION", "GROUP"}  # they, we: a body or a group, not a place


# ---------------------------------------------------------------------------------------------
# Descriptions


def _resolve_description(art: _Article, c: Claim) -> _Resolution:
    """A speaker described, not named: "the minister", "a source", "internal emails"."""
    mention = (c.speaker_mention or "").strip()
    np = noun_phrase(mention)
    if np is None:
        return _Resolution(None, "unnamed")
    phrase, head, det = np
    pos = _position(c)
    referent: str | None = "GROUP" if plural_people(head) else describes(head)
    indefinite = det is None or det in INDEFINITE or det in _QUANTIFIER_WORDS
    if referent == "DOCUMENT":
        return _Resolution(_document(art, c, phrase, definite=not indefinite), "description")
    if referent == "GROUP":
        # people of a body speak for it: "Researchers at the NERL", "union leaders"
        key = _body_behind(art, c, phrase, head)
        if key is not None:
            return _Resolution(key, "description")
        return _Resolution(_unnamed(art, c, phrase, "GROUP"), "unnamed")
    if referent == "PERSON":
        if indefinite:
            if not is_anonymous(mention) and art.paragraph(pos) < _LEDE_PARAGRAPHS and det is not None:
                return _Resolution(None, "cataphora")
            return _Resolution(_unnamed(art, c, phrase, "OTHER"), "unnamed")
        key = _earlier_unnamed(art, pos, head) or _by_role(art, pos, head, mention)
        if key is None and art.paragraph(pos) < _LEDE_PARAGRAPHS and not _nearest_before(
                art, pos, test=lambda k: art.index.entity(k).kind == "PERSON"):
            return _Resolution(None, "cataphora")  # "The leader of the council promised …" first
        if key is None and head not in _NOT_EPITHETS and head not in PERSON_TITLES:
            # an epithet ("the real estate tycoon", "the actress"): the salient person before it
            key = _antecedent(art, art.claims.index(c), role_gender(head), {"PERSON"})
        return _Resolution(key, "description")
    if referent == "BODY" and indefinite:
        # "A state appeals court ruled …" in the lede, then "The Fourth District Court of Appeal …"
        return _Resolution(_named_later(art, c.speaker_end or pos, head), "description")
    if referent == "BODY":
        key = _by_body(art, pos, head)
        if key is None and not indefinite and not _possessed(phrase):
            # "the state labour department": a body the article names by its description only
            key = art.index.add(phrase, "ORGANIZATION", start=c.speaker_start, end=c.speaker_end)
        return _Resolution(key, "description")
    return _Resolution(None, "unnamed")


def _named_later(art: _Article, pos: int, head: str) -> str | None:
    """The organisation named soon after an indefinite description whose name holds its head noun."""
    index = art.index
    limit = art.paragraph(pos) + _CATAPHORA_PARAGRAPHS
    for m in index.mentions:
        if m.start <= pos:
            continue
        if art.paragraph(m.start) > limit:
            break
        e = index.entity(m.key)
        if e.kind == "ORGANIZATION" and head in {bare(w) for n in (e.name, *e.aliases) for w in n.split()}:
            return m.key
    return None


def _possessed(phrase: str) -> bool:
    return bool(re.search(r"['’]s\b|^(?:its|his|her|their|our)\b", phrase, re.IGNORECASE))


def _unnamed(art: _Article, c: Claim, phrase: str, kind: EntityKind) -> str:
    """An unnamed source or group, kept as an entity named by its description as written ("A
    source", "another former employee", "Two librarians"), so that "the source" can find it."""
    key = art.index.add(phrase, kind, start=c.speaker_start, end=c.speaker_end)
    art.unnamed.add(key)
    return key


def _earlier_unnamed(art: _Article, pos: int, head: str) -> str | None:
    """ "the source" -> the unnamed source met before it."""
    index = art.index

    def fits(key: str) -> bool:
        return key in art.unnamed and head in {bare(w) for w in index.entity(key).name.split()}

    return _nearest_before(art, pos, test=fits)


def _body_behind(art: _Article, c: Claim, phrase: str, head: str) -> str | None:
    """The organisation a group of people speaks for: named after at/of/from inside the speaker
    span ("Researchers at the NERL"), or named by a modifier ("union leaders" -> the union)."""
    index = art.index
    if c.speaker_start is not None and c.speaker_end is not None:
        for m in index.within(c.speaker_start, c.speaker_end):
            before = art.text[c.speaker_start:m.start].casefold().split()
            linked = before and before[-1] in _LINKS | {"the"} and set(before) & _LINKS
            if index.entity(m.key).kind == "ORGANIZATION" and linked:
                return m.key
    modifiers = [bare(w) for w in phrase.split()[:-1]]
    for w in reversed(modifiers):
        if w in ORG_NOUNS:
            return _by_body(art, _position(c), w)
    return None


def _nearest_before(art: _Article, pos: int, *, test: Callable[[str], bool]) -> str | None:
    for m in reversed(art.index.mentions):
        if m.start < pos and test(m.key):
            return m.key
    return None


def _by_role(art: _Article, pos: int, head: str, mention: str) -> str | None:
    """ "the minister" -> the nearest earlier person whose role or title holds that noun; among
    several, the one whose roles share most of the description's other words ("the Florida
    senator" -> "Florida Sen. Marco Rubio")."""
    index = art.index
    modifiers = {bare(w) for w in mention.split()[1:]} - {head}
    best: tuple[int, int] | None = None
    best_key: str | None = None
    seen: set[str] = set()
    for m in reversed(index.mentions):
        if m.start >= pos or m.key in seen:
            continue
        seen.add(m.key)
        e = index.entity(m.key)
        if e.kind != "PERSON":
            continue
        written = {_ABBREVIATIONS.get(w, w) for w in
                   (bare(x) for x in " ".join([*e.roles, *e.aliases]).replace("’", "'").split())}
        if head not in written:
            continue
        score = (len(modifiers & written), m.start)
        if best is None or score > best:
            best, best_key = score, m.key
    return best_key


def _by_body(art: _Article, pos: int, head: str) -> str | None:
    """ "the department" -> the earlier body whose name holds the word; "the company" -> the
    nearest earlier organisation."""
    index = art.index

    def named(key: str) -> bool:
        e = index.entity(key)
        return e.kind in ("ORGANIZATION", "GROUP") and head in {
            bare(w) for n in (e.name, *e.aliases) for w in n.split()
        }

    key = _nearest_before(art, pos, test=named)
    if key is None and head in _GENERIC_BODY:
        key = _nearest_before(art, pos, test=lambda k: index.entity(k).kind == "ORGANIZATION")
    return key


def _document(art: _Article, c: Claim, mention: str, *, definite: bool) -> str:
    """ "the report" -> the nearest earlier document; otherwise the description becomes one."""
    index = art.index
    pos = _position(c)
    if definite:
        head = _document_head(mention)

        def same_kind_of_document(k: str) -> bool:
            e = index.entity(k)
            return e.kind == "DOCUMENT" and head in {_document_head(n) for n in (e.name, *e.aliases)}

        key = _nearest_before(art, pos, test=same_kind_of_document)
        if key is not None:
            return key
    name = clean_name(re.split(r",| by | from | who | that ", mention, maxsplit=1)[0])
    name = re.sub(r"^(?:a|an|another|this|these|those|some)\s+", "", name, flags=re.IGNORECASE)
    return index.add(name or mention, "DOCUMENT", start=c.speaker_start, end=c.speaker_end)


def _document_head(name: str) -> str:
    """The document noun a name ends on, singular: "The September 11 report" -> "report"."""
    ws = [bare(w) for w in re.split(r",| by | from | who | that ", name)[0].split()]
    nouns = [w for w in ws if w in DOCUMENT_NOUNS]
    head = nouns[-1] if nouns else (ws[-1] if ws else "")
    return head[:-1] if head.endswith("s") and head[:-1] in DOCUMENT_NOUNS else head


def _resolve_cataphora(art: _Article, i: int) -> str | None:
    """ "A former spokesman for the IRGC revealed …" in the lede: the person named next — one with
    that role, else the next named speaker — within the next paragraphs."""
    c = art.claims[i]
    pos = _position(c)
    desc = description(c.speaker_mention or "")
    head = desc[1] if desc else ""
    limit = art.paragraph(pos) + _CATAPHORA_PARAGRAPHS
    mention_words = {bare(w) for w in (c.speaker_mention or "").split()}
    index = art.index
    for m in index.mentions:
        if m.start <= pos or art.paragraph(m.start) > limit:
            continue
        e = index.entity(m.key)
        if e.kind != "PERSON":
            continue
        for role in e.roles:
            rw = {bare(w) for w in role.split()}
            if head in rw and not ({"former", "current", "ex"} & (rw ^ mention_words)):
                return _take_role(index, m.key, c)
    later = sorted(
        (j for j, o in enumerate(art.claims)
         if _position(o) > pos and o.speaker and art.how.get(j) == "name"),
        key=lambda j: _position(art.claims[j]),
    )
    for j in later:
        o = art.claims[j]
        if art.paragraph(_position(o)) > limit:
            break
        if o.speaker and index.entity(o.speaker).kind == "PERSON":
            return _take_role(index, o.speaker, c)
    # no attributed claim names them: the person who opens a following sentence
    starts = set(art.sent_starts)
    for m in index.mentions:
        if m.start > pos and art.paragraph(m.start) <= limit and index.entity(m.key).kind == "PERSON":
            if m.start in starts or art.is_subject(m):
                return _take_role(index, m.key, c)
    return None


def _take_role(index: EntityIndex, key: str, c: Claim) -> str:
    if c.speaker_mention:
        role = re.sub(r"^(?:a|an|another)\s+", "", c.speaker_mention.strip(), flags=re.IGNORECASE)
        index.add_role(key, role)
    return key


# ---------------------------------------------------------------------------------------------
# Continuation


def _continue_quotes(art: _Article, order: list[int]) -> None:
    """A quote with no attribution of its own continues the adjacent attributed quote: the one
    before it in its paragraph, else the one after it there, else the last quote of the paragraph
    before."""
    claims = art.claims
    by_start = sorted(range(len(claims)), key=lambda i: claims[i].start)
    for n, i in enumerate(by_start):
        c = claims[i]
        if c.speaker is not None or c.speaker_mention or c.kind != "DIRECT":
            continue
        para = art.paragraph(c.start)
        prev = [claims[j] for j in by_start[:n] if claims[j].speaker]
        nxt = [claims[j] for j in by_start[n + 1:] if claims[j].speaker]
        if prev and art.paragraph(prev[-1].start) == para:
            c.speaker = prev[-1].speaker
        elif nxt and art.paragraph(nxt[0].start) == para:
            c.speaker = nxt[0].speaker
        elif prev and art.paragraph(prev[-1].start) == para - 1 and prev[-1].kind == "DIRECT":
            c.speaker = prev[-1].speaker
        if c.speaker is not None:
            art.how[i] = "continuation"


__all__ = ["resolve_speakers"]
