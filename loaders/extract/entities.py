"""The entities one article names, with their aliases merged, their roles and where they stand.

find_entities() reads spaCy's named entities plus a few patterns spaCy misses (a parenthesised
acronym after its long form, "the September 11 report", "Canadian officials", "the Obama
administration"), cleans each mention (no leading "the", no possessive, titles split off a person's
name and kept as roles) and merges mentions that name the same thing within the article:
same name, a surname after the full name, an acronym after its long form, a short organisation name
inside a longer one ("the Treasury" / "U.S. Treasury Department"), the publisher and its name in
the text ("clarion" / "Clarion Project"). The result is an EntityIndex that the later stages
(speakers, sources, relations) look mentions up in and add to.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from store.documents import normalize_name

from ..model import Article, Entity, EntityKind
from .names import (
    GROUP_NOUNS,
    ORG_NOUNS,
    ORG_SUFFIXES,
    PERSON_ROLE_NOUNS,
    SPEECH_LEMMAS,
    Gender,
    bare,
    first_name_genders,
    is_title,
    is_title_noun,
    name_gender,
    role_gender,
    title_gender,
)

KIND_OF_LABEL: dict[str, EntityKind] = {
    "PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "LAW": "DOCUMENT", "WORK_OF_ART": "DOCUMENT", "EVENT": "OTHER", "PRODUCT": "OTHER",
}
_NON_PERSON = frozenset({"ORGANIZATION", "LOCATION", "GROUP", "OTHER"})
_POSSESSIVE = {"'s", "’s", "'", "’"}
_CONNECTORS = {"of", "and", "for", "the", "de", "&", "on", "in"}
# Words after a person's name that turn it into the name of a body: "the Obama administration".
_PERSON_BODIES = {"administration", "government", "campaign", "cabinet", "family", "foundation"}
_DOC_PATTERN = re.compile(
    r"\b(?P<det>[Tt]he)\s+(?P<name>(?:[A-Z0-9][\w/.’'\-]*\s+){1,6}?(?:[Rr]eport|[Ss]tudy|[Mm]emo|"
    r"[Rr]eview|[Aa]udit|[Ss]urvey|[Aa]ssessment|[Dd]ossier|[Ff]indings|[Aa]nalysis|[Mm]emorandum|"
    r"[Ww]hite [Pp]aper|[Ii]ndictment|[Rr]uling))\b"
)
# Proper names of bodies by their last word, for those spaCy misses or cuts ("The Orrin Falls
# Library Workers' Guild" came back as a PERSON "Guild").
_ORG_HEADS = ("Guild|Union|Association|Council|Department|Authority|Institute|Foundation|Party|"
              "Committee|Commission|Agency|Ministry|Bank|Court|Company|Corporation|Group|Club|League|"
              "Society|University|College|Hospital|Centre|Center|Board|Network|Trust|Coalition|"
              "Alliance|Federation|Laboratory|Lab|Office|Service|Fund|Bureau|Directorate|Tribunal")
_ORG_PATTERN = re.compile(
    r"(?<![\w’'])(?P<name>(?:[A-Z][\w\-]*(?:(?<=s)[’'])?\s+(?:(?:of|for|on|de)\s+(?:the\s+)?|and\s+)?){1,6}"
    r"(?:" + _ORG_HEADS + r"))\b(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w\-]*\s*){1,4})?"
)
_APPOSITION_AFTER = re.compile(
    r"\s*,\s*(?P<role>[^,;“”\"()\n]{3,160}?)(?=\s*(?:,|;|\.(?:\s|$)|\)|$|\s+(?:said|says|told|added)\b))"
)
_APPOSITION_BEFORE = re.compile(
    r"(?:^|[\s(“\"])(?P<role>(?:[Aa]n?|[Tt]he|[Aa]nother)\s+[^,;.“”\"\n]{0,90}?(?P<head>[A-Za-z\-]+))\s*,\s*$"
)
_COMMON_NOUNS = frozenset(PERSON_ROLE_NOUNS) | GROUP_NOUNS | ORG_NOUNS
_COUNTRY_PREFIXES = {"us", "u s", "uk", "eu", "un", "federal", "national", "state", "royal"}


@dataclass(frozen=True, order=True)
class Mention:
    start: int  # char span in the article text, end exclusive
    end: int
    key: str


@dataclass
class EntityIndex:
    """The article's entities (local keys "e0", "e1", …), their mentions and a name lookup."""

    entities: list[Entity] = field(default_factory=list)
    publisher: str | None = None
    author: str | None = None  # the byline's name, as written: who "I" is outside quotes
    mentions: list[Mention] = field(default_factory=list)  # sorted by start
    genders: dict[str, Gender] = field(default_factory=dict)  # what titles, names and pronouns tell
    _by_key: dict[str, Entity] = field(default_factory=dict)
    _by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def entity(self, key: str) -> Entity:
        return self._by_key[key]

    def spans(self, key: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.mentions if m.key == key]

    def key_for(self, start: int, end: int) -> str | None:
        """The entity whose mention is exactly this span, else the narrowest mention covering it."""
        best: Mention | None = None
        i = bisect.bisect_right(self.mentions, Mention(start, 1 << 62, ""))
        for m in reversed(self.mentions[:i]):
            if m.start == start and m.end == end:
                return m.key
            if m.end >= end and (best is None or m.end - m.start < best.end - best.start):
                best = m
        return best.key if best else None

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end), in text order."""
        i = bisect.bisect_left(self.mentions, Mention(start, -1, ""))
        out = []
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def lookup(self, name: str, kind: EntityKind | None = None) -> str | None:
        """The entity going by this name (any alias, compared normalized); with `kind`, only one
        whose kind is compatible ("Jordan" the country is not "Jordan" the player)."""
        for key in self._by_name.get(normalize_name(name), ()):
            if kind is None or _compatible(self._by_key[key].kind, kind):
                return key
        return None

    def add(self, name: str, kind: EntityKind, *, start: int | None = None, end: int | None = None,
            role: str | None = None) -> str:
        """Create an entity, or merge into the one already going by this name; returns its key."""
        written = name
        name = clean_name(name)
        if not normalize_name(name):
            raise ValueError(f"entity name {written!r}: nothing left to name once cleaned")
        key = self.lookup(name, kind)
        if key is None:
            key = f"e{len(self.entities)}"
            entity = Entity(key=key, name=name, kind=kind)
            self.entities.append(entity)
            self._by_key[key] = entity
        else:
            entity = self._by_key[key]
            if entity.kind == "OTHER" and kind != "OTHER":
                entity.kind = kind
        self.add_alias(key, name)
        if role:
            self.add_role(key, role)
        if start is not None and end is not None:
            self.add_mention(key, start, end)
        return key

    def add_alias(self, key: str, name: str) -> None:
        entity = self._by_key[key]
        norm = normalize_name(name)
        if not norm:
            return
        if norm != normalize_name(entity.name) and not any(normalize_name(a) == norm for a in entity.aliases):
            entity.aliases.add(name)
        if key not in self._by_name[norm]:
            self._by_name[norm].append(key)

    def add_role(self, key: str, role: str) -> None:
        entity = self._by_key[key]
        role = role.strip(" ,;")
        if role and role not in entity.roles:
            entity.roles.append(role)
            gender = role_gender(role)
            if gender and entity.kind == "PERSON":
                self.genders.setdefault(key, gender)

    def add_mention(self, key: str, start: int, end: int) -> None:
        m = Mention(start, end, key)
        i = bisect.bisect_left(self.mentions, m)
        if i >= len(self.mentions) or self.mentions[i] != m:
            self.mentions.insert(i, m)


def _compatible(a: EntityKind, b: EntityKind) -> bool:
    # spaCy labels one acronym GPE here and ORG there; a person and a place never share a name.
    return a == b or (a in _NON_PERSON and b in _NON_PERSON)


def clean_name(name: str) -> str:
    """A name without surrounding punctuation, leading article or trailing possessive."""
    name = " ".join(name.replace("\n", " ").split()).strip(" ,;:“”‘\"()")
    name = re.sub(r"^'+|''+$", "", name).strip()  # '' used as quotation marks
    if not re.search(r"\b[A-Z]\.$", name):  # keep the period of "U.S."
        name = name.rstrip(".")
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    name = re.sub(r"(?:'s|’s|'|’)$", "", name).strip()
    return "" if name.casefold() in {"the", "a", "an"} else name


# ---------------------------------------------------------------------------------------------
# Finding candidate mentions


@dataclass
class _Cand:
    start: int
    end: int
    name: str  # cleaned, title stripped
    kind: EntityKind
    label: str  # the spaCy label, or the pattern that found it
    weight: float = 1.0
    alias: str | None = None  # a further written form: "President Trump"
    alias_start: int | None = None
    roles: list[str] = field(default_factory=list)
    gender: Gender | None = None  # what a title says: "Mrs. Clinton" is not "Mr. Clinton"
    speaks: bool = False  # stands where a person's name does: "Marsh said" (see _speaks)

    @functools.cached_property
    def norm(self) -> str:
        return normalize_name(self.name)


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop a leading article, anything from an opening parenthesis on, and trailing punctuation."""
    for i, t in enumerate(tokens):
        if t.text in {"(", "[", "“", '"'}:
            tokens = tokens[:i]
            break
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in _POSSESSIVE):
        tokens = tokens[:-1]
    return tokens


