"""A Telegram 400 or 403 concerns one message, not the network: the real `amphi bot` answers
the press that met it in French, says it once in its log with Telegram's reason, and the
round's other alerts leave as if nothing happened. The bot never asks Telegram for an edit that
would leave a message as it is, not even the first redraw after a kill -9."""

import asyncio
import re
import time

from bot.emulateur import ApiError, Emulateur
from bot.operations import comptes
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, is_alert, press
from tests.bot_process import served_bot, tap
from tests.cli_harness import portable
from tests.conftest import liste_simple

REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
TOUR = "🔔 MG : c'est votre tour !"


def _received(emu: Emulateur, user, start: str) -> int:
    return sum(is_alert(m) and m.text.startswith(start) for m in emu.recus(user.id))


async def _day(tmp_path, config: str, count: int) -> tuple[Emulateur, list]:
    """MG of `count` internes, the first `count` bound to Telegram ids 10 000…"""
    path = tmp_path / "amphi.sqlite3"
    await liste_simple(path, db_setup.config(config), count, 2 * count)
    await db_setup.lier_premiers(path, count)
    emu = Emulateur()
    return emu, [emu.utilisateur(10_000 + n, f"Interne {n + 1}") for n in range(count)]


async def _answered(emu: Emulateur, user, message, data: str) -> dict:
    query = await emu.appuyer(user, message, data)
    await emu.attendre(lambda: emu.callbacks[query]["answered"], timeout=15)
    return emu.callbacks[query]


def _replies(emu: Emulateur, user) -> list[str]:
    return [m.text for m in emu.recus(user.id) if not is_alert(m)]


def _log(tmp_path) -> str:
    return (tmp_path / "bot.log").read_text(encoding="utf-8")


async def test_a_forged_then_replayed_remote_choice_press_is_answered_and_holds_nothing(tmp_path):
    """The second interne presses the first one's « Choisir mon poste » (copied onto his own
    opening alert, which has no keyboard), then presses it again."""
    emu, users = await _day(tmp_path, REMOTE, 3)
    first, second = users[0], users[1]
    async with served_bot(tmp_path, emu, REMOTE) as bot:
        await portable(tmp_path / "amphi.sqlite3", "ouvrir")
        await emu.attendre(lambda: _received(emu, first, TOUR) and _received(emu, second, "📣"))
        turn = next(m for m in emu.recus(first.id) if m.text == TOUR)
        opening = next(m for m in emu.recus(second.id) if m.text.startswith("📣"))
        (data,) = (d for _, d in turn.boutons)
        for attempt in (1, 2):  # forged, then replayed
            await _answered(emu, second, opening, data)
            await emu.attendre(lambda n=attempt: len(_replies(emu, second)) == n, timeout=15)
        assert (
            _replies(emu, second) == ["Ce n'est pas encore votre tour : rien n'est enregistré."] * 2
        )
        assert opening.text.startswith("📣") and not opening.boutons and not opening.modifications
        picker = await tap(emu, first, turn, "Choisir mon poste")  # the call goes on
        confirm = await tap(emu, first, picker, "CHU Amiens — service 1")
        await tap(emu, first, confirm, "Confirmer MG-1")
        await emu.attendre(lambda: _received(emu, second, TOUR), timeout=15)
        await bot.stop()
    assert "injoignable" not in _log(tmp_path), _log(tmp_path)
    assert emu.violations == []


async def test_telegram_refusing_one_chat_holds_none_of_the_others_and_is_said_once(tmp_path):
    """Telegram answers 400 for the first interne's chat (it no longer knows it): his alerts
    are given up, each said once with Telegram's reason; the 29 others are told at once."""
    emu, users = await _day(tmp_path, db_setup.CONFIG, 30)
    emu.refus[users[0].id] = ApiError(400, "Bad Request: chat not found")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        await portable(tmp_path / "amphi.sqlite3", "ouvrir")
        opened = time.monotonic()
        await emu.attendre(lambda: all(_received(emu, u, "📣") for u in users[1:]), timeout=30)
        took = time.monotonic() - opened
        await asyncio.sleep(3)  # rounds more: nothing said again
        await bot.stop()
    logged = _log(tmp_path)
    refused = re.findall(r"alerte (\S+) refusée par Telegram \(Chat not found\)", logged)
    assert refused and len(refused) == len(set(refused)), logged  # each once
    assert "injoignable" not in logged, logged
    assert took < 8, took  # one wave at Telegram's pace (30 a second), not a stalled round
    assert all(_received(emu, u, "📣") == 1 for u in users[1:])
    assert emu.violations == []


