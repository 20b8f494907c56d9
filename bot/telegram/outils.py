"""What a gestionnaire does with a list besides ranking and calling it, from its card (/listes):
the results as CSV, the procurations sheet with the phones to call, who has not bound his
Telegram yet, a message to every bound interne of the list, re-opening the ranking (with its
motif) and re-offering a closed list's places left. Acts that cannot be taken back ask for a
confirming press that says, in one line, what will happen; every act checks the version of
the card it was pressed on."""

import io
import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.operations import alertes, appel, classement, comptes, editions, voeux
from bot.operations.classement import Fiche
from bot.operations.comptes import Qui
from bot.operations.tableur import csv_text
from bot.telegram.acces import GESTIONNAIRE, bouton
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer, retirer_clavier
from bot.telegram.reveil import reveiller
from bot.telegram.textes import classement as textes_classement
from bot.telegram.textes import commun
from bot.telegram.textes import outils as textes
from ranking.cycle import Etat, Motif
from ranking.errors import DejaFait, Perime, Refused

OUTIL = Sorte("O", "liste", "version", "op", "arg")
(RESULTATS, PROCURATIONS, SANS_TELEGRAM, MESSAGE, ROUVRIR, ROUVRIR_MOTIF, ROUVRIR_OUI,
 REOFFRIR, REOFFRIR_VERS, REOFFRIR_OUI, ENVOYER, RETOUR, NE_PAS_ENVOYER) = range(13)  # fmt: skip
MOTIFS = tuple(Motif)
TEXTE, CONFIRMATION = range(2)
_MESSAGE = "message_liste"
"""The message being written: the list it goes to, and its text once typed."""


def boutons(shown: Fiche) -> list[list[InlineKeyboardButton]]:
    """The card's rows for these tools, as the list's state allows them."""
    liste = shown.liste
    at = {"liste": liste.id, "version": shown.version}
    called = liste.etat in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS)
    rows = []
    if called:
        rows.append([OUTIL.bouton(textes.BOUTON_RESULTATS, **at, op=RESULTATS)])
    rows.append([
        OUTIL.bouton(textes.BOUTON_PROCURATIONS, **at, op=PROCURATIONS),
        OUTIL.bouton(textes.BOUTON_SANS_TELEGRAM, **at, op=SANS_TELEGRAM),
    ])  # fmt: skip
    rows.append([OUTIL.bouton(textes.BOUTON_MESSAGE, **at, op=MESSAGE)])
    if liste.etat is Etat.CHOIX_CLOS:
        rows.append([OUTIL.bouton(textes.BOUTON_REOFFRIR, **at, op=REOFFRIR)])
    if called:
        rows.append([OUTIL.bouton(textes.BOUTON_ROUVRIR, **at, op=ROUVRIR)])
    return rows


@bouton(OUTIL, GESTIONNAIRE)
async def bouton_outil(query, context: ContexteBot, who: Qui, data) -> str | None:
    ctx = context.ctx
    shown = await classement.fiche(ctx, data.liste)
    at = {"liste": data.liste, "version": data.version}
    if data.op == RESULTATS:
        await _resultats(query, ctx, shown)
    elif data.op == PROCURATIONS:
        liste, lignes = await voeux.feuille_procurations(ctx, data.liste)
        for part in commun.morceaux(textes.feuille_procurations(liste.nom, lignes)):
            await query.message.reply_text(part)
    elif data.op == SANS_TELEGRAM:
        liste, lignes = await comptes.sans_telegram(ctx, data.liste)
        for part in commun.morceaux(textes.sans_telegram(liste.nom, lignes)):
            await query.message.reply_text(part)
    elif data.op == ROUVRIR:
        await classement.verifier_rouvrir(ctx, data.liste)
        rows = [
            [OUTIL.bouton(m.label, **at, op=ROUVRIR_MOTIF, arg=n)] for n, m in enumerate(MOTIFS)
        ]
        rows.append([OUTIL.bouton(commun.BOUTON_RETOUR, **at, op=RETOUR)])
        await editer(query, textes.ROUVRIR_MOTIF, InlineKeyboardMarkup(rows))
    elif data.op == ROUVRIR_MOTIF and 0 <= data.arg < len(MOTIFS):
        text = commun.a_confirmer(textes.rouvrir(shown.liste.nom, MOTIFS[data.arg].label))
        await editer(query, text, _confirmer(at, ROUVRIR_OUI, data.arg, "rouvrir le classement"))
    elif data.op == ROUVRIR_OUI and 0 <= data.arg < len(MOTIFS):
        return await _agir(query, context, ctx, data, _rouvrir)
    elif data.op == REOFFRIR:
        cibles = await appel.cibles_reoffre(ctx, shown.liste.nom)
        rows = [
            [OUTIL.bouton(textes.bouton_vers(c.nom), **at, op=REOFFRIR_VERS, arg=c.id)]
            for c in cibles
        ]
        rows.append([OUTIL.bouton(commun.BOUTON_RETOUR, **at, op=RETOUR)])
        await editer(query, textes.reoffrir_vers(shown.liste.nom, bool(cibles)),
                     InlineKeyboardMarkup(rows))  # fmt: skip
    elif data.op == REOFFRIR_VERS:
        cible = await classement.liste_par_id(ctx, data.arg)
        text = commun.a_confirmer(textes.reoffrir(shown.liste.nom, cible.nom))
        await editer(query, text, _confirmer(at, REOFFRIR_OUI, data.arg, "ré-offrir"))
    elif data.op == REOFFRIR_OUI:
        return await _agir(query, context, ctx, data, _reoffrir)
    elif data.op == RETOUR:
        await editer(query, *_carte(shown))
    elif data.op in (ENVOYER, NE_PAS_ENVOYER):  # the message's saisie is over (a restart)
        await retirer_clavier(query)
        return textes.MESSAGE_NON_ENVOYE
    else:
        raise Refused(commun.BOUTON_PERIME)
    return None


