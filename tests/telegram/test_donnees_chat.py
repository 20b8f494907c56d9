"""What a chat keeps across a restart, as the amphi before typed chat data wrote it in the base:
an upgraded bot reads it back, follows the call screens and keeps the searches typed on them."""

import asyncio
import pickle

from bot.operations import appel
from bot.operations.base import Contexte
from storage import persistance
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.cli_harness import AMPHI

POSTES = 2
"""The view « a choisi… » (the open postes, page 0) as the older amphi kept it: (2, 0, 0)."""


async def kept_as_before(path, chat_id: int, data: dict) -> None:
    """The chat's row replaced by what the older amphi wrote: a pickled plain dictionary."""
    database = await Database.open(path)
    async with database.write() as tx:
        await persistance.ecrire_donnees(tx, "chat", chat_id, pickle.dumps(data))
    await database.close()


async def called_now(path) -> tuple[int, tuple]:
    """The list's version and the key of the interne called."""
    database = await Database.open(path)
    shown = await appel.ecran(Contexte(database, db_setup.config(), "test"), 1)
    await database.close()
    return shown.version, shown.etat.appele.key


async def test_a_chat_kept_by_the_older_amphi_is_followed_and_its_search_kept(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g1 = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g1, await bot.dire(g1, "/appel"), "MG")
        await press(bot, g1, screen, "a choisi…")
        searched = await bot.dire(g1, "chu serv")
        assert searched.text.startswith("🔎 « chu serv » : 200 poste(s).")
    version, called = await called_now(path)
    m = searched.message_id
    await kept_as_before(path, g1.id, {
        "ecrans_appel": {1: (m, version, (POSTES, 0, 0))},
        "ecran_appel_dernier": 1,
        "ecrans_montres": {},
        "recherches": {m: "chu serv"},
        "recherches_pour": {m: called},
    })  # fmt: skip

    async with bot_running(db_setup.config(), path, deja=emu) as bot:  # upgraded: search kept
        second = await press(bot, g1, searched, "▶")
        assert second.text.startswith("🔎 « chu serv » : 200 poste(s).")
        assert second.boutons[0][0].endswith("· MG-9")

    await kept_as_before(path, g1.id, {
        "ecrans_appel": {1: (m, version, None)}, "ecran_appel_dernier": 1,
    })  # fmt: skip
    process = await asyncio.create_subprocess_exec(  # the laptop, while the bot is stopped
        AMPHI, "appel", "absent", called[0], "--liste", "MG", "--db", str(path),
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    async with bot_running(db_setup.config(), path, deja=emu) as bot:  # followed at once
        await emu.attendre(lambda: "Appelé : rang 2 " in searched.text, timeout=5)
        assert searched.text.startswith(f"↻ {called[0]} absent")
        typed = await bot.dire(g1, "service 17")  # typed on the screen it used last
        assert typed.text.startswith("🔎 « service 17 » :")
