"""Remote choice: on a list chosen from Telegram (`[appel] a_distance`), the called interne gets
his turn's alert with « Choisir mon poste », picks from the open postes and confirms; the engine
checks it is still his turn (a press after his turn, or after his time ran out, is refused)."""

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import appel, moi
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte
from bot.telegram.interne import interne_seulement
from bot.telegram.reveil import reveiller
from ranking.errors import Refused

DISTANCE = "R"
POSTES, CHOISIR, CONFIRMER = range(3)
PAR_PAGE = 8


def bouton_tour(liste_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("Choisir mon poste", liste_id, POSTES, 0)]])


@interne_seulement
async def bouton(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    if pressed is None or len(pressed.values) != 3:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste_id, op, arg = pressed.values
    ctx = contexte(context, update)
    nom = next((n for i, n in await moi.liste_ids(ctx, who.interne_id) if i == liste_id), None)
    if nom is None or nom not in ctx.config.a_distance:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    state = await appel.etat(ctx, nom)
    called = state.appel.appele()
    if called is None or called[0] != who.interne_id:
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(textes.PLUS_VOTRE_TOUR)
        return
    postes = appel.postes_ordonnes(state)
    if op == CONFIRMER and 0 <= arg < len(postes):
        try:
            said, _ = await appel.agir(ctx, nom, "choisir", called, postes[arg])
        except Refused as refusal:
            await query.message.reply_text(textes.refus(refusal))
            return
        reveiller(context)
        await query.edit_message_text(textes.acte(said))
        return
    if op == CHOISIR and 0 <= arg < len(postes):
        markup = InlineKeyboardMarkup([[
            _button(f"Confirmer {postes[arg]}", liste_id, CONFIRMER, arg),
            _button("◀ Autre poste", liste_id, POSTES, 0),
        ]])  # fmt: skip
        await query.edit_message_text(textes.confirmer_poste(postes[arg]), reply_markup=markup)
        return
    open_ones = [i for i, poste in enumerate(postes) if state.ouverts.get(poste, 0) > 0]
    pages = max(1, -(-len(open_ones) // PAR_PAGE))
    page = min(max(arg, 0), pages - 1)
    rows = [[_button(f"{postes[i]} ({state.ouverts[postes[i]]})", liste_id, CHOISIR, i)]
            for i in open_ones[page * PAR_PAGE : (page + 1) * PAR_PAGE]]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(_button("◀", liste_id, POSTES, page - 1))
    if page + 1 < pages:
        navigation.append(_button("▶", liste_id, POSTES, page + 1))
    rows += [navigation] if navigation else []
    text = textes.postes_ouverts(nom, state.delai_restant(datetime.now(UTC)))
    await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


def _button(label: str, *values: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=clavier.pack(DISTANCE, *values))