def _title_run_before(doc: Doc, i: int) -> int:
    """The first token of the run of capitalised words, possessives and "and" that ends just before
    token i and holds a title noun ("Clarion's Arab Affairs Analyst and Shillman Fellow");
    i when there is none."""
    j = i
    while j > 0:
        t = doc[j - 1]
        if t.is_sent_start and not t.text[:1].isupper() or t.ent_type_ in ("PERSON", "DATE", "TIME"):
            break  # another person's name ends the run: "Texas Sen. Ted Cruz and Florida Sen. …"
        if t.text[:1].isupper() or t.text in _POSSESSIVE or t.lower_ in {"and", "of"}:
            j -= 1
            if t.is_sent_start:
                break
            continue
        break
    while j < i and (doc[j].lower_ in {"and", "of"} or doc[j].text in _POSSESSIVE):
        j += 1
    if any(is_title_noun(doc[k].text) for k in range(j, i)):
        return j
    return i


def _person(doc: Doc, text: str, tokens: list[Token], label: str) -> list[_Cand]:
    """A PERSON entity: split off titles inside it ("Shillman Fellow Ran Meir") and before it
    ("President Trump"), keeping them as role and, for a plain title, as an alias."""
    last_title = -1
    for k, t in enumerate(tokens[:-1]):
        if is_title(t.text):
            last_title = k
    name_tokens = tokens[last_title + 1:]
    first = tokens[0].i
    run_start = _title_run_before(doc, first)
    name_start = name_tokens[0].idx
    end = name_tokens[-1].idx + len(name_tokens[-1].text)
    cand = _Cand(name_start, end, clean_name(text[name_start:end]), "PERSON", label)
    role_start = doc[run_start].idx if run_start < name_tokens[0].i else None
    if role_start is not None:
        prefix = text[role_start:name_start].strip()
        words = prefix.split()
        if any(is_title_noun(w) for w in words) or any(is_title(w) for w in words):
            if any(is_title_noun(w) for w in words):
                cand.roles.append(prefix)
            if all(is_title(w) for w in words):  # "President Trump", "Mr. Smith": a name as used
                cand.alias = f"{prefix} {cand.name}"
                cand.alias_start = role_start
            cand.gender = title_gender(prefix)
    elif first > 0 and doc[first - 1].text.islower() and bare(doc[first - 1].text) in PERSON_ROLE_NOUNS:
        # a lowercase role before the name: "council leader Beatrix Holm", "striker Tariq Lund"
        k = first - 1
        while (k > 0 and doc[k - 1].text.islower() and doc[k - 1].dep_ in ("compound", "amod")
               and first - k < 4):
            k -= 1
        cand.roles.append(text[doc[k].idx:doc[first - 1].idx + len(doc[first - 1].text)])
        cand.gender = role_gender(cand.roles[-1])
    if not cand.name or not any(c.isupper() for c in cand.name):
        return []
    return [cand]


