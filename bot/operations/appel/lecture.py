"""The call's reads: where a list's call stands (who is called, who comes next and when, the
open postes), the screen a press is made on, and the results.

The state is read in the transaction it is asked from (an act's own, after it), and only for
the people it shows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from bot.operations.base import Contexte
from bot.operations.journal import tete_lisible
from ranking.appel import Appel
from ranking.classement import RowKey
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.horloge import cadence, estimations, now, rythme
from ranking.ordre import key_label
from ranking.telephone import lisible
from ranking.text import naturel
from storage import appel, internes, journal, listes, maquette, voeux
from storage.database import Transaction
from storage.listes import Liste

SUIVANTS = 5
POSTES_MONTRES = 30
"""Open postes a text screen lists (the command line's, the board's); pickers page them all."""


@dataclass(frozen=True, slots=True)
class Personne:
    key: RowKey
    rang: int
    nom: str
    prenom: str

    @property
    def label(self) -> str:
        return f"rang {self.rang} {self.nom} {self.prenom} ({key_label(self.key)})"


@dataclass(frozen=True, slots=True)
class EtatAppel:
    """Where a list's call stands."""

    liste: Liste
    appel: Appel
    appele: Personne | None
    appele_depuis: datetime | None
    attente: Personne | None
    telephone: str | None
    suivants: tuple[tuple[Personne, datetime | None], ...]
    restants: int
    cadence: float | None
    delai: int | None
    absents: tuple[Personne, ...]
    libelles: dict[str, tuple[str, str | None]]
    """Terrain and type of every poste of the list: postes are picked by name, not by id."""
    ouverts: dict[str, int]
    """Postes with places left, and how many (computed once: screens read it per poste)."""
    procuration: tuple[str, ...] | None = None
    """The called interne's procuration: its wishes still open, in his order (None: none)."""
    telephone_appele: str | None = None
    """The phone of the called interne's procuration (for a gestionnaire's screen only)."""
    interdits: Mapping[RowKey, frozenset[str]] = field(default_factory=dict)
    """For the called interne and each absent, the open postes his maquette forbids (règles §6):
    marked on a picker, given only hors maquette."""

    @property
    def terrains(self) -> dict[str, str]:
        return {poste: terrain for poste, (terrain, _) in self.libelles.items()}

    @property
    def places(self) -> tuple[int, int]:
        """Places taken, and all places of the list."""
        taken = sum(1 for p in self.appel.prises if p.takes_place)
        return taken, sum(self.appel.capacites.values())

    def statut(self, telephone: bool = False) -> str:
        """Where the call stands, in one line: who is called, who is waited for on the phone
        (his number only for a gestionnaire's screen: `telephone`), or what is left to do."""
        if self.appel.clos:
            return "Choix clos."
        if self.attente is not None:
            number = f" — téléphone {lisible(self.telephone)}" if telephone else ""
            return (
                f"En attente d'appel téléphonique : {self.attente.label}{number} "
                "(aucun vœu de sa procuration n'est libre)"
            )
        if self.appele is not None:
            return f"Appelé : {self.appele.label}"
        if self.appel.absents:
            return "Appel terminé : affecter d'office les absents restants, ou clore la liste."
        return "Appel terminé : clore la liste."

    def delai_restant(self, at: datetime) -> float | None:
        if self.appele is None:
            return None
        return _restant(self.delai, self.appele_depuis, at)


def _restant(delai: int | None, depuis: datetime | None, at: datetime) -> float | None:
    """Seconds the called interne has left of `delai`, called at `depuis` (None: no delay)."""
    if delai is None or depuis is None:
        return None
    return max(0.0, delai - (at - depuis).total_seconds())


async def delai_restant(tx: Transaction, ctx: Contexte, liste: Liste, at: datetime):
    """What `EtatAppel.delai_restant` says of the list's call, read without the rest of its
    state (the sender asks it of every list chosen from Telegram, every second)."""
    current = await appel.charger(tx, liste)
    head = next(current.a_venir(), None)
    if ctx.config.delai_secondes is None or head is None or head == current.attente:
        return None
    return _restant(ctx.config.delai_secondes, await appel.appele_depuis(tx, liste), at)


async def personnes(tx: Transaction, current: Appel, keys: list[RowKey]) -> dict[RowKey, Personne]:
    """Names of the people shown, and only them."""
    names = await internes.noms(tx, [key[0] for key in keys])
    return {key: Personne(key, current.candidat(key).rang, *names[key[0]]) for key in set(keys)}


async def lire_etat(
    tx: Transaction, ctx: Contexte, liste: Liste, current: Appel, durees: list[float] | None
) -> EtatAppel:
    pace = rythme(
        cadence(durees if durees is not None else await appel.durees(tx, liste)),
        ctx.config.delai_secondes,
    )  # fmt: skip
    coming = list(islice(current.a_venir(), SUIVANTS + 1))  # the one waiting on the phone first
    head = coming[0] if coming and coming[0] != current.attente else None
    times = dict(estimations(current, pace, now(), premiers=SUIVANTS + 1)) if pace else {}
    absent_keys = absents(current)
    shown = [*coming, *absent_keys, *([current.attente] if current.attente else [])]
    people = await personnes(tx, current, shown)
    telephone = await voeux.telephone(tx, current.attente[0]) if current.attente else None
    ouverts = current.ouverts()
    procuration, telephone_appele = None, None
    if head is not None and current.candidat(head).voeux:
        procuration = tuple(w for w in current.candidat(head).voeux if ouverts.get(w, 0) > 0)
        telephone_appele = await voeux.telephone(tx, head[0])
    choosing = [*coming[:1], *absent_keys]  # who may be given a place now
    interdits = await _interdits(tx, ctx, liste, current, choosing)
    return EtatAppel(
        liste,
        current,
        people[head] if head else None,
        await appel.appele_depuis(tx, liste) if head else None,
        people[current.attente] if current.attente else None,
        telephone,
        tuple((people[key], times.get(key)) for key in coming[1:]),
        sum(1 for _ in current.a_venir()),
        pace,
        ctx.config.delai_secondes,
        tuple(people[key] for key in absent_keys),
        await appel.libelles(tx, liste),
        ouverts,
        procuration,
        telephone_appele,
        interdits,
    )


