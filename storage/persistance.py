"""What the bot keeps of its saisies across a restart (PTB's persistence): the state of each
conversation, and each user's and chat's data as the bot serialised it."""

import json

from storage.database import Transaction


async def conversations(tx: Transaction, nom: str) -> dict[tuple, object]:
    rows = await tx.all("SELECT cle, etat FROM telegram_conversation WHERE nom = ?", (nom,))
    return {tuple(json.loads(row[0])): json.loads(row[1]) for row in rows}


async def ecrire_conversation(tx: Transaction, nom: str, cle: tuple, etat: object) -> None:
    """`etat` None: the conversation is over."""
    key = json.dumps(list(cle))
    if etat is None:
        await tx.execute("DELETE FROM telegram_conversation WHERE nom = ? AND cle = ?", (nom, key))
        return
    await tx.execute(
        "INSERT INTO telegram_conversation (nom, cle, etat) VALUES (?, ?, ?) "
        "ON CONFLICT (nom, cle) DO UPDATE SET etat = excluded.etat",
        (nom, key, json.dumps(etat)),
    )


async def donnees(tx: Transaction, sorte: str) -> dict[int, bytes]:
    rows = await tx.all("SELECT id, donnees FROM telegram_donnees WHERE sorte = ?", (sorte,))
    return {row[0]: row[1] for row in rows}


async def ecrire_donnees(tx: Transaction, sorte: str, ident: int, blob: bytes | None) -> None:
    """`blob` None: nothing kept for this user or chat."""
    if blob is None:
        await tx.execute("DELETE FROM telegram_donnees WHERE sorte = ? AND id = ?", (sorte, ident))
        return
    await tx.execute(
        "INSERT INTO telegram_donnees (sorte, id, donnees) VALUES (?, ?, ?) "
        "ON CONFLICT (sorte, id) DO UPDATE SET donnees = excluded.donnees",
        (sorte, ident, blob),
    )
