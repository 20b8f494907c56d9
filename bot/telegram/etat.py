"""The service as a gestionnaire sees it from his phone (/etat), and the copies of the base the
bot takes on a schedule (`[sauvegardes] intervalle_minutes`)."""

import logging
import time

from bot.operations import etat as etat_operations
from bot.operations import sauvegarde
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, commande
from bot.telegram.contexte import Appli, ContexteBot
from bot.telegram.textes import gestion as textes
from ranking.errors import InvalidInput
from ranking.horloge import paris_minute

logger = logging.getLogger("amphi.bot")


@commande(GESTIONNAIRE)
async def etat(update, context: ContexteBot, who: Qui) -> None:
    found = await etat_operations.etat(context.ctx)
    running = time.time() - (context.bot_data.demarre_a or time.time())
    await update.message.reply_text(textes.etat(found, running))


BATTEMENT = 15.0
"""Seconds between two beats: how a stop is measured afterwards."""


async def planifier(application: Appli) -> None:
    """After a stop, the gestionnaires told (once); the beat; the scheduled copy, if the
    configuration asks for one."""
    ctx = application.bot_data.ctx
    stop = await etat_operations.reprise(ctx, application.bot_data.telegram.gestionnaires)
    if stop is not None:
        logger.warning(
            "amphi était arrêté depuis le %s : %d alerte(s) partent en retard",
            paris_minute(stop.debut), stop.alertes_en_retard,
        )  # fmt: skip
    application.job_queue.run_repeating(_battre, interval=BATTEMENT, first=BATTEMENT,
                                        name="battement")  # fmt: skip
    minutes = sauvegarde.reglage(application.bot_data.config).intervalle_minutes
    application.bot_data.demarre_a = time.time()
    if minutes:
        application.job_queue.run_repeating(
            _copier, interval=minutes * 60, first=minutes * 60, name="sauvegarde",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )  # fmt: skip


async def _battre(context: ContexteBot) -> None:
    await etat_operations.battement(context.bot_data.ctx)


async def _copier(context: ContexteBot) -> None:
    try:
        seen, made = await etat_operations.sauvegarde_reguliere(
            context.bot_data.ctx, context.bot_data.sauvegarde_vue
        )
    except InvalidInput as error:
        logger.warning("sauvegarde régulière impossible : %s", "; ".join(error.messages()))
        return
    context.bot_data.sauvegarde_vue = seen
    if made is not None:
        logger.info("sauvegarde régulière : %s", made)
