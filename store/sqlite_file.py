"""The embedded store's database file and its one connection, checked on every use.

Every operation first checks that the database file is still the one we opened (os.stat: device
and inode): SQLite happily keeps reading and writing a file that has been unlinked, so without this
check a removed data folder would silently turn into a private ghost database.

Outage rules (no restart needed in any case):
- the folder or file is gone, unreadable or not a database -> StoreUnavailable naming the path;
- the file is back (same or another inode, e.g. restored from a backup) -> reopened on next use;
- a new, completely empty folder appears at the path -> the operator provisioned a fresh store,
  so the schema is created there; a folder that still holds anything (a WAL, the lock file) but
  no database is an outage, never silently replaced by an empty database;
- the disk is full, or the store reached its configured size (`max_bytes`) -> StoreFull, which
  says so; the failed transaction is rolled back and reads go on.

The folder is the owner's alone (0700) and the database files too (0600): they hold API key hashes.
The schema is checked by a fingerprint kept in `PRAGMA user_version`, so opening a connection to an
up-to-date store writes nothing; an older store is brought up to date once, orphans included
(store.sqlite_repair).

Each DatabaseFile is used by one thread at a time (store.sqlite: the writer thread, or one reader
thread each).
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

from store.base import COLLECTIONS, StoreError, StoreFull, StoreUnavailable
from store.sqlite_counts import recount_statements
from store.sqlite_repair import remove_orphans
from store.sqlite_sql import (
    SIDE_SORT,
    indexed_arrays,
    json_path,
    schema_statements,
    side_table,
    side_table_fill,
)

DB_FILE = "claimgraph.sqlite3"
BUSY_TIMEOUT_MS = 10_000
FOLDER_MODE = 0o700
FILE_MODE = 0o600
SQLITE_FULL = 13


def schema_version() -> int:
    """A fingerprint of the schema statements (31 bits, as user_version is a signed 32-bit int)."""
    text = "\n".join(schema_statements()).encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:4], "big") & 0x7FFFFFFF


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


class DatabaseFile:
    """<data_dir>/claimgraph.sqlite3 and the connection to it, reopened or refused by the
    outage rules above."""

    def __init__(self, data_dir: Path, *, max_bytes: int | None = None) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILE
        self.max_bytes = max_bytes
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None

    def translate(self, exc: sqlite3.DatabaseError) -> StoreError:
        message = str(exc)
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL or "database or disk is full" in message:
            limit = f" (its size limit is {self.max_bytes} bytes)" if self.max_bytes else ""
            return StoreFull(
                f"embedded store at {self.db_path} is full{limit}: the disk or the store's size limit "
                f"left no room for this write ({message}); free space, then retry"
            )
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
            self.data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            _restrict(self.data_dir, FOLDER_MODE)
            # Made here, not by SQLite (which would make it 0644); the WAL and shared-memory files
            # SQLite adds take the database file's mode.
            os.close(os.open(self.db_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE))
            for path in self.data_dir.glob(f"{DB_FILE}*"):
                _restrict(path, FILE_MODE)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise StoreFull(f"cannot create the embedded store {self.db_path}: the disk is full") from exc
            raise StoreUnavailable(
                f"cannot create the embedded store folder {self.data_dir}: {exc.strerror}"
            ) from exc
        try:
            conn = self._connect()
        except sqlite3.DatabaseError as exc:
            translated = self.translate(exc)
            if isinstance(translated, StoreFull):
                raise translated from exc
            raise StoreUnavailable(f"cannot open the embedded store {self.db_path}: {exc}") from exc
        st = os.stat(self.db_path)
        self._conn, self._identity = conn, (st.st_dev, st.st_ino)

    def _connect(self) -> sqlite3.Connection:
        uri = f"{self.db_path.as_uri()}?mode=rw"
        # check_same_thread off: a connection is used by one thread at a time (see the module
        # docstring), but closed at shutdown by whichever thread closes the store.
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        try:
            conn.create_function("cg_lower", 1, _lower, deterministic=True)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk when it returns, so "acknowledged" survives a power cut as
            # well as a crash. Transactions are per article or per chunk of a load, so it costs one
            # fsync per transaction.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA cache_size = -65536")
            if self.max_bytes is not None:
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {max(1, self.max_bytes // page_size)}")
            if conn.execute("PRAGMA user_version").fetchone()[0] != schema_version():
                _upgrade(conn)
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
                conn = self._connect()
            except sqlite3.DatabaseError as exc:
                translated = self.translate(exc)
                if isinstance(translated, StoreFull):
                    raise translated from exc
                raise self._unavailable(str(exc)) from exc
            self._conn, self._identity = conn, identity
        return self._conn

    def _is_empty_folder(self) -> bool:
        try:
            with os.scandir(self.data_dir) as entries:
                return next(entries, None) is None
        except OSError:
            return False


def _restrict(path: Path, mode: int) -> None:
    """Narrow a file's or folder's mode to `mode` when it allows more (and we may change it)."""
    try:
        if stat.S_IMODE(os.stat(path).st_mode) & ~mode:
            os.chmod(path, mode)
    except PermissionError:
        pass  # not ours to change: an operator's choice, and SQLite still opens it


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring an older (or new, empty) store's schema up to date, in one transaction: tables and
    indexes, side tables rebuilt where their shape changed, and the orphans an older, non-atomic
    write path could leave behind removed."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != schema_version():  # another process?
            stale = _drop_stale_side_tables(conn)
            existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for statement in schema_statements():
                conn.execute(statement)
            for collection in COLLECTIONS:  # side tables new or rebuilt: filled from the documents
                for field in indexed_arrays(collection):
                    if side_table(collection, field) not in existing or (collection, field) in stale:
                        conn.execute(side_table_fill(collection, field))
            remove_orphans(conn)
            for statement in recount_statements(side_table, json_path):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {schema_version()}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def _drop_stale_side_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Side tables of an older layout (without `ord`, or a rowid table with an index beside it):
    dropped here, rebuilt from the documents."""
    stale: list[tuple[str, str]] = []
    for collection in COLLECTIONS:
        for field in indexed_arrays(collection):
            table = side_table(collection, field)
            row = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
            ).fetchone()
            if row is None:
                continue
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if SIDE_SORT not in columns or "WITHOUT ROWID" not in row[0].upper():
                conn.execute(f"DROP TABLE {table}")  # its indexes go with it
                stale.append((collection, field))
    return stale
