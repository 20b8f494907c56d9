"""Imports of internes and postes: compare with what is stored, then apply all or nothing.

The comparison is shown to the gestionnaire before anything is written; applying checks that the
database has not changed since (same changes), so what is applied is what was shown.
"""

import hashlib
from collections.abc import Callable
from dataclasses import astuple
from fractions import Fraction
from itertools import repeat

from ranking.diff import Changes, compare, deactivated
from ranking.errors import Refused
from ranking.importer import FIELDS, InternesFile
from ranking.model import Concours, Formation, Interne, Phase
from ranking.postes import Poste
from storage import journal
from storage.database import Transaction, now, timestamp

_POSTE_COLUMNS = ("id", "terrain", "liste", "capacite", "libelle", "type")


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_EXACT = {"rin", "ri3"}
_PLAIN = {None: None} | {
    member: member.value for kind in (Formation, Concours, Phase) for member in kind
}
_ENUMS = {"formation", "concours", "phase"}


def _stored_rows(file: InternesFile) -> list[tuple]:
    """The file's internes as SQLite stores them (plain text, exact ranks as "3047/2"),
    converted column by column."""
    columns = []
    for name in FIELDS:
        column = file.columns.column(name)
        if name in _EXACT:
            column = [None if value is None else str(value) for value in column]
        elif name in _ENUMS:
            column = list(map(_PLAIN.__getitem__, column))
        elif name == "actif":
            column = [value is not False for value in column]
        columns.append(column)
    return list(zip(*columns, strict=True))


def exact(text: str | None) -> int | Fraction | None:
    """A rank stored as text: "12", or "455/12" when exact division left a fraction."""
    if text is None:
        return None
    if text.isdigit():  # nearly every rank; Fraction's parser costs ten times more
        return int(text)
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


def interne_from_row(row) -> Interne:
    return Interne(
        id=row["id"], nom=row["nom"], prenom=row["prenom"], formation=Formation(row["formation"]),
        des=row["des"], discipline=row["discipline"], circonscription=row["circonscription"],
        promotion=row["promotion"], concours=Concours(row["concours"]),
        rang_concours=row["rang_concours"], rin=exact(row["rin"]), ri3=exact(row["ri3"]),
        semestres_valides=row["semestres_valides"], hors_discipline=row["hors_discipline"],
        phase=Phase(row["phase"]) if row["phase"] else None, telephone=row["telephone"],
        email=row["email"], actif=bool(row["actif"]),
    )  # fmt: skip


async def stored_internes(tx: Transaction) -> dict[str, Interne]:
    rows = await tx.all(f"SELECT {', '.join(FIELDS)} FROM interne")
    return {row["id"]: interne_from_row(row) for row in rows}


async def internes_changes(tx: Transaction, file: InternesFile) -> Changes:
    """What importing this file would change. Missing internes are made inactive, not deleted.

    Applying in another transaction than this preview: check `unchanged` first."""
    stored = {
        row[0]: tuple(row) for row in await tx.all(f"SELECT {', '.join(FIELDS)} FROM interne")
    }
    changes = compare(FIELDS, stored, _stored_rows(file))
    missing = tuple(deactivated(FIELDS, changes.missing))
    return Changes(FIELDS, changes.added, changes.modified, missing)


async def apply_internes(
    tx: Transaction, changes: Changes, source: str, data: bytes, auteur: str
) -> None:
    """Write changes computed in this transaction (or checked `unchanged` in it)."""
    lot = await _lot(tx, "internes", source, data, auteur, changes)
    placeholders = ", ".join("?" * (len(FIELDS) + 1))
    await tx.executemany(
        f"INSERT INTO interne ({', '.join(FIELDS)}, lot_id) VALUES ({placeholders})",
        list(map(tuple.__add__, changes.added, repeat((lot,)))),
    )
    updated = [m.after for m in changes.modified] + list(changes.missing)
    assignments = ", ".join(f"{name} = ?" for name in FIELDS[1:])
    await tx.executemany(
        f"UPDATE interne SET {assignments}, lot_id = ? WHERE id = ?",
        [(*record[1:], lot, record[0]) for record in updated],
    )
    await _journal_modifications(
        tx, changes, auteur, "interne", lambda r: f"interne {r['id']} ({r['nom']} {r['prenom']})"
    )
    for record in changes.missing:
        interne = changes.view(record)
        await journal.append(
            tx, auteur, "interne.desactivation",
            f"interne {interne['id']} ({interne['nom']} {interne['prenom']}) absent du fichier "
            f"{source} : désactivé",
            avant={"actif": True}, apres={"actif": False},
        )  # fmt: skip


