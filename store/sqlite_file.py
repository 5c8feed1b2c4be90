"""The embedded store's database file and its one connection, checked on every use.

Every operation first checks that the database file is still the one we opened (os.stat: device
and inode): SQLite happily keeps reading and writing a file that has been unlinked, so without this
check a removed data folder would silently turn into a private ghost database.

Outage rules (no restart needed in any case):
- the folder or file is gone, unreadable or not a database -> StoreUnavailable naming the path;
- the file is back (same or another inode, e.g. restored from a backup) -> reopened on next use;
- a new, completely empty folder appears at the path -> the operator provisioned a fresh store,
  so the schema is created there; a folder that still holds anything (a WAL, the lock file) but
  no database is an outage, never silently replaced by an empty database.

Used only from the store's worker thread (store.sqlite), which owns the connection.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from store.base import COLLECTIONS, StoreError, StoreUnavailable
from store.sqlite_sql import (
    SIDE_SORT,
    indexed_arrays,
    schema_statements,
    side_table,
    side_table_fill,
)

DB_FILE = "claimgraph.sqlite3"
BUSY_TIMEOUT_MS = 10_000


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


class DatabaseFile:
    """<data_dir>/claimgraph.sqlite3 and the connection to it, reopened or refused by the
    outage rules above."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILE
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None

    def translate(self, exc: sqlite3.DatabaseError) -> StoreError:
        message = str(exc)
        if "locked" in message or "busy" in message:
            return StoreError(f"embedded store at {self.db_path} is busy (another writer): {message}")
        if (
            isinstance(exc, sqlite3.OperationalError | sqlite3.InternalError)
            or type(exc) is sqlite3.DatabaseError
        ):
            # I/O errors, "unable to open", "not a database", "no such table" on a replaced file.
            self.drop()
            return StoreUnavailable(f"embedded store at {self.db_path} is unavailable: {message}")
        return StoreError(f"embedded store at {self.db_path}: {message}")

    def create(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create the embedded store folder {self.data_dir}: {exc.strerror}"
            ) from exc
        try:
            conn = self._connect(create=True)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the embedded store {self.db_path}: {exc}") from exc
        st = os.stat(self.db_path)
        self._conn, self._identity = conn, (st.st_dev, st.st_ino)

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        uri = f"{self.db_path.as_uri()}?mode={'rwc' if create else 'rw'}"
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True
        )
        try:
            conn.create_function("cg_lower", 1, _lower, deterministic=True)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("BEGIN IMMEDIATE")
            stale = _drop_stale_side_tables(conn)
            for statement in schema_statements():
                conn.execute(statement)
            for collection, field in stale:
                conn.execute(side_table_fill(collection, field))
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    def drop(self) -> None:
        conn, self._conn, self._identity = self._conn, None, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass  # the file may already be gone; nothing left to flush

    def _unavailable(self, reason: str) -> StoreUnavailable:
        self.drop()
        return StoreUnavailable(f"embedded store at {self.db_path} is unavailable: {reason}")

    def connection(self) -> sqlite3.Connection:
        """The open connection if the file on disk is still the one it points at; else reopen or
        raise StoreUnavailable. Two stat calls: cheap next to any query."""
        try:
            folder = os.stat(self.data_dir)
        except FileNotFoundError:
            raise self._unavailable("the data folder was removed") from None
        except OSError as exc:
            raise self._unavailable(f"cannot read the data folder: {exc.strerror}") from None
        # Checked by mode bits as well as by the kernel, so that an operator's `chmod 000` takes the
        # store down even for root (whom the kernel would let through).
        if not stat.S_ISDIR(folder.st_mode):
            raise self._unavailable("the data folder's path is not a folder")
        if stat.S_IMODE(folder.st_mode) & 0o500 != 0o500:
            raise self._unavailable("the data folder is not readable (permissions)")
        try:
            st = os.stat(self.db_path)
        except FileNotFoundError:
            if self._is_empty_folder():
                self.create()  # a fresh folder put in place by the operator: provision it
                assert self._conn is not None
                return self._conn
            raise self._unavailable("the database file is missing") from None
        except OSError as exc:
            raise self._unavailable(f"cannot read the database file: {exc.strerror}") from None
        if stat.S_IMODE(st.st_mode) & 0o400 == 0:
            raise self._unavailable("the database file is not readable (permissions)")
        identity = (st.st_dev, st.st_ino)
        if self._conn is None or identity != self._identity:
            self.drop()
            try:
                conn = self._connect(create=False)
            except sqlite3.Error as exc:
                raise self._unavailable(str(exc)) from exc
            self._conn, self._identity = conn, identity
        return self._conn

    def _is_empty_folder(self) -> bool:
        try:
            with os.scandir(self.data_dir) as entries:
                return next(entries, None) is None
        except OSError:
            return False


def _drop_stale_side_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Side tables from before they carried `ord`: dropped here, rebuilt from the documents."""
    stale: list[tuple[str, str]] = []
    for collection in COLLECTIONS:
        for field in indexed_arrays(collection):
            table = side_table(collection, field)
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if columns and SIDE_SORT not in columns:
                conn.execute(f"DROP TABLE {table}")
                stale.append((collection, field))
    return stale
