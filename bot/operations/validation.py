"""A stage effectué marked validé or non validé when the commission decides (règles §7), by
command, file or phone: his ancienneté and his maquette follow, the stored orders it changes go
stale and are named. What an interne reads of his parcours (/moi, /pourquoi)."""

from dataclasses import dataclass

from bot.operations.base import Contexte
from ranking import validation as regles
from ranking.maquette_bilan import bilan
from ranking.maquette_bilan import parcours as lignes_parcours
from ranking.stages import StageEffectue
from storage import maquette
from storage import validation as stockage
from storage.database import Transaction


@dataclass(frozen=True)
class Validation:
    """What marking a stage does (or did): one French line, and the lists made stale."""

    phrase: str
    listes_perimees: tuple[str, ...]


async def _preparer(tx: Transaction, ctx: Contexte, interne: str, semestre: str, valide: bool):
    """The stage, his ancienneté after, the orders made stale; refused as the rules say."""
    found = await stockage.stage(tx, interne, semestre)
    regles.check_stage(interne, semestre, found is not None)
    regles.check_validation(interne, semestre, found.valide, valide)
    regles.check_choix_ouverts(
        interne, [(liste.nom, liste.etat) for _, liste in await stockage.listes_de(tx, [interne])]
    )
    avant = await stockage.semestres_valides(tx, interne)
    apres = regles.semestres_apres(avant, valide)
    perimees = await stockage.ecarts(tx, {interne: apres}, ctx.config.classement)
    actif, des = await stockage.actif_et_des(tx, interne)
    levee = regles.fin_internat_levee(ctx.config.maquette(des), actif, avant, apres)
    return found, avant, apres, perimees, levee


def _vu(found: StageEffectue) -> regles.StageVu:
    return regles.StageVu(found.interne, found.semestre, found.terrain, found.type, found.valide)


async def apercu(ctx: Contexte, interne: str, semestre: str, valide: bool) -> Validation:
    """What `valider_stage` would do, nothing written (refused as it would be)."""
    async with ctx.db.read() as tx:
        found, avant, apres, perimees, levee = await _preparer(tx, ctx, interne, semestre, valide)
    noms = tuple(liste.nom for liste, _ in perimees.values())
    return Validation(regles.phrase(_vu(found), valide, avant, apres, noms, levee), noms)


async def valider_stage(
    ctx: Contexte, interne: str, semestre: str, valide: bool, auteur: str
) -> Validation:
    """Mark his stage of `semestre`: `semestres_valides` ± 1, the maquette counts it or not,
    journaled; the open orders it changes go stale (named). Refused while a list holding him
    is in choix ouvert; asked for the state it has: `DejaFait`."""
    async with ctx.db.write() as tx:
        found, avant, apres, perimees, levee = await _preparer(tx, ctx, interne, semestre, valide)
        noms = tuple(liste.nom for liste, _ in perimees.values())
        said = regles.phrase(_vu(found), valide, avant, apres, noms, levee)
        await stockage.marquer(tx, found, valide, apres, auteur, said)
        cause = f"validation du stage de {interne} ({semestre})"
        marked = await stockage.perimer(tx, perimees, cause, auteur)
    return Validation(said, tuple(liste.nom for liste in marked))


async def stages(ctx: Contexte, interne: str) -> list[StageEffectue]:
    async with ctx.db.read() as tx:
        return await stockage.stages(tx, interne)


async def interne_par_rowid(ctx: Contexte, rowid: int) -> str | None:
    async with ctx.db.read() as tx:
        return await stockage.interne_par_rowid(tx, rowid)


async def rowid(ctx: Contexte, interne: str) -> int | None:
    async with ctx.db.read() as tx:
        return await stockage.rowid(tx, interne)


@dataclass(frozen=True)
class Parcours:
    stages: tuple[str, ...]
    """« 2026-11 — Cabinet Abbeville (SASPAS, approfondissement) : validé », by semester."""
    maquette: tuple[str, ...]
    """What his maquette still asks (nothing when no maquette is configured)."""
    semestres_valides: int = 0


async def parcours_detail(ctx: Contexte, interne: str) -> Parcours:
    async with ctx.db.read() as tx:
        profil = await maquette.profil(tx, interne)
        count = await stockage.semestres_valides(tx, interne)
    if profil is None:
        return Parcours((), ())
    done = tuple(lignes_parcours(profil.stages))
    if not ctx.config.maquettes:
        return Parcours(done, (), count)
    return Parcours(done, tuple(bilan(ctx.config.maquette(profil.des), profil, count)), count)


async def parcours(ctx: Contexte, interne: str) -> tuple[str, ...]:
    """His stages by semester, then what his maquette still asks (his `semestres_valides`
    first, the recorded stages said when they disagree)."""
    found = await parcours_detail(ctx, interne)
    return found.stages + found.maquette
