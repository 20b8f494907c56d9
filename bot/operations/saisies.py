"""The bot's saisies kept across a restart (for bot/telegram/persistance.py): read and written
on their own connection to the base, which the bot's persistence opens before the rest."""

from pathlib import Path

from storage import persistance
from storage.database import Database


class Saisies:
    def __init__(self, path: Path):
        self.path = path
        self._db: Database | None = None

    async def _base(self) -> Database:
        if self._db is None:
            self._db = await Database.open(self.path)
        return self._db

    async def donnees(self, sorte: str) -> dict[int, bytes]:
        async with (await self._base()).read() as tx:
            return await persistance.donnees(tx, sorte)

    async def ecrire_donnees(self, sorte: str, ident: int, blob: bytes | None) -> None:
        async with (await self._base()).write() as tx:
            await persistance.ecrire_donnees(tx, sorte, ident, blob)

    async def conversations(self, nom: str) -> dict[tuple, object]:
        async with (await self._base()).read() as tx:
            return await persistance.conversations(tx, nom)

    async def ecrire_conversation(self, nom: str, cle: tuple, etat: object) -> None:
        async with (await self._base()).write() as tx:
            await persistance.ecrire_conversation(tx, nom, cle, etat)

    async def fermer(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None
