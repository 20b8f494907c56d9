"""The call screen drawn: its presses, one declared kind each (every one carries the list and
the version of the call it was drawn from), the view it shows beside the main one, and its text
and keyboard for the call as it stands.

Indexes in the data (a poste, an absent) count in the very state the keyboard was drawn from:
the operation reads them again in the act's own transaction, once the version is unchanged."""

from dataclasses import dataclass
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.operations import appel
from bot.operations.appel import Acte, Ecran, EtatAppel
from bot.telegram import hors_maquette, recherche
from bot.telegram.clavier import Famille, Sorte, retirer
from bot.telegram.contexte import DonneesChat
from bot.telegram.textes import appel as textes
from bot.telegram.textes import commun
from ranking.text import matches

ICI = ("liste", "version")
"""Where every press of the call screen was made: the list, and the version it showed."""
MONTRER = Sorte("Am", *ICI)
"""The main screen (« ↻ Rafraîchir », « ◀ Retour », a list of /appel)."""
OUVRIR = Sorte("Ao", *ICI)
OUVRIR_MALGRE = Sorte("Aom", *ICI)
"""The verification's findings were read: open anyway."""
POSTES = Sorte("Ap", *ICI, "page")
"""The open postes, for the called interne (or the one waited for on the phone)."""
TOUS_POSTES = Sorte("Apt", *ICI)
"""Every open poste again, the search forgotten."""
CHOISIR = Sorte("Ac", *ICI, "poste")
REPORTS = Sorte("Ar", *ICI)
"""Whom the called interne may choose after."""
DIFFERER = Sorte("Ad", *ICI, "apres")
ABSENTS = Sorte("As", *ICI, "page")
"""The absents, one of whom arrives."""
ARRIVEE = Sorte("Ae", *ICI, "absent")
OFFICE_QUI = Sorte("Aoq", *ICI, "page")
"""The absents, one of whom is given a place d'office."""
OFFICE_POSTES = Sorte("Aop", *ICI, "absent", "page")
OFFICE = Sorte("Af", *ICI, "absent", "poste")
retirer("A")  # the screen's data before each press had its kind: « A:liste:version:op:a:b »


@dataclass(frozen=True, slots=True)
class Confirme:
    """An act of the main screen asked first: the first press (`demander`) says what it will do
    and to whom, and only « Confirmer » (`faire`) does it. A second tap, landing on the screen
    the first drew, never acts: see `_garder`."""

    acte: Acte
    libelle: str
    demander: Sorte
    faire: Sorte


CONFIRMES = (
    Confirme(Acte.ABSENT, textes.CONFIRMER_ABSENT, Sorte("Aqa", *ICI), Sorte("Aa", *ICI)),
    Confirme(
        Acte.PROCURATION, textes.CONFIRMER_PROCURATION, Sorte("Aqp", *ICI), Sorte("Apr", *ICI)
    ),
    Confirme(Acte.INJOIGNABLE, textes.CONFIRMER_INJOIGNABLE, Sorte("Aqi", *ICI), Sorte("Ai", *ICI)),
    Confirme(Acte.ANNULER, textes.CONFIRMER_ANNULER, Sorte("Aqu", *ICI), Sorte("Au", *ICI)),
    Confirme(Acte.CLORE, textes.CONFIRMER_CLORE, Sorte("Aqc", *ICI), Sorte("Ak", *ICI)),
)
A_CONFIRMER = {confirme.acte: confirme for confirme in CONFIRMES}
DEMANDES = {confirme.demander: confirme for confirme in CONFIRMES}
CONFIRMEES = {confirme.faire: confirme for confirme in CONFIRMES}
MENUS = (MONTRER, POSTES, TOUS_POSTES, REPORTS, ABSENTS, OFFICE_QUI, OFFICE_POSTES)
"""Presses that only show: the message is edited in place, nothing is done."""
SANS_EFFET = frozenset((*MENUS, *DEMANDES))
"""Presses that change nothing: only such a button may sit where a finger just pressed."""
APPEL = Famille(
    *MENUS, OUVRIR, OUVRIR_MALGRE, CHOISIR, DIFFERER, ARRIVEE, OFFICE, *DEMANDES, *CONFIRMEES
)
"""Every press of the call screen, answered by one handler."""
PAR_PAGE = 8


