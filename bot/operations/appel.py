"""Choice day, for both faces: the call's state (who is called, who comes next and when, the
open postes), each act of the call, the time limit, re-offered places and the results.

Each act is one transaction through the engine of `ranking.appel`; the state shown after it is
read in the same transaction, and only for the people it shows.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from bot.operations import sauvegarde, verification
from bot.operations.base import Contexte
from bot.operations.journal import tete_lisible
from ranking import appel as regles
from ranking.appel import Appel
from ranking.classement import RowKey
from ranking.cycle import Etat
from ranking.errors import AConfirmer, DejaFait, InvalidInput, Problem, Refused
from ranking.horloge import cadence, estimations, now, paris_hhmm, rythme
from ranking.ordre import key_label
from ranking.telephone import lisible
from ranking.text import naturel
from storage import appel, internes, journal, listes, maquette, voeux
from storage.database import Transaction
from storage.listes import Liste

SUIVANTS = 5
POSTES_MONTRES = 30
"""Open postes a text screen lists (the command line's, the board's); pickers page them all."""

ACTES = {
    "choisir": lambda key, poste, apres, motif=None: lambda a: regles.choisir(a, key, poste, motif),
    "absent": lambda key, poste, apres, motif=None: lambda a: regles.absent(a, key),
    "procuration": lambda key, poste, apres, motif=None: (
        lambda a: regles.appliquer_procuration(a, key)
    ),
    "injoignable": lambda key, poste, apres, motif=None: lambda a: regles.injoignable(a, key),
    "arrivee": lambda key, poste, apres, motif=None: lambda a: regles.arrivee(a, key),
    "differer": lambda key, poste, apres, motif=None: lambda a: regles.differer(a, key, apres),
    "office": lambda key, poste, apres, motif=None: (
        lambda a: regles.affecter_office(a, key, poste, motif)
    ),
    "annuler": lambda key, poste, apres, motif=None: regles.annuler,
    "clore": lambda key, poste, apres, motif=None: regles.clore,
}
"""Each act of the call: which pure operation, given the interne, the poste, the rank (and,
for a place the maquette forbids, the gestionnaire's motif for giving it hors maquette)."""


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
    """For the called interne and each absent, the open postes his maquette forbids (SPEC §6):
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
        if self.delai is None or self.appele_depuis is None or self.appele is None:
            return None
        return max(0.0, self.delai - (at - self.appele_depuis).total_seconds())


async def _people(tx: Transaction, current: Appel, keys: list[RowKey]) -> dict[RowKey, Personne]:
    """Names of the people shown, and only them."""
    names = await internes.noms(tx, [key[0] for key in keys])
    return {key: Personne(key, current.candidat(key).rang, *names[key[0]]) for key in set(keys)}


async def _etat(
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
    people = await _people(tx, current, shown)
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
    """All postes of the list in button order (`_ordonnes`): an index in callback data."""
    return _ordonnes(state.appel)


def _ordonnes(current: Appel) -> list[str]:
    """The list's postes in natural order, then those added during its call in the order they
    were: what a button's index counts in (an addition shifts no button already drawn)."""
    added = set(current.ajoutes)
    first = sorted((poste for poste in current.capacites if poste not in added), key=naturel)
    return [*first, *(poste for poste in current.ajoutes if poste in current.capacites)]


async def etat(ctx: Contexte, nom: str) -> EtatAppel:
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        return await _etat(tx, ctx, liste, await appel.charger(tx, liste), None)


async def ouvrir(ctx: Contexte, nom: str, malgre: bool = False) -> EtatAppel:
    """The choice opened; a list the verification finds faults in only with `malgre` (the
    gestionnaire read them and confirms: journaled), else `AConfirmer` lists them."""
    said = await _avant(ctx, nom, "ouvrir", malgre)
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        opened = await appel.ouvrir(tx, liste, ctx.auteur, said)
        return await _etat(tx, ctx, await listes.get(tx, nom), opened, [])


async def _avant(ctx: Contexte, nom: str, action: str, malgre: bool = False) -> str:
    """What comes before opening or closing a list, outside the act's transaction (both read
    the whole base): the verification for an opening (`_verifier_avant`), then a copy of the
    base. What the journal says of it (or "")."""
    if action not in _AVANT:
        return ""
    said = await _verifier_avant(ctx, nom, malgre) if action == "ouvrir" else ""
    await sauvegarde.automatique(ctx, f"{_AVANT[action]}-{nom}")
    return said


async def _verifier_avant(ctx: Contexte, nom: str, malgre: bool) -> str:
    """SPEC §6: before a list opens, what would make its day contestable. Nothing found: "".
    Found and not confirmed: refused with the findings; confirmed: what the journal says."""
    found = await verification.constats(ctx, nom)
    if not found:
        return ""
    if not malgre:
        raise AConfirmer(
            f"liste « {nom} » : la vérification trouve {len(found)} constat(s) qui rendraient "
            "l'appel contestable ; l'ouvrir quand même se confirme (c'est journalisé)",
            tuple(f"[{c.sorte}] {c.texte}" for c in found),
        )
    kinds = Counter(c.sorte for c in found)
    return (
        f"ouvert malgré {len(found)} constat(s) de la vérification ("
        + ", ".join(f"{sorte} : {count}" for sorte, count in sorted(kinds.items()))
        + ")"
    )


@dataclass(frozen=True, slots=True)
class Ecran:
    """What a call screen shows of a list, and the version it is drawn from (a press on it
    carries that version). `etat` is None while the call is not open."""

    liste: Liste
    version: int
    etat: EtatAppel | None


@dataclass(frozen=True, slots=True)
class Appui:
    """A press on a call screen: the act, and indexes into the screen it was pressed on (the
    list's postes in natural order, the absents in rank order, a rank to defer after). They
    are read in the act's own transaction, once the screen's version is found unchanged."""

    action: str
    poste: int | None = None
    absent: int | None = None
    apres: int | None = None
    hors_maquette: str | None = None
    """The gestionnaire's motif for a place the maquette forbids (SPEC §6)."""
    malgre: bool = False
    """« ouvrir »: the verification's findings were read and the opening confirmed."""


async def ecran(ctx: Contexte, liste_id: int) -> Ecran:
    async with ctx.db.read() as tx:
        return await _ecran(tx, ctx, await listes.by_id(tx, liste_id), None, None)


async def versions(ctx: Contexte, liste_ids: set[int]) -> dict[int, int]:
    """Each list's version (its last journal entry), read at once."""
    async with ctx.db.read() as tx:
        return {liste_id: await journal.derniere(tx, liste_id) for liste_id in liste_ids}


async def ecran_suivi(ctx: Contexte, liste_id: int) -> tuple[Ecran, str | None]:
    """A call screen drawn again because the call moved, and the act that moved it last."""
    async with ctx.db.read() as tx:
        shown = await _ecran(tx, ctx, await listes.by_id(tx, liste_id), None, None)
        return shown, await journal.dernier_detail(tx, liste_id)


async def _ecran(
    tx: Transaction, ctx: Contexte, liste: Liste, current: Appel | None, durees
) -> Ecran:
    version = await journal.derniere(tx, liste.id)
    if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
        return Ecran(liste, version, None)
    current = current if current is not None else await appel.charger(tx, liste)
    return Ecran(liste, version, await _etat(tx, ctx, liste, current, durees))


async def appuyer(ctx: Contexte, liste_id: int, version: int, appui: Appui) -> tuple[str, Ecran]:
    """One press on a call screen of `version`, as one transaction: refused if the list
    changed since the screen was drawn (`Perime`; `DejaFait` for the presser's own act just
    done), else the act on the very people and postes the screen showed. The sentence said and
    the screen after it. Opening reads the verification first (SPEC §6: `AConfirmer` unless
    `appui.malgre`), outside the act's transaction: it reads the whole base."""
    said = ""
    if appui.action in _AVANT:
        await _version_vue(ctx, liste_id, version, appui.action)
        said = await _avant(ctx, await _nom(ctx, liste_id), appui.action, appui.malgre)
    async with ctx.db.write() as tx:
        liste = await listes.by_id(tx, liste_id)
        actions = [f"appel.{appui.action}"]
        await journal.verifier_version(tx, liste.id, version, ctx.auteur, actions)
        if appui.action == "ouvrir":
            opened = await appel.ouvrir(tx, liste, ctx.auteur, said)
            after = await listes.by_id(tx, liste_id)
            return "choix ouvert", await _ecran(tx, ctx, after, opened, [])
        current = await appel.charger(tx, liste)
        try:
            operation = acte(appui.action, *_designes(current, appui), appui.hors_maquette)
        except InvalidInput:
            raise Refused("personne n'est appelé pour cet acte : l'écran a été rafraîchi") from None
        done = await _agir(tx, ctx, liste, operation, appui.action, current)
        after = await listes.by_id(tx, liste_id)
        return done.phrase, await _ecran(tx, ctx, after, done.appel, done.durees)


async def _nom(ctx: Contexte, liste_id: int) -> str:
    async with ctx.db.read() as tx:
        return (await listes.by_id(tx, liste_id)).nom


_AVANT = {"ouvrir": "ouverture", "clore": "cloture"}
"""The acts a copy of the base is taken before (named after them)."""


async def _version_vue(ctx: Contexte, liste_id: int, version: int, action: str) -> None:
    """A press on an outdated screen is told so before anything else is said of it."""
    async with ctx.db.read() as tx:
        await journal.verifier_version(tx, liste_id, version, ctx.auteur, [f"appel.{action}"])


def _designes(current: Appel, appui: Appui) -> tuple[RowKey | None, str | None, int | None]:
    """The interne, poste and rank a press names, read from the call it was drawn from."""
    key = current.attente if appui.action == "injoignable" else current.appele()
    if appui.absent is not None:
        key = _index(absents(current), appui.absent, "cet absent")
    poste = None
    if appui.poste is not None:
        poste = _index(_ordonnes(current), appui.poste, "ce poste")
    if appui.action in ("annuler", "clore"):
        key = None
    return key, poste, appui.apres


def _index(items: list, index: int, what: str):
    if not 0 <= index < len(items):
        raise Refused(f"{what} n'est plus proposé : l'écran a été rafraîchi")
    return items[index]


def absents(current: Appel) -> list[RowKey]:
    """The absents still without a place, in rank order (as a screen lists them)."""
    return [c.key for c in current.candidats if c.key in current.absents]


def acte(
    action: str, key: RowKey | None, poste: str | None, apres: int | None, motif: str | None = None
):
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
    return ACTES[action](key, poste, apres, motif)


async def agir(
    ctx: Contexte,
    nom: str,
    action: str,
    key: RowKey | None = None,
    poste: str | None = None,
    apres: int | None = None,
    hors_maquette: str | None = None,
) -> tuple[str, EtatAppel]:
    """One act of the call; its sentence and the call's state after it. `hors_maquette`: the
    motif for a place the maquette forbids (choisir, office), journaled with it."""
    operation = acte(action, key, poste, apres, hors_maquette)
    await _avant(ctx, nom, action)  # a closing: the copy first
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        done = await _agir(tx, ctx, liste, operation, action, key=key)
        return done.phrase, await _etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)


