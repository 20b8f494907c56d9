"""Perimeters of a classement (règles 3.1): who is ranked together, and who is in which list."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ranking.errors import InvalidInput, Problem
from ranking.model import Formation, Interne
from ranking.text import de_lieu, fold

# Médecine DES whose discipline is fixed by the DES itself, whatever the file says.
_DISCIPLINE_OF_DES = {
    fold("Biologie médicale"): "Biologie médicale",
    fold("Chirurgie orale"): "Spécialités chirurgicales",
}


@dataclass(frozen=True, slots=True)
class DisciplineGroups:
    """Configured groups of médecine disciplines ranked together: group name → its disciplines."""

    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _group_of: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {fold(member): name for name, members in self.groups.items() for member in members}
        object.__setattr__(self, "_group_of", index)

    def group_of(self, discipline: str) -> str | None:
        return self._group_of.get(fold(discipline))

    def find_group(self, name: str) -> str | None:
        folded = fold(name)
        return next((group for group in self.groups if fold(group) == folded), None)


PerimetreKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Perimetre:
    """Formation + circonscription (+ discipline or group, médecine only)."""

    formation: Formation
    circonscription: str
    discipline: str | None = None
    is_group: bool = False
    key: PerimetreKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """`key` is the identity whatever the spelling: accents and case are ignored."""
        key = (self.formation.value, fold(self.circonscription), fold(self.discipline or ""))
        object.__setattr__(self, "key", key)

    @property
    def label(self) -> str:
        parts = [self.formation.label, self.circonscription]
        if self.discipline:
            kind = "groupe" if self.is_group else "discipline"
            parts.append(f"{kind} {self.discipline}")
        return ", ".join(parts)


def discipline_of(interne: Interne) -> str | None:
    """The discipline an interne is ranked in (médecine only; DES rules of the IMOtEP guide)."""
    if not interne.formation.by_discipline:
        return None
    return _DISCIPLINE_OF_DES.get(fold(interne.des), interne.discipline)


def _perimetre_for(
    formation: Formation, circonscription: str, discipline: str | None, groups: DisciplineGroups
) -> Perimetre:
    if not formation.by_discipline or discipline is None:
        return Perimetre(formation, circonscription)
    group = groups.group_of(discipline)
    if group is not None:
        return Perimetre(formation, circonscription, group, is_group=True)
    return Perimetre(formation, circonscription, discipline)


def home_perimetre(interne: Interne, groups: DisciplineGroups) -> Perimetre:
    """Where the interne is ranked as standard, and where his local rank is computed."""
    return _perimetre_for(
        interne.formation, interne.circonscription, discipline_of(interne), groups
    )


def destination_perimetre(interne: Interne, groups: DisciplineGroups) -> Perimetre | None:
    """Where a médecine interne going hors discipline next semester chooses, if anywhere."""
    if not interne.formation.by_discipline or not interne.hors_discipline:
        return None
    return _perimetre_for(
        interne.formation, interne.circonscription, interne.hors_discipline, groups
    )


def resolve_perimetre(
    formation: Formation,
    circonscription: str,
    discipline: str | None,
    groups: DisciplineGroups,
    known: list[Interne],
    presentes: Iterable[str] | None = None,
    liste: str | None = None,
) -> Perimetre:
    """The perimeter named on the command line, checked against the configuration and the data
    (`presentes`: the file's subdivisions, when `known` holds only some of its internes;
    `liste`: the [[listes]] that names it, said instead of the argument nobody typed)."""
    problems = []
    if formation.by_discipline and not discipline:
        problems.append(
            Problem("argument --discipline : obligatoire en médecine (une discipline ou un groupe)")
        )
    if not formation.by_discipline and discipline:
        problems.append(
            Problem(
                f"argument --discipline : la {formation.label} forme un seul classement par "
                "circonscription, quel que soit le DES ; retirer --discipline"
            )
        )
    names = presentes if presentes is not None else (i.circonscription for i in known)
    circonscriptions = {fold(name): name for name in names}
    if fold(circonscription) not in circonscriptions:
        names = ", ".join(sorted(set(circonscriptions.values()))) or "aucune"
        problems.append(
            Problem(
                f"argument --circonscription : « {circonscription} » ne figure pas dans le "
                f"fichier (circonscriptions présentes : {names})"
            )
        )
    if problems:
        raise InvalidInput("", problems)
    circonscription = circonscriptions[fold(circonscription)]
    if not formation.by_discipline:
        return Perimetre(formation, circonscription)
    group = groups.find_group(discipline)
    if group is not None:
        return Perimetre(formation, circonscription, group, is_group=True)
    in_group = groups.group_of(discipline)
    if in_group is not None:
        raise InvalidInput(
            "",
            [
                Problem(
                    f"argument --discipline : « {discipline} » est classée avec le groupe "
                    f'« {in_group} » (configuration) ; demander --discipline "{in_group}"'
                )
            ],
        )
    spelled = {
        fold(d): d
        for i in known
        for d in (discipline_of(i), i.hors_discipline)
        if d and i.formation is formation and fold(i.circonscription) == fold(circonscription)
    }
    if fold(discipline) not in spelled:
        names = ", ".join(sorted(set(spelled.values()))) or "aucune"
        where = f"liste « {liste} »" if liste else "argument --discipline"
        empty = (
            " : personne à classer sur cette liste, elle n'a pas d'appel (et ne retient pas le "
            "semestre suivant)"
            if liste else ""
        )  # fmt: skip
        raise InvalidInput(
            "",
            [
                Problem(
                    f"{where} : aucun interne de {formation.label} {de_lieu(circonscription)} en "
                    f"« {discipline} » (disciplines présentes : {names}){empty}"
                )
            ],
        )
    return Perimetre(formation, circonscription, spelled[fold(discipline)])


def perimetre_de_liste(
    formation: Formation, circonscription: str, discipline: str | None, groups: DisciplineGroups
) -> Perimetre:
    """The perimeter a [[listes]] names, without the checks made for a person typing one."""
    group = groups.find_group(discipline) if discipline else None
    return Perimetre(
        formation,
        circonscription,
        group or (discipline if formation.by_discipline else None),
        is_group=group is not None,
    )


def listes_de(
    internes: Iterable[Interne],
    listes: Iterable[tuple[str, Perimetre, object]],
    groups: DisciplineGroups,
) -> dict[str, tuple[str, ...]]:
    """For each interne, the lists (name, perimeter, phase or None) whose pré-classement holds
    him: active, ranked there at home or going there hors discipline, of the list's phase."""
    listes = list(listes)
    found, placed = {}, {}  # placed: perimeters once per spelling, as the pré-classement does
    for interne in internes:
        if not interne.actif:
            found[interne.id] = ()
            continue
        spelled = (interne.formation, interne.circonscription, interne.des, interne.discipline,
                   interne.hors_discipline)  # fmt: skip
        keys = placed.get(spelled)
        if keys is None:
            target = destination_perimetre(interne, groups)
            keys = placed[spelled] = {
                home_perimetre(interne, groups).key, target.key if target else None
            }  # fmt: skip
        found[interne.id] = tuple(
            nom
            for nom, perimetre, phase in listes
            if perimetre.key in keys and (phase is None or interne.phase is phase)
        )
    return found