class Panneau(Enum):
    """What a call screen shows beside the main one."""

    POSTES = "postes"
    REPORTS = "reports"
    ABSENTS = "absents"
    OFFICE_QUI = "office_qui"
    OFFICE_POSTES = "office_postes"
    DEMANDE = "demande"
    """An act of CONFIRMES, said before it is confirmed."""
    HORS = "hors"
    """The maquette's refusal, and the way to give the place anyway."""
    CONSTATS = "constats"
    """The verification's findings, before opening anyway."""


@dataclass(frozen=True, slots=True)
class Vue:
    """The view a call screen shows (None: the main one), and what it names in it."""

    panneau: Panneau
    page: int = 0
    absent: int | None = None
    """The absent it is for (OFFICE_POSTES, HORS; None: the called interne)."""
    poste: int | None = None
    """The poste pressed (HORS)."""
    acte: Acte | None = None
    """The act asked (DEMANDE)."""
    constats: int = 0
    """How many findings were shown (CONSTATS)."""


SUIVIES = frozenset((Panneau.POSTES, Panneau.REPORTS, Panneau.ABSENTS, Panneau.OFFICE_QUI))
"""Views redrawn as they are when the call moves; the others (a confirmation, an absent's
postes) name what the call no longer is, and go back to the main screen."""


def vue_du_menu(data) -> Vue | None:
    """The view a press of MENUS shows (None: the main screen)."""
    kind = data.sorte
    if kind is POSTES:
        return Vue(Panneau.POSTES, page=data.page)
    if kind is TOUS_POSTES:
        return Vue(Panneau.POSTES)
    if kind is REPORTS:
        return Vue(Panneau.REPORTS)
    if kind is ABSENTS:
        return Vue(Panneau.ABSENTS, page=data.page)
    if kind is OFFICE_QUI:
        return Vue(Panneau.OFFICE_QUI, page=data.page)
    if kind is OFFICE_POSTES:
        return Vue(Panneau.OFFICE_POSTES, page=data.page, absent=data.absent)
    return None


def pour(shown: Ecran):
    """Whom a choice of postes on this screen is for: the called interne, or the one waited
    for on the phone (None: nobody)."""
    state = shown.etat
    if state is None or state.appel.clos:
        return None
    person = state.appele or state.attente
    return person.key if person else None


def filtre(chat_data: DonneesChat | None, message_id: int, shown: Ecran) -> str:
    """The search typed on this message, while the interne it was typed for is still the one
    choosing: the call moved on, it is forgotten (the next « a choisi… » shows every poste)."""
    typed = recherche.filtre(chat_data, message_id)
    if typed and recherche.pour(chat_data, message_id) != pour(shown):
        recherche.oublier(chat_data, message_id)
        return ""
    return typed


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
        harmless = [MONTRER.bouton(textes.BOUTON_RAFRAICHIR, **at)]
    rows.insert(garde, harmless)
    return InlineKeyboardMarkup(rows)


def _agit(button) -> bool:
    data = APPEL.lire(button.callback_data)
    return data is None or data.sorte not in SANS_EFFET


