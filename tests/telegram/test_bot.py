"""The Telegram bot through the emulator: binding, what an interne reads, who may do what."""

import asyncio
import csv
import io
import os
import re
import signal
from datetime import timedelta

import pytest

from bot.emulateur import Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations import appel as appel_operations
from bot.operations import comptes
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from ranking.errors import Refused
from ranking.horloge import now
from storage import classement, listes
from storage import comptes as storage_comptes
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.bot_process import served_bot
from tests.cli_harness import AMPHI, amphi, ranked
from tests.telegram.test_appuis import journal_of


@pytest.fixture
async def semestre(tmp_path):
    """600 internes of Amiens, MG ranked and validated, not yet open."""
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        ordre = await classement.load(tx, await listes.get(tx, "MG"))
    ctx = Contexte(database, db_setup.config(), "Mme Durand")
    first, tenth = ordre.keys[0][0], ordre.keys[9][0]
    codes = {key: await comptes.inviter(ctx, key) for key in (first, tenth)}
    await database.close()
    return path, first, tenth, codes


async def test_an_interne_binds_with_his_code_and_reads_his_rank(semestre):
    path, _, tenth, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        welcome = await bot.dire(lea, "/start")
        assert "Pour lier votre compte" in welcome.text
        bound = await bot.dire(lea, f"/start {codes[tenth]}")
        assert bound.text.startswith("Compte lié : vous êtes l'interne")
        assert f"({tenth})" in bound.text
        rank = await bot.dire(lea, "/rang")
        assert "Rang d'appel : 10 sur" in rank.text and "(9 avant vous)" in rank.text
        why = await bot.dire(lea, "/pourquoi")
        assert "Pourquoi ce rang" in why.text
        page = await bot.dire(lea, "/liste")
        assert "▶" in page.text and page.boutons
        assert bot.emulateur.commandes  # menus installed
        me = await bot.dire(lea, "/moi")
        assert me.text.startswith("Vous êtes l'interne")


async def test_a_bound_account_sending_another_interne_s_code_is_told_whose_it_is(semestre):
    path, first, tenth, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        assert (await bot.dire(lea, f"/start {codes[first]}")).text.startswith("Compte lié")
    async with bot_running(db_setup.config(), path) as bot:  # another session: ids anew
        lea = bot.emulateur.utilisateur(1001, "Léa")
        told = await bot.dire(lea, f"/start {codes[tenth]}")
        assert told.text.startswith("Refusé : ce compte Telegram est déjà lié à l'interne ")
        assert f"({first})" in told.text and "/mesdonnees pour le délier" in told.text
        assert f"({tenth})" not in told.text and "Compte lié" not in told.text
        tom = bot.emulateur.utilisateur(1002, "Tom")
        bound = await bot.dire(tom, f"/start {codes[tenth]}")  # the code did not serve
        assert bound.text.startswith("Compte lié : vous êtes l'interne")
        assert f"({tenth})" in bound.text
        gestionnaire = bot.emulateur.utilisateur(1003, "Mme Martin")
        database = await Database.open(path)
        ctx = Contexte(database, db_setup.config(), "Mme Durand")
        code, second = await comptes.inviter(ctx, None), await comptes.inviter(ctx, first)
        await database.close()
        again = await bot.dire(lea, f"/start {second}")  # a second code of his own: bound
        assert again.text.startswith("Compte lié : vous êtes l'interne")
        assert f"({first})" in again.text
        assert "gestionnaire" in (await bot.dire(gestionnaire, f"/start {code}")).text
        refused = await bot.dire(gestionnaire, f"/start {codes[tenth]}")
        assert refused.text.startswith(
            "Refusé : ce compte Telegram est déjà lié : c'est celui d'un gestionnaire"
        )


async def test_a_code_works_once_and_five_wrong_codes_lock_the_account(semestre):
    path, first, _, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        assert (await bot.dire(lea, f"/start {codes[first]}")).text.startswith("Compte lié")
        other = bot.emulateur.utilisateur(1002, "Tom")
        reused = await bot.dire(other, f"/start {codes[first]}")
        assert "a déjà servi" in reused.text
        for _ in range(4):
            wrong = await bot.dire(other, "/start AAAA-BBBB-CCCC")
            assert "code d'invitation inconnu" in wrong.text
        locking = await bot.dire(other, "/start AAAA-BBBB-CCCC")
        assert "essais bloqués pour une heure" in locking.text
        locked = await bot.dire(other, "/start AAAA-BBBB-CCCC")
        assert "trop de codes faux : nouvel essai possible à" in locked.text


