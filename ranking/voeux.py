"""What internes may say before their turn (règles §4): procurations (at least 3 voeux), pré-choix
wishes, and the stages particuliers a gestionnaire records; decided on what storage read.

Every wish is a poste of a list the interne is called in: a poste of another list could never
be given to him, and must not count toward the 3 voeux of a procuration.
"""

from collections.abc import Iterable, Mapping

from ranking import cycle
from ranking.appel import Appel
from ranking.classement import Statut
from ranking.cycle import Etat
from ranking.errors import Refused

MINIMUM_PROCURATION = 3


def check_interne_actif(interne_id: str, actif: bool) -> None:
    if not actif:
        raise Refused(f"interne {interne_id} inconnu ou inactif")


def check_nombre(kind: str, voeux: list[str]) -> None:
    """A procuration counts at least `MINIMUM_PROCURATION` voeux, a pré-choix one."""
    if kind == "procuration" and len(voeux) < MINIMUM_PROCURATION:
        raise Refused(
            f"une procuration compte au moins {MINIMUM_PROCURATION} vœux ({len(voeux)} donné(s))"
        )
    if not voeux:
        raise Refused("un pré-choix compte au moins un vœu")


def check_sans_doublon(kind: str, voeux: list[str]) -> None:
    repeated = sorted({wish for wish in voeux if voeux.count(wish) > 1})
    if repeated:
        raise Refused(f"{kind} : un même poste figure deux fois ({', '.join(repeated)})")


def check_appele(kind: str, interne_id: str, listes: Mapping[int, str]) -> None:
    """`listes`: the lists calling him, by id (their names)."""
    if not listes:
        raise Refused(
            f"{kind} de {interne_id} : il n'est encore classé sur aucune liste où il est appelé "
            "(pré-classement à faire, ou sortant : il choisit dans sa liste de destination)"
        )


def check_postes(
    kind: str, interne_id: str, voeux: list[str], listes: Mapping[int, str],
    offered: Mapping[str, int],
) -> None:  # fmt: skip
    """Every wish a poste (`offered`: its list, by id) of a list calling him (`listes`)."""
    unknown = [wish for wish in voeux if wish not in offered]
    if unknown:
        raise Refused(f"{kind} : postes inconnus : {', '.join(unknown)}")
    elsewhere = [wish for wish in voeux if offered[wish] not in listes]
    if elsewhere:
        names = " ou ".join(f"« {nom} »" for nom in listes.values())
        raise Refused(
            f"{kind} : {', '.join(elsewhere)} ne sont pas des postes de la liste {names}, "
            f"où {interne_id} choisit"
        )


def check_procuration_modifiable(
    interne_id: str, held: str | None, appels: Iterable[tuple[str, Etat, Appel | None]]
) -> None:
    """A procuration may change until the interne's turn: once he has been called (or holds a
    place: `held`), what was applied or is being applied must stay as it was. `appels`: each
    list calling him, its name, state and, open, its call."""
    if held:
        raise Refused(
            f"procuration de {interne_id} : il a déjà le poste {held}, elle ne change plus"
        )
    for nom, etat, call in appels:
        if etat is Etat.CHOIX_CLOS:
            raise Refused(f"procuration de {interne_id} : le choix de « {nom} » est clos")
        if etat is not Etat.CHOIX_OUVERT or call is None:
            continue
        key = (interne_id, Statut.STANDARD)
        if not any(c.key == key for c in call.candidats):
            key = (interne_id, Statut.HORS_DISCIPLINE)
        if call.appele() == key or key in call.absents or key == call.attente:
            raise Refused(
                f"procuration de {interne_id} : son tour est venu sur « {nom} », elle ne "
                "change plus ; voir le gestionnaire présent à l'appel"
            )


def check_retrait(interne_id: str, existe: bool) -> None:
    if not existe:
        raise Refused(f"{interne_id} n'a pas de procuration")


def check_particulier(liste: str, etat: Etat, interne_id: str, classe: bool, sortant: bool) -> None:
    """A stage particulier is set before the list's choice opens, for an interne it calls."""
    if etat not in cycle.RANKING_OPEN:
        raise Refused(f"liste « {liste} » : le choix a commencé, stages particuliers fixés")
    if not classe:
        raise Refused(f"l'interne {interne_id} n'est pas classé sur la liste « {liste} »")
    if sortant:
        raise Refused(
            f"{interne_id} est sortant sur « {liste} » : il choisit dans la liste de son "
            "stage hors discipline, son stage particulier s'y déclare"
        )


def check_poste_offert(liste: str, poste: str, capacite: int | None) -> int:
    """The poste's capacity, when it is one of the list's (`capacite` None: it is not)."""
    if capacite is None:
        raise Refused(f"le poste {poste} n'est pas offert sur la liste « {liste} »")
    return capacite


def check_place_flechee(poste: str, capacite: int, holders: list[str], interne_id: str) -> None:
    """A place left on the poste for one more fléché (`holders`: the others fléchés on it)."""
    if len(holders) >= capacite:
        raise Refused(
            f"le poste {poste} ({capacite} place(s)) a déjà {len(holders)} stage(s) fléché(s) "
            f"({', '.join(holders)}) : plus de place pour {interne_id}"
        )


def check_rang_occupe(liste: str, position: int, interne_id: str | None) -> str:
    """The interne at this position of the list's order."""
    if interne_id is None:
        raise Refused(f"liste « {liste} » : personne au rang {position}")
    return interne_id
