"""Accounts and numbers a real subdivision meets: an overseas mobile in a procuration, a
gestionnaire's account that is sent an interne's code. Through the real bot stack."""

from bot.operations import voeux
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press


async def test_a_reunion_mobile_is_taken_stored_e164_and_shown_as_dialled(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    first, code = await db_setup.premier_de_mg(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {code}")
        picker = await bot.dire(lea, "/voeux")
        for poste in ("MG-1 ", "MG-2 ", "MG-3 "):
            picker = await press(bot, lea, picker, poste)
        await press(bot, lea, picker, "Terminer", 1)
        summary = (await bot.reponses(lea, "0692 12 34 56", 2))[-1]
        assert "Téléphone : 0692 12 34 56" in summary.text
        await press(bot, lea, summary, "Confirmer", 1)
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        card = await bot.dire(g, f"/interne {first}")
        assert "Procuration : MG-1, MG-2, MG-3 — téléphone 0692 12 34 56" in card.text
    database = await Database.open(path)
    found = await voeux.procuration(Contexte(database, db_setup.config(), "t"), first)
    await database.close()
    assert found.telephone == "+262692123456"


async def test_a_gestionnaire_sent_an_interne_s_code_stays_gestionnaire(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    first, code = await db_setup.premier_de_mg(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        refused = await bot.dire(g, f"/start {code}")
        assert refused.text.startswith("Refusé : ce compte Telegram est celui d'un gestionnaire")
        assert "gestionnaire" in (await bot.dire(g, "/moi")).text
        lea = emu.utilisateur(1001, "Léa")
        bound = await bot.dire(lea, f"/start {code}")  # the code still works for its owner
        assert bound.text.startswith("Compte lié : vous êtes l'interne") and first in bound.text
