"""The ranking phases of a stored list: pré-classement run, levée des ex-aequo, classement final.

Each operation is one `BEGIN IMMEDIATE` transaction: load the stored order, apply the pure rule
from `ranking`, write back what changed and its journal entry. A refusal changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from ranking import cycle
from ranking.classement import Calcul, Ligne, PreClassement, RowKey, Statut, preclassement, restrict
from ranking.config import ClassementConfig
from ranking.cycle import Etat, Motif
from ranking.errors import Refused
from ranking.ordre import (
    Ordre,
    TieGroup,
    descendre,
    ecarts,
    key_label,
    monter,
    ordonner_groupe,
    reprendre,
    valider_levee,
)
from ranking.perimeter import resolve_perimetre
from storage import journal, listes
from storage.database import Transaction, now, timestamp
from storage.imports import exact, interne_from_row, stored_internes
from storage.listes import Liste


@dataclass(frozen=True, slots=True)
class Run:
    """What a pré-classement run did, for the gestionnaire."""

    pre: PreClassement
    ordre: Ordre
    groupes_repris: int
    rangs_changes: int


@dataclass(frozen=True, slots=True)
class Vue:
    """A stored order as shown: rows in call order, and what the gestionnaire must know."""

    liste: Liste
    lignes: tuple[tuple[int, Ligne], ...]
    ordre: Ordre
    non_classes: tuple[RowKey, ...]
    retires: tuple[RowKey, ...]


async def compute(tx: Transaction, liste: Liste, config: ClassementConfig) -> PreClassement:
    """The pré-classement of the list from the internes stored now (pure rules of `ranking`)."""
    semestre, circonscription = await listes.semestre(tx)
    internes = list((await stored_internes(tx)).values())
    definition = liste.definition
    perimetre = resolve_perimetre(
        definition.formation, circonscription, definition.discipline, config.groups, internes
    )
    pre = preclassement(internes, perimetre, semestre, config)
    if definition.phase is not None:
        pre = restrict(pre, lambda ligne: ligne.interne.phase is definition.phase)
    return pre


async def run_preclassement(
    tx: Transaction, liste: Liste, config: ClassementConfig, auteur: str
) -> Run:
    cycle.check_ranking_open(liste.nom, liste.etat)
    pre = await compute(tx, liste, config)
    fresh = Ordre.from_preclassement(pre)
    previous = await load(tx, liste) if liste.etat is not Etat.IMPORT else None
    ordre, carried = reprendre(previous, fresh) if previous else (fresh, 0)
    changed = _moved(previous, ordre)
    await _store(tx, liste, pre, ordre, config)
    etat = cycle.after_preclassement(bool(ordre.groupes), ordre.levee_validee)
    await listes.set_state(tx, liste, etat, levee_validee=ordre.levee_validee, final_valide=False)
    await journal.append(
        tx, auteur, "preclassement",
        f"pré-classement : {len(pre.lignes)} internes, {len(ordre.groupes)} groupe(s) "
        f"d'ex-aequo dont {carried} repris du précédent ; {changed} rang(s) changé(s)",
        liste_id=liste.id,
        avant=None if previous is None else [key_label(k) for k in previous.keys],
        apres=[key_label(k) for k in ordre.keys],
    )  # fmt: skip
    return Run(pre, ordre, carried, changed)


def _moved(previous: Ordre | None, ordre: Ordre) -> int:
    if previous is None:
        return 0
    before = {key: position for position, key in enumerate(previous.keys)}
    return sum(before.get(key) != position for position, key in enumerate(ordre.keys))


async def _store(
    tx: Transaction, liste: Liste, pre: PreClassement, ordre: Ordre, config: ClassementConfig
) -> None:
    by_key = {ligne.key: ligne for ligne in pre.lignes}
    await tx.execute("DELETE FROM rang WHERE liste_id = ?", (liste.id,))
    await tx.execute("DELETE FROM groupe_exaequo WHERE liste_id = ?", (liste.id,))
    await tx.executemany(
        "INSERT INTO rang (liste_id, position, interne_id, statut, sortant, rang_preclassement, "
        "groupe, rang_local, effectif_promotion, promotion_theorique, "
        "effectif_promotion_theorique, rang_calcule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (liste.id, position, *key, *_ligne_row(by_key[key]))
            for position, key in enumerate(ordre.keys, start=1)
        ],
    )
    await tx.executemany(
        "INSERT INTO groupe_exaequo (liste_id, numero, rang, traite) VALUES (?, ?, ?, ?)",
        [(liste.id, g.numero, g.rang, int(g.traite)) for g in ordre.groupes],
    )
    await tx.execute(
        "UPDATE liste SET methode = ?, preclassement_at = ? WHERE id = ?",
        (config.methode.value, timestamp(now()), liste.id),
    )


def _ligne_row(ligne: Ligne) -> tuple:
    calcul = ligne.calcul
    return (
        int(ligne.sortant), ligne.rang, ligne.groupe, calcul.rang_local,
        calcul.effectif_promotion, calcul.promotion_theorique,
        calcul.effectif_promotion_theorique, str(Fraction(calcul.rang_calcule)),
    )  # fmt: skip


async def load(tx: Transaction, liste: Liste) -> Ordre:
    rows = await tx.all(
        "SELECT interne_id, statut, groupe FROM rang WHERE liste_id = ? ORDER BY position",
        (liste.id,),
    )
    members: dict[int, set[RowKey]] = {}
    keys = []
    for row in rows:
        key = (row["interne_id"], Statut(row["statut"]))
        keys.append(key)
        if row["groupe"] is not None:
            members.setdefault(row["groupe"], set()).add(key)
    groups = tuple(
        TieGroup(
            row["numero"],
            row["rang"],
            frozenset(members.get(row["numero"], ())),
            bool(row["traite"]),
        )
        for row in await tx.all(
            "SELECT numero, rang, traite FROM groupe_exaequo WHERE liste_id = ? ORDER BY numero",
            (liste.id,),
        )
    )
    return Ordre(
        tuple(keys),
        groups,
        liste.levee_validee,
        choix_commence=liste.etat not in cycle.RANKING_OPEN,
    )


async def _save_order(tx: Transaction, liste: Liste, before: Ordre, after: Ordre) -> None:
    """Write the positions that moved (in two steps: positions are unique) and group flags."""
    moved = [
        (position, key)
        for position, (key, old) in enumerate(zip(after.keys, before.keys, strict=True), start=1)
        if key != old
    ]
    await tx.executemany(
        "UPDATE rang SET position = -position WHERE liste_id = ? AND interne_id = ? AND statut = ?",
        [(liste.id, *key) for _, key in moved],
    )
    await tx.executemany(
        "UPDATE rang SET position = ? WHERE liste_id = ? AND interne_id = ? AND statut = ?",
        [(position, liste.id, *key) for position, key in moved],
    )
    await tx.executemany(
        "UPDATE groupe_exaequo SET traite = ? WHERE liste_id = ? AND numero = ?",
        [(int(g.traite), liste.id, g.numero) for g in after.groupes],
    )


async def ordonner(
    tx: Transaction, liste: Liste, numero: int, keys: list[RowKey], auteur: str, at: datetime
) -> None:
    cycle.check_ranked(liste.nom, liste.etat)
    before = await load(tx, liste)
    after, entry = ordonner_groupe(before, numero, keys, auteur, at)
    await _save_order(tx, liste, before, after)
    await listes.set_state(tx, liste, Etat.EXAEQUO)
    await journal.append_entry(tx, entry, liste.id)


async def valider_exaequo(tx: Transaction, liste: Liste, auteur: str, at: datetime) -> None:
    cycle.check_ranked(liste.nom, liste.etat)
    _, entry = valider_levee(await load(tx, liste), auteur, at)
    await listes.set_state(tx, liste, Etat.FINAL, levee_validee=True, final_valide=False)
    await journal.append_entry(tx, entry, liste.id)


async def deplacer(
    tx: Transaction, liste: Liste, key: RowKey, vers_le_haut: bool, auteur: str, at: datetime
) -> None:
    cycle.check_final(liste.nom, liste.etat)
    before = await load(tx, liste)
    move = monter if vers_le_haut else descendre
    after, entry = move(before, key, auteur, at)
    await _save_order(tx, liste, before, after)
    await listes.set_state(tx, liste, Etat.FINAL, final_valide=False)
    await journal.append_entry(tx, entry, liste.id)


async def valider_final(tx: Transaction, liste: Liste, auteur: str) -> None:
    cycle.check_final(liste.nom, liste.etat)
    if liste.final_valide:
        raise Refused(f"liste « {liste.nom} » : le classement final est déjà validé")
    await listes.set_state(tx, liste, Etat.FINAL, final_valide=True)
    ordre = await load(tx, liste)
    await journal.append(
        tx, auteur, "final.valider",
        f"classement final validé : rangs d'appel 1 à {len(ordre.keys)}",
        liste_id=liste.id, apres=[key_label(k) for k in ordre.keys],
    )  # fmt: skip


async def rouvrir(tx: Transaction, liste: Liste, motif: Motif, auteur: str) -> None:
    chosen = await tx.value(
        "SELECT count(*) FROM choix WHERE liste_id = ? AND annule_at IS NULL", (liste.id,)
    )
    etat = cycle.rouvrir(liste.nom, liste.etat, chosen)
    await listes.set_state(tx, liste, etat, final_valide=False)
    await journal.append(
        tx, auteur, "classement.rouvrir",
        f"classement rouvert ({motif.label}) : relancer le pré-classement",
        liste_id=liste.id, avant={"etat": liste.etat.value}, apres={"etat": etat.value},
    )  # fmt: skip


async def vue(tx: Transaction, liste: Liste, config: ClassementConfig) -> Vue:
    """The stored order with its pré-classement data, and the rows that need a new run."""
    ordre = await load(tx, liste)
    rows = await tx.all(
        "SELECT r.*, i.* FROM rang r JOIN interne i ON i.id = r.interne_id "
        "WHERE r.liste_id = ? ORDER BY r.position",
        (liste.id,),
    )
    rangs = dict(ordre.rangs())
    lignes = []
    for row in rows:
        calcul = Calcul(
            row["rang_local"], row["effectif_promotion"], row["promotion_theorique"],
            row["effectif_promotion_theorique"], exact(row["rang_calcule"]),
        )  # fmt: skip
        statut = Statut(row["statut"])
        ligne = Ligne(
            interne_from_row(row), statut, bool(row["sortant"]), calcul,
            row["rang_preclassement"], row["groupe"],
        )  # fmt: skip
        lignes.append((rangs[ligne.key], ligne))
    non_classes: list[RowKey] = []
    retires: list[RowKey] = []
    if liste.etat is not Etat.IMPORT:
        current = await compute(tx, liste, config)
        non_classes, retires = ecarts(ordre, (ligne.key for ligne in current.lignes))
    return Vue(liste, tuple(lignes), ordre, tuple(non_classes), tuple(retires))
