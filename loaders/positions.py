"""Positions over time: when a statement was made, the roles an actor held and when, and what a
contradiction between two statements of one actor is.

Dates are ISO 8601 prefixes of the precision the text gives: "2021", "2021-07", "2021-07-14".
Two dates compare at the precision both have, so "2021" is neither before nor after "2021-07-14".

  said_on        a claim's date: its `stated_at` when the article dates it ("In 2021, Brun
                 said" -> "2021"; "in March" -> March of the article's year, or of the year before
                 when March is still to come), else the article's publication date.
  role facts     an entity's roles as dated facts, from the role words the articles give it
                 ("former spokesman for the KBPA", "the authority's current spokeswoman",
                 "then an opposition member", "who left the job in 2025", "now retired") and the
                 articles' dates: `since` is the earliest date an article shows the role held (or
                 the year the text gives it, for "then …"), `until` the earliest date by which it
                 had ended ("former …" in an article of that date, or the date the text gives:
                 "left the authority in April"). Each keeps the words and the article it rests on.
  labels         an INFERRED contradiction between two claims of one speaker is a
                 POSITION_CHANGE when a role of theirs ended between the two dates, or when the
                 dates differ (a dated reversal: "In 2021, Brun said … safe" vs "not safe" today),
                 and a SELF_CONTRADICTION when nothing tells the two dates apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from store.documents import normalize_name

SELF_CONTRADICTION = "SELF_CONTRADICTION"
POSITION_CHANGE = "POSITION_CHANGE"

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = re.compile(
    r"\b(jan(?:uary|\.)?|feb(?:ruary|\.)?|march|april|may|june|july|aug(?:ust|\.)?|sept?(?:ember|\.)?|"
    r"oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?:\s+(\d{1,2})\b)?",
    re.IGNORECASE,
)


# -- dates ---------------------------------------------------------------------------------------
def iso_date(value: object) -> str | None:
    """The ISO date prefix at the start of `value` ("2026-05-19T10:00" -> "2026-05-19"), or None."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        return year
    return "-".join(p for p in (year, month, day) if p)


def date_in_words(text: str, reference: str | None) -> str | None:
    """A date written in words ("2021", "July 2011", "Oct. 14", "in March") as an ISO prefix. A
    month without a year is in the reference date's year, or the year before when that month is
    still to come at the reference date. None when the words hold no year and no month, or a month
    but no reference year."""
    year_m = _YEAR.search(text)
    month_m = _MONTH.search(text)
    month = _MONTHS[month_m.group(1)[:3].lower()] if month_m else None
    day = int(month_m.group(2)) if month_m and month_m.group(2) else None
    if year_m:
        year = int(year_m.group(1))
    else:
        ref = iso_date(reference)
        if month is None or ref is None:
            return None
        year = int(ref[:4])
        ref_month = int(ref[5:7]) if len(ref) >= 7 else 12
        if month > ref_month:
            year -= 1
    if month is None:
        return f"{year:04d}"
    if day is not None and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


def said_on(stated_at: object, published_at: object) -> str | None:
    """When a claim was made: its `stated_at` read as a date, else the article's date."""
    published = iso_date(published_at)
    if isinstance(stated_at, str) and stated_at.strip():
        dated = date_in_words(stated_at, published)
        if dated is not None:
            return dated
    return published


def timeline_key(claim: Mapping[str, Any]) -> str:
    """The sort key of a claim in its speaker's timeline: its date (undated last), then `order`."""
    return f"{claim.get('said_on') or '9999'}|{claim.get('order') or ''}"


def before(a: str | None, b: str | None) -> bool:
    """Whether date `a` is before date `b` at the precision both have (False when either is
    unknown): "2021" is before "2022-01-05", but not before "2021-07-14"."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] < b[:n]


# -- role facts ----------------------------------------------------------------------------------
_HONORIFICS = frozenset("dr dr. mr mr. mrs mrs. ms ms. prof prof. professor sir dame but".split())
_DETERMINERS = frozenset("a an the another one".split())
_PAST = frozenset({"former", "ex", "onetime", "one-time", "erstwhile", "then"})
_PRESENT = frozenset({"current", "currently", "now", "incumbent", "sitting", "serving"})
_ORG_LINK = re.compile(r"\s+(?:for|of|at|with|to)\s+(.+)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(.+?)['\u2019]s?\s+(.+)$")
_RELATIVE = re.compile(r",?\s+(?:who|which|that)\b.*$", re.IGNORECASE | re.DOTALL)
_LEFT = re.compile(
    r"\b(?:left|quit|resigned|retired|stepped\s+down|was\s+(?:fired|dismissed|replaced))\b[^.;]*?"
    r"\b(?:in|on|last)\s+([A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?|\d{4})",
)
_RETIRED = re.compile(r"\bnow\s+retired\b|\bhas\s+(?:since\s+)?retired\b|\bretired\s+(?:in|last)\b", re.I)
_THEN = re.compile(r"^\s*then[\s-]+", re.IGNORECASE)
_ACRONYM = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class RoleObservation:
    """One article's word on one role of an entity."""

    title: str
    organisation: str | None
    held: str | None  # a date the role was held at
    ended: str | None  # a date by which it had ended
    evidence: str
    article_id: str

    @property
    def key(self) -> str:
        """One role: its title and organisation, the organisation's acronym in brackets left out
        ("Kelby Bay Port Authority (KBPA)" is the "Kelby Bay Port Authority")."""
        organisation = _ACRONYM.sub("", self.organisation or "")
        return f"{self.title.casefold()}|{normalize_name(organisation)}"


