"""The ranking phases of a stored list: pré-classement run, levée des ex-aequo, classement final.

Each operation is one `BEGIN IMMEDIATE` transaction: load the stored order, apply the pure rule
from `ranking`, write back what changed and its journal entry. A refusal changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from ranking import cycle
from ranking.classement import Calcul, Ligne, PreClassement, RowKey, Statut, preclassement, restrict
from ranking.config import ClassementConfig, ListeDef
from ranking.cycle import Etat, Motif
from ranking.horloge import now, timestamp
from ranking.model import Interne, Semestre
from ranking.ordre import (
    Deplacement,
    JournalEntry,
    Ordre,
    TieGroup,
    check_abandon,
    descendre,
    key_label,
    monter,
    ordonner_groupe,
    placer,
    reprendre,
    valider_levee,
)
from ranking.peremption import Ecart, donnees, ecart
from ranking.perimeter import perimetre_de_liste, resolve_perimetre
from storage import journal, listes
from storage.database import Transaction
from storage.internes import exact, interne_from_row, stored_internes
from storage.listes import Liste, Peremption


@dataclass(frozen=True, slots=True)
class Run:
    """What a pré-classement run did, for the gestionnaire."""

    pre: PreClassement
    ordre: Ordre
    groupes_repris: int
    rangs_changes: int
    deplacements_repris: tuple[Deplacement, ...] = ()
    deplacements_abandonnes: tuple[Deplacement, ...] = ()


@dataclass(frozen=True, slots=True)
class Vue:
    """A stored order as shown: rows in call order, and what the gestionnaire must know."""

    liste: Liste
    lignes: tuple[tuple[int, Ligne], ...]
    ordre: Ordre

    @property
    def non_classes(self) -> tuple[RowKey, ...]:
        """Internes the stored order misses (added or reactivated since the pré-classement)."""
        return self.liste.perimee.ecart.non_classes if self.liste.perimee else ()

    @property
    def retires(self) -> tuple[RowKey, ...]:
        return self.liste.perimee.ecart.retires if self.liste.perimee else ()


async def compute(tx: Transaction, liste: Liste, config: ClassementConfig) -> PreClassement:
    """The pré-classement of the list from the internes stored now (pure rules of `ranking`)."""
    semestre, circonscription = await listes.semestre(tx)
    internes = list((await stored_internes(tx)).values())
    definition = liste.definition
    perimetre = resolve_perimetre(
        definition.formation, circonscription, definition.discipline, config.groups, internes
    )
    return _restricted(preclassement(internes, perimetre, semestre, config), definition)


def _restricted(pre: PreClassement, definition: ListeDef) -> PreClassement:
    if definition.phase is None:
        return pre
    return restrict(pre, lambda ligne: ligne.interne.phase is definition.phase)


async def stored_rows(tx: Transaction, liste: Liste) -> dict[RowKey, tuple]:
    """Each stored row's pré-classement data, as `ranking.peremption.donnees` gives it."""
    return {
        (row[0], Statut(row[1])): (
            bool(row[2]), row[3], row[4], row[5], row[6], row[7], row[8], Fraction(row[9]),
        )
        for row in await tx.all(
            "SELECT interne_id, statut, sortant, rang_preclassement, groupe, rang_local, "
            "effectif_promotion, promotion_theorique, effectif_promotion_theorique, "
            "rang_calcule FROM rang WHERE liste_id = ?",
            (liste.id,),
        )
    }  # fmt: skip


async def ecarts(
    tx: Transaction,
    ranked: Iterable[Liste],
    internes: Iterable[Interne],
    config: ClassementConfig,
    definitions: dict[int, ListeDef] | None = None,
) -> dict[int, Ecart]:
    """For each list with a stored order, how it differs from the pré-classement these internes
    give (`definitions` overrides a list's perimeter, for a configuration being applied)."""
    semestre, circonscription = await listes.semestre(tx)
    internes = list(internes)
    found = {}
    for liste in ranked:
        definition = (definitions or {}).get(liste.id, liste.definition)
        pre = _pre_for(internes, definition, circonscription, semestre, config)
        difference = ecart(await stored_rows(tx, liste), pre)
        if not difference.vide:
            found[liste.id] = difference
    return found


def _pre_for(
    internes: list[Interne],
    definition: ListeDef,
    circonscription: str,
    semestre: Semestre,
    config: ClassementConfig,
) -> PreClassement:
    """A list's pré-classement without the checks `resolve_perimetre` makes for a person typing
    a perimeter: a discipline nobody is in any more gives an empty pré-classement."""
    perimetre = perimetre_de_liste(
        definition.formation, circonscription, definition.discipline, config.groups
    )
    return _restricted(preclassement(internes, perimetre, semestre, config), definition)