async def test_a_shared_contact_binds_when_the_phone_matches(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    rows = db_setup.internes_rows(30)
    rows[0]["telephone"] = "06 12 34 56 78"
    database = await Database.open(path)
    cfg = db_setup.config()
    await db_setup.import_all(database, cfg, db_setup.to_csv(rows), db_setup.postes_csv({"MG": 30}))
    await db_setup.rank_to_final(database, cfg, "MG")
    await database.close()
    async with bot_running(cfg, path) as bot:
        stranger = bot.emulateur.utilisateur(2001, "Inconnu")
        refused = await bot.emulateur.partager_contact(stranger, "+33 6 99 88 77 66")
        answer = await bot.emulateur.reponse(stranger.id, 0)
        assert "ne correspond à aucun interne" in answer.text and refused
        lea = bot.emulateur.utilisateur(2002, "Léa")
        await bot.emulateur.partager_contact(lea, "+33612345678")
        bound = await bot.emulateur.reponse(lea.id, 0)
        assert bound.text.startswith("Compte lié : vous êtes l'interne")


async def test_strangers_and_forged_presses_change_nothing(semestre):
    path, first, _, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[first]}")
        page = await bot.dire(lea, "/liste")
        before = db_setup.dump(path)
        stranger = bot.emulateur.utilisateur(3001, "Mallory")
        for command in ("/rang", "/pourquoi", "/liste", "/postes"):
            refused = await bot.dire(stranger, command)
            assert "n'est pas lié" in refused.text, command
        gestionnaire = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        assert "réservée aux internes" in (await bot.dire(gestionnaire, "/rang")).text
        for forged in ("l:999:0", "l:1:-5", "l:x", "zz:1", "l:" + "9" * 40):
            query = await bot.emulateur.appuyer(stranger, page, forged)
            await bot.emulateur.attendre(lambda q=query: bot.emulateur.callbacks[q]["answered"])
        assert db_setup.dump(path) == before
        wrong_list = await bot.emulateur.appuyer(lea, page, "l:999:0")
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[wrong_list]["answered"])
        await bot.emulateur.attendre(
            lambda: "n'est pas la vôtre" in bot.emulateur.dernier(lea.id).text
        )


async def test_the_amphi_bot_process_against_the_served_emulator(semestre, tmp_path):
    path, first, _, codes = semestre
    emulateur = Emulateur()
    runner = await servir(emulateur, 0)
    port = port_of(runner)
    config = db_setup.CONFIG + (
        f'\n[telegram]\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{port}/file/bot"\n'
    )
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    environment = {**os.environ, "AMPHI_TELEGRAM_TOKEN": emulateur.token}
    process = await asyncio.create_subprocess_exec(
        AMPHI, "bot", "--db", str(path), "--config", str(tmp_path / "config.toml"),
        env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        lea = emulateur.utilisateur(1001, "Léa")
        await emulateur.ecrire(lea, f"/start {codes[first]}")
        bound = await emulateur.reponse(lea.id, 0, timeout=30)
        assert bound.text.startswith("Compte lié : vous êtes l'interne")
        await emulateur.ecrire(lea, "/rang")
        rank = await emulateur.reponse(lea.id, 1)
        assert "Rang d'appel : 1 sur" in rank.text
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        await runner.cleanup()
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert emulateur.violations == []


async def test_an_update_delivered_twice_binds_once(semestre):
    path, first, _, codes = semestre
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "test")
    try:
        once = await comptes.lier_par_code(ctx, codes[first], 1001, "Léa", update_id=77)
        again = await comptes.lier_par_code(ctx, codes[first], 1001, "Léa", update_id=77)
        assert once == again
        tapped_again = await comptes.lier_par_code(ctx, codes[first], 1001, "Léa", update_id=78)
        assert tapped_again == once  # his own link again: bound, not « déjà servi »
        with pytest.raises(Refused, match="déjà servi"):  # the code is spent for anyone else
            await comptes.lier_par_code(ctx, codes[first], 1002, "Paul", update_id=79)
    finally:
        await database.close()


async def test_an_expired_code_is_refused(semestre):
    path, _, _, _ = semestre
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "test")
    try:
        async with database.write() as tx:
            code = await storage_comptes.inviter(
                tx, "gestionnaire", None, "test", timedelta(days=1), now() - timedelta(days=2)
            )
        with pytest.raises(Refused, match="a expiré"):
            await comptes.lier_par_code(ctx, code, 1001, "Léa")
    finally:
        await database.close()


