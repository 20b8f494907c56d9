"""A subdivision of Île-de-France's size on choice day: 5,500 internes bound to the bot, three
lists in three amphis called side by side, each chosen from Telegram (remote choice), each
followed by two gestionnaires' call screens. In every round the three called internes press
« Confirmer » at once; measured from each press until the next interne of that list has his
turn's alert and both screens of that list show the call moved. Through the emulator served on
127.0.0.1 with Telegram's limits. At the end every alert planned was received exactly once."""

import asyncio
import statistics
import time
from pathlib import Path

from bench.bot_bench import _rss_mib, subdivision
from bench.storage_bench import _final, fresh
from bench.timing import verdict
from bot.emulateur import Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations import alertes, appel
from bot.operations.base import Contexte
from bot.operations.config import TelegramConfig
from bot.telegram.application import construire
from ranking.config import parse_config
from ranking.horloge import now, timestamp
from ranking.postes import parse_postes
from storage import appel as appel_storage
from storage import classement, imports, listes
from storage.database import Database

CONFIG = """
[semestre]
code = "2026-11"
circonscription = "Île-de-France"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
amphi = "MG"
ordre = 1

[[listes]]
nom = "Psychiatrie"
formation = "medecine"
discipline = "Psychiatrie"
amphi = "Psychiatrie"
ordre = 2

[[listes]]
nom = "Pharmacie"
formation = "pharmacie"
ordre = 3

[appel]
delai_secondes = 3600
a_distance = ["MG", "Psychiatrie", "Pharmacie"]
"""
LISTES = ("MG", "Psychiatrie", "Pharmacie")
BOUND = 5_500
ROUNDS = 15
ESPACEMENT = 1.2
"""Seconds between rounds: a gestionnaire's chat takes an edit a second (Telegram's pace)."""


async def _prepare(config) -> tuple[Path, dict[str, int]]:
    """The three lists ranked and open, their postes, the morning's alerts already sent;
    BOUND internes bound (Telegram id by interne)."""
    path = fresh("subdivision.sqlite3")
    database = await subdivision(path, config)
    postes = "id,terrain,liste,capacite\n" + "".join(
        f"{nom[:3]}-{n},CHU — service {n},{nom},4\n" for nom in LISTES for n in range(1, 301)
    )
    records = parse_postes(postes.encode(), "postes.csv", list(LISTES))
    async with database.write() as tx:
        changes = await imports.postes_changes(tx, records)
        await imports.apply_postes(tx, changes, "postes.csv", postes.encode(), "bench")
    heads: list[list[str]] = []
    for nom in LISTES:
        await _final(database, config, nom)
        async with database.read() as tx:
            keys = (await classement.load(tx, await listes.get(tx, nom))).keys
        heads.append(list(dict.fromkeys(key[0] for key in keys)))
    # every list's first internes bound (those the rounds call), then the rest up to BOUND
    ids = list(dict.fromkeys([*(i for head in heads for i in head[:200]),
                              *(i for head in heads for i in head)]))[:BOUND]  # fmt: skip
    async with database.write() as tx:
        await tx.executemany(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
            "VALUES (?, 'interne', ?, NULL, ?)",
            [(10_000 + n, interne, timestamp(now())) for n, interne in enumerate(ids)],
        )
    ctx = Contexte(database, config, "bench")
    for nom in LISTES:
        await appel.ouvrir(ctx, nom)
    await alertes.planifier(ctx)
    async with database.write() as tx:
        await tx.execute(  # the called internes still get their turn's « Choisir mon poste »
            "UPDATE notification SET envoyee_at = prevue_at WHERE cle NOT LIKE 'tour:%'"
        )
    await database.close()
    return path, {interne: 10_000 + n for n, interne in enumerate(ids)}


async def _called(path) -> dict[str, str]:
    """Who is called now in each list."""
    database = await Database.open(path)
    found = {}
    async with database.read() as tx:
        for nom in LISTES:
            current = await appel_storage.charger(tx, await listes.get(tx, nom))
            found[nom] = current.appele()[0]
    await database.close()
    return found


def _turn(emulateur: Emulateur, chat: int):
    """His last turn's alert carrying « Choisir mon poste »."""
    return next(
        (m for m in reversed(emulateur.recus(chat))
         if any(label == "Choisir mon poste" for label, _ in m.boutons)),
        None,
    )  # fmt: skip


async def _press(emulateur: Emulateur, user, message, label: str):
    data = next(d for text, d in message.boutons if text.startswith(label))
    edits = message.modifications
    await emulateur.appuyer(user, message, data)
    await emulateur.attendre(lambda: message.modifications > edits, timeout=30)
    return message


