"""Query limits: what a document may ask for before anything runs.

- tokens: the parser itself stops past `max_tokens` (graphql-core's `parse(max_tokens=)`), so a
  50 MB query or a 10,000-level nesting costs a bounded amount of work before it is refused;
- depth and aliases: validation rules, counted through fragments;
- cost: a field costs 1 plus its children; a connection (a field with a `first` argument) costs
  `first` x (1 + its children's cost), with `first` taken from the arguments, the variables (or,
  for a variable the request leaves out, the operation's default for it) or the field's default.
  This is the upper bound of the objects a query can touch, which is what makes
  `first: 100` nested three connections deep expensive;
- introspection: graphql-core's NoSchemaIntrospectionCustomRule when the setting turns it off.

Defaults and settings live in api/settings.py (max_depth, max_aliases, max_tokens, max_cost).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)
from graphql.type import GraphQLInterfaceType, GraphQLObjectType
from graphql.validation.rules.custom.no_schema_introspection import NoSchemaIntrospectionCustomRule

LIMIT_CODE = "QUERY_TOO_COMPLEX"


def _too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": LIMIT_CODE})


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than `max_depth` fields (fragments expanded)."""
    too_deep = max_depth + 1

    class MaxDepthRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            # A fragment's height is the same wherever it is spread: computed once, so fragments
            # that spread each other twice over cost linear, not exponential, time.
            self.heights: dict[str, int] = {}
            self.open: set[str] = set()

        def height(self, selection_set: SelectionSetNode, room: int) -> int:
            """Levels of fields below and including this selection set, capped at too_deep; `room`
            is how many more levels may follow, so a hostile nesting stops after max_depth levels."""
            best = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    if selection.selection_set is None:
                        levels = 1
                    elif selection.name.value == "ofType":
                        # Introspection's type-wrapper chain (`[Int!]!` is three levels): no fan-out,
                        # and every client's standard introspection query nests it ~8 deep.
                        levels = self.height(selection.selection_set, room)
                    else:
                        levels = too_deep if room <= 1 else 1 + self.height(selection.selection_set, room - 1)
                elif isinstance(selection, InlineFragmentNode):
                    levels = self.height(selection.selection_set, room)
                else:
                    levels = self.fragment_height(selection.name.value)
                best = max(best, levels)
                if best >= too_deep:
                    return too_deep
            return best

        def fragment_height(self, name: str) -> int:
            known = self.heights.get(name)
            if known is not None:
                return known
            fragment = self.fragments.get(name)
            if fragment is None or name in self.open:  # unknown or cyclic: other rules say so
                return 0
            self.open.add(name)
            try:
                levels = self.height(fragment.selection_set, max_depth)
            finally:
                self.open.discard(name)
            self.heights[name] = levels
            return levels

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            try:
                levels = self.height(node.selection_set, max_depth)
            except RecursionError:  # a chain of thousands of fragments spreading each other
                levels = too_deep
            if levels > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    _too_complex(
                        f"Query is too deep: operation '{name}' nests fields more than "
                        f"{max_depth} levels deep (the limit is {max_depth})."
                    )
                )

    return MaxDepthRule


def alias_limit_rule(max_aliases: int) -> type[ValidationRule]:
    """A rule refusing documents with more than `max_aliases` aliased fields."""

    class MaxAliasesRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1
                if self.count == max_aliases + 1:
                    self.report_error(
                        _too_complex(
                            f"Too many aliases: the document uses more than {max_aliases} "
                            f"(the limit is {max_aliases})."
                        )
                    )

    return MaxAliasesRule


def limit_rules(*, max_depth: int, max_aliases: int, introspection: bool) -> tuple[type[ValidationRule], ...]:
    rules: list[type[ValidationRule]] = [depth_limit_rule(max_depth), alias_limit_rule(max_aliases)]
    if not introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


