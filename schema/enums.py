"""The enums of the public contract, with descriptions on every value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry


@strawberry.enum(description="What kind of thing an entity is.")
class EntityKind(Enum):
    PERSON = strawberry.enum_value("PERSON", description="A named person.")
    ORGANIZATION = strawberry.enum_value(
        "ORGANIZATION", description="A company, agency, party, outlet or other organisation."
    )
    LOCATION = strawberry.enum_value("LOCATION", description="A country, city or other place.")
    DOCUMENT = strawberry.enum_value("DOCUMENT", description="A report, filing, email or other document.")
    GROUP = strawberry.enum_value("GROUP", description="An unnamed group of people: officials, residents.")
    OTHER = strawberry.enum_value("OTHER", description="Anything else, including unnamed sources.")


@strawberry.enum(description="How a claim is rendered in the article.")
class ClaimKind(Enum):
    DIRECT = strawberry.enum_value("DIRECT", description="A direct quote, in quotation marks.")
    REPORTED = strawberry.enum_value(
        "REPORTED", description="Reported speech: what someone said, in the writer's words."
    )


@strawberry.enum(description="What kind of act a claim reports.")
class StatementMode(Enum):
    STATEMENT = strawberry.enum_value(
        "STATEMENT",
        description="Something said or written: said, wrote, told, denied, confirmed, according to.",
    )
    BELIEF = strawberry.enum_value(
        "BELIEF", description="Something held or wished: thinks, believes, fears, hopes, wants."
    )
    EVIDENCE = strawberry.enum_value(
        "EVIDENCE", description="What records, a study or a poll show: records show, a poll finds."
    )


@strawberry.enum(description="How one claim bears on another.")
class RelationType(Enum):
    SUPPORTS = strawberry.enum_value("SUPPORTS", description="The first claim backs the second.")
    CONTRADICTS = strawberry.enum_value("CONTRADICTS", description="The first claim disputes the second.")


@strawberry.enum(description="How a relation between claims was found.")
class RelationMethod(Enum):
    CUE = strawberry.enum_value(
        "CUE", description="Stated in the text: 'denied X's claims', 'confirmed the account'."
    )
    INFERRED = strawberry.enum_value(
        "INFERRED",
        description="Inferred across articles from claims on the same matter; never certain, see confidence.",
    )
    CURATED = strawberry.enum_value("CURATED", description="Asserted by a person through relateClaims.")


@strawberry.enum(description="What kind of thing backs a claim.")
class SourceKind(Enum):
    ARTICLE = strawberry.enum_value(
        "ARTICLE", description="The article the claim appears in, or another one."
    )
    OUTLET = strawberry.enum_value(
        "OUTLET", description="A news outlet that reported it: 'Al Arabiya reported'."
    )
    DOCUMENT = strawberry.enum_value("DOCUMENT", description="A report, filing, email or other document.")
    PERSON = strawberry.enum_value("PERSON", description="A person cited as the source.")
    ORGANIZATION = strawberry.enum_value("ORGANIZATION", description="An organisation cited as the source.")
    OTHER = strawberry.enum_value("OTHER", description="Any other source.")


@strawberry.enum(description="Whether a relation is part of the graph.")
class RelationStatus(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="Part of the graph.")
    REJECTED = strawberry.enum_value(
        "REJECTED", description="Rejected by a reviewer: kept on record, hidden from the graph."
    )


@strawberry.enum(description="A reviewer's decision on a relation.")
class ReviewVerdict(Enum):
    CONFIRM = strawberry.enum_value("CONFIRM", description="The relation holds.")
    REJECT = strawberry.enum_value(
        "REJECT", description="The relation does not hold: hide it from the graph."
    )


E = TypeVar("E", bound=Enum)


def enum_of(enum: type[E], value: object, fallback: E) -> E:
    """The member for a stored value (any case); `fallback` for a value this version doesn't
    know, so one odd document never breaks a whole response."""
    try:
        return enum(str(value).upper())
    except ValueError:
        return fallback
