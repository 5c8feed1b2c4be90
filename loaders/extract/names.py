"""Word lists and small helpers about names: titles, genders, role nouns, descriptions, pronouns.

Shared by the stages: entities/ (building entities and their roles), speakers/ (finding and
resolving the speaker of each claim), attribution/ (what a poll or a document holds) and relations/
(who takes a stance). Everything here is pure string work on words already split by spaCy or by a
regex; nothing here parses.
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

Gender = Literal["M", "F"]
# What a pronoun or description may refer to: a person, or a body (organisation, group, place, document).
Referent = Literal["PERSON", "BODY", "DOCUMENT"]

# Titles that stand before a person's name ("President Trump", "Mr. Smith"); value: the gender they imply.
PERSON_TITLES: dict[str, Gender | None] = {
    "mr": "M", "mister": "M", "sir": "M", "lord": "M", "king": "M", "prince": "M", "sheikh": "M",
    "ayatollah": "M", "father": "M", "brother": "M", "rabbi": None, "pope": "M", "emir": "M", "sultan": "M",
    "mrs": "F", "ms": "F", "miss": "F", "madam": "F", "madame": "F", "lady": "F", "dame": "F",
    "queen": "F", "princess": "F", "sister": "F",
    "president": None, "vice": None, "prime": None, "minister": None, "secretary": None, "senator": None,
    "sen": None, "rep": None, "representative": None, "congressman": "M", "congresswoman": "F",
    "gov": None, "governor": None, "mayor": None, "judge": None, "justice": None, "chancellor": None,
    "dr": None, "doctor": None, "prof": None, "professor": None, "gen": None, "general": None,
    "col": None, "colonel": None, "lt": None, "lieutenant": None, "maj": None, "major": None,
    "capt": None, "captain": None, "adm": None, "admiral": None, "commander": None, "sgt": None,
    "sergeant": None, "officer": None, "ambassador": None, "envoy": None, "commissioner": None,
    "chairman": "M", "chairwoman": "F", "chair": None, "director": None, "ceo": None, "chief": None,
    "leader": None, "speaker": None, "spokesman": "M", "spokeswoman": "F", "spokesperson": None,
    "fellow": None, "analyst": None, "editor": None, "correspondent": None, "attorney": None,
    "detective": None, "inspector": None, "superintendent": None, "deputy": None, "supreme": None,
    "foreign": None, "defense": None, "defence": None, "interior": None, "finance": None, "state": None,
    "former": None, "acting": None, "senior": None, "rev": None, "reverend": None, "imam": "M",
    "councillor": None, "councilor": None, "councilman": "M", "councilwoman": "F", "alderman": "M",
    "trustee": None, "dean": None, "sheriff": None, "magistrate": None, "premier": None, "mp": None,
    "assemblyman": "M", "assemblywoman": "F", "coach": None, "constable": None, "coroner": None,
}
# Verbs whose subject is someone speaking: a name there is a person's or a body's, not a place's.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "add", "note", "argue", "insist", "claim", "deny", "explain", "write", "reply",
    "warn", "confirm", "state", "announce", "agree", "admit", "acknowledge", "respond", "ask",
    "suggest", "testify", "recall", "caution", "contend", "maintain", "stress", "emphasize",
    "emphasise", "predict", "estimate", "counter", "dispute", "reject", "complain", "concede",
})
# Words that make the title run before a name but are titles only next to a title noun.
_TITLE_MODIFIERS = {"vice", "prime", "supreme", "foreign", "defense", "defence", "interior", "finance",
                    "state", "former", "acting", "senior", "deputy", "chief"}

# Nouns naming what a person does: "the minister", "a company spokeswoman", "an IRGC official".
PERSON_ROLE_NOUNS: dict[str, Gender | None] = {
    "spokesman": "M", "spokeswoman": "F", "spokesperson": None, "minister": None, "president": None,
    "official": None, "officer": None, "politician": None, "adviser": None, "advisor": None,
    "analyst": None, "fellow": None, "director": None, "chairman": "M", "chairwoman": "F", "chair": None,
    "chief": None, "executive": None, "ceo": None, "founder": None, "leader": None, "commander": None,
    "general": None, "secretary": None, "senator": None, "lawmaker": None, "congressman": "M",
    "congresswoman": "F", "governor": None, "mayor": None, "judge": None, "lawyer": None, "attorney": None,
    "prosecutor": None, "ambassador": None, "diplomat": None, "envoy": None, "researcher": None,
    "scientist": None, "professor": None, "expert": None, "economist": None, "employee": None,
    "worker": None, "manager": None, "head": None, "member": None, "activist": None, "witness": None,
    "resident": None, "victim": None, "businessman": "M", "businesswoman": "F", "businessperson": None,
    "king": "M", "queen": "F", "prince": "M", "princess": "F", "cleric": None, "commissioner": None,
    "inspector": None, "detective": None, "investigator": None, "editor": None, "journalist": None,
    "reporter": None, "correspondent": None, "candidate": None, "representative": None, "aide": None,
    "strategist": None, "consultant": None, "doctor": None, "physician": None, "nurse": None,
    "teacher": None, "student": None, "engineer": None, "pilot": None, "soldier": None, "source": None,
    "man": "M", "woman": "F", "mother": "F", "father": "M", "son": "M", "daughter": "F", "wife": "F",
    "husband": "M", "boy": "M", "girl": "F", "person": None, "insider": None, "owner": None,
    "partner": None, "colleague": None, "negotiator": None, "organizer": None, "organiser": None,
    "coordinator": None, "deputy": None, "treasurer": None, "auditor": None, "regulator": None,
    # epithets news writing uses for someone already named
    "actor": None, "actress": "F", "singer": None, "star": None, "author": None, "writer": None,
    "player": None, "coach": None, "host": None, "comedian": None, "veteran": None, "mogul": None,
    "magnate": None, "tycoon": None, "billionaire": None, "millionaire": None, "nominee": None,
    "frontrunner": None, "front-runner": None, "challenger": None, "incumbent": None, "rival": None,
    "hopeful": None, "contender": None, "president-elect": None, "congressman-elect": "M",
    "entrepreneur": None, "investor": None, "banker": None,
    "chancellor": None, "premier": None, "monarch": None, "sheikh": "M", "emir": "M", "pope": "M",
    "bishop": None, "priest": None, "pastor": None, "imam": "M", "rabbi": None, "lady": "F",
    "gentleman": "M", "grandmother": "F", "grandfather": "M", "widow": "F", "widower": "M",
}
# Plural nouns for several people: "Canadian officials", "union leaders" are GROUP speakers.
GROUP_NOUNS = {
    "officials", "leaders", "lawmakers", "legislators", "diplomats", "authorities", "prosecutors",
    "investigators", "experts", "analysts", "activists", "workers", "employees", "residents", "citizens",
    "critics", "officers", "police", "troops", "forces", "soldiers", "ministers", "senators",
    "representatives", "members", "scientists", "researchers", "economists", "doctors", "teachers",
    "students", "protesters", "protestors", "voters", "supporters", "opponents", "executives", "managers",
    "negotiators", "sources", "insiders", "witnesses", "victims", "families", "parents", "farmers",
    "media", "regulators", "spokesmen", "spokespeople", "advisers", "advisors", "aides", "judges",
}
# Nouns naming a body: "the company", "the ministry", "the Treasury's department".
ORG_NOUNS = {
    "company", "firm", "corporation", "business", "group", "organization", "organisation", "agency",
    "ministry", "department", "government", "administration", "office", "council", "committee",
    "commission", "union", "party", "campaign", "bank", "court", "board", "authority", "police",
    "army", "military", "navy", "regime", "network", "institute", "university", "school", "hospital",
    "charity", "foundation", "association", "federation", "league", "club", "team", "bureau",
    "service", "station", "newspaper", "paper", "outlet", "broadcaster", "channel", "magazine",
    "city", "state", "country", "coalition", "alliance", "movement", "militia", "cabinet",
    "parliament", "congress", "senate", "house", "embassy", "consulate", "prosecutor's", "lab",
    "laboratory", "center", "centre", "project", "fund", "watchdog", "regulator", "insurer",
    "airline", "manufacturer", "maker", "retailer", "developer", "operator", "provider", "utility",
}
# Trailing words of an organisation's name that its short name drops: "Clarion Project" -> "Clarion".
ORG_SUFFIXES = {
    "department", "ministry", "agency", "corporation", "corp", "inc", "ltd", "llc", "plc", "co",
    "company", "group", "project", "party", "bank", "foundation", "institute", "association",
    "organization", "organisation", "corps", "office", "bureau", "council", "committee", "commission",
    "administration", "authority", "service", "services", "holdings", "international", "network",
    # words that end company names and no person's: "Quellin Biosciences", "Kestrel Logistics"
    "biosciences", "bioscience", "logistics", "foods", "pharmaceuticals", "pharma", "partners",
    "technologies", "technology", "systems", "labs", "industries", "motors", "airlines", "energy",
    "media", "capital", "ventures", "enterprises", "solutions", "therapeutics", "analytics", "gmbh",
    "ag", "sa", "nv", "bv", "ab", "asa", "limited", "incorporated", "llp", "lp",
}
# Nouns naming a document: "the September 11 report", "internal emails", "documents".
DOCUMENT_NOUNS = {
    "report", "reports", "study", "studies", "memo", "memos", "memorandum", "document", "documents",
    "email", "emails", "e-mail", "e-mails", "letter", "letters", "filing", "filings", "audit", "survey",
    "analysis", "review", "dossier", "cable", "cables", "ruling", "indictment", "complaint", "lawsuit",
    "assessment", "records", "record", "minutes", "transcript", "transcripts", "files",
    "statement", "footage", "video", "data", "poll", "findings", "investigation", "inquiry",
    "estimate", "estimates", "forecast", "budget", "bill", "law", "treaty", "agreement", "order",
    "notes", "diary", "messages", "texts", "presentation", "brief", "briefing", "manual", "guidance",
    "opinion", "draft", "drafts", "figures", "paper", "papers", "journal", "article", "book", "plan",
    "proposal", "policy", "contract", "logs", "tally", "chart", "table", "spreadsheet",
}
# Documents that are a thing said only when named or described ("the report"), never by a bare word
# that may also be an organisation; used to tell "the review" (document) from "the board" (body).
PRONOUNS: dict[str, tuple[Gender | None, Referent | None]] = {
    "he": ("M", "PERSON"), "him": ("M", "PERSON"), "she": ("F", "PERSON"), "her": ("F", "PERSON"),
    "they": (None, "BODY"), "them": (None, "BODY"), "it": (None, "BODY"), "we": (None, None),
    "us": (None, None), "i": (None, None), "me": (None, None), "you": (None, None),
}
# Marks of a source the article keeps unnamed: its speaker stays None, its mention is kept.
_ANONYMOUS = re.compile(
    r"\b(not to be (named|identified)|anonymity|anonymous(ly)?|unnamed|unidentified|familiar with|"
    r"declined to be (named|identified)|who asked not|not authori[sz]ed to|on background|"
    r"sources?\b|insiders?\b|(?:another|one|a|an|some|several|two|three|many)\s+(?:former\s+|senior\s+|"
    r"current\s+)?(?:employees?|workers?|officials?|persons?|people|residents?|witnesses?|members?))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "another", "one", "some", "its",
                "his", "her", "their", "our"}
INDEFINITE = {"a", "an", "another", "one", "some"}


@functools.lru_cache(maxsize=1)
def first_name_genders() -> dict[str, Gender]:
    """The first-name lexicon (loaders/lexicons/speakers_first_names.txt) as name -> M/F."""
    text = resources.files("loaders").joinpath("lexicons/speakers_first_names.txt").read_text("utf-8")
    out: dict[str, Gender] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, gender = line.partition("\t")
        if gender.strip() in ("M", "F"):
            out[name.strip().casefold()] = "M" if gender.strip() == "M" else "F"
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def bare(word: str) -> str:
    """A word case-folded, without a trailing period or possessive: "Mr." -> "mr", "IRGC’s" -> "irgc"."""
    w = word.replace("’", "'").rstrip(".").casefold()
    return w[:-2] if w.endswith("'s") else w


def is_title(word: str) -> bool:
    return bare(word) in PERSON_TITLES


def is_title_noun(word: str) -> bool:
    """A title word that can end a title run ("President", "Fellow"), not a modifier ("Vice")."""
    return is_title(word) and bare(word) not in _TITLE_MODIFIERS


def split_title(name: str) -> tuple[str | None, str]:
    """("President", "Trump") from "President Trump"; (None, name) when no title leads it.
    The name keeps at least one word."""
    parts = name.split()
    i = 0
    while i < len(parts) - 1 and is_title(parts[i]):
        i += 1
    if i == 0:
        return None, name
    return " ".join(parts[:i]), " ".join(parts[i:])


def title_gender(title: str | None) -> Gender | None:
    if not title:
        return None
    for w in title.split():
        g = PERSON_TITLES.get(bare(w))
        if g:
            return g
    return None


def name_gender(name: str) -> Gender | None:
    """The gender a person's name implies: from a leading title, else from the first name."""
    title, rest = split_title(name)
    g = title_gender(title)
    if g:
        return g
    first = rest.split()[0] if rest.split() else ""
    first = first.split("-")[0]
    if len(rest.split()) < 2:  # a surname alone says nothing
        return None
    return first_name_genders().get(bare(first))


