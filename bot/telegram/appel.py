"""The call of a list from the gestionnaire's phone: one "appel" message showing who is called,
the next five and the pace, with buttons for the acts of the call (the same engine, rules and
journal as `amphi appel`).

Every button carries the list's version (its last journal entry) and the operation checks it
inside the act's own transaction: a press on a keyboard another gestionnaire, `amphi appel` on
a laptop or a remote choice made outdated is refused and the screen redrawn, never applied to
the next interne; the presser's own act pressed twice is told « déjà fait ». Indexes in the
data (a poste, an absent) are read against the very state the keyboard was drawn from."""

import contextlib
import time
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.operations import appel, classement
from bot.operations.apercu import apercu
from bot.operations.appel import Appui, Ecran, EtatAppel
from bot.operations.comptes import Qui
from bot.telegram import ecran, hors_maquette, recherche, textes
from bot.telegram.acces import CTX, GESTIONNAIRE, bouton, commande, contexte
from bot.telegram.clavier import Sorte
from bot.telegram.ecran import editer
from bot.telegram.erreurs import panne
from bot.telegram.reveil import reveiller
from ranking.errors import AConfirmer, DejaFait, HorsMaquette, Perime, Refused
from ranking.text import matches

APPEL = Sorte("A", "liste", "version", "op", "a", "b")
(MONTRER, OUVRIR, POSTES, CHOISIR, ABSENT, PROCURATION, INJOIGNABLE, ANNULER, CLORE,
 REPORTS, DIFFERER, ABSENTS, ARRIVEE, OFFICE_QUI, OFFICE_POSTES, OFFICE,
 DEMANDER, HORS, OUVRIR_MALGRE) = range(19)  # fmt: skip
PAR_PAGE = 8
TOUS = 1
"""`b` of a POSTES press: every open poste again, the search forgotten."""
ACTIONS = {OUVRIR: "ouvrir", ABSENT: "absent", PROCURATION: "procuration",
           INJOIGNABLE: "injoignable", ANNULER: "annuler", CLORE: "clore"}  # fmt: skip
MENUS = {POSTES, REPORTS, ABSENTS, OFFICE_QUI, OFFICE_POSTES}
"""Presses that only show a choice: the message is edited in place, nothing is done."""
A_CONFIRMER = {ABSENT: "marquer absent", PROCURATION: "appliquer la procuration",
               INJOIGNABLE: "déclarer injoignable", ANNULER: "annuler le dernier choix",
               CLORE: "clore"}  # fmt: skip
"""Every act of the main screen: the first press (DEMANDER) says what the act will do and to
whom, and only « Confirmer » does it. A second tap, landing on the screen the first drew,
never acts: see `_garder`."""
SANS_EFFET = {MONTRER, DEMANDER, *MENUS}
"""Presses that change nothing: only such a button may sit where a finger just pressed."""


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
        if data.op == MONTRER or (data.op == POSTES and data.b == TOUS):
            recherche.oublier(context.chat_data, query.message.message_id)
        view = (data.op, data.a, data.b) if data.op in MENUS else None
        await _dessiner(context, query, await appel.ecran(ctx, data.liste), view)
        return
    if data.op == DEMANDER:
        await _demander(context, query, ctx, data)
        return
    appui = _appui(data)
    try:
        said, shown = await appel.appuyer(ctx, data.liste, data.version, appui)
    except AConfirmer as asked:  # the verification's findings, read before opening anyway
        shown = await appel.ecran(ctx, data.liste)
        notice = textes.constats_a_confirmer(asked, shown.liste.nom)
        await _dessiner(context, query, shown, (OUVRIR_MALGRE, len(asked.lignes), 0), notice)
        return
    except HorsMaquette as refusal:  # the rule, and the way to give it anyway
        view = (HORS, data.b, data.a) if data.op == OFFICE else (HORS, data.a, -1)
        notice = textes.hors_maquette(refusal)
        await _dessiner(context, query, await appel.ecran(ctx, data.liste), view, notice)
        return
    except Refused as refusal:
        await _refuse(context, query, ctx, data.liste, refusal)
        return
    reveiller(context)
    await _dessiner(context, query, shown, notice=textes.acte(said))


