"""The relationship table (schema.relationships) describes the schema it is derived into: every
entry names a field of its type whose type at the other end is the entry's target, every field
whose resolver is derived from it runs the lean way (a plain function, schema.lean_resolvers), and
a derived required field reports a missing document on itself."""

from __future__ import annotations

from graphql import GraphQLObjectType, get_named_type

from schema import build_schema
from schema.lean_resolvers import DEFINITION
from schema.relationships import RELATIONSHIPS
from store.base import Store
from tests.schema.conftest import GraphBuilder, run

SCHEMA = build_schema()._schema


def test_every_entry_is_a_field_of_its_type_leading_to_its_target() -> None:
    for type_name, fields in RELATIONSHIPS.items():
        graphql_type = SCHEMA.type_map[type_name]
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        for name, rel in fields.items():
            field = graphql_type.fields.get(name)
            assert field is not None, f"{type_name}.{name} is in the table but not in the schema"
            assert get_named_type(field.type).name == rel.target, f"{type_name}.{name}"


def test_derived_resolvers_are_plain_functions() -> None:
    derived = set()
    for type_name, fields in RELATIONSHIPS.items():
        for name in fields:
            field = SCHEMA.type_map[type_name].fields[name]  # type: ignore[union-attr]
            definition = field.extensions.get(DEFINITION)
            resolver = definition.base_resolver if definition is not None else None
            if resolver is not None and resolver.wrapped_func.__module__ == "schema.relationships":
                derived.add(f"{type_name}.{name}")
                assert field.resolve.__module__ == "schema.lean_resolvers", f"{type_name}.{name}"
    # relations (a status argument), corroboration and matter (built with the claim's own words) keep
    # resolvers of their own; sources is a plain attribute.
    assert derived == {
        "Article.publisher",
        "Claim.speaker",
        "Claim.onBehalfOf",
        "Claim.article",
        "Claim.mentions",
        "Claim.contradicts",
        "Claim.contradictedBy",
        "Claim.supports",
        "Claim.supportedBy",
        "Source.entity",
        "Source.article",
        "ClaimRelation.from",
        "ClaimRelation.to",
    }


async def test_a_required_document_missing_is_an_error_on_its_field(store: Store) -> None:
    # A claim whose article is gone (only a bug leaves one): the prefetched path and the resolver's
    # own load both report it on Claim.article, naming the claim and the article.
    g = GraphBuilder()
    article = g.article("Gone", "Body.")
    claim = g.claim(article, "orphan", g.entity("Ada Vance"))
    g.articles.clear()
    await g.save(store)
    for query, path in (
        ("query($id: ID!) { node(id: $id) { ... on Claim { article { title } } } }", ["node", "article"]),
        (
            "{ claims(first: 5) { edges { node { article { title } } } } }",
            ["claims", "edges", 0, "node", "article"],
        ),
    ):
        result = await run(store, query, {"id": claim} if "$id" in query else None, debug=True)
        assert result.errors is not None and len(result.errors) == 1, result
        assert result.errors[0].path == path
        assert f"claim {claim}: article {article} is missing" in result.errors[0].message
