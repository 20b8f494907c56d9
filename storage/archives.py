"""Semesters side by side: what a base says of its semester (its code, the semester built from
it when it is an archive) and of the archives beside it (`semestre_passe`), and the semester a
backup copy holds."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ranking.archives import Archive
from storage.database import Transaction, lecture_seule


@dataclass(frozen=True, slots=True)
class Situation:
    """The base's semester (None: none yet), the one built from it (an archive), its archives."""

    code: str | None
    suivant: str | None
    archives: tuple[Archive, ...]


async def situation(tx: Transaction) -> Situation:
    row = await tx.one("SELECT code, suivant FROM semestre")
    rows = await tx.all("SELECT code, archive FROM semestre_passe ORDER BY code")
    archives = tuple(Archive(r["code"], r["archive"]) for r in rows)
    return Situation(row["code"] if row else None, row["suivant"] if row else None, archives)


def semestre_de_copie(fichier: Path) -> tuple[str | None, str | None]:
    """The semester code a copy (already examined whole) holds, and the semester built from it
    when it is an archive's copy; (None, None): it has no semester."""
    connection = sqlite3.connect(lecture_seule(fichier), uri=True)
    try:
        try:
            row = connection.execute("SELECT code, suivant FROM semestre").fetchone()
        except sqlite3.OperationalError:  # a copy made before schema 21: no archive
            row = connection.execute("SELECT code, NULL FROM semestre").fetchone()
    except sqlite3.Error:
        return None, None
    finally:
        connection.close()
    return (row[0], row[1]) if row else (None, None)
