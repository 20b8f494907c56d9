"""Which SQLite file amphi takes for its base, or restores from a backup: one of its own, of a
schema it knows, whole, with exactly its tables and an unbroken journal. Decided on what
storage read of the file; a file that cannot be read at all is refused here too, in French."""

from collections.abc import Sequence
from typing import NoReturn

from ranking.errors import Refused


def check_base(path: str, version: int, tables: int, latest: int) -> None:
    """The base amphi opens: empty, or amphi's of a schema no newer than its `latest`."""
    if version == 0 and tables:
        raise Refused(f"« {path} » est une base SQLite qui n'est pas celle d'amphi")
    if version > latest:
        raise Refused(
            f"« {path} » a été créée par une version plus récente d'amphi (schéma {version}, "
            f"celle-ci connaît le schéma {latest}) : mettre amphi à jour"
        )


def check_fichier(where: str, is_file: bool) -> None:
    if not is_file:
        raise Refused(f"{where} n'existe pas ou n'est pas un fichier")


def check_sans_wal(where: str, fichier: str, wal: str, ecritures: bool) -> None:
    """A copy is read alone: writes waiting beside it (`wal`) would be lost."""
    if ecritures:
        raise Refused(
            f"{where} a des écritures dans « {wal} » à côté de lui, qu'une copie ne lit pas "
            "(une base en service, ou copiée avec ses fichiers) : en faire d'abord une copie "
            f"cohérente, amphi sauvegarde COPIE --db {fichier}, puis restaurer COPIE"
        )


def ne_s_ouvre_pas(where: str) -> NoReturn:
    raise Refused(f"{where} ne s'ouvre pas") from None


def illisible(where: str) -> NoReturn:
    raise Refused(f"{where} n'est pas une base SQLite, ou elle est abîmée") from None


def check_sauvegarde(
    where: str, verdict: str, version: int, latest: int, differences: Sequence[str]
) -> None:
    """A backup: intact (`verdict` of integrity_check), amphi's, of a schema this amphi knows
    (`latest`), with exactly amphi's tables, indexes, triggers and views (`differences`: what
    is not)."""
    if verdict != "ok":
        raise Refused(f"{where} est abîmée ({verdict[:200]})")
    if not version:
        raise Refused(f"{where} n'est pas une base d'amphi")
    if version > latest:
        raise Refused(
            f"{where} vient d'une version plus récente d'amphi (schéma {version}, celle-ci "
            f"connaît le schéma {latest}) : mettre amphi à jour d'abord"
        )
    if differences:
        shown = ", ".join(differences[:8])
        shown += f" (et {len(differences) - 8} autre(s))" if len(differences) > 8 else ""
        raise Refused(
            f"{where} n'a pas le schéma d'amphi (schéma {version}) : {shown} ; rien n'est "
            "restauré (une base changée hors d'amphi ferait passer ses écritures par du SQL "
            "étranger)"
        )


def check_references(where: str, rompues: Sequence[tuple[str, str, int]]) -> None:
    """A backup whose rows all point at something (`rompues`: per table, the table its rows
    point at in vain and how many rows)."""
    if rompues:
        said = " ; ".join(
            f"table « {table} » : {count} ligne(s) renvoyant à une ligne absente de « {parent} »"
            for table, parent, count in rompues[:8]
        )
        said += f" (et {len(rompues) - 8} autre(s))" if len(rompues) > 8 else ""
        raise Refused(f"{where} a été modifiée hors d'amphi : {said} ; rien n'est restauré")


def check_chaine(where: str, ruptures: Sequence[str]) -> None:
    """A backup's journal whose chain follows (`ruptures`: where it breaks, in words)."""
    if ruptures:
        said = " ; ".join(ruptures[:5])
        said += f" (et {len(ruptures) - 5} autre(s))" if len(ruptures) > 5 else ""
        raise Refused(f"{where} : son journal a été altéré hors d'amphi : {said}")


def non_remplacee(base: str, error: Exception) -> NoReturn:
    raise Refused(f"la base « {base} » n'a pas pu être remplacée : {error}") from None
