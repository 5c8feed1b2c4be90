"""schema.executor: plain data fields completed inline answer exactly what graphql-core answers,
errors included (same message, path and location)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse
from graphql.execution.incremental.incremental_executor import IncrementalExecutor

from schema import build_schema, make_context
from schema.executor import LeanExecutor
from schema.lean_resolvers import install_lean_resolvers
from store.base import Store
from tests.schema.test_store_operations import DOSSIER, dossier  # noqa: F401 (fixture)


def _run(schema: Any, query: str, executor: type[IncrementalExecutor], **kw: Any) -> ExecutionResult:
    result = execute(schema, parse(query), executor_class=executor, **kw)
    assert isinstance(result, ExecutionResult)
    return result


def _errors(result: ExecutionResult) -> list[tuple[str, Any, Any]]:
    return [(e.message, e.path, e.locations) for e in result.errors or ()]


async def test_the_dossier_is_the_same_through_both_executors(dossier: Store) -> None:  # noqa: F811
    schema = build_schema()._schema
    answers = []
    for executor in (IncrementalExecutor, LeanExecutor):
        result = execute(
            schema,
            parse(DOSSIER),
            executor_class=executor,
            context_value=make_context(dossier),
            variable_values={"name": "vance", "first": 20},
        )
        assert not isinstance(result, ExecutionResult)
        answers.append(await result)
    plain, lean = answers
    assert lean.errors is None and plain.errors is None
    assert lean.data == plain.data
    assert lean.data is not None
    assert len(lean.data["actor"]["statements"]["edges"]) == 20


class Mood(Enum):
    CALM = "calm"


@strawberry.type
class Thing:
    name: str
    label: str | None
    mood: Mood
    count: int


@strawberry.type
class Query:
    @strawberry.field
    def good(self) -> list[Thing]:
        return [Thing(name="ok", label=None, mood=Mood.CALM, count=1)]

    @strawberry.field
    def things(self) -> list[Thing | None]:
        broken_mood: Any = "not a mood"
        missing_name: Any = None
        return [
            Thing(name="ok", label=None, mood=Mood.CALM, count=1),
            Thing(name=missing_name, label="x", mood=Mood.CALM, count=2),  # null in a non-null field
            Thing(name="bad", label="y", mood=broken_mood, count=3),  # an enum value that is not one
            Thing(name="big", label="z", mood=Mood.CALM, count=2**40),  # not an Int
        ]


@strawberry.type
class Tagged:
    tags: list[str]
    maybe: list[str | None] | None
    moods: list[Mood]
    sizes: list[int]


@strawberry.type
class ListQuery:
    @strawberry.field
    def tagged(self) -> list[Tagged | None]:
        bad: Any = {
            "null_item": [None],
            "not_a_mood": ["stormy"],
            "not_a_list": "abc",
            "a_set": {"x"},
            "too_big": [2**40],
        }
        return [
            Tagged(tags=["a", "b"], maybe=None, moods=[Mood.CALM], sizes=[1, 2]),
            Tagged(tags=("a",), maybe=["x", None], moods=[], sizes=[]),  # type: ignore[arg-type]
            Tagged(tags=bad["null_item"], maybe=[], moods=[], sizes=[]),  # null in [String!]!
            Tagged(tags=[], maybe=[], moods=bad["not_a_mood"], sizes=[]),
            Tagged(tags=bad["not_a_list"], maybe=[], moods=[], sizes=[]),
            Tagged(tags=bad["a_set"], maybe=[], moods=[], sizes=[]),  # an iterable graphql-core takes
            Tagged(tags=[], maybe=[], moods=[], sizes=bad["too_big"]),
        ]


@pytest.fixture(scope="module")
def list_schema() -> Any:
    schema = strawberry.Schema(query=ListQuery)._schema
    assert install_lean_resolvers(schema) > 0
    return schema


def test_lists_of_leaves_answer_and_fail_as_graphql_core(list_schema: Any) -> None:
    query = "{ tagged { tags maybe moods sizes } }"
    plain = _run(list_schema, query, IncrementalExecutor)
    lean = _run(list_schema, query, LeanExecutor)
    assert lean.data == plain.data
    assert _errors(lean) == _errors(plain)
    assert lean.data is not None
    tagged = lean.data["tagged"]
    assert tagged[0] == {"tags": ["a", "b"], "maybe": None, "moods": ["CALM"], "sizes": [1, 2]}
    assert tagged[1] == {"tags": ["a"], "maybe": ["x", None], "moods": [], "sizes": []}
    assert tagged[5] == {"tags": ["x"], "maybe": [], "moods": [], "sizes": []}
    assert [t is None for t in tagged] == [False, False, True, True, True, False, True]


def test_good_lists_of_leaves_skip_graphql_cores_list_completion(list_schema: Any) -> None:
    calls: list[str] = []

    class Counting(LeanExecutor):
        def complete_list_value(self, *args: Any, **kwargs: Any) -> Any:
            calls.append(args[1][0].node.name.value)  # the field's name
            return super().complete_list_value(*args, **kwargs)

    result = _run(list_schema, "{ tagged { tags maybe moods sizes } }", Counting)
    assert result.data is not None and len(result.data["tagged"]) == 7
    # Only the outer list and the lists the lean path hands back (the set, and the failing ones).
    assert calls.count("tagged") == 1
    assert sorted(c for c in calls if c != "tagged") == ["moods", "sizes", "tags", "tags", "tags"]


@pytest.fixture(scope="module")
def toy_schema() -> Any:
    schema = strawberry.Schema(query=Query)._schema
    assert install_lean_resolvers(schema) > 0
    return schema


def test_leaf_errors_are_reported_as_graphql_core_reports_them(toy_schema: Any) -> None:
    query = "{ things { name label mood count } }"
    plain = _run(toy_schema, query, IncrementalExecutor)
    lean = _run(toy_schema, query, LeanExecutor)
    assert lean.data == plain.data
    assert _errors(lean) == _errors(plain)
    assert len(_errors(lean)) == 3
    assert lean.data == {
        "things": [{"name": "ok", "label": None, "mood": "CALM", "count": 1}, None, None, None]
    }


def test_aliases_and_repeated_fields_complete_inline(toy_schema: Any) -> None:
    query = "{ good { a: name b: name name label __typename } }"
    plain = _run(toy_schema, query, IncrementalExecutor)
    lean = _run(toy_schema, query, LeanExecutor)
    assert lean.data == plain.data
    assert _errors(lean) == _errors(plain)
    assert lean.data is not None
    assert lean.data["good"][0] == {
        "a": "ok",
        "b": "ok",
        "name": "ok",
        "label": None,
        "__typename": "Thing",
    }