async def expirer(ctx: Contexte, nom: str) -> tuple[str, EtatAppel]:
    """The called interne's time ran out: his procuration applies, or he is passed."""
    if ctx.config.delai_secondes is None:
        raise Refused("aucun délai configuré : [appel] delai_secondes dans la configuration")
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        called = (await appel.charger(tx, liste)).appele()
        seuls = {called[0]} if called else set()
        regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
        done = await appel.expirer(tx, liste, ctx.config.delai_secondes, ctx.auteur, regles)
        state = await _etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)
    return f"délai écoulé : {done.phrase}", state


async def reprendre_delais(ctx: Contexte, debut: datetime, fin: datetime) -> list[str]:
    """After amphi was stopped, the interne called on a list chosen from Telegram has his
    whole time again: nobody is passed for minutes he could not choose in. Per list, what
    was done (« MG : le délai de 1234 recommence (120 s) »)."""
    if ctx.config.delai_secondes is None:
        return []
    said = []
    async with ctx.db.write() as tx:
        for liste in await listes.all_listes(tx):
            if liste.nom not in ctx.config.a_distance or liste.etat is not Etat.CHOIX_OUVERT:
                continue
            called = (await appel.charger(tx, liste)).appele()
            if called is None:
                continue
            done = f"le délai de {key_label(called)} recommence ({ctx.config.delai_secondes} s)"
            stop = f"amphi arrêté de {paris_hhmm(debut)} à {paris_hhmm(fin)}"
            await appel.reprendre_delai(tx, liste, ctx.auteur, f"{stop} : {done}", called[0])
            said.append(f"{liste.nom} : {done}")
    return said


