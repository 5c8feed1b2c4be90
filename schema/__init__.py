"""The Strawberry GraphQL schema of claimgraph: types, queries, mutations, subscriptions,
DataLoaders, pagination.

    schema = build_schema()
    context = make_context(store, services, principal)   # once per request
    # executed by api.execution.GraphQLRunner, the one runner of every transport (and the tests)

`export_sdl()` is what `schema.graphql` at the repository root holds (`make schema`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from schema.context import ANONYMOUS, Context, Principal, Services, make_context
from schema.executor import LeanExecutor, LeanStrawberryExecutor
from schema.lean_resolvers import install_lean_resolvers
from schema.mutations import Mutation
from schema.queries import Query
from schema.subscriptions import Subscription
from schema.types import Article, Claim, Entity


class ClaimgraphSchema(strawberry.Schema):
    """Strawberry's schema without its default error logging: it would log every client mistake
    (a bad id, first: 1000) as an error with a traceback. The API's error formatter
    (api.errors.format_error) logs the unexpected ones.

    `executor_class` is the graphql-core executor to run it with when calling graphql-core's
    `execute` directly (`execute(schema._schema, ..., executor_class=schema.executor_class)`):
    plain data fields completed inline (schema.executor); `schema.execute` already uses it."""

    executor_class = LeanExecutor

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(
    extensions: Sequence[type[SchemaExtension] | SchemaExtension] = (), *, lean: bool = True
) -> strawberry.Schema:
    """The schema (its errors are given codes and masked by the runner that executes it). With
    `lean=False`, Strawberry's own resolvers and graphql-core's own executor, untouched: what
    `make bench` compares the lean ones with, since they rely on both libraries' internals."""
    chosen: list[Any] = [*extensions]
    schema = ClaimgraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Article, Claim, Entity],
        extensions=chosen,
        execution_context_class=LeanStrawberryExecutor if lean else None,
    )
    if lean:
        install_lean_resolvers(schema._schema)
    else:
        schema.executor_class = None  # type: ignore[misc]
    return schema


def export_sdl() -> str:
    """The schema in SDL, as checked in at the repository root (schema.graphql)."""
    return build_schema().as_str() + "\n"


__all__ = [
    "ANONYMOUS",
    "ClaimgraphSchema",
    "LeanExecutor",
    "Context",
    "Principal",
    "Services",
    "build_schema",
    "export_sdl",
    "make_context",
]
