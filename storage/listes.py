"""The semester and its listes d'appel as stored, with their state, and how the configuration's
lists map onto them (`plan`): created, renamed, redefined, or refused with the way out."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from ranking import cycle
from ranking import listes as regles
from ranking.config import ClassementConfig, ListeDef
from ranking.cycle import RANKING_OPEN, Etat
from ranking.model import Formation, Phase, Semestre
from ranking.ordre import key_from_label, key_label
from ranking.peremption import Ecart
from ranking.text import fold
from storage.database import Transaction


@dataclass(frozen=True, slots=True)
class Peremption:
    """Why a stored order is stale (see ranking/peremption.py), since when."""

    depuis: datetime
    causes: tuple[str, ...]
    ecart: Ecart

    def phrase(self) -> str:
        return f"ordre périmé ({' ; '.join(self.causes)}) : {self.ecart.phrase()}"

    def to_json(self) -> str:
        keys = {
            name: [key_label(key) for key in getattr(self.ecart, name)]
            for name in ("non_classes", "retires", "modifies")
        }
        return json.dumps(
            {
                "depuis": self.depuis.isoformat(), "causes": list(self.causes), **keys,
                "origine": list(self.ecart.origine),
            },
            ensure_ascii=False,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> "Peremption":
        data = json.loads(text)
        ecart = Ecart(
            *(
                tuple(map(key_from_label, data[name]))
                for name in ("non_classes", "retires", "modifies")
            ),
            tuple(data.get("origine", ())),
        )
        return cls(datetime.fromisoformat(data["depuis"]), tuple(data["causes"]), ecart)


@dataclass(frozen=True, slots=True)
class Liste:
    id: int
    definition: ListeDef
    etat: Etat
    levee_validee: bool
    final_valide: bool
    perimee: Peremption | None = None
    empreinte: str | None = None

    @property
    def nom(self) -> str:
        return self.definition.nom

    @property
    def classement_ouvert(self) -> bool:
        """Its order may still change (the choice has not started)."""
        return self.etat in RANKING_OPEN

    @property
    def a_preclasser(self) -> bool:
        """The pré-classement may be run (again): ranking open, and no fresh validated order."""
        return cycle.a_preclasser(self.etat, self.final_valide, self.perimee is not None)

    @property
    def appelable(self) -> bool:
        """It has a call: its final order is validated, or its choice is open."""
        return cycle.appelable(self.etat, self.final_valide)

    @property
    def classee(self) -> bool:
        """An order is stored (a pré-classement was run)."""
        return self.etat is not Etat.IMPORT

    def check_fresh(self, what: str) -> None:
        """A stale order is neither validated nor called: the pré-classement comes first."""
        cycle.check_frais(self.nom, what, self.perimee.phrase() if self.perimee else None)


@dataclass(frozen=True, slots=True)
class Compte:
    """What a list holds, for `amphi listes`."""

    internes: int
    groupes: int
    groupes_traites: int
    postes: int
    places: int
    choix: int
    a_appeler: int


_COLUMNS = (
    "id, nom, formation, discipline, phase, ordre, etat, levee_validee, final_valide, perimee, "
    "empreinte_classement, amphi"
)


def _liste(row) -> Liste:
    definition = ListeDef(
        row["nom"],
        Formation(row["formation"]),
        row["discipline"],
        Phase(row["phase"]) if row["phase"] else None,
        row["ordre"],
        row["amphi"],
    )
    return Liste(
        row["id"],
        definition,
        Etat(row["etat"]),
        bool(row["levee_validee"]),
        bool(row["final_valide"]),
        Peremption.from_json(row["perimee"]) if row["perimee"] else None,
        row["empreinte_classement"],
    )


async def semestre(tx: Transaction) -> tuple[Semestre, str]:
    row = await tx.one("SELECT code, circonscription FROM semestre")
    regles.check_semestre_stocke(row is not None)
    return Semestre.parse(row["code"]), row["circonscription"]


async def all_listes(tx: Transaction) -> list[Liste]:
    return [_liste(row) for row in await tx.all(f"SELECT {_COLUMNS} FROM liste ORDER BY ordre")]


async def get(tx: Transaction, nom: str) -> Liste:
    stored = await all_listes(tx)
    found = next((liste for liste in stored if fold(liste.nom) == fold(nom)), None)
    regles.check_liste_connue(nom, found is not None, [liste.nom for liste in stored])
    return found


async def by_id(tx: Transaction, liste_id: int) -> Liste:
    row = await tx.one(f"SELECT {_COLUMNS} FROM liste WHERE id = ?", (liste_id,))
    regles.check_liste_existe(row is not None)
    return _liste(row)


async def set_state(tx: Transaction, liste: Liste, etat: Etat, **flags: bool) -> None:
    assignments = ", ".join(f"{name} = ?" for name in flags)
    await tx.execute(
        f"UPDATE liste SET etat = ?{', ' if flags else ''}{assignments} WHERE id = ?",
        (etat.value, *map(int, flags.values()), liste.id),
    )


async def set_perimee(tx: Transaction, liste: Liste, perimee: Peremption | None) -> None:
    await tx.execute(
        "UPDATE liste SET perimee = ?, final_valide = final_valide AND ? WHERE id = ?",
        (perimee.to_json() if perimee else None, perimee is None, liste.id),
    )


async def compte(tx: Transaction, liste: Liste) -> Compte:
    row = await tx.one(
        "SELECT "
        "(SELECT count(*) FROM rang WHERE liste_id = :id), "
        "(SELECT count(*) FROM groupe_exaequo WHERE liste_id = :id), "
        "(SELECT count(*) FROM groupe_exaequo WHERE liste_id = :id AND traite), "
        "(SELECT count(*) FROM poste WHERE liste_id = :id), "
        "(SELECT coalesce(sum(capacite), 0) FROM poste WHERE liste_id = :id), "
        "(SELECT count(*) FROM choix WHERE liste_id = :id AND annule_at IS NULL), "
        "(SELECT count(*) FROM rang r LEFT JOIN stage_particulier s "
        " ON s.liste_id = r.liste_id AND s.interne_id = r.interne_id "
        " WHERE r.liste_id = :id AND NOT r.sortant AND s.fleche_poste_id IS NULL "
        " AND coalesce(s.surnombre, '') != 'non_validant')",
        {"id": liste.id},
    )
    return Compte(*row)


@dataclass(frozen=True, slots=True)
class Pas:
    """One step bringing the stored lists in line with the configuration."""

    definition: ListeDef
    liste: Liste | None = None  # None: a new list

    @property
    def perimetre_change(self) -> bool:
        return self.liste is not None and perimetre(self.liste.definition) != perimetre(
            self.definition
        )

    def phrase(self) -> str:
        new = self.definition
        if self.liste is None:
            return f"liste « {new.nom} » déclarée"
        old = self.liste.definition
        changes = []
        if fold(old.nom) != fold(new.nom) or old.nom != new.nom:
            changes.append(f"renommée « {new.nom} »")
        if self.perimetre_change:
            changes.append(f"périmètre {describe(old)} → {describe(new)}")
        if old.ordre != new.ordre:
            changes.append(f"ordre d'appel {old.ordre} → {new.ordre}")
        if old.amphi_nom != new.amphi_nom:
            changes.append(f"amphi « {old.amphi_nom} » → « {new.amphi_nom} »")
        return f"liste « {old.nom} » : " + ", ".join(changes)


def perimetre(definition: ListeDef) -> tuple:
    return (definition.formation, fold(definition.discipline or ""), definition.phase)


def describe(definition: ListeDef) -> str:
    parts = [definition.formation.label]
    if definition.discipline:
        parts.append(definition.discipline)
    parts.append(f"phase {definition.phase.value}" if definition.phase else "toutes phases")
    return ", ".join(parts)


def plan(stored: list[Liste], definitions: tuple[ListeDef, ...]) -> tuple[list[Pas], list[Liste]]:
    """What applying the configuration does to the stored lists, and the stored lists it no
    longer names (kept as they are). A list is matched by name, else, renamed, by its
    perimeter; what would change a list under choices already made is refused, saying how to
    put the configuration back."""
    by_name = {fold(liste.nom): liste for liste in stored}
    named = {fold(definition.nom) for definition in definitions}
    unmatched = [liste for liste in stored if fold(liste.nom) not in named]
    steps = []
    for definition in definitions:
        liste = by_name.get(fold(definition.nom))
        if liste is None:
            liste = _renamed(definition, unmatched, definitions)
            if liste is not None:
                unmatched.remove(liste)
        if liste is not None and liste.definition == definition:
            continue
        step = Pas(definition, liste)
        if step.perimetre_change:
            old = liste.definition
            regles.check_perimetre_garde(
                liste.nom, liste.etat, old, describe(old), describe(definition)
            )
        steps.append(step)
    return steps, unmatched


def _renamed(
    definition: ListeDef, unmatched: list[Liste], definitions: tuple[ListeDef, ...]
) -> Liste | None:
    """The stored list this new name replaces: the one unnamed list of the same perimeter."""
    same = [liste for liste in unmatched if perimetre(liste.definition) == perimetre(definition)]
    rivals = [d.nom for d in definitions if perimetre(d) == perimetre(definition)]
    regles.check_renommage(definition.nom, [liste.nom for liste in same], rivals)
    return same[0] if same else None


async def apply(tx: Transaction, step: Pas) -> int:
    """Write a step; the list's id."""
    row = _definition_row(step.definition)
    if step.liste is None:
        return await tx.insert(
            "INSERT INTO liste (nom, formation, discipline, phase, ordre, amphi) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            row,
        )
    await tx.execute(
        "UPDATE liste SET nom = ?, formation = ?, discipline = ?, phase = ?, ordre = ?, "
        "amphi = ? WHERE id = ?",
        (*row, step.liste.id),
    )
    return step.liste.id