async def perimer(
    tx: Transaction, found: dict[int, Ecart], cause: str, auteur: str, at: datetime
) -> list[Liste]:
    """Mark these lists' orders stale (a list whose choice has started refuses: the caller's
    whole transaction is undone). Returns the lists marked."""
    marked = []
    for liste_id, difference in found.items():
        liste = await listes.by_id(tx, liste_id)
        cycle.check_perimable(liste.nom, liste.etat, cause, difference.phrase())
        causes = liste.perimee.causes if liste.perimee else ()
        depuis = liste.perimee.depuis if liste.perimee else at
        peremption = Peremption(depuis, (*causes, cause), difference)
        await listes.set_perimee(tx, liste, peremption)
        await journal.append(
            tx, auteur, "classement.perime", f"{peremption.phrase()} ; relancer le "
            "pré-classement", liste_id=liste.id,
            internes=[key[0] for key in (*difference.non_classes, *difference.retires,
                                         *difference.modifies)],
        )  # fmt: skip
        marked.append(liste)
    return marked


async def run_preclassement(
    tx: Transaction, liste: Liste, config: ClassementConfig, auteur: str, abandonner: bool = False
) -> Run:
    """Compute and store the list's pré-classement, keeping the tie decisions and the moves of
    the classement final that still apply; moves that no longer apply are refused unless the
    gestionnaire chose to give them up (`abandonner`)."""
    cycle.check_ranking_open(liste.nom, liste.etat)
    pre = await compute(tx, liste, config)
    fresh = Ordre.from_preclassement(pre)
    previous = await load(tx, liste) if liste.classee else None
    if previous is None:
        ordre, carried, kept, lost = fresh, 0, (), ()
    else:
        reprise = reprendre(previous, fresh)
        ordre, carried = reprise.ordre, reprise.groupes_repris
        kept, lost = reprise.deplacements_repris, reprise.deplacements_perdus
    check_abandon(liste.nom, lost, abandonner)
    changed = _moved(previous, ordre)
    await _store(tx, liste, pre, ordre, config)
    etat = cycle.after_preclassement(bool(ordre.groupes), ordre.levee_validee)
    await listes.set_state(tx, liste, etat, levee_validee=ordre.levee_validee, final_valide=False)
    detail = (
        f"pré-classement : {len(pre.lignes)} internes, {len(ordre.groupes)} groupe(s) "
        f"d'ex-aequo dont {carried} repris du précédent ; {changed} rang(s) changé(s)"
    )
    if kept:
        detail += f" ; {len(kept)} déplacement(s) du classement final repris"
    if lost:
        detail += f" ; abandonnés : {' ; '.join(move.label for move in lost)}"
    await journal.append(
        tx, auteur, "preclassement", detail, liste_id=liste.id,
        avant=None if previous is None else [key_label(k) for k in previous.keys],
        apres=[key_label(k) for k in ordre.keys],
    )  # fmt: skip
    return Run(pre, ordre, carried, changed, kept, lost)


def _moved(previous: Ordre | None, ordre: Ordre) -> int:
    if previous is None:
        return 0
    before = {key: position for position, key in enumerate(previous.keys)}
    return sum(before.get(key) != position for position, key in enumerate(ordre.keys))


async def _store(
    tx: Transaction, liste: Liste, pre: PreClassement, ordre: Ordre, config: ClassementConfig
) -> None:
    by_key = {ligne.key: ligne for ligne in pre.lignes}
    for table in ("rang", "groupe_exaequo", "deplacement"):
        await tx.execute(f"DELETE FROM {table} WHERE liste_id = ?", (liste.id,))
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
    await _insert_deplacements(tx, liste, ordre.deplacements, first=1)
    await tx.execute(
        "UPDATE liste SET methode = ?, preclassement_at = ?, perimee = NULL, "
        "empreinte_classement = ? WHERE id = ?",
        (
            config.methode.value,
            timestamp(now()),
            listes.empreinte(config, liste.definition),
            liste.id,
        ),
    )


def _ligne_row(ligne: Ligne) -> tuple:
    sortant, *rest, rang_calcule = donnees(ligne)
    return (int(sortant), *rest, str(rang_calcule))


async def _insert_deplacements(
    tx: Transaction, liste: Liste, deplacements: Iterable[Deplacement], first: int
) -> None:
    await tx.executemany(
        "INSERT INTO deplacement (liste_id, numero, monte_id, monte_statut, descend_id, "
        "descend_statut) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (liste.id, number, *move.monte, *move.descend)
            for number, move in enumerate(deplacements, start=first)
        ],
    )


_STATUTS = {statut.value: statut for statut in Statut}  # a dict is ten times Statut(value)


async def load(tx: Transaction, liste: Liste) -> Ordre:
    rows = await tx.all(
        "SELECT interne_id, statut, groupe FROM rang WHERE liste_id = ? ORDER BY position",
        (liste.id,),
    )
    members: dict[int, set[RowKey]] = {}
    keys = []
    for row in rows:
        key = (row["interne_id"], _STATUTS[row["statut"]])
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
    moves = tuple(
        Deplacement((row[0], _STATUTS[row[1]]), (row[2], _STATUTS[row[3]]))
        for row in await tx.all(
            "SELECT monte_id, monte_statut, descend_id, descend_statut FROM deplacement "
            "WHERE liste_id = ? ORDER BY numero",
            (liste.id,),
        )
    )
    return Ordre(
        tuple(keys),
        groups,
        liste.levee_validee,
        choix_commence=liste.etat not in cycle.RANKING_OPEN,
        deplacements=moves,
    )


