"""Pré-choix: before the day, run the call with the wishes internes recorded (serial dictatorship
at the final order, fléchés and surnombres included) and tell each one what he would get.

Nothing here touches the real call: it works on a copy of the capacities.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ranking.appel import Candidat, Surnombre
from ranking.classement import RowKey
from ranking.maquette import Eligibilite
from ranking.postes_ouverts import PostesOuverts


class Motifs:
    """What a simulation's maquette set aside, read again only when shown: it sets aside
    voeux for most internes, and one interne reads his."""

    def __init__(self, regles: Eligibilite, ouverts: PostesOuverts):
        self._regles, self._ouverts = regles, ouverts
        self._dits: dict[RowKey, tuple[tuple[str, str], ...]] = {}

    def dits(self, simulation: "Simulation", wishes: list[str], moment: int):
        """The voeux before the one he would get (all, if none) that had a place left at his
        turn (`moment`) and that the maquette set aside, each with its refusal."""
        said = self._dits.get(simulation.key)
        if said is None:
            said = self._dits[simulation.key] = self._ecrire(simulation, wishes, moment)
        return said

    def _ecrire(self, simulation: "Simulation", wishes: list[str], moment: int):
        got, interne = simulation.obtenu, simulation.key[0]
        before = wishes[: wishes.index(got)] if got is not None else wishes
        seen = self._ouverts.au_moment(moment)
        open_then = [w for w in before if w not in simulation.pris_avant]
        set_aside = self._regles.ecartes(interne, open_then, seen) if open_then else []
        if not set_aside:
            return ()
        why = self._regles.pourquoi(interne, set_aside, seen)
        return tuple(zip(set_aside, why, strict=True))


@dataclass(frozen=True, slots=True)
class Simulation:
    """What one interne would get: the wish (and its number in his list as he gave it, from
    1), the wishes already full when his turn comes, and those before it the maquette set
    aside then (`ecartes`, each with its refusal)."""

    key: RowKey
    obtenu: str | None
    numero: int | None
    pris_avant: tuple[str, ...]
    deja: str | None = None
    """Once the call has started: the list where he already holds `obtenu` (not simulated)."""
    motifs: tuple[Motifs, list[str], int] | None = field(default=None, compare=False, repr=False)
    """With a maquette: his voeux and when his turn came, for `ecartes`."""

    @property
    def ecartes(self) -> tuple[tuple[str, str], ...]:
        """Written when asked (then kept): most are never shown."""
        if self.motifs is None:
            return ()
        motifs, wishes, moment = self.motifs
        return motifs.dits(self, wishes, moment)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Simulation):
            return NotImplemented
        return (self.key, self.obtenu, self.numero, self.pris_avant, self.deja, self.ecartes) == (
            other.key, other.obtenu, other.numero, other.pris_avant, other.deja, other.ecartes
        )  # fmt: skip


def simuler(
    candidats: Iterable[Candidat],
    capacites: Mapping[str, int],
    voeux: Mapping[RowKey, Sequence[str]],
    ordre: Sequence[RowKey] | None = None,
    regles: Eligibilite | None = None,
) -> dict[RowKey, Simulation]:
    """Serial dictatorship by rank on `capacites`; or, once the call has started (règles §4),
    only the rows of `ordre`, in that order, on the places left (`capacites` then says what
    is left of each poste, full ones at 0). `regles`: the maquettes (règles §6): a voeu they
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
    types = motifs = premier = None
    if regles is not None:
        types = regles.suivre(p for p, n in left.items() if n > 0)
        motifs, premier, pleines = Motifs(regles, types), regles.premier, types.pleines
    for candidat in candidats:
        if candidat.interne in placed or candidat.sortant:
            continue
        given = voeux.get(candidat.key, ())
        wishes = [w for w in given if w in left]
        if candidat.surnombre is Surnombre.NON_VALIDANT:  # any poste, even a full one
            allowed = wishes
            if regles is not None and wishes:
                allowed = regles.permis(candidat.interne, wishes, types)
            got = allowed[0] if allowed else None
            gone: tuple[str, ...] = ()
            placed.add(candidat.interne)
        else:
            gone = tuple(w for w in wishes if left[w] < 1)
            if regles is None or not wishes:
                got = next((w for w in wishes if left[w] > 0), None)
            else:
                got = premier(candidat.interne, wishes, left, types)
        number = given.index(got) + 1 if got is not None else None
        if regles is not None and wishes:
            said = (motifs, wishes, len(pleines))
            results[candidat.key] = Simulation(candidat.key, got, number, gone, None, said)
        else:
            results[candidat.key] = Simulation(candidat.key, got, number, gone)
        if got is not None and candidat.surnombre is not Surnombre.NON_VALIDANT:
            placed.add(candidat.interne)
            if candidat.surnombre is not Surnombre.VALIDANT:
                left[got] -= 1
                if left[got] == 0 and types is not None:
                    types.fermer(got)
    return results
