"""Backups, for both faces: `amphi sauvegarde`, the automatic copies (before a list is opened or
closed, and on a schedule while the bot runs), `amphi restaurer`. The copies live in a folder
beside the base (`[sauvegardes] dossier`), readable by their owner only; the automatic ones are
kept to `[sauvegardes] garder`, the oldest removed first."""

import errno
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.operations import systeme
from bot.operations.base import Contexte
from ranking import archives as semestres
from ranking.config import Config
from ranking.errors import InvalidInput, Problem, Refused
from ranking.horloge import now, paris_minute
from storage import archives, journal
from storage import sauvegarde as fichiers
from storage.database import Database

AUTO = "auto-"
"""Automatic copies begin so; those a gestionnaire names or asks for are never removed."""
_NOMMEE = re.compile(r"^(?:auto|amphi)-\d{8}-\d{6}(?:-\d{6})?-(\d{4}-\d{2})(?:-[^-]*)?\.sqlite3$")
"""A copy amphi named, with its semester's code after the time: « auto-20261112-093000-123456-
2026-11-ouvertureMG.sqlite3 », « amphi-20261112-093000-2026-11.sqlite3 » (older copies
have no code)."""


def semestre_du_nom(fichier: Path) -> str | None:
    """The semester code in a copy's name (None: a name without one)."""
    found = _NOMMEE.match(Path(fichier).name)
    return found.group(1) if found else None


async def code(ctx: Contexte) -> str | None:
    """The semester of the base (an archive's own, when it is one)."""
    async with ctx.db.read() as tx:
        return (await archives.situation(tx)).code


@dataclass(frozen=True, slots=True)
class Reglage:
    dossier: str | None = None
    """None: `sauvegardes/` beside the base."""
    garder: int = 30
    intervalle_minutes: int = 60
    """0: no copy on a schedule (those before opening and closing stay)."""

    def dossier_de(self, base: str | Path) -> Path:
        folder = Path(self.dossier) if self.dossier else Path("sauvegardes")
        return folder if folder.is_absolute() else Path(base).resolve().parent / folder


def reglage(config: Config, source: str = "config.toml") -> Reglage:
    """The [sauvegardes] table, checked."""
    table = config.autres.get("sauvegardes", {})
    problems, values = [], {}
    dossier = table.get("dossier")
    if dossier is not None and (not isinstance(dossier, str) or not dossier.strip()):
        problems.append(Problem("[sauvegardes] dossier : chemin d'un dossier attendu"))
    for key, low, high in (("garder", 1, 10_000), ("intervalle_minutes", 0, 100_000)):
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(Problem(f"[sauvegardes] {key} : entier de {low} à {high} attendu"))
        else:
            values[key] = value
    if problems:
        raise InvalidInput(source, problems)
    return Reglage(dossier, **values)


def _nom(motif: str, at: datetime, semestre: str | None) -> str:
    """Time first, then the semester: sorted by name, the copies are in time order."""
    coded = f"-{semestre}" if semestre else ""
    return f"{AUTO}{at.strftime('%Y%m%d-%H%M%S-%f')}{coded}-{motif}.sqlite3"


async def sauvegarder(ctx: Contexte, fichier: Path | None = None) -> Path:
    """A copy asked for (`amphi sauvegarde [FICHIER]`): kept until someone removes it."""
    if fichier is None:
        folder = reglage(ctx.config).dossier_de(ctx.db.path)
        semestre = await code(ctx)
        coded = f"-{semestre}" if semestre else ""
        fichier = folder / f"amphi-{now().strftime('%Y%m%d-%H%M%S')}{coded}.sqlite3"
    return await _copier(ctx.db, Path(fichier))


async def automatique(ctx: Contexte, motif: str) -> Path:
    """An automatic copy (`motif`: « ouverture-MG », « cloture-MG », « horaire »…), then the
    oldest automatic ones of this semester beyond `garder` removed: a past semester's copies
    (« avant-semestre-suivant » among them) stay until that semester's own purge."""
    settings = reglage(ctx.config)
    folder = settings.dossier_de(ctx.db.path)
    motif = "".join(c for c in motif if c.isalnum())
    semestre = await code(ctx)
    made = await _copier(ctx.db, folder / _nom(motif, now(), semestre))
    siennes = [path for path in sorted(folder.glob(f"{AUTO}*.sqlite3"))
               if semestre_du_nom(path) in (None, semestre)]  # fmt: skip
    for old in siennes[: -settings.garder]:
        old.unlink(missing_ok=True)
    return made


