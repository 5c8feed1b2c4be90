"""The embedded store's single-writer lock: an exclusive flock on <data_dir>/writer.lock.

SQLite's own locking keeps every statement safe, but two loaders interleaving whole loads would
each see the other's half-written state; the lock makes a second writer fail fast with a message
that says who holds the store. flock is released by the kernel when the holder dies, so a killed
load never leaves a stale lock behind (the PID in the file is only there to name the holder).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from pathlib import Path

from store.base import StoreLocked, StoreUnavailable

LOCK_FILE = "writer.lock"
_RETRY_SECONDS = 0.05


class WriterLock:
    """Re-entrant within one store object; exclusive between processes."""

    def __init__(self, data_dir: Path, timeout: float = 0.0) -> None:
        self.path = data_dir / LOCK_FILE
        self.data_dir = data_dir
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    @property
    def depth(self) -> int:
        return self._depth

    @property
    def held(self) -> bool:
        return self._fd is not None

    async def acquire(self) -> None:
        if self._fd is not None:
            self._depth += 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreUnavailable(
                f"embedded store at {self.data_dir} is unavailable: cannot open {self.path}: {exc.strerror}"
            ) from exc
        deadline = time.monotonic() + max(0.0, self.timeout)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = _read_pid(fd)
                        raise StoreLocked(
                            f"the embedded store at {self.data_dir} is being written by another process "
                            f"(pid {holder or 'unknown'}); wait for it to finish"
                            + (f" (waited {self.timeout:g}s)" if self.timeout > 0 else "")
                        ) from None
                    await asyncio.sleep(_RETRY_SECONDS)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass  # the folder may be gone (outage); closing still drops the lock
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
