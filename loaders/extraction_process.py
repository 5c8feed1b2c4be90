"""A warm extraction process that can be stopped at any moment: what the server extracts with.

Extraction is CPU-bound Python and cannot be interrupted inside a thread, so a server that
extracted in a thread could not stop the work of a client that went away or ran past its time
budget (a 1 MB article once held a server for 16 minutes, and SIGTERM with it). Here extraction
runs in a child process (spawned, so it shares no event loop or database handle) that loads the
language model once, in the background, as soon as the server starts; a call that is cancelled or
runs out of time kills the child, and a fresh one is started (and loads the model) at once.

One call at a time per process: calls queue on a lock, and a call's time budget starts when it gets
the process. The child exits by itself when its parent dies (its end of the pipe closes).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .model import Article, Extraction

logger = logging.getLogger("claimgraph.extraction")

READY = "ready"
DEFAULT_BUDGET_SECONDS = 120.0


class ExtractionTimeout(Exception):
    """Extraction ran past its time budget and was stopped; nothing of it was written."""


def _child(conn: Connection, model: str | None) -> None:  # pragma: no cover - runs in the child
    from .workers import extract_many

    try:
        extract_many([], model)  # loads the model before saying ready
    except Exception as exc:  # a missing or broken model: say why, then stop
        conn.send(f"{type(exc).__name__}: {exc}")
        return
    conn.send(READY)
    while True:
        try:
            articles = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        results = extract_many(articles, model)
        # Exceptions may not pickle: their message is what gets reported anyway.
        conn.send([r if isinstance(r, Extraction) else f"{type(r).__name__}: {r}" for r in results])


class ExtractionProcess:
    """`await process.extract(articles, budget=...)`: one Extraction (or exception) per article."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready: asyncio.Future[None] | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        self.restarts = 0  # processes killed and replaced (a client gone, a budget spent)
        self.starts = 0  # processes started

    @property
    def state(self) -> str:
        """"ready" once the model is loaded, "loading" while it loads, "unavailable" when it could
        not be (`reason` says why), "lazy" before start (the first extraction starts it)."""
        if self._ready is None:
            return "lazy"
        if not self._ready.done():
            return "loading"
        if self._ready.cancelled() or self._ready.exception() is not None:
            return "unavailable"
        return READY

    @property
    def reason(self) -> str | None:
        """Why the model could not be loaded, when it could not."""
        if self._ready is None or not self._ready.done() or self._ready.cancelled():
            return None
        exc = self._ready.exception()
        return None if exc is None else f"{type(exc).__name__}: {exc}"

    def status(self) -> dict[str, str]:
        """What /readyz reports about extraction."""
        body = {"extraction": self.state}
        if self.reason:
            body["extraction_reason"] = self.reason
        return body

    def start(self) -> None:
        """Start the child (if none runs) and let it load the model in the background."""
        if self._closed:
            raise RuntimeError("the extraction process is closed")
        if self._process is not None:
            return
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_child, args=(child, self.model), name="claimgraph-extraction", daemon=True
        )
        process.start()
        self.starts += 1
        child.close()
        self._process, self._conn = process, parent
        self._ready = asyncio.ensure_future(asyncio.to_thread(_await_ready, parent))
        self._ready.add_done_callback(_log_failure)

    async def wait_ready(self) -> None:
        self.start()
        assert self._ready is not None
        await asyncio.shield(self._ready)

    async def extract(
        self, articles: list[Article], *, budget: float = DEFAULT_BUDGET_SECONDS
    ) -> list[Extraction | Exception]:
        """Extract in the child. Raises ExtractionTimeout past `budget` seconds (the child is killed
        and replaced); a cancelled call kills and replaces it too."""
        if not articles:
            return []
        async with self._lock:
            self.start()
            conn = self._conn
            assert conn is not None and self._ready is not None
            try:
                async with asyncio.timeout(budget):
                    await asyncio.shield(self._ready)
                    conn.send(articles)
                    raw: list[Any] = await asyncio.to_thread(conn.recv)
            except TimeoutError:
                self._restart()
                raise ExtractionTimeout(
                    f"extraction took longer than its budget of {budget:g} s and was stopped"
                ) from None
            except asyncio.CancelledError:
                self._restart()  # the client is gone: stop its work now
                raise
            except (EOFError, OSError) as exc:
                self._restart()
                raise RuntimeError(f"the extraction process died ({exc or type(exc).__name__})") from exc
        return [r if isinstance(r, Extraction) else RuntimeError(r) for r in raw]

    def _restart(self) -> None:
        self._kill()
        self.restarts += 1
        if not self._closed:
            self.start()

    def _kill(self) -> None:
        process, conn, ready = self._process, self._conn, self._ready
        self._process = self._conn = self._ready = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)  # its end of the pipe closes: a thread blocked in recv wakes
        if conn is not None:
            conn.close()
        if ready is not None and not ready.done():
            ready.cancel()

    async def close(self) -> None:
        self._closed = True
        self._kill()


def _await_ready(conn: Connection) -> None:
    message = conn.recv()
    if message != READY:
        raise RuntimeError(f"the language model could not be loaded: {message}")


def _log_failure(future: asyncio.Future[None]) -> None:
    if future.cancelled():
        return
    with contextlib.suppress(asyncio.CancelledError):
        exc = future.exception()
        if exc is not None:
            logger.error("the extraction process failed to start: %s", exc)
