"""A stage effectué marked validé or non validé when the commission decides (règles §7): it
counts for his ancienneté (`semestres_valides`) and for his maquette, or for neither. Pure: the
refusals and the sentences; the caller reads and writes."""

from collections.abc import Iterable
from dataclasses import dataclass

from ranking.cycle import Etat
from ranking.errors import DejaFait, Refused
from ranking.maquette import Maquette
from ranking.semestres import fin_internat


@dataclass(frozen=True, slots=True)
class StageVu:
    """A stored stage as a validation reads it."""

    interne: str
    semestre: str
    terrain: str
    type: str | None
    valide: bool


def etat_mot(valide: bool) -> str:
    return "validé" if valide else "non validé"


def check_stage(interne: str, semestre: str, trouve: bool) -> None:
    if not trouve:
        raise Refused(
            f"aucun stage de {interne} au semestre {semestre} : les stages effectués d'un "
            "interne se voient sur sa fiche (/interne ID) ou s'importent (amphi import stages)"
        )


def check_validation(interne: str, semestre: str, avant: bool, apres: bool) -> None:
    """Asked for the state it already has: nothing to do, said so (a second tap, a line
    repeated)."""
    if avant == apres:
        raise DejaFait(f"le stage de {interne} au semestre {semestre} est déjà {etat_mot(apres)}")


def refus_choix_ouverts(held: Iterable[tuple[str, str, Etat]]) -> list[str]:
    """`held`: (interne, list, its state). A validation waits while a list holding him is in
    choix ouvert: his rank and what he may take are those the call started with."""
    par_interne: dict[str, list[str]] = {}
    for interne, nom, etat in held:
        if etat is Etat.CHOIX_OUVERT:
            par_interne.setdefault(interne, []).append(nom)
    return [
        f"{interne} est sur la liste {', '.join(f'« {nom} »' for nom in noms)} dont le choix "
        "est ouvert : la validation de son stage attend que le choix soit clos (son rang et ce "
        "que sa maquette lui permet sont ceux de l'appel en cours)"
        for interne, noms in par_interne.items()
    ]


def check_choix_ouverts(interne: str, listes: Iterable[tuple[str, Etat]]) -> None:
    found = refus_choix_ouverts((interne, nom, etat) for nom, etat in listes)
    if found:
        raise Refused(found[0])


def inconnus(stages: Iterable[tuple[str, str]]) -> str:
    """The stages a validations file names that are not stored: the file is refused whole."""
    stages = list(stages)
    shown = ", ".join(f"{interne} au semestre {semestre}" for interne, semestre in stages[:5])
    more = f" et {len(stages) - 5} autre(s)" if len(stages) > 5 else ""
    return f"{len(stages)} stage(s) inconnu(s) : {shown}{more} (importer d'abord les stages)"


def nouveaux_semestres(
    avant: dict[str, int], marques: Iterable[tuple[str, bool]]
) -> dict[str, int]:
    """Each interne's `semestres_valides` once these stages (interne, validé?) are marked."""
    apres = dict(avant)
    for interne, valide in marques:
        apres[interne] = semestres_apres(apres[interne], valide)
    return apres


def semestres_apres(semestres_valides: int, valide: bool) -> int:
    """His ancienneté once the stage is marked: one semester more when validated again, one
    less when not (never below zero)."""
    return semestres_valides + 1 if valide else max(0, semestres_valides - 1)


def fin_internat_levee(maquette: Maquette | None, actif: bool, avant: int, apres: int) -> bool:
    """An interne made inactive at the end of his DES whose last semester is no longer
    validated: his internat is not over, though the change of semester erased his phone and
    account (règles §7); amphi does not guess he is back, the gestionnaire is told how."""
    return not actif and fin_internat(maquette, avant) and not fin_internat(maquette, apres)


def phrase(
    stage: StageVu,
    valide: bool,
    avant: int,
    apres: int,
    perimees: Iterable[str] = (),
    fin_levee: bool = False,
) -> str:
    """« stage de 1234 (2026-11, Cabinet Abbeville) : non validé ; semestres validés 5 → 4 ;
    ordre périmé : « MG » (relancer le pré-classement) »."""
    said = (
        f"stage de {stage.interne} ({stage.semestre}, {stage.terrain}) : {etat_mot(valide)} ; "
        f"semestres validés {avant} → {apres}"
    )
    perimees = list(perimees)
    if perimees:
        noms = ", ".join(f"« {nom} »" for nom in perimees)
        said += f" ; ordre périmé : {noms} (relancer le pré-classement)"
    if fin_levee:
        said += (
            f" ; {stage.interne} n'est plus en fin d'internat mais reste inactif : le réactiver "
            "par le fichier des internes (actif = oui, son téléphone) et lui donner une invitation"
        )
    return said
