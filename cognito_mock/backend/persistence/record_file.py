"""The narrow storage interface: a file of records (path, key, text), read whole at start and
changed in one transaction per request. SQLite (the standard library's sqlite3) implements it;
another engine (PostgreSQL, for processes on several machines) would implement the same four
methods (docs/persistence.md).

The file says what it is: ``PRAGMA application_id`` is cognito-mock's, ``PRAGMA user_version`` the
schema version, and the ``meta`` table the release that wrote it. Anything else is refused before a
byte of it is changed. WAL mode with ``synchronous=NORMAL``: a committed transaction is in the file
(the WAL) before the request is answered, so killing the process at any moment loses no answered
write; a power cut may lose the last transactions (``synchronous=FULL`` would cost an fsync each).
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

APPLICATION_ID = 0x434D4F43        # "CMOC"
SCHEMA_VERSION = 2
_HEADER = b"SQLite format 3\x00"

# schema version n -> the SQL that makes version n+1 of it. Records themselves may be upgraded as they are
# read instead (a class's ``_from_older``, persistence/codec.py), which needs no SQL:
# 1 -> 2: a User keeps its password's salt, hash and time in one packed field (User._from_older), and a
#         pool no longer keeps a sub -> user map (its sub index answers; codec.RETIRED drops the field)
MIGRATIONS: dict[int, tuple[str, ...]] = {1: ("DELETE FROM records WHERE path LIKE '%/user_pools/%/subs'",)}

_CREATE = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE records (path TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (path, key))"
    " WITHOUT ROWID",
)


class StoreFileError(Exception):
    """The file cannot be used; the message is one line for the user, and the file is untouched."""


def check_location(path: Path) -> None:
    """Refuse, before anything is served, a path whose state could not be kept."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise StoreFileError(f"--persist {path}: is a directory; give a file path")
    if not parent.is_dir():
        raise StoreFileError(f"--persist {path}: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreFileError(f"--persist {path}: the directory {parent} is not writable")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreFileError(f"--persist {path}: the file is not readable and writable")
        with open(path, "rb") as f:
            head = f.read(len(_HEADER))
        if head != _HEADER:
            raise StoreFileError(f"--persist {path}: not a cognito-mock store (not an SQLite file); "
                                 "move it away or give another path")


class RecordFile:
    """One store file, open. ``rows()``, ``write(...)``, ``close()``; ``new`` says it was just made."""

    def __init__(self, path: str | os.PathLike, release: str) -> None:
        self.path = Path(path)
        check_location(self.path)
        existed = self.path.exists()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=0)
            # one server per file: the first write takes the file's lock and keeps it until close, so a
            # second server (whose state in memory would go its own way) is refused at start
            self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
            if existed:
                self._check(release)
            else:
                self._create(release)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._db.close()
            if "locked" in str(exc):
                raise StoreFileError(f"--persist {self.path}: in use by another process (another cognito-mock "
                                     "serve?); stop it or give another path") from None
            raise StoreFileError(f"--persist {self.path}: not a usable cognito-mock store ({exc})") from None
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreFileError(f"--persist {self.path}: not a usable cognito-mock store ({exc})") from None
        self.new = not existed

    def _check(self, release: str) -> None:
        db = self._db
        app = db.execute("PRAGMA application_id").fetchone()[0]
        if app != APPLICATION_ID:
            raise StoreFileError(f"--persist {self.path}: an SQLite file, but not a cognito-mock store; "
                                 "move it away or give another path")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            written_by = dict(db.execute("SELECT name, value FROM meta")).get("written_by", "a newer release")
            raise StoreFileError(f"--persist {self.path}: written by cognito-mock {written_by} (store schema "
                                 f"{version}); this release reads up to schema {SCHEMA_VERSION}: upgrade cognito-mock")
        if version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            for step in range(version, SCHEMA_VERSION):
                for sql in MIGRATIONS[step]:
                    db.execute(sql)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('written_by', ?)", (release,))
            db.execute("COMMIT")

    def _create(self, release: str) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        for sql in _CREATE:
            db.execute(sql)
        db.executemany("INSERT INTO meta VALUES (?, ?)", (("format", "cognito-mock store"),
                                                          ("created_by", release), ("written_by", release)))
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")

    def rows(self) -> Iterator[tuple[str, str, str]]:
        return iter(self._db.execute("SELECT path, key, body FROM records"))

    def write(self, *, prefixes: Iterable[str] = (), paths: Iterable[str] = (),
              deletes: Iterable[tuple[str, str]] = (), upserts: Iterable[tuple[str, str, str]] = ()) -> None:
        """One transaction: remove the records under each prefix (which ends with "/") and at each
        path, remove single records, then write records."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for prefix in prefixes:
                db.execute("DELETE FROM records WHERE path >= ? AND path < ?", (prefix, prefix[:-1] + "0"))
            for path in paths:
                db.execute("DELETE FROM records WHERE path = ?", (path,))
            db.executemany("DELETE FROM records WHERE path = ? AND key = ?", deletes)
            db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", upserts)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()
