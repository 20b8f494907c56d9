"""Imports of internes and postes: compare with what is stored, then apply all or nothing.

The comparison is shown to the gestionnaire before anything is written; applying checks that the
database has not changed since (same changes), so what is applied is what was shown. An import
that changes what a stored order was computed from marks that order stale, or is refused whole
for a list whose choice has started.
"""

import hashlib
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import datetime
from itertools import repeat

from ranking import appliquer as regles
from ranking.config import ClassementConfig
from ranking.diff import Changes, compare, deactivated
from ranking.horloge import now, timestamp
from ranking.importer import FIELDS, InternesFile
from ranking.model import Concours, Formation, Phase
from ranking.peremption import Ecart, avec_origine
from ranking.postes import Poste, forme_lue
from storage import classement, journal, listes
from storage.database import Transaction
from storage.internes import interne_from_record, stored_internes

POSTE_COLUMNS = (
    "id", "terrain", "liste", "capacite", "libelle", "type", "etablissement", "agrement",
)  # fmt: skip
# What a rank does not depend on: changing only these never makes an order stale.
_CONTACT = frozenset({"nom", "prenom", "telephone", "email"})


def empreinte(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_EXACT = {"rin", "ri3"}
_PLAIN = {None: None} | {
    member: member.value for kind in (Formation, Concours, Phase) for member in kind
}
_ENUMS = {"formation", "concours", "phase"}


def stored_rows(file: InternesFile) -> list[tuple]:
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


async def internes_changes(tx: Transaction, file: InternesFile) -> Changes:
    """What importing this file would change. Missing internes are made inactive, not deleted
    — except in a semester built from the previous one (règles §7): there the file adds and
    updates, an interne absent from it is kept as he is (`actif = non` makes one inactive).

    Applying in another transaction than this preview: check `unchanged` first."""
    stored = {
        row[0]: tuple(row) for row in await tx.all(f"SELECT {', '.join(FIELDS)} FROM interne")
    }
    changes = compare(FIELDS, stored, stored_rows(file))
    if await precedent(tx) is not None:
        return Changes(FIELDS, changes.added, changes.modified, ())
    missing = tuple(deactivated(FIELDS, changes.missing))
    return Changes(FIELDS, changes.added, changes.modified, missing)


async def precedent(tx: Transaction) -> str | None:
    """The semester this one was built from (None: the first of its chain)."""
    return await tx.value("SELECT precedent FROM semestre")


@dataclass(frozen=True, slots=True)
class Consequence:
    """A stored order an import changes: the list, and how its order would differ."""

    liste: listes.Liste
    ecart: Ecart


async def consequences(
    tx: Transaction, changes: Changes, config: ClassementConfig
) -> list[Consequence]:
    """The lists whose stored order these changes would make stale (shown with the preview,
    applied by `apply_internes`). Nothing to compute when no order is stored, or when only
    names and contacts change."""
    ranked = [liste for liste in await listes.all_listes(tx) if liste.classee]
    ranking_data = (
        changes.added or changes.missing or any(set(m.champs) - _CONTACT for m in changes.modified)
    )
    if not ranked or not ranking_data:
        return []
    internes = await stored_internes(tx)
    for record in (*changes.added, *(m.after for m in changes.modified), *changes.missing):
        internes[record[0]] = interne_from_record(record)
    found = await classement.ecarts(tx, ranked, internes.values(), config)
    changed = {record[0] for record in (*changes.added, *changes.missing)} | {
        m.after[0] for m in changes.modified if set(m.champs) - _CONTACT
    }
    return [
        Consequence(liste, avec_origine(found[liste.id], changed))
        for liste in ranked
        if liste.id in found
    ]


async def apply_internes(
    tx: Transaction,
    changes: Changes,
    source: str,
    data: bytes,
    auteur: str,
    config: ClassementConfig,
) -> list[Consequence]:
    """Write changes computed in this transaction (or checked `unchanged` in it); mark the
    orders they make stale, or refuse the whole import for a list whose choice has started."""
    found = await consequences(tx, changes, config)
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
            avant={"actif": True}, apres={"actif": False}, internes=[interne["id"]],
        )  # fmt: skip
    await classement.perimer(
        tx,
        {consequence.liste.id: consequence.ecart for consequence in found},
        f"import de {source}",
        auteur,
        now(),
    )
    return found


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
            internes=[after["id"]] if nature == "interne" else (),
        )  # fmt: skip


