"""A leaner graphql-core executor: plain data fields are completed inline.

graphql-core completes every field the same way: a Path, a ResolveInfo, the resolver call, an
awaitable check, then `complete_value` walking the type (non-null, list, leaf) before coercing.
For a field that only reads an attribute holding a string, number or enum (`Claim.text`,
`Entity.name`, `Claim.kind`: ~650 of the ~860 fields of a dossier), or a list of them
(`Entity.aliases`, `Corroboration.outlets`), all of that ends in
`coerce_output_value(getattr(source, name))`, item by item for a list.
`LeanFieldsMixin.execute_fields` does just that for the fields `schema.lean_resolvers` marked
(`LEAN_LEAF` in the field's extensions) and hands every other field, and any value that would be
an error (null in a non-null field, a failed coercion, a failing getattr), to graphql-core's own
path, which reports it exactly as before.

    LeanExecutor                graphql-core's IncrementalExecutor with the mixin: pass it as
                                `executor_class=` to graphql.execute (api.execution does)
    LeanStrawberryExecutor      Strawberry's executor with the mixin: what `build_schema` gives
                                `strawberry.Schema(execution_context_class=...)`, so
                                `schema.execute` (tests, tools) runs the same path
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLLeafType, GraphQLObjectType
from graphql.execution.incremental.incremental_executor import IncrementalExecutor
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Key in a graphql-core field's extensions: (attribute name, leaf type, non-null, items non-null or
# None when the field is no list) of a field whose value is a plain attribute of the source object
# (set by schema.lean_resolvers).
LEAN_LEAF = "claimgraph-lean-leaf"


class LeanFieldsMixin(IncrementalExecutor):
    """`execute_fields` with plain leaf fields completed inline; everything else as graphql-core."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if self.middleware_manager:  # middleware must see every resolver call
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        fields = parent_type.fields
        try:
            for response_name, field_details_list in grouped_field_set.items():
                field_def = fields.get(field_details_list[0].node.name.value)
                leaf = field_def.extensions.get(LEAN_LEAF) if field_def is not None else None
                if leaf is not None and _complete_leaf(results, response_name, source_value, leaf):
                    continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # Settle the awaitables other fields created: they may fail too.
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()


def _complete_leaf(
    results: dict[str, Any],
    response_name: str,
    source: Any,
    leaf: tuple[str, GraphQLLeafType, bool, bool | None],
) -> bool:
    """Put the completed value in `results`; False when graphql-core's path must handle the field
    (it will report the error with the field's path and location)."""
    attribute, leaf_type, non_null, items_non_null = leaf
    try:
        value = getattr(source, attribute)
        if value is None:
            if non_null:
                return False
            results[response_name] = None
            return True
        if items_non_null is None:
            coerced = leaf_type.coerce_output_value(value)
        else:
            coerced = _complete_items(value, leaf_type, items_non_null)
    except Exception:
        return False
    if coerced is None or coerced is Undefined:
        return False
    results[response_name] = coerced
    return True


def _complete_items(value: Any, leaf_type: GraphQLLeafType, non_null: bool) -> list[Any] | None:
    """A list of leaves completed item by item; None when one item needs graphql-core's path (a
    null in a non-null list, a failed coercion) or the value is no list."""
    if not isinstance(value, list | tuple):
        return None  # graphql-core accepts other iterables, and reports what is not one
    coerce = leaf_type.coerce_output_value
    out: list[Any] = []
    for item in value:
        if item is None:
            if non_null:
                return None
            out.append(None)
            continue
        coerced = coerce(item)
        if coerced is None or coerced is Undefined:
            return None
        out.append(coerced)
    return out


class LeanExecutor(LeanFieldsMixin):
    """graphql-core's IncrementalExecutor with plain leaf fields completed inline."""


class LeanStrawberryExecutor(LeanFieldsMixin, StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor (its ResolveInfo) with plain leaf fields completed inline."""