async def _copier(db: Database, fichier: Path) -> Path:
    try:
        try:
            fichier.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except FileExistsError:  # its folder's name is taken by a file
            raise NotADirectoryError(errno.ENOTDIR, "", str(fichier)) from None
        await db.copier_vers(fichier)
    except OSError as error:
        raise InvalidInput("", [Problem(
            f"sauvegarde impossible dans {systeme.dire(error, fichier)}"
        )]) from None  # fmt: skip
    return fichier


def derniere(ctx: Contexte) -> tuple[Path, datetime] | None:
    """The most recent copy in the backups' folder (for /etat)."""
    folder = reglage(ctx.config).dossier_de(ctx.db.path)
    copies = [(path.stat().st_mtime, path) for path in folder.glob("*.sqlite3")]
    if not copies:
        return None
    moment, path = max(copies)
    return path, datetime.fromtimestamp(moment).astimezone()


@dataclass(frozen=True, slots=True)
class Restauration:
    """What restoring will do: the backup's journal against the base's."""

    fichier: Path
    sauvegarde: fichiers.Examen
    base_dernier: int

    def phrase(self) -> str:
        found = self.sauvegarde
        when = f" (dernière entrée du journal : n°{found.dernier}"
        when += f", {_moment(found.dernier_at)})" if _moment(found.dernier_at) else ")"
        chain = (
            f" ; son journal est intact ({found.entrees} entrée(s), chaîne suivie)"
            if found.chaine_verifiee
            else f" ; son journal ({found.entrees} entrée(s)) sera chaîné à la mise à jour"
        )
        lost = self.base_dernier - found.dernier
        after = f" ; les {lost} entrée(s) du journal faites depuis seront perdues" if lost else ""
        return f"la base sera remplacée par « {self.fichier} »{when}{chain}{after}"


def _moment(at: object) -> str | None:
    try:
        return paris_minute(datetime.fromisoformat(at)) if isinstance(at, str) else None
    except ValueError:
        return None


async def examiner(ctx: Contexte, fichier: Path) -> Restauration:
    """The backup checked whole (storage/sauvegarde.py), and not the base itself: restored on
    itself, what its WAL holds would be lost."""
    fichier = Path(fichier)
    try:
        itself = fichier.is_file() and fichier.samefile(ctx.db.path)
    except OSError:
        itself = False
    if itself:
        raise Refused(
            f"argument FICHIER : « {fichier} » est la base elle-même, pas une sauvegarde : "
            "choisir une copie (amphi sauvegarde en fait une ; celles faites automatiquement "
            f"sont dans « {reglage(ctx.config).dossier_de(ctx.db.path)} »)"
        )
    found = fichiers.examiner(fichier)
    async with ctx.db.read() as tx:
        current = await journal.derniere_entree(tx)
        here = await archives.situation(tx)
    if here.code is not None:
        if here.suivant:  # an archive: the live semester is the one built from it
            known = (*here.archives, semestres.Archive(here.code, Path(ctx.db.path).name))
            cible = semestres.Cible(here.code, here.suivant, here.suivant, known)
        else:
            cible = semestres.Cible(here.code, None, here.code, here.archives)
        semestres.check_copie_du_semestre(*archives.semestre_de_copie(fichier), cible)
    return Restauration(fichier, found, current)


async def restaurer(ctx: Contexte, vu: Restauration) -> Path:
    """The base replaced by the backup examined (`vu`, examined again: it may have changed
    since it was shown), after a copy of the base as it was (kept, named
    « avant-restauration »); journaled in the restored base. Should bringing it up to date
    fail, the base as it was is put back."""
    again = await examiner(ctx, vu.fichier)
    if again.sauvegarde != vu.sauvegarde:
        raise Refused(
            f"argument FICHIER : « {vu.fichier} » a changé depuis qu'il a été vérifié : rien "
            "n'est restauré, relancer la commande"
        )
    kept = await automatique(ctx, "avant-restauration")
    fichiers.remplacer(Path(ctx.db.path), vu.fichier)
    try:
        await ctx.db.migrate()
    except sqlite3.Error as error:
        fichiers.remplacer(Path(ctx.db.path), kept)
        raise Refused(
            f"« {vu.fichier} » n'a pas pu être mise à jour ({error}) : la base d'avant est "
            "remise en place, rien n'est restauré"
        ) from None
    async with ctx.db.write() as tx:
        await journal.append(
            tx, ctx.auteur, "sauvegarde.restauree",
            f"base restaurée depuis « {vu.fichier} » (journal jusqu'au n°{vu.sauvegarde.dernier}) ;"
            f" la base d'avant est gardée dans « {kept} »",
        )  # fmt: skip
    return kept
