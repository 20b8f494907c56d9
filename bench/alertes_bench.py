"""Alerts at scale: 1,000 bound internes told at once that the call opens, through the emulator
served on 127.0.0.1 with Telegram's limits (30 messages a second), against the floor 1,000 / 30 s;
none may be lost or sent twice. Run again with the Bot API answering each request after 50 ms
and after 100 ms: amphi keeps only three messages in flight (what a kill may send twice), which
must not slow the crowd."""

import asyncio
import time

from bench.bot_bench import BOUND, _database
from bench.storage_bench import CONFIG
from bench.timing import verdict
from bot.emulateur import GLOBAL_RATE, Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations import appel
from bot.operations.base import Contexte
from bot.operations.config import TelegramConfig
from bot.telegram.alertes import ENVOIS_SIMULTANES
from bot.telegram.application import construire
from ranking.config import parse_config
from storage.database import Database

CROWD = 1_000


LATENCES = (0.0, 0.05, 0.1)


async def _fan_out(latence: float) -> tuple[float, int, int, int, int]:
    path, _ = await _database()
    config = parse_config(CONFIG, "config.toml")
    emulateur = Emulateur(latence=latence)
    for n in range(BOUND):
        emulateur.utilisateur(10_000 + n, f"Interne {n}")
    runner = await servir(emulateur, 0)
    base = f"http://127.0.0.1:{port_of(runner)}"
    application = construire(config, TelegramConfig(emulateur.token, f"{base}/bot"), path)
    database = await Database.open(path)
    async with database.write() as tx:  # CROWD internes called in MG stay bound
        called = await tx.all(
            "SELECT c.telegram_id FROM compte_telegram c JOIN rang r ON r.interne_id = c.interne_id "
            "JOIN liste l ON l.id = r.liste_id WHERE l.nom = 'MG' AND NOT r.sortant "
            "ORDER BY c.telegram_id LIMIT ?",
            (CROWD,),
        )
        kept = [row[0] for row in called]
        await tx.execute(
            f"DELETE FROM compte_telegram WHERE telegram_id NOT IN ({', '.join('?' * len(kept))})",
            kept,
        )
    await database.close()
    crowd = [emulateur.users[telegram_id] for telegram_id in kept]
    try:
        async with application:
            await application.post_init(application)
            await application.start()
            database = await Database.open(path)
            start = time.perf_counter()
            await appel.ouvrir(Contexte(database, config, "bench"), "MG")
            await database.close()

            def told() -> int:
                return sum(any((m.text or "").startswith("📣") for m in emulateur.recus(u.id))
                           for u in crowd)  # fmt: skip

            await emulateur.attendre(lambda: told() == len(crowd), timeout=300)
            elapsed = time.perf_counter() - start
            await asyncio.sleep(2)  # a round more: nothing sent twice
            twice = sum(
                sum((m.text or "").startswith("📣") for m in emulateur.recus(u.id)) > 1
                for u in crowd
            )
            bare = await _bare(application.bot, crowd) if latence else None
            await application.stop()
            await application.post_shutdown(application)
    finally:
        await runner.cleanup()
    return elapsed, bare, len(crowd) - told(), twice, emulateur.trop_vite, emulateur.en_vol_max


async def _bare(bot, crowd) -> float:
    """The floor of three in flight at this round trip, on this machine: the same bot sends
    the crowd a message each, three at a time, and nothing else (no base, no plan, no mark)."""
    gate = asyncio.Semaphore(ENVOIS_SIMULTANES)

    async def one(user) -> None:
        async with gate:
            await bot.send_message(user.id, "plancher")

    start = time.perf_counter()
    await asyncio.gather(*(one(user) for user in crowd))
    return time.perf_counter() - start


def run() -> None:
    floor = CROWD / GLOBAL_RATE
    print(f"Alertes — {CROWD} internes prévenus en même temps (émulateur, 30 messages/s)")
    print(f"  plancher {CROWD} / {GLOBAL_RATE} s                 {floor:7.1f} s")
    for latence in LATENCES:
        elapsed, bare, lost, twice, floods, in_flight = asyncio.run(_fan_out(latence))
        ratio = elapsed / floor
        ok = ratio <= 1.05 and lost == 0 and twice == 0
        said = f"aller-retour {latence * 1000:3.0f} ms"
        print(f"  {said} : toutes reçues en     {elapsed:7.1f} s  ({ratio:.2f} × le plancher)")
        fan_out = verdict(
            ok,
            f"alertes : 1 000 prévenus à la fois, {said}",
            f"{ratio:.2f} × le plancher, {lost} perdue(s), {twice} en double, "
            f"{in_flight} en route au plus",
            "≤ 1,05 ×, aucune perdue ni en double",
        )
        print(
            f"    perdues {lost}, en double {twice}, 429 obéis {floods}, en route à la fois au "
            f"plus {in_flight}  (objectif ≤ 1,05 × sans perte ni doublon : {fan_out})"
        )
        if bare is not None:
            print(
                f"    plancher de trois envois à la fois, rien d'autre fait : {bare:5.1f} s  "
                f"({bare / floor:.2f} × le plancher de Telegram ; amphi {elapsed / bare:.2f} × lui)"
            )
    print()