async def _journal_modifications(
    tx: Transaction, changes: Changes, auteur: str, nature: str, name: Callable[[dict], str]
) -> None:
    """One journal entry per changed record, with the changed fields before and after."""
    for modification in changes.modified:
        before, after = changes.view(modification.before), changes.view(modification.after)
        await journal.append(
            tx, auteur, f"{nature}.modification",
            f"{name(after)} : {', '.join(modification.champs)}",
            avant={c: before[c] for c in modification.champs},
            apres={c: after[c] for c in modification.champs},
        )  # fmt: skip


async def _lot(
    tx: Transaction, nature: str, source: str, data: bytes, auteur: str, changes: Changes
) -> int:
    counts = (len(changes.added), len(changes.modified), len(changes.missing))
    lot = await tx.insert(
        "INSERT INTO import_lot (nature, source, empreinte, at, auteur, ajouts, modifications, "
        "retraits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (nature, source, fingerprint(data), timestamp(now()), auteur, *counts),
    )
    await journal.append(
        tx, auteur, f"import.{nature}",
        f"import de {source} : {counts[0]} ajout(s), {counts[1]} modification(s), "
        f"{counts[2]} retrait(s)",
        apres={"lot": lot, "empreinte": fingerprint(data)},
    )  # fmt: skip
    return lot


def unchanged(shown: Changes, current: Changes) -> Changes:
    """The changes a gestionnaire saw are still the changes to make; else nothing is applied."""
    if shown != current:
        raise Refused(
            "la base a changé depuis l'aperçu (un autre import ?) : relancer l'import pour voir "
            "les changements à jour"
        )
    return current


async def postes_changes(tx: Transaction, postes: tuple[Poste, ...]) -> Changes:
    """What importing this postes file would change; postes missing from it are removed."""
    rows = await tx.all(
        "SELECT p.id, p.terrain, l.nom, p.capacite, p.libelle, p.type "
        "FROM poste p JOIN liste l ON l.id = p.liste_id"
    )
    stored = {row[0]: tuple(row) for row in rows}
    return compare(_POSTE_COLUMNS, stored, (astuple(poste) for poste in postes))


async def apply_postes(
    tx: Transaction, changes: Changes, source: str, data: bytes, auteur: str
) -> None:
    """Write changes computed in this transaction (or checked `unchanged` in it)."""
    await _check_postes_free(tx, changes)
    lot = await _lot(tx, "postes", source, data, auteur, changes)
    ids = {row["nom"]: row["id"] for row in await tx.all("SELECT id, nom FROM liste")}

    def row(record: tuple) -> tuple:
        poste = Poste(*record)
        return (poste.terrain, ids[poste.liste], poste.capacite, poste.libelle, poste.type, lot)

    await tx.executemany(
        "INSERT INTO poste (id, terrain, liste_id, capacite, libelle, type, lot_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(record[0], *row(record)) for record in changes.added],
    )
    await tx.executemany(
        "UPDATE poste SET terrain = ?, liste_id = ?, capacite = ?, libelle = ?, type = ?, "
        "lot_id = ? WHERE id = ?",
        [(*row(m.after), m.after[0]) for m in changes.modified],
    )
    await tx.executemany("DELETE FROM poste WHERE id = ?", [(r[0],) for r in changes.missing])
    await _journal_modifications(
        tx, changes, auteur, "poste", lambda r: f"poste {r['id']} ({r['terrain']})"
    )
    for record in changes.missing:
        poste = changes.view(record)
        await journal.append(
            tx, auteur, "poste.retrait", f"poste {poste['id']} ({poste['terrain']}) retiré",
            avant={key: poste[key] for key in ("terrain", "liste", "capacite")},
        )  # fmt: skip


async def _check_postes_free(tx: Transaction, changes: Changes) -> None:
    """Postes of a list whose choice has started do not change under the internes' feet."""
    touched = [m.before for m in changes.modified] + [m.after for m in changes.modified]
    touched = [Poste(*r) for r in [*touched, *changes.added, *changes.missing]]
    started = {
        row["nom"]
        for row in await tx.all(
            "SELECT nom FROM liste WHERE etat IN ('choix_ouvert', 'choix_clos')"
        )
    }
    faults = sorted({f"{p.id} (liste « {p.liste} »)" for p in touched if p.liste in started})
    if faults:
        raise Refused(
            "le choix a commencé pour ces postes, ils ne peuvent plus changer : "
            + ", ".join(faults)
        )
