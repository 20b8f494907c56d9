"""How the service stands, for a gestionnaire (/etat): alerts waiting, the last backup, the
base's size on disk."""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.operations import sauvegarde
from bot.operations.base import Contexte
from storage import alertes, journal


@dataclass(frozen=True, slots=True)
class Etat:
    alertes_en_attente: int
    derniere_sauvegarde: tuple[Path, datetime] | None
    octets: int
    """The base with its WAL."""
    entrees: int
    """Journal entries: what the base has recorded since the semester began."""


async def etat(ctx: Contexte) -> Etat:
    async with ctx.db.read() as tx:
        waiting = await alertes.en_attente(tx)
        entries = await journal.derniere_entree(tx)
    size = sum(
        os.path.getsize(name)
        for name in (ctx.db.path, f"{ctx.db.path}-wal")
        if os.path.exists(name)
    )
    return Etat(waiting, sauvegarde.derniere(ctx), size, entries)


async def sauvegarde_reguliere(ctx: Contexte, vue: int | None) -> tuple[int, Path | None]:
    """The scheduled copy, when the base changed since the copy of journal entry `vue`: the
    entry it now copies, and where (None: nothing new, nothing copied)."""
    async with ctx.db.read() as tx:
        entries = await journal.derniere_entree(tx)
    if entries == vue:
        return entries, None
    return entries, await sauvegarde.automatique(ctx, "reguliere")
