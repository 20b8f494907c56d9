"""When an import's changes may be applied (règles §2): what was shown is still what changes,
postes stay put under a list being called, no wish is left pointing at a poste gone, no stage
names an interne the base does not know. Decided on what storage read; each refusal is a
sentence, so that they can be shown together before « Appliquer » is offered."""

from collections.abc import Iterable, Mapping

from ranking.diff import Changes
from ranking.errors import Refused
from ranking.postes import Poste


def refuser(refus: str | None) -> None:
    """Raise the refusal found, if any."""
    if refus is not None:
        raise Refused(refus)


def check_inchange(shown: Changes, current: Changes) -> Changes:
    """The changes a gestionnaire saw are still the changes to make; else nothing is applied."""
    if shown != current:
        raise Refused(
            "la base a changé depuis l'aperçu (un autre import ?) : relancer l'import pour voir "
            "les changements à jour"
        )
    return current


def postes_figes(changes: Changes, started: Mapping[str, str]) -> str | None:
    """Postes of a list whose choice has started (`started`: its state, by name) do not change
    under the internes' feet; one more may be added while it is called (offered from then
    on)."""
    touched = [m.before for m in changes.modified] + [m.after for m in changes.modified]
    touched = [Poste(*r) for r in [*touched, *changes.missing]]
    added = [Poste(*r) for r in changes.added]
    touched += [poste for poste in added if started.get(poste.liste) != "choix_ouvert"]
    faults = sorted({f"{p.id} (liste « {p.liste} »)" for p in touched if p.liste in started})
    if not faults:
        return None
    return "le choix a commencé pour ces postes, ils ne peuvent plus changer : " + ", ".join(faults)


def postes_retires(changes: Changes) -> list[str]:
    """The postes a file removes or moves to another list: no wish may point at them."""
    return [r[0] for r in changes.missing] + [
        m.after[0] for m in changes.modified if "liste" in m.champs
    ]


def postes_demandes(uses: list[tuple[str, str]]) -> str | None:
    """`uses`: the wishes, fléchés or re-offers still pointing at a poste gone (poste, whose):
    the gestionnaire is told whose, rather than having them vanish."""
    if not uses:
        return None
    shown = ", ".join(f"{poste} ({who})" for poste, who in uses[:10])
    more = f" et {len(uses) - 10} autre(s)" if len(uses) > 10 else ""
    return (
        f"ces postes retirés ou changés de liste sont encore demandés : {shown}{more} ; "
        "retirer d'abord ces vœux ou stages fléchés, ou garder les postes"
    )


def stages_inconnus(wanted: Iterable[str], known: Iterable[str]) -> list[str]:
    """Stages of internes the base does not know (`known`): the file is refused whole."""
    unknown = sorted(set(wanted) - set(known))
    if not unknown:
        return []
    shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
    return [
        f"{len(unknown)} interne(s) inconnu(s) de la base : {shown} (importer d'abord les internes)"
    ]
