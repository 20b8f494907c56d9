"""A stage marked non validé from the gestionnaire's phone (règles §7), through the real bot and
the emulator: his card shows his stages, « Marquer non validé » asks, only « Confirmer » acts —
once, a second tap answered; a press forged by an interne does nothing. The interne then reads
his parcours with /moi and /pourquoi, counted from his semestres validés."""

import sqlite3

from bot.operations import comptes, imports, validation
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.conftest import csv_bytes, interne
from tests.storage.test_maquette_appel import MAQUETTE, POSTES

CONFIG = db_setup.CONFIG + MAQUETTE
STAGES = (
    "interne,semestre,terrain,type,phase,valide\n"
    "2,2025-11,CH Abbeville,Urgences,approfondissement,oui\n"
    "2,2026-05,Cabinet Corbie,SASPAS,approfondissement,oui\n"
)


async def _base(path):
    config = db_setup.config(CONFIG)
    rows = [interne(str(n), phase="approfondissement") for n in range(1, 5)]
    database = await Database.open(path)
    await db_setup.import_all(database, config, csv_bytes(rows), POSTES.encode())
    ctx = Contexte(database, config, "test")
    await imports.appliquer(ctx, imports.lire("stages", STAGES.encode(), "s.csv", config))
    await db_setup.rank_to_final(database, config, "MG")
    code = await comptes.inviter(ctx, "2")
    await database.close()
    return config, code


def _etat(path):
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT s.valide, i.semestres_valides, (SELECT perimee IS NOT NULL FROM liste), "
            "(SELECT count(*) FROM journal WHERE action = 'stage.validation') FROM "
            "stage_effectue s JOIN interne i ON i.id = s.interne_id "
            "WHERE s.interne_id = '2' AND s.semestre = '2026-05'"
        ).fetchone()


async def test_a_stage_is_marked_non_valide_from_the_card_once(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, code = await _base(path)
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        lea = emu.utilisateur(1002, "Léa")
        await bot.dire(lea, f"/start {code}")
        card = await bot.dire(g, "/interne 2")
        assert "Stages effectués de 2\n• 2025-11 — CH Abbeville (Urgences) : validé\n" in card.text
        assert "• 2026-05 — Cabinet Corbie (SASPAS) : validé" in card.text
        stages = await press(bot, g, card, "Stages effectués…")
        stage = await press(bot, g, stages, "2026-05 Cabinet Corbie")
        assert "Semestres validés : 4." in stage.text
        asked = await press(bot, g, stage, "Marquer non validé")
        assert asked.text == (
            "❓ À confirmer : stage de 2 (2026-05, Cabinet Corbie) : non validé ; semestres "
            "validés 4 → 3 ; ordre périmé : « MG » (relancer le pré-classement)"
        )
        assert _etat(path) == (1, 4, 0, 0)  # asked, nothing done
        confirm = next(data for text, data in asked.boutons if text == "Confirmer")
        done = await press(bot, g, asked, "Confirmer")
        assert done.text.startswith(
            "✔ stage de 2 (2026-05, Cabinet Corbie) : non validé ; semestres validés 4 → 3 ; "
            "ordre périmé : « MG »"
        )
        assert "• 2026-05 — Cabinet Corbie (SASPAS) : non validé" in done.text
        assert _etat(path) == (0, 3, 1, 1)

        before = db_setup.dump(path)
        again = await emu.appuyer(g, done, confirm)  # a double tap on « Confirmer »
        await emu.attendre(lambda: emu.callbacks[again]["answered"])
        assert emu.callbacks[again]["text"] == (
            "Le stage de 2 au semestre 2026-05 est déjà non validé"
        )
        forged = confirm.rsplit(":", 2)[0] + ":0:4"  # « Confirmer » the stage validé again
        query = await emu.appuyer(lea, done, forged)  # pressed by the interne himself
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"] == "Réservé aux gestionnaires."
        odd = await emu.appuyer(g, done, "E:1:2")  # malformed: answered, nothing done
        await emu.attendre(lambda: emu.callbacks[odd]["answered"])
        assert db_setup.dump(path) == before

        me = await bot.dire(lea, "/moi")
        assert me.text.splitlines()[2:] == [
            "Vos stages effectués",
            "• 2025-11 — CH Abbeville (Urgences, approfondissement) : validé",
            "• 2026-05 — Cabinet Corbie (SASPAS, approfondissement) : non validé",
            "",
            "Ce que votre maquette vous permet",
            "• Médecine générale : 3 semestre(s) validé(s) sur 6 (1 stage(s) validé(s) "
            "enregistré(s) dans amphi).",
            "• Phase approfondissement : 1 semestre(s) validé(s) sur 2 — le semestre qui vient "
            "est le dernier de la phase.",
            "• deuxième SASPAS : 0 validé(s) sur 1 permis — encore 1 possible(s).",
        ]
        said = await bot.reponses(lea, "/pourquoi", 2)
        assert "• deuxième SASPAS : 0 validé(s) sur 1 permis" in said[-1].text


async def test_a_stage_marked_elsewhere_meanwhile_is_not_marked_again(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, _ = await _base(path)
    async with bot_running(config, path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        card = await bot.dire(g, "/interne 2")
        stage = await press(bot, g, await press(bot, g, card, "Stages effectués…"), "2026-05")
        asked = await press(bot, g, stage, "Marquer non validé")
        ctx = Contexte(bot.application.bot_data.ctx.db, config, "cli:autre")
        await validation.valider_stage(ctx, "2", "2026-05", False, "cli:autre")
        before = db_setup.dump(path)
        query = await bot.emulateur.appuyer(g, asked, asked.boutons[0][1])  # « Confirmer »
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[query]["answered"])
        answer = bot.emulateur.callbacks[query]["text"]
        assert answer == "Le stage de 2 au semestre 2026-05 est déjà non validé"
        assert db_setup.dump(path) == before
        assert "Marquer validé" in [text for text, _ in asked.boutons]  # redrawn as it is


async def test_a_validations_file_sent_to_the_bot_goes_through_the_import_screens(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config, _ = await _base(path)
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await emu.envoyer_document(g, "commission.csv", b"id,semestre,valide\n2,2026-05,non\n")
        preview = await emu.reponse(g.id, 0)
        assert "Import de commission.csv : 0 ajout(s), 1 modification(s)" in preview.text
        assert "~ 2 2026-05 Cabinet Corbie (non validé) : valide oui → non" in preview.text
        assert "⚠ liste « MG » : son ordre sera périmé" in preview.text
        assert _etat(path) == (1, 4, 0, 0)  # nothing before « Appliquer »
        applied = await press(bot, g, preview, "Appliquer", 1)
        assert applied.text == "Import de commission.csv appliqué."
        assert _etat(path) == (0, 3, 1, 1)