async def _interdits(
    tx: Transaction, ctx: Contexte, liste: Liste, current: Appel, keys: list[RowKey]
) -> dict[RowKey, frozenset[str]]:
    """The open postes the maquette forbids each of `keys` (nothing read of the others; the
    postes and profiles an act just read are not read again)."""
    if not keys:
        return {}
    seuls = {k[0] for k in keys}
    if current.eligibilite is not None:
        regles = await maquette.completer(tx, liste, current.eligibilite, seuls)
    else:
        regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
    if regles is None:
        return {}
    ouverts = [p for p, n in current.ouverts().items() if n > 0]
    found = {key: regles.interdits(key[0], ouverts) for key in keys}
    return {key: postes for key, postes in found.items() if postes}


def postes_ordonnes(state: EtatAppel) -> list[str]:
    """All postes of the list in button order (`ordonnes`): an index in callback data."""
    return ordonnes(state.appel)


def ordonnes(current: Appel) -> list[str]:
    """The list's postes in natural order, then those added during its call in the order they
    were: what a button's index counts in (an addition shifts no button already drawn)."""
    added = set(current.ajoutes)
    first = sorted((poste for poste in current.capacites if poste not in added), key=naturel)
    return [*first, *(poste for poste in current.ajoutes if poste in current.capacites)]


async def etat(ctx: Contexte, nom: str) -> EtatAppel:
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        return await lire_etat(tx, ctx, liste, await appel.charger(tx, liste), None)


@dataclass(frozen=True, slots=True)
class Ecran:
    """What a call screen shows of a list, and the version it is drawn from (a press on it
    carries that version). `etat` is None while the call is not open."""

    liste: Liste
    version: int
    etat: EtatAppel | None


async def ecran(ctx: Contexte, liste_id: int) -> Ecran:
    async with ctx.db.read() as tx:
        return await lire_ecran(tx, ctx, await listes.by_id(tx, liste_id), None, None)


async def versions(ctx: Contexte, liste_ids: set[int]) -> dict[int, int]:
    """Each list's version (its last journal entry), read at once."""
    async with ctx.db.read() as tx:
        return {liste_id: await journal.derniere(tx, liste_id) for liste_id in liste_ids}


async def ecran_suivi(ctx: Contexte, liste_id: int) -> tuple[Ecran, str | None]:
    """A call screen drawn again because the call moved, and the act that moved it last."""
    async with ctx.db.read() as tx:
        shown = await lire_ecran(tx, ctx, await listes.by_id(tx, liste_id), None, None)
        return shown, await journal.dernier_detail(tx, liste_id)


async def lire_ecran(
    tx: Transaction, ctx: Contexte, liste: Liste, current: Appel | None, durees
) -> Ecran:
    version = await journal.derniere(tx, liste.id)
    if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
        return Ecran(liste, version, None)
    current = current if current is not None else await appel.charger(tx, liste)
    return Ecran(liste, version, await lire_etat(tx, ctx, liste, current, durees))


async def cibles_reoffre(ctx: Contexte, nom: str) -> list[Liste]:
    """The lists that may receive a closed list's places left: later in its amphi, their
    choice not started."""
    async with ctx.db.read() as tx:
        source, every = await listes.get(tx, nom), await listes.all_listes(tx)
    return [
        liste for liste in every
        if liste.definition.amphi_nom == source.definition.amphi_nom
        and liste.definition.ordre > source.definition.ordre
        and liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS)
    ]  # fmt: skip


async def resultats(ctx: Contexte, nom: str) -> tuple[Liste, appel.Resultats, str]:
    """The list's results, and the journal's chain head they were read at (printed with
    them: a sheet matched to the base it came from)."""
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        found = await appel.resultats(tx, liste)
        return liste, found, tete_lisible(await journal.tete(tx))


COLONNES_RESULTATS = ("rang", "id", "nom", "prenom", "poste", "terrain", "mention", "journal")


def lignes_resultats(found: appel.Resultats, tete: str) -> list[list[str]]:
    """The results as rows of COLONNES_RESULTATS, in call order; each names the journal's
    head they were read at."""
    return [
        [str(r.rang), key_label(r.key), r.nom, r.prenom, r.poste, r.terrain, r.mention, tete]
        for r in found.lignes
    ]


def absents(current: Appel) -> list[RowKey]:
    """The absents still without a place, in rank order (as a screen lists them); none, and
    the thousands of the list are not gone through (every screen redrawn asks)."""
    if not current.absents:
        return []
    return [c.key for c in current.candidats if c.key in current.absents]


def indexe(items: list, index: int, what: str):
    """The item a button's index names, in the very list the screen was drawn from; refused
    when the screen offered no such item."""
    if not 0 <= index < len(items):
        raise Refused(f"{what} n'est plus proposé : l'écran a été rafraîchi")
    return items[index]
