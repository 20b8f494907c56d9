"""Who presses or types: the role is read from the database for every update (server-side),
never taken from the message or the callback data."""

from telegram import Update
from telegram.ext import ContextTypes

from bot.operations import comptes
from bot.operations.base import Contexte
from bot.operations.comptes import Qui
from bot.operations.config import TelegramConfig
from bot.telegram import textes
from ranking.errors import InvalidInput, Refused

CTX = "amphi"
TELEGRAM = "telegram"


def contexte(context: ContextTypes.DEFAULT_TYPE, update: Update) -> Contexte:
    """The operations' context, the author being this Telegram account (journal)."""
    base: Contexte = context.bot_data[CTX]
    user = update.effective_user
    return Contexte(base.db, base.config, f"telegram:{user.id}" if user else "telegram")


async def qui(context: ContextTypes.DEFAULT_TYPE, update: Update) -> Qui:
    config: TelegramConfig = context.bot_data[TELEGRAM]
    return await comptes.qui(
        contexte(context, update), update.effective_user.id, config.gestionnaires
    )


def gestionnaire_seulement(handler):
    """The handler runs for a gestionnaire only (role read from the database); anyone else,
    whatever he typed or forged, is refused and nothing changes."""

    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        who = await qui(context, update)
        if not who.gestionnaire:
            if update.callback_query:
                await update.callback_query.answer(textes.RESERVE_GESTIONNAIRE, show_alert=True)
            else:
                await update.effective_message.reply_text(textes.RESERVE_GESTIONNAIRE)
            return
        try:
            await handler(update, context, who)
        except Refused as refusal:
            await update.effective_message.reply_text(textes.refus(refusal))
        except InvalidInput as error:
            await update.effective_message.reply_text(textes.erreurs_fichier(error.messages()))

    return checked
