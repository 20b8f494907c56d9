"""What internes say before their turn: procurations (at least 3 voeux and a phone number) and
pré-choix wishes; and the stages particuliers a gestionnaire records on a list.

Every wish is a poste of a list the interne is called in: a poste of another list could never
be given to him, and must not count toward the 3 voeux of a procuration.
"""

from dataclasses import dataclass

from ranking import voeux as regles
from ranking.appel import Surnombre
from ranking.cycle import Etat
from ranking.horloge import now, timestamp
from ranking.postes import canonique
from storage import appel, journal, listes
from storage.database import Transaction
from storage.listes import Liste

MINIMUM_PROCURATION = regles.MINIMUM_PROCURATION


@dataclass(frozen=True, slots=True)
class Procuration:
    interne_id: str
    telephone: str
    mandataire: str | None
    voeux: tuple[str, ...]
    deposee_at: str
    auteur: str


async def postes_canoniques(tx: Transaction, typed: list[str]) -> list[str]:
    """The postes typed, each as stored (`mga-030` is MGA-030); an unknown one as typed."""
    ids = {row[0] for row in await tx.all("SELECT id FROM poste")}
    return [canonique(poste, ids) for poste in typed]


async def interne_actif(tx: Transaction, interne_id: str) -> None:
    actif = await tx.value("SELECT 1 FROM interne WHERE id = ? AND actif", (interne_id,))
    regles.check_interne_actif(interne_id, bool(actif))


async def listes_appelees(tx: Transaction, interne_id: str) -> list[Liste]:
    """The lists that call this interne: where he is ranked and not a sortant."""
    ids = [
        row[0]
        for row in await tx.all(
            "SELECT liste_id FROM rang WHERE interne_id = ? AND NOT sortant ORDER BY liste_id",
            (interne_id,),
        )
    ]
    return [await listes.by_id(tx, liste_id) for liste_id in ids]


async def _check_voeux(tx: Transaction, interne_id: str, voeux: list[str], kind: str) -> None:
    """Every wish a poste of a list calling him, once each."""
    await interne_actif(tx, interne_id)
    regles.check_sans_doublon(kind, voeux)
    names = {liste.id: liste.nom for liste in await listes_appelees(tx, interne_id)}
    regles.check_appele(kind, interne_id, names)
    offered = {
        row[0]: row[1]
        for row in await tx.all(
            f"SELECT id, liste_id FROM poste WHERE id IN ({', '.join('?' * len(voeux))})",
            voeux,
        )
    }
    regles.check_postes(kind, interne_id, voeux, names, offered)


async def check_procuration_modifiable(tx: Transaction, interne_id: str) -> None:
    """A procuration may change until the interne's turn: once he has been called (or holds a
    place), what was applied or is being applied must stay as it was."""
    held = await tx.value(
        "SELECT poste_id FROM choix WHERE interne_id = ? AND annule_at IS NULL", (interne_id,)
    )
    appels = [] if held else await listes_appelees(tx, interne_id)
    regles.check_procuration_modifiable(
        interne_id, held,
        [(liste.nom, liste.etat,
          await appel.charger(tx, liste) if liste.etat is Etat.CHOIX_OUVERT else None)
         for liste in appels],
    )  # fmt: skip


async def deposer_procuration(
    tx: Transaction,
    interne_id: str,
    telephone: str,
    voeux: list[str],
    mandataire: str | None,
    auteur: str,
) -> Procuration:
    """Record (or replace) a procuration; `telephone` already in E.164."""
    regles.check_nombre("procuration", voeux)
    await _check_voeux(tx, interne_id, voeux, "procuration")
    await check_procuration_modifiable(tx, interne_id)
    at = timestamp(now())
    await tx.execute("DELETE FROM procuration WHERE interne_id = ?", (interne_id,))
    await tx.insert(
        "INSERT INTO procuration (interne_id, telephone, mandataire, deposee_at, auteur) "
        "VALUES (?, ?, ?, ?, ?)",
        (interne_id, telephone, mandataire, at, auteur),
    )
    await _store_voeux(tx, "procuration_voeu", interne_id, voeux)
    await journal.append(
        tx, auteur, "procuration",
        f"procuration de {interne_id} : {len(voeux)} vœux ({', '.join(voeux)})"
        + (f", mandataire {mandataire}" if mandataire else ""),
        apres={"voeux": voeux, "mandataire": mandataire}, internes=[interne_id],
    )  # fmt: skip
    return Procuration(interne_id, telephone, mandataire, tuple(voeux), at, auteur)


