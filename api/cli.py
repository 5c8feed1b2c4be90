"""The `claimgraph` command line: serve, load, query, subscribe, export, schema, keys.

Every subcommand reads the same settings (api/settings.py: env vars), and its flags override them.
stdout carries only the command's result (`query` prints pure JSON, `schema` the SDL), so scripts
can parse it; progress, summaries of problems and logs go to stderr.

Exit status: 0 success; 1 something failed (a file that did not load, a query answered with
errors); 2 the command could not run (bad arguments, store locked or unreachable).

Start-up time matters for `claimgraph query`, which scripts call in loops: spaCy and the loaders
are imported only by `load` (and by the server's write services on first use).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

from api.metrics import MULTIPROC_ENV
from api.settings import Settings, load_settings

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


class CommandError(Exception):
    """The command cannot run; the message says why (exit status 2)."""


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("store (flags override CLAIMGRAPH_* env vars)")
    group.add_argument("--data", help="embedded store folder (CLAIMGRAPH_DATA, default ./.claimgraph)")
    group.add_argument("--mongodb-uri", help="use MongoDB at this URI (MONGODB_URI)")
    group.add_argument("--db", help="MongoDB database name (CLAIMGRAPH_DB)")
    group.add_argument("--log-level", help="DEBUG, INFO, WARNING or ERROR (CLAIMGRAPH_LOG_LEVEL)")
    return common


# serve's flags for the settings of limits and access: (flag, type, help). Each maps to the setting
# of the same name (dashes -> underscores).
SERVE_FLAGS: tuple[tuple[str, type, str], ...] = (
    ("--max-first", int, "largest `first` of a connection"),
    ("--max-depth", int, "deepest field nesting"),
    ("--max-aliases", int, "most aliases in a document"),
    ("--max-tokens", int, "most tokens in a document"),
    ("--max-cost", int, "largest query cost"),
    ("--max-body-bytes", int, "largest request body"),
    ("--request-timeout-seconds", float, "time budget of a query"),
    ("--cors-origins", str, "comma-separated origins allowed by CORS"),
    ("--persisted-queries", str, "JSON file of registered documents"),
    ("--allow-list-only", bool, "run only registered documents"),
    ("--require-read-key", bool, "reads need an API key too"),
)


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="claimgraph", description="Who said what in the news, as a graph served over GraphQL."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", parents=[common], help="serve the GraphQL API (GraphiQL at /graphql)")
    serve.add_argument("--host", help="address to listen on (CLAIMGRAPH_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (CLAIMGRAPH_PORT, default 8000)")
    serve.add_argument("--debug", action="store_true", default=None, help="show unexpected errors' messages")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.add_argument(
        "--workers",
        type=int,
        dest="serve_workers",
        help="server processes (CLAIMGRAPH_WORKERS, default: one per core)",
    )
    limits = serve.add_argument_group("limits and access (see api/settings.py for defaults)")
    for flag, kind, text in SERVE_FLAGS:
        if kind is bool:
            limits.add_argument(flag, action="store_true", default=None, help=text)
        else:
            limits.add_argument(flag, type=kind, help=text)
    limits.add_argument(
        "--no-introspection",
        dest="introspection",
        action="store_false",
        default=None,
        help="refuse __schema/__type queries (CLAIMGRAPH_INTROSPECTION=false)",
    )

    load = sub.add_parser("load", parents=[common], help="load articles: files, folders, - for stdin")
    load.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .json, .jsonl, folders, -")
    load.add_argument("--if-empty", action="store_true", help="load only when the store holds no article")
    load.add_argument("--workers", type=int, help="extraction processes (CLAIMGRAPH_LOAD_WORKERS)")
    load.add_argument("--no-progress", action="store_true", help="no progress bar")

    query = sub.add_parser("query", parents=[common], help="run a GraphQL query in-process, print JSON")
    query.add_argument("query", metavar="QUERY", help="the GraphQL document, or - to read it from stdin")
    query.add_argument("--variables", help="variables as a JSON object")
    query.add_argument("--operation-name", help="which operation of the document to run")

    subscribe = sub.add_parser(
        "subscribe", parents=[common], help="run a GraphQL subscription in-process, print each event as JSON"
    )
    subscribe.add_argument("query", metavar="QUERY", help="the subscription, or - to read it from stdin")
    subscribe.add_argument("--variables", help="variables as a JSON object")
    subscribe.add_argument(
        "--limit", type=int, help="stop after this many events (default: run until Ctrl-C)"
    )

    sub.add_parser("schema", help="print the GraphQL schema (SDL)")

    export = sub.add_parser(
        "export", parents=[common], help="write the graph out: schema.org ClaimReview or a JSONL dump"
    )
    export.add_argument(
        "--format",
        required=True,
        choices=("claimreview", "jsonl"),
        help="claimreview: one schema.org ClaimReview (JSON-LD) per line, for each claim something "
        "contradicts or supports; jsonl: every document, one article per line, which `claimgraph load` "
        "loads back as it was",
    )
    export.add_argument(
        "--actor", metavar="NAME", help="only this actor's claims (a name or alias, any case)"
    )
    export.add_argument(
        "--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY)"
    )
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")

    keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = keys_sub.add_parser("create", parents=[common], help="create a key (its token is shown once)")
    create.add_argument("name", help="who or what uses the key")
    create.add_argument("--scopes", default="read", help="comma-separated: read, write, admin (default read)")
    keys_sub.add_parser("list", parents=[common], help="list keys (never their tokens)")
    revoke = keys_sub.add_parser("revoke", parents=[common], help="revoke a key, by id or by name")
    revoke.add_argument(
        "key_id", metavar="ID|NAME", help="the key's id (key_…), or its name if no other active key has it"
    )
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line gave (None: flag not given)."""
    overrides: dict[str, Any] = {
        "data": getattr(args, "data", None),
        "mongodb_uri": getattr(args, "mongodb_uri", None),
        "db": getattr(args, "db", None),
        "log_level": getattr(args, "log_level", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
        "debug": getattr(args, "debug", None),
        "load_workers": getattr(args, "workers", None),
        "workers": getattr(args, "serve_workers", None),
        "introspection": getattr(args, "introspection", None),
    }
    for flag, _kind, _text in SERVE_FLAGS:
        name = flag[2:].replace("-", "_")
        overrides[name] = getattr(args, name, None)
    return {k: v for k, v in overrides.items() if v is not None}


def _settings(args: argparse.Namespace) -> Settings:
    try:
        return load_settings(**_overrides(args))
    except ValueError as err:  # pydantic's ValidationError names the setting and the reason
        raise CommandError(f"invalid settings: {err}") from err


def _err(message: str) -> None:
    print(message, file=sys.stderr)


# -- serve -----------------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.http_protocol import BoundedHeadProtocol
    from api.logs import configure_logging

    settings = _settings(args)
    configure_logging(settings.log_level, json_lines=settings.log_json)
    workers = settings.workers or os.cpu_count() or 1
    common: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
        "http": BoundedHeadProtocol,
        "h11_max_incomplete_event_size": settings.max_header_bytes,  # BoundedHeadProtocol's limit
        # On SIGTERM: no new connections, in-flight requests get this long to finish, then they are
        # cancelled (an extraction's process killed, a transaction rolled back) and the server exits.
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
    }
    if args.reload or workers > 1:
        # Each process builds the app from the environment: hand it the flags that way.
        for name, value in _overrides(args).items():
            env_name = "MONGODB_URI" if name == "mongodb_uri" else f"CLAIMGRAPH_{name.upper()}"
            os.environ[env_name] = ",".join(value) if isinstance(value, list) else str(value)
        with shared_metrics(1 if args.reload else workers):
            uvicorn.run(
                "api.app:app_from_env",
                factory=True,
                reload=bool(args.reload),
                workers=None if args.reload else workers,
                **common,
            )
        return EXIT_OK
    from api.app import create_app

    try:
        app = create_app(settings)
    except ValueError as err:  # a persisted queries file that cannot be used, say
        raise CommandError(str(err)) from err
    uvicorn.run(app, **common)
    return EXIT_OK


