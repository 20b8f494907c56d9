"""The call of a list from the gestionnaire's phone: one "appel" message showing who is called,
the next five and the pace, with buttons for the acts of the call (the same engine, rules and
journal as `amphi appel`). Every button carries the list's version (its last journal entry): a
press on a keyboard another gestionnaire, or `amphi appel` on a laptop, made outdated is refused
and the message redrawn, so a place is never given twice. Indexes in the data (a poste, an
absent) are therefore read against the very state the keyboard was drawn from."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.operations import appel, classement
from bot.operations.appel import EtatAppel
from bot.operations.comptes import Qui
from bot.telegram import clavier, textes
from bot.telegram.acces import contexte, gestionnaire_seulement
from bot.telegram.reveil import reveiller
from ranking.cycle import Etat
from ranking.errors import Refused

APPEL = "A"
(MONTRER, OUVRIR, POSTES, CHOISIR, ABSENT, PROCURATION, INJOIGNABLE, ANNULER, CLORE,
 REPORTS, DIFFERER, ABSENTS, ARRIVEE, OFFICE_QUI, OFFICE_POSTES, OFFICE) = range(16)  # fmt: skip
PAR_PAGE = 8
ACTIONS = {ABSENT: "absent", PROCURATION: "procuration", INJOIGNABLE: "injoignable",
           ANNULER: "annuler", CLORE: "clore"}  # fmt: skip
MENUS = {POSTES, REPORTS, ABSENTS, OFFICE_QUI, OFFICE_POSTES}
"""Presses that only show a choice: the message is edited in place, nothing is done."""


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
    """Every press edits the one call screen in place, what was done (or refused) on its first
    line: one message per act, which keeps a fast call within Telegram's pace for a chat."""
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
        await _redraw(query, ctx, liste_id, notice=textes.avertissement(textes.CLAVIER_PERIME))
        return
    try:
        said = None if op in MENUS else await _act(ctx, liste.nom, op, args)
    except Refused as refusal:
        await _redraw(query, ctx, liste_id, notice=textes.avertissement(textes.refus(refusal)))
        return
    if said:
        reveiller(context)
    view = (op, *args) if op in MENUS else None
    await _redraw(query, ctx, liste_id, view=view, notice=textes.acte(said) if said else None)


async def _act(ctx, nom: str, op: int, args: list[int]) -> str | None:
    if op == OUVRIR:
        await appel.ouvrir(ctx, nom)
        return "choix ouvert"
    if op not in (CHOISIR, DIFFERER, ARRIVEE, OFFICE, *ACTIONS):
        return None
    state = await appel.etat(ctx, nom)
    if op == CHOISIR:
        poste = _pick(appel.postes_ordonnes(state), args, 0, "ce poste")
        said, _ = await appel.agir(ctx, nom, "choisir", state.appel.appele(), poste)
    elif op == DIFFERER:
        if len(args) != 1:
            raise Refused("ce report n'est plus proposé : l'écran a été rafraîchi")
        said, _ = await appel.agir(ctx, nom, "differer", state.appel.appele(), apres=args[0])
    elif op == ARRIVEE:
        absent = _pick(state.absents, args, 0, "cet absent")
        said, _ = await appel.agir(ctx, nom, "arrivee", absent.key)
    elif op == OFFICE:
        absent = _pick(state.absents, args, 0, "cet absent")
        poste = _pick(appel.postes_ordonnes(state), args, 1, "ce poste")
        said, _ = await appel.agir(ctx, nom, "office", absent.key, poste)
    else:
        key = state.appel.attente if op == INJOIGNABLE else state.appel.appele()
        needs_key = op not in (ANNULER, CLORE)
        said, _ = await appel.agir(ctx, nom, ACTIONS[op], key if needs_key else None)
    return said


def _pick(items, args: list[int], at: int, what: str):
    if len(args) <= at or not 0 <= args[at] < len(items):
        raise Refused(f"{what} n'est plus proposé : l'écran a été rafraîchi")
    return items[args[at]]


