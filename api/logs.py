"""Structured logs: JSON lines on stderr, each carrying the id of the request it belongs to.

The request id comes from the client's `X-Request-ID` when it is sane (1-128 characters of
letters, digits and `._:-`), else a new random one; it is returned in the `X-Request-ID` response
header, so a client can quote it and an operator can find every line of that request.
"""

from __future__ import annotations

import contextvars
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "claimgraph_request_id", default=None
)
_ID_FIELDS = {"request_id", "context_request_id", "color_message"}  # color: uvicorn's terminal copy
_SANE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
# LogRecord attributes that are not extra fields.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def request_id_from(incoming: str | None) -> str:
    if incoming and _SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or getattr(record, "context_request_id", None)
        if rid:
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _ID_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            # Tracebacks belong in the logs (never in responses).
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None) or getattr(record, "context_request_id", None)
        base = super().format(record)
        return f"{base} [request {rid}]" if rid else base


_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    # Stamp the id when the record is made, not when it is formatted: a handler may format later,
    # outside the request's context.
    record = _base_factory(*args, **kwargs)
    # (Under its own name: a record's `extra` may not overwrite an attribute the factory set.)
    record.context_request_id = request_id_var.get()
    return record


def configure_logging(level: str = "INFO", *, json_lines: bool = True) -> None:
    """Send claimgraph's (and uvicorn's) logs to stderr in the chosen format; idempotent."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if json_lines else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.set_name("claimgraph")
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == "claimgraph":
            root.removeHandler(existing)
    root.addHandler(handler)
    if logging.getLogRecordFactory() is not _record_with_request_id:
        logging.setLogRecordFactory(_record_with_request_id)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # Our own access log line carries the request id; uvicorn's would duplicate it without one.
    logging.getLogger("uvicorn.access").disabled = True
