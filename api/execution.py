"""Running one GraphQL request: parse, validate with our limits, price, execute within a time budget.

Every transport goes through `GraphQLRunner` — HTTP, WebSocket (api.graphql_ws), server-sent
events, `claimgraph query` — so they all answer alike: the same limits, the same error formatter.
Subscriptions stream through `stream`, with the same preparation as any request.

Why graphql-core directly rather than `strawberry.Schema.execute`: Strawberry's execute takes a
query string and parses and validates it itself, with no way to hand it a document we already
parsed (with `max_tokens`), validated (with the depth, alias and introspection rules) and priced
(which needs the variables). Going through it would parse and validate every request twice. The
Strawberry schema is still the one source of types and resolvers: `schema._schema` is the
graphql-core schema it builds, and its resolvers receive Strawberry's `Info` as usual.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    subscribe,
    validate,
)
from graphql.error import GraphQLSyntaxError

from api import errors as codes
from api.errors import RequestError, format_error, without_suggestion
from api.limits import check_cost, count_list_argument, limit_rules
from api.settings import Settings
from schema.mutations import MAX_ARTICLES_PER_CALL

logger = logging.getLogger("claimgraph.api")
CACHEABLE_QUERY_CHARS = 20_000


def _strawberry_rules() -> tuple[Any, ...]:
    # The rules Strawberry adds to the specified ones for its own directives (@oneOf, Maybe).
    try:
        from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
        from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
    except ImportError:  # pragma: no cover - older Strawberry
        return ()
    return (MaybeNullValidationRule, OneOfInputValidationRule)


@dataclass
class Prepared:
    """A request that passed parsing, validation and the limits: ready to execute."""

    document: DocumentNode
    operation: OperationDefinitionNode
    operation_type: str  # query | mutation | subscription
    operation_name: str | None
    variables: dict[str, Any] | None


@dataclass
class Response:
    """What a request produced: the JSON body, whether anything ran, and how it went."""

    body: dict[str, Any]
    executed: bool
    outcome: str  # success | error | rejected | timeout | unavailable | busy | full
    operation_type: str | None = None
    operation_name: str | None = None
    status: int | None = None  # an HTTP status the transport must use (auth, method, APQ)
    headers: dict[str, str] = field(default_factory=dict)
    error_codes: list[str] = field(default_factory=list)
    private: bool = False  # answered for a key holder: never cached by shared caches


class GraphQLRunner:
    """Prepares and executes GraphQL requests against the Strawberry schema, with the limits of `settings`."""

    def __init__(self, schema: strawberry.Schema, settings: Settings, *, cache_size: int = 512) -> None:
        self.schema = schema
        self.settings = settings
        self.graphql_schema: GraphQLSchema = schema._schema
        self.rules = (
            *specified_rules,
            *_strawberry_rules(),
            *limit_rules(
                max_depth=settings.max_depth,
                max_aliases=settings.max_aliases,
                introspection=settings.introspection,
            ),
        )
        # Documents that parsed and validated, by text: a client's repeated query skips both steps.
        self._valid: OrderedDict[str, DocumentNode] = OrderedDict()
        self._cache_size = cache_size

    # -- before execution ------------------------------------------------------------------------
    def document_for(self, query: str) -> DocumentNode:
        """The parsed, validated document; RequestError-like GraphQLErrors are raised as `Refused`."""
        cached = self._valid.get(query)
        if cached is not None:
            self._valid.move_to_end(query)
            return cached
        try:
            document = parse(query, max_tokens=self.settings.max_tokens, no_location=False)
        except GraphQLSyntaxError as err:
            raise Refused([err], codes.PARSE_FAILED) from None
        except RecursionError:
            raise Refused(
                [GraphQLError("Syntax Error: the document is nested too deeply to parse.")],
                codes.PARSE_FAILED,
            ) from None
        try:
            problems = validate(self.graphql_schema, document, self.rules, max_errors=20)
        except RecursionError:
            problems = [GraphQLError("The document is nested too deeply to validate.")]
        if problems:
            if not self.settings.introspection:
                problems = [without_suggestion(p) for p in problems]
            raise Refused(problems, codes.VALIDATION_FAILED)
        if len(query) <= CACHEABLE_QUERY_CHARS:  # big documents would let clients fill memory
            self._valid[query] = document
        while len(self._valid) > self._cache_size:
            self._valid.popitem(last=False)
        return document

    def prepare(
        self,
        query: str,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        *,
        allow_mutations: bool = True,
        allow_subscriptions: bool = False,
    ) -> Prepared:
        """Parse, validate, select the operation and price it. Raises Refused or RequestError."""
        document = self.document_for(query)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f"Unknown operation named '{operation_name}'."
                if operation_name
                else "The document has several operations: name the one to run in operationName."
            )
            raise Refused([GraphQLError(message)], codes.VALIDATION_FAILED)
        kind = operation.operation.value
        if kind == "subscription" and not allow_subscriptions:
            raise Refused(
                [
                    GraphQLError(
                        "Subscriptions stream: open a WebSocket to /graphql (graphql-transport-ws) or send "
                        "the request with `Accept: text/event-stream` (graphql-sse)."
                    )
                ],
                codes.VALIDATION_FAILED,
            )
        if kind == "mutation" and not allow_mutations:
            raise RequestError(
                "Mutations cannot run over GET: send them with POST.",
                codes.METHOD_NOT_ALLOWED,
                status=405,
                headers={"Allow": "POST"},
            )
        problem = check_cost(
            self.graphql_schema,
            document,
            operation,
            variables,
            self.settings.max_cost,
            self.settings.max_first,
        )
        if problem is not None:
            raise Refused([problem], codes.VALIDATION_FAILED)
        if kind == "mutation":
            articles = count_list_argument(document, operation, variables, "ingestArticles", "articles")
            if articles > MAX_ARTICLES_PER_CALL:
                raise Refused(
                    [
                        GraphQLError(
                            f"ingestArticles: at most {MAX_ARTICLES_PER_CALL} articles per request, got "
                            f"{articles} (every ingestArticles field of a request counts, aliases too)",
                            extensions={"code": codes.BAD_USER_INPUT},
                        )
                    ],
                    codes.BAD_USER_INPUT,
                )
        name = operation.name.value if operation.name else operation_name
        return Prepared(document, operation, kind, name, dict(variables) if variables is not None else None)

    # -- execution -------------------------------------------------------------------------------
    async def execute(self, prepared: Prepared, context: Any) -> Response:
        """Execute within the time budget; the body's errors are formatted (and masked)."""
        try:
            result = execute(
                self.graphql_schema,
                prepared.document,
                context_value=context,
                variable_values=prepared.variables,
                operation_name=prepared.operation_name,
                # The schema's executor completes plain scalar fields inline (schema/executor.py).
                executor_class=getattr(self.schema, "executor_class", None),
            )
            if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
                # Queries get the time budget; mutations run to the end: stopping a write half-way
                # would leave the client unsure of what landed (writes are idempotent, but an
                # acknowledged-or-not answer is what partners need).
                budget = (
                    None if prepared.operation_type == "mutation" else self.settings.request_timeout_seconds
                )
                result = await asyncio.wait_for(result, timeout=budget)
        except TimeoutError:
            message = (
                f"The request took longer than its time budget of "
                f"{self.settings.request_timeout_seconds:g} s "
                "and was stopped; ask for less."
            )
            return Response(
                {"data": None, "errors": [{"message": message, "extensions": {"code": codes.TIMEOUT}}]},
                executed=True,
                outcome="timeout",
                operation_type=prepared.operation_type,
                operation_name=prepared.operation_name,
                error_codes=[codes.TIMEOUT],
            )
        assert isinstance(result, ExecutionResult)
        return self._response(result, prepared)

    async def stream(self, prepared: Prepared, context: Any) -> AsyncIterator[Response]:
        """Run any operation as a stream of responses: a subscription's one per event, until the
        caller stops iterating (closing the source stream), or else the one response of a query
        or mutation. Errors that stop a subscription before or while it streams end it with one
        response holding them."""
        if prepared.operation_type != "subscription":
            yield await self.execute(prepared, context)
            return
        started = subscribe(
            self.graphql_schema,
            prepared.document,
            context_value=context,
            variable_values=prepared.variables,
            operation_name=prepared.operation_name,
            executor_class=getattr(self.schema, "executor_class", None),
        )
        source = await started if asyncio.iscoroutine(started) else started
        if isinstance(source, ExecutionResult):  # refused before streaming (bad variables, an argument)
            yield self._response(source, prepared)
            return
        try:
            async for result in source:  # type: ignore[union-attr]
                yield self._response(result, prepared)
        except Exception as exc:  # the source stream failed (the store went away)
            error = GraphQLError(str(exc), path=[_root_field(prepared)], original_error=exc)
            yield self._response(ExecutionResult(data=None, errors=[error]), prepared)
        finally:
            aclose = getattr(source, "aclose", None)
            if aclose is not None:
                await aclose()

    def _response(self, result: ExecutionResult, prepared: Prepared) -> Response:
        body: dict[str, Any] = {}
        error_codes: list[str] = []
        if result.errors:
            formatted = []
            for err in result.errors:
                if not self.settings.introspection:
                    err = without_suggestion(err)
                # No path: the variables failed to coerce before anything ran (the client's input).
                default = codes.BAD_USER_INPUT if not err.path else codes.INTERNAL
                item = format_error(err, debug=self.settings.debug, default_code=default)
                formatted.append(item)
                error_codes.append(str(item["extensions"].get("code")))
            body["errors"] = formatted
        body["data"] = result.data
        if not result.errors:
            outcome = "success"
        elif codes.STORE_UNAVAILABLE in error_codes:
            outcome = "unavailable"
        elif codes.STORE_FULL in error_codes:
            outcome = "full"
        elif codes.STORE_BUSY in error_codes:
            outcome = "busy"
        else:
            outcome = "error"
        return Response(
            body,
            executed=True,
            outcome=outcome,
            operation_type=prepared.operation_type,
            operation_name=prepared.operation_name,
            error_codes=error_codes,
        )


def _root_field(prepared: Prepared) -> str:
    for selection in prepared.operation.selection_set.selections:
        name = getattr(selection, "alias", None) or getattr(selection, "name", None)
        if name is not None:
            return str(name.value)
    return prepared.operation_type


class Refused(Exception):
    """The document failed to parse, validate or pass a limit: nothing ran."""

    def __init__(self, problems: list[GraphQLError], default_code: str) -> None:
        super().__init__(problems[0].message if problems else default_code)
        self.problems = problems
        self.default_code = default_code

    def errors(self, *, debug: bool) -> list[dict[str, Any]]:
        return [format_error(p, debug=debug, default_code=self.default_code) for p in self.problems]

    def response(self, *, debug: bool) -> Response:
        errs = self.errors(debug=debug)
        return Response(
            {"errors": errs},
            executed=False,
            outcome="rejected",
            error_codes=[str(e["extensions"].get("code")) for e in errs],
        )
