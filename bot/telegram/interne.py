"""What an interne reads: /rang, /pourquoi, /liste (paged), /postes, /mandataire (his
mandataires, revoked with a button, and a link for a new one). Each handler checks the role
from the database and passes the interne bound to the account, never one the user names."""

from telegram import InlineKeyboardMarkup, Update

from bot.operations import comptes, moi, validation
from bot.operations.comptes import Qui
from bot.telegram import clavier
from bot.telegram.acces import INTERNE, bouton, commande
from bot.telegram.clavier import LISTE, Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.textes import commun
from bot.telegram.textes import interne as textes
from bot.telegram.textes import stages as textes_stages
from ranking.errors import Refused

REVOQUER = Sorte("Q", "telegram")
"""« Révoquer » one of his mandataires (re-checked: only a mandataire of his own)."""


async def _send(update: Update, text: str) -> None:
    for chunk in commun.morceaux(text):
        await update.effective_message.reply_text(chunk)


@commande(INTERNE)
async def rang(update: Update, context: ContexteBot, who: Qui) -> None:
    await _send(update, textes.rangs(await moi.rangs(context.ctx, who.interne_id)))


@commande(INTERNE)
async def pourquoi(update: Update, context: ContexteBot, who: Qui) -> None:
    ctx = context.ctx
    try:
        found = textes.pourquoi(await moi.pourquoi(ctx, who.interne_id), [])
    except Refused as refusal:  # on no list yet (a new semester): his stages still stand
        found = [commun.refus(refusal)]
    parcours = await validation.parcours_detail(ctx, who.interne_id)  # stages, then maquette
    said = textes_stages.parcours(parcours.stages, parcours.maquette)
    for text in [*found, said]:
        if text:
            await _send(update, text)


@commande(INTERNE)
async def liste(update: Update, context: ContexteBot, who: Qui) -> None:
    ctx = context.ctx
    choices = await moi.liste_ids(ctx, who.interne_id)
    if len(choices) > 1:
        await update.message.reply_text(textes.QUELLE_LISTE, reply_markup=clavier.listes(choices))
        return
    found = await moi.page_liste(ctx, who.interne_id, choices[0][0], None)
    await update.message.reply_text(
        textes.page(found), reply_markup=clavier.pages(choices[0][0], found.page, found.pages)
    )


@bouton(LISTE, INTERNE)
async def page(query, context: ContexteBot, who: Qui, data) -> None:
    """◀ ▶ pressed (or a list chosen): the list id is re-checked among his own lists."""
    ctx = context.ctx
    if data.liste not in dict(await moi.liste_ids(ctx, who.interne_id)):
        raise Refused(textes.PAS_VOTRE_LISTE)
    wanted = None if data.page < 0 else data.page
    found = await moi.page_liste(ctx, who.interne_id, data.liste, wanted)
    await editer(query, textes.page(found), clavier.pages(data.liste, found.page, found.pages))


@commande(INTERNE)
async def postes(update: Update, context: ContexteBot, who: Qui) -> None:
    await _send(update, textes.postes(await moi.postes(context.ctx, who.interne_id)))


@commande(INTERNE)
async def mandataire(update: Update, context: ContexteBot, who: Qui) -> None:
    """/mandataire: his mandataires, each with « Révoquer », and a new one-time link."""
    ctx = context.ctx
    found = await comptes.mandataires(ctx, who.interne_id)
    await update.message.reply_text(textes.mandataires(found), reply_markup=_revoquer(found))
    code, link = await comptes.lien_mandataire(ctx, who.interne_id)
    await update.message.reply_text(textes.lien_mandataire(code, link))


def _revoquer(found: list[tuple[int, str | None]]) -> InlineKeyboardMarkup | None:
    rows = [[REVOQUER.bouton(textes.bouton_revoquer(nom, telegram_id), telegram=telegram_id)]
            for telegram_id, nom in found]  # fmt: skip
    return InlineKeyboardMarkup(rows) if rows else None


@bouton(REVOQUER, INTERNE)
async def bouton_revoquer(query, context: ContexteBot, who: Qui, data) -> None:
    """Checked against the base: only a mandataire of his own procuration is revoked."""
    ctx = context.ctx
    nom = await comptes.revoquer_mandataire(ctx, who.interne_id, data.telegram)
    found = await comptes.mandataires(ctx, who.interne_id)
    await editer(query, f"{textes.revoque(nom)}\n\n{textes.mandataires(found)}", _revoquer(found))
