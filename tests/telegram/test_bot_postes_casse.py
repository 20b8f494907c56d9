"""A poste's id typed on Telegram in any case is the poste: the stored spelling is recorded and
shown. Through the real bot and the emulator."""

from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press


async def test_a_poste_typed_in_lower_case_on_telegram_is_the_poste(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        first = await tx.value(
            "SELECT r.interne_id FROM rang r JOIN liste l ON l.id = r.liste_id "
            "WHERE l.nom = 'MG' ORDER BY r.position LIMIT 1"
        )
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        fleche = await bot.dire(g, f"/particulier {first} fleche mg-5")
        assert fleche.text.startswith("Enregistré :") and "MG-5" in fleche.text, fleche.text
        assert "mg-5" not in fleche.text
        await db_setup.open_choice(database := await Database.open(path), "MG")
        await database.close()
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        await press(bot, g, screen, "a choisi…")
        found = await bot.dire(g, "mg-17")  # typed as an id, in lower case
        assert [t for t, _ in found.boutons if " · MG-" in t] == [
            "CHU Amiens — service 17 (CHU) · 2 pl. · MG-17"
        ]
    database = await Database.open(path)
    async with database.read() as tx:
        stored = await tx.value("SELECT fleche_poste_id FROM stage_particulier")
    await database.close()
    assert stored == "MG-5"
