"""How the service stands, for a gestionnaire (/etat): alerts waiting, the last backup, the
base's size on disk."""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.operations import sauvegarde
from bot.operations.alertes import planifier as planifier_alertes
from bot.operations.appel import reprendre_delais
from bot.operations.base import Contexte
from ranking.horloge import now
from storage import alertes, journal, service

ARRET_MIN = 60.0
"""Seconds without a beat that make a stop worth telling (a restart is a few seconds)."""


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


@dataclass(frozen=True, slots=True)
class Arret:
    debut: datetime
    fin: datetime
    alertes_en_retard: int


async def battement(ctx: Contexte) -> None:
    async with ctx.db.write() as tx:
        await service.battement(tx, now())


async def reprise(ctx: Contexte, configures: frozenset[int]) -> Arret | None:
    """At the bot's start: if it had stopped for a while, what fell due meanwhile planned at
    once (sent oldest first), the interne called on a list chosen from Telegram given his whole
    time again, and the gestionnaires (configured and bound) told once — an
    alert keyed by the stop, so a second restart does not say it again — how long, and how
    many alerts are leaving late."""
    at = now()
    async with ctx.db.read() as tx:
        last = await service.vu_at(tx)
    if last is None or (at - last).total_seconds() < ARRET_MIN:
        await battement(ctx)
        return None
    await planifier_alertes(ctx)
    restarted = await reprendre_delais(ctx, last, at)
    async with ctx.db.write() as tx:
        stop = Arret(last, at, await alertes.en_attente(tx))
        data = {
            "sorte": "arret", "liste": "", "debut": stop.debut.isoformat(),
            "fin": stop.fin.isoformat(), "retard": stop.alertes_en_retard, "delais": restarted,
        }  # fmt: skip
        to = sorted(set(configures) | set(await service.gestionnaires(tx)))
        await alertes.prevoir(tx, [(f"arret:{stop.debut.isoformat()}:{g}", g, data) for g in to])
        await service.battement(tx, at)
    return stop
