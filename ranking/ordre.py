"""Levée des ex-aequo and classement final (règles 3.5–3.6) as pure operations on a call order.

Each operation returns the new order and the journal entry describing it; what the rules forbid
raises `Refused` with the reason in French.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ranking.classement import PreClassement, RowKey, Statut
from ranking.errors import Etape, Refused, Suite

_CHOICE_STARTED = "le choix a commencé pour cette liste : l'ordre ne peut plus être modifié"


def key_label(key: RowKey) -> str:
    """How a row is named to users: the id, with « /HD » for the hors-discipline row."""
    identifier, statut = key
    return identifier if statut is Statut.STANDARD else f"{identifier}/HD"


def key_from_label(label: str) -> RowKey:
    """The inverse of `key_label`, for labels amphi wrote itself (the journal, a stale order)."""
    if label.endswith("/HD"):
        return (label[:-3], Statut.HORS_DISCIPLINE)
    return (label, Statut.STANDARD)


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
class Deplacement:
    """A manual move of the classement final: `monte` was just below `descend` and swapped
    places with him. Kept so that a new pré-classement can replay it where it still applies."""

    monte: RowKey
    descend: RowKey

    @property
    def label(self) -> str:
        return f"{key_label(self.monte)} placé avant {key_label(self.descend)}"


@dataclass(frozen=True, slots=True)
class Ordre:
    """The call order of one list: rows in order, their tie groups, how far ranking went, and
    the gestionnaire's moves since the levée."""

    keys: tuple[RowKey, ...]
    groupes: tuple[TieGroup, ...]
    levee_validee: bool
    choix_commence: bool = False
    deplacements: tuple[Deplacement, ...] = ()

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


def membres(ordre: Ordre, numero: int) -> list[RowKey]:
    """A tie group's members in their current order."""
    group = next((g for g in ordre.groupes if g.numero == numero), None)
    if group is None:
        raise Refused(f"pas de groupe d'ex-aequo n°{numero}")
    return sorted(group.membres, key=ordre.keys.index)


def avec_voisin(ordre: Ordre, numero: int, index: int, vers_le_haut: bool) -> list[RowKey]:
    """The group's members, the one at `index` swapped with its neighbour above or below (the
    order ↑ or ↓ asks for); the same order when there is no such neighbour."""
    keys = membres(ordre, numero)
    if not 0 <= index < len(keys):
        raise Refused(f"le groupe n°{numero} n'a pas de {index + 1}e interne")
    other = index - 1 if vers_le_haut else index + 1
    if 0 <= other < len(keys):
        keys[index], keys[other] = keys[other], keys[index]
    return keys


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


