"""The service as a gestionnaire sees it from his phone (/etat), and the copies of the base the
bot takes on a schedule (`[sauvegardes] intervalle_minutes`)."""

import logging
import time

from telegram.ext import Application, ContextTypes

from bot.operations import etat as etat_operations
from bot.operations import sauvegarde
from bot.operations.comptes import Qui
from bot.telegram.acces import CTX, GESTIONNAIRE, TELEGRAM, commande, contexte
from bot.telegram.textes import gestion as textes
from ranking.errors import InvalidInput

logger = logging.getLogger("amphi.bot")
DEPUIS = "demarre_a"
_VUE = "sauvegarde_vue"


@commande(GESTIONNAIRE)
async def etat(update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    found = await etat_operations.etat(contexte(context, who))
    running = time.time() - context.bot_data.get(DEPUIS, time.time())
    await update.message.reply_text(textes.etat(found, running))


BATTEMENT = 15.0
"""Seconds between two beats: how a stop is measured afterwards."""


async def planifier(application: Application) -> None:
    """After a stop, the gestionnaires told (once); the beat; the scheduled copy, if the
    configuration asks for one."""
    ctx = application.bot_data[CTX]
    stop = await etat_operations.reprise(ctx, application.bot_data[TELEGRAM].gestionnaires)
    if stop is not None:
        logger.warning(
            "amphi était arrêté depuis %s : %d alerte(s) partent en retard",
            stop.debut.isoformat(timespec="seconds"), stop.alertes_en_retard,
        )  # fmt: skip
    application.job_queue.run_repeating(_battre, interval=BATTEMENT, first=BATTEMENT,
                                        name="battement")  # fmt: skip
    minutes = sauvegarde.reglage(application.bot_data["config"]).intervalle_minutes
    application.bot_data[DEPUIS] = time.time()
    if minutes:
        application.job_queue.run_repeating(
            _copier, interval=minutes * 60, first=minutes * 60, name="sauvegarde",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )  # fmt: skip


async def _battre(context: ContextTypes.DEFAULT_TYPE) -> None:
    await etat_operations.battement(context.bot_data[CTX])


async def _copier(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        seen, made = await etat_operations.sauvegarde_reguliere(
            context.bot_data[CTX], context.bot_data.get(_VUE)
        )
    except InvalidInput as error:
        logger.warning("sauvegarde régulière impossible : %s", "; ".join(error.messages()))
        return
    context.bot_data[_VUE] = seen
    if made is not None:
        logger.info("sauvegarde régulière : %s", made)