async def retirer_procuration(tx: Transaction, interne_id: str, auteur: str) -> None:
    regles.check_retrait(interne_id, await procuration(tx, interne_id) is not None)
    await check_procuration_modifiable(tx, interne_id)
    await tx.execute("DELETE FROM procuration WHERE interne_id = ?", (interne_id,))
    await journal.append(
        tx, auteur, "procuration.retrait", f"procuration de {interne_id} retirée",
        internes=[interne_id],
    )  # fmt: skip


async def procuration(tx: Transaction, interne_id: str) -> Procuration | None:
    row = await tx.one("SELECT * FROM procuration WHERE interne_id = ?", (interne_id,))
    if row is None:
        return None
    voeux = await tx.all(
        "SELECT poste_id FROM procuration_voeu WHERE interne_id = ? ORDER BY rang", (interne_id,)
    )
    return Procuration(
        interne_id,
        row["telephone"],
        row["mandataire"],
        tuple(w[0] for w in voeux),
        row["deposee_at"],
        row["auteur"],
    )


async def enregistrer_prechoix(
    tx: Transaction, interne_id: str, voeux: list[str], auteur: str
) -> None:
    regles.check_nombre("pré-choix", voeux)
    await _check_voeux(tx, interne_id, voeux, "pré-choix")
    await _store_voeux(tx, "prechoix_voeu", interne_id, voeux)
    await journal.append(
        tx, auteur, "prechoix", f"vœux de pré-choix de {interne_id} : {', '.join(voeux)}",
        internes=[interne_id],
    )  # fmt: skip


async def prechoix(tx: Transaction, interne_id: str) -> list[str]:
    return [
        row[0]
        for row in await tx.all(
            "SELECT poste_id FROM prechoix_voeu WHERE interne_id = ? ORDER BY rang",
            (interne_id,),
        )
    ]


async def _store_voeux(tx: Transaction, table: str, interne_id: str, voeux: list[str]) -> None:
    await tx.execute(f"DELETE FROM {table} WHERE interne_id = ?", (interne_id,))
    await tx.executemany(
        f"INSERT INTO {table} (interne_id, rang, poste_id) VALUES (?, ?, ?)",
        [(interne_id, rank, poste) for rank, poste in enumerate(voeux, start=1)],
    )


async def definir_particulier(
    tx: Transaction,
    liste: Liste,
    interne_id: str,
    surnombre: Surnombre | None,
    fleche: str | None,
    auteur: str,
) -> str:
    """Record an interne's stage particulier on a list before its choice opens (none of
    `surnombre` and `fleche`: remove it). Returns what was recorded, in French."""
    row = None
    if liste.classement_ouvert:
        row = await tx.one(
            "SELECT statut, sortant FROM rang WHERE liste_id = ? AND interne_id = ? "
            "ORDER BY statut = 'hors_discipline'",
            (liste.id, interne_id),
        )
    regles.check_particulier(
        liste.nom, liste.etat, interne_id, row is not None, bool(row and row["sortant"])
    )
    if fleche is not None:
        fleche = canonique(fleche, await appel.capacites(tx, liste))
        await _check_fleche(tx, liste, interne_id, fleche)
    await tx.execute(
        "DELETE FROM stage_particulier WHERE liste_id = ? AND interne_id = ?",
        (liste.id, interne_id),
    )
    if surnombre is not None or fleche is not None:
        await tx.insert(
            "INSERT INTO stage_particulier VALUES (?, ?, ?, ?)",
            (liste.id, interne_id, surnombre.value if surnombre else None, fleche),
        )
    what = (
        surnombre.label if surnombre else f"stage fléché sur {fleche}" if fleche
        else "aucun stage particulier"
    )  # fmt: skip
    await journal.append(
        tx, auteur, "stage_particulier", f"{interne_id} : {what}", liste_id=liste.id,
        internes=[interne_id],
    )  # fmt: skip
    return what