COMMANDS = ["/start", "/moi", "/aide", "/rang", "/pourquoi", "/liste", "/postes", "/inconnue"]
INTERNE_ONLY = {"/rang", "/pourquoi", "/liste", "/postes"}


async def test_the_permission_matrix(semestre):
    """Every command and every callback, by each kind of user: nothing changes in the base,
    and each reads only what his role allows."""
    path, first, tenth, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        a, b = emu.utilisateur(1001, "A"), emu.utilisateur(1002, "B")
        await bot.dire(a, f"/start {codes[first]}")
        await bot.dire(b, f"/start {codes[tenth]}")
        page = await bot.dire(a, "/liste")
        users = {
            "inconnu": emu.utilisateur(3001, "Mallory"),
            "interne": a,
            "autre interne": b,
            "gestionnaire": emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand"),
        }
        before = db_setup.dump(path)
        for role, user in users.items():
            for command in COMMANDS:
                said = (await bot.dire(user, command)).text
                if command in INTERNE_ONLY and role in ("inconnu", "gestionnaire"):
                    assert "n'est pas lié" in said or "réservée aux internes" in said, (
                        role,
                        command,
                    )
                if command == "/rang" and role == "autre interne":
                    assert "Rang d'appel : 10 sur" in said
            for data in ("l:1:0", "l:1:-1", "l:999:0", "zz:1", "l:1:99999"):
                query = await emu.appuyer(user, page, data)
                await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
                await asyncio.sleep(0.05)  # the edit that follows the answer, before the next press
        assert db_setup.dump(path) == before
        for text in (m.text or "" for m in emu.recus(b.id)):
            assert not re.search(r"0\d( \d\d){4}|\+\d{6,}", text)  # no phone number ever


async def test_during_the_call_an_interne_reads_how_many_are_before_him(semestre):
    path, _, tenth, codes = semestre
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "Mme Durand")
    await appel_operations.ouvrir(ctx, "MG")
    for _ in range(3):
        state = await appel_operations.etat(ctx, "MG")
        poste = next(iter(state.ouverts))
        await appel_operations.agir(ctx, "MG", "choisir", state.appel.appele(), poste)
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[tenth]}")
        said = (await bot.dire(lea, "/rang")).text
        assert re.search(r"appel en cours : [1-6] interne\(s\) avant vous", said)
        postes = (await bot.dire(lea, "/postes")).text
        assert "397 place(s) restante(s)" in postes


async def test_an_internal_error_is_answered_in_french_and_the_gestionnaire_warned(semestre):
    path, first, _, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        gestionnaire = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await bot.dire(lea, f"/start {codes[first]}")
        ctx = bot.application.bot_data.ctx
        async with ctx.db.write() as tx:  # a fault no rule foresaw: his list's rows vanish
            await tx.execute("ALTER TABLE rang RENAME TO rang_perdu")
        said = await bot.dire(lea, "/rang")
        assert (
            said.text == "Erreur interne : le gestionnaire est prévenu. Réessayez dans un moment."
        )
        warned = await bot.emulateur.reponse(gestionnaire.id, 0)
        assert warned.text.startswith("⚠ amphi : une erreur interne est survenue")
        async with ctx.db.write() as tx:
            await tx.execute("ALTER TABLE rang_perdu RENAME TO rang")


