"""The Application, built with PTB's own machinery and every handler registered here, in order.

The database is opened in `post_init` and closed in `post_shutdown`; the role of each user is
read from it for every update. Sending goes through `AIORateLimiter` (retries on 429)."""

import asyncio
import gc
import importlib.util
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.operations import base
from bot.operations.base import Contexte
from bot.operations.config import TelegramConfig
from bot.telegram import (
    alertes,
    appel,
    classement,
    comptes,
    distance,
    donnees,
    erreurs,
    etat,
    gestion,
    hors_maquette,
    imports,
    interne,
    marche,
    menus,
    outils,
    particulier,
    semestre,
    stages,
    suivi,
    texte_libre,
    voeux,
    webhook,
)
from bot.telegram.arrivees import FileDesMises, ParConversation
from bot.telegram.contexte import TYPES, Appli
from bot.telegram.persistance import PersistanceSQLite
from ranking.config import Config
from ranking.horloge import PARIS

logger = logging.getLogger("amphi.bot")
AUTEUR = "bot"


class Compagnon(Protocol):
    """A service the bot's process runs beside the bot, on the same base (the room's page)."""

    async def demarrer(self, ctx: Contexte) -> None: ...

    async def arreter(self) -> None: ...

    async def changer(self, ctx: Contexte) -> None:
        """The bot moved to a new semester (`semestre.bascule`): the context to read from."""


RYTHME = 29
"""Messages a second, all chats together: Telegram's 30 less a margin for requests sent
concurrently that arrive bunched together (each bunch would cost a 429 and its wait)."""


def construire(
    config: Config,
    telegram: TelegramConfig,
    db_path: Path,
    request_kwargs: dict | None = None,
    rate_limiter: bool = True,
    compagnons: Sequence[Compagnon] = (),
) -> Appli:
    """The bot, ready to run; `request_kwargs` go to httpx (the emulator's transport in tests).
    Without `rate_limiter`, nothing paces the sending (the bench measures the bot's own work).
    `compagnons` run beside it on its base (the room's page), started once it is open."""
    _sniffio_absent()
    kwargs = request_kwargs or {}
    builder = (
        ApplicationBuilder()
        .token(telegram.token)
        .defaults(Defaults(tzinfo=PARIS, parse_mode=ParseMode.HTML))
        .request(HTTPXRequest(connection_pool_size=64, httpx_kwargs=kwargs))
        .get_updates_request(HTTPXRequest(read_timeout=30, httpx_kwargs=kwargs))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .arbitrary_callback_data(False)
        .context_types(TYPES)
        .persistence(PersistanceSQLite(db_path))
        .update_queue(FileDesMises())
        .concurrent_updates(ParConversation())
    )
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=RYTHME, max_retries=5))
    if telegram.base_url:
        builder = builder.base_url(telegram.base_url)
    if telegram.base_file_url:
        builder = builder.base_file_url(telegram.base_file_url)
    application = builder.build()
    application.bot_data.telegram = telegram
    application.bot_data.config = config
    application.bot_data.db_path = db_path
    application.bot_data.compagnons = tuple(compagnons)
    _handlers(application)
    return application


