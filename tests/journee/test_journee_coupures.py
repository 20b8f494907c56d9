"""A day of remote choices, procurations and laptop acts while the real `amphi bot` is killed
(SIGKILL) at random moments and restarted at once, against a Bot API that records what reached
it and when. Every place is the one an uninterrupted day gives; every alert owed arrives; one
arrives twice only when the kill fell while it was in flight (the window the README states); a
press retried after a kill is answered with what is true."""

import asyncio
import random
import time
from collections import Counter

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.operations import appel as appel_operations
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import is_alert, names
from tests.bot_process import BotProcess, served_bot
from tests.cli_harness import portable
from tests.conftest import liste_simple

INTERNES, POSTES, KILLS, SEED = 50, 30, 20, 21
CONFIG = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 900\na_distance = ["MG"]\n'
FENETRE = 3
"""Messages a kill may send twice: those in flight (the README's one sentence)."""
PATIENCE = 3.0
"""Seconds an interne waits for an answer before pressing again, as anyone would."""
DANS_LE_VOL = 1.0
"""A message sent twice was first acknowledged at most this long before a kill (or while the
process died: a request already written may reach the Bot API a moment after)."""


def plan(seed: int) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Per rang: his wishes (eight wanted postes in his order, then the others), and how he
    chooses: from his phone, by procuration, or in the room (the laptop types it)."""
    draw = random.Random(seed)
    wishes, roles = {}, {}
    for rang in range(1, INTERNES + 1):
        wanted = [f"MG-{n}" for n in range(1, 9)]
        others = [f"MG-{n}" for n in range(9, POSTES + 1)]
        draw.shuffle(wanted)
        draw.shuffle(others)
        wishes[rang] = wanted + others
        roles[rang] = draw.choice(("telephone", "telephone", "procuration", "salle"))
    return wishes, roles


def uninterrupted(wishes: dict[int, list[str]]) -> dict[int, str]:
    """The places of the day nobody interrupts: in rang order, each his first wish still open."""
    taken, places = Counter(), {}
    for rang in sorted(wishes):
        places[rang] = next(p for p in wishes[rang] if taken[p] < 2)
        taken[places[rang]] += 1
    return places


async def _kill_now_and_then(bot: BotProcess, draw: random.Random) -> None:
    """KILLS kills, each a random while after the previous start, the bot started at once."""
    for _ in range(KILLS):
        await asyncio.sleep(draw.uniform(0.5, 2.5))
        await bot.restart()


async def _prepare(path, wishes, roles) -> None:
    """MG ranked by id, its postes, the procurations and pré-choix; everyone's Telegram bound
    (rang r as Telegram user 9 999 + r)."""
    config = db_setup.config(CONFIG)
    await liste_simple(path, config, INTERNES, 2 * POSTES)
    database = await Database.open(path)
    ctx = Contexte(database, config, "test")
    for rang, role in roles.items():
        if role == "procuration":
            await voeux_operations.deposer_procuration(
                ctx, str(rang), "06 12 34 56 78", wishes[rang], None
            )
        elif role == "telephone":
            await voeux_operations.enregistrer_prechoix(ctx, str(rang), wishes[rang])
    await database.close()
    await db_setup.lier_premiers(path, INTERNES)


def _answers(emu: Emulateur, user: Utilisateur) -> list[Message]:
    return [m for m in emu.recus(user.id) if not is_alert(m)]


async def _tap(emu: Emulateur, user: Utilisateur, message: Message, label: str) -> Message:
    """Press the button; pressed again when nothing comes within PATIENCE (the bot was killed
    before it answered). The message edited, or the bot's new answer."""
    data = next(d for text, d in message.boutons if names(text, label))
    for _ in range(20):
        edits, count = message.modifications, len(_answers(emu, user))

        def answered(edits=edits, count=count) -> bool:
            return message.modifications > edits or len(_answers(emu, user)) > count

        await emu.appuyer(user, message, data)
        try:
            await emu.attendre(answered, timeout=PATIENCE)
        except TimeoutError:
            continue
        news = _answers(emu, user)[count:]
        return news[-1] if news else message
    raise AssertionError(f"{user.first_name} : aucune réponse à « {label} » en 20 appuis")


