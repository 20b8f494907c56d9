"""Binding a Telegram account: `/start CODE` (or the deep link), a shared contact; `/moi`."""

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.operations import comptes, validation
from bot.operations.config import TelegramConfig
from bot.telegram import menus
from bot.telegram.acces import qui
from bot.telegram.contexte import ContexteBot
from bot.telegram.textes import commun
from bot.telegram.textes import comptes as textes
from bot.telegram.textes import stages as textes_stages
from ranking.errors import Refused


async def start(update: Update, context: ContexteBot) -> None:
    user = update.effective_user
    if not context.args:
        who = await qui(context, update)
        if who.role is not None:  # a configured gestionnaire gets his menu on his first /start
            await menus.installer(context.bot, user.id, who.role)
            await update.message.reply_text(textes.moi(who.role, who.nom, who.interne_id, user.id))
            return
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton(textes.BOUTON_CONTACT, request_contact=True)]],
            resize_keyboard=True, one_time_keyboard=True,
        )  # fmt: skip
        await update.message.reply_text(textes.BIENVENUE, reply_markup=keyboard)
        return
    try:
        config: TelegramConfig = context.bot_data.telegram
        compte = await comptes.lier_par_code(
            context.ctx, context.args[0], user.id, user.full_name,
            update.update_id, config.gestionnaires,
        )  # fmt: skip
    except Refused as refusal:
        await update.message.reply_text(commun.refus(refusal))
        return
    who = await qui(context, update)
    await menus.installer(context.bot, user.id, compte.role)
    await update.message.reply_text(textes.lie(compte.role, who.nom, compte.interne_id))


async def contact(update: Update, context: ContexteBot) -> None:
    shared = update.message.contact
    user = update.effective_user
    try:
        compte = await comptes.lier_par_contact(
            context.ctx, shared.phone_number, user.id, shared.user_id, user.full_name
        )
    except Refused as refusal:
        await update.message.reply_text(commun.refus(refusal), reply_markup=ReplyKeyboardRemove())
        return
    who = await qui(context, update)
    await menus.installer(context.bot, user.id, compte.role)
    await update.message.reply_text(
        textes.lie(compte.role, who.nom, compte.interne_id), reply_markup=ReplyKeyboardRemove()
    )


async def moi(update: Update, context: ContexteBot) -> None:
    who = await qui(context, update)
    text = textes.moi(who.role, who.nom, who.interne_id, update.effective_user.id)
    if who.role == "interne":  # his stages by semester and what his maquette asks (règles §7)
        found = await validation.parcours_detail(context.ctx, who.interne_id)
        said = textes_stages.parcours(found.stages, found.maquette)
        text = f"{text}\n\n{said}" if said else text
    for chunk in commun.morceaux(text):
        await update.message.reply_text(chunk)


async def aide(update: Update, context: ContexteBot) -> None:
    who = await qui(context, update)
    text = {
        "interne": textes.AIDE_INTERNE,
        "gestionnaire": textes.AIDE_GESTIONNAIRE,
        "mandataire": textes.AIDE_MANDATAIRE,
    }
    await update.message.reply_text(text.get(who.role, textes.AIDE_INCONNU))


async def bouton_inconnu(update: Update, context: ContexteBot) -> None:
    """A press no handler knows (forged, or from an older version of the bot)."""
    await update.callback_query.answer(commun.BOUTON_PERIME, show_alert=True)