async def reoffrir(
    ctx: Contexte, nom: str, vers: str, version: int | None = None
) -> tuple[Liste, list[str]]:
    """The closed list's places left offered on `vers`; with `version` (a phone's press), only
    if the closed list is as the screen showed it."""
    async with ctx.db.write() as tx:
        source, cible = await listes.get(tx, nom), await listes.get(tx, vers)
        if version is not None:
            await journal.verifier_version(tx, source.id, version, ctx.auteur)
        return cible, await appel.reoffrir(tx, source, cible, ctx.auteur)


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


@dataclass(frozen=True, slots=True)
class TourADistance:
    """An interne choosing from his phone: his list, the call as it stands, the postes in
    natural order (a button names one by its index) and the seconds he has left."""

    liste: Liste
    etat: EtatAppel
    postes: list[str]
    voeux: tuple[str, ...] = ()
    """His own wishes (procuration, then pré-choix), first in his picker."""
    interdits: frozenset[str] = frozenset()
    """Open postes his maquette does not allow him: not offered."""

    def ordre(self) -> list[int]:
        """Indexes of the open postes he may take, as his picker shows them: his wishes
        first, in his order, then the others in natural order."""
        ouverts = {p: n for p, n in self.etat.ouverts.items() if p not in self.interdits}
        index = {poste: i for i, poste in enumerate(self.postes)}
        wished = [index[p] for p in dict.fromkeys(self.voeux) if ouverts.get(p, 0) > 0]
        others = [i for i, p in enumerate(self.postes) if ouverts.get(p, 0) > 0]
        return [*wished, *(i for i in others if i not in set(wished))]


