"""The one SQLite connection of a process: WAL, foreign keys, serialised transactions.

Every read-modify-write runs inside `write()`: `BEGIN IMMEDIATE` takes SQLite's write lock at the
start, so two processes (the bot and a gestionnaire's laptop) never interleave a read and a
write; inside one process an asyncio lock queues the coroutines on the shared connection.
"""

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from ranking import sauvegarde as regles
from storage import chaine

BUSY_TIMEOUT_MS = 10_000


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: str):
        self._connection = connection
        self._lock = asyncio.Lock()
        self._lecteur: sqlite3.Connection | None = None
        self._lecture = asyncio.Lock()
        self.path = path
        self.memo: dict[object, object] = {}
        self.commits = 0
        """Write transactions committed: an interrupted command tells from it whether its
        work was applied."""

    @classmethod
    async def open(cls, path: str | Path) -> "Database":
        prive(path)
        connection = await aiosqlite.connect(str(path), isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            database = await cls._prepare(connection, str(path))
        except BaseException:
            await connection.close()  # else its worker thread keeps the process alive
            raise
        if str(path) != ":memory:":  # a second connection to ":memory:" is another base
            database._lecteur = _lecteur(str(path))
        return database

    @classmethod
    async def _prepare(cls, connection: aiosqlite.Connection, path: str) -> "Database":
        version = (await connection.execute_fetchall("PRAGMA user_version"))[0][0]
        tables = (await connection.execute_fetchall("SELECT count(*) FROM sqlite_master"))[0][0]
        latest = derniere()
        regles.check_base(path, version, tables, latest)
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not await _archive(connection, version):  # an archive keeps its one-file mode
            await connection.execute("PRAGMA journal_mode = WAL")
        for pragma in ("PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"):
            await connection.execute(pragma)
        database = cls(connection, path)
        await database.migrate()
        return database

    async def close(self) -> None:
        if self._lecteur is not None:
            self._lecteur.close()
        await self._connection.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator["Transaction"]:
        """A transaction holding SQLite's write lock from its first statement (BEGIN IMMEDIATE)."""
        async with self._transaction("BEGIN IMMEDIATE") as transaction:
            yield transaction

    @asynccontextmanager
    async def read(self) -> AsyncIterator["Transaction"]:
        """A consistent snapshot for several reads, read on the event loop's own thread from a
        second connection (WAL: it sees what is committed, never waits for a writer).

        A read is a few indexed lookups (a rank, a role, a screen): handing each to
        aiosqlite's thread cost more than the lookup itself, so the bot answered /rang at half
        the pace of a bare echo bot. Reads of one process still take turns (a lock)."""
        if self._lecteur is None:
            async with self._transaction("BEGIN") as transaction:
                yield transaction
            return
        async with self._lecture:
            self._lecteur.execute("BEGIN")
            try:
                yield Lecture(self._lecteur, self.memo)
            finally:
                self._lecteur.execute("COMMIT")

    @asynccontextmanager
    async def _transaction(self, begin: str) -> AsyncIterator["Transaction"]:
        async with self._lock:
            await self._connection.execute(begin)
            try:
                yield Transaction(self._connection, self.memo)
            except BaseException:
                # A write the disk refused (full, removed) may have made SQLite undo the
                # transaction itself: its error is the one to say, not « no transaction ».
                if self._connection.in_transaction:
                    await self._connection.execute("ROLLBACK")
                raise
            await self._commit(begin == "BEGIN IMMEDIATE")

    async def _commit(self, counted: bool) -> None:
        """COMMIT runs to its end even if the task is cancelled meanwhile (Ctrl-C): then
        `commits` says the truth about what reached the disk."""
        commit = asyncio.ensure_future(self._connection.execute("COMMIT"))
        try:
            await asyncio.shield(commit)
        except asyncio.CancelledError:
            await commit
            self.commits += counted
            raise
        self.commits += counted

    async def copier_vers(self, cible: Path) -> None:
        """An online copy of the base into `cible` (SQLite's backup API, in one step: the base
        as it was at one instant, whatever other processes write meanwhile), made private,
        written beside it then renamed: a copy cut short never takes its name."""
        partielle = Path(f"{cible}.partielle")
        partielle.unlink(missing_ok=True)
        prive(partielle)
        target = sqlite3.connect(partielle, check_same_thread=False)
        try:
            async with self._lock:  # never in the middle of one of this process's transactions
                await self._connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one file, whole by itself
        finally:
            target.close()
        os.replace(partielle, cible)

    async def reconstruire(self) -> None:
        """The file rewritten from its live content (VACUUM, then the WAL emptied into it):
        what was deleted can no longer be read in its bytes."""
        async with self._lock:
            await self._connection.execute("VACUUM")
            await self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def version(self) -> int:
        async with self._lock, self._connection.execute("PRAGMA user_version") as cursor:
            return (await cursor.fetchone())[0]

    async def migrate(self) -> list[int]:
        """Apply the numbered migrations not yet applied, each in its own transaction."""
        applied = []
        current = await self.version()
        if current >= derniere():
            return applied
        for number, script in migrations():
            if number <= current:
                continue
            async with self._lock:
                try:
                    await self._connection.executescript(f"BEGIN IMMEDIATE;\n{script}\n")
                    if number in APRES:
                        await APRES[number](self._connection)
                    await self._connection.execute(f"PRAGMA user_version = {number}")
                    await self._connection.execute("COMMIT")
                except sqlite3.Error:
                    if self._connection.in_transaction:
                        await self._connection.execute("ROLLBACK")
                    raise
            applied.append(number)
        return applied


ARCHIVES_DEPUIS = 21
"""The schema where a semester built from this base marks it as an archive (`suivant`)."""


async def _archive(connection: aiosqlite.Connection, version: int) -> bool:
    """An archive (a semester built since from it) is read as it lies, one file (the mode its
    copy was made in): reading it writes nothing, leaves no `-wal` or `-shm` beside it."""
    if version < ARCHIVES_DEPUIS:
        return False
    rows = await connection.execute_fetchall("SELECT suivant FROM semestre")
    return bool(rows) and rows[0][0] is not None


async def _chainer_le_journal(connection: aiosqlite.Connection) -> None:
    """Schema 16: the entries already in the journal chained, in its transaction."""
    columns = ", ".join(chaine.COLONNES)
    rows = await connection.execute_fetchall(f"SELECT {columns} FROM journal ORDER BY id")
    if not rows:
        return
    for statement in chaine.LEVER:
        await connection.execute(statement)
    await connection.executemany(
        "UPDATE journal SET empreinte = ? WHERE id = ?", chaine.chainer(map(tuple, rows))
    )
    for statement in chaine.JOURNAL_FIGE:
        await connection.execute(statement)


APRES = {16: _chainer_le_journal}
"""The Python step of a migration, run in its transaction after its SQL."""


def _lecteur(path: str) -> sqlite3.Connection:
    """The reading connection: read-only, used by the event loop's thread alone."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    for pragma in (
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        "PRAGMA foreign_keys = ON",
        "PRAGMA query_only = ON",
    ):
        connection.execute(pragma)
    return connection


MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _fichiers() -> list[tuple[int, Path]]:
    """The migrations' files, in number order (named, not read: a base already up to date
    reads none of them)."""
    return sorted(
        (int(entry.name.split("_", 1)[0]), entry)
        for entry in MIGRATIONS.iterdir()
        if entry.name.endswith(".sql")
    )


def derniere() -> int:
    """The number of the last migration: the schema amphi writes."""
    return _fichiers()[-1][0]


def migrations() -> list[tuple[int, str]]:
    """`storage/migrations/NNN_name.sql`, in number order. A released migration never changes."""
    return [(number, entry.read_text(encoding="utf-8")) for number, entry in _fichiers()]


PRIVE = 0o600
"""The base holds phones: its file is its owner's alone. SQLite creates the WAL and its index
with the base's permissions."""