@contextlib.contextmanager
def shared_metrics(workers: int) -> Iterator[None]:
    """With several worker processes, Prometheus' multiprocess mode: each process writes its
    metrics to files in a folder of this server's, and /metrics, answered by any of them, adds
    them all up (api/metrics.py). The folder goes when the server stops."""
    if workers <= 1 or os.environ.get(MULTIPROC_ENV):
        yield
        return
    folder = tempfile.mkdtemp(prefix="claimgraph-metrics-")
    os.environ[MULTIPROC_ENV] = folder
    try:
        yield
    finally:
        os.environ.pop(MULTIPROC_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)


# -- load ------------------------------------------------------------------------------------------
async def _load(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.ingest import load_paths, store_is_empty
    from store import open_store

    store = await open_store(
        mongodb_uri=settings.mongodb_uri,
        data_dir=settings.data,
        db_name=settings.db,
        lock_timeout=settings.lock_timeout,
    )
    try:
        if args.if_empty and not await store_is_empty(store):
            _err("the store already holds articles: nothing loaded (--if-empty)")
            return EXIT_OK
        progress = not args.no_progress and sys.stderr.isatty()
        report = await load_paths(store, list(args.paths), progress=progress, workers=settings.load_workers)
    finally:
        await store.close()
    errors = list(getattr(report, "errors", []) or [])
    for name, reason in errors:
        _err(f"{name}: {reason}")
    _err(f"loaded {report.loaded} article(s), {report.claims} claim(s); {len(errors)} error(s)")
    return EXIT_FAILED if errors else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.spacy_model:
        os.environ.setdefault("CLAIMGRAPH_SPACY_MODEL", settings.spacy_model)  # worker processes too
    if args.workers is not None and args.workers < 1:
        raise CommandError("--workers must be at least 1")
    return asyncio.run(_load(args, settings))


# -- query -----------------------------------------------------------------------------------------
def _read_query(arg: str) -> str:
    text = sys.stdin.read() if arg == "-" else arg
    if not text.strip():
        raise CommandError("query: empty document (give a GraphQL query, or - and the query on stdin)")
    return text


def _parse_variables(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        variables = json.loads(text)
    except json.JSONDecodeError as err:
        raise CommandError(f"--variables: not valid JSON ({err.msg} at column {err.colno})") from err
    if variables is not None and not isinstance(variables, dict):
        raise CommandError("--variables: must be a JSON object, e.g. '{\"first\": 10}'")
    return variables


async def run_query(
    settings: Settings, query: str, variables: dict[str, Any] | None, operation_name: str | None = None
) -> dict[str, Any]:
    """Run one GraphQL request in-process against the store, exactly as the server would."""
    from api.errors import RequestError
    from api.execution import GraphQLRunner, Refused
    from api.keys import local_principal
    from api.services import LoaderServices
    from schema import build_schema, make_context
    from store import open_store

    runner = GraphQLRunner(build_schema(), settings)
    try:
        prepared = runner.prepare(query, variables, operation_name)
    except Refused as refused:
        return refused.response(debug=settings.debug).body
    except RequestError as err:
        return {"errors": [err.as_error()]}
    store = await open_store(
        mongodb_uri=settings.mongodb_uri,
        data_dir=settings.data,
        db_name=settings.db,
        lock_timeout=settings.lock_timeout,
    )
    try:
        context = make_context(
            store,
            LoaderServices(store),
            local_principal(),
            max_first=settings.max_first,
            debug=settings.debug,
        )
        response = await runner.execute(prepared, context)
    finally:
        await store.close()
    return response.body


def cmd_query(args: argparse.Namespace) -> int:
    settings = _settings(args)
    query = _read_query(args.query)
    variables = _parse_variables(args.variables)
    body = asyncio.run(run_query(settings, query, variables, args.operation_name))
    sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code", "ERROR")
        _err(f"{code}: {error.get('message')}")
    return EXIT_FAILED if errors else EXIT_OK


# -- subscribe -------------------------------------------------------------------------------------
async def run_subscription(
    settings: Settings, query: str, variables: dict[str, Any] | None, limit: int | None, out: Any
) -> int:
    """Stream a subscription's results to `out`, one JSON line each, through the same runner as the
    server, fed by the store's event log (so writes of every process arrive). 1 if any held errors."""
    from api.errors import RequestError
    from api.events import EventHub
    from api.execution import GraphQLRunner, Refused
    from api.keys import local_principal
    from schema import build_schema, make_context
    from store import open_store

    runner = GraphQLRunner(build_schema(), settings)
    try:
        prepared = runner.prepare(query, variables, None, allow_subscriptions=True)
    except Refused as refused:
        out.write(json.dumps(refused.response(debug=settings.debug).body) + "\n")
        return EXIT_FAILED
    except RequestError as err:
        out.write(json.dumps({"errors": [err.as_error()]}) + "\n")
        return EXIT_FAILED
    store = await open_store(
        mongodb_uri=settings.mongodb_uri,
        data_dir=settings.data,
        db_name=settings.db,
        lock_timeout=settings.lock_timeout,
    )

    async def store_of() -> Any:
        return store

    hub = EventHub(store_of, poll_seconds=settings.event_poll_seconds)
    status, seen = EXIT_OK, 0
    try:
        context = make_context(store, None, local_principal(), max_first=settings.max_first, events=hub)
        stream = runner.stream(prepared, context)
        try:
            async for response in stream:
                out.write(json.dumps(response.body, ensure_ascii=False) + "\n")
                out.flush()
                seen += 1
                if response.body.get("errors"):
                    status = EXIT_FAILED
                if limit is not None and seen >= limit:
                    break
        finally:
            await stream.aclose()
    finally:
        await hub.close()
        await store.close()
    return status


def cmd_subscribe(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.limit is not None and args.limit < 1:
        raise CommandError("--limit must be at least 1")
    query = _read_query(args.query)
    variables = _parse_variables(args.variables)
    return asyncio.run(run_subscription(settings, query, variables, args.limit, sys.stdout))


# -- export ----------------------------------------------------------------------------------------
CLAIMREVIEW_PAGE = 100  # claims reviewed per batch of loads


async def _claim_reviews(store: Any, actor: str | None, since: str | None, out: Any) -> int:
    """Every claim (of `actor`, in articles since `since`) that something contradicts or supports,
    as one ClaimReview JSON-LD line each, in publication order; how many were written."""
    import orjson

    from loaders.bundles import check_since, find_actor
    from schema.claimreview import claim_review_of
    from schema.request_loaders import Loaders

    since = check_since(since)
    where: dict[str, Any] = {}
    if actor is not None:
        where["speaker_id"] = (await find_actor(store, actor))["_id"]
    written = 0
    after = None
    while True:
        page = await store.find("claims", where, sort="order", after=after, limit=CLAIMREVIEW_PAGE)
        if not page:
            return written
        after = (page[-1].get("order"), page[-1]["_id"])
        loaders = Loaders(store)  # per page: a page's claims share one load per relationship
        loaders.claim_by_id.prime_docs(page)
        relations = await loaders.relations_to_claim.load_many([c["_id"] for c in page])
        reviewed = [c for c, rels in zip(page, relations, strict=True) if rels]
        if since is not None:
            articles = await loaders.article_by_id.load_many([c["article_id"] for c in reviewed])
            reviewed = [
                c
                for c, a in zip(reviewed, articles, strict=True)
                if a and str(a.get("published_at") or "") >= since
            ]
        for review in await asyncio.gather(*(claim_review_of(loaders, c) for c in reviewed)):
            out.write(orjson.dumps(review) + b"\n")
            written += 1
        if len(page) < CLAIMREVIEW_PAGE:
            return written


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.bundles import ExportError, write_export
    from store import open_store

    store = await open_store(
        mongodb_uri=settings.mongodb_uri,
        data_dir=settings.data,
        db_name=settings.db,
        lock_timeout=settings.lock_timeout,
    )
    try:
        out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
        try:
            if args.format == "jsonl":
                n = await write_export(store, out, actor=args.actor, since=args.since)
                _err(f"exported {n} article(s)")
            else:
                n = await _claim_reviews(store, args.actor, args.since, out)
                _err(f"exported {n} claim review(s)")
        finally:
            out.flush()
            if args.output:
                out.close()
    except ExportError as err:
        raise CommandError(str(err)) from None
    except OSError as err:
        raise CommandError(f"--output: cannot write {args.output}: {err.strerror}") from None
    finally:
        await store.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    return asyncio.run(_export(args, _settings(args)))


# -- schema ----------------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from schema import export_sdl

    sys.stdout.write(export_sdl())
    return EXIT_OK


# -- keys ------------------------------------------------------------------------------------------
async def _keys(args: argparse.Namespace, settings: Settings) -> int:
    from api.keys import create_key, list_keys, parse_scopes, revoke_key
    from store import open_store

    scopes = parse_scopes(args.scopes) if args.keys_command == "create" else frozenset()
    store = await open_store(
        mongodb_uri=settings.mongodb_uri,
        data_dir=settings.data,
        db_name=settings.db,
        lock_timeout=settings.lock_timeout,
    )
    try:
        if args.keys_command == "create":
            async with store.transaction():
                token, doc = await create_key(store, args.name, scopes)
            print(token)
            _err(
                f"created {doc['_id']} ({doc['name']}, scopes {','.join(doc['scopes'])}); "
                "the token above is shown only now: keep it somewhere safe"
            )
        elif args.keys_command == "list":
            for doc in await list_keys(store):
                state = f"revoked {doc['revoked_at']}" if doc.get("revoked_at") else "active"
                print(
                    f"{doc['_id']}\t{doc.get('name')}\t{','.join(doc.get('scopes') or [])}\t"
                    f"created {doc.get('created_at')}\t{state}"
                )
        else:
            try:
                async with store.transaction():
                    doc = await revoke_key(store, args.key_id)
            except LookupError as err:
                _err(str(err.args[0]))
                return EXIT_FAILED
            print(f"{doc['_id']}\t{doc.get('name')}\trevoked {doc.get('revoked_at')}")
    finally:
        await store.close()
    return EXIT_OK


def cmd_keys(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        return asyncio.run(_keys(args, settings))
    except ValueError as err:
        raise CommandError(f"keys {args.keys_command}: {err}") from err


COMMANDS = {
    "serve": cmd_serve,
    "load": cmd_load,
    "query": cmd_query,
    "schema": cmd_schema,
    "keys": cmd_keys,
    "export": cmd_export,
    "subscribe": cmd_subscribe,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `claimgraph` console script; returns the exit status."""
    from store.base import StoreLocked, StoreUnavailable

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommandError as err:
        _err(f"claimgraph {args.command}: {err}")
    except StoreLocked as err:
        _err(f"claimgraph {args.command}: the store is busy: {err}")
    except StoreUnavailable as err:
        _err(f"claimgraph {args.command}: the store is unavailable: {err}")
    except KeyboardInterrupt:
        _err(f"claimgraph {args.command}: interrupted")
        return 130
    return EXIT_UNUSABLE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
