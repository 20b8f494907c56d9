"""A place the maquette forbids, given anyway from the call screen (règles §6): the gestionnaire
pressed a poste marked ⛔ and read the rule; « Forcer hors maquette… » asks his motif (typed:
it is journaled and printed on the results), shows the act with it, and only « Confirmer » does
it — against the version of the call screen he pressed, so a call that moved meanwhile refuses
it and nothing is given to the next interne."""

import warnings
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.operations import appel
from bot.operations.apercu import apercu
from bot.operations.appel import Acte, Appui
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, bouton
from bot.telegram.clavier import Famille, Sorte, retirer
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import retirer_clavier
from bot.telegram.reveil import reveiller
from bot.telegram.textes import appel as textes
from bot.telegram.textes import commun
from ranking.errors import DejaFait, Perime, Refused

FORCER_CHOIX = Sorte("Hc", "liste", "version", "poste")
"""« Forcer hors maquette… » under a refusal of the called interne's choice of `poste`."""
FORCER_OFFICE = Sorte("Ho", "liste", "version", "absent", "poste")
"""The same for a place given d'office to the absent at `absent`."""
CONFIRMER = Sorte("Hk", "liste", "version")
RENONCER = Sorte("Hr", "liste", "version")
retirer("H")  # before each press had its kind: « H:liste:version:op:a:b »
FORCER = Famille(FORCER_CHOIX, FORCER_OFFICE)
REPONSE = Famille(CONFIRMER, RENONCER)
HORS = Famille(FORCER_CHOIX, FORCER_OFFICE, CONFIRMER, RENONCER)
MOTIF, CONFIRMATION = range(2)
MOTIF_LONGUEUR = 200
"""Characters of a motif kept: the results' PDF prints it on the interne's line."""
_SAISIE = "hors_maquette"
_EN_ATTENTE = "motif à venir"
"""The motif the act is previewed with before it is typed (not shown as such)."""


@dataclass(frozen=True, slots=True)
class Force:
    """The act being forced: on which list, from which screen version, which press."""

    liste: int
    version: int
    action: str
    """The `Acte` (kept by its name: a saisie under way outlives a restart)."""
    poste: int
    absent: int | None

    def appui(self, motif: str) -> Appui:
        acte = Acte(self.action)
        return Appui(acte, poste=self.poste, absent=self.absent, hors_maquette=motif)


def bouton_forcer(liste: int, version: int, poste: int, absent: int | None):
    """The call screen's button under a refusal of the maquette; `absent`: an absent's index
    for a place given d'office (None: the called interne's choice)."""
    label = textes.BOUTON_FORCER
    if absent is None:
        return FORCER_CHOIX.bouton(label, liste=liste, version=version, poste=poste)
    return FORCER_OFFICE.bouton(label, liste=liste, version=version, absent=absent, poste=poste)


@bouton(FORCER, GESTIONNAIRE, conversation=True)
async def demander(query, context: ContexteBot, who: Qui, data) -> int:
    """The motif asked, once the act is found still possible on the screen pressed."""
    office = data.sorte is FORCER_OFFICE
    acte = Acte.OFFICE if office else Acte.CHOISIR
    force = Force(data.liste, data.version, acte.value, data.poste, data.absent if office else None)
    said = await _previsualiser(query.message, context.ctx, force, _EN_ATTENTE)
    if said is None:
        return ConversationHandler.END
    said = said.replace(f"hors maquette : {_EN_ATTENTE}", "hors maquette")
    context.user_data[_SAISIE] = {"force": force}
    await query.message.reply_text(textes.demander_motif(said))
    return MOTIF


async def motif(update: Update, context: ContexteBot) -> int:
    state = context.user_data.get(_SAISIE)
    if state is None:
        return ConversationHandler.END
    typed = " ".join((update.message.text or "").split())[:MOTIF_LONGUEUR]
    if not typed:
        await update.message.reply_text(textes.MOTIF_VIDE)
        return MOTIF
    state["motif"] = typed
    force: Force = state["force"]
    said = await _previsualiser(update.message, context.ctx, force, typed)
    if said is None:
        context.user_data.pop(_SAISIE, None)
        return ConversationHandler.END
    at = {"liste": force.liste, "version": force.version}
    markup = InlineKeyboardMarkup([
        [CONFIRMER.bouton(textes.BOUTON_CONFIRMER_FORCE, **at)],
        [RENONCER.bouton(commun.BOUTON_ANNULER, **at)],
    ])  # fmt: skip
    await update.message.reply_text(commun.a_confirmer(said), reply_markup=markup)
    return CONFIRMATION


@bouton(REPONSE, GESTIONNAIRE, conversation=True)
async def confirmer(query, context: ContexteBot, who: Qui, data) -> int:
    state = context.user_data.pop(_SAISIE, None)
    await retirer_clavier(query)
    if data.sorte is not CONFIRMER or state is None or "motif" not in state:
        await query.message.reply_text(textes.RIEN_FORCE)
        return ConversationHandler.END
    force: Force = state["force"]
    try:
        said, _ = await appel.appuyer(
            context.ctx, force.liste, force.version, force.appui(state["motif"])
        )
    except Refused as refusal:
        await query.message.reply_text(_refus(refusal))
        return ConversationHandler.END
    reveiller(context)  # the call screens follow, this act on their first line
    await query.message.reply_text(commun.acte(said))
    return ConversationHandler.END


@bouton(HORS, GESTIONNAIRE)
async def hors_saisie(query, context: ContexteBot, who: Qui, data) -> str:
    """A confirmation pressed once its saisie is over (done, cancelled, a restart)."""
    if query.message.reply_markup:  # gone already after a double tap
        await retirer_clavier(query)
    return textes.FORCE_TERMINE


async def annuler(update: Update, context: ContexteBot) -> int:
    context.user_data.pop(_SAISIE, None)
    await update.message.reply_text(textes.RIEN_FORCE)
    return ConversationHandler.END


async def _previsualiser(message, ctx, force: Force, motif_: str) -> str | None:
    """The act as it would read with this motif, on the screen version pressed; None once
    refused (said under `message`)."""
    try:
        found, _ = await apercu(ctx, force.liste, force.version, force.appui(motif_))
    except Refused as refusal:
        await message.reply_text(_refus(refusal))
        return None
    return found.phrase


def _refus(refusal: Refused) -> str:
    if isinstance(refusal, DejaFait):
        return commun.deja(refusal)
    if isinstance(refusal, Perime):
        return textes.FORCE_PERIME
    return commun.refus(refusal)


def conversation() -> ConversationHandler:
    """« Forcer hors maquette… »: the motif typed, the act shown with it, then « Confirmer »."""
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return ConversationHandler(
            name="hors_maquette",
            persistent=True,
            entry_points=[CallbackQueryHandler(demander, pattern=FORCER.motif)],
            states={
                MOTIF: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, motif)],
                CONFIRMATION: [CallbackQueryHandler(confirmer, pattern=REPONSE.motif)],
            },
            fallbacks=[CommandHandler("annuler", annuler)],
            allow_reentry=True,
        )
