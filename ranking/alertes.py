"""Which messages the call owes each interne, now: his turn approaching (at the distances he
chose), his turn, the place taken for him (in person, by procuration, d'office), the list's call
opening and closing. Each has a key naming it for good, so that it is sent once whatever the
number of times it is computed (by a bot restarted, or after acts of another process)."""

from collections.abc import Container, Iterable, Mapping
from itertools import islice
from typing import NamedTuple

from ranking.appel import Appel

DISTANCES = (10, 3)


class Alerte(NamedTuple):
    """A tuple, not a dataclass: every round of the bot lists what each followed interne is
    owed (thousands, most already sent), and a frozen dataclass is five times slower to make."""

    cle: str
    interne: str
    sorte: str
    """« ouverture », « approche », « tour », « place », « passe », « cloture »."""
    avant: int = 0
    poste: str | None = None
    mention: str | None = None
    """How a place was taken when not by his own choice (« par procuration », …)."""
    appel: int = 1
    """Which call of his it belongs to (he is called again after an undo, a deferral…)."""
    raison: str | None = None
    """Why he is called again: « annule » (his choice was undone), « encore »."""


def _nieme(cle: str, appel: int) -> str:
    """A key naming one call: the first keeps the key alerts had before calls were counted."""
    return cle if appel <= 1 else f"{cle}:{appel}"


def dues(
    liste_id: int,
    appel: Appel,
    suivis: Iterable[str],
    distances: Mapping[str, tuple[int, ...]],
    connues: Container[str] = frozenset(),
) -> list[Alerte]:
    """The alerts owed now to the internes followed (bound to the bot) on this list, but those
    whose key is in `connues` (already planned: each round of the bot would otherwise list the
    opening of the call again for each of thousands of internes)."""
    followed = set(suivis)
    found = []
    in_list = {c.key[0] for c in appel.candidats if c.called} & followed
    for interne in sorted(in_list):
        if (cle := f"ouverture:{liste_id}:{interne}") not in connues:
            found.append(Alerte(cle, interne, "ouverture"))
    for prise in appel.prises:
        if prise.key[0] in followed:
            key = f"place:{liste_id}:{prise.key[0]}:{prise.poste}:{prise.nature.value}"
            key = _nieme(key, appel.appels.get(prise.key, 1))
            found.append(
                Alerte(key, prise.key[0], "place", poste=prise.poste, mention=prise.mention or None)
            )
    for key in sorted(appel.absents):
        if key[0] in followed:
            found.append(Alerte(f"passe:{liste_id}:{key[0]}", key[0], "passe"))
    horizon = max((max(d, default=0) for d in distances.values()), default=0)
    horizon = max(horizon, max(DISTANCES))
    for position, key in enumerate(islice(appel.a_venir(), horizon + 1)):
        interne = key[0]
        if interne not in followed:
            continue
        if position == 0 and key != appel.attente:
            n = appel.appels.get(key, 1)
            raison = None if n <= 1 else "annule" if key in appel.reprises else "encore"
            cle = _nieme(f"tour:{liste_id}:{interne}", n)
            found.append(Alerte(cle, interne, "tour", appel=n, raison=raison))
        near = [d for d in sorted(distances.get(interne, DISTANCES)) if 0 < position <= d]
        if near:  # the most urgent only: one bound late is not told twice at once
            found.append(
                Alerte(
                    f"approche:{liste_id}:{interne}:{near[0]}", interne, "approche", avant=position
                )
            )
    if appel.clos:
        for interne in sorted(in_list):
            found.append(Alerte(f"cloture:{liste_id}:{interne}", interne, "cloture"))
    return [alerte for alerte in found if alerte.cle not in connues] if connues else found
