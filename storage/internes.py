"""Internes as stored: plain text columns, exact ranks as text ("455/12")."""

from collections.abc import Mapping
from fractions import Fraction

from ranking.model import FIELDS, Concours, Formation, Interne, Phase
from storage.database import Transaction


def exact(text: str | None) -> int | Fraction | None:
    """A rank stored as text: "12", or "455/12" when exact division left a fraction."""
    if text is None:
        return None
    if text.isdigit():  # nearly every rank; Fraction's parser costs ten times more
        return int(text)
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


def interne_from_row(row: Mapping) -> Interne:
    """An interne from a database row, or from an import record made a mapping."""
    return Interne(
        id=row["id"], nom=row["nom"], prenom=row["prenom"], formation=Formation(row["formation"]),
        des=row["des"], discipline=row["discipline"], circonscription=row["circonscription"],
        promotion=row["promotion"], concours=Concours(row["concours"]),
        rang_concours=row["rang_concours"], rin=exact(row["rin"]), ri3=exact(row["ri3"]),
        semestres_valides=row["semestres_valides"], hors_discipline=row["hors_discipline"],
        phase=Phase(row["phase"]) if row["phase"] else None, telephone=row["telephone"],
        email=row["email"], actif=bool(row["actif"]),
    )  # fmt: skip


def interne_from_record(record: tuple) -> Interne:
    """An interne from a record of `ranking.diff` (stored values in `FIELDS` order)."""
    return interne_from_row(dict(zip(FIELDS, record, strict=True)))


async def stored_internes(tx: Transaction) -> dict[str, Interne]:
    rows = await tx.all(f"SELECT {', '.join(FIELDS)} FROM interne")
    return {row["id"]: interne_from_row(row) for row in rows}


async def noms(tx: Transaction, ids: list[str]) -> dict[str, tuple[str, str]]:
    """(nom, prénom) of each of these internes, and only them."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = await tx.all(f"SELECT id, nom, prenom FROM interne WHERE id IN ({marks})", wanted)
    return {row[0]: (row[1], row[2]) for row in rows}


async def contact(tx: Transaction, interne_id: str):
    """His card for a gestionnaire: id, nom, prénom, actif, téléphone, courriel; or None."""
    return await tx.one(
        "SELECT id, nom, prenom, actif, telephone, email FROM interne WHERE id = ?", (interne_id,)
    )


async def telephones_actifs(tx: Transaction) -> list[tuple[str, str]]:
    """(id, téléphone) of every active interne who gave one."""
    rows = await tx.all("SELECT id, telephone FROM interne WHERE actif AND telephone IS NOT NULL")
    return [(row[0], row[1]) for row in rows]


async def noms_de_liste(tx: Transaction, liste_id: int) -> dict[str, str]:
    """« Nom Prénom » of everyone ranked on a list."""
    rows = await tx.all(
        "SELECT i.id, i.nom, i.prenom FROM interne i JOIN rang r ON r.interne_id = i.id "
        "WHERE r.liste_id = ?",
        (liste_id,),
    )
    return {row[0]: f"{row[1]} {row[2]}" for row in rows}
