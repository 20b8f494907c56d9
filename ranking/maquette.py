"""The maquette (SPEC §6): may this interne take this poste, given his DES, his phase and the
stages he has validated? The rules are configuration ([[maquettes]]), not code; this module
only applies them. Without a maquette for his DES nothing is checked, as before.

The kinds of rule (SPEC §6 decision): (a) at most N stages of some types, per phase or over the
DES; (b) at most N stages in an établissement over the DES; (c) no terrain twice; (d) in the
last semester of a phase, an interne still missing a required type may only take a poste of a
missing type while one remains open. Plus the poste's agrément: the DES (or DES:phase) that may
take it. A refusal is one French sentence naming the rule."""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

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


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage an interne has done; only validated ones count."""

    semestre: str
    terrain: str
    etablissement: str | None
    type: str | None
    phase: str | None
    valide: bool = True


@dataclass(frozen=True, slots=True)
class Profil:
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


def _is(value: str | None, kinds: Iterable[str]) -> bool:
    return value is not None and fold(value) in {fold(kind) for kind in kinds}


def refus(
    maquette: Maquette | None,
    profil: Profil,
    offre: Offre,
    types_ouverts: Callable[[], frozenset[str]] = frozenset,
) -> str | None:
    """Why this interne may not take this poste (None: he may). `types_ouverts()`: the folded
    types of the postes still open, asked only by the rule of a missing required type (a
    simulation asks this for every wish of every interne: not computed for nothing)."""
    if offre.agrement and not {fold(profil.des), _des_phase(profil)} & offre.agrement:
        return f"agrément : le poste {offre.id} n'est pas agréé pour {profil.des}" + (
            f" en phase {profil.phase}" if profil.phase else ""
        )
    if maquette is None:
        return None
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    for regle in maquette.regles:
        said = _regle(maquette, regle, done, phase, offre, types_ouverts)
        if said is not None:
            return said
    return None


def _des_phase(profil: Profil) -> str:
    return f"{fold(profil.des)}:{fold(profil.phase)}" if profil.phase else fold(profil.des)


def _regle(maquette, regle: Regle, done, phase, offre: Offre, types_ouverts) -> str | None:
    if regle.phase is not None and regle.phase != phase:
        return None
    if regle.sorte is Sorte.AU_PLUS:
        kinds = [kind for group in regle.types for kind in group]
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
    return _requis(maquette, regle, done, phase, offre, types_ouverts)


def _manquants(maquette, regle: Regle, done, phase, offre: Offre) -> list[tuple[str, ...]]:
    """The required types he still misses in the last semester of his phase, when `offre` is
    of none of them (then it waits until none of them is open); [] otherwise."""
    length = dict(maquette.phases).get(phase or "")
    in_phase = [s for s in done if s.phase and fold(s.phase) == phase]
    if length is None or len(in_phase) != length - 1:
        return []
    missing = [kinds for kinds in regle.types if not any(_is(s.type, kinds) for s in in_phase)]
    if any(_is(offre.type, kinds) for kinds in missing):
        return []
    return missing


def _requis(maquette, regle: Regle, done, phase, offre: Offre, types_ouverts) -> str | None:
    """In the last semester of his phase, a missing required type comes first."""
    missing = _manquants(maquette, regle, done, phase, offre)
    if not missing:
        return None
    left = types_ouverts()
    if not any(fold(kind) in left for kinds in missing for kind in kinds):
        return None  # none of the missing type remains: he takes what is left
    names = " ou ".join(" / ".join(kinds) for kinds in missing)
    return (
        f"{regle.libelle or 'type requis manquant'} : dernier semestre de la phase "
        f"{regle.phase or phase}, il lui manque un stage {names} (encore offert)"
    )


def decision(maquette: Maquette | None, profil: Profil, offre: Offre) -> bool | frozenset[str]:
    """`refus` as a decision, without its sentence: True, forbidden whatever is open; False,
    allowed; a set of folded types, forbidden while a poste of one of them is open (a
    required type he still misses). Read once per kind of interne and kind of poste by a
    simulation (`Eligibilite.interdit_parmi`)."""
    if refus(maquette, profil, offre) is not None:  # nothing open: the rules that always hold
        return True
    if maquette is None:
        return False
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    waiting = {
        fold(kind)
        for regle in maquette.regles
        if regle.sorte is Sorte.REQUIS and (regle.phase is None or regle.phase == phase)
        for kinds in _manquants(maquette, regle, done, phase, offre)
        for kind in kinds
    }
    return frozenset(waiting) or False


class TypesOuverts:
    """The folded types of the postes with a place left, kept up to date as postes fill: a
    simulation asks it for every wish of every interne, and recounting 900 postes each time
    cost fifty times the simulation itself."""

    def __init__(self, offres: Mapping[str, Offre], ouverts: Iterable[str]):
        self._offres = offres
        self._ouverts: list[str] | None = list(ouverts)  # as they are now, counted later
        self._count: Counter[str] = Counter()
        self._types: frozenset[str] | None = None

    def _compter(self) -> None:
        """Counted when first asked: most verdicts never need the open types."""
        if self._ouverts is not None:
            offres, ouverts, self._ouverts = self._offres, self._ouverts, None
            self._count.update(fold(o.type) for p in ouverts if (o := offres.get(p)) and o.type)

    def fermer(self, poste: str) -> None:
        """`poste` has no place left."""
        self._compter()
        offre = self._offres.get(poste)
        if offre is None or not offre.type:
            return
        kind = fold(offre.type)
        self._count[kind] -= 1
        if self._count[kind] <= 0:
            del self._count[kind]
            self._types = None

    def __call__(self) -> frozenset[str]:
        if self._types is None:
            self._compter()
            self._types = frozenset(self._count)
        return self._types


@dataclass(frozen=True, slots=True)
class Eligibilite:
    """What a list's call needs to apply the maquettes: each DES's maquette, each interne's
    profile, each poste as the rules see it."""

    maquettes: Mapping[str, Maquette]
    """By folded DES name."""
    profils: Mapping[str, Profil]
    offres: Mapping[str, Offre]
    memo: dict = field(default_factory=dict, compare=False)
    """What was computed of these offres (the open types last computed, and for what state
    `cle`; the verdicts by kind of profile and kind of poste): it may be shared by every
    Eligibilite of the same offres and maquettes, whatever their profiles."""

    def refus(
        self,
        interne: str,
        poste: str,
        ouverts: Callable[[], Iterable[str]] = tuple,
        cle: object = None,
    ) -> str | None:
        """Why `interne` may not take `poste` (None: he may, or nothing is known of either).
        `ouverts()`: the postes with a place left; `cle`: an object standing for that state
        (the same object: the same open postes), so they are typed once per state."""
        profil, offre = self.profils.get(interne), self.offres.get(poste)
        if profil is None or offre is None:
            return None

        def types() -> frozenset[str]:
            if cle is not None and self.memo.get("cle") is cle:
                return self.memo["types"]
            found = frozenset(
                fold(o.type) for p in ouverts() if (o := self.offres.get(p)) and o.type
            )
            if cle is not None:
                self.memo.update(cle=cle, types=found)
            return found

        return refus(self.maquettes.get(fold(profil.des)), profil, offre, types)

    def interdits(self, interne: str, ouverts: Iterable[str]) -> frozenset[str]:
        """Which of the open postes the maquette forbids him (a picker marks them)."""
        ouverts = list(ouverts)
        return frozenset(ouverts) - frozenset(self.permis(interne, ouverts, self.suivre(ouverts)))

    def _classe(self, poste: str) -> tuple:
        """What the rules see of a poste: its type, établissement, agrément, and its terrain
        when some rule looks at it (then each terrain is its own kind of poste)."""
        offre = self.offres.get(poste)
        if offre is None:
            return ()
        if "terrains" not in self.memo:
            self.memo["terrains"] = any(
                r.sorte is Sorte.TERRAIN_UNIQUE for m in self.maquettes.values() for r in m.regles
            )
        terrain = offre.terrain if self.memo["terrains"] else None
        return (offre.type, offre.etablissement, offre.agrement, terrain)

    def suivre(self, ouverts: Iterable[str]) -> TypesOuverts:
        """A count of the open postes' types, for `permis` while places are taken."""
        return TypesOuverts(self.offres, ouverts)

    def permis(self, interne: str, voeux: list[str], types: TypesOuverts) -> list[str]:
        """His `voeux` the maquette allows, the open postes' types kept by the caller (a
        simulation, which needs no sentence). Decided once per kind of interne (the same
        profile) and kind of poste (the same type, établissement, agrément, and terrain when
        a rule looks at it), then only looked up."""
        kinds, decided = self.memo.setdefault("sortes", {}), self.memo.setdefault("decide", {})
        profil = self.profils.get(interne)
        if profil is None:
            return voeux
        kind = kinds.setdefault(profil, len(kinds))
        classes, kept = self.memo.setdefault("classes", {}), []
        for poste in voeux:
            cls = classes.get(poste)
            if cls is None:  # a small number: what the rules see of it, numbered
                cls = classes[poste] = classes.setdefault(self._classe(poste), len(classes))
            said = decided.get((kind, cls))
            if said is None:
                offre = self.offres.get(poste)
                maquette = self.maquettes.get(fold(profil.des))
                said = decision(maquette, profil, offre) if offre is not None else False
                decided[(kind, cls)] = said
            if said is False or (said is not True and said.isdisjoint(types())):
                kept.append(poste)
        return kept


