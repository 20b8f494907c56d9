"""`amphi verifier`: before a list is opened, what would make its day contestable (SPEC §6)."""

from bot.operations.base import Contexte
from ranking.verification import Constat, verifier
from storage import listes, maquette
from storage import verification as lecture


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
    if nom is not None:
        fiches = [f for f in fiches if nom in f.listes]
    longueurs = {des: m.semestres for des, m in ctx.config.maquettes.items()}
    return verifier(fiches, longueurs, par_liste, procurations)