async def _run() -> tuple[list[float], int, int, int, float]:
    config = parse_config(CONFIG, "config.toml")
    path, telegram_of = await _prepare(config)
    emulateur = Emulateur()
    for telegram_id in telegram_of.values():
        emulateur.utilisateur(telegram_id, "Interne")
    gestionnaires = {nom: [emulateur.utilisateur(900 + 10 * n + k, "Gestionnaire") for k in (0, 1)]
                     for n, nom in enumerate(LISTES)}  # fmt: skip
    runner = await servir(emulateur, 0)
    base = f"http://127.0.0.1:{port_of(runner)}"
    ids = frozenset(g.id for pair in gestionnaires.values() for g in pair)
    telegram = TelegramConfig(emulateur.token, f"{base}/bot", gestionnaires=ids)
    application = construire(config, telegram, path)
    latencies: list[float] = []
    try:
        async with application:
            await application.post_init(application)
            await application.start()
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            screens = {nom: [await _screen(emulateur, g, nom) for g in pair]
                       for nom, pair in gestionnaires.items()}  # fmt: skip
            for _ in range(ROUNDS):
                await asyncio.sleep(ESPACEMENT)
                latencies += await _round(emulateur, path, telegram_of, screens)
            await asyncio.sleep(2)  # the last alerts sent and marked
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)
    finally:
        await runner.cleanup()
    received = sum(len(emulateur.recus(chat)) for chat in telegram_of.values())
    database = await Database.open(path)
    async with database.read() as tx:
        sent = await tx.value(
            "SELECT count(*) FROM notification WHERE envoyee_at > prevue_at AND echec IS NULL"
        )
        unsent = await tx.value("SELECT count(*) FROM notification WHERE envoyee_at IS NULL")
    await database.close()
    return latencies, received, sent, unsent, emulateur.trop_vite


async def _screen(emulateur: Emulateur, g, nom: str):
    count = len(emulateur.recus(g.id))
    await emulateur.ecrire(g, "/appel")
    await emulateur.attendre(lambda: len(emulateur.recus(g.id)) > count, timeout=30)
    return await _press(emulateur, g, emulateur.recus(g.id)[-1], nom)


async def _round(emulateur, path, telegram_of, screens) -> list[float]:
    """The three called internes choose at once; each list's seconds until its next interne
    is told and both its screens are edited."""
    called = await _called(path)
    pickers = {}
    for nom, interne in called.items():
        chat = telegram_of[interne]
        await emulateur.attendre(lambda c=chat: _turn(emulateur, c) is not None, timeout=30)
        user = emulateur.users[chat]
        postes = await _press(emulateur, user, _turn(emulateur, chat), "Choisir mon poste")
        pickers[nom] = (user, await _press(emulateur, user, postes, postes.boutons[0][0]))
    before = {nom: [s.modifications for s in screens[nom]] for nom in LISTES}
    chats = emulateur.chats
    told = {chat: len(chats.get(chat, ())) for chat in telegram_of.values()}
    done: dict[str, float] = {}
    start = time.perf_counter()

    def alerted() -> bool:
        """A followed interne has a new message from the bot. Asked after each call the bot
        makes, in the bot's own event loop: the 5,500 chats' lengths are compared, not copied
        (copying them took the bot's time and was counted in its latency)."""
        return any(
            any(m.du_bot for m in chats[c][n:])
            for c, n in told.items() if len(chats.get(c, ())) > n
        )  # fmt: skip

    def seen() -> bool:
        for nom in LISTES:
            if nom in done:
                continue
            moved = all(s.modifications > b for s, b in zip(screens[nom], before[nom], strict=True))
            if moved and alerted():
                done[nom] = time.perf_counter() - start
        return len(done) == len(LISTES)

    await asyncio.gather(*(
        emulateur.appuyer(user, confirm, next(d for t, d in confirm.boutons if t.startswith("Confirmer")))
        for user, confirm in pickers.values()
    ))  # fmt: skip
    await emulateur.attendre(seen, timeout=30)
    return list(done.values())


def run() -> None:
    before = _rss_mib()
    latencies, received, sent, unsent, floods = asyncio.run(_run())
    memory = _rss_mib() - before
    tail = statistics.quantiles(latencies, n=100)[98]
    print(f"Subdivision de la taille de l'Île-de-France — {BOUND} internes liés, 3 amphis appelés "
          f"en même temps, choix à distance, 2 écrans d'appel suivis par liste")  # fmt: skip
    print(f"  choix → interne suivant prévenu et écrans modifiés : médiane "
          f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
          f"({len(latencies)} choix)")  # fmt: skip
    ok = verdict(tail <= 0.15, "subdivision IdF : choix → alertes et écrans", f"p99 {tail * 1000:.0f} ms",
                 "≤ 150 ms")  # fmt: skip
    print(f"  p99 {tail * 1000:.0f} ms (objectif ≤ 150 ms : {ok}) ; 429 reçus {floods}")
    whole = verdict(received == sent and unsent == 0, "subdivision IdF : alertes",
                    f"{received} reçues / {sent} envoyées, {unsent} en attente", "une fois chacune")  # fmt: skip
    print(f"  alertes reçues {received}, envoyées {sent}, en attente {unsent} "
          f"(chacune une fois : {whole})")  # fmt: skip
    print(f"  mémoire du bot et de l'émulateur pour {BOUND} internes liés : +{memory:.0f} Mio")
    print()


if __name__ == "__main__":
    run()
