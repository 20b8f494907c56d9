"""The call run from the phone by two gestionnaires at once, through the emulator: each act goes
through the engine of `amphi appel`; a press on an outdated keyboard is refused and redrawn."""

from bot.operations import comptes
from bot.operations.base import Contexte
from bot.telegram import appel
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press, press_confirmed


async def test_two_gestionnaires_run_the_call_and_a_stale_press_gives_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    second_code = await comptes.inviter(Contexte(database, db_setup.config(), "test"), None)
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g1 = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        g2 = emu.utilisateur(901, "M. Petit")
        assert "gestionnaire" in (await bot.dire(g2, f"/start {second_code}")).text

        menu = await bot.dire(g1, "/appel")
        card = await press(bot, g1, menu, "MG")
        assert "le choix peut s'ouvrir" in card.text
        screen = await press(bot, g1, card, "Ouvrir le choix")
        assert "\n\nAppel — MG — 0 place(s) prise(s) sur 400" in screen.text
        assert "Appelé : rang 1" in screen.text

        other = await press(bot, g2, await bot.dire(g2, "/appel"), "MG")  # g2's own screen
        postes = await press(bot, g1, screen, "a choisi…")
        done = await press(bot, g1, postes, "MG-1 ")
        assert "Appel — MG — 1 place(s) prise(s) sur 400" in done.text
        said = done.text.splitlines()[0]
        assert said.startswith("✔ ") and "prend le poste MG-1" in said

        refused = await press(bot, g2, other, "absent")  # drawn before g1's choice
        assert refused.text.startswith("⚠ Ce clavier est périmé")
        assert "1 place(s) prise(s)" in refused.text and "Appelé : rang 2" in refused.text

        absent = await press_confirmed(bot, g2, refused, "absent")
        assert "Appelé : rang 3" in absent.text
        undone = await press_confirmed(bot, g2, absent, "annuler le dernier choix")
        assert "0 place(s) prise(s)" in undone.text
        before = db_setup.dump(path)
        mallory = emu.utilisateur(3001, "Mallory")
        for _, data in undone.boutons:
            query = await emu.appuyer(mallory, undone, data)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
            assert emu.callbacks[query]["text"] == "Réservé aux gestionnaires."
        assert db_setup.dump(path) == before

    database = await Database.open(path)
    async with database.read() as tx:
        actions = [row[0] for row in await tx.all(
            "SELECT action FROM journal WHERE action LIKE 'appel.%' ORDER BY id")]  # fmt: skip
        held = await tx.value("SELECT count(*) FROM choix WHERE annule_at IS NULL")
    await database.close()
    assert actions == ["appel.ouvrir", "appel.choisir", "appel.absent", "appel.annuler"]
    assert held == 0


async def test_defer_absent_latecomer_and_office_from_the_phone(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=True)
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        assert "Appelé : rang 1" in screen.text

        reports = await press(bot, g, screen, "différer…")
        labels = [label for label, _ in reports.boutons]
        assert [label.split()[2] for label in labels if label != "◀ Retour"] == [
            "2", "3", "4", "5", "6"
        ]  # fmt: skip
        assert labels[2] == "◀ Retour"  # where « différer… » was: a second tap defers nobody
        deferred = await press(bot, g, reports, "après rang 3 ")
        assert "choisira après le rang 3" in deferred.text.splitlines()[0]
        assert "Appelé : rang 2" in deferred.text

        passed = await press_confirmed(bot, g, deferred, "absent")
        assert "Absents sans poste : 1" in passed.text and "Appelé : rang 3" in passed.text
        absents = await press(bot, g, passed, "arrivée d'un absent…")
        arrived = await press(bot, g, absents, "rang 2 ")
        assert "arrivé" in arrived.text.splitlines()[0]
        assert "Absents sans poste" not in arrived.text

        postes = await press(bot, g, arrived, "a choisi…")
        after_three = await press(bot, g, postes, "MG-1 ")
        assert "Appelé : rang 2" in after_three.text  # the latecomer, right after rank 3
        postes = await press(bot, g, after_three, "a choisi…")
        after_two = await press(bot, g, postes, "MG-2 ")
        assert "Appelé : rang 1" in after_two.text  # the deferred one, after rank 3

        absent = await press_confirmed(bot, g, after_two, "absent")
        labels = [label for label, _ in absent.boutons]
        assert "arrivée d'un absent…" in labels and "affecter d'office…" not in labels
        liste_id, version = absent.boutons[0][1].split(":")[1:3]
        before = db_setup.dump(path)
        forged = await bot.emulateur.appuyer(
            g, absent, appel.OFFICE(liste=int(liste_id), version=int(version), absent=0, poste=0)
        )
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[forged]["answered"])
        await bot.emulateur.attendre(lambda: "pas terminé" in absent.text.splitlines()[0])
        assert db_setup.dump(path) == before