async def _demander(context, query, ctx, data) -> None:
    """The confirmation of an act of A_CONFIRMER: its sentence, nothing done yet."""
    if data.a not in A_CONFIRMER:
        raise Refused(textes.BOUTON_PERIME)
    try:
        found, shown = await apercu(ctx, data.liste, data.version, Appui(ACTIONS[data.a]))
    except Refused as refusal:
        await _refuse(context, query, ctx, data.liste, refusal)
        return
    libelles = shown.etat.libelles if shown.etat else {}
    notice = textes.question(ACTIONS[data.a], found, libelles, shown.liste.nom)
    await _dessiner(context, query, shown, view=(DEMANDER, data.a, 0), notice=notice)


async def _refuse(context, query, ctx, liste_id: int, refusal: Refused) -> None:
    """The screen as it now is, what happened to the press on its first line: done already
    (a double tap), the keyboard outdated, or the rule that refuses it."""
    if isinstance(refusal, DejaFait):
        notice = textes.deja(refusal)
    elif isinstance(refusal, Perime):
        notice = textes.avertissement(textes.CLAVIER_PERIME)
    else:
        notice = textes.avertissement(textes.refus(refusal))
    await _dessiner(context, query, await appel.ecran(ctx, liste_id), notice=notice)


def _appui(data) -> Appui:
    if data.op in ACTIONS:
        return Appui(ACTIONS[data.op])
    if data.op == OUVRIR_MALGRE:
        return Appui("ouvrir", malgre=True)
    if data.op == CHOISIR:
        return Appui("choisir", poste=data.a)
    if data.op == DIFFERER:
        return Appui("differer", apres=data.a)
    if data.op == ARRIVEE:
        return Appui("arrivee", absent=data.a)
    if data.op == OFFICE:
        return Appui("office", absent=data.a, poste=data.b)
    raise Refused(textes.BOUTON_PERIME)


async def _dessiner(context, query, shown: Ecran, view: tuple | None = None, notice=None) -> None:
    filtre = _filtre(context.chat_data, query.message.message_id, shown)
    text, markup = _rendu(shown, view, notice, filtre, _rang_appuye(query))
    _suivre(context, query.message.chat_id, query.message.message_id, shown, view)  # first:
    await editer(query, text, markup)  # the sender's round, woken by the act, must not redraw it


@commande(GESTIONNAIRE)
async def rechercher(update, context: ContextTypes.DEFAULT_TYPE, who: Qui) -> None:
    """A typed text on the call screen last used in this chat: a new call screen with the open
    postes whose name begins with those words (the older screen loses its buttons)."""
    chat = update.effective_chat.id
    screens = context.chat_data.get(ECRANS, {})
    liste_id = context.chat_data.get(DERNIER)
    if liste_id not in screens:
        await update.message.reply_text(textes.RECHERCHE_SANS_ECRAN)
        return
    shown = await appel.ecran(contexte(context, who), liste_id)
    view = (POSTES, 0, 0)
    filtre = recherche.nettoyer(update.message.text or "")
    text, markup = _rendu(shown, view, None, filtre)
    older = screens[liste_id][0]
    sent = await update.message.reply_text(text, reply_markup=markup)
    recherche.retenir(context.chat_data, sent.message_id, filtre, _pour(shown))
    _suivre(context, chat, sent.message_id, shown, view)
    with contextlib.suppress(TelegramError):  # deleted or too old: nothing to press on it
        await context.bot.edit_message_reply_markup(chat, older, reply_markup=None)


def _pour(shown: Ecran):
    """Whom a choice of postes on this screen is for: the called interne, or the one waited
    for on the phone (None: nobody)."""
    state = shown.etat
    if state is None or state.appel.clos:
        return None
    person = state.appele or state.attente
    return person.key if person else None


def _filtre(chat_data: dict | None, message_id: int, shown: Ecran) -> str:
    """The search typed on this message, while the interne it was typed for is still the one
    choosing: the call moved on, it is forgotten (the next « a choisi… » shows every poste)."""
    typed = recherche.filtre(chat_data, message_id)
    if typed and recherche.pour(chat_data, message_id) != _pour(shown):
        recherche.oublier(chat_data, message_id)
        return ""
    return typed