def _definition_row(definition: ListeDef) -> tuple:
    phase = definition.phase.value if definition.phase else None
    return (
        definition.nom,
        definition.formation.value,
        definition.discipline,
        phase,
        definition.ordre,
        definition.amphi,
    )


def as_dict(definition: ListeDef) -> dict:
    nom, formation, discipline, phase, ordre, amphi = _definition_row(definition)
    return {
        "nom": nom,
        "formation": formation,
        "discipline": discipline,
        "phase": phase,
        "ordre": ordre,
        "amphi": amphi,
    }


async def en_classement_final(tx: Transaction, interne_id: str) -> list[str]:
    """The lists where this interne is ranked and the final order may still change."""
    rows = await tx.all(
        "SELECT DISTINCT l.nom FROM rang r JOIN liste l ON l.id = r.liste_id "
        "WHERE r.interne_id = ? AND l.etat = ?",
        (interne_id, Etat.FINAL.value),
    )
    return [row[0] for row in rows]


def empreinte(config: ClassementConfig, definition: ListeDef) -> str:
    """The ranking configuration an order is computed with: when it changes, the order is
    checked again (it may go stale)."""
    described = {
        "methode": config.methode.value,
        "effectifs": sorted(config.effectifs_nationaux.items()),
        "groupes": sorted((name, sorted(m)) for name, m in config.groups.groups.items()),
        "liste": perimetre(definition),
    }
    text = json.dumps(described, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
