"""The error handler: logged, the user answered in French, the gestionnaires warned (at most
once a minute). No traceback and no English ever reaches a user. Telegram out of reach (while
polling, or while answering someone) is no error of amphi: one line for the whole episode, said
by the sender, and nobody is warned of it afterwards. Telegram refusing one message (a 400, or
a 403: the user blocked the bot) is no outage either: that press is answered, one line says
Telegram's reason, and everything else goes on."""

import contextlib
import logging
import time

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.operations.config import TelegramConfig
from bot.telegram.contexte import ContexteBot
from bot.telegram.textes import erreurs as textes

logger = logging.getLogger("amphi.bot")
ALERTE_ESPACEE = 60.0


def panne(error: BaseException) -> bool:
    """Telegram out of reach (the network, a time-out, a 5xx), as opposed to Telegram refusing
    one message (PTB's BadRequest is a NetworkError too, but it concerns that message only)."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


async def sur_erreur(update: object, context: ContexteBot) -> None:
    error = context.error
    if panne(error) and context.bot_data.veilleur is not None:
        context.bot_data.veilleur.injoignable.echec(error)
        return
    if isinstance(error, BadRequest | Forbidden):
        await _refus(update, context, error)
        return
    logger.error("erreur en traitant une mise à jour", exc_info=error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id, textes.ERREUR_INTERNE)
        except TelegramError:
            logger.warning("réponse d'erreur impossible à envoyer")
    if time.monotonic() - context.bot_data.derniere_alerte < ALERTE_ESPACEE:
        return
    context.bot_data.derniere_alerte = time.monotonic()
    config: TelegramConfig = context.bot_data.telegram
    for gestionnaire in config.gestionnaires:
        try:
            await context.bot.send_message(
                gestionnaire, textes.ALERTE_GESTIONNAIRE.format(quoi=type(error).__name__)
            )
        except TelegramError:
            logger.warning("gestionnaire %s injoignable", gestionnaire)


async def _refus(update: object, context: ContexteBot, error: TelegramError):
    """Telegram refused what answered this update: said once with its reason; the presser (who
    has not blocked the bot) told in French, on the press itself or in his chat."""
    user = update.effective_user if isinstance(update, Update) else None
    who = f"l'utilisateur {user.id}" if user else "une mise à jour"
    blocked = isinstance(error, Forbidden)
    logger.warning(textes.BOT_BLOQUE if blocked else textes.REPONSE_REFUSEE_LOG, who, error.message)
    if not isinstance(update, Update):
        return
    if blocked:  # nothing to say in his chat; his press answered all the same
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        return
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # already answered: said in the chat instead
            await update.callback_query.answer(textes.REPONSE_REFUSEE, show_alert=True)
            return
    if update.effective_chat is not None:
        with contextlib.suppress(TelegramError):  # the chat refused too: said once above
            await context.bot.send_message(update.effective_chat.id, textes.REPONSE_REFUSEE)
