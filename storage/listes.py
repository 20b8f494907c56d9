"""The semester and its listes d'appel, as declared in the configuration, with their state."""

from dataclasses import dataclass

from ranking.config import Config, ListeDef
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.model import Formation, Phase, Semestre
from ranking.text import fold
from storage import journal
from storage.database import Transaction, now, timestamp


@dataclass(frozen=True, slots=True)
class Liste:
    id: int
    definition: ListeDef
    etat: Etat
    levee_validee: bool
    final_valide: bool

    @property
    def nom(self) -> str:
        return self.definition.nom


@dataclass(frozen=True, slots=True)
class Compte:
    """What a list holds, for `amphi listes`."""

    internes: int
    groupes: int
    groupes_traites: int
    postes: int
    places: int
    choix: int


_COLUMNS = "id, nom, formation, discipline, phase, ordre, etat, levee_validee, final_valide"


def _liste(row) -> Liste:
    definition = ListeDef(
        row["nom"],
        Formation(row["formation"]),
        row["discipline"],
        Phase(row["phase"]) if row["phase"] else None,
        row["ordre"],
    )
    return Liste(
        row["id"],
        definition,
        Etat(row["etat"]),
        bool(row["levee_validee"]),
        bool(row["final_valide"]),
    )


async def semestre(tx: Transaction) -> tuple[Semestre, str]:
    row = await tx.one("SELECT code, circonscription FROM semestre")
    if row is None:
        raise Refused(
            "base vide : aucun semestre ; la configuration doit déclarer [semestre] "
            "(voir config.example.toml)"
        )
    return Semestre.parse(row["code"]), row["circonscription"]


async def sync(tx: Transaction, config: Config, auteur: str) -> None:
    """Make the stored semester and lists match the configuration, refusing what is unsafe."""
    if config.semestre is None or config.circonscription is None:
        raise Refused(
            "la configuration ne déclare pas de [semestre] (code, circonscription) ni de "
            "[[listes]] : voir config.example.toml"
        )
    stored = await tx.one("SELECT code, circonscription FROM semestre")
    if stored is None:
        await tx.insert(
            "INSERT INTO semestre (code, circonscription, cree_at) VALUES (?, ?, ?)",
            (config.semestre.code, config.circonscription, timestamp(now())),
        )
    elif (stored["code"], fold(stored["circonscription"])) != (
        config.semestre.code,
        fold(config.circonscription),
    ):
        raise Refused(
            f"cette base est celle du semestre {stored['code']} de {stored['circonscription']} ; "
            f"la configuration annonce {config.semestre.code} de {config.circonscription} : "
            "utiliser une autre base (--db)"
        )
    existing = {fold(liste.nom): liste for liste in await all_listes(tx)}
    for definition in config.listes:
        liste = existing.get(fold(definition.nom))
        if liste is None:
            await _create(tx, definition, auteur)
        elif liste.definition != definition:
            await _redefine(tx, liste, definition, auteur)


async def _create(tx: Transaction, definition: ListeDef, auteur: str) -> None:
    liste_id = await tx.insert(
        "INSERT INTO liste (nom, formation, discipline, phase, ordre) VALUES (?, ?, ?, ?, ?)",
        _definition_row(definition),
    )
    await journal.append(
        tx, auteur, "liste.creation", f"liste « {definition.nom} » déclarée", liste_id=liste_id,
        apres=_describe(definition),
    )  # fmt: skip


async def _redefine(tx: Transaction, liste: Liste, definition: ListeDef, auteur: str) -> None:
    """Only the call order may change once a list is ranked; its perimeter may not."""
    same_perimeter = (
        liste.definition.formation,
        liste.definition.discipline,
        liste.definition.phase,
    ) == (
        definition.formation,
        definition.discipline,
        definition.phase,
    )
    if not same_perimeter and liste.etat is not Etat.IMPORT:
        raise Refused(
            f"liste « {liste.nom} » : son périmètre a changé dans la configuration alors qu'elle "
            f"est classée ({liste.etat.label}) ; remettre l'ancienne définition ou déclarer une "
            "nouvelle liste"
        )
    await tx.execute(
        "UPDATE liste SET nom = ?, formation = ?, discipline = ?, phase = ?, ordre = ? "
        "WHERE id = ?",
        (*_definition_row(definition), liste.id),
    )
    await journal.append(
        tx, auteur, "liste.modification", f"liste « {definition.nom} » redéfinie",
        liste_id=liste.id, avant=_describe(liste.definition), apres=_describe(definition),
    )  # fmt: skip


def _definition_row(definition: ListeDef) -> tuple:
    phase = definition.phase.value if definition.phase else None
    return (
        definition.nom,
        definition.formation.value,
        definition.discipline,
        phase,
        definition.ordre,
    )


def _describe(definition: ListeDef) -> dict:
    nom, formation, discipline, phase, ordre = _definition_row(definition)
    return {
        "nom": nom,
        "formation": formation,
        "discipline": discipline,
        "phase": phase,
        "ordre": ordre,
    }


async def all_listes(tx: Transaction) -> list[Liste]:
    return [_liste(row) for row in await tx.all(f"SELECT {_COLUMNS} FROM liste ORDER BY ordre")]


async def get(tx: Transaction, nom: str) -> Liste:
    for liste in await all_listes(tx):
        if fold(liste.nom) == fold(nom):
            return liste
    names = ", ".join(f"« {liste.nom} »" for liste in await all_listes(tx)) or "aucune"
    raise Refused(f"liste « {nom} » inconnue (listes : {names})")


async def set_state(tx: Transaction, liste: Liste, etat: Etat, **flags: bool) -> None:
    assignments = ", ".join(f"{name} = ?" for name in flags)
    await tx.execute(
        f"UPDATE liste SET etat = ?{', ' if flags else ''}{assignments} WHERE id = ?",
        (etat.value, *map(int, flags.values()), liste.id),
    )


async def compte(tx: Transaction, liste: Liste) -> Compte:
    row = await tx.one(
        "SELECT "
        "(SELECT count(*) FROM rang WHERE liste_id = :id), "
        "(SELECT count(*) FROM groupe_exaequo WHERE liste_id = :id), "
        "(SELECT count(*) FROM groupe_exaequo WHERE liste_id = :id AND traite), "
        "(SELECT count(*) FROM poste WHERE liste_id = :id), "
        "(SELECT coalesce(sum(capacite), 0) FROM poste WHERE liste_id = :id), "
        "(SELECT count(*) FROM choix WHERE liste_id = :id AND annule_at IS NULL)",
        {"id": liste.id},
    )
    return Compte(*row)
