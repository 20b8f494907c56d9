"""Personal data (RGPD), for both faces: once the semester is over, `amphi purger` removes what
reaches a person (storage/purge.py) and the automatic copies that still hold it."""

from dataclasses import dataclass
from pathlib import Path

from bot.operations import sauvegarde, verification
from bot.operations.base import Contexte
from bot.operations.journal import tete_lisible
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.perimeter import DisciplineGroups
from storage import comptes, journal, listes
from storage import rgpd as purge


@dataclass(frozen=True, slots=True)
class Purge:
    faite: purge.Purge
    copies_effacees: int
    copies_restantes: tuple[Path, ...]
    """Copies someone named (amphi sauvegarde FICHIER…) in the backups' folder: they still hold
    the phones, and are his to delete."""


async def mes_donnees(ctx: Contexte, interne_id: str, telegram_id: int) -> dict[str, object]:
    """What amphi holds about him, for him only (the caller passes the bound interne)."""
    async with ctx.db.read() as tx:
        return await purge.donnees(tx, interne_id, telegram_id)


async def delier_soi(ctx: Contexte, telegram_id: int) -> None:
    """He unbinds his own Telegram account (journaled; a new invitation binds it again)."""
    async with ctx.db.write() as tx:
        await comptes.delier(tx, telegram_id, ctx.auteur)


async def apercu(ctx: Contexte) -> purge.Purge:
    async with ctx.db.read() as tx:
        await _semestre_fini(tx, ctx.config.classement.groups)
        return await purge.compter(tx)


async def purger(ctx: Contexte) -> Purge:
    async with ctx.db.write() as tx:
        await _semestre_fini(tx, ctx.config.classement.groups)
        before = tete_lisible(await journal.tete(tx))
        done = await purge.purger(tx)
        rechained = f" (la chaîne refaite ; avant : {before})" if done.journal else ""
        await journal.append(
            tx, ctx.auteur, "rgpd.purge",
            f"données personnelles effacées : {done.coordonnees} interne(s) sans téléphone ni "
            f"e-mail, {sum(n for _, n in done.lignes)} ligne(s) de comptes, codes, "
            f"procurations et alertes, {done.journal} entrée(s) du journal masquées{rechained}",
        )  # fmt: skip
    await ctx.db.reconstruire()
    folder = sauvegarde.reglage(ctx.config).dossier_de(ctx.db.path)
    semestre = await sauvegarde.code(ctx)
    removed, others = 0, []
    for copy in sorted(folder.glob("*.sqlite3")):
        if sauvegarde.semestre_du_nom(copy) not in (None, semestre):
            continue  # another semester's copy: its own purge removes it
        if copy.name.startswith(sauvegarde.AUTO):
            copy.unlink(missing_ok=True)
            removed += 1
        else:
            others.append(copy)
    return Purge(done, removed, tuple(others))


async def _semestre_fini(tx, groups: DisciplineGroups) -> None:
    """The purge waits for every list of the semester to be closed (README): one whose
    choice runs, or that was never closed, is named; only a list nobody is in (none ranked in
    it, none in its perimeter) has no choice to wait for."""
    every = await listes.all_listes(tx)
    running = [liste.nom for liste in every if liste.etat is Etat.CHOIX_OUVERT]
    left = [liste for liste in every if liste.etat not in (Etat.CHOIX_CLOS, Etat.CHOIX_OUVERT)]
    if left:
        held = await verification.dans_les_perimetres(tx, left, groups)
        peopled = {nom for noms in held.values() for nom in noms}
        left = [
            liste for liste in left
            if liste.nom in peopled or (await listes.compte(tx, liste)).internes
        ]  # fmt: skip
    reasons = []
    if running:
        names = " et ".join(", ".join(f"« {nom} »" for nom in running).rsplit(", ", 1))
        verb = (
            "le choix de {} est en cours" if len(running) == 1 else "les choix de {} sont en cours"
        )
        reasons.append(verb.format(names))
    if left:
        named = ", ".join(f"« {liste.nom} » ({liste.etat.label})" for liste in left)
        reasons.append(f"liste(s) jamais close(s) : {named}")
    if reasons:
        raise Refused(
            f"{' ; '.join(reasons)} ; purger une fois tous les choix clos (le jour venu, appeler "
            "chaque liste puis la clore) : leurs téléphones servent encore"
        )
