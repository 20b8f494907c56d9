"""Imports of internes and postes: compare with what is stored, then apply all or nothing.

The comparison is shown to the gestionnaire before anything is written; applying checks that the
database has not changed since (same changes), so what is applied is what was shown.
"""

import hashlib
from dataclasses import fields
from fractions import Fraction

from ranking.diff import Changes, compare, deactivated
from ranking.errors import Refused
from ranking.model import Concours, Formation, Interne, Phase
from ranking.postes import Poste
from storage import journal
from storage.database import Transaction, now, timestamp

_INTERNE_COLUMNS = tuple(f.name for f in fields(Interne))
_POSTE_COLUMNS = ("id", "terrain", "liste_id", "capacite", "libelle", "type")


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _interne_row(interne: Interne) -> tuple:
    return (
        interne.id, interne.nom, interne.prenom, interne.formation.value, interne.des,
        interne.discipline, interne.circonscription, interne.promotion, interne.concours.value,
        interne.rang_concours, None if interne.rin is None else str(interne.rin),
        None if interne.ri3 is None else str(interne.ri3), interne.semestres_valides,
        interne.hors_discipline, interne.phase.value if interne.phase else None,
        interne.telephone, interne.email, int(interne.actif),
    )  # fmt: skip


def exact(text: str | None) -> int | Fraction | None:
    if text is None:
        return None
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
    rows = await tx.all(f"SELECT {', '.join(_INTERNE_COLUMNS)} FROM interne")
    return {row["id"]: interne_from_row(row) for row in rows}


async def internes_changes(tx: Transaction, internes: tuple[Interne, ...]) -> Changes:
    """What importing this file would change. Missing internes are made inactive, not deleted."""
    changes = compare(await stored_internes(tx), internes)
    return Changes(changes.added, changes.modified, tuple(deactivated(changes.missing)))


async def apply_internes(
    tx: Transaction,
    internes: tuple[Interne, ...],
    shown: Changes,
    source: str,
    data: bytes,
    auteur: str,
) -> None:
    """Write the changes shown to the gestionnaire, provided they are still the changes."""
    changes = await internes_changes(tx, internes)
    _check_unchanged(shown, changes)
    lot = await _lot(tx, "internes", source, data, auteur, changes)
    placeholders = ", ".join("?" * (len(_INTERNE_COLUMNS) + 1))
    await tx.executemany(
        f"INSERT INTO interne ({', '.join(_INTERNE_COLUMNS)}, lot_id) VALUES ({placeholders})",
        [(*_interne_row(interne), lot) for interne in changes.added],
    )
    updated = [m.after for m in changes.modified] + list(changes.missing)
    assignments = ", ".join(f"{name} = ?" for name in _INTERNE_COLUMNS[1:])
    await tx.executemany(
        f"UPDATE interne SET {assignments}, lot_id = ? WHERE id = ?",
        [(*_interne_row(interne)[1:], lot, interne.id) for interne in updated],
    )
    for modification in changes.modified:
        before, after = modification.before, modification.after
        await journal.append(
            tx, auteur, "interne.modification",
            f"interne {after.id} ({after.nom} {after.prenom}) : {', '.join(modification.champs)}",
            avant={c: _plain(getattr(before, c)) for c in modification.champs},
            apres={c: _plain(getattr(after, c)) for c in modification.champs},
        )  # fmt: skip
    for interne in changes.missing:
        await journal.append(
            tx, auteur, "interne.desactivation",
            f"interne {interne.id} ({interne.nom} {interne.prenom}) absent du fichier {source} : "
            "désactivé",
            avant={"actif": True}, apres={"actif": False},
        )  # fmt: skip


def _plain(value: object) -> object:
    if isinstance(value, Fraction):
        return str(value)
    return value.value if hasattr(value, "value") else value


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


def _check_unchanged(shown: Changes, current: Changes) -> None:
    if shown != current:
        raise Refused(
            "la base a changé depuis l'aperçu (un autre import ?) : relancer l'import pour voir "
            "les changements à jour"
        )


async def stored_postes(tx: Transaction) -> dict[str, Poste]:
    rows = await tx.all(
        "SELECT p.id, p.terrain, l.nom, p.capacite, p.libelle, p.type "
        "FROM poste p JOIN liste l ON l.id = p.liste_id"
    )
    return {row[0]: Poste(*row) for row in rows}


async def postes_changes(tx: Transaction, postes: tuple[Poste, ...]) -> Changes:
    """What importing this postes file would change; postes missing from it are removed."""
    return compare(await stored_postes(tx), postes)


async def apply_postes(
    tx: Transaction,
    postes: tuple[Poste, ...],
    shown: Changes,
    source: str,
    data: bytes,
    auteur: str,
) -> None:
    changes = await postes_changes(tx, postes)
    _check_unchanged(shown, changes)
    await _check_postes_free(tx, changes)
    lot = await _lot(tx, "postes", source, data, auteur, changes)
    ids = {row["nom"]: row["id"] for row in await tx.all("SELECT id, nom FROM liste")}

    def row(poste: Poste) -> tuple:
        return (poste.terrain, ids[poste.liste], poste.capacite, poste.libelle, poste.type, lot)

    await tx.executemany(
        "INSERT INTO poste (id, terrain, liste_id, capacite, libelle, type, lot_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(poste.id, *row(poste)) for poste in changes.added],
    )
    await tx.executemany(
        "UPDATE poste SET terrain = ?, liste_id = ?, capacite = ?, libelle = ?, type = ?, "
        "lot_id = ? WHERE id = ?",
        [(*row(m.after), m.after.id) for m in changes.modified],
    )
    await tx.executemany("DELETE FROM poste WHERE id = ?", [(p.id,) for p in changes.missing])
    for modification in changes.modified:
        before, after = modification.before, modification.after
        await journal.append(
            tx, auteur, "poste.modification",
            f"poste {after.id} ({after.terrain}) : {', '.join(modification.champs)}",
            avant={c: getattr(before, c) for c in modification.champs},
            apres={c: getattr(after, c) for c in modification.champs},
        )  # fmt: skip
    for poste in changes.missing:
        await journal.append(
            tx, auteur, "poste.retrait", f"poste {poste.id} ({poste.terrain}) retiré",
            avant={"terrain": poste.terrain, "liste": poste.liste, "capacite": poste.capacite},
        )  # fmt: skip


async def _check_postes_free(tx: Transaction, changes: Changes) -> None:
    """Postes of a list whose choice has started do not change under the internes' feet."""
    touched = [m.before for m in changes.modified] + [m.after for m in changes.modified]
    touched += list(changes.added) + list(changes.missing)
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
