"""`amphi bot` started as a service would be: a token Telegram rejects is refused in French with
exit 2 and never printed; Telegram unreachable is retried, said in French, without a traceback."""

import asyncio
import io
import logging
import os
import signal
import socket
from datetime import UTC, datetime, timedelta

import aiohttp
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.emulateur import Emulateur
from bot.emulateur.http import port_of, servir
from bot.telegram.demarrage import RETARD, Hygiene
from bot.telegram.webhook import ENTETE
from tests import db_setup
from tests.bot_process import port_libre, served_bot
from tests.cli_harness import AMPHI

FAUX = "987654321:FauxJetonQuiNeDoitJamaisSAfficher"


def _config(tmp_path, port: int) -> str:
    path = tmp_path / "config.toml"
    path.write_text(db_setup.CONFIG + (
        f'\n[telegram]\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{port}/file/bot"\n'
    ), encoding="utf-8")  # fmt: skip
    return str(path)


async def _amphi_bot(tmp_path, port: int, token: str):
    base = tmp_path / "amphi.sqlite3"
    if not base.exists():
        await (await db_setup.prepared(base, places=40, open_mg=False)).close()
    config = tmp_path / "config.toml"
    if not config.exists():
        _config(tmp_path, port)
    return await asyncio.create_subprocess_exec(
        AMPHI, "bot", "--db", str(base), "--config", str(config),
        env={**os.environ, "AMPHI_TELEGRAM_TOKEN": token},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        preexec_fn=_comme_un_terminal,
    )  # fmt: skip


def _comme_un_terminal() -> None:
    """Ctrl-C as a terminal or systemd gives it: a test worker may be ignoring SIGINT, and an
    ignored signal stays ignored in the programs it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


async def test_a_rejected_token_is_refused_in_french_and_never_printed(tmp_path):
    runner = await servir(Emulateur(), 0)
    try:
        process = await _amphi_bot(tmp_path, port_of(runner), FAUX)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await runner.cleanup()
    said = (stdout + stderr).decode()
    assert process.returncode == 2, said
    assert said.startswith("refusé : Telegram refuse le jeton du bot (faux ou révoqué)")
    assert "FauxJeton" not in said and "Traceback" not in said


async def test_telegram_unreachable_is_retried_and_said_in_french(tmp_path):
    with socket.socket() as held:  # bound, never listening: refused, and no other test's
        held.bind(("127.0.0.1", 0))  # server can take the port meanwhile
        process = await _amphi_bot(tmp_path, held.getsockname()[1], FAUX)
        await asyncio.sleep(4)
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    said = (stdout + stderr).decode()
    assert said.count("Telegram injoignable au démarrage") >= 2, said
    assert "nouvel essai dans 2 s" in said
    assert "FauxJeton" not in said and "Traceback" not in said


SECRET = "secret_du_webhook_0123456789"


async def test_the_webhook_refuses_a_request_without_the_secret(tmp_path):
    """Behind a reverse proxy: Telegram posts to amphi's port with its secret; a request
    without it (anyone who found the port) is refused and changes nothing."""
    emulateur = Emulateur()
    runner = await servir(emulateur, 0)
    ecoute = await servir(Emulateur(), 0)  # a free port, freed for the bot
    port = port_of(ecoute)
    await ecoute.cleanup()
    _config(tmp_path, port_of(runner))
    text = (tmp_path / "config.toml").read_text(encoding="utf-8") + (
        f'webhook_url = "https://amphi.exemple.fr/telegram"\nwebhook_port = {port}\n'
        f'webhook_secret = "{SECRET}"\n'
    )
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    base = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(base, places=40, open_mg=False)).close()
    process = await asyncio.create_subprocess_exec(
        AMPHI, "bot", "--db", str(base), "--config", str(tmp_path / "config.toml"),
        env={**os.environ, "AMPHI_TELEGRAM_TOKEN": emulateur.token},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await emulateur.attendre(lambda: emulateur.webhook is not None, timeout=30)
        assert emulateur.webhook == {
            "url": "https://amphi.exemple.fr/telegram",
            "secret_token": SECRET,
        }
        lea = emulateur.utilisateur(1001, "Léa")
        await emulateur.ecrire(lea, "/aide")
        update = emulateur.updates.popleft()  # what Telegram would post
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {ENTETE: "devine"}, {ENTETE: "secret_du_wébhook_0123456789"}):
                async with session.post(url, json=update, headers=headers) as answer:
                    assert answer.status == 403
            latin1 = await _posted(port, f"{ENTETE}: secr\xe8t".encode("latin-1"))  # not UTF-8
            assert latin1.startswith(b"HTTP/1.1 403")
            await asyncio.sleep(0.5)
            assert emulateur.recus(lea.id) == []  # nothing processed
            async with session.post(url, json=update, headers={ENTETE: SECRET}) as answer:
                assert answer.status == 200
        said = await emulateur.reponse(lea.id, 0, timeout=30)
        assert "Pour lier votre compte" in said.text  # /aide of a stranger: processed once
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        await runner.cleanup()
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode() and SECRET not in stderr.decode()


async def _posted(port: int, header: bytes) -> bytes:
    """The status line a POST to the webhook gets with this header, written byte for byte."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"POST /telegram HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n" + header
                 + b"\r\nConnection: close\r\n\r\n{}")  # fmt: skip
    answer = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    return answer


async def test_a_webhook_without_its_secret_is_refused_before_starting(tmp_path):
    config = _config(tmp_path, 9)
    with open(config, "a", encoding="utf-8") as text:
        text.write('webhook_url = "https://amphi.exemple.fr/telegram"\n')
    process = await _amphi_bot(tmp_path, 9, "123456:EMULATEUR")
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert "[telegram] webhook_secret : obligatoire avec webhook_url" in stderr.decode()