def role_gender(role: str) -> Gender | None:
    for w in words(role):
        g = PERSON_ROLE_NOUNS.get(bare(w))
        if g:
            return g
    return None


def pronoun(mention: str) -> tuple[Gender | None, Referent | None] | None:
    """(gender, referent) when the mention is a bare personal pronoun, else None."""
    return PRONOUNS.get(mention.strip().casefold())


def is_anonymous(mention: str) -> bool:
    return bool(_ANONYMOUS.search(mention))


def description(mention: str) -> tuple[str, str, bool] | None:
    """For a common-noun mention ("the minister", "A former spokesman for the IRGC", "the company"):
    (determiner, head noun, plural) — the head is the last noun before a preposition or comma.
    None when the mention does not start with a determiner or is capitalised past it (a name)."""
    ws = mention.replace("’", "'").split()
    if not ws or ws[0].casefold() not in _DETERMINERS:
        return None
    det = ws[0].casefold()
    head_words: list[str] = []
    for w in ws[1:]:
        lw = w.casefold().strip(",;:")
        if lw in {"for", "of", "at", "with", "from", "in", "to", "by", "on", "who", "which", "that",
                  "and", "or", "said", "says"}:
            break
        head_words.append(lw)
        if w.endswith(","):
            break
    if not head_words:
        return None
    head = bare(head_words[-1])
    return det, head, head.endswith("s") and head not in PERSON_ROLE_NOUNS and head not in ORG_NOUNS


_QUANTIFIERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                "many", "some", "few", "dozens", "hundreds", "most", "both"}
_PHRASE_STOPS = {"for", "of", "at", "with", "from", "in", "to", "by", "on", "who", "which", "that",
                 "whose", "said", "says", "told", "close", "familiar", "involved", "near", "under",
                 "reviewed", "obtained", "seen", "published", "released", "commissioned", "cited"}


def is_known_noun(word: str) -> bool:
    w = bare(word)
    singular = w[:-1] if w.endswith("s") else w
    return any(x in PERSON_ROLE_NOUNS or x in GROUP_NOUNS or x in DOCUMENT_NOUNS or x in ORG_NOUNS
               for x in (w, singular))


# A noun for the one who does something ("planner", "organiser", "lobbyist", "historian"): it
# heads its phrase even when no lexicon lists it.
_AGENT_NOUN = re.compile(r"[a-z]{3,}(?:er|or|ist|ian)s?")


def noun_phrase(mention: str) -> tuple[str, str, str | None] | None:
    """The noun phrase a description opens with, as written, cut after its head noun, with that
    head and the determiner: "A portfolio manager at a fund" -> ("A portfolio manager", "manager",
    "a"); "Residents and nurses at the clinic" -> ("Residents and nurses", "nurses", None)."""
    ws = mention.replace("’", "'").split()
    if not ws:
        return None
    det = ws[0].casefold() if ws[0].casefold() in _DETERMINERS | _QUANTIFIERS else None
    kept: list[str] = []
    last_noun = -1
    for k, w in enumerate(ws):
        lw = w.casefold().strip(",;:")
        if k > 0 and (lw in _PHRASE_STOPS or w.startswith("(")):
            break
        kept.append(w.rstrip(",;:"))
        nounish = is_known_noun(lw) or _AGENT_NOUN.fullmatch(lw) is not None
        if (k > 0 or det is None) and nounish and (k == 0 or w[:1].islower()):
            last_noun = len(kept) - 1
        if w.endswith(",") or w.endswith(";"):
            break
    if last_noun < 0:
        if len(kept) < 2 and det is not None:
            return None
        last_noun = len(kept) - 1
    phrase = " ".join(mention.split()[:last_noun + 1]).rstrip(",;:")
    head = bare(kept[last_noun])
    return phrase, head, det


_NOT_PEOPLE = {"headquarters", "numbers", "matters", "quarters", "powers", "borders", "waters", "centers",
               "centres", "orders", "markets", "servers", "computers", "elements", "agreements",
               "governments", "departments", "statements", "documents", "arguments", "comments"}


def plural_people(head: str) -> bool:
    """ "officials", "cardiologists", "residents": several people."""
    if head in DOCUMENT_NOUNS or head in ORG_NOUNS or head in _NOT_PEOPLE:
        return False
    return head in GROUP_NOUNS or (head.endswith("s") and head[:-1] in PERSON_ROLE_NOUNS) or bool(
        re.search(r"(?:ists|ers|ians|ors|ants|ents|men|women|people)$", head))


def describes(head: str) -> Referent | None:
    """What kind of thing a description's head noun refers to."""
    if head in DOCUMENT_NOUNS:
        return "DOCUMENT"
    if head in PERSON_ROLE_NOUNS or re.fullmatch(r"\d+-year-old", head):
        return "PERSON"
    if head in ORG_NOUNS or head in GROUP_NOUNS:
        return "BODY"
    return None
