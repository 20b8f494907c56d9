"""A winter semester called and closed in a real SQLite file, for the change of semester
(règles §7): MG alone, seven internes ranked by their id, six places (the seventh has none),
a maquette for médecine générale, three internes and one gestionnaire bound on Telegram, a
procuration, the choice closed."""

from pathlib import Path

from bot.operations import appel, comptes, voeux
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.conftest import liste_simple

MAQUETTE = """
[[maquettes]]
des = "Médecine générale"
semestres = 8
phases = { socle = 2, approfondissement = 4, consolidation = 2 }
"""
CONFIG = db_setup.CONFIG + MAQUETTE
AUTEUR = "Mme Durand"
GESTIONNAIRE = 900_001


def config():
    return db_setup.config(CONFIG)


async def hiver(path: Path, clore: bool = True) -> Contexte:
    """The winter base, its choice closed (or left open); the caller closes `ctx.db`."""
    cfg = config()
    await liste_simple(path, cfg, 7, 6)
    database = await Database.open(path)
    ctx = Contexte(database, cfg, AUTEUR)
    try:
        await _jour(ctx, clore)
    except BaseException:
        await database.close()
        raise
    return ctx


async def _jour(ctx: Contexte, clore: bool) -> None:
    async with ctx.db.write() as tx:  # interne 1 in his last semester, 2 in approfondissement
        await tx.execute(
            "UPDATE interne SET semestres_valides = 7, phase = 'consolidation' WHERE id = '1'"
        )
        await tx.execute("UPDATE interne SET phase = 'approfondissement' WHERE id != '1'")
    for number, interne in enumerate(("1", "2", "3")):
        code = await comptes.inviter(ctx, interne)
        await comptes.lier_par_code(ctx, code, 10_000 + number, f"Interne {interne}")
    code = await comptes.inviter(ctx, None)
    await comptes.lier_par_code(ctx, code, GESTIONNAIRE, "Mme Durand")
    await voeux.deposer_procuration(ctx, "4", "06 98 76 54 32", ["MG-1", "MG-2", "MG-3"], None)
    await appel.ouvrir(ctx, "MG", malgre=True)
    if clore:
        await appeler_tout(ctx)


async def appeler_tout(ctx: Contexte) -> None:
    """Each interne called takes the first poste left; the choice closed."""
    while (state := await appel.etat(ctx, "MG")).appele is not None:
        libres = [p for p in appel.postes_ordonnes(state) if state.appel.libres(p) > 0]
        if not libres:  # the seventh: no place left for him
            await appel.agir(ctx, "MG", "absent", state.appele.key)
            continue
        await appel.agir(ctx, "MG", "choisir", state.appele.key, libres[0])
    await appel.agir(ctx, "MG", "clore")
