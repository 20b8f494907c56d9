"""The bot's saisies written side by side (the followed call screens of several gestionnaires
redrawn at once): each is in the base when its write returns, the latest of a chat wins, and
they share commits instead of taking one each."""

import asyncio

from bot.operations.saisies import Saisies
from storage import persistance
from storage.database import Database
from tests import db_setup


async def _kept(path) -> dict[int, bytes]:
    """What another process reading the base finds."""
    database = await Database.open(path)
    async with database.read() as tx:
        found = await persistance.donnees(tx, "chat")
    await database.close()
    return found


async def test_saisies_written_at_once_are_each_in_the_base_when_their_write_returns(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, internes=20)).close()
    saisies = Saisies(path)
    seen: dict[int, bytes | None] = {}

    async def write(chat: int, blob: bytes) -> None:
        await saisies.ecrire_donnees("chat", chat, blob)
        seen[chat] = (await _kept(path)).get(chat)

    await write(900, b"avant")  # the base opened, and one commit to count from
    before = saisies._db.commits
    await asyncio.gather(*(write(chat, f"écran {chat}".encode()) for chat in range(901, 907)))
    assert seen == {900: b"avant", **{c: f"écran {c}".encode() for c in range(901, 907)}}
    assert saisies._db.commits - before <= 2  # six screens, not six commits
    await asyncio.gather(saisies.ecrire_donnees("chat", 901, b"un"), write(902, b"x"),
                         saisies.ecrire_donnees("chat", 901, b"deux"))  # fmt: skip
    assert (await _kept(path))[901] == b"deux"
    await saisies.ecrire_donnees("chat", 903, None)
    assert 903 not in await _kept(path)
    await saisies.fermer()
