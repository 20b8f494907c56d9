"""Pré-choix: before the day, run the call with the wishes internes recorded (serial dictatorship
at the final order, fléchés and surnombres included) and tell each one what he would get.

Nothing here touches the real call: it works on a copy of the capacities.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ranking.appel import Candidat, Surnombre
from ranking.classement import RowKey
from ranking.maquette import Eligibilite


@dataclass(frozen=True, slots=True)
class Simulation:
    """What one interne would get: the wish (and its number in his list as he gave it, from
    1), the wishes already full when his turn comes, and those before it the maquette set
    aside then (each with its refusal)."""

    key: RowKey
    obtenu: str | None
    numero: int | None
    pris_avant: tuple[str, ...]
    deja: str | None = None
    """Once the call has started: the list where he already holds `obtenu` (not simulated)."""
    ecartes: tuple[tuple[str, str], ...] = ()


def simuler(
    candidats: Iterable[Candidat],
    capacites: Mapping[str, int],
    voeux: Mapping[RowKey, Sequence[str]],
    ordre: Sequence[RowKey] | None = None,
    regles: Eligibilite | None = None,
) -> dict[RowKey, Simulation]:
    """Serial dictatorship by rank on `capacites`; or, once the call has started (SPEC §4),
    only the rows of `ordre`, in that order, on the places left (`capacites` then says what
    is left of each poste, full ones at 0). `regles`: the maquettes (SPEC §6): a voeu they
    forbid is skipped, never promised, and said."""
    if ordre is None:
        candidats = sorted(candidats, key=lambda c: c.rang)
    else:
        by_key = {c.key: c for c in candidats}
        candidats = [by_key[key] for key in ordre if key in by_key]
    left = dict(capacites)
    results: dict[RowKey, Simulation] = {}
    placed: set[str] = set()

    for candidat in candidats:
        if candidat.fleche and candidat.fleche in left:
            left[candidat.fleche] -= 1
            placed.add(candidat.interne)
            results[candidat.key] = Simulation(candidat.key, candidat.fleche, None, ())
    types = regles.suivre(p for p, n in left.items() if n > 0) if regles is not None else None
    for candidat in candidats:
        if candidat.interne in placed or candidat.sortant:
            continue
        given = voeux.get(candidat.key, ())
        wishes = allowed = [w for w in given if w in left]
        if regles is not None and wishes:
            allowed = regles.permis(candidat.interne, wishes, types)
        if candidat.surnombre is Surnombre.NON_VALIDANT:  # any poste, even a full one
            got = allowed[0] if allowed else None
            gone: tuple[str, ...] = ()
            placed.add(candidat.interne)
        else:
            gone = tuple(w for w in wishes if left[w] < 1)
            got = next((w for w in allowed if left[w] > 0), None)
        number = given.index(got) + 1 if got is not None else None
        ecartes = ()
        if len(allowed) < len(wishes):
            ecartes = _ecartes(candidat.interne, wishes, allowed, got, gone, regles, types)
        results[candidat.key] = Simulation(candidat.key, got, number, gone, ecartes=ecartes)
        if got is not None and candidat.surnombre is not Surnombre.NON_VALIDANT:
            placed.add(candidat.interne)
            if candidat.surnombre is not Surnombre.VALIDANT:
                left[got] -= 1
                if left[got] == 0 and types is not None:
                    types.fermer(got)
    return results


def _ecartes(interne, wishes, allowed, got, gone, regles, types) -> tuple[tuple[str, str], ...]:
    """The voeux before the one he would get (all, if none) that had a place left at his turn
    and that the maquette set aside, each with its refusal."""
    before = wishes[: wishes.index(got)] if got is not None else wishes
    kept = set(allowed).union(gone)
    set_aside = [w for w in before if w not in kept]
    return tuple(zip(set_aside, regles.pourquoi(interne, set_aside, types), strict=True))