def lecture_seule(fichier: str | Path, immuable: bool = True) -> str:
    """The file's URI for SQLite, read-only: its path escaped, so that a « # », « ? » or « % »
    in a folder's name names this file and no other. `immuable`: nothing is written beside it
    either (a copy at rest); not for a base another connection may be writing."""
    uri = f"{Path(fichier).resolve().as_uri()}?mode=ro"
    return uri + "&immutable=1" if immuable else uri


def prive(path: str | Path) -> None:
    """The base's file created readable and writable by its owner only, or made so if it was
    not (an older amphi, a copy): the WAL and shared-memory files follow when SQLite makes
    them; those already there are tightened too.

    An existing base is never opened here, only chmod-ed: closing any descriptor of a file
    drops every POSIX lock this process holds on it, SQLite's included (another process would
    then take the WAL for abandoned)."""
    if str(path) == ":memory:":
        return
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVE))
    except FileExistsError:
        pass
    except OSError:
        return  # unopenable: SQLite says so in its own words, translated by the caller
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        try:
            if os.stat(name).st_mode & 0o077 and os.stat(name).st_uid == os.getuid():
                os.chmod(name, PRIVE)
        except OSError:
            continue


class Transaction:
    """What code inside `Database.write()` / `read()` uses to talk to SQLite.

    Each method is one round trip to aiosqlite's thread (a cursor used with `async with`, or
    fetched then closed, costs three): on choice day an act is a handful of statements and each
    hop costs about 0.25 ms here. The cursors are left to the garbage collector, their
    statements already complete."""

    def __init__(self, connection: aiosqlite.Connection, memo: dict[object, object]):
        self._connection = connection
        self.memo = memo
        """What the process keeps between transactions, each entry checked against the database
        before use (see storage/appel.py)."""

    async def execute(self, sql: str, parameters: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cursor = await self._connection.execute(sql, parameters)
        return cursor.rowcount

    async def insert(self, sql: str, parameters: Sequence[object] = ()) -> int:
        """Run one INSERT; the new row's id."""
        cursor = await self._connection.execute(sql, parameters)
        return cursor.lastrowid

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self._connection.executemany(sql, rows)

    async def all(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        return list(await self._connection.execute_fetchall(sql, parameters))

    async def one(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Row | None:
        """The first row of a query that returns at most a few."""
        rows = await self._connection.execute_fetchall(sql, parameters)
        return rows[0] if rows else None

    async def value(self, sql: str, parameters: Sequence[object] = ()) -> object:
        row = await self.one(sql, parameters)
        return None if row is None else row[0]


class Lecture(Transaction):
    """A read transaction on the reading connection: the same methods, run at once on the
    event loop's thread (each a few microseconds for an indexed lookup)."""

    def __init__(self, connection: sqlite3.Connection, memo: dict[object, object]):
        self._direct = connection
        self.memo = memo

    async def execute(self, sql: str, parameters: Sequence[object] = ()) -> int:
        return self._direct.execute(sql, parameters).rowcount

    async def insert(self, sql: str, parameters: Sequence[object] = ()) -> int:
        return self._direct.execute(sql, parameters).lastrowid

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self._direct.executemany(sql, rows)

    async def all(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        return self._direct.execute(sql, parameters).fetchall()

    async def one(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Row | None:
        return self._direct.execute(sql, parameters).fetchone()
