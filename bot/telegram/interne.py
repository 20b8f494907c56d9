"""What an interne reads: /rang, /pourquoi, /liste (paged), /postes. Each handler checks the
role from the database and passes the interne bound to the account, never one the user names."""

from telegram import Update
from telegram.ext import ContextTypes

from bot.operations import comptes, moi
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import INTERNE, bouton, commande, contexte
from bot.telegram.clavier import LISTE
from bot.telegram.ecran import editer
from ranking.errors import Refused


async def _send(update: Update, text: str) -> None:
    for chunk in textes.morceaux(text):
        await update.effective_message.reply_text(chunk)


@commande(INTERNE)
async def rang(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _send(update, textes.rangs(await moi.rangs(contexte(context, who), who.interne_id)))


@commande(INTERNE)
async def pourquoi(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    found = await moi.pourquoi(contexte(context, who), who.interne_id)
    for text in textes.pourquoi(found):
        await _send(update, text)


@commande(INTERNE)
async def liste(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    ctx = contexte(context, who)
    choices = await moi.liste_ids(ctx, who.interne_id)
    if len(choices) > 1:
        await update.message.reply_text("Quelle liste ?", reply_markup=clavier.listes(choices))
        return
    found = await moi.page_liste(ctx, who.interne_id, choices[0][0], None)
    await update.message.reply_text(
        textes.page(found), reply_markup=clavier.pages(choices[0][0], found.page, found.pages)
    )


@bouton(LISTE, INTERNE)
async def page(query, context: ContextTypes.DEFAULT_TYPE, who: Qui, data) -> None:
    """◀ ▶ pressed (or a list chosen): the list id is re-checked among his own lists."""
    ctx = contexte(context, who)
    if data.liste not in dict(await moi.liste_ids(ctx, who.interne_id)):
        raise Refused("cette liste n'est pas la vôtre")
    wanted = None if data.page < 0 else data.page
    found = await moi.page_liste(ctx, who.interne_id, data.liste, wanted)
    await editer(query, textes.page(found), clavier.pages(data.liste, found.page, found.pages))


@commande(INTERNE)
async def postes(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    await _send(update, textes.postes(await moi.postes(contexte(context, who), who.interne_id)))


@commande(INTERNE)
async def mandataire(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    code, link = await comptes.lien_mandataire(contexte(context, who), who.interne_id)
    await update.message.reply_text(textes.lien_mandataire(code, link))
