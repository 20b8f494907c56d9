"""The bot's saisies kept across a restart (for bot/telegram/persistance.py): read and written
on their own connection to the base, which the bot's persistence opens before the rest."""

import asyncio
from pathlib import Path

from storage import persistance
from storage.database import Database


class _Lot:
    """Data written together, in one transaction (the latest of each user or chat)."""

    def __init__(self) -> None:
        self.donnees: dict[tuple[str, int], bytes | None] = {}
        self.fait = asyncio.get_running_loop().create_future()


class Saisies:
    def __init__(self, path: Path):
        self.path = path
        self._db: Database | None = None
        self._lot: _Lot | None = None
        """The data waiting for the one being written: what is asked meanwhile joins it."""
        self._ecriture = asyncio.Lock()

    async def _base(self) -> Database:
        if self._db is None:
            self._db = await Database.open(self.path)
        return self._db

    async def donnees(self, sorte: str) -> dict[int, bytes]:
        async with (await self._base()).read() as tx:
            return await persistance.donnees(tx, sorte)

    async def ecrire_donnees(self, sorte: str, ident: int, blob: bytes | None) -> None:
        """Returns once `blob` is in the base. What is asked while a write is committing goes
        in the next one, all together (the followed call screens of six gestionnaires, each
        kept before its edit leaves: two commits, not six)."""
        lot = self._lot
        if lot is not None:  # waiting for its turn: this one joins it
            lot.donnees[(sorte, ident)] = blob
            await asyncio.shield(lot.fait)
            return
        lot = self._lot = _Lot()
        lot.donnees[(sorte, ident)] = blob
        try:
            async with self._ecriture:
                self._lot = None  # written from now on: what comes next waits for the next
                async with (await self._base()).write() as tx:
                    for (kind, key), data in lot.donnees.items():
                        await persistance.ecrire_donnees(tx, kind, key, data)
        except BaseException as error:
            if self._lot is lot:
                self._lot = None
            if isinstance(error, asyncio.CancelledError):
                lot.fait.cancel()
            else:
                lot.fait.set_exception(error)
                lot.fait.exception()  # retrieved: no warning when nobody joined it
            raise
        lot.fait.set_result(None)

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