def rendu(
    shown: Ecran, view: Vue | None, notice, filtre: str = "", garde: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The screen's text and keyboard; `garde`: the row a finger just pressed."""
    liste, state = shown.liste, shown.etat
    at = {"liste": liste.id, "version": shown.version}
    if state is None:
        text = textes.appel_a_ouvrir(liste.nom)
        markup = InlineKeyboardMarkup([[OUVRIR.bouton(textes.BOUTON_OUVRIR, **at)]])
        if view and view.panneau is Panneau.CONSTATS:
            markup = InlineKeyboardMarkup([
                [OUVRIR_MALGRE.bouton(textes.bouton_ouvrir_malgre(view.constats), **at)],
                [MONTRER.bouton(commun.BOUTON_RETOUR, **at)],
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


def _pour_qui(state: EtatAppel, view: Vue) -> str:
    """Above a choice of postes, whom it is for: the called interne, or the absent placed
    d'office."""
    if view.panneau is Panneau.OFFICE_POSTES:
        return textes.office_pour(state.absents[view.absent].label)
    person = state.appele or state.attente
    return textes.choix_pour(person.label) if person else ""


def _interdits(state: EtatAppel, view: Vue) -> frozenset[str]:
    """The open postes the maquette forbids the interne a picker is for (the called one, or
    the absent given a place d'office)."""
    office = view.panneau is Panneau.OFFICE_POSTES
    key = state.absents[view.absent].key if office else state.appel.appele()
    return state.interdits.get(key, frozenset())


def _montre_postes(state: EtatAppel, view: Vue | None) -> bool:
    """The view is a choice of postes (for the called interne, or for an absent d'office)."""
    if state.appel.clos or not view:
        return False
    if view.panneau is Panneau.POSTES:
        return state.appel.appele() is not None
    absent = view.absent if view.absent is not None else -1
    return view.panneau is Panneau.OFFICE_POSTES and 0 <= absent < len(state.absents)


def _keyboard(state: EtatAppel, at: dict, view: Vue | None, filtre: str = ""):
    if state.appel.clos:
        return None
    panneau = view.panneau if view else None
    retour = [MONTRER.bouton(commun.BOUTON_RETOUR, **at)]
    if panneau is Panneau.DEMANDE:
        confirme = A_CONFIRMER[view.acte]
        return InlineKeyboardMarkup(
            [[confirme.faire.bouton(commun.bouton_confirmer(confirme.libelle), **at)], retour]
        )
    if panneau is Panneau.HORS:
        forcer = hors_maquette.bouton_forcer(at["liste"], at["version"], view.poste, view.absent)
        return InlineKeyboardMarkup([[forcer], retour])
    if panneau is Panneau.POSTES and _montre_postes(state, view):
        return _postes(state, at, view, filtre)
    if panneau is Panneau.OFFICE_POSTES and _montre_postes(state, view):
        return _postes(state, at, view, filtre)
    if panneau is Panneau.REPORTS and state.appele is not None:
        rows = [[DIFFERER.bouton(textes.apres(person), **at, apres=person.rang)]
                for person, _ in state.suivants]  # fmt: skip
        return InlineKeyboardMarkup([*rows, retour])
    if panneau in (Panneau.ABSENTS, Panneau.OFFICE_QUI) and state.absents:
        labels = [person.label for person in state.absents]
        if panneau is Panneau.ABSENTS:
            return _paged(
                labels, view.page, at, lambda label, i: ARRIVEE.bouton(label, **at, absent=i),
                lambda label, page: ABSENTS.bouton(label, **at, page=page),
            )  # fmt: skip
        return _paged(
            labels, view.page, at, lambda label, i: OFFICE_POSTES.bouton(label, **at, absent=i),
            lambda label, page: OFFICE_QUI.bouton(label, **at, page=page),
        )  # fmt: skip
    return _main(state, at)


def _main(state: EtatAppel, at: dict) -> InlineKeyboardMarkup:
    def button(label: str, sorte: Sorte, **valeurs: int):
        return sorte.bouton(label, **at, **valeurs)

    def asked(label: str, acte: Acte):
        return A_CONFIRMER[acte].demander.bouton(label, **at)

    rows = []
    if state.appele is not None:
        rows.append(
            [button(textes.BOUTON_A_CHOISI, POSTES), asked(textes.BOUTON_ABSENT, Acte.ABSENT)]
        )
        if state.procuration is not None:  # none given: nothing to apply
            rows.append([asked(textes.BOUTON_PROCURATION, Acte.PROCURATION)])
        if state.suivants:
            rows.append([button(textes.BOUTON_DIFFERER, REPORTS)])
    if state.attente is not None:
        rows.append([button(textes.BOUTON_A_CHOISI_TELEPHONE, POSTES)])
        rows.append([asked(textes.BOUTON_INJOIGNABLE, Acte.INJOIGNABLE)])
    if state.absents:  # at the end of the list too: a latecomer still chooses
        rows.append([button(textes.BOUTON_ARRIVEE, ABSENTS)])
    if state.absents and state.appele is None and state.attente is None:
        rows.append([button(textes.BOUTON_OFFICE, OFFICE_QUI)])
    rows.append([asked(textes.BOUTON_ANNULER_CHOIX, Acte.ANNULER)])
    rows.append([button(textes.BOUTON_RAFRAICHIR, MONTRER)])
    if state.appele is None and state.attente is None:
        rows.append([asked(textes.BOUTON_CLORE, Acte.CLORE)])
    return InlineKeyboardMarkup(rows)


def _trouves(state: EtatAppel, filtre: str) -> list[int]:
    """Indexes (in the list's natural order) of the open postes the search names."""
    postes = appel.postes_ordonnes(state)
    return [
        i for i, poste in enumerate(postes)
        if state.ouverts.get(poste, 0) > 0
        and matches(filtre, poste, *state.libelles.get(poste, ("", None)))
    ]  # fmt: skip


def _postes(state: EtatAppel, at: dict, view: Vue, filtre: str):
    """The open postes the search names, paged; each press sends its index in the list's
    natural order. Those the interne's maquette forbids are marked ⛔ (pressing one shows the
    rule); d'office, where the gestionnaire chooses, they come after the allowed ones."""
    interdits = _interdits(state, view)
    postes = appel.postes_ordonnes(state)
    open_ones = _trouves(state, filtre)
    office = view.panneau is Panneau.OFFICE_POSTES
    if office:
        open_ones.sort(key=lambda i: postes[i] in interdits)
    labels = [
        commun.poste_bouton(postes[i], state.libelles.get(postes[i], ("", None)),
                            state.ouverts[postes[i]], postes[i] in interdits)
        for i in open_ones
    ]  # fmt: skip
    if office:
        absent = view.absent
        return _paged(
            labels, view.page, at,
            lambda label, n: OFFICE.bouton(label, **at, absent=absent, poste=open_ones[n]),
            lambda label, page: OFFICE_POSTES.bouton(label, **at, absent=absent, page=page),
        )  # fmt: skip
    everything = [[TOUS_POSTES.bouton(commun.BOUTON_TOUS_LES_POSTES, **at)]] if filtre else []
    return _paged(
        labels, view.page, at,
        lambda label, n: CHOISIR.bouton(label, **at, poste=open_ones[n]),
        lambda label, page: POSTES.bouton(label, **at, page=page), extra=everything,
    )  # fmt: skip


def _paged(labels, page: int, at: dict, press, paging, extra=()) -> InlineKeyboardMarkup:
    """A button per label (`press(label, index)`), PAR_PAGE at a time, ◀ ▶ between pages
    (`paging(label, page)`), `extra` rows and a way back."""
    pages = max(1, -(-len(labels) // PAR_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * PAR_PAGE
    rows: list[list[InlineKeyboardButton]] = [
        [press(label, first + n)] for n, label in enumerate(labels[first : first + PAR_PAGE])
    ]
    navigation = []
    if page > 0:
        navigation.append(paging(commun.BOUTON_PRECEDENT, page - 1))
    if page + 1 < pages:
        navigation.append(paging(commun.BOUTON_SUIVANT, page + 1))
    rows += [navigation] if navigation else []
    rows += extra
    rows.append([MONTRER.bouton(commun.BOUTON_RETOUR, **at)])
    return InlineKeyboardMarkup(rows)
