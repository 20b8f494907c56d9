"""When a list's call may open, run out a delay, and hand its places left to another list
(règles §4): the rules of the call around a list, decided on what storage read.

A list here is anything with a `nom`, a `definition` and an `etat` (storage's `Liste`).
"""

from collections.abc import Iterable
from typing import Protocol

from ranking import cycle
from ranking.classement import RowKey
from ranking.config import ListeDef
from ranking.cycle import Etat
from ranking.errors import Etape, Refused, Suite


class ListeAppel(Protocol):
    @property
    def nom(self) -> str: ...

    @property
    def definition(self) -> ListeDef: ...

    @property
    def etat(self) -> Etat: ...


def check_appel_ouvert(liste: ListeAppel, started: bool) -> None:
    """A call is read only once it started (its state stored) and while ranking is closed."""
    if not started or liste.etat in cycle.RANKING_OPEN:
        raise Refused(f"liste « {liste.nom} » : le choix n'est pas ouvert ({liste.etat.label})")


def check_pas_encore_ouverte(liste: ListeAppel) -> None:
    """Opening a list whose choice is open or closed already is said so (not as a ranking that
    can no longer change)."""
    if liste.etat is Etat.CHOIX_OUVERT:
        raise Refused(f"liste « {liste.nom} » : le choix est déjà ouvert")
    if liste.etat is Etat.CHOIX_CLOS:
        raise Refused(f"liste « {liste.nom} » : le choix est déjà clos")


def check_ouvrable(liste: ListeAppel) -> None:
    """What opening a list needs of its state: not opened already, its final order reached."""
    check_pas_encore_ouverte(liste)
    cycle.check_final(liste.nom, liste.etat)


def check_final_valide(liste: ListeAppel, final_valide: bool) -> None:
    if not final_valide:
        raise Refused(
            f"liste « {liste.nom} » : valider d'abord le classement final",
            Suite(Etape.VALIDER_FINAL, liste.nom),
        )


def check_amphi(liste: ListeAppel, autres: Iterable[ListeAppel]) -> None:
    """Its amphi free (`autres`: the other lists): no other list of it open, every list called
    before it in it closed."""
    amphi = liste.definition.amphi_nom
    same = [o for o in autres if o.definition.amphi_nom == amphi]
    where = f"l'amphi « {amphi} »"
    for other in sorted(same, key=lambda o: o.definition.ordre):
        before = other.definition.ordre < liste.definition.ordre
        if other.etat is Etat.CHOIX_OUVERT:
            rank = "appelée avant elle" if before else "du même amphi"
            raise Refused(
                f"liste « {liste.nom} » : la liste « {other.nom} » ({rank}) est en cours d'appel ; "
                f"les listes de {where} sont appelées l'une après l'autre : clore d'abord son "
                "choix (des amphis différents, eux, s'appellent en même temps)",
                Suite(Etape.CLORE, other.nom),
            )
        if before and other.etat is not Etat.CHOIX_CLOS:
            raise Refused(
                f"liste « {liste.nom} » : la liste « {other.nom} », appelée avant elle dans "
                f"{where}, n'est pas close ({other.etat.label}) : l'appeler d'abord, ou changer "
                "« ordre » dans la configuration"
            )


def check_delai_ecoule(called: RowKey | None, left: float) -> RowKey:
    """The interne called, once his time has run out (`left`: seconds still his)."""
    if called is None:
        raise Refused("personne n'est appelé")
    if left > 0:
        raise Refused(f"le délai de {called[0]} n'est pas écoulé (reste {left:.0f} s)")
    return called


def check_reoffre(source: ListeAppel, cible: ListeAppel) -> None:
    """The places left in a closed list go to one later list of the same amphi, not yet
    called."""
    if source.etat is not Etat.CHOIX_CLOS:
        raise Refused(
            f"liste « {source.nom} » : clore d'abord son choix ({source.etat.label})",
            Suite(Etape.CLORE, source.nom),
        )
    if cible.definition.amphi_nom != source.definition.amphi_nom:
        raise Refused(
            f"liste « {cible.nom} » : elle est de l'amphi « {cible.definition.amphi_nom} », « "
            f"{source.nom} » de l'amphi « {source.definition.amphi_nom} » ; les places restantes "
            "vont à une liste du même amphi"
        )
    if cible.definition.ordre <= source.definition.ordre:
        raise Refused(
            f"liste « {cible.nom} » : elle est appelée avant « {source.nom} » (ordre "
            f"{cible.definition.ordre} contre {source.definition.ordre}) ; les places restantes "
            "vont à une liste appelée après"
        )
    if cible.etat not in cycle.RANKING_OPEN:
        raise Refused(
            f"liste « {cible.nom} » : son choix a commencé, elle ne reçoit plus de postes"
        )


def check_places_a_reoffrir(source: ListeAppel, deja_sur: str | None, left: dict[str, int]) -> None:
    """Once only (`deja_sur`: the list they already went to), and only places left."""
    if deja_sur is not None:
        raise Refused(
            f"liste « {source.nom} » : ses places restantes ont déjà été réoffertes sur "
            f"« {deja_sur} » ; une place n'est réofferte qu'une fois"
        )
    if not left:
        raise Refused(f"liste « {source.nom} » : aucune place restante")