def _strip_words(words: list[str], drop: frozenset[str]) -> list[str]:
    while words and words[0].casefold().strip(",") in drop:
        words = words[1:]
    return words


def parse_role(role: str) -> tuple[str, str | None, str] | None:
    """(title, organisation, tense) of a role as written: tense "past" ("former spokesman",
    "then an opposition member"), "present" ("current spokeswoman", "now …") or "plain". None for
    what is no role (an honorific such as "Dr.", empty words)."""
    text = " ".join(role.replace("\u2019", "'").split())
    tense = "plain"
    if _THEN.match(text):
        tense, text = "past", _THEN.sub("", text)
    text = _RELATIVE.sub("", text).strip(" ,.;")
    words = text.split()
    words = _strip_words(words, _DETERMINERS)
    for _ in range(3):  # "a former", "the then", "the current"
        first = words[0].casefold().rstrip("-") if words else ""
        if first in _PAST or first.startswith("ex-"):
            tense = "past"
            words = [words[0][3:]] + words[1:] if first.startswith("ex-") and len(first) > 3 else words[1:]
        elif first in _PRESENT:
            tense = "present" if tense == "plain" else tense
            words = words[1:]
        else:
            words = _strip_words(words, _DETERMINERS)
            break
        words = _strip_words(words, _DETERMINERS)
    words = [w for w in words if w.casefold() not in ("herself", "himself", "themselves")]
    if not words or all(w.casefold() in _HONORIFICS for w in words):
        return None
    phrase = " ".join(words)
    organisation: str | None = None
    owned = _POSSESSIVE.match(phrase)
    if owned and not _ORG_LINK.search(owned.group(1)):
        # "the authority's current spokeswoman", "Kelby Bay's mayor": the possessor is the organisation
        organisation, phrase = owned.group(1).strip(), owned.group(2).strip()
    elif (linked := _ORG_LINK.search(phrase)) is not None:
        organisation, phrase = linked.group(1).strip(), phrase[: linked.start()].strip()
    title_words = phrase.split()
    # "the authority's current spokeswoman": the tense word may follow the possessive.
    while title_words and title_words[0].casefold() in _PAST | _PRESENT:
        tense = "past" if title_words[0].casefold() in _PAST else ("present" if tense == "plain" else tense)
        title_words = title_words[1:]
    if organisation:
        org_words = _strip_words(organisation.split(), _DETERMINERS)
        organisation = " ".join(org_words) or None
    if not title_words or all(w.casefold() in _HONORIFICS for w in title_words):
        return None
    return " ".join(title_words), organisation, tense


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


def role_observations(
    roles: Iterable[str], names: Iterable[str], text: str, published_at: str | None, article_id: str
) -> list[RoleObservation]:
    """What one article says about an entity's roles, dated: `roles` as the extraction gives them,
    `names` the names the article calls the entity by (for "NAME, who left the authority in April"
    and "NAME, now retired"), `text` the article's text."""
    published = iso_date(published_at)
    # When the text says the actor left a post: that date ends the roles this article calls former.
    left_on: str | None = None
    left_words: str | None = None
    retired: str | None = None
    for name in sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            tail = text[m.end() : m.end() + 160]
            if not tail.startswith(","):
                continue
            clause = tail[1:].split(".")[0]
            clause = re.split(r",\s+(?:said|told|added|says)\b", clause)[0]
            left = _LEFT.search(clause)
            if left and left_on is None:
                left_on = date_in_words(left.group(1), published)
                left_words = f"{name}, {clause.strip()[: left.end()]}".strip(" ,")
            if _RETIRED.search(clause) and retired is None:
                retired = f"{name}, {clause.strip()}".strip(" ,")[:120]
    out: list[RoleObservation] = []
    for role in roles:
        parsed = parse_role(role)
        if parsed is None:
            continue
        title, organisation, tense = parsed
        held = ended = None
        evidence = role.strip()
        in_role = _LEFT.search(role)
        if in_role:  # "a former spokesman for the health authority who left the job in 2025"
            ended = date_in_words(in_role.group(1), published)
            tense = "past"
        if tense == "past":
            ended = ended or left_on or published
            if left_on and not in_role and left_words:
                evidence = f"{evidence}; {left_words}"
            at = text.find(role.strip())
            if role.strip().lower().startswith("then") and at != -1:  # "In 2019, Varga, then …"
                sentence = _sentence_around(text, at, at + len(role))
                year = _YEAR.search(sentence)
                if year and (ended is None or year.group(1) <= ended[:4]):
                    held = year.group(1)
        else:
            held = published
        out.append(RoleObservation(title, organisation, held, ended, evidence, article_id))
    if retired is not None:
        out.append(RoleObservation("retired", None, left_on or published, None, retired, article_id))
    return out


