"""Before the day (règles §6): what would make a choice day contestable, each finding with what
to fix. Pure: the caller reads the semester; nothing here refuses, it reports."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ranking.maquette import Eligibilite
from ranking.text import fold


@dataclass(frozen=True, slots=True)
class Fiche:
    """An interne as the verification reads him."""

    id: str
    nom: str
    prenom: str
    des: str
    semestres_valides: int
    actif: bool
    listes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Constat:
    sorte: str
    texte: str


def verifier(
    internes: Iterable[Fiche],
    longueurs: Mapping[str, int],
    listes: Mapping[str, tuple[tuple[str, ...], Eligibilite | None]],
    procurations: Mapping[str, tuple[str, ...]],
) -> list[Constat]:
    """`longueurs`: each DES's length in semesters (folded DES); `listes`: each list's internes
    and its maquette rules (None: none); `procurations`: each interne's voeux."""
    internes = list(internes)
    found: list[Constat] = []
    for fiche in internes:
        length = longueurs.get(fold(fiche.des))
        if fiche.actif and length is not None and fiche.semestres_valides >= length:
            found.append(Constat("fin de DES", (
                f"{fiche.id} {fiche.nom} {fiche.prenom} : {fiche.semestres_valides} semestres "
                f"validés, le DES de {fiche.des} en compte {length} : il ne devrait pas choisir "
                "(fichier des internes, colonne semestres_valides ou actif)"
            )))  # fmt: skip
        if fiche.actif and not fiche.listes:
            found.append(Constat("sans liste", (
                f"{fiche.id} {fiche.nom} {fiche.prenom} : actif, mais aucune liste de la "
                "configuration ne le compte (ni sa formation, ni sa discipline, ni sa phase) : "
                "il ne serait appelé nulle part"
            )))  # fmt: skip
    seen: dict[tuple[str, str, str], str] = {}
    for fiche in internes:
        same = (fold(fiche.nom), fold(fiche.prenom), fold(fiche.des))
        if same in seen:
            found.append(Constat("doublon", (
                f"{seen[same]} et {fiche.id} : même nom, prénom et DES ({fiche.nom} "
                f"{fiche.prenom}, {fiche.des}) : la même personne sous deux identifiants ?"
            )))  # fmt: skip
        seen.setdefault(same, fiche.id)
    for nom, (members, regles) in listes.items():
        if regles is None:
            continue
        for poste in regles.offres:
            if members and all(regles.refus(i, poste) for i in members):
                found.append(Constat("poste sans preneur", (
                    f"liste « {nom} » : personne ne peut prendre {poste} "
                    f"({regles.refus(members[0], poste)})"
                )))  # fmt: skip
        for interne in members:
            if regles.offres and all(regles.refus(interne, p) for p in regles.offres):
                found.append(Constat("aucun poste permis", (
                    f"liste « {nom} » : {interne} ne peut prendre aucun de ses postes"
                )))  # fmt: skip
            wishes = procurations.get(interne, ())
            allowed = [w for w in wishes if w in regles.offres and not regles.refus(interne, w)]
            if wishes and len(allowed) < 3:
                found.append(Constat("procuration", (
                    f"{interne} : sa procuration n'a que {len(allowed)} vœu(x) que sa maquette "
                    "permet (au moins 3) : la lui faire refaire"
                )))  # fmt: skip
    return found
