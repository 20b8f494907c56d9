"""What the verification before the day reads (règles §6): every interne with his lists, each
list's called internes, every procuration's voeux."""

from ranking.verification import Fiche
from storage.database import Transaction
from storage.listes import Liste


async def fiches(tx: Transaction) -> list[Fiche]:
    rows = await tx.all(
        "SELECT i.id, i.nom, i.prenom, i.des, i.semestres_valides, i.actif, "
        "(SELECT group_concat(l.nom, '|') FROM rang r JOIN liste l ON l.id = r.liste_id "
        " WHERE r.interne_id = i.id), s.valides, s.dernier, s.du_fichier FROM interne i LEFT JOIN "
        "(SELECT interne_id, sum(valide <> 0) AS valides, max(semestre) AS dernier, "
        " sum(origine = 'fichier') > 0 AS du_fichier"
        " FROM stage_effectue GROUP BY interne_id) s ON s.interne_id = i.id ORDER BY i.id"
    )
    return [
        Fiche(row[0], row[1], row[2], row[3], row[4], bool(row[5]),
              tuple(row[6].split("|")) if row[6] else (), row[7], row[8], bool(row[9]))
        for row in rows
    ]  # fmt: skip


async def appeles(tx: Transaction, liste: Liste) -> tuple[str, ...]:
    rows = await tx.all(
        "SELECT DISTINCT interne_id FROM rang WHERE liste_id = ? AND NOT sortant", (liste.id,)
    )
    return tuple(row[0] for row in rows)


async def procurations(tx: Transaction) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for interne, poste in await tx.all(
        "SELECT interne_id, poste_id FROM procuration_voeu ORDER BY interne_id, rang"
    ):
        found.setdefault(interne, []).append(poste)
    return {interne: tuple(wishes) for interne, wishes in found.items()}


async def listes_classees(tx: Transaction) -> set[int]:
    """The ids of the lists that hold a stored order (a pré-classement was run)."""
    return {row[0] for row in await tx.all("SELECT DISTINCT liste_id FROM rang")}
