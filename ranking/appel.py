"""Choice day (règles §4): the call of one list, as pure operations on an immutable state.

Who is called is never stored: it is derived from the order, the places taken, the internes
passed, arrived back or deferred. Each operation returns the new state and a French sentence
for the journal; what the rules forbid raises `Refused`.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from heapq import merge
from itertools import chain

from ranking.classement import RowKey, Statut
from ranking.errors import HorsMaquette, Refused
from ranking.maquette import Eligibilite
from ranking.ordre import key_label
from ranking.text import canonique


class Nature(StrEnum):
    """How a place was taken. Whether it uses up the place is another matter: a surnombre's
    place stays open however he took it (`Prise.takes_place`)."""

    CHOIX = "choix"
    PROCURATION = "procuration"
    FLECHE = "fleche"
    AFFECTE_OFFICE = "affecte_office"

    @property
    def label(self) -> str:
        return _NATURE_LABELS[self]


_NATURE_LABELS = {
    Nature.CHOIX: "",
    Nature.PROCURATION: "par procuration",
    Nature.FLECHE: "stage fléché",
    Nature.AFFECTE_OFFICE: "affecté d'office",
}


class Surnombre(StrEnum):
    VALIDANT = "validant"
    NON_VALIDANT = "non_validant"

    @property
    def label(self) -> str:
        return "surnombre validant" if self is Surnombre.VALIDANT else "surnombre non validant"

    @classmethod
    def lire(cls, text: str) -> "Surnombre | None":
        """As people write it: « validant », « non-validant », « non_validant »…"""
        folded = text.strip().lower().replace("-", "_").replace(" ", "_")
        return next((kind for kind in cls if kind.value == folded), None)


@dataclass(frozen=True, slots=True)
class Candidat:
    """One row of the list's final order, with what choice day needs to know about him."""

    key: RowKey
    rang: int
    sortant: bool = False
    surnombre: Surnombre | None = None
    fleche: str | None = None
    voeux: tuple[str, ...] = ()
    destination: str | None = None
    """For a sortant, the list of his stage hors discipline, where he chooses."""
    called: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Sortants choose in their destination list; fléchés and non-validant surnombres
        are never called. Computed once: the call asks it of every candidate at every act."""
        called = not (self.sortant or self.fleche or self.surnombre is Surnombre.NON_VALIDANT)
        object.__setattr__(self, "called", called)

    @property
    def interne(self) -> str:
        return self.key[0]


@dataclass(frozen=True, slots=True)
class Prise:
    """A place taken: how, by whom (a surnombre leaves it open), and what undoing it must
    restore (his arrival, or the phone wait)."""

    key: RowKey
    poste: str
    nature: Nature
    arrival: tuple[RowKey, RowKey | None] | None = None
    was_waiting: bool = False
    surnombre: Surnombre | None = None
    hors_maquette: str | None = None
    """The motif of a gestionnaire who gave this place although the maquette forbids it."""

    @property
    def takes_place(self) -> bool:
        return self.surnombre is None

    @property
    def mention(self) -> str:
        """How it is printed in the results: « par procuration, surnombre validant »."""
        forced = f"hors maquette : {self.hors_maquette}" if self.hors_maquette else ""
        words = [self.nature.label, self.surnombre.label if self.surnombre else "", forced]
        return ", ".join(word for word in words if word)


Arrival = tuple[RowKey, RowKey | None]


@dataclass(frozen=True, slots=True)
class Appel:
    candidats: tuple[Candidat, ...]
    capacites: Mapping[str, int]
    prises: tuple[Prise, ...] = ()
    absents: frozenset[RowKey] = frozenset()
    arrivees: tuple[Arrival, ...] = ()
    differes: Mapping[RowKey, int] = field(default_factory=dict)
    attente: RowKey | None = None
    reprises: tuple[RowKey, ...] = ()
    clos: bool = False
    appels: Mapping[RowKey, int] = field(default_factory=dict)
    """How many times each interne has been called (first call, after an undo, a deferral,
    an arrival): his alerts and his « Choisir » buttons name the call they belong to."""
    ajoutes: tuple[str, ...] = ()
    """Postes added during the call, in that order (a button's index counts them last)."""
    eligibilite: Eligibilite | None = field(default=None, compare=False)
    """The maquettes (règles §6), when configured: a place they forbid is refused, a forbidden
    voeu of a procuration skipped."""

    def interdit(self, key: RowKey, poste: str) -> str | None:
        """Why the maquette forbids this interne this poste (None: allowed, or no maquette)."""
        if self.eligibilite is None:
            return None
        said = self.eligibilite.refus(key[0], poste, self.ouverts, self.prises)
        return f"{key_label(key)} ne peut pas prendre {poste} : {said}" if said else None

    @classmethod
    def ouvrir(cls, candidats: Iterable[Candidat], capacites: Mapping[str, int]) -> "Appel":
        """The call before its first act: fléchés hold their places already."""
        candidats = tuple(sorted(candidats, key=lambda c: c.rang))
        appel = cls(candidats, dict(capacites))
        for candidat in candidats:
            if candidat.fleche:
                appel._check_poste(candidat.fleche)
                if appel.libres(candidat.fleche) < 1:
                    raise Refused(
                        f"stage fléché de {key_label(candidat.key)} : {candidat.fleche} est complet"
                    )
                appel = replace(
                    appel,
                    prises=(*appel.prises, Prise(candidat.key, candidat.fleche, Nature.FLECHE)),
                )
        return appel

    def candidat(self, key: RowKey) -> Candidat:
        for candidat in self.candidats:
            if candidat.key == key:
                return candidat
        other = next((c for c in self.candidats if c.interne == key[0]), None)
        if other is not None:
            entrant = other.key[1] is Statut.HORS_DISCIPLINE
            raise Refused(
                f"{key_label(key)} n'est pas sur cette liste : {key[0]} y est "
                f"{'en hors discipline (entrant)' if entrant else 'en standard'}, le désigner "
                f"{key_label(other.key)}"
            )
        raise Refused(f"{key_label(key)} n'est pas sur cette liste")

    def appelable(self, key: RowKey) -> Candidat:
        """A candidate the call reaches: not a sortant (he chooses in his destination list),
        not a fléché (his place is given)."""
        candidat = self.candidat(key)
        if candidat.sortant:
            where = (
                f"la liste « {candidat.destination} »"
                if candidat.destination
                else "la liste de son stage hors discipline"
            )
            raise Refused(f"{key_label(key)} est sortant : il choisit dans {where}, pas ici")
        if candidat.fleche:
            raise Refused(
                f"{key_label(key)} a un stage fléché ({candidat.fleche}) : il n'est pas appelé"
            )
        return candidat

    def prise(self, interne: str) -> Prise | None:
        return next((p for p in self.prises if p.key[0] == interne), None)

    def libres(self, poste: str) -> int:
        taken = sum(1 for p in self.prises if p.poste == poste and p.takes_place)
        return self.capacites[poste] - taken

    def ouverts(self) -> dict[str, int]:
        """Postes with places left, and how many: what the called interne may choose."""
        taken = Counter(p.poste for p in self.prises if p.takes_place)
        return {poste: n - taken[poste] for poste, n in self.capacites.items() if n > taken[poste]}

    def sequence(self) -> list[RowKey]:
        """Who is still to be called, in order (see `a_venir`)."""
        return list(self.a_venir())

    def a_venir(self) -> Iterator[RowKey]:
        """Who is still to be called, in order, computed only as far as it is read (an act needs
        the first, the clock the next thirty): the one waiting on the phone, those whose choice
        was undone (the latest first), then the rank order (deferred ones after their chosen
        rank). An interne arrived back is called right after the one who was being called when
        he came, or next if that one is done. The candidates are in rank order."""
        arrived = {key for key, _ in self.arrivees}
        placed = {p.key[0] for p in self.prises}
        head = ([self.attente] if self.attente else []) + list(self.reprises)
        skipped = self.absents | arrived | set(head)

        def pending(c: Candidat) -> bool:
            return c.called and c.interne not in placed and c.key not in skipped

        rest = self._rank_order(pending, placed, skipped)
        if not self.arrivees:
            yield from head
            yield from rest
            return
        first = set(head)
        arrivals = [(key, after) for key, after in self.arrivees if key not in first]
        in_order = {
            after for _, after in arrivals if after is not None and pending(self.candidat(after))
        }
        waiting = first | arrived | in_order
        early = [key for key, after in arrivals if after not in waiting]
        following: dict[RowKey, list[RowKey]] = {}
        for key, after in arrivals:
            if after in waiting:
                following.setdefault(after, []).append(key)
        for key in chain(head, early, rest):
            yield key
            yield from following.get(key, ())

    def _rank_order(self, pending: Callable, placed: set, skipped: set) -> Iterator[RowKey]:
        """The pending candidates in rank order, deferred ones after the rank they chose. Only
        the few deferred ones are sorted; the rest is read lazily."""
        deferred = self.differes
        if not deferred:  # `pending` written out: the screen counts everyone still to be called
            return (c.key for c in self.candidats
                    if c.called and c.key[0] not in placed and c.key not in skipped)  # fmt: skip
        on_time = (c for c in self.candidats if c.key not in deferred and pending(c))

        def position(c: Candidat) -> tuple[int, bool, int]:
            return deferred.get(c.key, c.rang), c.key in deferred, c.rang

        late = sorted(filter(pending, map(self.candidat, deferred)), key=position)
        return (c.key for c in merge(on_time, late, key=position))

    def _arrival(self, key: RowKey) -> Arrival | None:
        return next((a for a in self.arrivees if a[0] == key), None)

    def _without_arrival(self, key: RowKey) -> tuple[Arrival, ...]:
        return tuple(a for a in self.arrivees if a[0] != key)

    def appele(self) -> RowKey | None:
        return next(self.a_venir(), None)

    def _check_poste(self, poste: str) -> str:  # the poste as stored, typed in any case
        stored = canonique(poste, self.capacites)
        if stored not in self.capacites:
            raise Refused(f"le poste {poste} n'est pas offert sur cette liste")
        return stored

    def _check_open(self) -> None:
        if self.clos:
            raise Refused("le choix de cette liste est clos")

    def _check_called(self, key: RowKey) -> None:
        current = self.appele()
        if key != current:
            who = key_label(current) if current else "personne (appel terminé)"
            raise Refused(f"ce n'est pas le tour de {key_label(key)} : l'appelé est {who}")

    def _check_unplaced(self, key: RowKey) -> None:
        held = self.prise(key[0])
        if held is not None:
            raise Refused(f"{key_label(key)} a déjà le poste {held.poste} ce semestre")


def _force(appel: Appel, key: RowKey, poste: str, hors_maquette: str | None) -> str | None:
    """The motif kept when the maquette forbids this place and a gestionnaire gives it anyway;
    Refused, naming the rule, without one."""
    forbidden = appel.interdit(key, poste)
    if forbidden is None:
        return None
    if not (hors_maquette or "").strip():
        raise HorsMaquette(
            f"{forbidden} ; un gestionnaire peut la donner hors maquette, avec un motif"
        )
    return hors_maquette.strip()


def choisir(
    appel: Appel, key: RowKey, poste: str, hors_maquette: str | None = None
) -> tuple[Appel, str]:
    """The called interne (or a non-validant surnombre, at any moment) takes a place; a place
    the maquette forbids only `hors_maquette` (the gestionnaire's motif)."""
    appel._check_open()
    poste = appel._check_poste(poste)
    candidat = appel.appelable(key)
    appel._check_unplaced(key)
    if candidat.surnombre is not Surnombre.NON_VALIDANT:  # he chooses any poste, any time
        appel._check_called(key)
        if appel.libres(poste) < 1:
            raise Refused(f"le poste {poste} est complet")
    forced = _force(appel, key, poste, hors_maquette)
    prise = Prise(
        key, poste, Nature.CHOIX, appel._arrival(key), key == appel.attente, candidat.surnombre,
        forced,
    )  # fmt: skip
    after = replace(
        appel,
        prises=(*appel.prises, prise),
        arrivees=appel._without_arrival(key),
        attente=None if key == appel.attente else appel.attente,
        reprises=tuple(r for r in appel.reprises if r != key),
    )
    return after, _taken(prise)


def _taken(prise: Prise) -> str:
    mark = f" ({prise.mention})" if prise.mention else ""
    return f"{key_label(prise.key)} prend le poste {prise.poste}{mark}"


def absent(appel: Appel, key: RowKey) -> tuple[Appel, str]:
    """The called interne is not there (or his time ran out): his procuration applies, its first
    open wish taken; with no wish open the call waits for the gestionnaire to phone him; with no
    procuration he is passed and may choose when he arrives."""
    appel._check_open()
    appel.appelable(key)
    appel._check_called(key)
    if key == appel.attente:
        raise Refused(f"{key_label(key)} est déjà en attente d'appel téléphonique")
    settled = replace(
        appel,
        arrivees=appel._without_arrival(key),
        reprises=tuple(r for r in appel.reprises if r != key),
    )
    candidat = appel.candidat(key)
    if not candidat.voeux:
        passed = replace(settled, absents=appel.absents | {key})
        return passed, f"{key_label(key)} absent, passé : il choisira à son arrivée"
    wish = next(
        (w for w in candidat.voeux
         if w in appel.capacites and appel.libres(w) > 0 and not appel.interdit(key, w)),
        None,
    )  # fmt: skip
    if wish is None:
        waiting = replace(settled, attente=key)
        return (
            waiting,
            f"{key_label(key)} absent, aucun vœu de sa procuration n'est libre : l'appeler",
        )
    prise = Prise(key, wish, Nature.PROCURATION, appel._arrival(key), surnombre=candidat.surnombre)
    return replace(settled, prises=(*appel.prises, prise)), _taken(prise)


def appliquer_procuration(appel: Appel, key: RowKey) -> tuple[Appel, str]:
    """The gestionnaire applies the called interne's procuration (as `absent`, but refused for
    an interne who gave none)."""
    if not appel.candidat(key).voeux:
        raise Refused(f"{key_label(key)} n'a pas de procuration sur cette liste")
    return absent(appel, key)


def injoignable(appel: Appel, key: RowKey) -> tuple[Appel, str]:
    """The phone call failed: the interne is passed like an absent without procuration."""
    appel._check_open()
    if key != appel.attente:
        raise Refused(f"{key_label(key)} n'est pas en attente d'appel téléphonique")
    after = replace(appel, attente=None, absents=appel.absents | {key})
    return after, f"{key_label(key)} injoignable, passé : il choisira à son arrivée"


def arrivee(appel: Appel, key: RowKey) -> tuple[Appel, str]:
    """A passed interne arrives: he chooses right after the interne being called."""
    appel._check_open()
    if key not in appel.absents:
        raise Refused(f"{key_label(key)} n'a pas été passé comme absent")
    after = replace(
        appel, absents=appel.absents - {key}, arrivees=(*appel.arrivees, (key, appel.appele()))
    )
    return after, f"{key_label(key)} arrivé : il choisit après l'appelé en cours"


def differer(appel: Appel, key: RowKey, apres_rang: int) -> tuple[Appel, str]:
    """The called interne chooses later, after the interne at `apres_rang`; his rank stays."""
    appel._check_open()
    candidat = appel.appelable(key)
    appel._check_called(key)
    last = max(c.rang for c in appel.candidats)
    if not candidat.rang < apres_rang <= last:
        raise Refused(
            f"report de {key_label(key)} : le rang doit être après le sien ({candidat.rang}) "
            f"et au plus {last}"
        )
    after = replace(
        appel,
        differes={**appel.differes, key: apres_rang},
        arrivees=appel._without_arrival(key),
        reprises=tuple(r for r in appel.reprises if r != key),
    )
    return (
        after,
        f"{key_label(key)} choisira après le rang {apres_rang} (il garde son rang {candidat.rang})",
    )


def annuler(appel: Appel) -> tuple[Appel, str]:
    """Undo the last place taken (nobody after it has chosen, by construction); the interne is
    called again at once, or goes back among the absents if he had been assigned a place."""
    appel._check_open()
    if appel.attente is not None:
        raise Refused(
            f"{key_label(appel.attente)} attend un appel téléphonique : le joindre (ou le "
            "déclarer injoignable) avant d'annuler"
        )
    undoable = [p for p in appel.prises if p.nature is not Nature.FLECHE]
    if not undoable:
        raise Refused("aucun choix à annuler")
    last = undoable[-1]
    index = len(appel.prises) - 1 - appel.prises[::-1].index(last)
    after = replace(
        appel,
        prises=appel.prises[:index] + appel.prises[index + 1 :],
        arrivees=(last.arrival, *appel.arrivees) if last.arrival else appel.arrivees,
        attente=last.key if last.was_waiting else None,
    )
    if last.nature is Nature.AFFECTE_OFFICE:
        after = replace(after, absents=after.absents | {last.key})
    elif last.surnombre is not Surnombre.NON_VALIDANT and not last.was_waiting:
        after = replace(after, reprises=(last.key, *appel.reprises))
    return after, f"choix annulé : {key_label(last.key)} rend le poste {last.poste}"


def affecter_office(
    appel: Appel, key: RowKey, poste: str, hors_maquette: str | None = None
) -> tuple[Appel, str]:
    """At the end of the list, the gestionnaire assigns a remaining place to an absent."""
    appel._check_open()
    poste = appel._check_poste(poste)
    if appel.appele() is not None:
        raise Refused(
            "l'appel n'est pas terminé : l'affectation d'office vient à la fin de la liste"
        )
    if key not in appel.absents:
        raise Refused(f"{key_label(key)} n'est pas un absent sans poste")
    if appel.libres(poste) < 1:
        raise Refused(f"le poste {poste} est complet")
    forced = _force(appel, key, poste, hors_maquette)
    prise = Prise(
        key, poste, Nature.AFFECTE_OFFICE, surnombre=appel.candidat(key).surnombre,
        hors_maquette=forced,
    )  # fmt: skip
    after = replace(appel, prises=(*appel.prises, prise), absents=appel.absents - {key})
    return after, _taken(prise)


def clore(appel: Appel) -> tuple[Appel, str]:
    """Validate the list: everyone called, every absent assigned a place while places remain
    (when none remains, the absents left without one are named)."""
    appel._check_open()
    if (called := appel.appele()) is not None:
        raise Refused(f"l'appel n'est pas terminé : {key_label(called)} est appelé")
    restantes = sum(appel.ouverts().values())
    absents = [key_label(c.key) for c in appel.candidats if c.key in appel.absents]
    if absents and restantes:
        raise Refused(
            f"absents sans poste : {', '.join(absents)} ; les affecter d'office avant de clore"
        )
    taken, total = sum(p.takes_place for p in appel.prises), sum(appel.capacites.values())
    extra = f" et {len(appel.prises) - taken} surnombre(s)" if len(appel.prises) > taken else ""
    phrase = f"choix clos : {taken} place(s) prise(s) sur {total}{extra} ; {restantes} restante(s)"
    if absents:
        phrase += f" ; sans poste (absents, plus aucune place) : {', '.join(absents)}"
    placed = {p.key[0] for p in appel.prises}
    without = [
        key_label(c.key)
        for c in appel.candidats
        if c.surnombre is Surnombre.NON_VALIDANT and c.interne not in placed
    ]
    if without:
        phrase += f" ; sans poste (surnombre non validant, n'a pas choisi) : {', '.join(without)}"
    return replace(appel, clos=True), phrase


def noter_appel(avant: Appel, apres: Appel) -> Appel:
    """The call after an act, counting a new call of the interne it now calls (if another)."""
    called = apres.appele()
    if called is None or called == avant.appele():
        return apres
    appels = dict(apres.appels)
    appels[called] = appels.get(called, 0) + 1
    return replace(apres, appels=appels)
