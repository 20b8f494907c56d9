"""Backups of the semester's base, as SQLite files: what a file holds before it is restored, and
the restoring itself (SQLite's backup API, into the base even while the bot has it open)."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ranking.errors import Refused
from storage.database import migrations, prive


@dataclass(frozen=True, slots=True)
class Examen:
    """What a backup holds: its schema, and its journal's last entry (number and time)."""

    version: int
    dernier: int
    dernier_at: str | None


def examiner(fichier: Path) -> Examen:
    """A backup checked before it replaces the base: readable, whole (integrity_check), an
    amphi base, of a schema this amphi knows. Opened immutable: nothing is written beside it."""
    if not fichier.is_file():
        raise Refused(f"argument FICHIER : « {fichier} » n'existe pas ou n'est pas un fichier")
    try:
        connection = sqlite3.connect(f"file:{fichier}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        raise Refused(f"argument FICHIER : « {fichier} » ne s'ouvre pas") from None
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        dernier = (0, None)
        if version:
            dernier = connection.execute(
                "SELECT coalesce(max(id), 0), max(at) FROM journal"
            ).fetchone()
    except sqlite3.DatabaseError:
        raise Refused(
            f"argument FICHIER : « {fichier} » n'est pas une base SQLite, ou elle est abîmée"
        ) from None
    finally:
        connection.close()
    if verdict != "ok":
        raise Refused(f"argument FICHIER : « {fichier} » est abîmée ({verdict[:200]})")
    latest = max(number for number, _ in migrations())
    if not version:
        raise Refused(f"argument FICHIER : « {fichier} » n'est pas une base d'amphi")
    if version > latest:
        raise Refused(
            f"argument FICHIER : « {fichier} » vient d'une version plus récente d'amphi (schéma "
            f"{version}, celle-ci connaît le schéma {latest}) : mettre amphi à jour d'abord"
        )
    return Examen(version, dernier[0], dernier[1])


def remplacer(base: Path, fichier: Path) -> None:
    """The base's content replaced by the backup's, in one step (other connections see one or
    the other); an older schema is brought up to date at the next opening."""
    prive(base)
    source = sqlite3.connect(f"file:{fichier}?mode=ro&immutable=1", uri=True)
    target = sqlite3.connect(base, timeout=10)
    try:
        source.backup(target)
    except sqlite3.OperationalError as error:
        raise Refused(f"la base « {base} » n'a pas pu être remplacée : {error}") from None
    finally:
        source.close()
        target.close()
