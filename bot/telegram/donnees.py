"""/mesdonnees: what amphi holds about the interne who asks (RGPD), and unbinding his own
Telegram account from there (confirmed, journaled)."""

from telegram import InlineKeyboardMarkup

from bot.operations import rgpd
from bot.operations.comptes import Qui
from bot.telegram.acces import INTERNE, bouton, commande
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer, retirer_clavier
from bot.telegram.textes import commun
from bot.telegram.textes import comptes as textes

DONNEES = Sorte("M", "op")
DEMANDER, DELIER, GARDER = range(3)


@commande(INTERNE)
async def mes_donnees(update, context: ContexteBot, who: Qui) -> None:
    found = await rgpd.mes_donnees(context.ctx, who.interne_id, who.telegram_id)
    markup = InlineKeyboardMarkup([[DONNEES.bouton(textes.BOUTON_DELIER, op=DEMANDER)]])
    await update.message.reply_text(textes.mes_donnees(found), reply_markup=markup)


@bouton(DONNEES, INTERNE)
async def bouton_donnees(query, context: ContexteBot, who: Qui, data) -> str | None:
    if data.op == DEMANDER:
        markup = InlineKeyboardMarkup([
            [DONNEES.bouton(textes.BOUTON_CONFIRMER_DELIER, op=DELIER)],
            [DONNEES.bouton(textes.BOUTON_GARDER, op=GARDER)],
        ])  # fmt: skip
        await editer(query, textes.DELIER_SOI, markup)
        return None
    if data.op == GARDER:
        await retirer_clavier(query)
        return textes.COMPTE_GARDE
    if data.op != DELIER:
        return commun.BOUTON_PERIME
    await rgpd.delier_soi(context.ctx, who.telegram_id)
    await editer(query, textes.COMPTE_DELIE, None)
    return None
