"""Semesters side by side (règles §7): the live base is the current semester, each semester it
was built from is an archive beside it (« amphi-2026-11.sqlite3 »). An archive is read, purged
or restored, nothing else; `--semestre AAAA-MM` names which one a command reads; a backup copy
goes back only into the base of its own semester."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ranking.errors import Refused


@dataclass(frozen=True, slots=True)
class Archive:
    """A semester this base was built from, and its file's name beside the base."""

    code: str
    fichier: str


def connus(courant: str, archives: Sequence[Archive]) -> str:
    """« 2026-11 (amphi-2026-11.sqlite3), 2027-05 (en cours) », in the semesters' order."""
    named = [(a.code, a.fichier) for a in archives] + [(courant, "en cours")]
    return ", ".join(f"{code} ({what})" for code, what in sorted(named))


def choisir(
    demande: str, courant: str, archives: Sequence[Archive], archivee: str | None = None
) -> Archive | None:
    """The archive `--semestre demande` names; None: the base itself (its own code). Anything
    else is refused, naming the semesters known. `archivee`: the base given (--db) is itself
    an archive, of `courant`; the semester built from it is in the live base."""
    if demande == courant:
        return None
    if archivee is not None:
        raise Refused(
            f"argument --semestre : {demande} : « {archivee} » est l'archive du semestre "
            f"{courant} ; les autres semestres se lisent depuis la base en cours (--db)"
        )
    for archive in archives:
        if archive.code == demande:
            return archive
    raise Refused(
        f"argument --semestre : {demande} : aucun semestre de ce nom ; connus : "
        f"{connus(courant, archives)}"
    )


def check_archive_presente(archive: Archive, dossier: Path, present: bool) -> None:
    if not present:
        raise Refused(
            f"argument --semestre : {archive.code} : l'archive « {archive.fichier} » est "
            f"introuvable dans « {dossier} » (déplacée ou effacée ?) ; la remettre à côté de "
            "la base pour lire ce semestre"
        )


def check_archive_du_semestre(
    archive: Archive, dossier: Path, trouve: tuple[str | None, str | None] | None
) -> None:
    """The file at the archive's name holds that very semester, archived (`trouve`: its
    (code, suivant); (None, None): not a base of amphi): not a file put in its place (junk,
    another base, a link to the live base), which a purge or a restore would then write."""
    if trouve is not None and trouve[0] == archive.code and trouve[1]:
        return
    if trouve is None or trouve[0] is None:
        what = "n'est pas une base d'amphi (fichier remplacé ou abîmé ?)"
    elif not trouve[1]:
        what = f"est une base en cours (semestre {trouve[0]}), pas une archive"
    else:
        what = f"est l'archive du semestre {trouve[0]}"
    raise Refused(
        f"argument --semestre : {archive.code} : « {archive.fichier} » dans « {dossier} » "
        f"{what} ; rien n'y est lu ni écrit : y remettre l'archive du semestre {archive.code}"
    )


def base_absente(demande: str, base: Path) -> None:
    """`--semestre` on a base that does not exist yet: no semester to choose from."""
    raise Refused(
        f"argument --semestre : {demande} : la base « {base} » n'existe pas encore (nom mal "
        "écrit ?) : aucun semestre à lire"
    )


def check_archive(code: str, suivant: str | None) -> None:
    """An archive (`suivant` set: the semester built from it) is only read, purged, restored."""
    if suivant:
        raise Refused(
            f"la base du semestre {code} est archivée (le semestre {suivant} a été construit "
            "depuis) : on la lit, on la purge, on la restaure, rien d'autre"
        )


@dataclass(frozen=True, slots=True)
class Cible:
    """The base a copy would go back into: its semester, the one built from it (an archive),
    the live semester, and the archives beside it."""

    code: str
    suivant: str | None
    courant: str
    archives: tuple[Archive, ...]


def check_copie_du_semestre(copie: str | None, copie_suivant: str | None, cible: Cible) -> None:
    """A backup copy goes back into the base of its own semester only: `copie` the copy's
    semester code (None: a copy without a semester, refused elsewhere). Into an archive, a copy
    made before the next semester was built would make it a live base again: refused."""
    base, courant, archives = cible.code, cible.courant, cible.archives
    if copie is None:
        return
    if copie == base:
        if cible.suivant and not copie_suivant:
            raise Refused(
                f"cette copie du semestre {copie} est d'avant la construction du semestre "
                f"{cible.suivant} : remise dans l'archive, elle en ferait de nouveau une base en "
                f"cours ; choisir une copie de l'archive (amphi sauvegarde --semestre {copie} en "
                "fait une)"
            )
        return
    if copie == courant:
        where = "amphi restaurer FICHIER sans --semestre pour la base en cours"
    elif any(archive.code == copie for archive in archives) and not copie_suivant:
        raise Refused(
            f"cette copie est du semestre {copie} d'avant la construction du semestre "
            f"{courant} : ni la base en cours ni l'archive ne la reprennent, le passage au "
            f"semestre suivant ne s'annule pas (règles §7) ; le semestre {copie} se lit en "
            f"entier dans son archive (--semestre {copie})"
        )
    elif any(archive.code == copie for archive in archives):
        where = f"amphi restaurer FICHIER --semestre {copie} pour l'archive"
    else:
        where = f"aucun semestre {copie} à côté de la base (connus : {connus(courant, archives)})"
    raise Refused(f"cette copie est du semestre {copie}, la base du semestre {base} : {where}")