async def _check_fleche(tx: Transaction, liste: Liste, interne_id: str, poste: str) -> None:
    """A poste of the list, with a place left for one more fléché."""
    capacite = await tx.value(
        "SELECT capacite FROM poste WHERE id = ? AND liste_id = ?", (poste, liste.id)
    )
    capacite = regles.check_poste_offert(liste.nom, poste, capacite)
    holders = [
        row[0]
        for row in await tx.all(
            "SELECT interne_id FROM stage_particulier WHERE fleche_poste_id = ? "
            "AND interne_id != ? ORDER BY interne_id",
            (poste, interne_id),
        )
    ]
    regles.check_place_flechee(poste, capacite, holders, interne_id)


async def telephone(tx: Transaction, interne_id: str) -> str | None:
    """The phone number of his procuration, if he gave one."""
    return await tx.value("SELECT telephone FROM procuration WHERE interne_id = ?", (interne_id,))


async def fleches(tx: Transaction, liste: Liste) -> dict[str, str]:
    """The poste fléché of each interne who has one on this list."""
    rows = await tx.all(
        "SELECT interne_id, fleche_poste_id FROM stage_particulier "
        "WHERE liste_id = ? AND fleche_poste_id IS NOT NULL",
        (liste.id,),
    )
    return {row[0]: row[1] for row in rows}


@dataclass(frozen=True, slots=True)
class FeuilleProcuration:
    """One line of a list's procurations sheet (gestionnaires only: it holds the phone)."""

    rang: int
    interne_id: str
    nom: str
    prenom: str
    telephone: str
    mandataire: str | None
    voeux: tuple[str, ...]


async def procurations_de_liste(tx: Transaction, liste: Liste) -> list[FeuilleProcuration]:
    """The procurations of the internes called in the list, in call order."""
    rows = await tx.all(
        "SELECT r.position, i.id, i.nom, i.prenom, p.telephone, p.mandataire FROM rang r "
        "JOIN interne i ON i.id = r.interne_id JOIN procuration p ON p.interne_id = i.id "
        "WHERE r.liste_id = ? AND NOT r.sortant ORDER BY r.position",
        (liste.id,),
    )
    wished = await tx.all(
        "SELECT v.interne_id, v.poste_id FROM procuration_voeu v "
        "JOIN rang r ON r.interne_id = v.interne_id AND r.liste_id = ? ORDER BY v.rang",
        (liste.id,),
    )
    by_interne: dict[str, list[str]] = {}
    for interne_id, poste in wished:
        by_interne.setdefault(interne_id, []).append(poste)
    return [
        FeuilleProcuration(row[0], row[1], row[2], row[3], row[4], row[5],
                           tuple(by_interne.get(row[1], ())))
        for row in rows
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Particulier:
    """An interne's place on one list, as a stage particulier is set there: his position in
    its order (what a button names him by), and his stage particulier now."""

    liste: Liste
    position: int
    surnombre: Surnombre | None
    fleche: str | None

    @property
    def label(self) -> str:
        if self.surnombre is not None:
            return self.surnombre.label
        return f"stage fléché sur {self.fleche}" if self.fleche else "aucun stage particulier"


async def particuliers(tx: Transaction, interne_id: str) -> list[Particulier]:
    """His stage particulier on each list where he is called (not sortant)."""
    rows = await tx.all(
        "SELECT r.liste_id, r.position, s.surnombre, s.fleche_poste_id FROM rang r "
        "LEFT JOIN stage_particulier s ON s.liste_id = r.liste_id AND s.interne_id = r.interne_id "
        "WHERE r.interne_id = ? AND NOT r.sortant ORDER BY r.liste_id",
        (interne_id,),
    )
    return [
        Particulier(await listes.by_id(tx, row[0]), row[1],
                    Surnombre(row[2]) if row[2] else None, row[3])
        for row in rows
    ]  # fmt: skip


async def interne_a_la_position(tx: Transaction, liste: Liste, position: int) -> str:
    found = await tx.value(
        "SELECT interne_id FROM rang WHERE liste_id = ? AND position = ?", (liste.id, position)
    )
    return regles.check_rang_occupe(liste.nom, position, found)
