"""Remote choice: on a list chosen from Telegram (`[appel] a_distance`), the called interne gets
his turn's alert with « Choisir mon poste », picks from the open postes and confirms. The
operation checks, in the choice's own transaction, that it is still his turn; a press after his
turn (or before it) is told what is true, and « Confirmer » pressed twice is told what he holds."""

import contextlib

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.operations import appel
from bot.operations.comptes import Qui
from bot.telegram import recherche
from bot.telegram.acces import INTERNE, bouton, commande
from bot.telegram.clavier import Famille, Sorte, retirer
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer, retirer_clavier
from bot.telegram.reveil import reveiller
from bot.telegram.textes import commun
from bot.telegram.textes import distance as textes
from ranking.errors import DejaFait, Refused
from ranking.horloge import now
from ranking.text import matches

ICI = ("liste", "appel")
"""The list, and which call of the interne on it the button belongs to: a button of an
earlier call never acts."""
POSTES = Sorte("Rp", *ICI, "page")
"""« Choisir mon poste », a page of his picker, « ◀ Autre poste »."""
TOUS = Sorte("Rt", *ICI)
"""Every open poste again, the search forgotten."""
CHOISIR = Sorte("Rc", *ICI, "poste")
"""A poste picked: asked to confirm."""
CONFIRMER = Sorte("Rk", *ICI, "poste")
retirer("R")  # before each press had its kind: « R:liste:appel:op:arg »
DISTANCE = Famille(POSTES, TOUS, CHOISIR, CONFIRMER)
PAR_PAGE = 8
TOUR = "tour_a_distance"
"""The interne's last picker: (list, call, message), what a typed search looks in."""


def bouton_tour(liste_id: int, appel_no: int) -> InlineKeyboardMarkup:
    button = POSTES.bouton(textes.BOUTON_CHOISIR, liste=liste_id, appel=appel_no)
    return InlineKeyboardMarkup([[button]])


@bouton(DISTANCE, INTERNE)
async def bouton_distance(query, context: ContexteBot, who: Qui, data) -> None:
    ctx = context.ctx
    try:
        if data.sorte is CONFIRMER:
            poste, terrain = await appel.choisir_a_distance(
                ctx, who.interne_id, data.liste, data.appel, data.poste
            )
            reveiller(context)
            await editer(query, textes.choix_fait(poste, terrain))
            return
        voulu = data.poste if data.sorte is CHOISIR else None
        tour = await appel.tour_a_distance(ctx, who.interne_id, data.liste, data.appel, voulu)
        context.user_data[TOUR] = (data.liste, data.appel, query.message.message_id)
    except DejaFait as done:
        await editer(query, commun.deja(done))
        return
    except Refused as refusal:
        await retirer_clavier(query)
        await query.message.reply_text(commun.phrase(refusal))
        return
    if data.sorte is CHOISIR and 0 <= data.poste < len(tour.postes):
        poste = tour.postes[data.poste]
        terrain = tour.etat.terrains.get(poste, "")
        at = {"liste": data.liste, "appel": data.appel}
        markup = InlineKeyboardMarkup([[
            CONFIRMER.bouton(textes.bouton_confirmer_poste(poste), **at, poste=data.poste),
            POSTES.bouton(textes.BOUTON_AUTRE_POSTE, **at),
        ]])  # fmt: skip
        await editer(query, textes.confirmer_poste(poste, terrain), markup)
        return
    if data.sorte is TOUS:
        recherche.oublier(context.chat_data, query.message.message_id)
    filtre = recherche.du_message(context, query)
    page = max(data.page, 0) if data.sorte is POSTES else 0
    await editer(query, *_postes(tour, data.liste, data.appel, page, filtre))


@commande(INTERNE)
async def rechercher(update, context: ContexteBot, who: Qui) -> None:
    """A typed text while choosing from his phone: a new picker with the open postes whose
    name begins with those words (the older picker loses its buttons)."""
    remembered = context.user_data.get(TOUR)
    if remembered is None:
        await update.message.reply_text(textes.RECHERCHE_HORS_TOUR)
        return
    liste_id, appel_no, older = remembered
    try:
        tour = await appel.tour_a_distance(context.ctx, who.interne_id, liste_id, appel_no)
    except Refused as refusal:
        context.user_data.pop(TOUR, None)
        await update.message.reply_text(commun.phrase(refusal))
        return
    filtre = recherche.nettoyer(update.message.text or "")
    text, markup = _postes(tour, liste_id, appel_no, 0, filtre)
    sent = await update.message.reply_text(text, reply_markup=markup)
    recherche.retenir(context.chat_data, sent.message_id, filtre)
    context.user_data[TOUR] = (liste_id, appel_no, sent.message_id)
    with contextlib.suppress(TelegramError):  # deleted or too old: nothing to press on it
        await context.bot.edit_message_reply_markup(update.effective_chat.id, older)


def _postes(tour: appel.TourADistance, liste_id: int, appel_no: int, page: int, filtre: str):
    ouverts = tour.etat.ouverts
    libelles = tour.etat.libelles
    open_ones = [
        i for i in tour.ordre()
        if matches(filtre, tour.postes[i], *libelles.get(tour.postes[i], ("", None)))
    ]  # fmt: skip
    pages = max(1, -(-len(open_ones) // PAR_PAGE))
    page = min(page, pages - 1)
    rows = [
        [CHOISIR.bouton(
            commun.poste_bouton(tour.postes[i], libelles.get(tour.postes[i], ("", None)),
                                ouverts[tour.postes[i]]),
            liste=liste_id, appel=appel_no, poste=i,
        )]
        for i in open_ones[page * PAR_PAGE : (page + 1) * PAR_PAGE]
    ]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(
            POSTES.bouton(commun.BOUTON_PRECEDENT, liste=liste_id, appel=appel_no, page=page - 1)
        )
    if page + 1 < pages:
        navigation.append(
            POSTES.bouton(commun.BOUTON_SUIVANT, liste=liste_id, appel=appel_no, page=page + 1)
        )
    rows += [navigation] if navigation else []
    if filtre:
        rows.append([TOUS.bouton(commun.BOUTON_TOUS_LES_POSTES, liste=liste_id, appel=appel_no)])
    text = textes.postes_ouverts(tour.liste.nom, tour.etat.delai_restant(now()))
    search = commun.recherche(filtre, len(open_ones)) if filtre else commun.RECHERCHE_POSSIBLE
    hidden = f"\n{commun.masques(len(tour.interdits))}" if tour.interdits else ""
    return f"{text}\n{search}{hidden}", InlineKeyboardMarkup(rows)
