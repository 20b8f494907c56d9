"""The real `amphi bot` at the worst instants, against a Bot API that records what reached it:
killed inside a wave of alerts (some acknowledged, others on their way) and between a remote
choice's commit and its answer, or cut from Telegram in the middle of the call. A kill resends
at most the three messages in flight; a press retried after the restart is told what was
recorded, never « rien n'est enregistré »; while Telegram is out of reach the call goes on from
the laptop, the log says it once, and what is owed leaves when Telegram is back."""

import asyncio
import sqlite3

from bot.emulateur import Emulateur
from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from ranking.classement import Statut
from storage.database import Database
from tests import db_setup
from tests.bot_harness import is_alert
from tests.bot_process import served_bot, tap
from tests.cli_harness import portable
from tests.conftest import liste_simple

CROWD = 25
FENETRE = 3
"""Messages a kill may send twice: those in flight (the README's one sentence)."""
STANDARD = Statut.STANDARD
REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'


def _received(emu: Emulateur, user, start: str) -> int:
    return sum(is_alert(m) and m.text.startswith(start) for m in emu.recus(user.id))


async def test_a_kill_inside_the_closing_wave_resends_at_most_the_three_in_flight(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config()
    await liste_simple(path, config, CROWD, 2 * CROWD)
    await db_setup.lier_premiers(path, CROWD)
    database = await Database.open(path)
    ctx = Contexte(database, config, "Mme Durand")
    await appel_operations.ouvrir(ctx, "MG")
    for rang in range(1, CROWD + 1):
        await appel_operations.agir(ctx, "MG", "choisir", (str(rang), STANDARD), f"MG-{rang}")
    emu = Emulateur(latence=0.1)
    users = [emu.utilisateur(10_000 + n, f"Interne {n + 1}") for n in range(CROWD)]
    try:
        async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
            await emu.attendre(lambda: all(_received(emu, u, "✅") for u in users), timeout=30)
            await asyncio.sleep(1.5)  # each chat free again (one message a second)
            await appel_operations.agir(ctx, "MG", "clore")
            await emu.attendre(lambda: any(_received(emu, u, "🏁") for u in users), timeout=30)
            await asyncio.sleep(emu.latence / 2 + 0.01)  # its acknowledgement back at the bot
            await bot.kill()  # others on their way
            left = sum(not _received(emu, u, "🏁") for u in users)
            await bot.start()
            await emu.attendre(lambda: all(_received(emu, u, "🏁") for u in users), timeout=30)
            await asyncio.sleep(2.5)  # rounds more: nothing comes again
            await bot.stop()
    finally:
        await database.close()
    twice = sum(_received(emu, u, "🏁") - 1 for u in users)
    assert twice <= FENETRE, twice
    assert left >= CROWD - 2 * FENETRE  # the kill fell inside the wave
    assert emu.en_vol_max <= FENETRE
    assert all(_received(emu, u, "📣") == 1 and _received(emu, u, "✅") == 1 for u in users)
    assert emu.violations == []


async def test_a_confirm_retried_after_a_kill_between_commit_and_answer_names_the_place(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config(REMOTE)
    await liste_simple(path, config, 3, 6)
    await db_setup.lier_premiers(path, 3)
    emu = Emulateur(latence=0.1)
    first = emu.utilisateur(10_000, "Interne 1")
    async with served_bot(tmp_path, emu, REMOTE) as bot:
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, config, "Mme Durand"), "MG")
        await database.close()
        await emu.attendre(lambda: _received(emu, first, "🔔"), timeout=30)
        turn = next(m for m in emu.recus(first.id) if m.text == "🔔 MG : c'est votre tour !")
        picker = await tap(emu, first, turn, "Choisir mon poste")
        confirm = await tap(emu, first, picker, "CHU Amiens — service 2")
        assert confirm.text == "Vous choisissez CHU Amiens — service 2 (MG-2) ?"
        emu.retenir(lambda method, params: method == "editMessageText")
        data = next(d for text, d in confirm.boutons if text == "Confirmer MG-2")
        await emu.appuyer(first, confirm, data)
        await emu.attendre(lambda: bool(emu.retenus), timeout=15)  # committed, being answered
        await bot.kill()
        emu.relacher()
        await bot.start()
        again = await tap(emu, first, confirm, "Confirmer MG-2")
        await bot.stop()
    assert again.text == "✔ Votre choix est enregistré : MG-2 — CHU Amiens — service 2"
    connection = sqlite3.connect(path)
    try:
        choices = connection.execute(
            "SELECT count(*) FROM journal WHERE action = 'appel.choisir'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert choices == 1
    assert emu.violations == []


async def test_telegram_out_of_reach_the_call_goes_on_and_nothing_owed_is_lost(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await liste_simple(path, db_setup.config(), 6, 12)
    await db_setup.lier_premiers(path, 6)
    emu = Emulateur()
    users = [emu.utilisateur(10_000 + n, f"Interne {n + 1}") for n in range(6)]
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        await portable(path, "ouvrir")
        await emu.attendre(lambda: all(_received(emu, u, "📣") for u in users), timeout=30)
        await bot.telegram.couper()
        for rang in (1, 2, 3):  # the room goes on, the bot meeting a refused connection
            await portable(path, "choisir", str(rang), f"MG-{rang}")
        await asyncio.sleep(3)
        await bot.telegram.retablir()
        await emu.attendre(lambda: all(_received(emu, u, "✅") for u in users[:3]), timeout=30)
        await emu.attendre(lambda: _received(emu, users[3], "🔔"), timeout=30)
        await asyncio.sleep(2.5)  # rounds more: nothing comes twice
        await bot.stop()
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert logged.count("Telegram injoignable") == 1, logged
    assert logged.count("Telegram de nouveau joignable") == 1, logged
    assert "alerte " not in logged, logged  # not a line per alert
    for rang, user in enumerate(users[:3], start=1):
        assert [t for t in _texts(emu, user) if t.startswith("✅")] == [
            f"✅ MG : le poste MG-{rang} est enregistré pour vous."
        ]
    assert _received(emu, users[3], "🔔") == 1
    assert emu.violations == []


def _texts(emu: Emulateur, user) -> list[str]:
    return [m.text for m in emu.recus(user.id) if is_alert(m)]
