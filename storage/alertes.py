"""What the bot sends on its own, as stored: each alert named by a key and sent at most once
(planned, then marked sent or given up), each interne's alert distances, and the live board's
message per list (kept so a restarted bot edits the same message)."""

import json
from dataclasses import dataclass

from ranking.horloge import now, timestamp
from storage.database import Transaction


@dataclass(frozen=True, slots=True)
class Envoi:
    cle: str
    telegram_id: int
    donnees: dict


async def internes_lies(tx: Transaction) -> dict[str, int]:
    """Each bound interne's Telegram account."""
    rows = await tx.all(
        "SELECT interne_id, telegram_id FROM compte_telegram WHERE role = 'interne'"
    )
    return {row[0]: row[1] for row in rows}


async def lies_de_liste(tx: Transaction, liste_id: int) -> dict[str, int]:
    """The Telegram account of each active interne called in the list who bound one."""
    rows = await tx.all(
        "SELECT c.interne_id, c.telegram_id FROM rang r "
        "JOIN interne i ON i.id = r.interne_id AND i.actif "
        "JOIN compte_telegram c ON c.interne_id = r.interne_id AND c.role = 'interne' "
        "WHERE r.liste_id = ? AND NOT r.sortant ORDER BY r.position",
        (liste_id,),
    )
    return {row[0]: row[1] for row in rows}


async def cles_connues(tx: Transaction, cles: list[str] | None = None) -> set[str]:
    """The keys already planned, among `cles` (all of them when None)."""
    if cles is None:
        return {row[0] for row in await tx.all("SELECT cle FROM notification")}
    marks = ", ".join("?" * len(cles))
    rows = await tx.all(f"SELECT cle FROM notification WHERE cle IN ({marks})", cles)
    return {row[0] for row in rows}


async def prevoir(tx: Transaction, envois: list[tuple[str, int, dict]]) -> None:
    """Plan these alerts; a key planned already (elsewhere, meanwhile) changes nothing."""
    await tx.executemany(
        "INSERT OR IGNORE INTO notification (cle, telegram_id, prevue_at, donnees) "
        "VALUES (?, ?, ?, ?)",
        [
            (cle, telegram_id, timestamp(now()), json.dumps(data))
            for cle, telegram_id, data in envois
        ],
    )


async def a_envoyer(tx: Transaction) -> list[Envoi]:
    """What is planned and not sent yet, oldest first."""
    rows = await tx.all(
        "SELECT cle, telegram_id, donnees FROM notification "
        "WHERE envoyee_at IS NULL AND donnees IS NOT NULL ORDER BY prevue_at, rowid"
    )
    return [Envoi(row[0], row[1], json.loads(row[2])) for row in rows]


async def en_attente(tx: Transaction) -> int:
    """Alerts planned and not yet sent."""
    return await tx.value(
        "SELECT count(*) FROM notification WHERE envoyee_at IS NULL AND donnees IS NOT NULL"
    )


async def marquer_envoyee(tx: Transaction, cle: str, echec: str | None = None) -> bool:
    """Record a message as sent (or given up: `echec`); False if it already was, so it is
    never sent twice."""
    changed = await tx.execute(
        "UPDATE notification SET envoyee_at = ?, echec = ? WHERE cle = ? AND envoyee_at IS NULL",
        (timestamp(now()), echec, cle),
    )
    return changed == 1


async def reglages(tx: Transaction) -> dict[str, tuple[int, ...]]:
    rows = await tx.all("SELECT interne_id, distances FROM alerte_reglage")
    return {row[0]: tuple(json.loads(row[1])) for row in rows}


async def reglage(tx: Transaction, interne_id: str) -> tuple[int, ...] | None:
    raw = await tx.value("SELECT distances FROM alerte_reglage WHERE interne_id = ?", (interne_id,))
    return tuple(json.loads(raw)) if raw else None


async def regler(tx: Transaction, interne_id: str, distances: tuple[int, ...]) -> None:
    await tx.execute(
        "INSERT INTO alerte_reglage (interne_id, distances) VALUES (?, ?) "
        "ON CONFLICT (interne_id) DO UPDATE SET distances = excluded.distances",
        (interne_id, json.dumps(distances)),
    )


async def tableau(tx: Transaction, chat_id: int) -> dict[int, tuple[int, str]]:
    """The board's message of each list in this chat, and the text it shows."""
    rows = await tx.all(
        "SELECT liste_id, message_id, texte FROM tableau WHERE chat_id = ?", (chat_id,)
    )
    return {row[0]: (row[1], row[2]) for row in rows}


async def afficher(
    tx: Transaction, liste_id: int, chat_id: int, message_id: int, texte: str
) -> None:
    await tx.execute(
        "INSERT INTO tableau (liste_id, chat_id, message_id, texte) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (liste_id) DO UPDATE SET chat_id = excluded.chat_id, "
        "message_id = excluded.message_id, texte = excluded.texte",
        (liste_id, chat_id, message_id, texte),
    )
