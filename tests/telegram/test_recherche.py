"""A poste found by typing part of its name, on a phone: the gestionnaire's call screen and the
interne choosing from a distance, through the real bot and the emulator."""

from bot.operations import appel as appel_operations
from bot.operations import comptes
from bot.operations.base import Contexte
from storage import classement, listes
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press


async def postes_pris(path) -> list[str]:
    database = await Database.open(path)
    async with database.read() as tx:
        rows = await tx.all("SELECT poste_id FROM choix WHERE annule_at IS NULL")
    await database.close()
    return [row[0] for row in rows]


REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'


async def test_the_gestionnaire_types_a_name_and_taps_the_poste(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        lost = await bot.dire(g, "service 17")  # no call screen yet: told how
        assert lost.text.startswith("Pour trouver un poste en tapant son nom, ouvrez d'abord")

        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        postes = await press(bot, g, screen, "a choisi…")
        assert postes.text.startswith("🔎 Tapez un mot du nom ou du type d'un poste")
        found = await bot.dire(g, "Amiens SERVICE 17")
        assert found.text.startswith("🔎 « Amiens SERVICE 17 » : 1 poste(s).")
        assert [t for t, _ in found.boutons] == [
            "CHU Amiens — service 17 (CHU) · 2 pl. · MG-17",
            "✖ Tous les postes",
            "◀ Retour",
        ]
        assert emu.dernier(g.id) is found and not postes.boutons  # one screen with buttons
        nothing = await bot.dire(g, "gériatrie")
        assert nothing.text.startswith("🔎 « gériatrie » : aucun poste ne correspond")
        assert not found.boutons

        again = await bot.dire(g, "chu serv")  # every poste: paged, the search kept
        assert len([t for t, _ in again.boutons if " · MG-" in t]) == 8
        second = await press(bot, g, again, "▶")
        assert second.text.startswith("🔎 « chu serv » : 200 poste(s).")
        assert second.boutons[0][0].endswith("· MG-9")
        everything = await press(bot, g, second, "✖ Tous les postes")
        assert everything.text.startswith("🔎 Tapez un mot")
        again = await bot.dire(g, "service 17")
        done = await press(bot, g, again, "MG-17")
        assert "prend le poste MG-17" in done.text.splitlines()[0]
        assert "Appelé : rang 2" in done.text

    assert await postes_pris(path) == ["MG-17"]


async def test_the_remote_interne_types_a_name_and_chooses_it(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config(REMOTE)
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        first = (await classement.load(tx, await listes.get(tx, "MG"))).keys[0][0]
    ctx = Contexte(database, config, "test")
    code = await comptes.inviter(ctx, first)
    await database.close()
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {code}")
        early = await bot.dire(lea, "service 17")
        assert early.text.startswith("Taper un mot sert à trouver un poste quand c'est votre tour")
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, config, "Mme Durand"), "MG")
        await database.close()
        await emu.attendre(lambda: "🔔 MG : c'est votre tour !" in bot.alertes(lea))
        turn = next(m for m in emu.recus(lea.id) if m.text == "🔔 MG : c'est votre tour !")
        picker = await press(bot, lea, turn, "Choisir mon poste")
        assert "🔎 Tapez un mot du nom ou du type d'un poste" in picker.text
        found = await bot.dire(lea, "service 17")
        assert "🔎 « service 17 » : 1 poste(s)." in found.text
        assert not picker.boutons
        confirm = await press(bot, lea, found, "MG-17")
        done = await press(bot, lea, confirm, "Confirmer MG-17")
        assert done.text == "✔ Vous avez choisi CHU Amiens — service 17 (MG-17)."
        late = await bot.dire(lea, "service 18")  # his turn is over: said, nothing chosen
        assert "service 18" not in late.text and not late.boutons
    assert await postes_pris(path) == ["MG-17"]