def _candidates_from_ents(doc: Doc, text: str) -> list[_Cand]:
    out: list[_Cand] = []
    ents = list(doc.ents)
    named_elsewhere = {normalize_name(e.text) for e in ents}
    for n, ent in enumerate(ents):
        kind = KIND_OF_LABEL.get(ent.label_)
        if kind is None:
            continue
        tokens = _trim(list(ent))
        if not tokens:
            continue
        if ent.text.isupper() and ent.end < len(doc) and doc[ent.end].text in {"—", "–", "-", "--"}:
            continue  # a dateline: "ORRIN FALLS — The council …"
        # "Margarethe" + "Sandvik"(ORG): a first name spaCy left outside the entity
        first = tokens[0].i
        while (first > 0 and doc[first - 1].tag_ == "NNP" and not doc[first - 1].ent_type_
               and doc[first - 1].text[:1].isupper() and doc[first - 1].text[1:].islower()
               and not is_title(doc[first - 1].text) and tokens[0].i - first < 2):
            first -= 1
        if first < tokens[0].i:
            tokens = [doc[k] for k in range(first, tokens[0].i)] + tokens
        # "The Supporters of" + "Hezbollah": a name spaCy cut before its last word.
        if ent[-1].lower_ in _CONNECTORS and n + 1 < len(ents) and ents[n + 1].start == ent.end:
            whole = _trim(list(ent) + list(ents[n + 1]))
            s, e = whole[0].idx, whole[-1].idx + len(whole[-1].text)
            out.append(_Cand(s, e, clean_name(text[s:e]), "ORGANIZATION", "JOINED"))
            continue
        if tokens[-1].lower_ in _CONNECTORS:
            continue
        # A possessive inside: "Iran's Islamic Revolutionary Guards", "Clarion's Arab Affairs (Analyst)".
        cut = next((k for k, t in enumerate(tokens) if t.text in ("'s", "’s") and k > 0), None)
        if cut is not None:
            owner, owned = tokens[:cut], tokens[cut + 1:]
            s, e = owner[0].idx, owner[-1].idx + len(owner[-1].text)
            out.append(_Cand(s, e, clean_name(text[s:e]), kind if kind != "PERSON" else "OTHER",
                             ent.label_, weight=0.5))
            after = doc[owned[-1].i + 1] if owned and owned[-1].i + 1 < len(doc) else None
            known_owner = normalize_name(text[s:e]) in named_elsewhere
            if len(owned) == 1 and not known_owner and owned[0].text[:1].isupper() and (after is None or not (
                    is_title_noun(after.text) or bare(after.text) in PERSON_ROLE_NOUNS)):
                out.pop()  # "Caesar's Palace", "McDonald's Farm": one name with a possessive in it
                s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                out.append(_Cand(s, e, clean_name(text[s:e]), kind, ent.label_))
                continue
            if not owned or (after is not None and (is_title_noun(after.text) or bare(after.text)
                                                     in PERSON_ROLE_NOUNS)):
                continue
            tokens = owned
            if kind == "PERSON":
                kind = "ORGANIZATION"
        if all(is_title(t.text) for t in tokens):
            continue  # "Supreme" in "Supreme Leader Ali Khomenei"
        if len(tokens) == 1 and bare(tokens[0].text) in _COMMON_NOUNS:
            continue  # "Candidate", "Minister" capitalised at a line's start
        nxt = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
        if kind == "PERSON" and nxt is not None and nxt.lower_ in _PERSON_BODIES:
            s, e = tokens[0].idx, nxt.idx + len(nxt.text)
            out.append(_Cand(s, e, clean_name(text[s:e]), "ORGANIZATION", "PERSON_BODY"))
            continue
        if kind != "PERSON" and _looks_like_a_person(doc, tokens):
            kind = "PERSON"  # "Helena Marsh" labelled ORG, "Olumide Barnes, the lab's director"
        if kind == "PERSON":
            out.extend(_person(doc, text, tokens, ent.label_))
            continue
        s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        name = clean_name(text[s:e])
        if name and any(c.isalpha() for c in name):
            out.append(_Cand(s, e, name, kind, ent.label_, speaks=_speaks(doc, tokens[-1])))
    out.extend(_unlabelled_people(doc, text))
    return out