async def test_a_procuration_given_from_the_phone_then_locked_at_his_turn(semestre):
    path, first, _, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[first]}")
        picker = await bot.dire(lea, "/voeux")
        assert "vos vœux dans l'ordre :\naucun pour l'instant" in picker.text

        async def tap(label: str, new: int = 0):
            data = next(d for t, d in emu.dernier(lea.id).boutons
                        if t.startswith(label) or t.endswith(f"· {label}"))  # fmt: skip
            message, count = emu.dernier(lea.id), len(emu.recus(lea.id))
            edits = message.modifications
            query = await emu.appuyer(lea, message, data)
            await emu.attendre(lambda: emu.callbacks[query]["answered"])
            if new:
                await emu.attendre(lambda: len(emu.recus(lea.id)) >= count + new)
            else:
                await emu.attendre(lambda: message.modifications > edits)
            return emu.dernier(lea.id)

        await tap("MG-1")
        await tap("MG-2")
        refused = await tap("Terminer", new=1)
        assert refused.text.startswith("Une procuration compte au moins 3 vœux (2 choisi(s))")
        searched = await bot.dire(lea, "service 17")  # typed: found by its terrain
        assert [t.split(" · ")[-1] for t, _ in searched.boutons][:1] == ["MG-17"]
        assert "🔎 « service 17 » : 1 poste(s)." in searched.text
        await tap("MG-17")
        asked = await tap("Terminer", new=1)
        assert asked.text.startswith("Le numéro où le gestionnaire vous appellera")
        assert "n'est pas un numéro de téléphone valide" in (await bot.dire(lea, "12")).text
        summary = (await bot.reponses(lea, "06 12 34 56 78", 2))[-1]
        assert summary.text.splitlines()[1:5] == [
            "1. CHU Amiens — service 1 (CHU) (MG-1)",
            "2. CHU Amiens — service 2 (CHU) (MG-2)",
            "3. CHU Amiens — service 17 (CHU) (MG-17)",
            "Téléphone : 06 12 34 56 78",
        ]
        done = await tap("Confirmer", new=1)
        assert done.text.startswith("Procuration enregistrée")

        await bot.dire(lea, "/voeux")
        left = await bot.dire(lea, "/annuler")
        assert left.text == "Rien n'est enregistré."

    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "test")
    found = await voeux_operations.procuration(ctx, first)
    assert found.voeux == ("MG-1", "MG-2", "MG-17") and found.telephone == "+33612345678"
    await appel_operations.ouvrir(ctx, "MG")  # he is called first: his procuration is locked
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        refused = await bot.dire(lea, "/voeux")  # refused at once, not after a whole saisie
        assert refused.text.startswith("Refusé : ") and "son tour est venu" in refused.text
        assert len(emu.recus(lea.id)) == 1 and not refused.boutons


async def test_prechoix_answers_with_the_simulation(semestre):
    path, _, tenth, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[tenth]}")
        picker = await bot.dire(lea, "/prechoix")
        for label in ("· MG-3", "· MG-4"):
            data = next(d for t, d in emu.dernier(lea.id).boutons if t.endswith(label))
            edits = picker.modifications
            query = await emu.appuyer(lea, picker, data)
            await emu.attendre(
                lambda q=query, e=edits: emu.callbacks[q]["answered"] and picker.modifications > e
            )
        count = len(emu.recus(lea.id))
        data = next(d for t, d in picker.boutons if t.startswith("Terminer"))
        await emu.appuyer(lea, picker, data)
        summary = await emu.reponse(lea.id, count)
        count = len(emu.recus(lea.id))
        await emu.appuyer(lea, summary, next(d for t, d in summary.boutons if t == "Confirmer"))
        answer = await emu.reponse(lea.id, count)
        assert answer.text.startswith("Vœux de pré-choix enregistrés.")
        assert "vous obtiendriez votre 1er vœu (MG-3)" in answer.text


async def test_prechoix_starts_from_the_wishes_recorded(semestre):
    path, _, tenth, codes = semestre
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "Mme Durand")  # `amphi prechoix ID --voeux …`
    await voeux_operations.enregistrer_prechoix(ctx, tenth, ["MG-5", "MG-2", "MG-7"])
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[tenth]}")
        picker = await bot.dire(lea, "/prechoix")
        assert picker.text.splitlines()[1:4] == [
            "1. CHU Amiens — service 5 (CHU) (MG-5)",
            "2. CHU Amiens — service 2 (CHU) (MG-2)",
            "3. CHU Amiens — service 7 (CHU) (MG-7)",
        ]
        assert "aucun pour l'instant" not in picker.text
        picker = await press(bot, lea, picker, "MG-4")
        count = len(emu.recus(lea.id))
        await emu.appuyer(lea, picker, next(d for t, d in picker.boutons if t == "Terminer (4)"))
        summary = await emu.reponse(lea.id, count)
        count = len(emu.recus(lea.id))
        await emu.appuyer(lea, summary, next(d for t, d in summary.boutons if t == "Confirmer"))
        assert (await emu.reponse(lea.id, count)).text.startswith("Vœux de pré-choix enregistrés.")
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "test")
    assert await voeux_operations.prechoix(ctx, tenth) == ["MG-5", "MG-2", "MG-7", "MG-4"]
    await database.close()


