"""Who presses or types: the role is read from the database for every update (server-side),
never taken from the message or the callback data."""

from telegram import Update
from telegram.ext import ContextTypes

from bot.operations import comptes
from bot.operations.base import Contexte
from bot.operations.comptes import Qui
from bot.operations.config import TelegramConfig

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
