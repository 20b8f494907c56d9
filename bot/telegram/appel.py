"""The call of a list from the gestionnaire's phone: one "appel" message showing who is called,
the next five and the pace, with buttons for the acts of the call (the same engine, rules and
journal as `amphi appel`).

Every button carries the list's version (its last journal entry) and the operation checks it
inside the act's own transaction: a press on a keyboard another gestionnaire, `amphi appel` on
a laptop or a remote choice made outdated is refused and the screen redrawn, never applied to
the next interne; the presser's own act pressed twice is told « déjà fait ». Indexes in the
data (a poste, an absent) are read against the very state the keyboard was drawn from."""

from telegram import InlineKeyboardMarkup
from telegram.ext import ContextTypes

from bot.operations import appel, classement
from bot.operations.appel import Appui, Ecran, EtatAppel
from bot.operations.comptes import Qui
from bot.telegram import textes
from bot.telegram.acces import GESTIONNAIRE, bouton, commande, contexte
from bot.telegram.clavier import Sorte
from bot.telegram.ecran import editer
from bot.telegram.reveil import reveiller
from ranking.errors import DejaFait, Perime, Refused

APPEL = Sorte("A", "liste", "version", "op", "a", "b")
(MONTRER, OUVRIR, POSTES, CHOISIR, ABSENT, PROCURATION, INJOIGNABLE, ANNULER, CLORE,
 REPORTS, DIFFERER, ABSENTS, ARRIVEE, OFFICE_QUI, OFFICE_POSTES, OFFICE,
 DEMANDER) = range(17)  # fmt: skip
PAR_PAGE = 8
ACTIONS = {OUVRIR: "ouvrir", ABSENT: "absent", PROCURATION: "procuration",
           INJOIGNABLE: "injoignable", ANNULER: "annuler", CLORE: "clore"}  # fmt: skip
MENUS = {POSTES, REPORTS, ABSENTS, OFFICE_QUI, OFFICE_POSTES}
"""Presses that only show a choice: the message is edited in place, nothing is done."""
A_CONFIRMER = {ABSENT: "marquer absent", ANNULER: "annuler le dernier choix", CLORE: "clore"}
"""Acts that cannot be taken back in one press: the first press (DEMANDER) says in one line
what the act will do, and only « Confirmer » does it."""


