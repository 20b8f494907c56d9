"""Pré-classement (règles 3.2–3.4): local rank, promotion théorique, rang calculé, order and ties.

Ranks are exact: int, or Fraction where a division does not fall right. Python compares the two
exactly, so ties are exact equalities, never float accidents.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction
from operator import itemgetter

from ranking.bulk import bulk
from ranking.config import ClassementConfig, Methode
from ranking.errors import InvalidInput, Problem
from ranking.model import Concours, Interne, Semestre
from ranking.perimeter import (
    Perimetre,
    PerimetreKey,
    destination_perimetre,
    discipline_of,
    home_perimetre,
)
from ranking.text import alphabetical_key, fold

_MEDECINE_DU_TRAVAIL = fold("Médecine du travail")
_ETR = Concours.ETR

Rank = int | Fraction


class Statut(StrEnum):
    STANDARD = "standard"
    HORS_DISCIPLINE = "hors_discipline"


_STANDARD = Statut.STANDARD
_HORS_DISCIPLINE = Statut.HORS_DISCIPLINE

RowKey = tuple[str, Statut]


@dataclass(frozen=True, slots=True)
class Calcul:
    """The numbers behind an interne's rang calculé, computed in his home perimeter."""

    rang_local: int
    effectif_promotion: int
    promotion_theorique: int
    effectif_promotion_theorique: int
    rang_calcule: Rank


@dataclass(frozen=True, slots=True)
class Ligne:
    """One row of a pré-classement; an interne may have two (standard and hors discipline)."""

    interne: Interne
    statut: Statut
    sortant: bool
    calcul: Calcul
    rang: int
    groupe: int | None

    @property
    def key(self) -> RowKey:
        return (self.interne.id, self.statut)

    @property
    def ex_aequo(self) -> bool:
        return self.groupe is not None

    @property
    def criteria(self) -> tuple:
        return criteria(self.interne, self.statut, self.calcul)


@dataclass(frozen=True, slots=True)
class PreClassement:
    perimetre: Perimetre
    semestre: Semestre
    methode: Methode
    lignes: tuple[Ligne, ...]

    def groupes(self) -> tuple[tuple[Ligne, ...], ...]:
        """Tie groups in rank order, each displayed alphabetically."""
        groups: dict[int, list[Ligne]] = defaultdict(list)
        for ligne in self.lignes:
            if ligne.groupe is not None:
                groups[ligne.groupe].append(ligne)
        return tuple(tuple(groups[number]) for number in sorted(groups))


def retard(semestre: Semestre, interne: Interne) -> int:
    """Semesters behind an interne of his promotion without delay (never negative)."""
    return max(0, semestre.semestres_theoriques(interne.promotion) - interne.semestres_valides)


def promotion_theorique(semestre: Semestre, interne: Interne) -> int:
    """The promotion of an interne without delay who validated as many semesters."""
    theoriques = semestre.semestres_theoriques(interne.promotion)
    return _promotion_theorique(interne.promotion, theoriques, interne.semestres_valides)


def _promotion_theorique(promotion: int, theoriques: int, valides: int) -> int:
    """Half a year of delay per semester missing, an odd delay rounding up (the later one)."""
    behind = theoriques - valides
    return promotion + (behind + 1) // 2 if behind > 0 else promotion


def criteria(interne: Interne, statut: Statut, calcul: Calcul) -> tuple:
    """The four keys of règles 3.4, exact, smaller first: equal criteria make ex-aequo."""
    return (
        -interne.semestres_valides,
        interne.concours is _ETR,
        statut is _HORS_DISCIPLINE,
        calcul.rang_calcule,
    )


def cng_rank(interne: Interne) -> tuple[str, Rank]:
    """RI3 for médecine du travail, RIN otherwise; the concours rank when the CNG gave none."""
    return _cng_rank(interne, _is_medecine_du_travail(interne))


def _is_medecine_du_travail(interne: Interne) -> bool:
    discipline = discipline_of(interne)
    return discipline is not None and fold(discipline) == _MEDECINE_DU_TRAVAIL


def _cng_rank(interne: Interne, medecine_du_travail: bool) -> tuple[str, Rank]:
    if medecine_du_travail:
        if interne.ri3 is not None:
            return "RI3", interne.ri3
    elif interne.rin is not None:
        return "RIN", interne.rin
    return "rang au concours", interne.rang_concours