async def test_verifier_telegram_checks_the_bot_before_the_day(tmp_path):
    emulateur = Emulateur()
    emulateur.groupe(-100, "Appel en direct")
    runner = await servir(emulateur, 0)
    _config(tmp_path, port_of(runner))
    with open(tmp_path / "config.toml", "a", encoding="utf-8") as text:
        text.write(f"gestionnaires = [{900}, {901}]\ntableau = -100\n")
    base = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(base, places=40, open_mg=False)).close()
    await emulateur.ecrire(emulateur.utilisateur(900, "Mme Durand"), "/start")

    async def verifier(token: str):
        process = await asyncio.create_subprocess_exec(
            AMPHI, "verifier", "--telegram", "--db", str(base),
            "--config", str(tmp_path / "config.toml"),
            env={**os.environ, "AMPHI_TELEGRAM_TOKEN": token},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
        return process.returncode, (stdout + stderr).decode()

    try:
        status, said = await verifier(emulateur.token)
        wrong_status, wrong = await verifier(FAUX)
    finally:
        await runner.cleanup()
    assert status == 2 and said.startswith("refusé : 1 point(s) à corriger :")
    assert said.splitlines()[1:] == [
        "✔ configuration cohérente",
        "✔ jeton accepté par Telegram : @amphi_bot",
        "✔ gestionnaire 900 : a démarré le bot",
        "✘ gestionnaire 901 : n'a pas encore écrit au bot (il doit lui envoyer /start, sinon "
        "le bot ne peut rien lui dire)",
        "✔ tableau « Appel en direct » : le bot peut y écrire",
        "✔ long polling (aucun webhook enregistré)",
    ]
    assert wrong_status == 2 and "✘ Telegram refuse le jeton du bot" in wrong
    assert "FauxJeton" not in wrong and "Traceback" not in said + wrong


async def test_a_config_holding_a_secret_readable_by_all_is_warned_once(tmp_path):
    """The page's secret in config.toml: the bot says once, in French, when anyone on the
    machine may read the file; nothing when only its owner and group may."""
    config = db_setup.CONFIG + f'\n[web]\nport = {port_libre()}\nsecret = "{SECRET}"\n'
    said = {}
    for umask in (0o022, 0o027):  # config.toml written 644, then 640
        folder = tmp_path / f"{umask:o}"
        folder.mkdir()
        await (await db_setup.prepared(folder / "amphi.sqlite3", places=40)).close()
        previous = os.umask(umask)
        try:
            async with served_bot(folder, Emulateur(), config) as bot:
                os.umask(previous)
                for _ in range(300):
                    if "amphi bot prêt" in (folder / "bot.log").read_text(encoding="utf-8"):
                        break
                    await asyncio.sleep(0.1)
                await bot.stop()
        finally:
            os.umask(previous)
        said[umask] = (folder / "bot.log").read_text(encoding="utf-8")
    assert said[0o022].count("tout utilisateur de la machine peut la lire") == 1, said[0o022]
    assert (
        "WARNING amphi.bot : la configuration config.toml contient un secret ([web] secret)"
        in (said[0o022])
    )
    assert "chmod 640 config.toml" in said[0o022] and SECRET not in said[0o022]
    assert "peut la lire" not in said[0o027], said[0o027]


async def test_sigterm_at_any_instant_of_the_start_stops_the_bot_cleanly(tmp_path):
    """systemd may stop amphi while it is still starting (a restart asked twice): at every
    instant of the start, the bot stops in order, exit 0, within 5 s, its log without a
    traceback. PTB's own loop lost its way on a signal in the middle of its start and never
    ended (the base left open), until systemd killed it after 90 s."""
    for delay in (0.3, 0.6, 0.9, 1.2, "prêt"):
        folder = tmp_path / str(delay)
        folder.mkdir()
        await (await db_setup.prepared(folder / "amphi.sqlite3", places=40)).close()
        async with served_bot(folder, Emulateur(), db_setup.CONFIG) as bot:
            if delay == "prêt":  # the instant it says it is ready
                for _ in range(300):
                    if "amphi bot prêt" in (folder / "bot.log").read_text(encoding="utf-8"):
                        break
                    await asyncio.sleep(0.01)
            else:
                await asyncio.sleep(delay)
            bot.process.send_signal(signal.SIGTERM)
            status = await asyncio.wait_for(bot.process.wait(), 5)
            # before Python heard anything (still loading): ended by the signal, nothing opened
            assert status == 0 or (status == -signal.SIGTERM and delay != "prêt"), delay


async def test_a_wake_up_run_late_on_a_busy_machine_is_one_french_line_not_a_network_incident():
    """The scheduler warns in English when a machine too busy ran a job late (the demo saw it
    under load): said once, in French, as what it is — nobody is told of an « incident réseau »."""
    said = io.StringIO()
    handler = logging.StreamHandler(said)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s : %(message)s"))
    handler.addFilter(Hygiene(None))
    scheduler_log = logging.getLogger("apscheduler")
    scheduler_log.addHandler(handler)
    scheduler = AsyncIOScheduler(timezone=UTC)
    try:
        for name in ("alertes retenues", "écran d'appel retenu"):  # two late: said once
            past = datetime.now(UTC) - timedelta(seconds=5)
            scheduler.add_job(lambda: None, "date", run_date=past, misfire_grace_time=1, name=name)
        scheduler.start()
        await asyncio.sleep(0.3)
    finally:
        scheduler.shutdown(wait=False)
        scheduler_log.removeHandler(handler)
    assert said.getvalue() == f"INFO amphi.bot : {RETARD}\n"