@commande(GESTIONNAIRE)
async def commande_appel(update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """/appel: a button per list that can be called (final order validated) or is being called."""
    ctx = contexte(context, update)
    rows = [
        [APPEL.bouton(f"{liste.nom} — {etat}", liste=liste.id, version=version, op=MONTRER)]
        for liste, version, etat in await classement.a_appeler(ctx)
    ]
    if not rows:
        await update.message.reply_text(textes.AUCUNE_LISTE_A_APPELER)
        return
    await update.message.reply_text(textes.CHOISIR_APPEL, reply_markup=InlineKeyboardMarkup(rows))


@bouton(APPEL, GESTIONNAIRE)
async def bouton_appel(query, context: ContextTypes.DEFAULT_TYPE, who: Qui, data) -> None:
    """Every press edits the one call screen in place, what was done (or refused) on its first
    line: one message per act, which keeps a fast call within Telegram's pace for a chat."""
    ctx = contexte(context, who)
    if data.op == MONTRER or data.op in MENUS:
        view = (data.op, data.a, data.b) if data.op in MENUS else None
        await _dessiner(query, await appel.ecran(ctx, data.liste), view)
        return
    if data.op == DEMANDER:
        await _demander(query, ctx, data)
        return
    appui = _appui(data)
    try:
        said, shown = await appel.appuyer(ctx, data.liste, data.version, appui)
    except DejaFait as done:
        await _dessiner(query, await appel.ecran(ctx, data.liste), notice=textes.deja(done))
        return
    except Perime:
        notice = textes.avertissement(textes.CLAVIER_PERIME)
        await _dessiner(query, await appel.ecran(ctx, data.liste), notice=notice)
        return
    except Refused as refusal:
        notice = textes.avertissement(textes.refus(refusal))
        await _dessiner(query, await appel.ecran(ctx, data.liste), notice=notice)
        return
    reveiller(context)
    await _dessiner(query, shown, notice=textes.acte(said))


async def _demander(query, ctx, data) -> None:
    """The confirmation of an act of A_CONFIRMER: its sentence, nothing done yet."""
    if data.a not in A_CONFIRMER:
        raise Refused(textes.BOUTON_PERIME)
    try:
        said, shown = await appel.previsualiser(
            ctx, data.liste, data.version, Appui(ACTIONS[data.a])
        )
    except Perime:
        notice = textes.avertissement(textes.CLAVIER_PERIME)
        await _dessiner(query, await appel.ecran(ctx, data.liste), notice=notice)
        return
    except Refused as refusal:
        notice = textes.avertissement(textes.refus(refusal))
        await _dessiner(query, await appel.ecran(ctx, data.liste), notice=notice)
        return
    await _dessiner(query, shown, view=(DEMANDER, data.a, 0), notice=textes.a_confirmer(said))


def _appui(data) -> Appui:
    if data.op in ACTIONS:
        return Appui(ACTIONS[data.op])
    if data.op == CHOISIR:
        return Appui("choisir", poste=data.a)
    if data.op == DIFFERER:
        return Appui("differer", apres=data.a)
    if data.op == ARRIVEE:
        return Appui("arrivee", absent=data.a)
    if data.op == OFFICE:
        return Appui("office", absent=data.a, poste=data.b)
    raise Refused(textes.BOUTON_PERIME)


async def _dessiner(query, shown: Ecran, view: tuple | None = None, notice=None) -> None:
    liste, state = shown.liste, shown.etat
    at = {"liste": liste.id, "version": shown.version}
    if state is None:
        text = textes.appel_a_ouvrir(liste.nom)
        markup = InlineKeyboardMarkup([[APPEL.bouton("Ouvrir le choix", **at, op=OUVRIR)]])
    else:
        text = textes.appel(state)
        markup = _keyboard(state, at, view)
    if notice:
        text = f"{notice}\n\n{text}"
    await editer(query, text, markup)


def _keyboard(state: EtatAppel, at: dict, view: tuple | None):
    if state.appel.clos:
        return None
    op, a, b = view or (None, 0, 0)
    if op == DEMANDER:
        return InlineKeyboardMarkup([
            [APPEL.bouton(f"Confirmer : {A_CONFIRMER[a]}", **at, op=a)],
            [APPEL.bouton("◀ Retour", **at, op=MONTRER)],
        ])  # fmt: skip
    if op == POSTES and state.appel.appele() is not None:
        return _postes(state, at, a, CHOISIR, POSTES, None)
    if op == OFFICE_POSTES and 0 <= a < len(state.absents):
        return _postes(state, at, b, OFFICE, OFFICE_POSTES, a)
    if op == REPORTS and state.appele is not None:
        rows = [[APPEL.bouton(textes.apres(person), **at, op=DIFFERER, a=person.rang)]
                for person, _ in state.suivants]  # fmt: skip
        return InlineKeyboardMarkup([*rows, [APPEL.bouton("◀ Retour", **at, op=MONTRER)]])
    if op in (ABSENTS, OFFICE_QUI) and state.absents:
        labels = [person.label for person in state.absents]
        if op == ABSENTS:
            return _paged(labels, a, at, lambda i: {"op": ARRIVEE, "a": i}, {"op": op})
        return _paged(labels, a, at, lambda i: {"op": OFFICE_POSTES, "a": i}, {"op": op})
    return _main(state, at)


def _main(state: EtatAppel, at: dict) -> InlineKeyboardMarkup:
    def button(label: str, op: int, a: int = 0):
        return APPEL.bouton(label, **at, op=op, a=a)

    rows = []
    if state.appele is not None:
        rows.append([button("a choisi…", POSTES), button("absent…", DEMANDER, ABSENT)])
        rows.append([button("appliquer la procuration", PROCURATION)])
        if state.suivants:
            rows.append([button("différer…", REPORTS)])
    if state.attente is not None:
        rows.append([button("a choisi… (au téléphone)", POSTES)])
        rows.append([button("injoignable", INJOIGNABLE)])
    if state.absents and (state.appele is not None or state.attente is not None):
        rows.append([button("arrivée d'un absent…", ABSENTS)])
    if state.absents and state.appele is None and state.attente is None:
        rows.append([button("affecter d'office…", OFFICE_QUI)])
    rows.append([button("annuler le dernier choix…", DEMANDER, ANNULER)])
    if state.appele is None and state.attente is None:
        rows.append([button("clore la liste…", DEMANDER, CLORE)])
    return InlineKeyboardMarkup(rows)


def _postes(state, at: dict, page: int, choose: int, paging: int, absent: int | None):
    """The open postes, paged; each press sends its index in the list's natural order."""
    postes = appel.postes_ordonnes(state)
    open_ones = [i for i, poste in enumerate(postes) if state.ouverts.get(poste, 0) > 0]
    labels = [
        textes.poste_bouton(postes[i], state.libelles.get(postes[i], ("", None)),
                            state.ouverts[postes[i]])
        for i in open_ones
    ]  # fmt: skip
    if absent is None:
        return _paged(labels, page, at, lambda n: {"op": choose, "a": open_ones[n]},
                      {"op": paging})  # fmt: skip
    return _paged(
        labels, page, at, lambda n: {"op": choose, "a": absent, "b": open_ones[n]},
        {"op": paging, "a": absent}, page_field="b",
    )  # fmt: skip


def _paged(labels, page: int, at: dict, press, paging: dict, page_field: str = "a"):
    """A button per label, PAR_PAGE at a time, ◀ ▶ between pages and a way back."""
    pages = max(1, -(-len(labels) // PAR_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * PAR_PAGE
    rows = [[APPEL.bouton(label, **at, **press(first + n))]
            for n, label in enumerate(labels[first : first + PAR_PAGE])]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(APPEL.bouton("◀", **at, **paging, **{page_field: page - 1}))
    if page + 1 < pages:
        navigation.append(APPEL.bouton("▶", **at, **paging, **{page_field: page + 1}))
    rows += [navigation] if navigation else []
    rows.append([APPEL.bouton("◀ Retour", **at, op=MONTRER)])
    return InlineKeyboardMarkup(rows)
