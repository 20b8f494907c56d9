"""The maquette (SPEC §6): may this interne take this poste, given his DES, his phase and the
stages he has validated? The rules are configuration ([[maquettes]]), not code; this module
only applies them. Without a maquette for his DES nothing is checked, as before.

The kinds of rule (SPEC §6 decision): (a) at most N stages of some types, per phase or over the
DES; (b) at most N stages in an établissement over the DES; (c) no terrain twice; (d) in the
last semester of a phase, an interne still missing a required type may only take a poste of a
missing type while one remains open. Plus the poste's agrément: the DES (or DES:phase) that may
take it. A refusal is one French sentence naming the rule."""

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


def _requis(maquette, regle: Regle, done, phase, offre: Offre, types_ouverts) -> str | None:
    """In the last semester of his phase, a missing required type comes first."""
    length = dict(maquette.phases).get(phase or "")
    in_phase = [s for s in done if s.phase and fold(s.phase) == phase]
    if length is None or len(in_phase) != length - 1:
        return None
    missing = [kinds for kinds in regle.types if not any(_is(s.type, kinds) for s in in_phase)]
    if not missing or any(_is(offre.type, kinds) for kinds in missing):
        return None
    left = types_ouverts()
    if not any(fold(kind) in left for kinds in missing for kind in kinds):
        return None  # none of the missing type remains: he takes what is left
    names = " ou ".join(" / ".join(kinds) for kinds in missing)
    return (
        f"{regle.libelle or 'type requis manquant'} : dernier semestre de la phase "
        f"{regle.phase or phase}, il lui manque un stage {names} (encore offert)"
    )


@dataclass(frozen=True, slots=True)
class Eligibilite:
    """What a list's call needs to apply the maquettes: each DES's maquette, each interne's
    profile, each poste as the rules see it."""

    maquettes: Mapping[str, Maquette]
    """By folded DES name."""
    profils: Mapping[str, Profil]
    offres: Mapping[str, Offre]
    memo: dict = field(default_factory=dict, compare=False)
    """The open types last computed, and for what state (`cle`)."""

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
