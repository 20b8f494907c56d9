"""Opening the semester's database for an operation, and what every operation is given.

A mistyped path must not start an empty semester: only the commands that start one create the
file (and say so). A command that only reads, before the file exists, reads the semester the
configuration declares (its lists, nothing imported) from a database in memory, and is told so.
A path that cannot be opened is refused with the reason, in French.
"""

import os
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path

from ranking import archives as regles
from ranking.config import Config
from ranking.errors import Refused
from ranking.model import Semestre
from storage import archives
from storage import semestre as semestre_base
from storage.database import Database


@dataclass(frozen=True, slots=True)
class Contexte:
    """What an operation is given: the database, the configuration, and who acts (journal)."""

    db: Database
    config: Config
    auteur: str


@dataclass(slots=True)
class Ouverture:
    """An opened database, whether this opening created it, and what the configuration
    changed in it (or would change, for a command that only reads)."""

    db: Database
    creee: bool
    notes: list[str] = field(default_factory=list)
    en_memoire: bool = False
    config: Config | None = None
    """The configuration with the base's own semester (an archive's, or the live base's when
    the configuration's `[semestre] code` lags behind it); None: the configuration's."""
    archive: bool = False
    """An archive (a semester built since from it): read, purged, restored, nothing else."""


def check_path(path: Path, *, ecriture: bool, creation: bool, option: str = "--db") -> bool:
    """Whether the database exists; refuse a path that cannot be the semester's base."""
    if path.is_dir():
        raise Refused(f"option {option} : « {path} » est un dossier, pas une base")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise Refused(f"option {option} : « {path} » : lecture interdite (droits du fichier)")
        if ecriture and not os.access(path, os.W_OK):
            raise Refused(f"option {option} : « {path} » est en lecture seule")
        return True
    folder = path.parent
    if not folder.is_dir():
        raise Refused(f"option {option} : le dossier « {folder} » n'existe pas")
    if not creation and not ecriture:
        return False
    if not creation:
        raise Refused(
            f"option {option} : la base « {path} » n'existe pas (nom mal écrit ?) ; seul un "
            "import d'internes ou de postes crée la base d'un nouveau semestre"
        )
    if not os.access(folder, os.W_OK):
        raise Refused(f"option {option} : le dossier « {folder} » est en lecture seule")
    return False


async def ouvrir(
    path: Path,
    config: Config,
    auteur: str,
    *,
    ecriture: bool,
    creation: bool = False,
    semestre: str | None = None,
    archive_ecriture: bool = False,
) -> Ouverture:
    """Open the database; a command that writes first brings it in line with the
    configuration, one that reads only learns what differs. `semestre` (`--semestre AAAA-MM`)
    names the live base's own semester or one of the archives beside it; an archive is
    refused to any command that writes, unless `archive_ecriture` (purge, restore)."""
    if semestre is not None:
        code = Semestre.parse(semestre).code  # said in French if it is not one
        path = await _chemin_du_semestre(path, code)
    existed = check_path(path, ecriture=ecriture, creation=creation)
    if not existed and not ecriture:
        return await _empty_semester(path, config, auteur)
    try:
        db = await Database.open(path)
    except sqlite3.DatabaseError as error:
        if not existed:
            remove(path)
        raise Refused(f"option --db : « {path} » : {sqlite_reason(error)}") from None
    except BaseException:  # interrupted while creating it: no half-made base is left
        if not existed:
            remove(path)
        raise
    opened = Ouverture(db, creee=not existed)
    try:
        async with db.read() as tx:
            found = await archives.situation(tx)
        opened.archive = found.suivant is not None
        if opened.archive and ecriture and not archive_ecriture:
            regles.check_archive(found.code, found.suivant)
        if found.code is not None and (
            config.semestre is None or config.semestre.code != found.code
        ):
            opened.config = replace(config, semestre=Semestre.parse(found.code))
        if opened.archive:  # its semester as it ended: the configuration changes nothing
            return opened
        if ecriture:
            async with db.write() as tx:
                opened.notes = await semestre_base.sync(tx, config, auteur)
        else:
            async with db.read() as tx:
                opened.notes = await semestre_base.pending(tx, config)
    except BaseException:
        await fermer(opened)
        raise
    return opened


async def _chemin_du_semestre(path: Path, demande: str) -> Path:
    """The file of the semester `demande`: the live base at `path` when it is its own, else
    the archive its `semestre_passe` names, beside it."""
    if not check_path(path, ecriture=False, creation=False):
        regles.base_absente(demande, path)
    try:
        db = await Database.open(path)
    except sqlite3.DatabaseError as error:
        raise Refused(f"option --db : « {path} » : {sqlite_reason(error)}") from None
    try:
        async with db.read() as tx:
            found = await archives.situation(tx)
    finally:
        await db.close()
    archivee = path.name if found.suivant else None
    chosen = regles.choisir(demande, found.code or "", found.archives, archivee)
    if chosen is None:
        return path
    target = path.parent / chosen.fichier
    regles.check_archive_presente(chosen, path.parent, target.is_file())
    regles.check_archive_du_semestre(chosen, path.parent, archives.semestre_de_copie(target))
    return target


async def _empty_semester(path: Path, config: Config, auteur: str) -> Ouverture:
    db = await Database.open(":memory:")
    async with db.write() as tx:
        await semestre_base.sync(tx, config, auteur)
    note = (
        f"la base « {path} » n'existe pas encore (nom mal écrit ?) : rien n'est importé ; "
        "seul un import d'internes ou de postes la crée"
    )
    return Ouverture(db, creee=False, notes=[note], en_memoire=True)


async def fermer(opened: Ouverture, failed: bool = False) -> None:
    """Close; a base this opening created for a command that failed leaves no file behind."""
    await opened.db.close()
    if failed and opened.creee:
        remove(Path(opened.db.path))


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_reason(error: sqlite3.DatabaseError) -> str:
    """SQLite's error in French words."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return "occupée par un autre programme trop longtemps ; réessayer"
    if "not a database" in text or "malformed" in text:
        return "ce fichier n'est pas une base SQLite, ou elle est abîmée"
    if "readonly" in text or "read-only" in text:
        return "la base est en lecture seule"
    if "unable to open" in text:
        return "impossible d'ouvrir le fichier (droits, dossier)"
    if "disk" in text and "full" in text:
        return "disque plein"
    if "disk I/O" in text:  # what SQLite says of a disk full while it writes its WAL, too
        return "le disque a refusé une écriture (disque plein ? support retiré ?)"
    return "erreur de la base SQLite"
