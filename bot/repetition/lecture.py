"""What the rehearsal reads of the base to play its part (who is called n-th, the tie groups to
order), through the operation both faces use: no SQL outside `storage/`."""

from pathlib import Path

from bot.operations import base, classement
from bot.operations.base import Contexte
from bot.operations.config import load_config

AUTEUR = "demo"


async def vue(database: Path, config: Path, liste: str) -> classement.Vue:
    """The stored order of `liste`, rows in call order (a read: the base is not changed)."""
    settings = load_config(str(config))
    opened = await base.ouvrir(database, settings, AUTEUR, ecriture=False)
    try:
        return await classement.vue(Contexte(opened.db, settings, AUTEUR), liste)
    finally:
        await base.fermer(opened)


async def ordre(database: Path, config: Path, liste: str) -> list[str]:
    """The internes of `liste` in call order, those who leave set aside."""
    shown = await vue(database, config, liste)
    return [ligne.interne.id for _, ligne in shown.lignes if not ligne.sortant]


async def groupes(database: Path, config: Path, liste: str) -> list[tuple[int, list[str]]]:
    """The tie groups of `liste`, members in their displayed order."""
    found: dict[int, list[str]] = {}
    for _, ligne in (await vue(database, config, liste)).lignes:
        if ligne.groupe is not None:
            found.setdefault(ligne.groupe, []).append(ligne.interne.id)
    return sorted(found.items())


async def interne_au_rang(database: Path, config: Path, liste: str, position: int) -> str:
    """Who holds the `position`-th row of `liste` (1 the first)."""
    return (await vue(database, config, liste)).lignes[position - 1][1].interne.id