async def _lot(
    tx: Transaction, nature: str, source: str, data: bytes, auteur: str, changes: Changes
) -> int:
    counts = (len(changes.added), len(changes.modified), len(changes.missing))
    lot = await tx.insert(
        "INSERT INTO import_lot (nature, source, empreinte, at, auteur, ajouts, modifications, "
        "retraits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (nature, source, empreinte(data), timestamp(now()), auteur, *counts),
    )
    await journal.append(
        tx, auteur, f"import.{nature}",
        f"import de {source} : {counts[0]} ajout(s), {counts[1]} modification(s), "
        f"{counts[2]} retrait(s)",
        apres={"lot": lot, "empreinte": empreinte(data)},
    )  # fmt: skip
    return lot


def unchanged(shown: Changes, current: Changes) -> Changes:
    """The changes a gestionnaire saw are still the changes to make; else nothing is applied."""
    return regles.check_inchange(shown, current)


async def postes_changes(tx: Transaction, postes: tuple[Poste, ...]) -> Changes:
    """What importing this postes file would change; postes missing from it are removed.
    Postes re-offered from a closed list are amphi's own, never in a file: left out."""
    rows = await tx.all(
        "SELECT p.id, p.terrain, l.nom, p.capacite, p.libelle, p.type, p.etablissement, "
        "p.agrement FROM poste p JOIN liste l ON l.id = p.liste_id WHERE p.reoffert_de IS NULL"
    )
    stored = {row[0]: tuple(row) for row in rows}
    spelled = {forme_lue(poste): poste for poste in sorted(stored, reverse=True)}
    return compare(POSTE_COLUMNS, stored, (_spelled(astuple(p), stored, spelled) for p in postes))


def _spelled(record: tuple, stored: dict[str, tuple], spelled: dict[str, str]) -> tuple:
    """A poste of the file is the stored one of its id in any case (`mga-030` is MGA-030):
    the stored spelling is kept, nothing changes."""
    if record[0] in stored:
        return record
    return (spelled.get(forme_lue(record[0]), record[0]), *record[1:])


async def apply_postes(
    tx: Transaction, changes: Changes, source: str, data: bytes, auteur: str
) -> None:
    """Write changes computed in this transaction (or checked `unchanged` in it)."""
    regles.refuser(await _postes_figes(tx, changes))
    lot = await _lot(tx, "postes", source, data, auteur, changes)
    ids = {row["nom"]: row["id"] for row in await tx.all("SELECT id, nom FROM liste")}

    def row(record: tuple) -> tuple:
        poste = Poste(*record)
        return (poste.terrain, ids[poste.liste], poste.capacite, poste.libelle, poste.type,
                poste.etablissement, poste.agrement, lot)  # fmt: skip

    await tx.executemany(
        "INSERT INTO poste (id, terrain, liste_id, capacite, libelle, type, etablissement, "
        "agrement, lot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(record[0], *row(record)) for record in changes.added],
    )
    await tx.executemany(
        "UPDATE poste SET terrain = ?, liste_id = ?, capacite = ?, libelle = ?, type = ?, "
        "etablissement = ?, agrement = ?, lot_id = ? WHERE id = ?",
        [(*row(m.after), m.after[0]) for m in changes.modified],
    )
    await _ajouts_en_appel(tx, changes, auteur)
    regles.refuser(await _postes_demandes(tx, changes))
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


async def _ajouts_en_appel(tx: Transaction, changes: Changes, auteur: str) -> None:
    """A poste added to a list being called is offered from then on: numbered after those
    added before it (a button's index counts it last), journaled on the list (its screens are
    drawn again)."""
    called = dict(await tx.all("SELECT nom, id FROM liste WHERE etat = 'choix_ouvert'"))
    for poste in (Poste(*record) for record in changes.added):
        if poste.liste not in called:
            continue
        await tx.execute(
            "UPDATE poste SET ajout = (SELECT coalesce(max(ajout), 0) + 1 FROM poste) WHERE id = ?",
            (poste.id,),
        )
        await journal.append(
            tx, auteur, "poste.ajout",
            f"poste {poste.id} ({poste.terrain}) ajouté pendant l'appel de « {poste.liste} » : "
            f"{poste.capacite} place(s)",
            liste_id=called[poste.liste],
            apres={"terrain": poste.terrain, "capacite": poste.capacite},
        )  # fmt: skip


async def refus_postes(tx: Transaction, changes: Changes) -> list[str]:
    """Why applying these postes' changes would be refused, found before « Appliquer » is
    offered (a taken poste removed, a capacity lowered under a list being called…)."""
    found = [await _postes_figes(tx, changes), await _postes_demandes(tx, changes)]
    return [refusal for refusal in found if refusal is not None]


