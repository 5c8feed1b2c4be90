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


@strawberry.enum(description="How a claim stands in its statement's corroboration.")
class EvidenceKind(Enum):
    REPORT = strawberry.enum_value(
        "REPORT", description="The earliest claim of an article's report (or of a story of copies) saying it."
    )
    COPY = strawberry.enum_value(
        "COPY",
        description="The same report again: a near-duplicate article (wire copy, syndication, light "
        "rewrite) of an earlier one. Counts once with it.",
    )
    REREPORT = strawberry.enum_value(
        "REREPORT",
        description="A report that names where it comes from ('…, the Harbor Daily reported', 'according "
        "to Reuters'): it counts for that outlet.",
    )


@strawberry.enum(description="Where the claims of one origin come from.")
class OriginKind(Enum):
    STORY = strawberry.enum_value(
        "STORY", description="One report and its copies, named by the outlet of its earliest claim here."
    )
    NAMED_OUTLET = strawberry.enum_value(
        "NAMED_OUTLET", description="An outlet that re-reports name as their origin."
    )


@strawberry.enum(description="What a contradiction between two claims of one actor is.")
class ContradictionLabel(Enum):
    SELF_CONTRADICTION = strawberry.enum_value(
        "SELF_CONTRADICTION", description="No date or role change tells the two claims apart."
    )
    POSITION_CHANGE = strawberry.enum_value(
        "POSITION_CHANGE",
        description="The actor's role changed between the two claims, or the later one reverses a dated "
        "earlier one ('In 2021, Brun said … safe' vs 'not safe' today).",
    )


@strawberry.enum(description="The order of an actor's statements.")
class StatementOrder(Enum):
    PUBLISHED = strawberry.enum_value("PUBLISHED", description="Publication order (the default).")
    CORROBORATION = strawberry.enum_value(
        "CORROBORATION", description="Most independent sources first (ties in id order)."
    )
    MATTER = strawberry.enum_value(
        "MATTER",
        description="Matter by matter, each in the order it first appeared, publication order within one: "
        "consecutive statements with the same `matter { id }` form a group.",
    )


@strawberry.enum(description="What happened at a point of an actor's timeline.")
class TimelineEventKind(Enum):
    STATEMENT = strawberry.enum_value("STATEMENT", description="The actor made a statement.")
    ROLE_HELD = strawberry.enum_value(
        "ROLE_HELD", description="The earliest date an article shows the actor in a role."
    )
    ROLE_ENDED = strawberry.enum_value(
        "ROLE_ENDED", description="The date by which a role had ended ('former …', 'left in April')."
    )


E = TypeVar("E", bound=Enum)


def enum_of(enum: type[E], value: object, fallback: E) -> E:
    """The member for a stored value (any case); `fallback` for a value this version doesn't
    know, so one odd document never breaks a whole response."""
    try:
        return enum(str(value).upper())
    except ValueError:
        return fallback


def optional_enum_of(enum: type[E], value: object) -> E | None:
    """The member for a stored value, or None when there is none (or one this version doesn't know):
    a relation's `label`, a piece of evidence's `kind`."""
    if not value:
        return None
    try:
        return enum(str(value).upper())
    except ValueError:
        return None
