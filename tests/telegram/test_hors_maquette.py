"""The maquette on the phone (règles §6). A place it forbids, from the call screen: the picker
marks it ⛔, a press says the rule, « Forcer hors maquette… » asks a motif, shows the act and only
« Confirmer » does it — once, against the screen it was pressed on; the results carry the motif.
An interne reads what his maquette still allows him. A list the verification finds faults in
opens once they are read and confirmed."""

from bot.operations import appel as appel_operations
from bot.operations import comptes, imports
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.conftest import csv_bytes, interne
from tests.storage.test_maquette_appel import MAQUETTE, POSTES, STAGES

CONFIG = db_setup.CONFIG + MAQUETTE


async def _day(path, ouvrir=True):
    config = db_setup.config(CONFIG)
    rows = [interne(str(n), phase="approfondissement") for n in range(1, 5)]
    database = await Database.open(path)
    await db_setup.import_all(database, config, csv_bytes(rows), POSTES.encode())
    ctx = Contexte(database, config, "test")
    await imports.appliquer(ctx, imports.lire("stages", STAGES.encode(), "s.csv", config))
    await db_setup.rank_to_final(database, config, "MG")
    if ouvrir:
        await appel_operations.ouvrir(ctx, "MG", malgre=True)  # PED-1: nobody may take it
    code = await comptes.inviter(ctx, "2")
    await database.close()
    return config, code


async def test_a_gestionnaire_gives_a_forbidden_place_with_a_motif(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, _ = await _day(path)
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        postes = await press(bot, g, screen, "a choisi…")
        marked = [text for text, _ in postes.boutons if text.startswith("⛔ ")]
        assert [text.rsplit(" · ", 1)[1] for text in marked] == ["PED-1", "SAS-1"]
        assert "⛔ 2 poste(s) hors de sa maquette" in postes.text

        refused = await press(bot, g, postes, "SAS-1")
        assert refused.text.startswith("⛔ 1 ne peut pas prendre SAS-1 : deuxième SASPAS")
        asked = await press(bot, g, refused, "Forcer hors maquette…", nouveaux=1)
        assert asked.text.startswith("Hors maquette : 1 prend le poste SAS-1 (hors maquette)\n")
        assert "Tapez le motif" in asked.text
        empty = await bot.dire(g, "   ")
        assert empty.text == "Le motif est vide : tapez-le, ou /annuler."
        shown = await bot.dire(g, "Dérogation de la coordination du DES")
        assert shown.text == (
            "❓ À confirmer : 1 prend le poste SAS-1 (hors maquette : Dérogation de la "
            "coordination du DES)"
        )
        confirm = shown.boutons[0][1]
        done = await press(bot, g, shown, "Confirmer hors maquette", nouveaux=1)
        assert done.text.startswith("✔ 1 prend le poste SAS-1 (hors maquette : Dérogation")
        await emu.attendre(lambda: "Appelé : rang 2" in refused.text)  # the screen follows

        again = await emu.appuyer(g, shown, confirm)  # a double tap: nothing twice
        await emu.attendre(lambda: emu.callbacks[again]["answered"])
        assert emu.callbacks[again]["text"].startswith("Cette saisie est terminée")

        stale = await press(bot, g, refused, "a choisi…")  # the called interne 2: SAS-1 too
        forbidden = await press(bot, g, stale, "SAS-1")
        await press(bot, g, forbidden, "Forcer hors maquette…", nouveaux=1)
        ctx = Contexte(bot.application.bot_data.ctx.db, config, "laptop")
        called = (await appel_operations.etat(ctx, "MG")).appel.appele()
        await appel_operations.agir(ctx, "MG", "absent", called)  # the call moves on
        late = await bot.dire(g, "Dérogation")
        assert late.text.startswith("L'appel a changé depuis l'écran")

        for poste in ("LIB-1", "SN2-1"):  # 3 and 4 choose: the call ends, 2 is absent
            called = (await appel_operations.etat(ctx, "MG")).appel.appele()
            await appel_operations.agir(ctx, "MG", "choisir", called, poste)
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        absents = await press(bot, g, screen, "affecter d'office…")
        office = await press(bot, g, absents, "rang 2")
        ids = [text.rsplit(" · ", 1)[1] for text, _ in office.boutons if " · " in text]
        assert ids == ["LIB-1", "SN2-1", "PED-1", "SAS-1"]  # the allowed first
        marks = [t.startswith("⛔") for t, _ in office.boutons if " · " in t]
        assert marks == [False, False, True, True]
        assert office.boutons[0][0] == "◀ Retour"  # where « rang 2 » was pressed
        assert "Affecter d'office : rang 2 " in office.text  # who is placed

        mallory = emu.utilisateur(3001, "Mallory")
        query = await emu.appuyer(mallory, forbidden, forbidden.boutons[0][1])
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"] == "Réservé aux gestionnaires."

    database = await Database.open(path)
    _, found, _ = await appel_operations.resultats(Contexte(database, config, "test"), "MG")
    await database.close()
    mentions = {r.key[0]: r.mention for r in found.lignes}
    assert mentions == {
        "1": "hors maquette : Dérogation de la coordination du DES",
        "2": "absent",
        "3": "",
        "4": "",
    }


async def test_an_interne_reads_what_his_maquette_allows(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, code = await _day(path)
    async with bot_running(config, path) as bot:
        interne_2 = bot.emulateur.utilisateur(1002, "Interne 2")
        await bot.dire(interne_2, f"/start {code}")
        said = await bot.reponses(interne_2, "/pourquoi", 2)
        assert said[-1].text.splitlines() == [
            "Vos stages effectués",
            "• 2026-05 — Cabinet Corbie (SASPAS, approfondissement) : validé",
            "",
            "Ce que votre maquette vous permet",  # his ancienneté, the stages recorded aside
            "• Médecine générale : 4 semestre(s) validé(s) sur 6 (1 stage(s) validé(s) "
            "enregistré(s) dans amphi).",
            "• Phase approfondissement : 1 semestre(s) validé(s) sur 2 — le semestre qui vient "
            "est le dernier de la phase.",
            "• deuxième SASPAS : 1 validé(s) sur 1 permis — plus aucun permis.",
        ]


async def test_a_list_with_findings_opens_once_they_are_read_and_confirmed(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, _ = await _day(path, ouvrir=False)
    async with bot_running(config, path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        asked = await press(bot, g, screen, "Ouvrir le choix")
        assert asked.text.startswith("⚠ Liste « MG » : la vérification trouve 3 constat(s)")
        assert "• [poste sans preneur] liste « MG » : personne ne peut prendre PED-1" in asked.text
        assert "le choix peut s'ouvrir" in asked.text  # nothing opened yet
        assert "• [stages] 1 Nom1 Prénom : 4 semestre(s) validé(s), 1 stage(s)" in asked.text
        opened = await press(bot, g, asked, "Ouvrir malgré 3 constat(s)")
        assert opened.text.startswith("✔ choix ouvert") and "Appelé : rang 1" in opened.text

    database = await Database.open(path)
    async with database.read() as tx:
        said = await tx.value("SELECT detail FROM journal WHERE action = 'appel.ouvrir'")
    await database.close()
    assert said.endswith(
        "; ouvert malgré 3 constat(s) de la vérification (poste sans preneur : 1, stages : 2)"
    )