async def test_a_400_answering_a_press_is_said_in_french_and_logged_once(tmp_path):
    """The called interne presses « Choisir mon poste » while Telegram refuses his chat: the
    press is answered in French, the log says why, once, and the call goes on."""
    emu, users = await _day(tmp_path, REMOTE, 3)
    first, second = users[0], users[1]
    async with served_bot(tmp_path, emu, REMOTE) as bot:
        path = tmp_path / "amphi.sqlite3"
        await portable(path, "ouvrir")
        await emu.attendre(lambda: _received(emu, first, TOUR) and _received(emu, second, "⏳"))
        turn = next(m for m in emu.recus(first.id) if m.text == TOUR)
        emu.refus[first.id] = ApiError(400, "Bad Request: message can't be edited")
        (data,) = (d for _, d in turn.boutons)
        answer = await _answered(emu, first, turn, data)
        assert answer["text"].startswith("Telegram a refusé d'afficher la réponse"), answer
        del emu.refus[first.id]  # his chat known again: the place taken for him is told
        await portable(path, "choisir", "1", "MG-1")  # the laptop takes it from there
        await emu.attendre(lambda: _received(emu, second, TOUR), timeout=15)
        await bot.stop()
    logged = _log(tmp_path)
    assert logged.count("Message can't be edited") == 1, logged
    assert _received(emu, first, "✅") == 1
    assert "injoignable" not in logged and "erreur interne" not in logged, logged
    assert emu.violations == []


async def test_a_user_who_blocked_the_bot_is_said_once_and_holds_nothing(tmp_path):
    """The third interne blocked the bot before the call; the second presses a button and
    blocks it before the answer. One line each in the log, no traceback, nobody waits."""
    emu, users = await _day(tmp_path, REMOTE, 6)
    first, second, third = users[0], users[1], users[2]
    emu.bloquer(third)
    async with served_bot(tmp_path, emu, REMOTE) as bot:
        await portable(tmp_path / "amphi.sqlite3", "ouvrir")
        others = [u for u in users if u is not third]
        await emu.attendre(lambda: all(_received(emu, u, "📣") for u in others), timeout=15)
        await emu.attendre(lambda: _received(emu, first, TOUR), timeout=15)
        turn = next(m for m in emu.recus(first.id) if m.text == TOUR)
        opening = next(m for m in emu.recus(second.id) if m.text.startswith("📣"))
        (data,) = (d for _, d in turn.boutons)
        query = await emu.appuyer(second, opening, data)
        emu.bloquer(second)  # before the bot answers him
        await emu.attendre(lambda: emu.callbacks[query]["answered"], timeout=15)
        await asyncio.sleep(2.5)  # rounds more: nothing said again
        await bot.stop()
    logged = _log(tmp_path)
    blocked = re.findall(r"alerte (\S+) non remise, .*blocked by the user", logged)
    assert blocked and len(blocked) == len(set(blocked)), logged  # said once each
    assert logged.count(f"Telegram refuse d'écrire à l'utilisateur {second.id}") == 1, logged
    assert "injoignable" not in logged and "erreur en traitant" not in logged, logged
    assert emu.violations == []


async def test_a_board_group_that_refuses_is_said_once_and_is_no_outage(tmp_path, caplog):
    """The board's group refuses the bot's messages (its rights taken away): said once, and the
    alerts of the internes leave as ever."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    await db_setup.lier_premiers(path, 5)
    emu = Emulateur()
    users = [emu.utilisateur(10_000 + n, f"Interne {n + 1}") for n in range(5)]
    emu.groupe(-100, "Appel en direct")
    emu.refus[-100] = ApiError(400, "Bad Request: not enough rights to send text messages")
    with caplog.at_level("INFO", logger="amphi.bot"):
        async with bot_running(db_setup.config(), path, tableau=-100, deja=emu):
            await emu.attendre(lambda: all(_received(emu, u, "📣") for u in users), timeout=10)
            await asyncio.sleep(4)  # the board tried again at its pace
    said = [r.getMessage() for r in caplog.records if r.name == "amphi.bot"]
    assert sum("Not enough rights" in line for line in said) == 1, said
    assert not any("injoignable" in line for line in said), said
    assert emu.recus(-100) == []


async def test_a_press_replayed_on_a_message_without_buttons_is_told_what_was_done(tmp_path):
    """« Appliquer » of an import pressed again once its buttons are gone (a replayed press):
    told it is applied, and nothing asked of Telegram that would leave the message as it is."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    async with bot_running(db_setup.config(), path) as bot:  # fails on any refused edit
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 401, "Psy": 10}))
        preview = await emu.reponse(g.id, 0)
        (data,) = (d for t, d in preview.boutons if t == "Appliquer")
        await press(bot, g, preview, "Appliquer", 1)
        assert not preview.boutons
        answer = await _answered(emu, g, preview, data)
        assert answer["text"] == "L'import de postes.csv est déjà appliqué"