def valider_levee(
    ordre: Ordre, auteur: str, at: datetime, liste: str | None = None
) -> tuple[Ordre, JournalEntry]:
    """Close the levée: every tie group must be treated; every row then has a unique rang.
    A group left names the next step: ordering it (on `liste`)."""
    _check_open(ordre)
    if ordre.levee_validee:
        raise Refused(
            "la levée des ex-aequo est déjà validée (un pré-classement sans ex-aequo l'est "
            "d'emblée) ; reste à valider le classement final",
            Suite(Etape.VALIDER_FINAL, liste),
        )
    left = [g for g in ordre.groupes if not g.traite]
    if left:
        raise Refused(
            "groupes d'ex-aequo non traités : "
            + ", ".join(f"n°{g.numero} (rang {g.rang}, {len(g.membres)} internes)" for g in left)
            + " ; ordonner chaque groupe, puis valider",
            Suite(Etape.EXAEQUO, liste),
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
    entry = JournalEntry(
        auteur,
        at,
        "final.echanger",
        (key_label(upper), key_label(lower)),
        (key_label(lower), key_label(upper)),
        f"{key_label(upper)} passe du rang {position} au rang {position + 1}, "
        f"{key_label(lower)} du rang {position + 1} au rang {position}",
    )
    return _swapped(ordre, position), entry


def _swapped(ordre: Ordre, position: int) -> Ordre:
    """Rows at `position` and `position + 1` exchanged, the move remembered (a swap that undoes
    the last move forgets it instead: moving back and forth leaves no move to replay)."""
    keys = list(ordre.keys)
    upper, lower = keys[position - 1], keys[position]
    keys[position - 1], keys[position] = lower, upper
    if ordre.deplacements and ordre.deplacements[-1] == Deplacement(upper, lower):
        moves = ordre.deplacements[:-1]
    else:
        moves = (*ordre.deplacements, Deplacement(lower, upper))
    return replace(ordre, keys=tuple(keys), deplacements=moves)


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


def placer(
    ordre: Ordre, key: RowKey, rang: int, motif: str, auteur: str, at: datetime
) -> tuple[Ordre, JournalEntry]:
    """Move a row to rang `rang`, one swap at a time (each checked as `monter`/`descendre`
    would check it); one journal entry with the gestionnaire's reason."""
    _check_open(ordre)
    if not motif.strip():
        raise Refused("placer un interne demande un motif (il est inscrit au journal)")
    start = ordre.position(key)
    if not 1 <= rang <= len(ordre.keys):
        raise Refused(f"rang {rang} impossible : la liste compte {len(ordre.keys)} rangs")
    if rang == start:
        raise Refused(f"{key_label(key)} est déjà au rang {rang}")
    after = ordre
    step = -1 if rang < start else 1
    for position in range(start, rang, step):
        after, _ = echanger(after, min(position, position + step), auteur, at)
    low, high = sorted((start, rang))
    entry = JournalEntry(
        auteur,
        at,
        "final.placer",
        tuple(map(key_label, ordre.keys[low - 1 : high])),
        tuple(map(key_label, after.keys[low - 1 : high])),
        f"{key_label(key)} passe du rang {start} au rang {rang} ({motif.strip()}) ; "
        f"{high - low} interne(s) {'descendent' if rang < start else 'montent'} d'un rang",
    )
    return after, entry


def _check_open(ordre: Ordre) -> None:
    if ordre.choix_commence:
        raise Refused(_CHOICE_STARTED)


@dataclass(frozen=True, slots=True)
class Reprise:
    """What a new pré-classement kept of the previous order: tie decisions and manual moves."""

    ordre: Ordre
    groupes_repris: int
    deplacements_repris: tuple[Deplacement, ...]
    deplacements_perdus: tuple[Deplacement, ...]


def reprendre(previous: Ordre, fresh: Ordre) -> Reprise:
    """A new pré-classement keeps the decisions that still apply (règles 3.6).

    A new tie group with exactly the members of a group already treated gets that group's
    order and is treated; the levée stays validated if it was and every group is treated.
    Then the moves of the classement final are replayed in their order: a move still applies
    when its two internes are again side by side as they were before it; the others are lost,
    and returned so that the gestionnaire is told.
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
    ordre = Ordre(tuple(keys), tuple(groups), levee)
    kept, lost = [], []
    for move in previous.deplacements:
        position = _adjacent(ordre, move)
        if position is None:
            lost.append(move)
        else:
            ordre = _swapped(ordre, position)
            kept.append(move)
    return Reprise(ordre, carried, tuple(kept), tuple(lost))


def check_abandon(liste: str, perdus: Sequence[Deplacement], abandonner: bool) -> None:
    """Moves of the classement final that no longer apply (`perdus`) are given up only when
    the gestionnaire chose to (`abandonner`)."""
    if perdus and not abandonner:
        raise Refused(
            f"liste « {liste} » : relancer le pré-classement abandonnerait {len(perdus)} "
            "déplacement(s) du classement final qui ne s'appliquent plus ("
            + " ; ".join(move.label for move in perdus)
            + ") : les deux internes ne sont plus voisins ; relancer en les abandonnant (puis "
            "les refaire s'il y a lieu)",
            Suite(Etape.PRECLASSEMENT_ABANDON, liste),
        )


def _adjacent(ordre: Ordre, move: Deplacement) -> int | None:
    """The position of `move.descend` when `move.monte` is right below it and neither is in a
    tie group still to order; None when the move no longer applies."""
    try:
        upper = ordre.keys.index(move.descend)
    except ValueError:
        return None
    if upper + 1 >= len(ordre.keys) or ordre.keys[upper + 1] != move.monte:
        return None
    if any(ordre.untreated_group_of(key) for key in (move.monte, move.descend)):
        return None
    return upper + 1


def ecarts(ordre: Ordre, current: Iterable[RowKey]) -> tuple[list[RowKey], list[RowKey]]:
    """Rows to rank again: in the perimeter now but not in the order (added or reactivated
    since the pré-classement), and in the order but no longer in the perimeter."""
    current = list(current)
    ranked = set(ordre.keys)
    present = set(current)
    return [key for key in current if key not in ranked], [
        k for k in ordre.keys if k not in present
    ]
