"""The exported SDL (schema.graphql) matches the code, keeps the public contract and describes
every type and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
)

from schema import export_sdl

ROOT = Path(__file__).resolve().parents[2]
EXPORTED = ROOT / "schema.graphql"
CONTRACT = ROOT.parent / "shared" / "contract.graphql"
REGENERATE = "regenerate it with `make schema` (or `.venv/bin/python -m schema > schema.graphql`)"


def test_checked_in_sdl_matches_the_code() -> None:
    assert EXPORTED.exists(), f"schema.graphql is missing: {REGENERATE}"
    assert EXPORTED.read_text(encoding="utf-8") == export_sdl(), (
        f"schema.graphql drifted from the code: {REGENERATE}"
    )


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared contract is not beside this checkout")
def test_exported_sdl_keeps_the_contract() -> None:
    contract = build_schema(CONTRACT.read_text(encoding="utf-8"))
    exported = build_schema(export_sdl())
    assert find_breaking_changes(contract, exported) == []


def _user_types(schema: GraphQLSchema) -> dict[str, object]:
    return {
        name: t
        for name, t in schema.type_map.items()
        if not name.startswith("__") and name not in {"String", "Int", "Float", "Boolean", "ID"}
    }


def test_every_type_field_argument_and_value_has_a_description() -> None:
    schema = build_schema(export_sdl())
    missing: list[str] = []
    for name, graphql_type in _user_types(schema).items():
        if not getattr(graphql_type, "description", None):
            missing.append(name)
        if isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description
                ]
        elif isinstance(graphql_type, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in graphql_type.fields.items() if not field.description]
        elif isinstance(graphql_type, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description]
    assert missing == []
