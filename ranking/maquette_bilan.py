"""What an interne's maquette still allows him (règles §6), one line per rule: /pourquoi."""

from collections.abc import Iterable

from ranking.maquette import Maquette, Profil, Regle, Sorte, Stage, _is
from ranking.text import fold


def bilan(
    maquette: Maquette | None, profil: Profil, semestres_valides: int | None = None
) -> list[str]:
    """What his maquette still allows him, one line per fact: his semesters (his
    `semestres_valides`, the ancienneté he is ranked by; the validated stages recorded when
    they say otherwise), then each rule as it stands for him (what is done, what is left).
    Nothing configured for his DES: one line saying so (only the postes' agrément then
    applies)."""
    if maquette is None:
        return [f"Aucune règle de maquette n'est configurée pour {profil.des}."]
    done = [stage for stage in profil.stages if stage.valide]
    phase = fold(profil.phase) if profil.phase else None
    count = len(done) if semestres_valides is None else semestres_valides
    first = f"{maquette.des} : {count} semestre(s) validé(s) sur {maquette.semestres}"
    if profil.stages and count != len(done):
        first += f" ({len(done)} stage(s) validé(s) enregistré(s) dans amphi)"
    lines = [first + "."]
    length = dict(maquette.phases).get(phase or "")
    if profil.phase and length is not None:
        in_phase = sum(1 for s in done if s.phase and fold(s.phase) == phase)
        lines.append(
            f"Phase {profil.phase} : {in_phase} semestre(s) validé(s) sur {length}"
            + (" — le semestre qui vient est le dernier de la phase." if in_phase == length - 1
               else " — au-delà du dernier semestre de la phase : les types requis qui manquent "
               "passent d'abord." if in_phase >= length else ".")
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
        kinds = tuple(kind for group in regle.types for kind in group)
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


def parcours(stages: Iterable[Stage]) -> list[str]:
    """His stages effectués by semester: « 2026-11 — Cabinet Abbeville (SASPAS,
    approfondissement) : validé »."""
    lines = []
    for stage in sorted(stages, key=lambda s: s.semestre):
        about = ", ".join(part for part in (stage.type, stage.phase) if part)
        lines.append(
            f"{stage.semestre} — {stage.terrain}" + (f" ({about})" if about else "")
            + f" : {'validé' if stage.valide else 'non validé'}"
        )  # fmt: skip
    return lines