async def _redraw(query, ctx, liste_id: int, view: tuple | None = None, notice=None) -> None:
    liste, version = await classement.version(ctx, liste_id)
    if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
        text = textes.appel_a_ouvrir(liste.nom)
        markup = InlineKeyboardMarkup([[_button("Ouvrir le choix", liste.id, version, OUVRIR)]])
    else:
        state = await appel.etat(ctx, liste.nom)
        text = textes.appel(state)
        markup = _keyboard(state, (liste.id, version), view)
    if notice:
        text = f"{notice}\n\n{text}"
    if textes.brut(text) != query.message.text or markup != query.message.reply_markup:
        await query.edit_message_text(text, reply_markup=markup)


def _keyboard(state: EtatAppel, at: tuple[int, int], view: tuple | None):
    if state.appel.clos:
        return None
    op, *args = view or (None,)
    back = [_button("◀ Retour", *at, MONTRER)]
    if op == POSTES and state.appel.appele() is not None:
        return _postes(state, at, args[:1], CHOISIR, POSTES, [])
    if op == OFFICE_POSTES and len(args) == 2 and 0 <= args[0] < len(state.absents):
        return _postes(state, at, args[1:], OFFICE, OFFICE_POSTES, [args[0]])
    if op == REPORTS and state.appele is not None:
        rows = [[_button(textes.apres(person), *at, DIFFERER, person.rang)]
                for person, _ in state.suivants]  # fmt: skip
        return InlineKeyboardMarkup([*rows, back])
    if op in (ABSENTS, OFFICE_QUI) and state.absents:
        target = ARRIVEE if op == ABSENTS else OFFICE_POSTES
        tail = () if op == ABSENTS else (0,)
        labels = [person.label for person in state.absents]
        return _paged(labels, args[:1], at, lambda i: (target, i, *tail), (op,))
    return _main(state, at)


def _main(state: EtatAppel, at: tuple[int, int]) -> InlineKeyboardMarkup:
    rows = []
    if state.appele is not None:
        rows.append([_button("a choisi…", *at, POSTES, 0), _button("absent", *at, ABSENT)])
        rows.append([_button("appliquer la procuration", *at, PROCURATION)])
        if state.suivants:
            rows.append([_button("différer…", *at, REPORTS)])
    if state.attente is not None:
        rows.append([_button("a choisi… (au téléphone)", *at, POSTES, 0)])
        rows.append([_button("injoignable", *at, INJOIGNABLE)])
    if state.absents and (state.appele is not None or state.attente is not None):
        rows.append([_button("arrivée d'un absent…", *at, ABSENTS)])
    if state.absents and state.appele is None and state.attente is None:
        rows.append([_button("affecter d'office…", *at, OFFICE_QUI)])
    rows.append([_button("annuler le dernier choix", *at, ANNULER)])
    if state.appele is None and state.attente is None:
        rows.append([_button("clore la liste", *at, CLORE)])
    return InlineKeyboardMarkup(rows)


def _postes(state, at, page_arg, choose: int, paging: int, prefix: list[int]):
    """The open postes, paged; each press sends its index in the list's natural order."""
    postes = appel.postes_ordonnes(state)
    open_ones = [i for i, poste in enumerate(postes) if state.ouverts.get(poste, 0) > 0]
    labels = [f"{postes[i]} ({state.ouverts[postes[i]]} place(s))" for i in open_ones]
    return _paged(
        labels, page_arg, at, lambda n: (choose, *prefix, open_ones[n]), (paging, *prefix)
    )


def _paged(labels: list[str], page_arg, at, press, paging: tuple) -> InlineKeyboardMarkup:
    """A button per label, PAR_PAGE at a time, ◀ ▶ between pages and a way back."""
    pages = max(1, -(-len(labels) // PAR_PAGE))
    page = min(max(page_arg[0] if page_arg else 0, 0), pages - 1)
    first = page * PAR_PAGE
    rows = [[_button(label, *at, *press(first + n))]
            for n, label in enumerate(labels[first : first + PAR_PAGE])]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(_button("◀", *at, *paging, page - 1))
    if page + 1 < pages:
        navigation.append(_button("▶", *at, *paging, page + 1))
    rows += [navigation] if navigation else []
    rows.append([_button("◀ Retour", *at, MONTRER)])
    return InlineKeyboardMarkup(rows)


def _button(label: str, *values: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=clavier.pack(APPEL, *values))