def _speaks(doc: Doc, head: Token) -> bool:
    """Whether a name stands where a person's does: subject of a speech verb, apposition to a
    role noun ("director, Olumide Barnes"), or after a title ("Dr.", "Councillor")."""
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in SPEECH_LEMMAS:
        return True
    if head.dep_ == "appos" and bare(head.head.text) in PERSON_ROLE_NOUNS:
        return True
    first = head
    while first.i > 0 and doc[first.i - 1].dep_ == "compound" and doc[first.i - 1].text[:1].isupper():
        first = doc[first.i - 1]
    return first.i > 0 and (is_title(doc[first.i - 1].text) or
                            bare(doc[first.i - 1].text) in PERSON_ROLE_NOUNS)


def _looks_like_a_person(doc: Doc, tokens: list[Token]) -> bool:
    """A two- or three-word proper name spaCy did not call a person but that is one: a known
    first name, or a name standing where a person's does (see _speaks)."""
    if not 2 <= len(tokens) <= 3 or not all(t.text[:1].isupper() and t.text[1:].islower() for t in tokens):
        return False
    if any(bare(t.text) in _COMMON_NOUNS or bare(t.text) in ORG_SUFFIXES for t in tokens):
        return False
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in tokens) and tokens[0].ent_iob_ != "B":
        return False
    return bare(tokens[0].text) in first_name_genders() or _speaks(doc, tokens[-1])


