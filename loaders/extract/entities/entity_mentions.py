"""Candidate entity mentions in one parsed article, before they are merged into entities.

spaCy's named entities, cleaned (no leading "the", no possessive owner, titles split off a person's
name and kept as roles, datelines skipped, mislabelled people relabelled), plus what spaCy misses:
a parenthesised acronym with its long form, "the September 11 report", "Canadian officials",
"the Obama administration", bodies named by their last word ("… Workers' Guild"), unlabelled
people standing where a person's name does. Roles from appositions are read here too.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from store.documents import normalize_name

from ...model import EntityKind
from ..names import (
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
    role_gender,
    title_gender,
)
from .entity_index import clean_name

KIND_OF_LABEL: dict[str, EntityKind] = {
    "PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "LAW": "DOCUMENT", "WORK_OF_ART": "DOCUMENT", "EVENT": "OTHER", "PRODUCT": "OTHER",
}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_CONNECTORS = {"of", "and", "for", "the", "de", "&", "on", "in"}
# Words after a person's name that turn it into the name of a body: "the Obama administration".
PERSON_BODIES = {"administration", "government", "campaign", "cabinet", "family", "foundation"}
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
COMMON_NOUNS = frozenset(PERSON_ROLE_NOUNS) | GROUP_NOUNS | ORG_NOUNS


@dataclass
class Candidate:
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


def _person(doc: Doc, text: str, tokens: list[Token], label: str) -> list[Candidate]:
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
    cand = Candidate(name_start, end, clean_name(text[name_start:end]), "PERSON", label)
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


def _candidates_from_ents(doc: Doc, text: str) -> list[Candidate]:
    out: list[Candidate] = []
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
            out.append(Candidate(s, e, clean_name(text[s:e]), "ORGANIZATION", "JOINED"))
            continue
        if tokens[-1].lower_ in _CONNECTORS:
            continue
        # A possessive inside: "Iran's Islamic Revolutionary Guards", "Clarion's Arab Affairs (Analyst)".
        cut = next((k for k, t in enumerate(tokens) if t.text in ("'s", "’s") and k > 0), None)
        if cut is not None:
            owner, owned = tokens[:cut], tokens[cut + 1:]
            s, e = owner[0].idx, owner[-1].idx + len(owner[-1].text)
            out.append(Candidate(s, e, clean_name(text[s:e]), kind if kind != "PERSON" else "OTHER",
                             ent.label_, weight=0.5))
            after = doc[owned[-1].i + 1] if owned and owned[-1].i + 1 < len(doc) else None
            known_owner = normalize_name(text[s:e]) in named_elsewhere
            if len(owned) == 1 and not known_owner and owned[0].text[:1].isupper() and (after is None or not (
                    is_title_noun(after.text) or bare(after.text) in PERSON_ROLE_NOUNS)):
                out.pop()  # "Caesar's Palace", "McDonald's Farm": one name with a possessive in it
                s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                out.append(Candidate(s, e, clean_name(text[s:e]), kind, ent.label_))
                continue
            if not owned or (after is not None and (is_title_noun(after.text) or bare(after.text)
                                                     in PERSON_ROLE_NOUNS)):
                continue
            tokens = owned
            if kind == "PERSON":
                kind = "ORGANIZATION"
        if all(is_title(t.text) for t in tokens):
            continue  # "Supreme" in "Supreme Leader Ali Khomenei"
        if len(tokens) == 1 and bare(tokens[0].text) in COMMON_NOUNS:
            continue  # "Candidate", "Minister" capitalised at a line's start
        nxt = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
        if kind == "PERSON" and nxt is not None and nxt.lower_ in PERSON_BODIES:
            s, e = tokens[0].idx, nxt.idx + len(nxt.text)
            out.append(Candidate(s, e, clean_name(text[s:e]), "ORGANIZATION", "PERSON_BODY"))
            continue
        if kind == "PERSON" and len(tokens) > 1 and bare(tokens[-1].text) in ORG_SUFFIXES:
            kind = "ORGANIZATION"  # "Quellin Biosciences" labelled a person
        if kind != "PERSON" and _looks_like_a_person(doc, tokens):
            kind = "PERSON"  # "Helena Marsh" labelled ORG, "Olumide Barnes, the lab's director"
        if kind == "PERSON":
            out.extend(_person(doc, text, tokens, ent.label_))
            continue
        s, e = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        name = clean_name(text[s:e])
        if name and any(c.isalpha() for c in name):
            out.append(Candidate(s, e, name, kind, ent.label_, speaks=_speaks(doc, tokens[-1])))
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
    if any(bare(t.text) in COMMON_NOUNS or bare(t.text) in ORG_SUFFIXES for t in tokens):
        return False
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in tokens) and tokens[0].ent_iob_ != "B":
        return False
    return bare(tokens[0].text) in first_name_genders() or _speaks(doc, tokens[-1])


def _unlabelled_people(doc: Doc, text: str) -> list[Candidate]:
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


def initials_of(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w\-]*", name) if w[0].isupper())


def _acronym_pairs(doc: Doc, text: str) -> list[tuple[Candidate, Candidate]]:
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
        ini, a = initials_of(long).upper(), acr.text.rstrip("s").replace("&", "").replace("-", "")
        if not ini or ini[0] != a[0] or not (a.startswith(ini) or ini.startswith(a) or _subsequence(ini, a)):
            continue
        kind = KIND_OF_LABEL.get(acr.ent_type_ or doc[j].ent_type_, "ORGANIZATION")
        kind = "ORGANIZATION" if kind in ("PERSON", "LOCATION", "OTHER") else kind
        pairs.append((Candidate(s, e, long, kind, "ACRONYM_DEF", weight=3.0),
                      Candidate(acr.idx, acr.idx + len(acr.text), acr.text, kind, "ACRONYM_DEF", weight=3.0)))
    return pairs


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


# "SOLHAVEN — ", "PORT ELLERY, Maine — " opening a paragraph: the place the story was filed from.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"  # SOLHAVEN, PORT ELLERY
    r"(?:,[ \t]+[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"  # , Maine
    r"[ \t]+(?:\u2014|\u2013|--|-)[ \t]"
)


def _datelines(text: str) -> list[Candidate]:
    """The dateline's place, as a LOCATION named the way the story would write it ("Port Ellery").
    spaCy rarely tags a capitalised dateline, and a fictional or small town is often named nowhere
    else in the article."""
    out = []
    for m in _DATELINE.finditer(text):
        place = m.group("place")
        if len(place.replace(".", "")) < 3:
            continue
        name = " ".join(w.capitalize() if w.isalpha() else w.title() for w in place.split())
        # A dateline says what the name is: it outvotes spaCy reading the town as a person
        # elsewhere ("the Orrin Falls city council").
        out.append(Candidate(m.start("place"), m.end("place"), name, "LOCATION", "DATELINE", weight=3.0))
    return out


def _documents(text: str) -> list[Candidate]:
    out = []
    for m in _DOC_PATTERN.finditer(text):
        name = m.group("name")
        words = name.split()
        if len(words) < 2 or words[0].casefold() in {"same", "new", "latest", "first", "final", "full"}:
            continue
        out.append(Candidate(m.start(), m.end(), clean_name(name), "DOCUMENT", "DOC_PATTERN"))
    return out


def _with_named_bodies(cands: list[Candidate], text: str) -> list[Candidate]:
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
        found.append(Candidate(start, start + len(name), clean_name(name), "ORGANIZATION", "ORG_PATTERN"))
    kept = [c for c in cands if not any(f.start <= c.start and c.end <= f.end and (f.start, f.end) != (
        c.start, c.end) for f in found)]
    return kept + found


def _groups(doc: Doc, text: str) -> list[Candidate]:
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
            out.append(Candidate(s, e, clean_name(text[s:e]), "GROUP", "GROUP"))
    return out


def roles_after(text: str, end: int) -> str | None:
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


def roles_before(text: str, start: int) -> str | None:
    """ "a company spokeswoman, Dana Whitfield" -> "a company spokeswoman"."""
    m = _APPOSITION_BEFORE.search(text, max(0, start - 120), start)
    if not m or bare(m.group("head")) not in PERSON_ROLE_NOUNS:
        return None
    return m.group("role").strip()


def find_candidates(doc: Doc, text: str) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Every candidate mention, and the pairs (by index) that must be one entity: an acronym and
    the long form it follows in parentheses."""
    cands = _with_named_bodies(_candidates_from_ents(doc, text), text)
    pairs: list[tuple[int, int]] = []
    for long, acr in _acronym_pairs(doc, text):
        cands.extend((long, acr))
        pairs.append((len(cands) - 2, len(cands) - 1))
    cands.extend(_documents(text))
    cands.extend(_datelines(text))
    cands.extend(_groups(doc, text))
    return cands, pairs