def bilan(maquette: Maquette | None, profil: Profil) -> list[str]:
    """What his maquette still allows him, one line per fact: his semesters, then each rule as
    it stands for him (what is done, what is left). Nothing configured for his DES: one line
    saying so (only the postes' agrément then applies)."""
    if maquette is None:
        return [f"Aucune règle de maquette n'est configurée pour {profil.des}."]
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    lines = [f"{maquette.des} : {len(done)} semestre(s) validé(s) sur {maquette.semestres}."]
    length = dict(maquette.phases).get(phase or "")
    if profil.phase and length is not None:
        in_phase = sum(1 for s in done if s.phase and fold(s.phase) == phase)
        lines.append(
            f"Phase {profil.phase} : {in_phase} semestre(s) validé(s) sur {length}"
            + (" — le semestre qui vient est le dernier de la phase." if in_phase == length - 1
               else ".")
        )  # fmt: skip
    for regle in maquette.regles:
        if regle.phase is None or regle.phase == phase:
            lines.append(_etat_regle(regle, done, phase))
    return lines


def _nom(regle: Regle) -> str:
    """How a rule is named to the interne: its libellé, or what it is about."""
    if regle.libelle:
        return regle.libelle
    kinds = ", ".join(" / ".join(group) for group in regle.types)
    where = f" en phase {regle.phase}" if regle.phase else ""
    return {
        Sorte.AU_PLUS: f"stages {kinds}{where}",
        Sorte.ETABLISSEMENT: f"stages au {regle.etablissement}",
        Sorte.TERRAIN_UNIQUE: "terrains",
        Sorte.REQUIS: f"stages requis{where} ({kinds})",
    }[regle.sorte]


