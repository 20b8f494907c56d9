"""What an interne reads: /rang, /pourquoi, /liste (paged), /postes. Each handler checks the
role from the database and passes the interne bound to the account, never one the user names."""

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.operations import comptes, moi
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, qui
from ranking.errors import Refused

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Qui], Awaitable[None]]


def interne_seulement(handler: Handler):
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        who = await qui(context, update)
        if not who.interne:
            text = textes.NON_LIE if who.role is None else textes.RESERVE_INTERNE
            if update.callback_query:
                await update.callback_query.answer(textes.RESERVE_INTERNE, show_alert=True)
            else:
                await update.effective_message.reply_text(text)
            return
        try:
            await handler(update, context, who)
        except Refused as refusal:
            await update.effective_message.reply_text(textes.refus(refusal))

    return checked


async def _send(update: Update, text: str) -> None:
    for chunk in textes.morceaux(text):
        await update.effective_message.reply_text(chunk)


@interne_seulement
async def rang(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _send(update, textes.rangs(await moi.rangs(contexte(context, update), who.interne_id)))


@interne_seulement
async def pourquoi(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    found = await moi.pourquoi(contexte(context, update), who.interne_id)
    for text in textes.pourquoi(found):
        await _send(update, text)


@interne_seulement
async def liste(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    ctx = contexte(context, update)
    choices = await moi.liste_ids(ctx, who.interne_id)
    if len(choices) > 1:
        await update.message.reply_text("Quelle liste ?", reply_markup=clavier.listes(choices))
        return
    found = await moi.page_liste(ctx, who.interne_id, choices[0][0], None)
    await update.message.reply_text(
        textes.page(found), reply_markup=clavier.pages(choices[0][0], found.page, found.pages)
    )


@interne_seulement
async def page(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """◀ ▶ pressed (or a list chosen): the list id is re-checked among his own lists."""
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    ctx = contexte(context, update)
    mine = dict(await moi.liste_ids(ctx, who.interne_id))
    if pressed is None or len(pressed.values) != 2 or pressed.values[0] not in mine:
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste_id, wanted = pressed.values
    found = await moi.page_liste(ctx, who.interne_id, liste_id, None if wanted < 0 else wanted)
    markup = clavier.pages(liste_id, found.page, found.pages)
    text = textes.page(found)
    if textes.brut(text) != query.message.text or markup != query.message.reply_markup:
        await query.edit_message_text(text, reply_markup=markup)  # else Telegram refuses it


@interne_seulement
async def postes(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _send(update, textes.postes(await moi.postes(contexte(context, update), who.interne_id)))


@interne_seulement
async def mandataire(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    code, link = await comptes.lien_mandataire(contexte(context, update), who.interne_id)
    await update.message.reply_text(textes.lien_mandataire(code, link))
