"""Stage validation (règles §7), SQL only: a stage effectué read, marked validé or non validé
with the interne's `semestres_valides` moved by one, journaled; a validations file compared
with the stored stages. The rules (what is refused, by how much he moves) are the caller's."""

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ranking.config import ClassementConfig
from ranking.diff import Changes, compare
from ranking.horloge import now
from ranking.peremption import Ecart, avec_origine
from ranking.stages import StageEffectue, Validation
from storage import classement, journal, listes
from storage.database import Transaction
from storage.imports import STAGE_COLUMNS
from storage.internes import stored_internes
from storage.listes import Liste

_STAGE = (
    "SELECT cle, interne_id, semestre, terrain, etablissement, type, phase, valide "
    "FROM stage_effectue"
)


def _stage(row) -> StageEffectue:
    return StageEffectue(*tuple(row)[:7], bool(row[7]))


async def stages(tx: Transaction, interne_id: str) -> list[StageEffectue]:
    """His stages effectués, by semester."""
    rows = await tx.all(f"{_STAGE} WHERE interne_id = ? ORDER BY semestre", (interne_id,))
    return [_stage(row) for row in rows]


async def stage(tx: Transaction, interne_id: str, semestre: str) -> StageEffectue | None:
    row = await tx.one(f"{_STAGE} WHERE interne_id = ? AND semestre = ?", (interne_id, semestre))
    return None if row is None else _stage(row)


async def semestres_valides(tx: Transaction, interne_id: str) -> int | None:
    return await tx.value("SELECT semestres_valides FROM interne WHERE id = ?", (interne_id,))


async def actif_et_des(tx: Transaction, interne_id: str) -> tuple[bool, str]:
    row = await tx.one("SELECT actif, des FROM interne WHERE id = ?", (interne_id,))
    return bool(row[0]), row[1]


async def interne_par_rowid(tx: Transaction, rowid: int) -> str | None:
    """The interne a button names by his row number (a short integer in its data)."""
    return await tx.value("SELECT id FROM interne WHERE rowid = ?", (rowid,))


async def rowid(tx: Transaction, interne_id: str) -> int | None:
    return await tx.value("SELECT rowid FROM interne WHERE id = ?", (interne_id,))


async def listes_de(tx: Transaction, internes: Iterable[str]) -> list[tuple[str, Liste]]:
    """The lists holding these internes (where they are ranked): (interne, list)."""
    wanted = sorted(set(internes))
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    rows = await tx.all(
        f"SELECT DISTINCT interne_id, liste_id FROM rang WHERE interne_id IN ({marks}) "
        "ORDER BY interne_id, liste_id",
        wanted,
    )
    every = {liste.id: liste for liste in await listes.all_listes(tx)}
    return [(row[0], every[row[1]]) for row in rows if row[1] in every]


async def ecarts(
    tx: Transaction, nouveaux: Mapping[str, int], config: ClassementConfig
) -> dict[int, tuple[Liste, Ecart]]:
    """The stored orders still open that would differ once these internes have these
    `semestres_valides`: each list and how."""
    ranked = [liste for liste in await listes.all_listes(tx) if liste.classee
              and liste.classement_ouvert]  # fmt: skip
    if not ranked or not nouveaux:
        return {}
    internes = await stored_internes(tx)
    for interne_id, count in nouveaux.items():
        if interne_id in internes:
            internes[interne_id] = replace(internes[interne_id], semestres_valides=count)
    found = await classement.ecarts(tx, ranked, internes.values(), config)
    return {
        liste.id: (liste, avec_origine(found[liste.id], set(nouveaux)))
        for liste in ranked
        if liste.id in found
    }


async def marquer(
    tx: Transaction, stage: StageEffectue, valide: bool, apres: int, auteur: str, detail: str
) -> None:
    """The stage marked, his ancienneté set to `apres`, one journal entry naming him."""
    avant = await semestres_valides(tx, stage.interne)
    await tx.execute(
        "UPDATE stage_effectue SET valide = ? WHERE interne_id = ? AND semestre = ?",
        (int(valide), stage.interne, stage.semestre),
    )
    await tx.execute(
        "UPDATE interne SET semestres_valides = ? WHERE id = ?", (apres, stage.interne)
    )
    await journal.append(
        tx, auteur, "stage.validation", detail,
        avant={"stage": stage.semestre, "valide": stage.valide, "semestres_valides": avant},
        apres={"stage": stage.semestre, "valide": valide, "semestres_valides": apres},
        internes=[stage.interne],
    )  # fmt: skip


async def perimer(
    tx: Transaction, found: Mapping[int, tuple[Liste, Ecart]], cause: str, auteur: str
) -> list[Liste]:
    return await classement.perimer(
        tx, {liste_id: ecart for liste_id, (_, ecart) in found.items()}, cause, auteur, now()
    )


async def validations_changes(
    tx: Transaction, rows: Iterable[Validation]
) -> tuple[Changes, list[tuple[str, str]]]:
    """What a validations file changes: the stored stages it names, their `valide` as the file
    says (only those that differ are changes); and the stages it names that are not stored."""
    stored = {(row[1], row[2]): (*tuple(row)[:7], bool(row[7])) for row in await tx.all(_STAGE)}
    shown, incoming, unknown = {}, [], []
    for row in rows:
        record = stored.get((row.interne, row.semestre))
        if record is None:
            unknown.append((row.interne, row.semestre))
            continue
        shown[record[0]] = record
        incoming.append((*record[:7], row.valide))
    return compare(STAGE_COLUMNS, shown, incoming), unknown


async def journal_import(tx: Transaction, source: str, changes: Changes, auteur: str) -> None:
    await journal.append(
        tx, auteur, "import.validations",
        f"import de {source} : {len(changes.modified)} stage(s) dont la validation change",
        internes=[m.after[1] for m in changes.modified],
    )  # fmt: skip
