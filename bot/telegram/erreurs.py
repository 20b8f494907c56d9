"""The error handler: logged, the user answered in French, the gestionnaires warned (at most
once a minute). No traceback and no English ever reaches a user. Telegram out of reach (while
polling, or while answering someone) is no error of amphi: one line for the whole episode, said
by the sender, and nobody is warned of it afterwards."""

import logging
import time

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.operations.config import TelegramConfig
from bot.telegram import textes
from bot.telegram.acces import TELEGRAM
from bot.telegram.reveil import VEILLEUR

logger = logging.getLogger("amphi.bot")
ALERTE_ESPACEE = 60.0
_DERNIERE = "derniere_alerte"


async def sur_erreur(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, NetworkError) and VEILLEUR in context.bot_data:
        context.bot_data[VEILLEUR].injoignable.echec(error)
        return
    logger.error("erreur en traitant une mise à jour", exc_info=error)
    if isinstance(update, Update) and update.effective_chat and not isinstance(error, Forbidden):
        try:
            await context.bot.send_message(update.effective_chat.id, textes.ERREUR_INTERNE)
        except TelegramError:
            logger.warning("réponse d'erreur impossible à envoyer")
    last = context.bot_data.get(_DERNIERE, 0.0)
    if time.monotonic() - last < ALERTE_ESPACEE:
        return
    context.bot_data[_DERNIERE] = time.monotonic()
    config: TelegramConfig = context.bot_data[TELEGRAM]
    for gestionnaire in config.gestionnaires:
        try:
            await context.bot.send_message(
                gestionnaire, textes.ALERTE_GESTIONNAIRE.format(quoi=type(error).__name__)
            )
        except TelegramError:
            logger.warning("gestionnaire %s injoignable", gestionnaire)
