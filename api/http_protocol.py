"""The HTTP/1.1 protocol `claimgraph serve` speaks: uvicorn's httptools protocol with a bound on the
size of a request's head (request line and headers).

uvicorn bounds headers only for its pure-Python h11 protocol; httptools buffers a header of any size
until it ends, so 40 MB of headers stalled the event loop for seconds and four such requests took
the server from 188 to 614 MiB. Here the head is counted as it arrives and, past the limit, the
client gets `431 Request Header Fields Too Large` and the connection closes, before httptools has
buffered more than the limit.

This subclasses uvicorn's protocol (handed to `uvicorn.run(http=...)`, the extension point for a
protocol class) and overrides `data_received`, `on_message_complete` and `on_headers_complete`:
pyproject.toml pins the uvicorn release these were read from.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_END_OF_HEAD = b"\r\n\r\n"


DEFAULT_MAX_HEAD_BYTES = 65_536


class BoundedHeadProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing heads larger than the limit with 431. The limit rides
    in uvicorn's own `h11_max_incomplete_event_size` setting (the same bound, for its h11
    protocol), so the class stays importable by name: `serve --workers` hands it to processes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_head = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_HEAD_BYTES
        self._in_head = True  # the bytes arriving belong to a request's head
        self._head_bytes = 0
        self._tail = b""  # the last bytes of the head so far: its end may straddle two reads

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            end = (self._tail + data).find(_END_OF_HEAD)
            self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
            self._tail = (self._tail + data)[-3:]
            if self._head_bytes > self._max_head:
                self._refuse()
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes, self._tail = False, 0, b""
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True  # what follows on this connection is the next request's head

    def _refuse(self) -> None:
        message = f"Request line and headers exceed {self._max_head} bytes."
        head = [b"HTTP/1.1 431 Request Header Fields Too Large\r\n"]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: " + str(len(message)).encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
            message.encode("ascii"),
        ]
        self._in_head = False
        self.transport.write(b"".join(head))
        self.transport.close()
