"""A Telegram Bot API emulator: the bot's side (the methods amphi calls, answered with
Telegram's JSON shapes and refused as Telegram refuses) and the users' side (write, share a
contact, send a document, press a button, block the bot), with a record of what each chat
received. Breaches of what Telegram enforces are kept in `violations`: a test fails on them.

The methods are answered by API area (`messages`, `callbacks`, `chats`, `files`, `updates`,
`commands`); the people's acts are in `users`; this module holds the state they share and the
way in of each call (a chat Telegram refuses, the network held, the round trip's latency).
"""

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable

from bot.emulateur import callbacks, chats, commands, files, messages, updates
from bot.emulateur.flood import PRIVATE_RATE, Debit
from bot.emulateur.model import ApiError, Message, Utilisateur
from bot.emulateur.params import chat_id_of
from bot.emulateur.users import Utilisateurs

METHODS = {
    name.lower(): handler
    for area in (updates, commands, chats, messages, callbacks, files)
    for name, handler in area.METHODS.items()
}
"""Each Bot API method the emulator answers (names compared without case, as Telegram does)."""


class Emulateur(Utilisateurs):
    def __init__(
        self,
        token: str = "123456:EMULATEUR",
        username: str = "amphi_bot",
        clock: Callable[[], float] = time.monotonic,
        flood: bool = True,
        rythme_par_chat: float = PRIVATE_RATE,
        latence: float = 0.0,
    ):
        """`flood=False` lifts Telegram's rate limits (a bench of the bot's own work);
        `rythme_par_chat` is what a private chat accepts a second after its burst (a day played
        faster than people would play it raises it: a real call makes a choice a half-minute);
        `latence`: the seconds of a round trip to Telegram, half on the way there (then the
        call takes effect), half on the way back."""
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_user = {
            "id": self.bot_id, "is_bot": True, "first_name": "amphi", "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }  # fmt: skip
        self.clock = clock
        self.users: dict[int, Utilisateur] = {}
        self.groups: dict[int, dict] = {}
        self.chats: dict[int, list[Message]] = {}
        self.updates: deque[dict] = deque()
        self.webhook: dict | None = None
        """Set by setWebhook: then getUpdates is refused, as Telegram does."""
        self.violations: list[str] = []
        self.bloques = 0
        self.commandes: dict[str, list[dict]] = {}
        self.files: dict[str, tuple[dict, bytes]] = {}
        self.callbacks: dict[str, dict] = {}
        self.next_update = itertools.count(1)
        self.next_file = itertools.count(1)
        self._next_message: dict[int, itertools.count] = {}
        self.changed = asyncio.Condition()
        self.ferme = False
        """Its server closing: a getUpdates waiting is answered at once (nothing new)."""
        self.debit = Debit(clock, flood, rythme_par_chat)
        self.latence = latence
        self.en_vol = 0
        self.en_vol_max = 0
        """Messages sent at once (received, their answer not yet back): now, and at most."""
        self.retenus: list[tuple[str, dict]] = []
        self.refus: dict[int, ApiError] = {}
        """Chats Telegram refuses every message and edit to, as it answers (a test's choice: a
        chat it no longer knows, an account closed); not a breach of the bot."""
        self._retenir: Callable[[str, dict], bool] | None = None
        self._relache = asyncio.Event()

    @property
    def trop_vite(self) -> int:
        """The 429s answered so far."""
        return self.debit.trop_vite

    # ---- what the chats received -----------------------------------------------------------

    def recus(self, chat_id: int) -> list[Message]:
        """What the bot sent to this chat, in order, edits applied."""
        return [m for m in self.chats.get(chat_id, []) if m.du_bot]

    def dernier(self, chat_id: int) -> Message:
        return self.recus(chat_id)[-1]

    async def attendre(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Until `condition()` holds (checked after each bot call), or TimeoutError."""
        async with asyncio.timeout(timeout), self.changed:
            await self.changed.wait_for(condition)

    async def reponse(self, chat_id: int, after: int, timeout: float = 10.0) -> Message:
        """The first message the bot sends to `chat_id` once it holds `after` of them."""
        await self.attendre(lambda: len(self.recus(chat_id)) > after, timeout)
        return self.recus(chat_id)[after]

    def fichier(self, path: str) -> bytes | None:
        """A stored file's bytes, by the path getFile gave."""
        return files.download(self, path)

    # ---- the network between the bot and Telegram ------------------------------------------

    def retenir(self, condition: Callable[[str, dict], bool] | None) -> None:
        """The bot's calls matching `condition(method, params)` never reach Telegram: held
        (in `retenus`) until `relacher`, then refused — the network cut while the bot waits for
        them (a test kills the bot at that instant)."""
        self._retenir = condition

    def relacher(self) -> None:
        self._retenir = None
        self._relache.set()

    async def appeler(self, method: str, params: dict[str, object]) -> object:
        """One Bot API call: its result, or `ApiError` as Telegram would answer."""
        handler = METHODS.get(method.lower())
        if handler is None:
            self._breach(method, "404 Not Found: méthode inconnue de l'émulateur")
            raise ApiError(404, "Not Found")
        refused = self.refus.get(chat_id_of(params))
        if refused is not None and method.lower().startswith(("send", "edit")):
            raise refused
        if self._retenir is not None and self._retenir(method, params):
            self.retenus.append((method, params))
            await self.notify()
            await self._relache.wait()
            raise ApiError(502, "Bad Gateway")
        sending = method.lower().startswith("send")
        self.en_vol += sending
        self.en_vol_max = max(self.en_vol_max, self.en_vol)
        try:
            if self.latence:
                await asyncio.sleep(self.latence / 2)
            try:
                result = await handler(self, params)
            except ApiError as error:
                if error.code == 400:
                    self._breach(method, f"400 {error.description}")
                raise
            await self.notify()
            return result
        finally:
            if self.latence:  # the answer on its way back: the call is still in flight
                await asyncio.sleep(self.latence / 2)
            self.en_vol -= sending

    # ---- shared by the areas ---------------------------------------------------------------

    async def push(self, update: dict) -> None:
        """An update for the bot (a user's act), numbered."""
        update["update_id"] = next(self.next_update)
        self.updates.append(update)
        await self.notify()

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def message_id(self, chat_id: int) -> int:
        return next(self._next_message.setdefault(chat_id, itertools.count(1)))

    def _breach(self, method: str, what: str) -> None:
        self.violations.append(f"{method} : {what}")
