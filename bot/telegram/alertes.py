"""Alerts on choice day: every second the watcher plans what the call owes each bound interne
(from the database: the bot's own acts and those of `amphi appel` elsewhere alike) and sends
what is not sent yet, each once. A user who blocked the bot is recorded and skipped. The live
board in the configured group is edited as the call moves."""

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.operations import alertes, appel
from bot.operations.comptes import Qui
from bot.telegram import distance, textes
from bot.telegram.acces import CTX, TELEGRAM, contexte
from bot.telegram.interne import interne_seulement
from ranking.errors import Refused

logger = logging.getLogger("amphi.bot")
INTERVALLE = 1.0


async def veiller(context: ContextTypes.DEFAULT_TYPE) -> None:
    ctx = context.bot_data[CTX]
    await alertes.expirer_delais(ctx)
    await alertes.planifier(ctx)
    for envoi in await alertes.a_envoyer(ctx):
        data = envoi.donnees
        markup = None
        if data["sorte"] == "tour" and data["liste"] in ctx.config.a_distance:
            markup = distance.bouton_tour(data["liste_id"])
        try:
            await context.bot.send_message(
                envoi.telegram_id, textes.alerte(data), reply_markup=markup
            )
        except Forbidden:
            await alertes.envoyee(ctx, envoi.cle, "bloqué par l'utilisateur")
            continue
        except TelegramError as error:  # sent again at the next round
            logger.warning("alerte %s non envoyée : %s", envoi.cle, error)
            continue
        await alertes.envoyee(ctx, envoi.cle)


@interne_seulement
async def reglage(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """/alertes shows the distances; /alertes 10 3 sets them."""
    ctx = contexte(context, update)
    if not context.args:
        current = await alertes.reglage(ctx, who.interne_id)
        await update.message.reply_text(textes.reglage_alertes(current))
        return
    if not all(arg.isdigit() and len(arg) <= 3 for arg in context.args):
        raise Refused("écrire /alertes suivi de 1 à 3 nombres de tours, par exemple /alertes 10 3")
    chosen = await alertes.regler(ctx, who.interne_id, [int(arg) for arg in context.args])
    await update.message.reply_text(textes.reglage_alertes(chosen))


TABLEAU_INTERVALLE = 3.0  # a group accepts about 20 messages a minute: edits are coalesced


async def tableau(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The live board: one message per list being called, edited when what it shows changed."""
    config = context.bot_data[TELEGRAM]
    if config.tableau is None:
        return
    ctx = context.bot_data[CTX]
    for nom in await alertes.listes_en_cours(ctx):
        text = textes.tableau(await appel.etat(ctx, nom))
        shown = await alertes.affiche(ctx, nom, config.tableau)
        if shown.ancien == text:
            continue
        try:
            if shown.message_id is None:
                sent = await context.bot.send_message(config.tableau, text)
                message_id = sent.message_id
            else:
                await context.bot.edit_message_text(text, config.tableau, shown.message_id)
                message_id = shown.message_id
        except TelegramError as error:
            logger.warning("tableau de « %s » non mis à jour : %s", nom, error)
            continue
        await alertes.afficher(ctx, shown.liste_id, config.tableau, message_id, text)
