"""The maquette (règles §6): may this interne take this poste, given his DES, his phase and the
stages he has validated? The rules are configuration ([[maquettes]]), not code; this module
only applies them. Without a maquette for his DES nothing is checked, as before.

The kinds of rule (règles §6 decision): (a) at most N stages of some types, per phase or over the
DES; (b) at most N stages in an établissement over the DES; (c) no terrain twice; (d) in the
last semester of a phase (or later), an interne still missing a required type may only take a
poste of a missing type while one he may take (agrément, (a), (b), (c)) remains open. Plus the
poste's agrément: the DES (or DES:phase) that may take it. A refusal is one French sentence
naming the rule."""

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from ranking.postes_ouverts import PostesOuverts
from ranking.text import fold


class Sorte(StrEnum):
    AU_PLUS = "au_plus"
    ETABLISSEMENT = "etablissement_au_plus"
    TERRAIN_UNIQUE = "terrain_unique"
    REQUIS = "requis"


@dataclass(frozen=True, slots=True)
class Regle:
    sorte: Sorte
    types: tuple[tuple[str, ...], ...] = ()
    """Each entry: types that count as one (« Libre|SN2 » in the configuration)."""
    nombre: int = 1
    phase: str | None = None
    etablissement: str | None = None
    libelle: str | None = None
    """How the rule is named in a refusal (« deuxième SASPAS »); a default otherwise."""


@dataclass(frozen=True, slots=True)
class Maquette:
    des: str
    semestres: int
    phases: tuple[tuple[str, int], ...]
    """Each phase (folded name) and its length in semesters, in order."""
    regles: tuple[Regle, ...]


class Stage(NamedTuple):
    """A stage an interne has done; only validated ones count. A tuple, as `Profil`: a
    simulation sorts 2,000 profiles by kind, and a dataclass's hash and equality are Python
    calls, a tuple's are not."""

    semestre: str
    terrain: str
    etablissement: str | None
    type: str | None
    phase: str | None
    valide: bool = True


class Profil(NamedTuple):
    des: str
    phase: str | None
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True, slots=True)
class Offre:
    """A poste as the maquette sees it."""

    id: str
    terrain: str
    type: str | None = None
    etablissement: str | None = None
    agrement: frozenset[str] = frozenset()
    """Folded « DES » or « DES:phase » entries; empty: every DES of the list."""


def _is(value: str | None, kinds: tuple[str, ...]) -> bool:
    return value is not None and fold(value) in _plis(kinds)


@lru_cache(maxsize=1 << 10)
def _plis(kinds: tuple[str, ...]) -> frozenset[str]:
    """The folded types, read once (a simulation decides hundreds of kinds of profile)."""
    return frozenset(fold(kind) for kind in kinds)


def refus(
    maquette: Maquette | None,
    profil: Profil,
    offre: Offre,
    ouverts: Callable[[], Iterable[Offre]] = tuple,
) -> str | None:
    """Why this interne may not take this poste (None: he may). `ouverts()`: the postes with a
    place left, asked only by the rule of a missing required type (not computed for nothing);
    nothing open: only the rules that always hold."""
    if offre.agrement and not {fold(profil.des), _des_phase(profil)} & offre.agrement:
        return f"agrément : le poste {offre.id} n'est pas agréé pour {profil.des}" + (
            f" en phase {profil.phase}" if profil.phase else ""
        )
    if maquette is None:
        return None
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    for regle in maquette.regles:
        said = _regle(maquette, regle, done, phase, offre, ouverts, profil)
        if said is not None:
            return said
    return None


def _des_phase(profil: Profil) -> str:
    return f"{fold(profil.des)}:{fold(profil.phase)}" if profil.phase else fold(profil.des)


def _regle(maquette, regle: Regle, done, phase, offre: Offre, ouverts, profil) -> str | None:
    if regle.phase is not None and regle.phase != phase:
        return None
    if regle.sorte is Sorte.AU_PLUS:
        kinds = tuple(kind for group in regle.types for kind in group)
        if not _is(offre.type, kinds):
            return None
        count = sum(
            1 for s in done
            if _is(s.type, kinds) and (regle.phase is None or (s.phase and fold(s.phase) == phase))
        )  # fmt: skip
        if count < regle.nombre:
            return None
        where = f"en phase {regle.phase}" if regle.phase else "sur tout le DES"
        name = regle.libelle or f"un stage de plus de type {offre.type}"
        return (
            f"{name} : la maquette de {maquette.des} en permet {regle.nombre} {where} "
            f"({count} validé(s))"
        )
    if regle.sorte is Sorte.ETABLISSEMENT:
        place = fold(regle.etablissement or "")
        if not offre.etablissement or fold(offre.etablissement) != place:
            return None
        count = sum(1 for s in done if s.etablissement and fold(s.etablissement) == place)
        if count < regle.nombre:
            return None
        name = regle.libelle or f"un stage de plus au {regle.etablissement}"
        return (
            f"{name} : la maquette de {maquette.des} en permet {regle.nombre} sur tout le DES "
            f"({count} validé(s))"
        )
    if regle.sorte is Sorte.TERRAIN_UNIQUE:
        if any(fold(s.terrain) == fold(offre.terrain) for s in done):
            return f"{regle.libelle or 'terrain déjà fait'} : {offre.terrain} a déjà été validé"
        return None
    return _requis(maquette, regle, done, phase, offre, ouverts, profil)


