"""The change of semester attacked through the real bot on the emulator: what the closing
semester left waiting on the gestionnaire's phone does not follow into the new one."""

import asyncio
import sqlite3
import threading

from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.conftest import csv_bytes, interne
from tests.telegram.test_bot_semestre import CONFIG, build, winter

PHONE = "0612345678"


async def test_a_file_left_waiting_is_cancelled_and_its_phones_gone_with_the_old_semester(
    tmp_path,
):
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        before = len(emu.recus(g.id))
        rows = [interne(str(n), telephone=PHONE if n == 1 else "") for n in range(1, 5)]
        await emu.envoyer_document(g, "internes.csv", csv_bytes(rows))
        waiting = await emu.reponse(g.id, before)
        assert [text for text, _ in waiting.boutons][:1] == ["Appliquer"], waiting.text
        preview = await bot.dire(g, "/semestre")
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        done = await press(bot, g, asked, "Confirmer")
        assert done.text.startswith("✔ Semestre d'été 2027 construit"), done.text

        data = next(d for text, d in waiting.boutons if text == "Appliquer")
        query = await emu.appuyer(g, waiting, data)  # winter's file, pressed in summer
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        said = emu.callbacks[query].get("text") or ""
        assert "annulé : rien n'est changé" in said, said
    with sqlite3.connect(path) as base:
        assert base.execute("SELECT telephone FROM interne WHERE id = '1'").fetchone() == (None,)
        kept = base.execute("SELECT etat, donnees FROM import_attente").fetchall()
    assert kept == [("annule", None)]  # the file, with its phones, not kept in summer's base


async def test_a_confirmer_naming_another_semester_builds_nothing(tmp_path):
    """A press re-checked against the base: « Confirmer » whose data names 2027-11 (forged, or
    a screen of another base) while this base would build 2027-05."""
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    before = db_setup.dump(path)
    async with bot_running(CONFIG, path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        preview = await bot.dire(g, "/semestre")
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        data = next(d for text, d in asked.boutons if text == "Confirmer")
        prefix, vers, jeton, op = data.split(":")
        assert vers == "202705"
        query = await bot.emulateur.appuyer(g, asked, f"{prefix}:202711:{jeton}:{op}")
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[query]["answered"])
        assert asked.text.startswith("⚠ "), asked.text
        assert "pas le 2027-11" in asked.text and "construit depuis" in asked.text
        assert [text for text, _ in asked.boutons] == ["Construire le semestre d'été 2027…"]
    assert db_setup.dump(path) == before
    assert not (tmp_path / "amphi-2026-11.sqlite3").exists()


async def test_confirmer_pressed_while_the_laptop_builds_is_told_already_built(tmp_path):
    """Phone and laptop at once: the press reads winter while the laptop's build is about to
    commit, then finds summer built. Told « déjà construit », not that summer has no choice."""
    path = tmp_path / "amphi.sqlite3"
    await winter(path)
    async with bot_running(CONFIG, path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        preview = await bot.dire(g, "/semestre")
        asked = await press(bot, g, preview, "Construire le semestre d'été 2027…")
        data = next(d for text, d in asked.boutons if text == "Confirmer")

        laptop = await Database.open(path)
        at_commit, go_on = threading.Event(), threading.Event()

        def hold_the_commit(statement: str) -> None:  # in the laptop's SQLite thread
            if statement == "COMMIT" and not go_on.is_set():
                at_commit.set()
                go_on.wait(10)

        await laptop._connection.set_trace_callback(hold_the_commit)
        building = asyncio.create_task(build(Contexte(laptop, CONFIG, "cli:marie")))
        try:
            while not at_commit.is_set():  # the laptop holds the write lock, summer not yet
                await asyncio.sleep(0.01)
            query = await emu.appuyer(g, asked, data)
            await asyncio.sleep(0.5)  # the press reads winter, then waits for the lock
            go_on.set()
            await building
        finally:
            go_on.set()
            await laptop.close()
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        said = emu.callbacks[query].get("text") or ""
        assert said == "Le semestre d'été 2027 est déjà construit", (
            said,
            [m.text for m in emu.recus(g.id)[-2:]],
        )
        assert "Refusé" not in asked.text, asked.text
    assert (tmp_path / "amphi-2026-11.sqlite3").is_file()