async def tour_a_distance(
    ctx: Contexte, interne_id: str, liste_id: int, appel_no: int
) -> TourADistance:
    """The open postes for the interne whose turn it is, on a list chosen from Telegram;
    refused, saying what is true, when it is not (or no longer) his turn."""
    async with ctx.db.read() as tx:
        liste, current = await _son_tour(tx, ctx, interne_id, liste_id, appel_no)
        state = await _etat(tx, ctx, liste, current, None)
        prechoix = (await appel.wishes(tx, liste, "prechoix_voeu")).get(interne_id, [])
    called = current.appele()
    mine = (*current.candidat(called).voeux, *prechoix)
    forbidden = state.interdits.get(called, frozenset())
    return TourADistance(liste, state, _ordonnes(current), mine, forbidden)


async def choisir_a_distance(
    ctx: Contexte, interne_id: str, liste_id: int, appel_no: int, poste: int
) -> tuple[str, str]:
    """His choice, in one transaction with the check that it is his turn: the poste and its
    terrain. A press repeated after his choice was recorded (a double tap, a retry) is told
    what he holds (`DejaFait`)."""
    async with ctx.db.write() as tx:
        liste, current = await _son_tour(tx, ctx, interne_id, liste_id, appel_no, poste)
        chosen = _index(_ordonnes(current), poste, "ce poste")
        operation = ACTES["choisir"](current.appele(), chosen, None)
        await _agir(tx, ctx, liste, operation, "choisir", current)
        return chosen, (await appel.terrains(tx, [chosen])).get(chosen, "")


async def _agir(
    tx: Transaction,
    ctx: Contexte,
    liste: Liste,
    operation,
    action: str,
    current: Appel | None = None,
    key: RowKey | None = None,
):
    """The act, held to the maquettes of the configuration (SPEC §6) when there are some:
    only the profiles it may concern are read (the called, the one waited for, the absents,
    the interne named)."""
    current = current or await appel.charger(tx, liste)
    seuls = {k[0] for k in (current.appele(), current.attente, key, *current.absents) if k}
    regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
    return await appel.agir(tx, liste, operation, action, ctx.auteur, regles)


async def _son_tour(
    tx: Transaction,
    ctx: Contexte,
    interne_id: str,
    liste_id: int,
    appel_no: int,
    voulu: int | None = None,
):
    """The list and its call when it is the interne's turn; else refused, saying what is true
    (`voulu`: the poste he confirms, when someone else recorded another one for him)."""
    liste = await listes.by_id(tx, liste_id)
    if liste.nom not in ctx.config.a_distance or liste.etat not in (
        Etat.CHOIX_OUVERT,
        Etat.CHOIX_CLOS,
    ):
        raise Refused("cette liste ne se choisit pas à distance")
    current = await appel.charger(tx, liste)
    if all(c.interne != interne_id for c in current.candidats):
        raise Refused("vous n'êtes pas sur cette liste")
    held = current.prise(interne_id)
    if held is not None:
        terrain = (await appel.terrains(tx, [held.poste])).get(held.poste, "")
        postes = _ordonnes(current)
        wanted = postes[voulu] if voulu is not None and 0 <= voulu < len(postes) else None
        if wanted is None or wanted == held.poste:
            raise DejaFait(f"votre choix est enregistré : {held.poste} — {terrain}")
        if await appel.auteur_du_choix(tx, liste, interne_id) == ctx.auteur:
            by = f"vous aviez déjà enregistré {held.poste} — {terrain}"
        elif held.nature is regles.Nature.PROCURATION:
            by = f"votre procuration a été appliquée : {held.poste} est pour vous ({terrain})"
        else:
            by = f"le gestionnaire a enregistré {held.poste} pour vous ({terrain})"
        free = "reste libre" if current.libres(wanted) > 0 else "n'est pas pris pour vous"
        raise DejaFait(f"{by} ; {wanted} {free}")
    called = current.appele()
    if called is not None and called[0] == interne_id and not current.clos:
        if current.appels.get(called, 1) != appel_no:
            raise Refused(
                "ce bouton est d'un appel précédent : utilisez celui du dernier message « c'est "
                "votre tour »"
            )
        return liste, current
    if current.clos:
        raise Refused("le choix de cette liste est clos : rien n'est enregistré")
    if any(key[0] == interne_id for key in current.a_venir()):
        raise Refused("ce n'est pas encore votre tour : rien n'est enregistré")
    raise Refused("ce n'est plus votre tour : rien n'est enregistré")
