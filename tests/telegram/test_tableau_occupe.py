"""The board's group takes twenty messages a minute. Commands typed there are answered once a
minute, not each; and when the group has had its twenty, the board waits, the internes' alerts,
sent in private, do not wait with it."""

import asyncio

from bot.operations import appel as appel_operations
from bot.operations import comptes
from bot.operations.base import Contexte
from storage import classement, listes
from tests import db_setup
from tests.bot_harness import bot_running
from tests.telegram.test_alertes import amphi_mg

GROUPE = -100


async def test_a_busy_group_holds_the_board_not_the_alerts(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        order = [key[0] for key in (await classement.load(tx, await listes.get(tx, "MG"))).keys]
    ctx = Contexte(database, db_setup.config(), "test")
    codes = {rank: await comptes.inviter(ctx, order[rank - 1]) for rank in (1, 2, 3, 4)}
    await appel_operations.ouvrir(ctx, "MG")
    await database.close()
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    async with bot_running(db_setup.config(), path, tableau=GROUPE) as bot:
        emu = bot.emulateur
        users = {rank: emu.utilisateur(1000 + rank, f"Rang {rank}") for rank in codes}
        for rank, user in users.items():
            await bot.dire(user, f"/start {codes[rank]}")
        await emu.attendre(lambda: bool(emu.recus(GROUPE)), timeout=10)  # the board is up
        curious = emu.utilisateur(2000, "Curieux")
        for n in range(22):  # the group's twenty messages of the minute, and more
            await emu.ecrire_dans_groupe(curious, GROUPE, f"/rang {n}")
        await asyncio.sleep(1.5)
        pointers = [m for m in emu.recus(GROUPE) if m.text.startswith("Les commandes d'amphi")]
        assert len(pointers) == 1  # said once: the group's twenty messages are the board's
        # the board's next edits hang at Telegram, as at the group's twenty messages a minute
        emu.retenir(lambda method, params: str(params.get("chat_id")) == str(GROUPE))
        loop = asyncio.get_running_loop()
        try:
            for rank in (1, 2, 3):  # three choices in a row, typed on the laptop
                await amphi_mg(path, "appel", "choisir", order[rank - 1], f"MG-{rank}")
                start = loop.time()
                await emu.attendre(
                    lambda r=rank: "🔔 MG : c'est votre tour !" in bot.alertes(users[r + 1]),
                    timeout=10,
                )
                waited = loop.time() - start
                assert waited < 3, (
                    f"le rang {rank + 1} a attendu {waited:.0f} s derrière le tableau"
                )
        finally:
            emu.relacher()
        emu.violations.clear()  # the held edits, refused once let go