def _fuller(a: str | None, b: str | None) -> str | None:
    """Of two spellings of one title or organisation, the fuller one, whichever comes first
    ("Kelby Bay Port Authority (KBPA)" over "Kelby Bay Port Authority")."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (len(s), s))


def _earliest(a: tuple[str, str, str] | None, b: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
    """The earlier of two (date, article id, evidence) triples, whichever order they come in."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def merge_role_facts(
    facts: Sequence[Mapping[str, Any]], observations: Iterable[RoleObservation]
) -> list[dict[str, Any]]:
    """An entity's `role_facts` with these observations merged in: one fact per (title,
    organisation), `since` and `until` the earliest dates observed, each with its words and
    article. Order-free and idempotent, so reruns and any load order give the same facts."""
    by_key: dict[str, dict[str, Any]] = {f["key"]: dict(f) for f in facts if isinstance(f.get("key"), str)}
    for obs in observations:
        fact = by_key.setdefault(
            obs.key,
            {"key": obs.key, "title": obs.title, "organisation": obs.organisation, "since": None,
             "since_evidence": None, "since_article": None, "until": None, "until_evidence": None,
             "until_article": None},
        )  # fmt: skip
        fact["title"] = _fuller(fact["title"], obs.title)
        fact["organisation"] = _fuller(fact["organisation"], obs.organisation)
        for end, date in (("since", obs.held), ("until", obs.ended)):
            if date is None:
                continue
            now = (fact[end], fact[f"{end}_article"], fact[f"{end}_evidence"]) if fact[end] else None
            pick = _earliest(now, (date, obs.article_id, obs.evidence))
            assert pick is not None
            fact[end], fact[f"{end}_article"], fact[f"{end}_evidence"] = pick
    return [by_key[k] for k in sorted(by_key)]


def merge_fact_lists(
    kept: Sequence[Mapping[str, Any]], merged: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The role facts of two entities made one (mergeEntities): one fact per role, the earliest
    dates of either with their words and articles."""
    by_key: dict[str, dict[str, Any]] = {f["key"]: dict(f) for f in kept if isinstance(f.get("key"), str)}
    for fact in merged:
        key = fact.get("key")
        if not isinstance(key, str):
            continue
        if key not in by_key:
            by_key[key] = dict(fact)
            continue
        into = by_key[key]
        into["title"] = _fuller(into.get("title"), fact.get("title"))
        into["organisation"] = _fuller(into.get("organisation"), fact.get("organisation"))
        for end in ("since", "until"):
            if not fact.get(end):
                continue
            now = (
                (into[end], into.get(f"{end}_article"), into.get(f"{end}_evidence"))
                if into.get(end)
                else None
            )
            pick = _earliest(now, (fact[end], fact.get(f"{end}_article"), fact.get(f"{end}_evidence")))
            assert pick is not None
            into[end], into[f"{end}_article"], into[f"{end}_evidence"] = pick
    return [by_key[k] for k in sorted(by_key)]


# -- labels --------------------------------------------------------------------------------------
def role_change_between(
    facts: Iterable[Mapping[str, Any]], earlier: str | None, later: str | None
) -> str | None:
    """The words of a role the actor held at `earlier` and had left by `later`, if any."""
    for fact in facts:
        until = fact.get("until")
        since = fact.get("since")
        if not until or not before(earlier, until) or before(later, until):
            continue
        if since and before(earlier, since):
            continue  # not yet held at the earlier date
        what = fact.get("title") or "a role"
        if fact.get("organisation"):
            what = f"{what} for {fact['organisation']}"
        return f"{what} ended by {until} ({fact.get('until_evidence')})"
    return None


def contradiction_label(
    later: Mapping[str, Any], earlier: Mapping[str, Any], speaker: Mapping[str, Any] | None
) -> tuple[str, str] | None:
    """(label, evidence) of a contradiction from claim `later` to claim `earlier` when one speaker
    made both; None otherwise."""
    who = later.get("speaker_id")
    if not who or who != earlier.get("speaker_id"):
        return None
    late, early = later.get("said_on"), earlier.get("said_on")
    change = role_change_between((speaker or {}).get("role_facts") or [], early, late)
    if change is not None:
        return POSITION_CHANGE, f"role change between {early} and {late}: {change}"
    if before(early, late):
        return POSITION_CHANGE, f"dated reversal: said on {early}, then on {late}"
    when = late or early or "an unknown date"
    return SELF_CONTRADICTION, f"both said on {when}: no date or role change tells them apart"


__all__ = [
    "POSITION_CHANGE",
    "SELF_CONTRADICTION",
    "RoleObservation",
    "before",
    "contradiction_label",
    "date_in_words",
    "iso_date",
    "merge_fact_lists",
    "merge_role_facts",
    "parse_role",
    "role_change_between",
    "role_observations",
    "said_on",
    "timeline_key",
]
