"""Lifecycle of a liste d'appel (règles 3.5–3.7): which step is allowed in which state, and why not.

import → preclassement → exaequo → final → choix_ouvert → choix_clos. Ranking is open until the
choice starts; afterwards a gestionnaire may re-open it for the reasons of règles 3.7 only, and only
while no choice has been recorded.
"""

from enum import StrEnum

from ranking.errors import Etape, Refused, Suite


class Etat(StrEnum):
    IMPORT = "import"
    PRECLASSEMENT = "preclassement"
    EXAEQUO = "exaequo"
    FINAL = "final"
    CHOIX_OUVERT = "choix_ouvert"
    CHOIX_CLOS = "choix_clos"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def court(self) -> str:
        """The state in two or three words, for a table or a button."""
        return _SHORT[self]


_SHORT = {
    Etat.IMPORT: "à classer",
    Etat.PRECLASSEMENT: "pré-classement",
    Etat.EXAEQUO: "levée des ex-aequo",
    Etat.FINAL: "classement final",
    Etat.CHOIX_OUVERT: "choix ouvert",
    Etat.CHOIX_CLOS: "choix clos",
}
_LABELS = {
    Etat.IMPORT: "internes importés, pas encore classés",
    Etat.PRECLASSEMENT: "pré-classement fait, ex-aequo à lever",
    Etat.EXAEQUO: "levée des ex-aequo en cours",
    Etat.FINAL: "classement final",
    Etat.CHOIX_OUVERT: "choix en cours",
    Etat.CHOIX_CLOS: "choix clos",
}


class Motif(StrEnum):
    """Why a gestionnaire re-opens ranking once choice has started (IMOtEP guide, règles 3.7)."""

    REMORDS = "remords"
    ANNULATION = "annulation"
    REACTIVATION = "reactivation"
    HISTORISATION = "historisation"
    RESTAURATION = "restauration"

    @property
    def label(self) -> str:
        return {
            "remords": "droit au remords",
            "annulation": "annulation",
            "reactivation": "réactivation d'un interne",
            "historisation": "historisation d'un interne",
            "restauration": "restauration d'un interne",
        }[self.value]


RANKING_OPEN = frozenset({Etat.IMPORT, Etat.PRECLASSEMENT, Etat.EXAEQUO, Etat.FINAL})


def a_preclasser(etat: Etat, final_valide: bool, perimee: bool) -> bool:
    """The pré-classement may be run (again): ranking open, and no fresh validated order."""
    validated = etat is Etat.FINAL and final_valide and not perimee
    return etat in RANKING_OPEN and not validated


def appelable(etat: Etat, final_valide: bool) -> bool:
    """A list has a call: its final order is validated, or its choice is open."""
    return etat is Etat.CHOIX_OUVERT or (etat is Etat.FINAL and final_valide)


def check_ranking_open(liste: str, etat: Etat) -> None:
    if etat not in RANKING_OPEN:
        raise Refused(
            f"liste « {liste} » : {etat.label} ; le classement ne peut plus changer. "
            "Un gestionnaire peut le rouvrir pour droit au remords, annulation, réactivation, "
            "historisation ou restauration d'un interne, tant qu'aucun choix n'est enregistré",
            Suite(Etape.ROUVRIR, liste),
        )


def check_ranked(liste: str, etat: Etat) -> None:
    """Levée and final need a stored pré-classement."""
    check_ranking_open(liste, etat)
    if etat is Etat.IMPORT:
        raise Refused(
            f"liste « {liste} » : pas encore de pré-classement ; le lancer d'abord",
            Suite(Etape.PRECLASSEMENT, liste),
        )


def check_final(liste: str, etat: Etat) -> None:
    check_ranked(liste, etat)
    if etat is not Etat.FINAL:
        raise Refused(
            f"liste « {liste} » : {etat.label} ; valider d'abord la levée des ex-aequo",
            Suite(Etape.VALIDER_LEVEE, liste),
        )


def check_frais(liste: str, what: str, peremption: str | None) -> None:
    """A stale order (`peremption`: why, in words) is neither validated nor called: the
    pré-classement comes first."""
    if peremption is not None:
        raise Refused(
            f"liste « {liste} » : {what} impossible, {peremption} ; relancer le pré-classement",
            Suite(Etape.PRECLASSEMENT, liste),
        )


def check_final_a_valider(liste: str, final_valide: bool) -> None:
    if final_valide:
        raise Refused(f"liste « {liste} » : le classement final est déjà validé")


def check_perimable(liste: str, etat: Etat, cause: str, ecart: str) -> None:
    """An order may be marked stale only while ranking is open: once the choice has started,
    what would change it (`cause`, `ecart`: how) is refused, whole."""
    if etat not in RANKING_OPEN:
        raise Refused(
            f"liste « {liste} » : {cause} changerait son classement alors que son "
            f"choix a commencé ({etat.label}) : {ecart} ; rien n'est "
            "changé. Rouvrir d'abord son classement (droit au remords, annulation, "
            "réactivation…), tant qu'aucun choix n'est enregistré",
            Suite(Etape.ROUVRIR, liste),
        )


def after_preclassement(has_ties: bool, levee_validee: bool) -> Etat:
    return Etat.FINAL if not has_ties or levee_validee else Etat.PRECLASSEMENT


def rouvrir(liste: str, etat: Etat, choix_enregistres: int) -> Etat:
    """Back to the pré-classement, for a list whose choice has started but nothing is chosen."""
    if etat in RANKING_OPEN:
        raise Refused(f"liste « {liste} » : le classement est déjà ouvert ({etat.label})")
    if etat is Etat.CHOIX_CLOS:
        raise Refused(f"liste « {liste} » : le choix est clos, le classement ne se rouvre plus")
    if choix_enregistres:
        raise Refused(
            f"liste « {liste} » : {choix_enregistres} choix déjà enregistré(s) ; les annuler "
            "d'abord, le classement ne peut pas changer sous des choix faits"
        )
    return Etat.PRECLASSEMENT
