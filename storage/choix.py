"""Places taken on choice day, with the guarantees SQLite enforces itself (schema 2):
a place is never given twice, an interne never holds two places.

This module records and cancels choices; who is called when is the call engine's business.
"""

import sqlite3
from dataclasses import dataclass

from ranking import cycle
from ranking.cycle import Etat
from ranking.errors import Refused
from storage import journal, listes
from storage.database import Transaction, now, timestamp
from storage.listes import Liste

NATURES = (
    "choix", "procuration", "fleche", "surnombre_validant", "surnombre_non_validant",
    "affecte_office",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Choix:
    id: int
    interne_id: str
    poste_id: str
    nature: str


async def ouvrir(tx: Transaction, liste: Liste, non_classes: int, auteur: str) -> None:
    """Choice starts: the final order must be validated and hold every interne of the list."""
    cycle.check_final(liste.nom, liste.etat)
    if not liste.final_valide:
        raise Refused(
            f"liste « {liste.nom} » : valider d'abord le classement final "
            f'(amphi final valider --liste "{liste.nom}")'
        )
    if non_classes:
        raise Refused(
            f"liste « {liste.nom} » : {non_classes} interne(s) non classé(s) depuis le "
            "pré-classement ; le relancer avant d'ouvrir le choix"
        )
    await listes.set_state(tx, liste, Etat.CHOIX_OUVERT)
    await journal.append(tx, auteur, "choix.ouvrir", "choix ouvert", liste_id=liste.id)


async def enregistrer(
    tx: Transaction, liste: Liste, interne_id: str, poste_id: str, nature: str, auteur: str
) -> Choix:
    if liste.etat is not Etat.CHOIX_OUVERT:
        raise Refused(f"liste « {liste.nom} » : le choix n'est pas ouvert ({liste.etat.label})")
    facts = await tx.one(
        "SELECT "
        "(SELECT 1 FROM rang WHERE liste_id = :liste AND interne_id = :interne) AS classe, "
        "(SELECT terrain FROM poste WHERE id = :poste AND liste_id = :liste) AS terrain, "
        "(SELECT poste_id FROM choix WHERE interne_id = :interne AND annule_at IS NULL) AS tenu",
        {"liste": liste.id, "interne": interne_id, "poste": poste_id},
    )
    if not facts["classe"]:
        raise Refused(f"l'interne {interne_id} n'est pas sur la liste « {liste.nom} »")
    if facts["terrain"] is None:
        raise Refused(f"le poste {poste_id} n'est pas offert sur la liste « {liste.nom} »")
    if facts["tenu"] is not None:
        raise Refused(f"l'interne {interne_id} a déjà un poste ce semestre ({facts['tenu']})")
    try:
        choice_id = await tx.insert(
            "INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (liste.id, interne_id, poste_id, nature, timestamp(now()), auteur),
        )
    except sqlite3.IntegrityError as error:
        if "poste complet" in str(error):
            raise Refused(f"le poste {poste_id} ({facts['terrain']}) est complet") from None
        raise
    detail = f"{interne_id} prend le poste {poste_id} ({facts['terrain']})"
    after = {"choix": choice_id, "interne": interne_id, "poste": poste_id}
    await journal.append(tx, auteur, f"choix.{nature}", detail, liste_id=liste.id, apres=after)
    return Choix(choice_id, interne_id, poste_id, nature)


async def annuler(tx: Transaction, liste: Liste, choix_id: int, auteur: str) -> None:
    row = await tx.one(
        "SELECT interne_id, poste_id, nature FROM choix "
        "WHERE id = ? AND liste_id = ? AND annule_at IS NULL",
        (choix_id, liste.id),
    )
    if row is None:
        raise Refused(f"pas de choix n°{choix_id} en cours sur la liste « {liste.nom} »")
    await tx.execute("UPDATE choix SET annule_at = ? WHERE id = ?", (timestamp(now()), choix_id))
    interne_id, poste_id = row["interne_id"], row["poste_id"]
    detail = f"choix n°{choix_id} annulé : {interne_id} rend le poste {poste_id}"
    before = {"choix": choix_id, "interne": interne_id, "poste": poste_id}
    await journal.append(tx, auteur, "choix.annuler", detail, liste_id=liste.id, avant=before)


async def en_cours(tx: Transaction, liste: Liste) -> list[Choix]:
    rows = await tx.all(
        "SELECT id, interne_id, poste_id, nature FROM choix "
        "WHERE liste_id = ? AND annule_at IS NULL ORDER BY id",
        (liste.id,),
    )
    return [Choix(*row) for row in rows]
