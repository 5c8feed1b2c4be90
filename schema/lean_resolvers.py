"""Leaner graphql-core resolvers for the fields that need none of Strawberry's per-call machinery.

Strawberry wraps every field's resolver: a plain attribute goes through `StrawberryField.get_result`,
and a method resolver through argument conversion and a chain of field extensions, rebuilt on
every call. A dossier response completes ~860 fields, so that wrapping was a large share of its
time. For fields without arguments, field extensions or permission classes the wrapping does
nothing, and this replaces it with a direct call:

- a plain attribute (`Claim.text`) is read with getattr, as Strawberry's default resolver does;
- a method resolver taking only `self` and `info` (`Claim.speaker`) is called with a Strawberry
  `Info` built the way Strawberry builds it, so resolvers see exactly what they saw before.

Async resolvers, fields with arguments, and anything with extensions or permissions keep
Strawberry's own resolver. Enum values are written out by a dict look-up instead of Strawberry's
scan of the enum's values. Plain attributes that hold a string, number or enum, or a list of them,
are marked for `schema.executor`, which completes them without graphql-core's per-field
machinery. Applied once to the graphql-core schema `build_schema` returns.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import Enum
from typing import Any, cast

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
)
from strawberry import Info
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.field import StrawberryField

from schema.executor import LEAN_LEAF

# Where Strawberry keeps a graphql-core field's StrawberryField (GraphQLCoreConverter.DEFINITION_BACKREF).
DEFINITION = "strawberry-definition"

Resolver = Callable[..., Any]


def install_lean_resolvers(schema: GraphQLSchema) -> int:
    """Replace the resolvers (and enum output coercions) that can be replaced; how many were."""
    replaced = 0
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, CustomGraphQLEnumType):
            graphql_type.coerce_output_value = _enum_names(graphql_type)  # type: ignore[method-assign,assignment]
            replaced += 1
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(DEFINITION)
            if not isinstance(field, StrawberryField) or graphql_field.args:
                continue
            lean = _lean_resolver(field)
            if lean is not None:
                graphql_field.resolve = lean
                replaced += 1
            if field.base_resolver is None and lean is not None:
                _mark_plain_leaf(graphql_field, field.python_name)
    return replaced


def _mark_plain_leaf(graphql_field: GraphQLField, attribute: str) -> None:
    """Let schema.executor complete this field inline when it is a string, number or enum, or a
    list of them (`aliases`, `outlets`)."""
    leaf_type, non_null = graphql_field.type, False
    if isinstance(leaf_type, GraphQLNonNull):
        leaf_type, non_null = leaf_type.of_type, True
    items_non_null: bool | None = None  # None: not a list
    if isinstance(leaf_type, GraphQLList):
        leaf_type, items_non_null = leaf_type.of_type, False
        if isinstance(leaf_type, GraphQLNonNull):
            leaf_type, items_non_null = leaf_type.of_type, True
    if isinstance(leaf_type, GraphQLScalarType | GraphQLEnumType):
        graphql_field.extensions = {
            **(graphql_field.extensions or {}),
            LEAN_LEAF: (attribute, leaf_type, non_null, items_non_null),
        }


def _lean_resolver(field: StrawberryField) -> Resolver | None:
    if field.extensions or field.permission_classes or field.arguments:
        return None
    resolver = field.base_resolver
    if resolver is None:
        return _attribute(field.python_name)
    function = resolver.wrapped_func
    if resolver.is_async or not inspect.isfunction(function) or resolver.self_parameter is None:
        return None
    # Only `(self)` and `(self, info)`: anything else (root, parent, arguments) goes Strawberry's way.
    parameters = [p.name for p in resolver.signature.parameters.values()]
    info = resolver.info_parameter
    if parameters == [resolver.self_parameter.name]:
        return _method(function)
    if info is not None and parameters == [resolver.self_parameter.name, info.name]:
        return _method_with_info(function, field)
    return None


def _attribute(name: str) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        return getattr(source, name)

    return resolve


def _method(function: Callable[[Any], Any]) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        return function(source)

    return resolve


def _method_with_info(function: Callable[[Any, Info[Any, Any]], Any], field: StrawberryField) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        return function(source, Info(_raw_info=info, _field=field))

    return resolve


def _enum_names(enum_type: CustomGraphQLEnumType) -> Callable[[Any], Any]:
    """Strawberry's output coercion for an enum, with its members' names looked up in a dict."""
    members: type[Enum] = cast("type[Enum]", enum_type.wrapped_cls)
    names = {
        member: name
        for member in members
        for name, value in enum_type.values.items()
        if member.value == value.value
    }
    general = enum_type.coerce_output_value

    def coerce_output_value(output_value: Any) -> Any:
        if type(output_value) is members:
            return names[output_value]
        return general(output_value)

    return coerce_output_value