def _rang_appuye(query) -> int | None:
    """The row of the button pressed, in the keyboard the press was made on."""
    markup = getattr(query.message, "reply_markup", None)
    rows = markup.inline_keyboard if markup else ()
    return next((n for n, row in enumerate(rows) for b in row if b.callback_data == query.data),
                None)  # fmt: skip


def _garder(markup: InlineKeyboardMarkup | None, garde: int | None, at: dict):
    """No act where the finger still is: a double tap's second press lands on the keyboard the
    first one drew, at the same row (a row of one button spans the screen). When an act sits
    on that row, the screen's « ◀ Retour » takes its place (or a « ↻ Rafraîchir » row is put
    there); the rest keeps its order."""
    if markup is None or garde is None:
        return markup
    rows = [list(row) for row in markup.inline_keyboard]
    if garde >= len(rows) or not any(_agit(button) for button in rows[garde]):
        return markup
    if rows[-1] and not any(_agit(button) for button in rows[-1]):
        harmless = rows.pop()
    else:
        harmless = [APPEL.bouton("↻ Rafraîchir", **at, op=MONTRER)]
    rows.insert(garde, harmless)
    return InlineKeyboardMarkup(rows)


def _agit(button) -> bool:
    data = APPEL.lire(button.callback_data)
    return data is None or data.op not in SANS_EFFET