def _etat_regle(regle: Regle, done: list[Stage], phase: str | None) -> str:
    name = _nom(regle)
    if regle.sorte is Sorte.AU_PLUS:
        kinds = [kind for group in regle.types for kind in group]
        count = sum(
            1 for s in done
            if _is(s.type, kinds) and (regle.phase is None or (s.phase and fold(s.phase) == phase))
        )  # fmt: skip
        left = max(0, regle.nombre - count)
        return f"{name} : {count} validé(s) sur {regle.nombre} permis — " + (
            f"encore {left} possible(s)." if left else "plus aucun permis."
        )
    if regle.sorte is Sorte.ETABLISSEMENT:
        place = fold(regle.etablissement or "")
        count = sum(1 for s in done if s.etablissement and fold(s.etablissement) == place)
        left = max(0, regle.nombre - count)
        return f"{name} : {count} validé(s) sur {regle.nombre} permis — " + (
            f"encore {left} possible(s)." if left else f"plus aucun au {regle.etablissement}."
        )
    if regle.sorte is Sorte.TERRAIN_UNIQUE:
        terrains = sorted({s.terrain for s in done})
        return f"{name} : déjà validés, à ne pas reprendre : " + (
            ", ".join(terrains) + "." if terrains else "aucun."
        )
    in_phase = [s for s in done if s.phase and fold(s.phase) == phase]
    missing = [kinds for kinds in regle.types if not any(_is(s.type, kinds) for s in in_phase)]
    if not missing:
        return f"{name} : fait."
    names = ", ".join(" / ".join(kinds) for kinds in missing)
    return f"{name} : il manque {names}."