def _sniffio_absent() -> None:
    """httpcore (under PTB's HTTPXRequest) imports `sniffio` several times per request to
    Telegram, to learn it runs under asyncio; nothing amphi installs brings it, and Python
    does not remember a module it did not find: each import searched every directory of the
    path again (a third of the bot's time in a busy round of choice day). Its absence, found
    once, is recorded: the import fails at once, as it always did, and httpcore takes asyncio
    as before. Installed, it is left alone."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # `import sniffio` then raises ModuleNotFoundError


def _handlers(application: Appli) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            voeux.conversation(),
            outils.conversation(),
            hors_maquette.conversation(),
            CommandHandler("start", comptes.start, filters=private),
            MessageHandler(filters.CONTACT & private, comptes.contact),
            CommandHandler("moi", comptes.moi, filters=private),
            CommandHandler("aide", comptes.aide, filters=private),
            CommandHandler("rang", interne.rang, filters=private),
            CommandHandler("pourquoi", interne.pourquoi, filters=private),
            CommandHandler("liste", interne.liste, filters=private),
            CommandHandler("postes", interne.postes, filters=private),
            CommandHandler("mandataire", interne.mandataire, filters=private),
            CommandHandler("alertes", alertes.reglage, filters=private),
            CommandHandler("mesdonnees", donnees.mes_donnees, filters=private),
            CommandHandler("listes", classement.listes, filters=private),
            MessageHandler(filters.Document.ALL & private, imports.document, block=False),
            CommandHandler("journal", gestion.journal_commande, filters=private),
            CommandHandler("pdf", gestion.pdf, filters=private),
            CommandHandler("invitation", gestion.invitation, filters=private),
            CommandHandler("invitations", gestion.invitations, filters=private),
            CommandHandler("delier", gestion.delier, filters=private),
            CommandHandler("interne", gestion.interne, filters=private),
            CommandHandler("appel", appel.commande_appel, filters=private),
            CommandHandler("monter", gestion.monter, filters=private),
            CommandHandler("descendre", gestion.descendre, filters=private),
            CommandHandler("particulier", gestion.particulier, filters=private),
            CommandHandler("verifier", gestion.verifier, filters=private),
            CommandHandler("etat", etat.etat, filters=private),
            CommandHandler("semestre", semestre.commande_semestre, filters=private),
            *(
                CallbackQueryHandler(handler, pattern=handler.sorte.motif)
                for handler in (
                    interne.page,
                    interne.bouton_revoquer,
                    donnees.bouton_donnees,
                    voeux.hors_saisie,
                    classement.bouton_fiche,
                    classement.bouton_preclasser,
                    classement.bouton_groupe,
                    classement.bouton_levee,
                    classement.bouton_final,
                    imports.bouton_import,
                    appel.bouton_appel,
                    outils.bouton_outil,
                    hors_maquette.hors_saisie,
                    particulier.bouton_particulier,
                    stages.bouton_stage,
                    distance.bouton_distance,
                    gestion.bouton_journal,
                    gestion.bouton_pdf,
                    gestion.bouton_invitations,
                    semestre.bouton_semestre,
                )
            ),
            CallbackQueryHandler(comptes.bouton_inconnu),
            MessageHandler(filters.COMMAND & private, comptes.aide),
            MessageHandler(filters.TEXT & private, texte_libre.texte),
        ]
    )
    tableau = application.bot_data.telegram.tableau
    if tableau is not None:
        application.add_handler(
            MessageHandler(filters.COMMAND & filters.Chat(tableau), alertes.dans_le_groupe)
        )
    application.add_error_handler(erreurs.sur_erreur)


async def _post_init(application: Appli) -> None:
    data = application.bot_data
    data.ouverture = await base.ouvrir(data.db_path, data.config, AUTEUR, ecriture=True)
    data.ctx = Contexte(data.ouverture.db, data.config, AUTEUR)
    await semestre.au_demarrage(application)
    data.veilleur = alertes.Veilleur()
    suivi.retrouver(application)
    await menus.par_defaut(application.bot)
    application.job_queue.run_repeating(
        alertes.veiller, interval=alertes.INTERVALLE, first=0.5, name="alertes",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )  # fmt: skip
    await etat.planifier(application)
    for compagnon in application.bot_data.compagnons:
        await compagnon.demarrer(application.bot_data.ctx)
    gc.freeze()  # what start-up built lives as long as the bot: full collections skip it
    logger.info(
        "amphi bot prêt : @%s, le %s",
        application.bot.username,
        datetime.now(PARIS).strftime("%d/%m/%Y à %H:%M"),
    )


async def _post_shutdown(application: Appli) -> None:
    for compagnon in application.bot_data.compagnons:
        await compagnon.arreter()
    if application.bot_data.ouverture is not None:
        await base.fermer(application.bot_data.ouverture)


def lancer(application: Appli, telegram: TelegramConfig) -> None:
    """Long polling (or the webhook when configured) until SIGINT/SIGTERM, then stopped in
    order, whenever the signal comes (`marche`)."""
    if telegram.webhook_url:
        asyncio.run(marche.vivre(application, lambda: webhook.recevoir(application, telegram)))
    else:
        asyncio.run(marche.vivre(application, lambda: _sonder(application)))


async def _sonder(application: Appli):
    await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
    return application.updater.stop
