"""Remote choice: on a list chosen from Telegram (`[appel] a_distance`), the called interne gets
his turn's alert with « Choisir mon poste », picks from the open postes and confirms. The
operation checks, in the choice's own transaction, that it is still his turn; a press after his
turn (or before it) is told what is true, and « Confirmer » pressed twice is told what he holds."""

from telegram import InlineKeyboardMarkup
from telegram.ext import ContextTypes

from bot.operations import appel
from bot.operations.comptes import Qui
from bot.telegram import textes
from bot.telegram.acces import INTERNE, bouton, contexte
from bot.telegram.clavier import Sorte
from bot.telegram.ecran import editer
from bot.telegram.reveil import reveiller
from ranking.errors import DejaFait, Refused
from ranking.horloge import now

DISTANCE = Sorte("R", "liste", "appel", "op", "arg")
"""`appel`: which call of his the button belongs to; a button of an earlier call never acts."""
POSTES, CHOISIR, CONFIRMER = range(3)
PAR_PAGE = 8


def bouton_tour(liste_id: int, appel_no: int) -> InlineKeyboardMarkup:
    button = DISTANCE.bouton("Choisir mon poste", liste=liste_id, appel=appel_no, op=POSTES)
    return InlineKeyboardMarkup([[button]])


@bouton(DISTANCE, INTERNE)
async def bouton_distance(query, context: ContextTypes.DEFAULT_TYPE, who: Qui, data) -> None:
    ctx = contexte(context, who)
    try:
        if data.op == CONFIRMER:
            poste, terrain = await appel.choisir_a_distance(
                ctx, who.interne_id, data.liste, data.appel, data.arg
            )
            reveiller(context)
            await editer(query, textes.choix_fait(poste, terrain))
            return
        tour = await appel.tour_a_distance(ctx, who.interne_id, data.liste, data.appel)
    except DejaFait as done:
        await editer(query, textes.deja(done))
        return
    except Refused as refusal:
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(textes.phrase(refusal))
        return
    if data.op == CHOISIR and 0 <= data.arg < len(tour.postes):
        poste = tour.postes[data.arg]
        terrain = tour.etat.terrains.get(poste, "")
        at = {"liste": data.liste, "appel": data.appel}
        markup = InlineKeyboardMarkup([[
            DISTANCE.bouton(f"Confirmer {poste}", **at, op=CONFIRMER, arg=data.arg),
            DISTANCE.bouton("◀ Autre poste", **at, op=POSTES),
        ]])  # fmt: skip
        await editer(query, textes.confirmer_poste(poste, terrain), markup)
        return
    await editer(query, *_postes(tour, data.liste, data.appel, max(data.arg, 0)))


def _postes(tour: appel.TourADistance, liste_id: int, appel_no: int, page: int):
    ouverts = tour.etat.ouverts
    open_ones = tour.ordre()
    pages = max(1, -(-len(open_ones) // PAR_PAGE))
    page = min(page, pages - 1)
    libelles = tour.etat.libelles
    rows = [
        [DISTANCE.bouton(
            textes.poste_bouton(tour.postes[i], libelles.get(tour.postes[i], ("", None)),
                                ouverts[tour.postes[i]]),
            liste=liste_id, appel=appel_no, op=CHOISIR, arg=i,
        )]
        for i in open_ones[page * PAR_PAGE : (page + 1) * PAR_PAGE]
    ]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(
            DISTANCE.bouton("◀", liste=liste_id, appel=appel_no, op=POSTES, arg=page - 1)
        )
    if page + 1 < pages:
        navigation.append(
            DISTANCE.bouton("▶", liste=liste_id, appel=appel_no, op=POSTES, arg=page + 1)
        )
    rows += [navigation] if navigation else []
    text = textes.postes_ouverts(tour.liste.nom, tour.etat.delai_restant(now()))
    return text, InlineKeyboardMarkup(rows)
