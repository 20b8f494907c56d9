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
    stages_valides: int | None = None
    """His validated stages effectués recorded (None: no stage recorded at all)."""
    dernier_stage: str | None = None
    """The semester of his latest stage recorded."""
    stages_du_fichier: bool = False
    """Some of his stages come from a stages file: his history is meant to be whole there."""


@dataclass(frozen=True, slots=True)
class Constat:
    sorte: str
    texte: str


def verifier(
    internes: Iterable[Fiche],
    longueurs: Mapping[str, int],
    listes: Mapping[str, tuple[tuple[str, ...], Eligibilite | None]],
    procurations: Mapping[str, tuple[str, ...]],
    semestre: str | None = None,
) -> list[Constat]:
    """`longueurs`: each DES's length in semesters (folded DES); `listes`: each list's internes
    and its maquette rules (None: none); `procurations`: each interne's voeux; `semestre`: the
    current semester's code (« 2026-11 »)."""
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
        found.extend(_stages(fiche, semestre))
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


def _stages(fiche: Fiche, semestre: str | None) -> list[Constat]:
    """His stages recorded against his ancienneté (only when he has some), and a stage of the
    current semester or later (a file of the wrong semester?)."""
    found: list[Constat] = []
    if not fiche.actif:  # he is called nowhere: what he did does not weigh on the day
        return found
    who = f"{fiche.id} {fiche.nom} {fiche.prenom}"
    if _stages_disagree(fiche):
        found.append(Constat("stages", (
            f"{who} : {fiche.semestres_valides} semestre(s) validé(s), "
            f"{fiche.stages_valides} stage(s) validé(s) enregistré(s) : corriger son "
            "semestres_valides (fichier des internes) ou ses stages (fichier des stages, "
            "amphi validation)"
        )))  # fmt: skip
    if semestre is not None and fiche.dernier_stage is not None and fiche.dernier_stage >= semestre:
        found.append(Constat("stage futur", (
            f"{who} : un stage au semestre {fiche.dernier_stage}, qui n'est pas encore fait "
            f"(semestre en cours : {semestre}) : fichier des stages à corriger"
        )))  # fmt: skip
    return found


def _stages_disagree(fiche: Fiche) -> bool:
    """More validated stages than validated semesters is always wrong. Fewer is wrong only
    where a stages file gave his history: the stages amphi carried from its own choice days
    alone are the recent ones (a subdivision that never imported a stages file would see
    every interne flagged after its first change of semester)."""
    if fiche.stages_valides is None:
        return False
    if fiche.stages_valides > fiche.semestres_valides:
        return True
    return fiche.stages_du_fichier and fiche.stages_valides < fiche.semestres_valides