def _manquants(maquette, regle: Regle, done, phase, offre: Offre) -> list[tuple[str, ...]]:
    """The required types he still misses in the last semester of his phase (or later: late in
    his phase), when `offre` is of none of them (then it waits while one of them he may take
    is open); [] otherwise."""
    length = dict(maquette.phases).get(phase or "")
    in_phase = [s for s in done if s.phase and fold(s.phase) == phase]
    if length is None or len(in_phase) < length - 1:
        return []
    missing = [kinds for kinds in regle.types if not any(_is(s.type, kinds) for s in in_phase)]
    if any(_is(offre.type, kinds) for kinds in missing):
        return []
    return missing


def _requis(maquette, regle: Regle, done, phase, offre: Offre, ouverts, profil) -> str | None:
    """In the last semester of his phase, a missing required type comes first, while an open
    poste of it remains that he may take (agrément, (a), (b), (c): asked with nothing open)."""
    missing = _manquants(maquette, regle, done, phase, offre)
    if not missing:
        return None
    kinds = {fold(kind) for group in missing for kind in group}
    if not any(
        o.type and fold(o.type) in kinds and refus(maquette, profil, o) is None for o in ouverts()
    ):
        return None  # none of the missing type remains that he may take: he takes what is left
    names = " ou ".join(" / ".join(kinds) for kinds in missing)
    return (
        f"{regle.libelle or 'type requis manquant'} : dernier semestre de la phase "
        f"{regle.phase or phase}, il lui manque un stage {names} (encore offert)"
    )


def decision(maquette: Maquette | None, profil: Profil, offre: Offre) -> bool | frozenset[str]:
    """`refus` as a decision, without its sentence: True, forbidden whatever is open; False,
    allowed; a set of folded types, forbidden while an open poste of one of them remains that
    he may take (a required type he still misses). Read once per kind of interne and kind of
    poste by a simulation (`Eligibilite.permis`)."""
    if refus(None, profil, offre) is not None:  # its agrément
        return True
    if maquette is None:
        return False
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    for regle in maquette.regles:  # the rules that always hold (a required type: nothing open)
        if regle.sorte is not Sorte.REQUIS and _regle(maquette, regle, done, phase, offre,
                                                      tuple, profil) is not None:  # fmt: skip
            return True
    waiting = {
        fold(kind)
        for regle in maquette.regles
        if regle.sorte is Sorte.REQUIS and (regle.phase is None or regle.phase == phase)
        for kinds in _manquants(maquette, regle, done, phase, offre)
        for kind in kinds
    }
    return frozenset(waiting) or False


