"""The call of a list from the gestionnaire's phone: one "appel" message showing who is called,
the next five and the pace, with buttons for the acts of the call (the same engine, rules and
journal as `amphi appel`). Every button carries the list's version (its last journal entry): a
press on a keyboard another gestionnaire, or `amphi appel` on a laptop, made outdated is refused
and the message redrawn, so a place is never given twice."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import appel, classement
from bot.operations.appel import EtatAppel
from bot.operations.comptes import Qui
from bot.operations.moi import naturel
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, gestionnaire_seulement
from ranking.cycle import Etat
from ranking.errors import Refused

APPEL = "A"
MONTRER, OUVRIR, POSTES, CHOISIR, ABSENT, PROCURATION, INJOIGNABLE, ANNULER, CLORE = range(9)
PAR_PAGE = 8
ACTIONS = {ABSENT: "absent", PROCURATION: "procuration", INJOIGNABLE: "injoignable",
           ANNULER: "annuler", CLORE: "clore"}  # fmt: skip


@gestionnaire_seulement
async def commande(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """/appel: a button per list that can be called (final order validated) or is being called."""
    ctx = contexte(context, update)
    found = await classement.situation(ctx)
    rows = []
    for liste, _ in found.listes:
        if liste.etat is Etat.CHOIX_OUVERT or (liste.etat is Etat.FINAL and liste.final_valide):
            _, version = await classement.version(ctx, liste.id)
            label = f"{liste.nom} — {classement.etat_label(liste)}"
            rows.append([_button(label, liste.id, version, MONTRER)])
    if not rows:
        await update.message.reply_text(textes.AUCUNE_LISTE_A_APPELER)
        return
    await update.message.reply_text(textes.CHOISIR_APPEL, reply_markup=InlineKeyboardMarkup(rows))


@gestionnaire_seulement
async def bouton(update: Update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    query = update.callback_query
    await query.answer()
    pressed = clavier.parse(query.data)
    if pressed is None or len(pressed.values) < 3:
        await query.message.reply_text(textes.BOUTON_PERIME)
        return
    liste_id, version, op, *args = pressed.values
    ctx = contexte(context, update)
    liste, current = await classement.version(ctx, liste_id)
    if version != current and op != MONTRER:
        await query.message.reply_text(textes.CLAVIER_PERIME)
        await _redraw(query, ctx, liste_id, new=True)
        return
    try:
        said = await _act(ctx, liste.nom, op, args)
    except Refused as refusal:
        await query.message.reply_text(textes.refus(refusal))
        await _redraw(query, ctx, liste_id, new=True)
        return
    if said:
        await query.message.reply_text(textes.acte(said))
    page = args[0] if op == POSTES and args else None
    await _redraw(query, ctx, liste_id, postes=page, new=bool(said))


async def _act(ctx, nom: str, op: int, args: list[int]) -> str | None:
    if op == OUVRIR:
        await appel.ouvrir(ctx, nom)
        return "choix ouvert"
    if op == CHOISIR and args:
        state = await appel.etat(ctx, nom)
        postes = postes_ordonnes(state)
        if not 0 <= args[0] < len(postes):
            raise Refused("ce poste n'est plus proposé : la liste a été rafraîchie")
        said, _ = await appel.agir(ctx, nom, "choisir", state.appel.appele(), postes[args[0]])
        return said
    if op in ACTIONS:
        state = await appel.etat(ctx, nom)
        key = state.appel.attente if op == INJOIGNABLE else state.appel.appele()
        needs_key = op not in (ANNULER, CLORE)
        said, _ = await appel.agir(ctx, nom, ACTIONS[op], key if needs_key else None)
        return said
    return None


def postes_ordonnes(state: EtatAppel) -> list[str]:
    """All postes of the list in natural order: an index in callback data stays valid."""
    return sorted(state.appel.capacites, key=naturel)


async def _redraw(query, ctx, liste_id: int, postes: int | None = None, new: bool = False) -> None:
    liste, version = await classement.version(ctx, liste_id)
    if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
        text = textes.appel_a_ouvrir(liste.nom)
        markup = InlineKeyboardMarkup([[_button("Ouvrir le choix", liste.id, version, OUVRIR)]])
    else:
        state = await appel.etat(ctx, liste.nom)
        text = textes.appel(state)
        markup = _keyboard(state, liste.id, version, postes)
    if new:
        await query.message.reply_text(text, reply_markup=markup)
    elif textes.brut(text) != query.message.text or markup != query.message.reply_markup:
        await query.edit_message_text(text, reply_markup=markup)


def _keyboard(state: EtatAppel, liste_id: int, version: int, page: int | None):
    at = (liste_id, version)
    if state.appel.clos:
        return None
    if page is not None:
        postes = postes_ordonnes(state)
        open_ones = [i for i, poste in enumerate(postes) if state.ouverts.get(poste, 0) > 0]
        pages = max(1, -(-len(open_ones) // PAR_PAGE))
        page = min(max(page, 0), pages - 1)
        rows = [[_button(f"{postes[i]} ({state.ouverts[postes[i]]} place(s))", *at, CHOISIR, i)]
                for i in open_ones[page * PAR_PAGE : (page + 1) * PAR_PAGE]]  # fmt: skip
        navigation = []
        if page > 0:
            navigation.append(_button("◀", *at, POSTES, page - 1))
        if page + 1 < pages:
            navigation.append(_button("▶", *at, POSTES, page + 1))
        rows += [navigation] if navigation else []
        rows.append([_button("◀ Retour", *at, MONTRER)])
        return InlineKeyboardMarkup(rows)
    rows = []
    if state.appele is not None:
        rows.append([_button("a choisi…", *at, POSTES, 0), _button("absent", *at, ABSENT)])
        rows.append([_button("appliquer la procuration", *at, PROCURATION)])
    if state.attente is not None:
        rows.append([_button("injoignable", *at, INJOIGNABLE)])
    rows.append([_button("annuler le dernier choix", *at, ANNULER)])
    if state.appele is None and state.attente is None:
        rows.append([_button("clore la liste", *at, CLORE)])
    return InlineKeyboardMarkup(rows)


def _button(label: str, *values: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=clavier.pack(APPEL, *values))
