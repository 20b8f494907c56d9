"""Who presses or types, and the one way a handler is entered.

The role is read from the database for every update (server-side), never taken from the message
or the callback data. `commande(role)` wraps a typed command, `bouton(sorte, role)` a press: the
role is checked, the data read (a malformed press is refused politely), a refusal the rules raise
is said in French, and the press is answered once, with the handler's short notice if any."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from telegram import CallbackQuery, Update

from bot.operations import comptes
from bot.operations.comptes import Qui
from bot.operations.config import TelegramConfig
from bot.telegram.arguments import Usage
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.textes import commun
from bot.telegram.textes import comptes as textes
from ranking.errors import Refused


@dataclass(frozen=True, slots=True)
class Role:
    admet: Callable[[Qui], bool]
    refus: Callable[[Qui], str]


GESTIONNAIRE = Role(lambda who: who.gestionnaire, lambda who: textes.RESERVE_GESTIONNAIRE)
INTERNE = Role(
    lambda who: who.interne,
    lambda who: textes.NON_LIE if who.role is None else textes.RESERVE_INTERNE,
)
PROCURATION = Role(
    lambda who: who.interne or who.mandataire,
    lambda who: textes.NON_LIE if who.role is None else textes.RESERVE_INTERNE,
)
"""The interne, or the mandataire of his procuration."""


async def qui(context: ContexteBot, update: Update) -> Qui:
    config: TelegramConfig = context.bot_data.telegram
    return await comptes.qui(context.ctx, update.effective_user.id, config.gestionnaires)


def commande(role: Role):
    """A typed command for `role`: `handler(update, context, who)`. A refusal (the rules, or an
    argument that is not what the command takes) is answered in French; nothing changed."""

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(update: Update, context: ContexteBot):
            who = await qui(context, update)
            if not role.admet(who):
                await update.effective_message.reply_text(role.refus(who))
                return None
            try:
                return await handler(update, context, who)
            except Usage as usage:
                await update.effective_message.reply_text(escape(str(usage)))
                return None
            except Refused as refusal:
                await update.effective_message.reply_text(commun.refus(refusal))
                return None

        return checked

    return wrap


def bouton(sorte: Sorte, role: Role, conversation: bool = False):
    """A press of a `sorte` button for `role`: `handler(query, context, who, data)`.

    The handler returns the short notice the press is answered with (or None). In a
    conversation (`conversation=True`) the press is answered first and the handler returns the
    next state; a refusal is then said in a message. Malformed or forged data and a refusal are
    answered politely; the press is answered once."""

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(update: Update, context: ContexteBot):
            query = update.callback_query
            who = await qui(context, update)
            if not role.admet(who):
                await query.answer(role.refus(who), show_alert=True)
                return None
            data = sorte.lire(query.data)
            if data is None:
                await query.answer(commun.BOUTON_PERIME, show_alert=True)
                return None
            if conversation:
                await query.answer()
                try:
                    return await handler(query, context, who, data)
                except Refused as refusal:
                    await query.message.reply_text(commun.refus(refusal))
                    return None
            try:
                said = await handler(query, context, who, data)
            except Refused as refusal:
                await repondre_refus(query, refusal)
                return None
            await query.answer(said)
            return None

        checked.sorte = sorte
        return checked

    return wrap


async def repondre_refus(query: CallbackQuery, refusal: Refused) -> None:
    """A refused press: said in a message under the screen, which stays as it was."""
    await query.answer()
    await query.message.reply_text(commun.refus(refusal))