def preclassement(
    internes: Iterable[Interne], perimetre: Perimetre, semestre: Semestre, config: ClassementConfig
) -> PreClassement:
    """The pré-classement of one perimeter, computed from the whole file of internes."""
    with bulk():
        ranker = _Ranker(internes, semestre, config, only=perimetre.key)
        return ranker.preclassement(perimetre)


def preclassements(
    internes: Iterable[Interne], semestre: Semestre, config: ClassementConfig
) -> dict[PerimetreKey, PreClassement]:
    """The pré-classement of every perimeter found in the file, keyed by `Perimetre.key`."""
    with bulk():
        ranker = _Ranker(internes, semestre, config)
        return {key: ranker.preclassement(p) for key, p in ranker.perimetres.items()}


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where internes spelled alike go: computed once per distinct spelling, not per interne."""

    home_key: PerimetreKey
    sortant: bool
    medecine_du_travail: bool
    home_members: list
    classes: dict
    target_members: list | None
    target_entrants: list | None


class _Ranker:
    """Indexes the active internes once by perimeter, then ranks any perimeter on demand.

    `classes[home][(promotion, national)]` holds (CNG rank, interne): the populations whose
    local ranks and sizes give the rangs calculés (règles 3.2–3.3).
    """

    def __init__(
        self,
        internes: Iterable[Interne],
        semestre: Semestre,
        config: ClassementConfig,
        only: PerimetreKey | None = None,
    ):
        self.semestre = semestre
        self.config = config
        self.perimetres: dict[PerimetreKey, Perimetre] = {}
        self.members: dict[PerimetreKey, list[tuple[Interne, Statut, bool]]] = defaultdict(list)
        self.classes: dict[PerimetreKey, dict] = defaultdict(lambda: defaultdict(list))
        self.calculs: dict[str, tuple[Calcul, int, bool]] = {}
        self._computed: set[PerimetreKey] = set()
        self._home_of: dict[str, PerimetreKey] = {}
        self.entrants: dict[PerimetreKey, list[Interne]] = defaultdict(list)
        placements: dict[tuple, _Placement] = {}
        for interne in internes:
            if not interne.actif:
                continue
            spelled = (
                interne.formation,
                interne.circonscription,
                interne.des,
                interne.discipline,
                interne.hors_discipline,
            )
            placement = placements.get(spelled)
            if placement is None:
                placement = placements[spelled] = self._place(interne)
            if only is not None and only[:2] != placement.home_key[:2]:
                continue
            placement.home_members.append((interne, _STANDARD, placement.sortant))
            if placement.target_members is not None:
                placement.target_members.append((interne, _HORS_DISCIPLINE, False))
                placement.target_entrants.append(interne)
                self._home_of[interne.id] = placement.home_key
            rank = _cng_rank(interne, placement.medecine_du_travail)[1]
            population = (interne.promotion, interne.concours is not _ETR)
            placement.classes[population].append((rank, interne))

    def _place(self, interne: Interne) -> "_Placement":
        home = home_perimetre(interne, self.config.groups)
        target = destination_perimetre(interne, self.config.groups)
        for perimetre in (home, target):
            if perimetre is not None:
                self.perimetres.setdefault(perimetre.key, perimetre)
        return _Placement(
            home.key,
            target is not None and target.key != home.key,
            _is_medecine_du_travail(interne),
            self.members[home.key],
            self.classes[home.key],
            None if target is None else self.members[target.key],
            None if target is None else self.entrants[target.key],
        )

    def preclassement(self, perimetre: Perimetre) -> PreClassement:
        members = self.members.get(perimetre.key, [])
        entrants = self.entrants.get(perimetre.key, ())
        self._compute({self._home_of[interne.id] for interne in entrants} | {perimetre.key})
        lignes = _order(members, self.calculs)
        return PreClassement(perimetre, self.semestre, self.config.methode, lignes)

    def _compute(self, home_keys: set[PerimetreKey]) -> None:
        """Fill `calculs` for every interne of these home perimeters (local ranks need them all)."""
        todo = home_keys - self._computed
        problems: list[Problem] = []
        for key in sorted(todo):
            _calculs(self.classes[key], self.semestre, self.config, self.calculs, problems)
        if problems:
            raise InvalidInput("", problems)
        self._computed |= todo


def _calculs(
    classes: dict[tuple[int, bool], list[tuple[Rank, Interne]]],
    semestre: Semestre,
    config: ClassementConfig,
    calculs: dict[str, tuple[Calcul, int, bool]],
    problems: list[Problem],
) -> None:
    """Local ranks of one home perimeter (per promotion, ETR apart), then the rangs calculés.

    Each interne's calcul is stored with the first two criteria (seniority, foreign concours),
    read here while his record is at hand rather than again for each of his rows.
    """
    for (promotion, national), members in classes.items():
        theoriques = semestre.semestres_theoriques(promotion)
        if theoriques < 0:
            problems.extend(_too_young(interne, semestre) for _, interne in members)
            continue
        national_size = None
        if config.methode is Methode.POURCENTAGE:
            national_size = config.effectifs_nationaux.get(promotion)
            if national_size is None:
                problems.append(_missing_size(promotion))
                continue
        members.sort(key=_first)
        size = len(members)
        local = 0
        previous = None
        for position, (rank, interne) in enumerate(members, start=1):
            if rank != previous:
                local, previous = position, rank
            theo = _promotion_theorique(promotion, theoriques, interne.semestres_valides)
            size_theo = size if theo == promotion else len(classes.get((theo, national), ()))
            if national_size is not None:
                value = Fraction(rank) / national_size
            elif theo == promotion:
                value = local
            else:
                value = Fraction(local * (size_theo or 1), size)
            calcul = Calcul(local, size, theo, size_theo, value)
            calculs[interne.id] = (calcul, -interne.semestres_valides, not national)


def _first(pair: tuple) -> object:
    return pair[0]


def _too_young(interne: Interne, semestre: Semestre) -> Problem:
    return Problem(
        f"interne {interne.id} ({interne.nom} {interne.prenom}) : promotion {interne.promotion} "
        f"postérieure au {semestre.label}"
    )


def _missing_size(promotion: int) -> Problem:
    return Problem(
        f"méthode pourcentage : effectif national de la promotion {promotion} absent de "
        f"[classement.effectifs_nationaux] (ex. {promotion} = 9000)"
    )


def _order(
    members: Sequence[tuple[Interne, Statut, bool]], calculs: dict[str, tuple[Calcul, int, bool]]
) -> tuple[Ligne, ...]:
    """Seniority, then concours, then stage, then rang calculé; exact ties share a rank."""
    decorated = []
    for interne, statut, sortant in members:
        calcul, seniority, foreign = calculs[interne.id]
        criteria = (seniority, foreign, statut is _HORS_DISCIPLINE, calcul.rang_calcule)
        decorated.append((criteria, interne, statut, sortant, calcul))
    decorated.sort(key=_criteria)
    return _ranked(decorated)


def restrict(pre: PreClassement, keep: Callable[[Ligne], bool]) -> PreClassement:
    """The same order limited to some rows (a list by phase): ranks and ties recomputed."""
    kept = [
        (ligne.criteria, ligne.interne, ligne.statut, ligne.sortant, ligne.calcul)
        for ligne in pre.lignes
        if keep(ligne)
    ]
    return replace(pre, lignes=_ranked(kept))


_criteria = itemgetter(0)


def _display(row: tuple) -> tuple:
    """Order inside a tie: French alphabetical, then id and statut, whatever the file's order."""
    interne, statut = row[1], row[2]
    return alphabetical_key(interne.nom, interne.prenom), interne.id, statut is _HORS_DISCIPLINE


def _ranked(ordered: list[tuple]) -> tuple[Ligne, ...]:
    """Competition ranks (1, 2, 2, 4) and tie groups for rows (criteria, interne, statut,
    sortant, calcul) sorted by criteria; each tie is shown in `_display` order."""
    count = len(ordered)
    lignes = []
    group = 0
    start = 0
    while start < count:
        criteria = ordered[start][0]
        end = start + 1
        while end < count and ordered[end][0] == criteria:
            end += 1
        if end - start == 1:
            _, interne, statut, sortant, calcul = ordered[start]
            lignes.append(Ligne(interne, statut, sortant, calcul, start + 1, None))
        else:
            group += 1
            for _, interne, statut, sortant, calcul in sorted(ordered[start:end], key=_display):
                lignes.append(Ligne(interne, statut, sortant, calcul, start + 1, group))
        start = end
    return tuple(lignes)