async def _save_order(tx: Transaction, liste: Liste, before: Ordre, after: Ordre) -> None:
    """Write the positions that moved (in two steps: positions are unique), group flags and
    the new moves."""
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
    kept = 0
    for old, new in zip(before.deplacements, after.deplacements, strict=False):
        if old != new:
            break
        kept += 1
    if kept < len(before.deplacements):
        await tx.execute(
            "DELETE FROM deplacement WHERE liste_id = ? AND numero > ?", (liste.id, kept)
        )
    await _insert_deplacements(tx, liste, after.deplacements[kept:], first=kept + 1)


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
    _, entry = valider_levee(await load(tx, liste), auteur, at, liste.nom)
    await listes.set_state(tx, liste, Etat.FINAL, levee_validee=True, final_valide=False)
    await journal.append_entry(tx, entry, liste.id)


async def deplacer(
    tx: Transaction, liste: Liste, key: RowKey, vers_le_haut: bool, auteur: str, at: datetime
) -> None:
    cycle.check_final(liste.nom, liste.etat)
    before = await load(tx, liste)
    move = monter if vers_le_haut else descendre
    await _moved_in_final(tx, liste, before, *move(before, key, auteur, at))


async def placer_au_rang(
    tx: Transaction, liste: Liste, key: RowKey, rang: int, motif: str, auteur: str, at: datetime
) -> None:
    cycle.check_final(liste.nom, liste.etat)
    before = await load(tx, liste)
    await _moved_in_final(tx, liste, before, *placer(before, key, rang, motif, auteur, at))


async def _moved_in_final(
    tx: Transaction, liste: Liste, before: Ordre, after: Ordre, entry: JournalEntry
) -> None:
    await _save_order(tx, liste, before, after)
    await listes.set_state(tx, liste, Etat.FINAL, final_valide=False)
    await journal.append_entry(tx, entry, liste.id)


async def valider_final(tx: Transaction, liste: Liste, auteur: str) -> None:
    cycle.check_final(liste.nom, liste.etat)
    liste.check_fresh("valider le classement final")
    cycle.check_final_a_valider(liste.nom, liste.final_valide)
    await listes.set_state(tx, liste, Etat.FINAL, final_valide=True)
    ordre = await load(tx, liste)
    await journal.append(
        tx, auteur, "final.valider",
        f"classement final validé : rangs d'appel 1 à {len(ordre.keys)}",
        liste_id=liste.id, apres=[key_label(k) for k in ordre.keys],
    )  # fmt: skip


async def rouvrable(tx: Transaction, liste: Liste) -> Etat:
    """The state re-opening the list's ranking leads to; refused while choices are held."""
    chosen = await tx.value(
        "SELECT count(*) FROM choix WHERE liste_id = ? AND annule_at IS NULL "
        "AND nature != 'fleche'",
        (liste.id,),
    )
    return cycle.rouvrir(liste.nom, liste.etat, chosen)


async def rouvrir(tx: Transaction, liste: Liste, motif: Motif, auteur: str) -> None:
    etat = await rouvrable(tx, liste)
    # the call starts again from scratch when the list is opened again (fléchés included)
    await tx.execute("DELETE FROM appel_etat WHERE liste_id = ?", (liste.id,))
    await tx.execute(
        "UPDATE choix SET annule_at = ? WHERE liste_id = ? AND annule_at IS NULL",
        (timestamp(now()), liste.id),
    )
    await listes.set_state(tx, liste, etat, final_valide=False)
    await journal.append(
        tx, auteur, "classement.rouvrir",
        f"classement rouvert ({motif.label}) : relancer le pré-classement",
        liste_id=liste.id, avant={"etat": liste.etat.value}, apres={"etat": etat.value},
    )  # fmt: skip


async def vue(tx: Transaction, liste: Liste) -> Vue:
    """The stored order with its pré-classement data."""
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
    return Vue(liste, tuple(lignes), ordre)


async def position(tx: Transaction, liste: Liste, interne_id: str) -> tuple[int | None, int]:
    """His first rang on the list (None: not on it) and how many rows the list holds, each read
    by an index (a bound interne asks often, a list may hold thousands). Positions are 1..N
    (written by `_store`, swapped in place), so the last one is the count. `position + 0` keeps
    SQLite on the key (liste, interne) instead of walking the positions for min()."""
    found = await tx.one(
        "SELECT (SELECT min(position + 0) FROM rang WHERE liste_id = ? AND interne_id = ?), "
        "(SELECT coalesce(max(position), 0) FROM rang WHERE liste_id = ?)",
        (liste.id, interne_id, liste.id),
    )
    return found[0], found[1]