def _rendu(
    shown: Ecran, view: tuple | None, notice, filtre: str = "", garde: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    liste, state = shown.liste, shown.etat
    at = {"liste": liste.id, "version": shown.version}
    if state is None:
        text = textes.appel_a_ouvrir(liste.nom)
        markup = InlineKeyboardMarkup([[APPEL.bouton("Ouvrir le choix", **at, op=OUVRIR)]])
        if view and view[0] == OUVRIR_MALGRE:  # a: how many findings were shown
            markup = InlineKeyboardMarkup([
                [APPEL.bouton(f"Ouvrir malgré {view[1]} constat(s)", **at, op=OUVRIR_MALGRE)],
                [APPEL.bouton("◀ Retour", **at, op=MONTRER)],
            ])  # fmt: skip
    else:
        text = textes.appel(state)
        markup = _keyboard(state, at, view, filtre)
        if _montre_postes(state, view):
            found = _trouves(state, filtre)
            forbidden = _interdits(state, view)
            postes = appel.postes_ordonnes(state)
            hidden = sum(1 for i in found if postes[i] in forbidden)
            aide = textes.aide_postes(state, filtre, len(found), hidden)
            text = f"{aide}\n{_pour_qui(state, view)}\n\n{text}"
    if notice:
        text = f"{notice}\n\n{text}"
    return text, _garder(markup, garde, at)


def _pour_qui(state: EtatAppel, view: tuple) -> str:
    """Above a choice of postes, whom it is for: the called interne, or the absent placed
    d'office."""
    if view[0] == OFFICE_POSTES:
        return textes.office_pour(state.absents[view[1]].label)
    person = state.appele or state.attente
    return textes.choix_pour(person.label) if person else ""


SUIVIS = "ecrans_suivis"
ECRANS, DERNIER = "ecrans_appel", "ecran_appel_dernier"
"""In a chat's chat_data (kept across a restart by the persistence): its call screens
followed, per list (message, version shown, view), and the list whose screen it used last
(what a typed search looks in)."""
ESPACE_PAR_CHAT = 1.0
"""Seconds between two edits of one gestionnaire's chat (Telegram's pace for a chat)."""
VUES_SUIVIES = {POSTES, REPORTS, ABSENTS, OFFICE_QUI}
"""Views redrawn as they are when the call moves; the others (a confirmation, an absent's
postes) name what the call no longer is, and go back to the main screen."""


@dataclass
class Suivis:
    """The chats with a call screen followed (found again in their chat_data at start: a
    restarted bot follows them at once), and when each chat was last edited."""

    chats: set[int] = field(default_factory=set)
    edite_a: dict[int, float] = field(default_factory=dict)


def retrouver(application: Application) -> None:
    """At start: the screens followed before the stop, followed again."""
    chats = {c for c, data in application.chat_data.items() if data.get(ECRANS)}
    application.bot_data[SUIVIS] = Suivis(chats)


def _suivre(context, chat_id: int, message_id: int, shown: Ecran, view) -> None:
    suivis = context.bot_data.setdefault(SUIVIS, Suivis())
    chat = context.chat_data  # the chat of the press, or of the typed search
    screens = chat.setdefault(ECRANS, {})
    if shown.etat is not None and shown.etat.appel.clos:  # a screen « à ouvrir » follows too
        screens.pop(shown.liste.id, None)
        return
    screens[shown.liste.id] = (message_id, shown.version, view)
    chat[DERNIER] = shown.liste.id
    suivis.chats.add(chat_id)
    suivis.edite_a[chat_id] = time.monotonic()


async def suivre(application: Application) -> float | None:
    """Every open call screen follows the call, whoever moved it (another gestionnaire, a
    remote choice, `amphi appel`, a time-out): edited with the call as it now is, the act that
    moved it on its first line, at most once a second per chat. Returns in how many seconds a
    held-back screen may be edited (None: none held)."""
    suivis: Suivis | None = application.bot_data.get(SUIVIS)
    if not suivis or not suivis.chats:
        return None
    followed = {
        chat_id: screens for chat_id in list(suivis.chats)
        if (screens := application.chat_data.get(chat_id, {}).get(ECRANS))
    }  # fmt: skip
    suivis.chats = set(followed)
    ctx = application.bot_data[CTX]
    versions = await appel.versions(ctx, {liste for s in followed.values() for liste in s})
    held = []
    for chat_id, screens in followed.items():
        for liste_id, (message_id, version, view) in list(screens.items()):
            if versions.get(liste_id, version) == version:
                continue
            wait = suivis.edite_a.get(chat_id, float("-inf")) + ESPACE_PAR_CHAT - time.monotonic()
            if wait > 0:
                held.append(wait)
                continue
            suivis.edite_a[chat_id] = time.monotonic()
            before = screens[liste_id]
            redrawn = await _redessiner(application, chat_id, message_id, liste_id, view)
            if screens.get(liste_id) != before:  # a press drew it anew meanwhile: that one holds
                continue
            if redrawn is None:
                del screens[liste_id]
            else:
                screens[liste_id] = redrawn
            application.mark_data_for_update_persistence(chat_ids=chat_id)
    return min(held, default=None)


async def _redessiner(application, chat_id: int, message_id: int, liste_id: int, view):
    """One followed screen edited with the call as it now is: what it then shows (None: no
    longer followed — the list closed, the message deleted or too old)."""
    shown, dernier = await appel.ecran_suivi(application.bot_data[CTX], liste_id)
    view = view if view and view[0] in VUES_SUIVIES else None
    notice = textes.suivi(dernier) if dernier else None
    filtre = _filtre(application.chat_data.get(chat_id), message_id, shown)
    text, markup = _rendu(shown, view, notice, filtre)
    try:
        await ecran.redessiner(application, chat_id, message_id, text, markup)
    except TelegramError as error:
        if panne(error):  # Telegram out of reach: tried again at the next round
            return message_id, None, view
        return None
    if shown.etat is not None and shown.etat.appel.clos:
        return None
    return message_id, shown.version, view


def _interdits(state: EtatAppel, view: tuple) -> frozenset[str]:
    """The open postes the maquette forbids the interne a picker is for (the called one, or
    the absent given a place d'office)."""
    op, a, _ = view
    key = state.absents[a].key if op == OFFICE_POSTES else state.appel.appele()
    return state.interdits.get(key, frozenset())


def _montre_postes(state: EtatAppel, view: tuple | None) -> bool:
    """The view is a choice of postes (for the called interne, or for an absent d'office)."""
    if state.appel.clos or not view:
        return False
    op, a, _ = view
    if op == POSTES:
        return state.appel.appele() is not None
    return op == OFFICE_POSTES and 0 <= a < len(state.absents)


def _keyboard(state: EtatAppel, at: dict, view: tuple | None, filtre: str = ""):
    if state.appel.clos:
        return None
    op, a, b = view or (None, 0, 0)
    if op == DEMANDER:
        return InlineKeyboardMarkup([
            [APPEL.bouton(f"Confirmer : {A_CONFIRMER[a]}", **at, op=a)],
            [APPEL.bouton("◀ Retour", **at, op=MONTRER)],
        ])  # fmt: skip
    if op == HORS:  # a: the poste pressed; b: the absent given it d'office (-1: the called)
        return InlineKeyboardMarkup([
            [hors_maquette.bouton_forcer(at["liste"], at["version"], a, b if b >= 0 else None)],
            [APPEL.bouton("◀ Retour", **at, op=MONTRER)],
        ])  # fmt: skip
    if op == POSTES and _montre_postes(state, view):
        return _postes(state, at, a, CHOISIR, POSTES, None, filtre, _interdits(state, view))
    if op == OFFICE_POSTES and _montre_postes(state, view):
        return _postes(state, at, b, OFFICE, OFFICE_POSTES, a, filtre, _interdits(state, view))
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
        rows.append([button("appliquer la procuration…", DEMANDER, PROCURATION)])
        if state.suivants:
            rows.append([button("différer…", REPORTS)])
    if state.attente is not None:
        rows.append([button("a choisi… (au téléphone)", POSTES)])
        rows.append([button("injoignable…", DEMANDER, INJOIGNABLE)])
    if state.absents:  # at the end of the list too: a latecomer still chooses
        rows.append([button("arrivée d'un absent…", ABSENTS)])
    if state.absents and state.appele is None and state.attente is None:
        rows.append([button("affecter d'office…", OFFICE_QUI)])
    rows.append([button("annuler le dernier choix…", DEMANDER, ANNULER)])
    rows.append([button("↻ Rafraîchir", MONTRER)])
    if state.appele is None and state.attente is None:
        rows.append([button("clore la liste…", DEMANDER, CLORE)])
    return InlineKeyboardMarkup(rows)


def _trouves(state: EtatAppel, filtre: str) -> list[int]:
    """Indexes (in the list's natural order) of the open postes the search names."""
    postes = appel.postes_ordonnes(state)
    return [
        i for i, poste in enumerate(postes)
        if state.ouverts.get(poste, 0) > 0
        and matches(filtre, poste, *state.libelles.get(poste, ("", None)))
    ]  # fmt: skip


def _postes(
    state, at: dict, page, choose: int, paging: int, absent: int | None, filtre: str, interdits
):
    """The open postes the search names, paged; each press sends its index in the list's
    natural order. Those the interne's maquette forbids are marked ⛔ (pressing one shows the
    rule); d'office, where the gestionnaire chooses, they come after the allowed ones."""
    postes = appel.postes_ordonnes(state)
    open_ones = _trouves(state, filtre)
    if absent is not None:
        open_ones.sort(key=lambda i: postes[i] in interdits)
    labels = [
        textes.poste_bouton(postes[i], state.libelles.get(postes[i], ("", None)),
                            state.ouverts[postes[i]], postes[i] in interdits)
        for i in open_ones
    ]  # fmt: skip
    everything = []
    if filtre and absent is None:
        everything = [[APPEL.bouton("✖ Tous les postes", **at, op=POSTES, b=TOUS)]]
    if absent is None:
        return _paged(labels, page, at, lambda n: {"op": choose, "a": open_ones[n]},
                      {"op": paging}, extra=everything)  # fmt: skip
    return _paged(
        labels, page, at, lambda n: {"op": choose, "a": absent, "b": open_ones[n]},
        {"op": paging, "a": absent}, page_field="b",
    )  # fmt: skip


def _paged(labels, page: int, at: dict, press, paging: dict, page_field="a", extra=()):
    """A button per label, PAR_PAGE at a time, ◀ ▶ between pages, `extra` rows and a way
    back."""
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
    rows += extra
    rows.append([APPEL.bouton("◀ Retour", **at, op=MONTRER)])
    return InlineKeyboardMarkup(rows)