async def test_a_mandataire_edits_that_procuration_and_nothing_else(semestre):
    path, first, _, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[first]}")
        link = (await bot.reponses(lea, "/mandataire", 2))[-1].text
        code = link.split("/start ")[1].split()[0]
        paul = emu.utilisateur(1002, "Paul", last_name="Martin")
        bound = await bot.dire(paul, f"/start {code}")
        assert bound.text.startswith("Compte lié : vous êtes mandataire de l'interne ")
        assert bound.text.splitlines()[0].endswith(f"({first}).")  # his name, then his id
        other = next(code for key, code in codes.items() if key != first)
        assert (await bot.dire(paul, f"/start {other}")).text.startswith(
            "Refusé : ce compte Telegram est déjà lié : mandataire de l'interne "
        )
        assert (
            "a déjà servi" in (await bot.dire(emu.utilisateur(1003, "Eve"), f"/start {code}")).text
        )
        for command in ("/rang", "/pourquoi", "/liste", "/postes", "/prechoix", "/listes"):
            said = (await bot.dire(paul, command)).text
            assert "réservé" in said.lower(), command
        picker = await bot.dire(paul, "/voeux")
        assert picker.boutons, picker.text
        for label in ("· MG-1", "· MG-2", "· MG-3"):
            data = next(d for t, d in picker.boutons if t.endswith(label))
            edits = picker.modifications
            query = await emu.appuyer(paul, picker, data)
            await emu.attendre(
                lambda q=query, e=edits: emu.callbacks[q]["answered"] and picker.modifications > e
            )
        count = len(emu.recus(paul.id))
        await emu.appuyer(
            paul, picker, next(d for t, d in picker.boutons if t.startswith("Terminer"))
        )
        await emu.reponse(paul.id, count)
        summary = (await bot.reponses(paul, "+33 6 11 22 33 44", 2))[-1]
        count = len(emu.recus(paul.id))
        await emu.appuyer(paul, summary, next(d for t, d in summary.boutons if t == "Confirmer"))
        assert (await emu.reponse(paul.id, count)).text.startswith("Procuration enregistrée")
        told = "📨 Votre mandataire Paul Martin a enregistré votre procuration : MG-1, MG-2, MG-3"
        await emu.attendre(lambda: any(m.text.startswith(told) for m in emu.recus(lea.id)))
        assert "téléphone 06 11 22 33 44" in emu.recus(lea.id)[-1].text

        mine = await bot.dire(lea, "/mandataire")
        assert mine.text == (
            "Vos mandataires (ils peuvent changer votre procuration) : Paul Martin."
        )
        forged = await emu.appuyer(lea, mine, "Q:1003")  # not his mandataire: nothing revoked
        await emu.attendre(lambda: emu.callbacks[forged]["answered"])
        revoked = await press(bot, lea, mine, "Révoquer Paul Martin")
        assert revoked.text.startswith("✔ Paul Martin ne peut plus changer votre procuration.")
        assert revoked.text.endswith("Aucun mandataire ne peut changer votre procuration.")
        assert "lié" in (await bot.dire(paul, "/voeux")).text  # no longer bound
    assert len(await journal_of(path, "mandat.revocation")) == 1
    database = await Database.open(path)
    found = await voeux_operations.procuration(Contexte(database, db_setup.config(), "t"), first)
    await database.close()
    assert found.voeux == ("MG-1", "MG-2", "MG-3") and found.mandataire == "Paul Martin"


async def test_an_interne_reads_his_data_and_unbinds_himself(semestre):
    path, first, tenth, codes = semestre
    async with bot_running(db_setup.config(), path) as bot:
        lea = bot.emulateur.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {codes[tenth]}")
        mine = await bot.dire(lea, "/mesdonnees")
        assert mine.text.startswith("Ce qu'amphi enregistre sur vous")
        assert f"identifiant : {tenth}" in mine.text and "téléphone : " in mine.text
        assert "rang d'appel sur « MG » : 10" in mine.text
        assert first not in mine.text.replace(tenth, "")  # his own data only
        asked = await press(bot, lea, mine, "Délier mon compte Telegram…")
        assert asked.text.startswith("❓ À confirmer : délier votre compte Telegram")
        done = await press(bot, lea, asked, "Confirmer : délier mon compte")
        assert done.text.startswith("✔ Votre compte Telegram est délié")
        assert "Rang d'appel" not in (await bot.dire(lea, "/rang")).text
    assert await journal_of(path, "compte.deliaison") == [
        ("telegram:1001", "compte Telegram 1001 délié")
    ]