def _confirmer(at: dict, op: int, arg: int, what: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [OUTIL.bouton(commun.bouton_confirmer(what), **at, op=op, arg=arg)],
        [OUTIL.bouton(commun.BOUTON_RETOUR, **at, op=RETOUR)],
    ])  # fmt: skip


def _carte(shown: Fiche) -> tuple[str, InlineKeyboardMarkup]:
    """The card of a list being called or closed: these tools are all it offers."""
    return textes_classement.fiche(
        shown.liste, classement.etat_label(shown.liste)
    ), InlineKeyboardMarkup(boutons(shown))


async def _agir(query, context, ctx, data, act) -> str | None:
    """An act confirmed on the card of `data.version`: done once, or said why not."""
    try:
        said = await act(ctx, data)
    except DejaFait as done:
        return commun.deja_court(done)
    except Perime:
        await editer(query, *_carte(await classement.fiche(ctx, data.liste)))
        return commun.CLAVIER_PERIME
    reveiller(context)
    shown = await classement.fiche(ctx, data.liste)
    text, markup = _carte(shown)
    await editer(query, f"{commun.acte(said)}\n\n{text}", markup)
    return None


async def _rouvrir(ctx, data) -> str:
    nom = (await classement.liste_par_id(ctx, data.liste)).nom
    liste = await classement.rouvrir(ctx, nom, MOTIFS[data.arg], data.version)
    return textes.rouvert(liste.nom, MOTIFS[data.arg].label)


async def _reoffrir(ctx, data) -> str:
    nom = (await classement.liste_par_id(ctx, data.liste)).nom
    cible = await classement.liste_par_id(ctx, data.arg)
    _, created = await appel.reoffrir(ctx, nom, cible.nom, data.version)
    return textes.reoffert(nom, cible.nom, len(created))


async def _resultats(query, ctx, shown: Fiche) -> None:
    liste, found, tete = await appel.resultats(ctx, shown.liste.nom)
    data = csv_text(appel.COLONNES_RESULTATS, appel.lignes_resultats(found, tete))
    await query.message.reply_document(
        io.BytesIO(data.encode("utf-8-sig")),
        filename=editions.default_name("resultats", liste.nom).replace(".pdf", ".csv"),
        caption=textes.resultats_csv(liste.nom, len(found.lignes), found.appel.clos),
    )  # fmt: skip


@bouton(OUTIL, GESTIONNAIRE, conversation=True)
async def commencer_message(query, context: ContexteBot, who: Qui, data) -> int:
    nom, count = await alertes.destinataires(context.ctx, data.liste)
    if not count:
        await query.message.reply_text(commun.refus(textes.personne_a_prevenir(nom)))
        return ConversationHandler.END
    context.user_data[_MESSAGE] = {"liste": data.liste}
    await query.message.reply_text(textes.ecrire_message(nom, count))
    return TEXTE


async def texte_message(update: Update, context: ContexteBot) -> int:
    state = context.user_data.get(_MESSAGE)
    if state is None:
        return ConversationHandler.END
    state["texte"] = update.message.text or ""
    nom, count = await alertes.destinataires(context.bot_data.ctx, state["liste"])
    markup = InlineKeyboardMarkup([[
        OUTIL.bouton(textes.bouton_envoyer(count), liste=state["liste"], op=ENVOYER),
        OUTIL.bouton(commun.BOUTON_ANNULER, liste=state["liste"], op=NE_PAS_ENVOYER),
    ]])  # fmt: skip
    await update.message.reply_text(textes.apercu_message(nom, count, state["texte"]),
                                    reply_markup=markup)  # fmt: skip
    return CONFIRMATION


@bouton(OUTIL, GESTIONNAIRE, conversation=True)
async def confirmer_message(query, context: ContexteBot, who: Qui, data) -> int:
    state = context.user_data.pop(_MESSAGE, None)
    await retirer_clavier(query)
    if state is None or data.op != ENVOYER or "texte" not in state:
        await query.message.reply_text(textes.MESSAGE_NON_ENVOYE)
        return ConversationHandler.END
    nom, count = await alertes.diffuser(context.ctx, state["liste"], state["texte"])
    reveiller(context)
    await query.message.reply_text(textes.message_parti(nom, count))
    return ConversationHandler.END


async def annuler_message(update: Update, context: ContexteBot) -> int:
    context.user_data.pop(_MESSAGE, None)
    await update.message.reply_text(textes.MESSAGE_NON_ENVOYE)
    return ConversationHandler.END


def conversation() -> ConversationHandler:
    """« Message aux internes… »: the text typed, shown as it will arrive, then « Envoyer »."""
    private = filters.ChatType.PRIVATE
    start = rf"^O:\d+:-?\d+:{MESSAGE}:"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return ConversationHandler(
            name="message_liste",
            persistent=True,
            entry_points=[CallbackQueryHandler(commencer_message, pattern=start)],
            states={
                TEXTE: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, texte_message)],
                CONFIRMATION: [CallbackQueryHandler(confirmer_message, pattern=OUTIL.motif)],
            },
            fallbacks=[CommandHandler("annuler", annuler_message)],
            allow_reentry=True,
        )