async def _liste_et_code(tmp_path):
    """A list of 6 internes and 12 postes, and a gestionnaire's invitation code."""
    path = tmp_path / "amphi.sqlite3"
    await liste_simple(path, db_setup.config(), 6, 12)
    database = await Database.open(path)
    code = await comptes.inviter(Contexte(database, db_setup.config(), "test"), None)
    await database.close()
    return path, code


async def _ecran_suivi(emu, gestionnaire, code, path):
    """The gestionnaire bound, the call opened from the laptop, its screen open on his phone."""
    await emu.ecrire(gestionnaire, f"/start {code}")
    await emu.reponse(gestionnaire.id, 0, timeout=15)
    await portable(path, "ouvrir")
    await emu.ecrire(gestionnaire, "/appel")
    return await tap(emu, gestionnaire, await emu.reponse(gestionnaire.id, 1, 15), "MG")


async def test_a_kill_after_a_followed_screen_was_redrawn_asks_no_identical_edit(tmp_path):
    """A gestionnaire's call screen follows the laptop's acts; the bot is killed the instant
    Telegram applied the redraw, then started again: it does not redraw it to what it shows."""
    path, code = await _liste_et_code(tmp_path)
    emu = Emulateur()
    gestionnaire = emu.utilisateur(901, "M. Petit")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await _ecran_suivi(emu, gestionnaire, code, path)
        for rang in (1, 2):
            edits = screen.modifications
            await portable(path, "choisir", str(rang), f"MG-{rang}")
            await emu.attendre(lambda e=edits: screen.modifications > e, timeout=15)
            await bot.kill()  # its record of the redraw maybe not written yet
            await bot.start()
            await asyncio.sleep(3)  # the restarted bot's rounds
            assert f"Appelé : rang {rang + 1} " in screen.text
        edits = screen.modifications
        await portable(path, "choisir", "3", "MG-3")  # and it still follows the call
        await emu.attendre(lambda: screen.modifications > edits, timeout=15)
        await bot.stop()
    assert emu.violations == []


async def test_a_followed_screen_refused_by_telegram_still_follows_and_is_said_once(tmp_path):
    """Telegram refuses the gestionnaire's chat (400) during two laptop choices, then knows it
    again: his call screen still follows the call (the next choice redraws it, no
    « ↻ Rafraîchir » needed), and the refusal is said once in the log with Telegram's reason."""
    path, code = await _liste_et_code(tmp_path)
    emu = Emulateur()
    g = emu.utilisateur(901, "M. Petit")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await _ecran_suivi(emu, g, code, path)
        emu.refus[g.id] = ApiError(400, "Bad Request: chat not found")
        for rang in (1, 2):
            await portable(path, "choisir", str(rang), f"MG-{rang}")
            await asyncio.sleep(2.5)  # the rounds that try to redraw it, refused
        assert "Appelé : rang 1 " in screen.text
        del emu.refus[g.id]
        await portable(path, "choisir", "3", "MG-3")
        await emu.attendre(lambda: "Appelé : rang 4 " in screen.text, timeout=15)
        await bot.stop()
    logged = _log(tmp_path)
    assert logged.count("Telegram a refusé de redessiner l'écran d'appel suivi") == 1, logged
    assert "(Chat not found)" in logged and "erreur en traitant" not in logged, logged
    assert emu.violations == []


async def test_a_redraw_refused_just_before_a_kill_is_not_taken_for_shown(tmp_path):
    """The gestionnaire's chat refused (400) while a laptop choice moves his followed screen;
    the bot is killed -9 the instant the refusal is logged (before its chats' data are
    written again), then started with the chat known again: it redraws the screen, not taking
    the refused edit for shown."""
    path, code = await _liste_et_code(tmp_path)
    emu = Emulateur()
    g = emu.utilisateur(901, "M. Petit")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await _ecran_suivi(emu, g, code, path)
        emu.refus[g.id] = ApiError(400, "Bad Request: chat not found")
        await portable(path, "choisir", "1", "MG-1")
        async with asyncio.timeout(15):
            while "Telegram a refusé de redessiner" not in _log(tmp_path):
                await asyncio.sleep(0.01)
        await bot.kill()
        del emu.refus[g.id]
        await bot.start()
        await emu.attendre(lambda: "Appelé : rang 2 " in screen.text, timeout=15)
        await bot.stop()
    assert emu.violations == []
