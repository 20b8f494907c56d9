"""PTB's persistence on amphi's own SQLite base: a restart at any moment keeps every
conversation where it was (/voeux, /prechoix, a message being written, a motif asked), each
user's and chat's saisie, and the call screens each gestionnaire's chat follows. The bot's own
objects (bot_data: the database, the sender) are rebuilt at start, not kept. A chat's data is
kept as the plain dictionary of `DonneesChat.vers_dict` (what amphi always wrote), read back
into a `DonneesChat`.

Its own connection to the base (PTB reads persistence before `post_init` opens the bot's);
written every second and at shutdown. A saisie that no longer reads back (amphi changed
between two runs) is dropped, said in the log, never a crash: the person starts it again."""

import logging
import pickle
from pathlib import Path

from telegram.ext import BasePersistence, PersistenceInput

from bot.operations.saisies import Saisies
from bot.telegram.contexte import DonneesChat

logger = logging.getLogger("amphi.bot")
UTILISATEUR, CHAT = "utilisateur", "chat"


class PersistanceSQLite(BasePersistence):
    def __init__(self, path: Path):
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=1,
        )
        self.saisies = Saisies(path)

    async def _lire(self, sorte: str) -> dict[int, dict]:
        raw = await self.saisies.donnees(sorte)
        found = {}
        for ident, blob in raw.items():
            try:
                found[ident] = pickle.loads(blob)  # written by this bot, in its own base
            except Exception:  # an older amphi's saisie: dropped, said, not a crash
                logger.warning("saisie en cours de %s %s illisible après mise à jour : oubliée",
                               sorte, ident)  # fmt: skip
        return found

    async def _ecrire(self, sorte: str, ident: int, data: dict) -> None:
        try:
            blob = pickle.dumps(data) if data else None
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            logger.warning("saisie de %s %s non conservée : %s", sorte, ident, error)
            return
        await self.saisies.ecrire_donnees(sorte, ident, blob)

    async def get_user_data(self) -> dict[int, dict]:
        return await self._lire(UTILISATEUR)

    async def get_chat_data(self) -> dict[int, DonneesChat]:
        found = {}
        for ident, data in (await self._lire(CHAT)).items():
            try:
                found[ident] = DonneesChat.depuis_dict(data)
            except Exception:  # not the dictionary amphi writes: dropped, said, not a crash
                logger.warning("saisie en cours de %s %s illisible après mise à jour : oubliée",
                               CHAT, ident)  # fmt: skip
        return found

    async def get_bot_data(self) -> dict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        return await self.saisies.conversations(name)

    async def update_conversation(self, name: str, key: tuple, new_state: object) -> None:
        await self.saisies.ecrire_conversation(name, key, new_state)

    async def update_user_data(self, user_id: int, data: dict) -> None:
        await self._ecrire(UTILISATEUR, user_id, data)

    async def update_chat_data(self, chat_id: int, data: DonneesChat) -> None:
        await self._ecrire(CHAT, chat_id, data.vers_dict())

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def update_callback_data(self, data: object) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._ecrire(CHAT, chat_id, {})

    async def drop_user_data(self, user_id: int) -> None:
        await self._ecrire(UTILISATEUR, user_id, {})

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: DonneesChat) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def flush(self) -> None:
        await self.saisies.fermer()
