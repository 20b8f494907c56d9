"""The append-only journal: who did what, when, with the state before and after."""

import json
from dataclasses import dataclass
from datetime import datetime

from ranking.ordre import JournalEntry
from storage.database import Transaction, now, timestamp


@dataclass(frozen=True, slots=True)
class Ligne:
    id: int
    at: datetime
    auteur: str
    action: str
    liste: str | None
    avant: object
    apres: object
    detail: str


async def append(
    tx: Transaction,
    auteur: str,
    action: str,
    detail: str,
    *,
    liste_id: int | None = None,
    avant: object = None,
    apres: object = None,
    at: datetime | None = None,
) -> None:
    await tx.insert(
        "INSERT INTO journal (at, auteur, action, liste_id, avant, apres, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            timestamp(at or now()),
            auteur,
            action,
            liste_id,
            None if avant is None else json.dumps(avant, ensure_ascii=False),
            None if apres is None else json.dumps(apres, ensure_ascii=False),
            detail,
        ),
    )


async def append_entry(tx: Transaction, entry: JournalEntry, liste_id: int) -> None:
    """An entry produced by a pure ranking operation."""
    await append(
        tx,
        entry.auteur,
        entry.action,
        entry.detail,
        liste_id=liste_id,
        avant=list(entry.avant),
        apres=list(entry.apres),
        at=entry.horodatage,
    )


async def lines(tx: Transaction, liste_id: int | None = None) -> list[Ligne]:
    where, parameters = ("WHERE j.liste_id = ?", (liste_id,)) if liste_id is not None else ("", ())
    rows = await tx.all(
        "SELECT j.id, j.at, j.auteur, j.action, l.nom, j.avant, j.apres, j.detail "
        f"FROM journal j LEFT JOIN liste l ON l.id = j.liste_id {where} ORDER BY j.id",
        parameters,
    )
    return [
        Ligne(
            row[0],
            datetime.fromisoformat(row[1]),
            row[2],
            row[3],
            row[4],
            None if row[5] is None else json.loads(row[5]),
            None if row[6] is None else json.loads(row[6]),
            row[7],
        )
        for row in rows
    ]