def _unlabelled_people(doc: Doc, text: str) -> list[_Cand]:
    """Two- or three-word proper names spaCy left unlabelled that stand where a person's do."""
    out = []
    i = 0
    while i < len(doc):
        t = doc[i]
        if t.tag_ != "NNP" or t.ent_type_ or not t.text[:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and doc[j + 1].tag_ == "NNP" and not doc[j + 1].ent_type_ and j + 1 - i < 3:
            j += 1
        run = [doc[k] for k in range(i, j + 1)]
        while run and is_title(run[0].text):
            run = run[1:]
        if run and _looks_like_a_person(doc, run):
            out.extend(_person(doc, text, run, "NNP_RUN"))
        i = j + 1
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w\-]*", name) if w[0].isupper())


def _acronym_pairs(doc: Doc, text: str) -> list[tuple[_Cand, _Cand]]:
    """"Islamic Revolutionary Guards (IRGC)": the long form and the acronym, one entity."""
    pairs = []
    for t in doc:
        if t.text != "(" or t.i + 2 >= len(doc) or doc[t.i + 2].text != ")":
            continue
        acr = doc[t.i + 1]
        if not re.fullmatch(r"[A-Z][A-Z0-9&\-]{1,9}s?", acr.text):
            continue
        j = t.i
        while j > 0:
            p = doc[j - 1]
            if p.text[:1].isupper() and not p.is_punct and p.text not in _POSSESSIVE:
                j -= 1
            elif p.lower_ in _CONNECTORS and j < t.i and doc[j].text[:1].isupper():
                j -= 1
            else:
                break
        while j < t.i and (doc[j].lower_ in _CONNECTORS or doc[j].is_sent_start and doc[j].lower_ == "a"):
            j += 1
        if j >= t.i:
            continue
        s, e = doc[j].idx, doc[t.i - 1].idx + len(doc[t.i - 1].text)
        long = clean_name(text[s:e])
        ini, a = _initials(long).upper(), acr.text.rstrip("s").replace("&", "").replace("-", "")
        if not ini or ini[0] != a[0] or not (a.startswith(ini) or ini.startswith(a) or _subsequence(ini, a)):
            continue
        kind = KIND_OF_LABEL.get(acr.ent_type_ or doc[j].ent_type_, "ORGANIZATION")
        kind = "ORGANIZATION" if kind in ("PERSON", "LOCATION", "OTHER") else kind
        pairs.append((_Cand(s, e, long, kind, "ACRONYM_DEF", weight=3.0),
                      _Cand(acr.idx, acr.idx + len(acr.text), acr.text, kind, "ACRONYM_DEF", weight=3.0)))
    return pairs


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _documents(text: str) -> list[_Cand]:
    out = []
    for m in _DOC_PATTERN.finditer(text):
        name = m.group("name")
        words = name.split()
        if len(words) < 2 or words[0].casefold() in {"same", "new", "latest", "first", "final", "full"}:
            continue
        out.append(_Cand(m.start(), m.end(), clean_name(name), "DOCUMENT", "DOC_PATTERN"))
    return out


def _with_named_bodies(cands: list[_Cand], text: str) -> list[_Cand]:
    """Add the organisations _ORG_PATTERN finds that no candidate already covers, and drop the
    candidates strictly inside them (a town's name inside its library guild's, a stray "Guild")."""
    found = []
    for m in _ORG_PATTERN.finditer(text):
        start, end = m.start(), m.end()
        name = m.group(0).rstrip()
        first = name.split()[0]
        if first in {"The", "A", "An", "In", "On", "At", "But", "And", "For", "By", "When", "After"}:
            start += len(first) + 1
            name = name[len(first) + 1:]
        if len(name.split()) < 2 or any(c.start <= start and end <= c.end for c in cands):
            continue
        if any(c.kind == "PERSON" and len(c.norm.split()) > 1 and start <= c.start and c.end <= end
               for c in cands):
            continue  # "Daniel Ortiz and Harbor Authority": a person, then a body
        found.append(_Cand(start, start + len(name), clean_name(name), "ORGANIZATION", "ORG_PATTERN"))
    kept = [c for c in cands if not any(f.start <= c.start and c.end <= f.end and (f.start, f.end) != (
        c.start, c.end) for f in found)]
    return kept + found


