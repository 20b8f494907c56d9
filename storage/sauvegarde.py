"""Backups of the semester's base, as SQLite files: what a file holds before it is restored, and
the restoring itself (SQLite's backup API, into the base even while the bot has it open)."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ranking.errors import Refused
from storage import chaine, schema
from storage.database import migrations, prive


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


def _lecture(fichier: Path) -> str:
    """The file's URI for SQLite, read-only and immutable (nothing written beside it): its path
    escaped, so that a « # » or a « ? » in it names this file and no other."""
    return f"{Path(fichier).resolve().as_uri()}?mode=ro&immutable=1"


def examiner(fichier: Path) -> Examen:
    """A backup checked whole before it replaces the base: readable, intact (integrity_check),
    an amphi base of a schema this amphi knows, with exactly amphi's tables, indexes,
    triggers and views (a trigger added would run amphi's writes through foreign SQL), and a
    journal whose chain follows. Nothing in it is run: it is opened immutable."""
    where = f"argument FICHIER : « {fichier} »"
    if not fichier.is_file():
        raise Refused(f"{where} n'existe pas ou n'est pas un fichier")
    wal = Path(f"{fichier}-wal")
    if wal.is_file() and wal.stat().st_size:
        raise Refused(
            f"{where} a des écritures dans « {wal.name} » à côté de lui, qu'une copie ne lit pas "
            "(une base en service, ou copiée avec ses fichiers) : en faire d'abord une copie "
            f"cohérente, amphi sauvegarde COPIE --db {fichier}, puis restaurer COPIE"
        )
    try:
        connection = sqlite3.connect(_lecture(fichier), uri=True)
    except sqlite3.Error:
        raise Refused(f"{where} ne s'ouvre pas") from None
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        found = schema.lu(connection.execute(schema.LIRE).fetchall())
    except sqlite3.DatabaseError:
        connection.close()
        raise Refused(f"{where} n'est pas une base SQLite, ou elle est abîmée") from None
    try:
        if verdict != "ok":
            raise Refused(f"{where} est abîmée ({verdict[:200]})")
        latest = max(number for number, _ in migrations())
        if not version:
            raise Refused(f"{where} n'est pas une base d'amphi")
        if version > latest:
            raise Refused(
                f"{where} vient d'une version plus récente d'amphi (schéma {version}, celle-ci "
                f"connaît le schéma {latest}) : mettre amphi à jour d'abord"
            )
        differences = schema.ecarts(found, version)
        if differences:
            shown = ", ".join(differences[:8])
            shown += f" (et {len(differences) - 8} autre(s))" if len(differences) > 8 else ""
            raise Refused(
                f"{where} n'a pas le schéma d'amphi (schéma {version}) : {shown} ; rien n'est "
                "restauré (une base changée hors d'amphi ferait passer ses écritures par du SQL "
                "étranger)"
            )
        return _journal(connection, version, where)
    finally:
        connection.close()


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
    breaks = chaine.verifier(rows, sequence)
    if breaks:
        said = " ; ".join(b.phrase() for b in breaks[:5])
        said += f" (et {len(breaks) - 5} autre(s))" if len(breaks) > 5 else ""
        raise Refused(f"{where} : son journal a été altéré hors d'amphi : {said}")
    return Examen(version, dernier[0], dernier[1], len(rows), chaine_verifiee=True)


CHAINE = 16
"""The schema from which the journal is chained (storage/chaine.py)."""


def remplacer(base: Path, fichier: Path) -> None:
    """The base's content replaced by the backup's, in one step (other connections see one or
    the other); an older schema is brought up to date at the next opening."""
    prive(base)
    source = sqlite3.connect(_lecture(fichier), uri=True)
    target = sqlite3.connect(base, timeout=10)
    try:
        source.backup(target)
    except sqlite3.OperationalError as error:
        raise Refused(f"la base « {base} » n'a pas pu être remplacée : {error}") from None
    finally:
        source.close()
        target.close()
