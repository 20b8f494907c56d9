"""The Telegram bot: 500 bound internes send /rang at once through the emulator served on
127.0.0.1 (real HTTP, Telegram's rate limits lifted: this measures the bot's own work), against
a bare PTB echo bot in the same run; and the memory of the bot with 5,000 bound internes."""

import asyncio
import statistics
import time
from pathlib import Path

from telegram.ext import AIORateLimiter, ApplicationBuilder, MessageHandler, filters

from bench.storage_bench import CONFIG, _final, fresh
from bench.timing import verdict
from bot.emulateur import Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations.config import TelegramConfig
from bot.repetition.exemple import generate, to_csv
from bot.telegram.application import construire
from ranking.config import parse_config
from ranking.horloge import now, timestamp
from ranking.importer import read_internes
from storage import classement, imports, listes, semestre
from storage.database import Database

SENDERS = 500
BOUND = 5_000


async def subdivision(path: Path, config, data: bytes | None = None) -> Database:
    """A base holding Île-de-France's 14,000 internes (the same file every run), or the
    internes file `data`."""
    data = data or to_csv(generate(14_000, subdivisions=["Île-de-France"], seed=3))
    database = await Database.open(path)
    async with database.write() as tx:
        await semestre.sync(tx, config, "bench")
    async with database.write() as tx:
        changes = await imports.internes_changes(tx, read_internes(data, "internes.csv"))
        await imports.apply_internes(tx, changes, "internes.csv", data, "bench", config.classement)
    return database


async def _database() -> tuple[Path, list[str]]:
    """A subdivision of 14,000 internes, MG ranked; `BOUND` of its internes bound."""
    config = parse_config(CONFIG, "config.toml")
    path = fresh("bot.sqlite3")
    database = await subdivision(path, config)
    await _final(database, config, "MG")
    async with database.write() as tx:
        keys = (await classement.load(tx, await listes.get(tx, "MG"))).keys
        ids = list(dict.fromkeys(key[0] for key in keys))[:BOUND]
        await tx.executemany(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
            "VALUES (?, 'interne', ?, NULL, ?)",
            [(10_000 + n, interne, timestamp(now())) for n, interne in enumerate(ids)],
        )
    await database.close()
    return path, ids


async def _burst(emulateur: Emulateur, application) -> tuple[float, list[float]]:
    """All senders write at once; seconds until the last answer, and each one's latency."""
    users = [emulateur.users[10_000 + n] for n in range(SENDERS)]
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        sent_at = {}
        start = time.perf_counter()
        for user in users:
            sent_at[user.id] = time.perf_counter()
            await emulateur.ecrire(user, "/rang")
        latencies: dict[int, float] = {}

        def done() -> bool:
            for user in users:
                if user.id not in latencies and emulateur.recus(user.id):
                    latencies[user.id] = time.perf_counter() - sent_at[user.id]
            return len(latencies) == len(users)

        await emulateur.attendre(done, timeout=300)
        elapsed = time.perf_counter() - start
        await application.updater.stop()
        await application.stop()
        if application.post_shutdown:
            await application.post_shutdown(application)
    return elapsed, list(latencies.values())


async def _echo(update, context) -> None:
    await update.message.reply_text(update.message.text)


async def _figures() -> dict[tuple[str, bool], tuple[float, list[float]]]:
    path, _ = await _database()
    config = parse_config(CONFIG, "config.toml")
    results = {}
    for name, paced in (("echo", True), ("amphi", True), ("echo", False), ("amphi", False)):
        emulateur = Emulateur(flood=False)
        for n in range(BOUND):
            emulateur.utilisateur(10_000 + n, f"Interne {n}")
        runner = await servir(emulateur, 0)
        base = f"http://127.0.0.1:{port_of(runner)}"
        telegram = TelegramConfig(emulateur.token, f"{base}/bot", f"{base}/file/bot")
        if name == "amphi":
            application = construire(config, telegram, path, rate_limiter=paced)
        else:
            builder = ApplicationBuilder().token(emulateur.token).base_url(f"{base}/bot")
            if paced:
                builder = builder.rate_limiter(AIORateLimiter(max_retries=5))
            application = builder.build()
            application.add_handler(MessageHandler(filters.TEXT, _echo))
        try:
            results[name, paced] = await _burst(emulateur, application)
        finally:
            await runner.cleanup()
    return results


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def _rss_mib() -> float:
    """The process's resident memory now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run() -> None:
    before = _rss_mib()
    results = asyncio.run(_figures())
    memory = _rss_mib() - before
    print(
        f"Bot Telegram — {SENDERS} internes envoient /rang en même temps (émulateur sur 127.0.0.1)"
    )
    for paced, title in ((True, "au rythme de Telegram (AIORateLimiter, 30 messages/s)"),
                         (False, "sans limiteur : le travail du bot seul")):  # fmt: skip
        (echo_time, echo_lat), (amphi_time, amphi_lat) = (
            results["echo", paced],
            results["amphi", paced],
        )
        echo_rate, amphi_rate = SENDERS / echo_time, SENDERS / amphi_time
        ratio, tail = amphi_rate / echo_rate, p99(amphi_lat) / p99(echo_lat)
        print(f"  {title}")
        print(
            f"    bot écho PTB nu     {echo_rate:7.1f} réponses/s, p99 {p99(echo_lat) * 1000:7.0f} ms"
        )
        print(
            f"    amphi /rang         {amphi_rate:7.1f} réponses/s, p99 {p99(amphi_lat) * 1000:7.0f} ms"
        )
        if paced:  # Telegram's pace sets both rates: the figures say nothing of amphi
            print(f"    débit / écho {ratio:5.2f} ×, p99 / écho {tail:5.2f} ×")
            continue
        debit_ok = verdict(
            ratio >= 0.8, "bot, sans limiteur : débit de /rang / écho", f"{ratio:.2f} ×", "≥ 0,8 ×"
        )
        p99_ok = verdict(
            tail <= 1.5, "bot, sans limiteur : p99 de /rang / écho", f"{tail:.2f} ×", "≤ 1,5 ×"
        )
        goal = f"  (objectifs ≥ 0,8 : {debit_ok} ; ≤ 1,5 : {p99_ok})"
        print(f"    débit / écho {ratio:5.2f} ×, p99 / écho {tail:5.2f} ×{goal}")
    print(f"  mémoire gardée par le bot et sa base ({BOUND} internes liés) {memory:+7.0f} Mio")
    print()
