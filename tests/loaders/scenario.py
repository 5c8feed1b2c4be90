"""A small two-outlet story written for these tests, as txt files plus a fake extractor that
returns what a careful reader would extract from each (so the write path is tested without spaCy).

    2026-03-02  Valley Times    the union agreed to the freeze (ACWU), the council confirms
    2026-03-05  Ridge Herald    the mayor: "We never signed off on a freeze" (contradicts the
                                union across articles: INFERRED), "ACWU" named by its acronym
"""

from __future__ import annotations

from pathlib import Path

from loaders.model import Article, Entity, Extraction, Relation, Source

from .fakes import by_title, quote

UNION_TITLE = "Union backs wage freeze"
MAYOR_TITLE = "Mayor says city never approved freeze"

UNION_TXT = f"""{UNION_TITLE}
Nadia Ferro | Valley Times | 2026-03-02
The Aldmoor City Workers Union agreed to the wage freeze in March, its secretary Paul Lind said.
Council clerk Mira Stone confirmed the union agreed to the wage freeze, according to the minutes.
"""

MAYOR_TXT = f"""{MAYOR_TITLE}
By Joel Amsel
"We never signed off on a wage freeze," Mayor Ellen Park said on Thursday.
The ACWU declined to comment.
Source » Ridge Herald
"""


def union_extraction(article: Article) -> Extraction:
    union = Entity("u", "Aldmoor City Workers Union", "ORGANIZATION", aliases={"City Workers Union"})
    lind = Entity("l", "Paul Lind", "PERSON", roles=["secretary"])
    stone = Entity("s", "Mira Stone", "PERSON", roles=["Council clerk"])
    minutes = Entity("m", "the minutes", "DOCUMENT")
    first = quote(
        article,
        "The Aldmoor City Workers Union agreed to the wage freeze in March",
        speaker="l",
        kind="REPORTED",
        polarity=1,
        mentions=["u"],
    )
    second = quote(
        article,
        "the union agreed to the wage freeze",
        speaker="s",
        kind="REPORTED",
        cue="confirmed",
        polarity=1,
        mentions=["u"],
        sources=[Source("the minutes", "DOCUMENT", entity="m", evidence="according to the minutes")],
    )
    return Extraction(
        claims=[first, second],
        entities=[union, lind, stone, minutes],
        relations=[Relation(source=1, target=0, type="SUPPORTS", evidence="confirmed")],
    )


def mayor_extraction(article: Article) -> Extraction:
    park = Entity("p", "Ellen Park", "PERSON", aliases={"Park"}, roles=["Mayor"])
    union = Entity("u", "ACWU", "ORGANIZATION", aliases={"City Workers Union"})
    claim = quote(article, "We never signed off on a wage freeze", speaker="p", polarity=-1)
    return Extraction(claims=[claim], entities=[park, union])


extractor = by_title({UNION_TITLE: union_extraction, MAYOR_TITLE: mayor_extraction})


def write_corpus(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_union.txt").write_text(UNION_TXT, encoding="utf-8")
    (folder / "b_mayor.txt").write_text(MAYOR_TXT, encoding="utf-8")
    return [str(folder / "a_union.txt"), str(folder / "b_mayor.txt")]