def with_defaults(operation: OperationDefinitionNode, variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """The request's variables, and the operation's default for each one it leaves out."""
    defaults = {
        d.variable.name.value: value_from_ast_untyped(d.default_value)
        for d in operation.variable_definitions or ()
        if d.default_value is not None
    }
    return {**defaults, **(variables or {})}


class CostTooHigh(Exception):
    pass


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    *,
    ceiling: int,
    max_first: int | None = None,
) -> int:
    """The operation's cost (see the module docstring). Stops counting past `ceiling` (raising
    CostTooHigh) so that a hostile query costs little to price. Run after validation.
    `first` above `max_first` is priced at `max_first`: the schema refuses it with a precise message."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    # A variable the request leaves out takes the operation's default (`$f: Int = 100`): priced so.
    variables = with_defaults(operation, variables)
    worst = max_first if max_first is not None else None
    root = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]

    def first_of(field_node: FieldNode, default: Any) -> int | None:
        """`first` as the request gives it; anything that is not a plain int (which execution would
        refuse anyway) is priced at the most it could be."""
        fallback = default if _is_int(default) else worst
        for arg in field_node.arguments or ():
            if arg.name.value == "first":
                value = arg.value
                if isinstance(value, IntValueNode):
                    return int(value.value)
                if isinstance(value, VariableNode):
                    v = variables.get(value.name.value, default)
                    return v if _is_int(v) else fallback
                return fallback
        return fallback

    def cost_of(selection_set: SelectionSetNode, parent: Any, visited: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name.startswith("__"):
                    total += 1
                    continue
                field = (
                    parent.fields.get(name)
                    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
                    else None
                )
                if field is None:
                    total += 1
                    continue
                children = 0
                if selection.selection_set is not None:
                    children = cost_of(selection.selection_set, get_named_type(field.type), visited)
                first_arg = field.args.get("first")
                if first_arg is not None:
                    first = first_of(selection, first_arg.default_value)
                    if first is not None and max_first is not None:
                        first = min(first, max_first)
                    total += max(first or 0, 1) * (1 + children)
                else:
                    total += 1 + children
            elif isinstance(selection, InlineFragmentNode):
                cond = selection.type_condition
                target = schema.get_type(cond.name.value) if cond else parent
                total += cost_of(selection.selection_set, target or parent, visited)
            elif isinstance(selection, FragmentSpreadNode):
                frag_name = selection.name.value
                fragment = fragments.get(frag_name)
                if fragment is None or frag_name in visited:
                    continue
                target = schema.get_type(fragment.type_condition.name.value)
                total += cost_of(fragment.selection_set, target or parent, visited | {frag_name})
            if total > ceiling:
                raise CostTooHigh
        return total

    if root is None:
        return 0
    try:
        return cost_of(operation.selection_set, root, frozenset())
    except CostTooHigh:
        return ceiling + 1


def check_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    max_cost: int,
    max_first: int | None = None,
) -> GraphQLError | None:
    cost = query_cost(schema, document, operation, variables, ceiling=max_cost, max_first=max_first)
    if cost > max_cost:
        return _too_complex(
            f"Query is too expensive: its cost exceeds {max_cost} (a connection costs `first` times its "
            "fields; ask for fewer items or fewer nested connections)."
        )
    return None


def count_list_argument(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    field_name: str,
    argument: str,
) -> int:
    """How many items the root fields `field_name` of the operation carry in their list `argument`,
    all of them together: aliases, fragments and variables count, and a variable the request leaves
    out takes the operation's default. Read off the document before any input is coerced, so that
    a request carrying 70,000 items is refused for its size, not after coercing them all."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    values = with_defaults(operation, variables)

    def size(node: Any) -> int:
        if isinstance(node, ListValueNode):
            return len(node.values)
        if isinstance(node, ObjectValueNode):
            return 1  # one value where a list is expected: a list of one
        if isinstance(node, VariableNode):
            value = values.get(node.name.value)
            return len(value) if isinstance(value, list) else int(isinstance(value, dict))
        return 0

    def walk(selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == field_name:
                    total += sum(size(a.value) for a in selection.arguments or () if a.name.value == argument)
            elif isinstance(selection, InlineFragmentNode):
                total += walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in seen:
                    total += walk(fragment.selection_set, seen | {fragment.name.value})
        return total

    return walk(operation.selection_set, frozenset())
