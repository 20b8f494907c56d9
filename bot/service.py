"""The long-running processes behind `amphi bot` and `amphi emulateur`, kept out of the
command line so that it never imports the Telegram stack for its other commands."""

import asyncio
import logging
import signal
from pathlib import Path

from bot.operations import base, comptes, sauvegarde
from bot.operations.config import secrets_lisibles, telegram_config, web_config
from ranking.config import Config


def bot(config: Config, config_path: str, db_path: Path) -> None:
    """Run the bot until SIGINT/SIGTERM. A bad configuration or database is refused before
    any network call, a token Telegram rejects before serving (Refused, exit 2 from the
    command line)."""
    from bot.telegram.application import construire, lancer
    from bot.telegram.demarrage import journaux, verifier_jeton

    telegram = telegram_config(config, config_path)
    sauvegarde.reglage(config, config_path)  # its faults said now, not at the first copy
    web = web_config(config, config_path)
    if not base.check_path(db_path, ecriture=True, creation=False):
        raise base.Refused(f"option --db : la base « {db_path} » n'existe pas : importer d'abord")
    journaux(telegram.token)
    if exposed := secrets_lisibles(config, config_path):
        logging.getLogger("amphi.bot").warning(exposed)
    compagnons = []
    if web is not None:
        from bot.web.serveur import PageSalle

        compagnons.append(PageSalle(web))
    application = construire(config, telegram, db_path, compagnons=compagnons)
    asyncio.run(verifier_jeton(application.bot))
    lancer(application, telegram)


def emulateur(port: int, token: str, nom: str) -> None:
    """Serve the Bot API emulator on 127.0.0.1 until Ctrl-C."""
    from bot.emulateur import Emulateur
    from bot.emulateur.http import port_of, servir

    async def serve() -> None:
        runner = await servir(Emulateur(token, nom), port)
        print(f"émulateur Bot API : base_url = http://127.0.0.1:{port_of(runner)}/bot ; "
              f"base_file_url = http://127.0.0.1:{port_of(runner)}/file/bot ; jeton {token}",
              flush=True)  # fmt: skip
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    asyncio.run(serve())


def verifier_telegram(config: Config, config_path: str, db_path: Path) -> str:
    """`amphi verifier --telegram`: the configuration coherent, then each point checked with
    Telegram (no update is read: a running bot is not disturbed)."""
    from bot.telegram.application import construire
    from bot.telegram.demarrage import verifier_telegram as verifier

    telegram = telegram_config(config, config_path)
    sauvegarde.reglage(config, config_path)
    lies = asyncio.run(comptes.gestionnaires_lies(db_path, config)) if db_path.exists() else []
    application = construire(config, telegram, db_path)
    said = ["✔ configuration cohérente", *asyncio.run(verifier(application.bot, telegram, lies))]
    wrong = [line for line in said if line.startswith("✘")]
    if wrong:
        raise base.Refused(f"{len(wrong)} point(s) à corriger :\n" + "\n".join(said))
    return "\n".join(said) + "\n"