async def _choose_from_phone(emu: Emulateur, user: Utilisateur) -> str:
    """His turn's alert, « Choisir mon poste », his first wish still open (the picker shows
    his wishes first), « Confirmer »: what the bot finally says."""

    def turn() -> Message | None:
        found = [m for m in emu.recus(user.id) if m.text == "🔔 MG : c'est votre tour !"]
        return found[-1] if found else None

    await emu.attendre(lambda: turn() is not None, timeout=60)
    picker = await _tap(emu, user, turn(), "Choisir mon poste")
    assert "les postes libres — " in (picker.text or ""), picker.text
    first = picker.boutons[0][0]
    confirm = await _tap(emu, user, picker, first)
    assert (confirm.text or "").startswith("Vous choisissez"), confirm.text
    done = await _tap(emu, user, confirm, "Confirmer")
    return done.text or ""


async def _day(path, emu, users, wishes, roles) -> dict[int, str]:
    """The call, as the room runs it; what each remote chooser was finally told."""
    config = db_setup.config(CONFIG)
    told = {}
    await portable(path, "ouvrir")
    database = await Database.open(path)
    try:
        ctx = Contexte(database, config, "test")
        while (state := await appel_operations.etat(ctx, "MG")).appele is not None:
            rang = int(state.appele.key[0])
            if roles[rang] == "telephone":
                told[rang] = await _choose_from_phone(emu, users[rang])
                await emu.attendre(lambda: True)  # the choice is in the base before it is told
            elif roles[rang] == "procuration":
                await portable(path, "procuration", str(rang))
            else:
                poste = next(p for p in wishes[rang] if state.ouverts.get(p, 0) > 0)
                await portable(path, "choisir", str(rang), poste)
    finally:
        await database.close()
    await portable(path, "clore")
    return told


async def test_a_day_killed_twenty_times_ends_as_an_uninterrupted_day(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    wishes, roles = plan(SEED)
    expected = uninterrupted(wishes)
    await _prepare(path, wishes, roles)
    emu = Emulateur(rythme_par_chat=20)  # a day played faster than people play it
    users = {r: emu.utilisateur(9_999 + r, f"Interne {r}") for r in roles}
    async with served_bot(tmp_path, emu, CONFIG) as bot:
        killing = asyncio.create_task(_kill_now_and_then(bot, random.Random(SEED)))
        try:
            told = await _day(path, emu, users, wishes, roles)
            called_until = time.monotonic()
            await killing
            await emu.attendre(lambda: all(_closed(emu, u) for u in users.values()), timeout=60)
            await asyncio.sleep(2.5)  # rounds more: nothing comes again
            await bot.stop()
        finally:
            killing.cancel()

    database = await Database.open(path)
    try:
        _, found, _ = await appel_operations.resultats(
            Contexte(database, db_setup.config(CONFIG), "t"), "MG"
        )
    finally:
        await database.close()
    assert {int(r.key[0]): r.poste for r in found.lignes} == expected
    for rang, text in told.items():
        assert expected[rang] in text, (rang, text)
        assert "rien n'est enregistré" not in text

    for rang, user in users.items():
        texts = _alerts(emu, user)
        owed = ["📣 L'appel de la liste MG est ouvert.", f"le poste {expected[rang]} est enreg"]
        for phrase in owed:
            assert any(phrase in t for t in texts), (rang, phrase, texts)
    _twice_only_in_flight(emu, users.values(), bot.kills)
    assert len(bot.kills) == KILLS
    assert sum(k[0] < called_until for k in bot.kills) >= KILLS // 2, "tués après l'appel"
    assert emu.violations == []


def _alerts(emu: Emulateur, user: Utilisateur) -> list[str]:
    return [m.text for m in emu.recus(user.id) if is_alert(m)]


def _closed(emu: Emulateur, user: Utilisateur) -> bool:
    return any(text.startswith("🏁") for text in _alerts(emu, user))


def _twice_only_in_flight(emu: Emulateur, users, kills: list[tuple[float, float]]) -> None:
    """Each alert received twice was first acknowledged in the instant before a kill, and no
    kill made more of them than amphi keeps in flight."""
    per_kill = Counter()
    for user in users:
        firsts: dict[str, float] = {}
        for message in emu.recus(user.id):
            if not is_alert(message):
                continue
            if message.text not in firsts:
                firsts[message.text] = message.recu_a
                continue
            first = firsts[message.text]
            kill = next((k for k in kills if k[0] - DANS_LE_VOL <= first <= k[1] + 0.2), None)
            assert kill is not None, (
                f"{user.first_name} : « {message.text} » reçu à {first} et {message.recu_a}",
                [k for k in kills if first - 5 < k[0] < message.recu_a + 5],
            )
            per_kill[kill] += 1
    assert all(n <= FENETRE for n in per_kill.values()), per_kill
