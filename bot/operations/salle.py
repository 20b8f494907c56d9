"""What the room sees of the day (the projected page, a hospital following the choices, an
interne without Telegram): every list and its state; for a list being called, who is called,
the next five and their estimated times, the postes with the places left, the last choices.
Nothing the room would not see: no phone, no procuration's content, no hors-maquette motif, no
surnombre's category; names left out when the configuration says so."""

from dataclasses import dataclass
from datetime import datetime

from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from ranking.cycle import Etat
from ranking.text import naturel
from storage import internes, listes

DERNIERS = 8
"""Choices shown, the latest first."""
AUTRES = "Autres postes"


@dataclass(frozen=True, slots=True)
class Interne:
    rang: int
    nom: str | None
    """« Nom Prénom », or None when only rangs are shown."""
    vers: datetime | None = None
    """His estimated time (the next ones)."""


@dataclass(frozen=True, slots=True)
class Poste:
    id: str
    terrain: str
    restantes: int
    places: int


@dataclass(frozen=True, slots=True)
class Choix:
    rang: int
    nom: str | None
    poste: str
    terrain: str
    comment: str
    """« par procuration », « d'office »…, or empty for his own choice."""


@dataclass(frozen=True, slots=True)
class ListeSalle:
    nom: str
    etat: str
    en_cours: bool
    appele: Interne | None = None
    au_telephone: Interne | None = None
    """Waited for on the phone (his procuration had nothing left): the call waits."""
    suivants: tuple[Interne, ...] = ()
    restants: int = 0
    groupes: tuple[tuple[str, tuple[Poste, ...]], ...] = ()
    """Postes by type, each with its places left (full ones too: shown greyed)."""
    derniers: tuple[Choix, ...] = ()
    places: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Salle:
    listes: tuple[ListeSalle, ...]


async def version(ctx: Contexte) -> tuple[tuple[int, int], ...]:
    """Changes with any act on any list (its last journal entry): what a viewer waits on."""
    async with ctx.db.read() as tx:
        ids = {liste.id for liste in await listes.all_listes(tx)}
    return tuple(sorted((await appel_operations.versions(ctx, ids)).items()))


async def salle(ctx: Contexte, rang_seul: bool = False) -> Salle:
    async with ctx.db.read() as tx:
        every = await listes.all_listes(tx)
    found = []
    for liste in every:
        if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
            found.append(ListeSalle(liste.nom, liste.etat.label, False))
            continue
        found.append(await _en_cours(ctx, liste.nom, rang_seul))
    return Salle(tuple(found))


async def _en_cours(ctx: Contexte, nom: str, rang_seul: bool) -> ListeSalle:
    state = await appel_operations.etat(ctx, nom)
    current = state.appel

    def shown(personne, vers=None) -> Interne | None:
        if personne is None:
            return None
        return Interne(personne.rang, None if rang_seul else f"{personne.nom} {personne.prenom}",
                       vers)  # fmt: skip

    latest = list(reversed(current.prises[-DERNIERS:]))
    async with ctx.db.read() as tx:
        names = {} if rang_seul else await internes.noms(tx, [p.key[0] for p in latest])
    derniers = tuple(
        Choix(
            current.candidat(p.key).rang,
            " ".join(names[p.key[0]]) if p.key[0] in names else None,
            p.poste, state.terrains.get(p.poste, ""), p.nature.label,
        )
        for p in latest
    )  # fmt: skip
    return ListeSalle(
        nom, state.liste.etat.label, not current.clos,
        appele=shown(state.appele), au_telephone=shown(state.attente),
        suivants=tuple(shown(p, vers) for p, vers in state.suivants),
        restants=state.restants, groupes=_groupes(state), derniers=derniers, places=state.places,
    )  # fmt: skip


def _groupes(state: appel_operations.EtatAppel) -> tuple[tuple[str, tuple[Poste, ...]], ...]:
    by_type: dict[str, list[Poste]] = {}
    for poste in sorted(state.appel.capacites, key=naturel):
        terrain, kind = state.libelles.get(poste, ("", None))
        left = state.ouverts.get(poste, 0)
        by_type.setdefault(kind or AUTRES, []).append(
            Poste(poste, terrain, left, state.appel.capacites[poste])
        )
    return tuple((kind, tuple(found)) for kind, found in sorted(by_type.items()))