@dataclass(frozen=True, slots=True)
class Eligibilite:
    """What a list's call needs to apply the maquettes: each DES's maquette, each interne's
    profile, each poste as the rules see it."""

    maquettes: Mapping[str, Maquette]
    """By folded DES name."""
    profils: Mapping[str, Profil]
    offres: Mapping[str, Offre]
    memo: dict = field(default_factory=dict, compare=False)
    """What was computed of these offres (the open postes last read, and for what state
    `cle`; the kinds of poste; the verdicts by kind of profile and kind of poste): it may be
    shared by every Eligibilite of the same offres and maquettes, whatever their profiles."""

    def refus(
        self,
        interne: str,
        poste: str,
        ouverts: Callable[[], Iterable[str]] = tuple,
        cle: object = None,
    ) -> str | None:
        """Why `interne` may not take `poste` (None: he may, or nothing is known of either).
        `ouverts()`: the postes with a place left; `cle`: an object standing for that state
        (the same object: the same open postes), so they are read once per state."""
        profil, offre = self.profils.get(interne), self.offres.get(poste)
        if profil is None or offre is None:
            return None

        def open_now() -> list[Offre]:
            if cle is not None and self.memo.get("cle") is cle:
                return self.memo["ouverts"]
            found = self._representants(ouverts())
            if cle is not None:
                self.memo.update(cle=cle, ouverts=found)
            return found

        return refus(self.maquettes.get(fold(profil.des)), profil, offre, open_now)

    def pourquoi(self, interne: str, postes: list[str], ouverts: PostesOuverts) -> list[str]:
        """Why the maquette sets aside each of these postes, what is open read from a
        simulation's count (`suivre`): asked of the voeux `permis` set aside, each verdict
        known, only its sentence to write. Written once per kind of interne and kind of poste,
        but for the agrément (it names the poste) and a missing required type when several
        such rules may hold him (which one does depends on what is open)."""
        profil, kind = self.profils.get(interne), self._genre(interne)
        if profil is None or kind is None:
            return ["" for _ in postes]
        maquette, said = self.maquettes.get(fold(profil.des)), []
        phrases, classes = self.memo.setdefault("phrases", {}), self.memo.setdefault("classes", {})
        for poste in postes:
            found = phrases.get((kind, classes.get(poste)))
            if found is None:
                found = self._phrase(maquette, profil, kind, poste, ouverts)
            said.append(found)
        return said

    def _phrase(self, maquette, profil, kind: int, poste: str, ouverts: PostesOuverts) -> str:
        """Why this kind of interne may not take `poste` now; kept for the next poste of its
        kind when it names neither the poste (its agrément) nor what is open."""
        sorte, offre = self._sorte(poste), self.offres.get(poste)
        if sorte is None or offre is None:
            return ""
        if offre.agrement and (agrement := refus(None, profil, offre)) is not None:
            return agrement
        verdict, phrases = self._decide(kind, profil, sorte), self.memo["phrases"]
        if verdict is True or verdict is False:
            found = phrases[(kind, sorte)] = refus(maquette, profil, offre) or ""
            return found
        representants = self.memo["representants"]
        found = refus(maquette, profil, offre, lambda: (  # only what may hold him
            representants[other] for other in self._sortes_de(verdict)
            if other in ouverts and self._decide(kind, profil, other) is not True
        )) or ""  # fmt: skip
        phase = fold(profil.phase) if profil.phase else None
        if sum(r.sorte is Sorte.REQUIS and r.phase in (None, phase) for r in maquette.regles) < 2:
            phrases[(kind, sorte)] = found  # one rule of required types: the same sentence
        return found

    def _representants(self, postes: Iterable[str]) -> list[Offre]:
        """One of these postes of each kind: the rules see no more of them."""
        found: dict[int, Offre] = {}
        for poste in postes:
            sorte = self._sorte(poste)
            if sorte is not None and sorte not in found:
                found[sorte] = self.offres[poste]
        return list(found.values())

    def interdits(self, interne: str, ouverts: Iterable[str]) -> frozenset[str]:
        """Which of the open postes the maquette forbids him (a picker marks them)."""
        ouverts = list(ouverts)
        return frozenset(ouverts) - frozenset(self.permis(interne, ouverts, self.suivre(ouverts)))

    def _classe(self, poste: str) -> tuple:
        """What the rules see of a poste: its type, établissement, agrément, and its terrain
        when some rule looks at it (then each terrain is its own kind of poste)."""
        offre = self.offres[poste]
        terrain = offre.terrain if self._terrains() else None
        return (offre.type, offre.etablissement, offre.agrement, terrain)

    def _terrains(self) -> bool:
        """Whether some rule looks at the terrain."""
        found = self.memo.get("terrains")
        if found is None:
            found = self.memo["terrains"] = any(
                r.sorte is Sorte.TERRAIN_UNIQUE for m in self.maquettes.values() for r in m.regles
            )
        return found

    def _genre(self, interne: str) -> int | None:
        """The kind of his profile, a small number (None: nothing known of him): internes of
        the same profile are decided once."""
        found = self._table(interne)
        return None if found is None else found[1]

    def _table(self, interne: str) -> tuple[Profil, int, dict] | None:
        """His profile, its kind, and the verdicts for that kind by kind of poste
        (`decision`, filled as voeux are read); None: nothing known of him."""
        profil = self.profils.get(interne)
        if profil is None:
            return None
        kinds = self.memo.setdefault("genres", {})
        found = kinds.get(profil)
        if found is None:
            found = kinds[profil] = (profil, len(kinds), {None: False})  # not a known poste
        return found

    def _sorte(self, poste: str) -> int | None:
        """The kind of `poste`, a small number (None: not a known poste); the first poste of
        each kind stands for it (`representants`)."""
        classes = self.memo.setdefault("classes", {})
        sorte = classes.get(poste)
        if sorte is None:
            offre = self.offres.get(poste)
            if offre is None:
                return None
            sorte = classes[poste] = classes.setdefault(self._classe(poste), len(classes) + 1)
            self.memo.setdefault("representants", {}).setdefault(sorte, offre)
        return sorte

    def _sortes_de(self, types: frozenset[str]) -> tuple[int, ...]:
        """The kinds of poste of these folded types."""
        found = self.memo.setdefault("par_types", {})
        if types not in found:  # the postes of a kind share its type: one look at each kind
            self._classes()
            found[types] = tuple(
                sorte for sorte, offre in self.memo["representants"].items()
                if offre.type and fold(offre.type) in types
            )  # fmt: skip
        return found[types]

    def _decide(self, kind: int, profil: Profil, sorte: int) -> bool | frozenset[str]:
        """`decision` for this kind of interne and this kind of poste, decided once."""
        decided = self.memo.setdefault("decide", {})
        said = decided.get((kind, sorte))
        if said is None:
            offre = self.memo["representants"][sorte]
            maquette = self.maquettes.get(fold(profil.des))
            said = decided[(kind, sorte)] = decision(maquette, profil, offre)
        return said

    def _classes(self) -> dict:
        """The kind of every poste (`_sorte`), read in one pass: a simulation needs most."""
        classes = self.memo.setdefault("classes", {})
        if not self.memo.get("toutes"):
            terrains, representants = self._terrains(), self.memo.setdefault("representants", {})
            for poste, offre in self.offres.items():
                sorte = classes.get(poste)
                if sorte is None:  # `_classe`, without a call per poste
                    what = (offre.type, offre.etablissement, offre.agrement,
                            offre.terrain if terrains else None)  # fmt: skip
                    sorte = classes[poste] = classes.setdefault(what, len(classes) + 1)
                    representants.setdefault(sorte, offre)
            self.memo["toutes"] = True
        return classes

    def suivre(self, ouverts: Iterable[str]) -> PostesOuverts:
        """A count of the open postes by kind, for `permis` while places are taken."""
        self.memo.setdefault("genres", {})
        return PostesOuverts(self._classes(), ouverts)

    def permis(self, interne: str, voeux: list[str], ouverts: PostesOuverts) -> list[str]:
        """His `voeux` the maquette allows, the open postes kept by the caller (a simulation,
        which needs no sentence). Decided once per kind of interne (the same profile) and kind
        of poste (the same type, établissement, agrément, and terrain when a rule looks at
        it), then only looked up; held by a missing required type: while an open poste of it
        remains that he may take."""
        found = self._table(interne)
        if found is None:
            return voeux
        profil, kind, table = found
        classes, kept, held = self.memo.setdefault("classes", {}), [], ouverts.retenus
        for poste in voeux:
            said = table.get(cls := classes.get(poste) or self._sorte(poste))
            if said is None:
                said = table[cls] = self._decide(kind, profil, cls)
            if said is False:
                kept.append(poste)
            elif said is not True:
                waits = held.get((kind, said))
                if waits is None:
                    waits = self._retenu(kind, profil, said, ouverts)
                if not waits:
                    kept.append(poste)
        return kept

    def premier(
        self, interne: str, voeux: list[str], places: Mapping[str, int], ouverts: PostesOuverts
    ) -> str | None:
        """His first voeu with a place left (`places`) that the maquette allows: the
        simulation's question, asked for every interne (the voeux it set aside before it are
        read again only if shown, `ecartes`). His kind of profile found once per simulation; per
        voeu, its kind of poste and the verdict for both, decided once; the voeux after it
        never looked at."""
        found = ouverts.internes.get(interne)
        if found is None:
            found = ouverts.internes[interne] = self._table(interne) or ()
        if not found:  # nothing known of him
            return next((w for w in voeux if places[w] > 0), None)
        profil, kind, table = found
        now = ouverts.vues.get(kind)
        if now is None:
            now = ouverts.vues[kind] = {}
        classes = ouverts.classes
        for poste in voeux:
            if places[poste] > 0:
                try:
                    may = now[classes[poste]]
                except KeyError:  # not a known poste, or its kind not yet met by his kind
                    cls = classes.get(poste)
                    said = table.get(cls)
                    if said is None:
                        said = table[cls] = self._decide(kind, profil, cls)
                    may = now[cls] = said is False or (
                        said is not True and not self._retenu(kind, profil, said, ouverts)
                    )
                if may:
                    return poste
        return None

    def ecartes(self, interne: str, voeux: list[str], ouverts: Container[int]) -> list[str]:
        """Those of his `voeux` the maquette set aside, `ouverts` the kinds of poste then
        open (`PostesOuverts.au_moment`)."""
        allowed = set(self.permis(interne, voeux, ouverts))
        return [w for w in voeux if w not in allowed]

    def _retenu(self, kind: int, profil: Profil, types: frozenset[str], ouverts) -> bool:
        """Held by these missing types: an open poste of one of them he may take remains
        (known until a kind of poste fills)."""
        held = ouverts.retenus
        waits = held.get((kind, types))
        if waits is None:
            waits = held[(kind, types)] = any(
                other in ouverts and self._decide(kind, profil, other) is not True
                for other in self._sortes_de(types)
            )
        return waits
