"""Levée des ex-aequo and classement final (SPEC 3.5–3.6) as pure operations on a call order.

Each operation returns the new order and the journal entry describing it; what the rules forbid
raises `Refused` with the reason in French.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ranking.classement import PreClassement, RowKey, Statut
from ranking.errors import Refused

_CHOICE_STARTED = "le choix a commencé pour cette liste : l'ordre ne peut plus être modifié"


def key_label(key: RowKey) -> str:
    """How a row is named to users: the id, with « /HD » for the hors-discipline row."""
    identifier, statut = key
    return identifier if statut is Statut.STANDARD else f"{identifier}/HD"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    auteur: str
    horodatage: datetime
    action: str
    avant: tuple[str, ...]
    apres: tuple[str, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class TieGroup:
    numero: int
    rang: int
    membres: frozenset[RowKey]
    traite: bool = False


@dataclass(frozen=True, slots=True)
class Ordre:
    """The call order of one list: rows in order, their tie groups, and how far ranking went."""

    keys: tuple[RowKey, ...]
    groupes: tuple[TieGroup, ...]
    levee_validee: bool
    choix_commence: bool = False

    @classmethod
    def from_preclassement(cls, pre: PreClassement) -> "Ordre":
        groups = tuple(
            TieGroup(lignes[0].groupe, lignes[0].rang, frozenset(ligne.key for ligne in lignes))
            for lignes in pre.groupes()
        )
        return cls(tuple(ligne.key for ligne in pre.lignes), groups, levee_validee=not groups)

    def position(self, key: RowKey) -> int:
        try:
            return self.keys.index(key) + 1
        except ValueError:
            raise Refused(f"{key_label(key)} ne figure pas dans ce classement") from None

    def untreated_group_of(self, key: RowKey) -> TieGroup | None:
        return next((g for g in self.groupes if not g.traite and key in g.membres), None)

    def rang(self, key: RowKey) -> int:
        """Rang d'appel, or the shared pré-classement rank while the key's tie is untreated."""
        group = self.untreated_group_of(key)
        return group.rang if group is not None else self.position(key)

    def rangs(self) -> list[tuple[RowKey, int]]:
        untreated = {k: g.rang for g in self.groupes if not g.traite for k in g.membres}
        return [(k, untreated.get(k, p)) for p, k in enumerate(self.keys, start=1)]


def ordonner_groupe(
    ordre: Ordre, numero: int, membres: Sequence[RowKey], auteur: str, at: datetime
) -> tuple[Ordre, JournalEntry]:
    """Order one tie group; the group becomes « traité ». Can be redone until the levée is valid."""
    _check_open(ordre)
    if ordre.levee_validee:
        raise Refused(
            "la levée des ex-aequo est déjà validée : modifier le classement final "
            "(monter ou descendre un interne)"
        )
    group = next((g for g in ordre.groupes if g.numero == numero), None)
    if group is None:
        numbers = ", ".join(str(g.numero) for g in ordre.groupes) or "aucun"
        raise Refused(f"pas de groupe d'ex-aequo n°{numero} (groupes : {numbers})")
    _check_permutation(group, membres)
    positions = sorted(ordre.keys.index(k) for k in group.membres)
    before = tuple(ordre.keys[p] for p in positions)
    keys = list(ordre.keys)
    for position, key in zip(positions, membres, strict=True):
        keys[position] = key
    groups = tuple(replace(g, traite=True) if g is group else g for g in ordre.groupes)
    entry = JournalEntry(
        auteur,
        at,
        "exaequo.ordonner",
        tuple(map(key_label, before)),
        tuple(map(key_label, membres)),
        f"groupe d'ex-aequo n°{numero} (rang {group.rang}) ordonné : "
        + ", ".join(f"{key_label(k)} rang {positions[i] + 1}" for i, k in enumerate(membres)),
    )
    return replace(ordre, keys=tuple(keys), groupes=groups), entry


def _check_permutation(group: TieGroup, membres: Sequence[RowKey]) -> None:
    given = list(membres)
    missing = sorted(key_label(k) for k in group.membres - set(given))
    unknown = [key_label(k) for k in given if k not in group.membres]
    repeated = sorted({key_label(k) for k in given if given.count(k) > 1})
    faults = []
    if missing:
        faults.append(f"manquent {', '.join(missing)}")
    if unknown:
        faults.append(f"hors du groupe : {', '.join(unknown)}")
    if repeated:
        faults.append(f"cités deux fois : {', '.join(repeated)}")
    if faults:
        raise Refused(
            f"le groupe n°{group.numero} compte {len(group.membres)} internes, chacun une fois ; "
            + " ; ".join(faults)
        )


def valider_levee(ordre: Ordre, auteur: str, at: datetime) -> tuple[Ordre, JournalEntry]:
    """Close the levée: every tie group must be treated; every row then has a unique rang."""
    _check_open(ordre)
    if ordre.levee_validee:
        raise Refused("la levée des ex-aequo est déjà validée")
    left = [g for g in ordre.groupes if not g.traite]
    if left:
        raise Refused(
            "groupes d'ex-aequo non traités : "
            + ", ".join(f"n°{g.numero} (rang {g.rang}, {len(g.membres)} internes)" for g in left)
        )
    labels = tuple(map(key_label, ordre.keys))
    entry = JournalEntry(
        auteur,
        at,
        "exaequo.valider",
        labels,
        labels,
        f"levée des ex-aequo validée : {len(ordre.groupes)} groupe(s) traité(s), "
        f"rangs d'appel 1 à {len(ordre.keys)}",
    )
    return replace(ordre, levee_validee=True), entry


def echanger(ordre: Ordre, position: int, auteur: str, at: datetime) -> tuple[Ordre, JournalEntry]:
    """Swap the rows at rangs `position` and `position + 1`; doing it twice restores the order."""
    _check_open(ordre)
    if not 1 <= position < len(ordre.keys):
        raise Refused(f"échange impossible : pas de rangs {position} et {position + 1}")
    upper, lower = ordre.keys[position - 1], ordre.keys[position]
    for key in (upper, lower):
        group = ordre.untreated_group_of(key)
        if group is not None:
            raise Refused(
                f"{key_label(key)} est dans le groupe d'ex-aequo n°{group.numero}, pas encore "
                "traité : ordonner d'abord ce groupe"
            )
    keys = list(ordre.keys)
    keys[position - 1], keys[position] = lower, upper
    entry = JournalEntry(
        auteur,
        at,
        "final.echanger",
        (key_label(upper), key_label(lower)),
        (key_label(lower), key_label(upper)),
        f"{key_label(upper)} passe du rang {position} au rang {position + 1}, "
        f"{key_label(lower)} du rang {position + 1} au rang {position}",
    )
    return replace(ordre, keys=tuple(keys)), entry


def monter(ordre: Ordre, key: RowKey, auteur: str, at: datetime) -> tuple[Ordre, JournalEntry]:
    position = ordre.position(key)
    if position == 1:
        raise Refused(f"{key_label(key)} est déjà au rang 1")
    return echanger(ordre, position - 1, auteur, at)


def descendre(ordre: Ordre, key: RowKey, auteur: str, at: datetime) -> tuple[Ordre, JournalEntry]:
    position = ordre.position(key)
    if position == len(ordre.keys):
        raise Refused(f"{key_label(key)} est déjà au dernier rang")
    return echanger(ordre, position, auteur, at)


def _check_open(ordre: Ordre) -> None:
    if ordre.choix_commence:
        raise Refused(_CHOICE_STARTED)


def reprendre(previous: Ordre, fresh: Ordre) -> tuple[Ordre, int]:
    """A new pré-classement keeps the tie decisions that still apply (SPEC 3.6).

    A new tie group with exactly the members of a group already treated gets that group's
    order and is treated; the levée stays validated if it was and every group is treated.
    Returns the order and how many groups were carried over.
    """
    treated = {group.membres: group for group in previous.groupes if group.traite}
    before = {key: position for position, key in enumerate(previous.keys)}
    keys = list(fresh.keys)
    groups = []
    for group in fresh.groupes:
        if group.membres not in treated:
            groups.append(group)
            continue
        positions = sorted(keys.index(key) for key in group.membres)
        for position, key in zip(
            positions, sorted(group.membres, key=before.__getitem__), strict=True
        ):
            keys[position] = key
        groups.append(replace(group, traite=True))
    carried = sum(group.traite for group in groups)
    levee = fresh.levee_validee or (previous.levee_validee and all(g.traite for g in groups))
    return Ordre(tuple(keys), tuple(groups), levee), carried


def ecarts(ordre: Ordre, current: Iterable[RowKey]) -> tuple[list[RowKey], list[RowKey]]:
    """Rows to rank again: in the perimeter now but not in the order (added or reactivated
    since the pré-classement), and in the order but no longer in the perimeter."""
    current = list(current)
    ranked = set(ordre.keys)
    present = set(current)
    return [key for key in current if key not in ranked], [
        k for k in ordre.keys if k not in present
    ]
