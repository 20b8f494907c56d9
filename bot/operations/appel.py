"""Choice day, for both faces: the call's state (who is called, who comes next and when, the
open postes), each act of the call, the time limit, re-offered places and the results.

Each act is one transaction through the engine of `ranking.appel`; the state shown after it is
read in the same transaction, and only for the people it shows.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from bot.operations.base import Contexte
from bot.operations.moi import naturel
from ranking import appel as regles
from ranking.appel import Appel
from ranking.classement import RowKey
from ranking.errors import InvalidInput, Problem, Refused
from ranking.horloge import cadence, estimations
from ranking.ordre import key_label
from storage import appel, listes
from storage.database import Transaction, now
from storage.listes import Liste

SUIVANTS = 5
POSTES_MONTRES = 30

ACTES = {
    "choisir": lambda key, poste, apres: lambda a: regles.choisir(a, key, poste),
    "absent": lambda key, poste, apres: lambda a: regles.absent(a, key),
    "procuration": lambda key, poste, apres: lambda a: regles.appliquer_procuration(a, key),
    "injoignable": lambda key, poste, apres: lambda a: regles.injoignable(a, key),
    "arrivee": lambda key, poste, apres: lambda a: regles.arrivee(a, key),
    "differer": lambda key, poste, apres: lambda a: regles.differer(a, key, apres),
    "office": lambda key, poste, apres: lambda a: regles.affecter_office(a, key, poste),
    "annuler": lambda key, poste, apres: regles.annuler,
    "clore": lambda key, poste, apres: regles.clore,
}
"""Each act of the call: which pure operation, given the interne, the poste, the rank."""


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
    terrains: dict[str, str]
    """The terrain of the open postes shown (the first `POSTES_MONTRES`)."""
    ouverts: dict[str, int]
    """Postes with places left, and how many (computed once: screens read it per poste)."""

    @property
    def places(self) -> tuple[int, int]:
        """Places taken, and all places of the list."""
        taken = sum(1 for p in self.appel.prises if p.takes_place)
        return taken, sum(self.appel.capacites.values())

    def delai_restant(self, at: datetime) -> float | None:
        if self.delai is None or self.appele_depuis is None or self.appele is None:
            return None
        return max(0.0, self.delai - (at - self.appele_depuis).total_seconds())


async def _people(tx: Transaction, current: Appel, keys: list[RowKey]) -> dict[RowKey, Personne]:
    """Names of the people shown, and only them."""
    wanted = sorted({key[0] for key in keys})
    if not wanted:
        return {}
    names = {
        row[0]: (row[1], row[2])
        for row in await tx.all(
            f"SELECT id, nom, prenom FROM interne WHERE id IN ({', '.join('?' * len(wanted))})",
            wanted,
        )
    }
    return {key: Personne(key, current.candidat(key).rang, *names[key[0]]) for key in set(keys)}


async def _etat(
    tx: Transaction, ctx: Contexte, liste: Liste, current: Appel, durees: list[float] | None
) -> EtatAppel:
    pace = cadence(durees if durees is not None else await appel.durees(tx, liste))
    if pace is not None and pace < 1:  # acts typed in a burst (a script, a demo): no estimate
        pace = None
    coming = list(islice(current.a_venir(), SUIVANTS + 1))  # the one waiting on the phone first
    head = coming[0] if coming and coming[0] != current.attente else None
    times = dict(estimations(current, pace, now(), premiers=SUIVANTS + 1)) if pace else {}
    absents = [c.key for c in current.candidats if c.key in current.absents]
    shown = [*coming, *absents, *([current.attente] if current.attente else [])]
    people = await _people(tx, current, shown)
    telephone = None
    if current.attente:
        telephone = await tx.value(
            "SELECT telephone FROM procuration WHERE interne_id = ?", (current.attente[0],)
        )
    ouverts = current.ouverts()
    open_ids = list(ouverts)[:POSTES_MONTRES]
    terrains = {}
    if open_ids:
        terrains = dict(
            await tx.all(
                f"SELECT id, terrain FROM poste WHERE id IN ({', '.join('?' * len(open_ids))})",
                open_ids,
            )
        )
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
        tuple(people[key] for key in absents),
        terrains,
        ouverts,
    )


def postes_ordonnes(state: EtatAppel) -> list[str]:
    """All postes of the list in natural order: an index in callback data stays valid."""
    return sorted(state.appel.capacites, key=naturel)


async def etat(ctx: Contexte, nom: str) -> EtatAppel:
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        return await _etat(tx, ctx, liste, await appel.charger(tx, liste), None)


async def ouvrir(ctx: Contexte, nom: str) -> EtatAppel:
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        opened = await appel.ouvrir(tx, liste, ctx.auteur)
        return await _etat(tx, ctx, await listes.get(tx, nom), opened, [])


def acte(action: str, key: RowKey | None, poste: str | None, apres: int | None):
    """The pure operation an action names, its arguments checked."""
    needs = {"choisir": "ip", "office": "ip", "differer": "ia", "annuler": "", "clore": ""}
    wanted = needs.get(action, "i")
    missing = [
        name
        for letter, name, value in (("i", "interne", key), ("p", "poste", poste),
                                    ("a", "rang après lequel", apres))
        if letter in wanted and value is None
    ]  # fmt: skip
    if missing:
        raise InvalidInput("", [Problem(f"{action} : préciser {', '.join(missing)}")])
    return ACTES[action](key, poste, apres)


async def agir(
    ctx: Contexte,
    nom: str,
    action: str,
    key: RowKey | None = None,
    poste: str | None = None,
    apres: int | None = None,
) -> tuple[str, EtatAppel]:
    """One act of the call; its sentence and the call's state after it."""
    operation = acte(action, key, poste, apres)
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        done = await appel.agir(tx, liste, operation, action, ctx.auteur)
        return done.phrase, await _etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)


async def expirer(ctx: Contexte, nom: str) -> tuple[str, EtatAppel]:
    """The called interne's time ran out: his procuration applies, or he is passed."""
    if ctx.config.delai_secondes is None:
        raise Refused("aucun délai configuré : [appel] delai_secondes dans la configuration")
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        done = await appel.expirer(tx, liste, ctx.config.delai_secondes, ctx.auteur)
        state = await _etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)
    return f"délai écoulé : {done.phrase}", state


async def reoffrir(ctx: Contexte, nom: str, vers: str) -> tuple[Liste, list[str]]:
    async with ctx.db.write() as tx:
        source, cible = await listes.get(tx, nom), await listes.get(tx, vers)
        return cible, await appel.reoffrir(tx, source, cible, ctx.auteur)


async def resultats(ctx: Contexte, nom: str) -> tuple[Liste, appel.Resultats]:
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        return liste, await appel.resultats(tx, liste)