async def test_a_restart_in_the_middle_of_voeux_and_of_an_import_loses_neither(semestre):
    """The bot stops between two presses of a saisie, and again between an import's preview
    and its « Appliquer »: each goes on where it was once it is back."""
    path, first, _, codes = semestre
    emu = Emulateur()
    lea, g = emu.utilisateur(1001, "Léa"), emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")

    async def tap(user, label: str, new: int = 0):
        message = emu.dernier(user.id)
        data = next(d for t, d in message.boutons if t.startswith(label) or t.endswith(label))
        count, edits = len(emu.recus(user.id)), message.modifications
        query = await emu.appuyer(user, message, data)
        await emu.attendre(lambda: emu.callbacks[query]["answered"], timeout=20)
        if new:
            await emu.attendre(lambda: len(emu.recus(user.id)) >= count + new)
        else:
            await emu.attendre(lambda: message.modifications > edits)
        return emu.dernier(user.id)

    async with bot_running(db_setup.config(), path, deja=emu) as bot:
        await bot.dire(lea, f"/start {codes[first]}")
        await bot.dire(lea, "/voeux")
        await tap(lea, "· MG-1")
        await tap(lea, "· MG-2")
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 402, "Psy": 10}))
        await emu.attendre(lambda: "Appliquer" in str([m.boutons for m in emu.recus(g.id)]))
    async with bot_running(db_setup.config(), path, deja=emu) as bot:  # restarted
        await tap(lea, "· MG-3")
        asked = await tap(lea, "Terminer", new=1)
        assert asked.text.startswith("Le numéro où le gestionnaire vous appellera")
        summary = (await bot.reponses(lea, "06 12 34 56 78", 2))[-1]
        assert [line.rsplit("(", 1)[-1] for line in summary.text.splitlines()[1:4]] == [
            "MG-1)",
            "MG-2)",
            "MG-3)",
        ]
        done = await tap(lea, "Confirmer", new=1)
        assert done.text.startswith("Procuration enregistrée")
        preview = next(m for m in emu.recus(g.id) if "Appliquer" in str(m.boutons))
        data = next(d for t, d in preview.boutons if t == "Appliquer")
        query = await emu.appuyer(g, preview, data)
        await emu.attendre(lambda: emu.callbacks[query]["answered"], timeout=20)
    database = await Database.open(path)
    async with database.read() as tx:
        wishes = await tx.all(
            "SELECT poste_id FROM procuration_voeu WHERE interne_id = ? ORDER BY rang", (first,)
        )
        places = await tx.value("SELECT sum(capacite) FROM poste WHERE liste_id = 1")
    await database.close()
    assert [row[0] for row in wishes] == ["MG-1", "MG-2", "MG-3"]
    assert places == 402


async def test_mesdonnees_counts_every_journal_entry_that_names_him(workdir):
    """Through the real `amphi bot`: his invitation, his binding, his procuration and the act
    that applied it are all his; /mesdonnees counts what `amphi journal --interne` lists."""
    ranked(workdir)
    invited = amphi(workdir, "invitation", "--interne", "1")
    assert invited.returncode == 0, invited.stderr
    code = re.search(r"/start (\S+)", invited.stdout).group(1)
    for args in (
        ("procuration", "1", "--telephone", "06 98 76 54 32", "--voeux", "MG-2", "MG-3", "MG-1"),
        ("appel", "ouvrir", "--liste", "MG"),
        ("appel", "absent", "1", "--liste", "MG"),
    ):
        done = amphi(workdir, *args)
        assert done.returncode == 0, (args, done.stderr)
    emu = Emulateur()
    lea = emu.utilisateur(1001, "Léa")
    async with served_bot(workdir, emu, db_setup.CONFIG) as bot:
        await emu.ecrire(lea, f"/start {code}")
        await emu.attendre(lambda: any("lié" in m.text for m in emu.recus(lea.id)), timeout=20)
        await emu.ecrire(lea, "/mesdonnees")
        await emu.attendre(
            lambda: any("Le journal nomme" in (m.text or "") for m in emu.recus(lea.id)), 20
        )
        await bot.stop()
    mine = next(m.text for m in emu.recus(lea.id) if "Le journal nomme" in (m.text or ""))
    count = int(re.search(r"Le journal nomme votre dossier dans (\d+) entrée", mine).group(1))
    listed = amphi(workdir, "journal", "--interne", "1", "--format", "csv").stdout
    actions = [row["Action"] for row in csv.DictReader(io.StringIO(listed))]
    assert count == len(actions), (count, actions)
    for action in ("invitation créée", "compte Telegram lié", "procuration", "absent"):
        assert action in actions, actions
