"""The running bot across a change of semester (règles §7): /semestre from the gestionnaire's
phone (refused while a list is open, the preview, « Construire… », « Confirmer », a preview
made stale, a double tap), every bound interne told once and /rang « pas encore classé », and
a semester built by the command line while the bot runs, noticed within a round."""

import asyncio
import logging
from html import unescape

import aiohttp

from bot.operations import appel, comptes, semestres
from bot.operations.appel import Acte
from bot.operations.base import Contexte
from bot.operations.config import WebConfig
from bot.web.serveur import PageSalle
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.conftest import csv_bytes, interne, liste_simple

CONFIG = db_setup.config(db_setup.CONFIG.split('[[listes]]\nnom = "Psy"')[0])
"""MG alone, winter 2026-11."""
COMMENCE = (
    "📅 Le semestre d'été 2027 commence. Votre compte reste lié : /rang vous dira votre rang "
    "dès le classement publié. /mesdonnees : ce qu'amphi garde, et délier votre compte."
)
PAS_ENCORE_CLASSE = "Semestre d'été 2027 : pas encore classé — le classement n'est pas publié"
INTERNES = 4


async def winter(path, call: bool = True, close: bool = True) -> list[str]:
    """Winter 2026-11: MG ranked, its internes bound (Telegram 10 000…), its choice open,
    called to the last place by the laptop (`call`) and closed (`close`)."""
    await liste_simple(path, CONFIG, INTERNES, INTERNES)
    ids = await db_setup.lier_premiers(path, INTERNES)
    database = await Database.open(path)
    ctx = Contexte(database, CONFIG, "cli:marie")
    await appel.ouvrir(ctx, "MG", malgre=True)
    if call:
        state = await appel.etat(ctx, "MG")
        while state.appele is not None:
            poste = next(iter(state.ouverts))
            _, state = await appel.agir(ctx, "MG", Acte.CHOISIR, state.appele.key, poste)
    if close:
        await appel.agir(ctx, "MG", Acte.CLORE)
    await database.close()
    return ids


async def on_the_laptop(path, *acts) -> None:
    """Another process on the same base, as the command line (`amphi appel`, `amphi semestre
    suivant`): each act a function of its context."""
    laptop = await Database.open(path)
    try:
        for act in acts:
            await act(Contexte(laptop, CONFIG, "cli:marie"))
    finally:
        await laptop.close()


async def build(ctx: Contexte) -> None:
    vu = await semestres.apercu(ctx)
    await semestres.construire(ctx, vu.jeton, "cli:marie")


async def _page(page: PageSalle) -> str:
    async with aiohttp.ClientSession() as http, http.get(page.adresse) as response:
        return unescape(await response.text())


def told(bot, user) -> list[str]:
    return [text for text in bot.alertes(user) if text.startswith("📅")]


