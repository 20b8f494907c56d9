"""Backups of the semester's base, as SQLite files: what a file holds before it is restored, and
the restoring itself (SQLite's backup API, into the base even while the bot has it open)."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ranking import sauvegarde as regles
from storage import chaine, schema
from storage.database import derniere, lecture_seule, prive


@dataclass(frozen=True, slots=True)
class Examen:
    """What a backup holds: its schema, its journal's last entry (number and time), its
    journal's entries and whether their chain was checked (older schemas are chained when
    brought up to date)."""

    version: int
    dernier: int
    dernier_at: str | None
    entrees: int = 0
    chaine_verifiee: bool = False


def examiner(fichier: Path) -> Examen:
    """A backup checked whole before it replaces the base: readable, intact (integrity_check),
    an amphi base of a schema this amphi knows, with exactly amphi's tables, indexes,
    triggers and views (a trigger added would run amphi's writes through foreign SQL), no row
    pointing at nothing (foreign_key_check), and a journal whose chain follows. Nothing in it
    is run: it is opened immutable."""
    where = f"argument FICHIER : « {fichier} »"
    regles.check_fichier(where, fichier.is_file())
    wal = Path(f"{fichier}-wal")
    regles.check_sans_wal(where, str(fichier), wal.name, wal.is_file() and wal.stat().st_size > 0)
    try:
        connection = sqlite3.connect(lecture_seule(fichier), uri=True)
    except sqlite3.Error:
        regles.ne_s_ouvre_pas(where)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        found = schema.lu(connection.execute(schema.LIRE).fetchall())
    except sqlite3.DatabaseError:
        connection.close()
        regles.illisible(where)
    try:
        latest = derniere()
        differences = (
            schema.ecarts(found, version) if verdict == "ok" and 0 < version <= latest else []
        )
        regles.check_sauvegarde(where, verdict, version, latest, differences)
        regles.check_references(where, _references_rompues(connection))
        return _journal(connection, version, where)
    finally:
        connection.close()


def _references_rompues(connection: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """The rows whose foreign key points at nothing (PRAGMA foreign_key_check), counted per
    table and the table they point at."""
    rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    counted: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fkid in rows:
        counted[(table, parent)] = counted.get((table, parent), 0) + 1
    return [(table, parent, count) for (table, parent), count in counted.items()]


def _journal(connection: sqlite3.Connection, version: int, where: str) -> Examen:
    dernier = connection.execute("SELECT coalesce(max(id), 0), max(at) FROM journal").fetchone()
    if version < CHAINE:
        count = connection.execute("SELECT count(*) FROM journal").fetchone()[0]
        return Examen(version, dernier[0], dernier[1], count)
    columns = ", ".join(chaine.COLONNES)
    rows = connection.execute(f"SELECT {columns}, empreinte FROM journal ORDER BY id").fetchall()
    sequence = connection.execute(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)"
    ).fetchone()[0]
    debut = (0, chaine.DEBUT)
    if version >= SEMESTRES:  # a semester built from another: its chain starts at the archive's
        row = connection.execute(
            "SELECT journal_depuis, journal_depuis_empreinte FROM semestre "
            "WHERE journal_depuis > 0 AND journal_depuis_empreinte IS NOT NULL"
        ).fetchone()
        debut = (row[0], row[1]) if row else debut
    found = chaine.verifier(rows, sequence, debut)
    regles.check_chaine(where, [b.phrase() for b in found])
    return Examen(version, dernier[0], dernier[1], len(rows), chaine_verifiee=True)


CHAINE = 16
"""The schema from which the journal is chained (storage/chaine.py)."""
SEMESTRES = 21
"""The schema from which a base may be built from another semester (its chain starts later)."""


def remplacer(base: Path, fichier: Path) -> None:
    """The base's content replaced by the backup's, in one step (other connections see one or
    the other); an older schema is brought up to date at the next opening."""
    prive(base)
    source = sqlite3.connect(lecture_seule(fichier), uri=True)
    target = sqlite3.connect(base, timeout=10)
    try:
        source.backup(target)
    except sqlite3.OperationalError as error:
        regles.non_remplacee(str(base), error)
    finally:
        source.close()
        target.close()
