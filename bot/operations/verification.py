"""`amphi verifier`: before a list is opened, what would make its day contestable (règles §6)."""

from dataclasses import replace

from bot.operations.base import Contexte
from ranking.perimeter import DisciplineGroups, listes_de, perimetre_de_liste
from ranking.verification import Constat, verifier
from storage import listes, maquette
from storage import verification as lecture
from storage.database import Transaction
from storage.internes import stored_internes
from storage.listes import Liste


async def constats(ctx: Contexte, nom: str | None = None) -> list[Constat]:
    """Every finding, or (with `nom`) those of one list and of its internes."""
    async with ctx.db.read() as tx:
        every = await listes.all_listes(tx)
        wanted = [liste for liste in every if nom is None or liste.nom == nom]
        if nom is not None and not wanted:
            await listes.get(tx, nom)  # refused with the known names
        fiches = await lecture.fiches(tx)
        par_liste = {
            liste.nom: (
                await lecture.appeles(tx, liste),
                await maquette.eligibilite(tx, liste, ctx.config.maquettes),
            )
            for liste in wanted
        }
        procurations = await lecture.procurations(tx)
        ranked = await lecture.listes_classees(tx)
        unranked = [liste for liste in every if liste.id not in ranked]
        held = await dans_les_perimetres(tx, unranked, ctx.config.classement.groups)
        code = (await listes.semestre(tx))[0].code
    fiches = [  # before a list is ranked, its perimeter says who is in it
        replace(f, listes=(*f.listes, *held[f.id])) if held.get(f.id) else f for f in fiches
    ]
    if nom is not None:
        fiches = [f for f in fiches if nom in f.listes]
    longueurs = {des: m.semestres for des, m in ctx.config.maquettes.items()}
    return verifier(fiches, longueurs, par_liste, procurations, code)


async def dans_les_perimetres(
    tx: Transaction, every: list[Liste], groups: DisciplineGroups
) -> dict[str, tuple[str, ...]]:
    """Each interne's lists among `every` whose perimeter (and phase) holds him."""
    if not every:
        return {}
    circonscription = (await listes.semestre(tx))[1]
    perimetres = [
        (liste.nom, perimetre_de_liste(
            liste.definition.formation, circonscription, liste.definition.discipline, groups
        ), liste.definition.phase)
        for liste in every
    ]  # fmt: skip
    return listes_de((await stored_internes(tx)).values(), perimetres, groups)
