"""The embedded store's single-writer lock: an exclusive flock on <data_dir>/writer.lock.

SQLite's own locking keeps every statement safe, but two loaders interleaving whole loads would
each see the other's half-written state; the lock makes a second writer fail fast with a message
that says who holds the store. flock is released by the kernel when the holder dies, so a killed
load never leaves a stale lock behind (the PID in the file is only there to name the holder).

It is held for one transaction at a time (store.base), not for a whole load, so two processes
writing to one store take turns transaction by transaction. The file is the owner's alone (0600, in
a 0700 folder), so no other local user can open it and hold the lock to block every writer.
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
    """Exclusive between processes (and between store objects of one process); one holder at a time
    within a store object, which store.base's transactions guarantee."""

    def __init__(self, data_dir: Path, timeout: float = 0.0) -> None:
        self.path = data_dir / LOCK_FILE
        self.data_dir = data_dir
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    async def acquire(self) -> None:
        if self._fd is not None:
            raise RuntimeError(f"the writer lock of {self.data_dir} is already held by this store")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
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
            try:
                os.fchmod(fd, 0o600)  # a lock file of an older version was world-readable
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            except OSError:
                pass  # the PID only names the holder; a full disk or a foreign file must not stop writes
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
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
