"""How updates are taken from Telegram and handled: one chat's updates one after the other, in
the order they came (a double tap, a conversation's steps), different chats side by side (three
internes confirming at once in three amphis do not wait for each other's answers from Telegram);
and the queue counting what is received and handled, so the alerts' round an act wakes can wait
for the updates received with it (see `FileDesMises`)."""

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

RAFALE_ATTENTE = 0.08
"""Seconds a round waits at most for the updates received with the act that woke it: a crowd
typing never holds the alerts back longer than that."""
SIMULTANES = 256
"""Updates handled at once; one chat's wait their turn without holding a slot (an update waiting
on its chat costs a coroutine, nothing more)."""


class ParConversation(BaseUpdateProcessor):
    """Each chat's updates in order, the chats side by side. PTB's handlers keep their state
    per chat (conversations, the last screen shown), so they see what they would one at a time;
    acts meet in the database, each a transaction checking what its user saw."""

    def __init__(self) -> None:
        super().__init__(SIMULTANES)
        self._verrous: dict[int, tuple[asyncio.Lock, int]] = {}
        """Per chat with updates in hand: its lock, and how many of its updates hold or wait
        for it (the lock is forgotten with the last one)."""

    async def process_update(self, update: object, coroutine: Awaitable) -> None:
        """Its chat's turn first, then one of the SIMULTANES slots (PTB takes the slot first:
        a chat whose answer Telegram holds — the board's group at its 20 messages a minute —
        and that keeps sending would fill every slot with updates waiting their turn, and no
        other chat would be answered until it drained)."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await super().process_update(update, coroutine)
            return
        lock, users = self._verrous.get(chat.id, (None, 0))
        lock = lock or asyncio.Lock()
        self._verrous[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            lock, users = self._verrous[chat.id]
            if users == 1:
                del self._verrous[chat.id]
            else:
                self._verrous[chat.id] = (lock, users - 1)

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        await coroutine

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


class FileDesMises(asyncio.Queue):
    """PTB's update queue, counting the updates received and those handled. Three internes
    confirming at once in three amphis arrive together: the round the first act wakes waits for
    the other two, so each list's next interne is told in that one round instead of the second
    and third waiting for a whole round begun without them. Only the updates already received
    when the act woke the round are waited for: an act that comes later (a gestionnaire's next
    press) is the next round's, so each state of the call an act leaves is still seen by a round
    (« votre choix a été annulé… »)."""

    def __init__(self) -> None:
        super().__init__()
        self.recues = 0
        self.traitees = 0
        self._avance: asyncio.Event | None = None

    def put_nowait(self, item) -> None:
        super().put_nowait(item)
        self.recues += 1

    def task_done(self) -> None:
        super().task_done()
        self.traitees += 1
        if self._avance is not None:
            self._avance.set()
            self._avance = None

    def en_attente(self) -> int | None:
        """What a round woken now by an act waits for (every update received so far handled),
        or None when no other update is in hand: the round then starts at once."""
        return self.recues if self.recues - self.traitees > 1 else None

    async def traiter(self, cible: int) -> None:
        """Returns once `cible` updates are handled, or after RAFALE_ATTENTE."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RAFALE_ATTENTE
        while self.traitees < cible and (left := deadline - loop.time()) > 0:
            if self._avance is None:
                self._avance = asyncio.Event()
            try:
                await asyncio.wait_for(self._avance.wait(), left)
            except TimeoutError:
                return