def _groups(doc: Doc, text: str) -> list[_Cand]:
    """ "Canadian officials", "Iranian intelligence officials": nationality + people, plural."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "NORP":
            continue
        k = ent.end
        if k < len(doc) and doc[k].text.islower() and doc[k].lower_ not in GROUP_NOUNS and k + 1 < len(doc):
            k += 1  # one modifier: "Iranian intelligence officials"
        if k < len(doc) and doc[k].lower_ in GROUP_NOUNS:
            s, e = ent.start_char, doc[k].idx + len(doc[k].text)
            out.append(_Cand(s, e, clean_name(text[s:e]), "GROUP", "GROUP"))
    return out


# ---------------------------------------------------------------------------------------------
# Merging candidates into entities


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _family(c: _Cand) -> str:
    if c.kind == "PERSON":
        return "P"
    if c.kind == "DOCUMENT":
        return "D"
    return "N"


def _core(norm: str, places: set[str]) -> str:
    """An organisation's name without a leading place or nationality and a trailing generic word:
    "us treasury department" -> "treasury", "iranian red crescent" -> "red crescent"."""
    ws = norm.split()
    while len(ws) > 1 and (ws[0] in places or ws[0] in _COUNTRY_PREFIXES):
        ws = ws[1:]
    if len(ws) > 1 and ws[0] == "u" and ws[1] == "s":
        ws = ws[2:]
    while len(ws) > 1 and ws[-1] in ORG_SUFFIXES:
        ws = ws[:-1]
    return " ".join(ws)


def _merge(cands: list[_Cand], pairs: list[tuple[int, int]], places: set[str]) -> _Union:
    u = _Union(len(cands))
    for a, b in pairs:
        u.join(a, b)
    first_by_name: dict[tuple[str, str, str | None], int] = {}
    for i, c in enumerate(cands):
        lone_surname = c.kind == "PERSON" and len(c.norm.split()) == 1
        key = (_family(c), c.norm, c.gender if lone_surname else None)
        if key in first_by_name:
            u.join(first_by_name[key], i)
        else:
            first_by_name[key] = i
    # A surname alone after the full name: "Allahkaram" -> "Hossein Allahkaram". spaCy sometimes
    # labels the lone surname ORG; a place ("Jordan") never joins a person.
    by_surname: dict[str, list[tuple[int, _Cand]]] = defaultdict(list)
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) > 1:
            last = c.norm.split()[-1]
            for surname in {last, last.split("-")[-1]}:
                by_surname[surname].append((i, c))
    for i, c in enumerate(cands):
        if len(c.norm.split()) != 1 or not (c.kind == "PERSON" or c.label == "ORG" or c.speaks):
            continue
        matches = [(j, f) for j, f in by_surname.get(c.norm, [])
                   if not c.gender or (f.gender or name_gender(f.name)) in (None, c.gender)]
        if not matches:
            continue
        before = [m for m in matches if m[1].start < c.start]
        j = before[-1][0] if before else matches[0][0]
        if len({u.find(m[0]) for m in matches}) > 1 and not before:
            continue  # two people share the surname and neither came first: leave it
        c.kind = "PERSON"
        u.join(j, i)
    # A first name alone, labelled a person, for the one person of the article who has it ("Tariq"
    # after "Tariq Lund"), unless it is somebody's surname too.
    by_first: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) > 1:
            by_first[c.norm.split()[0]].add(u.find(i))
    for i, c in enumerate(cands):
        if (c.kind == "PERSON" and c.label == "PERSON" and len(c.norm.split()) == 1 and not c.gender
                and c.norm not in by_surname and len(by_first.get(c.norm, ())) == 1):
            u.join(next(iter(by_first[c.norm])), i)
    # "Clinton" with no full name around: the one "Mrs. Clinton" or "Mr. Clinton" of the article.
    lone: dict[str, dict[str | None, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, c in enumerate(cands):
        if c.kind == "PERSON" and len(c.norm.split()) == 1 and c.norm not in by_surname:
            lone[c.norm][c.gender].add(u.find(i))
    for genders in lone.values():
        titled = set().union(*(roots for g, roots in genders.items() if g))
        if len(titled) == 1 and None in genders:
            for root in genders[None]:
                u.join(next(iter(titled)), root)
    # An acronym used without its definition: "the FBI" after "the Federal Bureau of Investigation".
    orgs = [(i, c) for i, c in enumerate(cands) if c.kind == "ORGANIZATION"]
    for i, c in orgs:
        if re.fullmatch(r"[A-Z]{2,6}", c.name):
            for j, o in orgs:
                if len(o.name.split()) > 1 and _initials(o.name) == c.name:
                    u.join(j, i)
                    break
    # A short name inside a longer one of the same body: "Treasury" / "U.S. Treasury Department".
    by_core: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(cands):
        if _family(c) == "N" and c.kind != "LOCATION":
            core = _core(c.norm, places)
            if core != c.norm:
                by_core[core].add(u.find(i))
    for i, c in enumerate(cands):
        if _family(c) == "N":
            roots = by_core.get(c.norm, set())
            if len(roots) == 1:
                u.join(next(iter(roots)), i)
    # The first words of a company's name, or a club's last: "Halvorsen" / "Halvorsen Foods",
    # "Rovers" / "Harrowgate Rovers" — when exactly one organisation of the article fits.
    long_orgs = [(i, c) for i, c in enumerate(cands) if c.kind == "ORGANIZATION" and len(c.norm.split()) > 1
                 and not set(c.norm.split()[1:]) & _PERSON_BODIES]
    with_person = {u.find(i) for i, c in enumerate(cands) if c.kind == "PERSON" and len(c.norm.split()) > 1}
    for i, c in enumerate(cands):
        ws = c.norm.split()
        if not ws or len(ws) > 2 or c.kind in ("LOCATION", "DOCUMENT", "GROUP") or u.find(i) in with_person:
            continue
        if ws[-1] in _COMMON_NOUNS or ws[-1] in ORG_SUFFIXES or (c.kind == "PERSON" and c.gender):
            continue
        fits = {u.find(j) for j, o in long_orgs
                if o.norm.split()[:len(ws)] == ws or (len(ws) == 1 and o.norm.split()[-1] == ws[0])}
        fits.discard(u.find(i))
        if len(fits) == 1:
            root = next(iter(fits))
            for k, o in enumerate(cands):
                if u.find(k) == u.find(i):
                    o.kind = "ORGANIZATION"  # spaCy's PERSON on a lone company name
            u.join(root, i)
    return u


_KIND_PRIORITY: dict[EntityKind, int] = {"ORGANIZATION": 3, "LOCATION": 2, "GROUP": 1, "OTHER": 0,
                                         "PERSON": 4, "DOCUMENT": 5}


def _vote_kind(members: list[_Cand]) -> EntityKind:
    if any(c.kind == "PERSON" for c in members):
        return "PERSON"
    if any(c.kind == "DOCUMENT" for c in members):
        return "DOCUMENT"
    votes: dict[EntityKind, float] = defaultdict(float)
    for c in members:
        votes[c.kind] += c.weight
    return max(votes, key=lambda k: (votes[k], _KIND_PRIORITY[k]))


def _canonical(members: list[_Cand]) -> str:
    """The fullest proper form: not an acronym, most words, capitalised, first seen."""

    def rank(ic: tuple[int, _Cand]) -> tuple[int, int, int, int]:
        i, c = ic
        acronym = bool(re.fullmatch(r"[A-Z0-9&.\-]+s?", c.name))
        return (not acronym, any(ch.isupper() for ch in c.name), len(c.name.split()), -i)

    return max(enumerate(members), key=rank)[1].name


def _roles_after(text: str, end: int) -> str | None:
    """ "X, an IRGC official who leads …," -> "an IRGC official who leads …" when it names a role."""
    m = _APPOSITION_AFTER.match(text, end, min(len(text), end + 200))
    if not m:
        return None
    role = m.group("role").strip()
    ws = [bare(w) for w in re.findall(r"[A-Za-z’'\-]+", role)]
    if not ws or ws[0] in {"who", "which", "that", "now", "and", "but", "said", "says"}:
        return None
    if re.fullmatch(r"[a-z]+(?:ing|ed)", ws[0]) and ws[0] not in {"leading", "ranking", "founding"}:
        return None  # a participle clause: "…, providing a boost to the candidate"
    if not any(w in PERSON_ROLE_NOUNS for w in ws[:8]):
        return None
    return role


def _roles_before(text: str, start: int) -> str | None:
    """ "a company spokeswoman, Dana Whitfield" -> "a company spokeswoman"."""
    m = _APPOSITION_BEFORE.search(text, max(0, start - 120), start)
    if not m or bare(m.group("head")) not in PERSON_ROLE_NOUNS:
        return None
    return m.group("role").strip()


def find_entities(doc: Doc, article: Article) -> EntityIndex:
    """The article's entities with merged aliases, roles, mentions and the publisher."""
    text = doc.text  # built from the tokens on every access: read it once
    cands = _with_named_bodies(_candidates_from_ents(doc, text), text)
    pairs: list[tuple[int, int]] = []
    for long, acr in _acronym_pairs(doc, text):
        cands.extend((long, acr))
        pairs.append((len(cands) - 2, len(cands) - 1))
    cands.extend(_documents(text))
    cands.extend(_groups(doc, text))
    places = {normalize_name(e.text) for e in doc.ents if e.label_ in ("GPE", "NORP", "LOC")}
    union = _merge(cands, pairs, places)

    clusters: dict[int, list[_Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        clusters[union.find(i)].append(c)
    index = EntityIndex(author=article.author)
    for root in sorted(clusters, key=lambda r: min(c.start for c in clusters[r])):
        members = sorted(clusters[root], key=lambda c: c.start)
        kind = _vote_kind(members)
        key = index.add(_canonical(members), kind)
        entity = index.entity(key)
        entity.name = _canonical(members)  # add() may have merged into an entity named otherwise
        for c in members:
            index.add_alias(key, c.name)
            index.add_mention(key, c.start, c.end)
            if c.alias and c.alias_start is not None:
                index.add_alias(key, c.alias)
                index.add_mention(key, c.alias_start, c.end)
                gender = title_gender(c.alias)
                if gender:
                    index.genders.setdefault(key, gender)
            for role in c.roles:
                index.add_role(key, role)
            if kind == "PERSON":
                for role in filter(None, (_roles_after(text, c.end), _roles_before(text, c.start))):
                    index.add_role(key, role)
        if kind == "PERSON" and key not in index.genders:
            for name in [entity.name, *sorted(entity.aliases)]:
                gender = name_gender(name)
                if gender:
                    index.genders[key] = gender
                    break
    _find_repeats(text, index)
    if article.publisher:
        index.publisher = attach_publisher(index, article.publisher, places)
    return index


def _find_repeats(text: str, index: EntityIndex) -> None:
    """Mentions spaCy did not label: "Larijani also gave details" after "Mohammad-Javad Larijani",
    "IRGC" where it tagged nothing. Names are matched as written (case-sensitive, whole words)."""
    names: dict[str, str | None] = {}
    for e in index.entities:
        if e.kind == "DOCUMENT":
            continue
        forms = {e.name, *e.aliases}
        if e.kind == "PERSON":
            forms |= {n.split()[-1] for n in list(forms) if len(n.split()) > 1}
        for form in forms:
            if len(form) < 3 or not form[:1].isupper():
                continue
            # a surname two people share names neither
            names[form] = None if names.get(form, e.key) != e.key else e.key
    usable = {n: k for n, k in names.items() if k is not None}
    if not usable:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(usable, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w\-])(?:" + alternatives + r")(?![\w\-])")
    taken = [(m.start, m.end) for m in index.mentions]
    for m in pattern.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in taken):
            continue
        key = usable[m.group(0)]
        index.add_mention(key, start, end)
        index.add_alias(key, m.group(0))


def attach_publisher(index: EntityIndex, publisher: str, places: set[str] | None = None) -> str | None:
    """The publisher as an ORGANIZATION entity, merged with the organisation of the text it names
    or abbreviates ("clarion" -> "Clarion Project", "The Meridian Post" -> "Meridian Post")."""
    name = clean_name(publisher)
    norm = normalize_name(name)
    if not norm:
        return None
    places = places or set()
    for e in index.entities:
        if e.kind not in ("ORGANIZATION", "OTHER", "GROUP"):
            continue
        names = [e.name, *e.aliases]
        norms = {normalize_name(n) for n in names}
        cores = {_core(n, places) for n in norms}
        firsts = {n.split()[0] for n in norms if len(n.split()) > 1}
        initials = {_initials(n).casefold() for n in names if len(n.split()) > 1}
        if norm in norms or norm in cores or norm in firsts or norm.replace(" ", "") in initials:
            index.add_alias(e.key, name)
            if e.kind != "ORGANIZATION":
                e.kind = "ORGANIZATION"
            return e.key
    return index.add(name, "ORGANIZATION")