async def test_no_next_semester_while_a_list_is_open(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await winter(path, call=False, close=False)
    before = db_setup.dump(path)
    async with bot_running(CONFIG, path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        refused = await bot.dire(g, "/semestre")
        assert refused.text.startswith("Refusé : "), refused.text
        assert "« MG »" in refused.text and "clos" in refused.text
        assert not refused.boutons
        interne = bot.emulateur.utilisateur(10_000, "Interne")
        assert (await bot.dire(interne, "/semestre")).text == "Réservé aux gestionnaires."
    assert db_setup.dump(path) == before


async def test_the_next_semester_built_from_the_phone(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        internes = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(INTERNES)]
        preview = await bot.dire(g, "/semestre")
        assert "construit depuis le semestre d'hiver 2026-2027" in preview.text, preview.text
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        assert asked.text.startswith("❓ À confirmer : construire le semestre d'été 2027")
        preview = await press(bot, g, asked, "◀ Retour")  # nothing built on the way
        assert [text for text, _ in preview.boutons] == ["Construire le semestre d'été 2027…"]
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        done = await press(bot, g, asked, "Confirmer")
        assert done.text.startswith("✔ Semestre d'été 2027 construit"), done.text
        assert not done.boutons

        await emu.attendre(lambda: all(told(bot, user) for user in [*internes, g]))
        await asyncio.sleep(2.5)  # rounds go on: nobody is told twice
        assert all(told(bot, user) == [COMMENCE] for user in internes)
        # a gestionnaire the configuration names is told too, bound account or not
        assert len(told(bot, g)) == 1 and told(bot, g)[0].startswith(
            "📅 Le semestre d'été 2027 commence : construit par"
        ), told(bot, g)
        for user in internes:  # nobody bound again: each answers from the new semester
            rang = await bot.dire(user, "/rang")
            assert rang.text == f"Refusé : {PAS_ENCORE_CLASSE}", rang.text
        # not ranked yet, his stages stand: the winter place he took is one of them
        why = await bot.reponses(internes[0], "/pourquoi", 2)
        assert why[0].text == f"Refusé : {PAS_ENCORE_CLASSE}"
        assert "2026-11 — " in why[1].text, why[1].text
        assert (await semestres.code_courant(bot.application.bot_data.ctx)) == "2027-05"


async def test_a_preview_made_stale_is_drawn_again(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ids = await winter(path)
    async with bot_running(CONFIG, path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        preview = await bot.dire(g, "/semestre")
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        code = await bot.dire(g, f"/invitation {ids[0]}")  # journaled: the base moved
        assert code.text.startswith("Code pour")
        before = db_setup.dump(path)
        again = await press(bot, g, asked, "Confirmer")
        assert again.text.startswith("⚠ "), again.text
        assert "changé" in again.text and "construit depuis" in again.text
        assert [text for text, _ in again.boutons] == ["Construire le semestre d'été 2027…"]
        assert db_setup.dump(path) == before  # nothing built
        asked = await press(bot, g, again, "Construire le semestre d'été 2027…")
        done = await press(bot, g, asked, "Confirmer")
        assert done.text.startswith("✔ Semestre d'été 2027 construit")


async def test_a_double_tap_on_confirmer_builds_once(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        internes = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(INTERNES)]
        preview = await bot.dire(g, "/semestre")
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        data = next(d for text, d in asked.boutons if text == "Confirmer")
        first = await emu.appuyer(g, asked, data)
        second = await emu.appuyer(g, asked, data)
        await emu.attendre(lambda: all(emu.callbacks[q]["answered"] for q in (first, second)))
        answers = [emu.callbacks[q].get("text") or "" for q in (first, second)]
        assert answers[1] == "Le semestre d'été 2027 est déjà construit", answers
        assert asked.text.startswith("✔ Semestre d'été 2027 construit"), asked.text
        assert not asked.boutons
        await emu.attendre(lambda: all(told(bot, user) for user in internes))
        await asyncio.sleep(1.5)
        assert all(told(bot, user) == [COMMENCE] for user in internes)
        database = await Database.open(path)
        async with database.read() as tx:
            code = await tx.value("SELECT code FROM semestre")
        await database.close()
        assert code == "2027-05"


async def test_a_semester_built_on_the_laptop_while_the_bot_runs(tmp_path, caplog):
    """The bot notices within a round: it works in the new semester (a summer internes file
    is read as summer's), the old call screen's buttons answer politely, and everyone is told
    once."""
    path = tmp_path / "amphi.sqlite3"
    await winter(path, close=False)
    database = await Database.open(path)
    second = await comptes.inviter(Contexte(database, CONFIG, "test"), None)
    await database.close()
    caplog.set_level(logging.INFO, logger="amphi.bot")
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        g2 = emu.utilisateur(901, "M. Petit")  # a gestionnaire bound by a code
        assert "gestionnaire" in (await bot.dire(g2, f"/start {second}")).text
        internes = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(INTERNES)]
        page = PageSalle(WebConfig(0))  # the room's page beside the bot, as `amphi bot` runs it
        await page.demarrer(bot.application.bot_data.ctx)
        bot.application.bot_data.compagnons = (page,)  # stopped with the bot
        assert "Amiens — semestre d'hiver 2026-2027" in await _page(page)
        menu = await bot.dire(g, "/appel")
        montrer = next(data for text, data in menu.boutons if "MG" in text)
        screen = await press(bot, g, menu, "MG")  # the menu becomes the call screen
        assert "clore la liste" in screen.text, screen.text
        edits = screen.modifications

        await on_the_laptop(path, lambda ctx: appel.agir(ctx, "MG", Acte.CLORE), build)

        await emu.attendre(lambda: all(told(bot, user) for user in [*internes, g2]))
        await emu.attendre(lambda: "passée au semestre d'été 2027" in caplog.text)
        assert told(bot, g2)[0].startswith(
            "📅 Le semestre d'été 2027 commence : construit par marie, en ligne de commande."
        ), told(bot, g2)
        assert bot.application.bot_data.config.semestre.code == "2027-05"
        assert not any(chat.ecrans for chat in bot.application.chat_data.values())
        shown = await _page(page)
        assert "Amiens — semestre d'été 2027" in shown and "hiver" not in shown

        # a promotion 2024 interne at 5 semesters belongs to summer 2027, not to winter
        summer = csv_bytes([interne("99", semestres_valides="5")])
        before = len(emu.recus(g.id))
        await emu.envoyer_document(g, "internes.csv", summer)
        preview = await emu.reponse(g.id, before)
        assert preview.text.startswith("Import de internes.csv"), preview.text

        before = len(emu.recus(g.id))
        query = await emu.appuyer(g, screen, montrer)  # winter's « MG », pressed again
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        stale = await emu.reponse(g.id, before)
        assert stale.text == "Refusé : cette liste n'existe plus", stale.text

        await asyncio.sleep(1.5)
        assert all(told(bot, user) == [COMMENCE] for user in internes)
        assert len(told(bot, g2)) == 1
        assert screen.modifications <= edits + 1  # « clos » at most: nothing of summer on it


async def test_a_bot_started_after_the_change_works_in_the_new_semester(tmp_path):
    """The configuration still says 2026-11 (root's file, edited later): the bot started on a
    base built into summer 2027 works in summer, and tells nobody twice."""
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    await on_the_laptop(path, build)
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        internes = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(INTERNES)]
        assert bot.application.bot_data.config.semestre.code == "2027-05"
        summer = csv_bytes([interne("99", semestres_valides="5")])
        before = len(emu.recus(g.id))
        await emu.envoyer_document(g, "internes.csv", summer)
        preview = await emu.reponse(g.id, before)
        assert preview.text.startswith("Import de internes.csv"), preview.text
        await emu.attendre(lambda: all(told(bot, user) for user in internes))
        await asyncio.sleep(1.5)
        assert all(told(bot, user) == [COMMENCE] for user in internes)
        assert (await bot.dire(internes[0], "/rang")).text == f"Refusé : {PAS_ENCORE_CLASSE}"