async def _postes_figes(tx: Transaction, changes: Changes) -> str | None:
    started = dict(
        await tx.all("SELECT nom, etat FROM liste WHERE etat IN ('choix_ouvert', 'choix_clos')")
    )
    return regles.postes_figes(changes, started)


async def _postes_demandes(tx: Transaction, changes: Changes) -> str | None:
    """Who still asks for a poste the file removes or moves to another list."""
    gone = regles.postes_retires(changes)
    if not gone:
        return None
    marks = ", ".join("?" * len(gone))
    rows = await tx.all(
        f"SELECT poste_id, 'procuration de ' || interne_id FROM procuration_voeu "
        f"WHERE poste_id IN ({marks}) UNION ALL "
        f"SELECT poste_id, 'pré-choix de ' || interne_id FROM prechoix_voeu "
        f"WHERE poste_id IN ({marks}) UNION ALL "
        f"SELECT fleche_poste_id, 'stage fléché de ' || interne_id FROM stage_particulier "
        f"WHERE fleche_poste_id IN ({marks}) ORDER BY 1, 2",
        [*gone, *gone, *gone],
    )
    return regles.postes_demandes([(row[0], row[1]) for row in rows])


@dataclass(frozen=True, slots=True)
class Attente:
    """An import sent from the phone, waiting for « Appliquer » (or already settled)."""

    id: int
    source: str
    nature: str
    donnees: bytes | None
    apercu: str
    cree_at: datetime
    etat: str


async def mettre_en_attente(
    tx: Transaction, auteur: str, source: str, nature: str, data: bytes, apercu: str
) -> int:
    return await tx.insert(
        "INSERT INTO import_attente (auteur, source, nature, donnees, apercu, cree_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (auteur, source, nature, data, apercu, timestamp(now())),
    )


async def attente(tx: Transaction, attente_id: int) -> Attente | None:
    row = await tx.one(
        "SELECT id, source, nature, donnees, apercu, cree_at, etat FROM import_attente "
        "WHERE id = ?",
        (attente_id,),
    )
    if row is None:
        return None
    return Attente(row[0], row[1], row[2], row[3], row[4], datetime.fromisoformat(row[5]), row[6])


async def regler_attente(tx: Transaction, attente_id: int, etat: str) -> None:
    """Applied or cancelled: the file is not kept past its use."""
    await tx.execute(
        "UPDATE import_attente SET etat = ?, donnees = NULL, fini_at = ? WHERE id = ?",
        (etat, timestamp(now()), attente_id),
    )


STAGE_COLUMNS = (
    "cle", "interne", "semestre", "terrain", "etablissement", "type", "phase", "valide",
)  # fmt: skip


async def stages_changes(tx: Transaction, stages) -> Changes:
    """What importing this stages file would change; the file is the whole history: stages
    missing from it are removed — not those amphi recorded itself at a change of semester (the
    place taken, règles §7), which no file of the subdivision lists yet."""
    rows = await tx.all(
        "SELECT cle, interne_id, semestre, terrain, etablissement, type, phase, valide, origine "
        "FROM stage_effectue"
    )
    stored = {row[0]: (*tuple(row)[:7], bool(row[7])) for row in rows}
    changes = compare(STAGE_COLUMNS, stored, (astuple(stage) for stage in stages))
    carried = {row[0] for row in rows if row[8] == "amphi"}
    missing = tuple(record for record in changes.missing if record[0] not in carried)
    return Changes(STAGE_COLUMNS, changes.added, changes.modified, missing)


async def refus_stages(tx: Transaction, changes: Changes) -> list[str]:
    """Stages of internes the base does not know: the file is refused whole."""
    wanted = {record[1] for record in (*changes.added, *(m.after for m in changes.modified))}
    if not wanted:
        return []
    known = {row[0] for row in await tx.all("SELECT id FROM interne")}
    return regles.stages_inconnus(wanted, known)


async def apply_stages(tx: Transaction, changes: Changes, source: str, auteur: str) -> None:
    await tx.executemany(
        "INSERT OR REPLACE INTO stage_effectue (cle, interne_id, semestre, terrain, "
        "etablissement, type, phase, valide) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [*changes.added, *(m.after for m in changes.modified)],
    )
    await tx.executemany(
        "DELETE FROM stage_effectue WHERE cle = ?", [(r[0],) for r in changes.missing]
    )
    await journal.append(
        tx, auteur, "import.stages",
        f"import de {source} : {len(changes.added)} ajout(s), {len(changes.modified)} "
        f"modification(s), {len(changes.missing)} retrait(s) de stages effectués",
    )  # fmt: skip
