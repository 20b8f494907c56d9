"""The change of semester as stored (règles §7): what the closing semester holds, its archive,
and the live base turned into the next semester in one transaction.

The live base keeps its path (the bot, its persistence, the accounts stay where they are): the
closing semester is copied whole beside it (« amphi-2026-11.sqlite3 »), its journal ends there
with « semestre suivant construit », and the live base starts its chain after that head."""

import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ranking.horloge import now, timestamp
from ranking.maquette import Stage
from ranking.semestres import Courant, Place, Report
from storage import chaine, journal
from storage.database import Database, Transaction, lecture_seule, prive


@dataclass(frozen=True, slots=True)
class Etat:
    """The base's semester row."""

    code: str
    circonscription: str
    precedent: str | None
    suivant: str | None


async def courant(tx: Transaction) -> Etat | None:
    row = await tx.one("SELECT code, circonscription, precedent, suivant FROM semestre")
    return Etat(*tuple(row)) if row else None


async def code(tx: Transaction) -> str | None:
    """The base's semester code, in one indexed read."""
    return await tx.value("SELECT code FROM semestre")


async def passes(tx: Transaction) -> list[tuple[str, str, int, str, str, str]]:
    """The semesters this base was built from: (code, archive, tete, tete_empreinte,
    passe_at, auteur), oldest first."""
    rows = await tx.all(
        "SELECT code, archive, tete, tete_empreinte, passe_at, auteur FROM semestre_passe "
        "ORDER BY code"
    )
    return [tuple(row) for row in rows]


async def courants(tx: Transaction) -> list[Courant]:
    """Every interne of the semester, with his stages effectués (two queries)."""
    stages: dict[str, list[Stage]] = {}
    for row in await tx.all(
        "SELECT interne_id, semestre, terrain, etablissement, type, phase, valide "
        "FROM stage_effectue ORDER BY interne_id, semestre"
    ):
        stages.setdefault(row[0], []).append(Stage(*tuple(row)[1:6], bool(row[6])))
    rows = await tx.all("SELECT id, des, phase, semestres_valides, actif FROM interne ORDER BY id")
    return [
        Courant(row[0], row[1], row[2], row[3], bool(row[4]), tuple(stages.get(row[0], ())))
        for row in rows
    ]


async def places(tx: Transaction) -> dict[str, Place]:
    """The place each interne holds (his choice not cancelled), by interne."""
    rows = await tx.all(
        "SELECT c.interne_id, c.poste_id, p.terrain, p.etablissement, p.type, c.surnombre "
        "FROM choix c JOIN poste p ON p.id = c.poste_id WHERE c.annule_at IS NULL"
    )
    return {row[0]: Place(*tuple(row)) for row in rows}


async def listes_etats(tx: Transaction) -> list[tuple[int, str, str]]:
    """(id, nom, état) of every list, in call order."""
    rows = await tx.all("SELECT id, nom, etat FROM liste ORDER BY ordre, id")
    return [tuple(row) for row in rows]


EFFACES = (
    ("procuration", "procuration(s)"),
    ("prechoix_voeu", "vœu(x) de pré-choix"),
    ("invitation", "code(s) d'invitation"),
    ("mandat", "code(s) de mandataire"),
    ("mandataire", "mandataire(s)"),
    ("stage_particulier", "stage(s) particulier(s)"),
    ("choix", "choix"),
)
"""What belongs to one semester, counted for the preview (the order's other tables go too)."""


async def effaces(tx: Transaction) -> list[tuple[str, int]]:
    """(label, count) of what the change of semester deletes."""
    return [(label, await tx.value(f"SELECT count(*) FROM {table}")) for table, label in EFFACES]


async def lies(tx: Transaction) -> tuple[dict[str, int], list[int]]:
    """The bound internes (id → telegram id) and the bound gestionnaires' telegram ids."""
    rows = await tx.all("SELECT telegram_id, role, interne_id FROM compte_telegram")
    internes = {row[2]: row[0] for row in rows if row[1] == "interne"}
    return internes, sorted(row[0] for row in rows if row[1] == "gestionnaire")


def nom_archive(base: str | Path, code: str) -> Path:
    """`amphi.sqlite3` at 2026-11 → `amphi-2026-11.sqlite3`, beside the base."""
    base = Path(base)
    return base.with_name(f"{base.stem}-{code}{base.suffix}")


def lire_archive(fichier: Path) -> tuple[str | None, str | None] | None:
    """(code, suivant) of the base in `fichier`; (None, None) if it is not one of amphi's at
    schema 21 or later; None if there is no such file."""
    if not fichier.exists():
        return None
    try:
        connection = sqlite3.connect(lecture_seule(fichier, immuable=False), uri=True)
        try:
            row = connection.execute("SELECT code, suivant FROM semestre").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return (None, None)
    return (row[0], row[1]) if row else (None, None)


def archiver(source: str | Path, cible: Path) -> Path:
    """The base copied whole (SQLite's backup API, from a connection of its own: it reads
    what is committed) into `cible` + « .partielle », private, one file by itself. The caller
    renames it once its journal is closed. Sync: run it in a thread."""
    partielle = Path(f"{cible}.partielle")
    for leftover in (partielle, Path(f"{partielle}-wal"), Path(f"{partielle}-shm")):
        leftover.unlink(missing_ok=True)
    prive(partielle)
    reader = sqlite3.connect(lecture_seule(source, immuable=False), uri=True)
    try:
        target = sqlite3.connect(partielle)
        try:
            reader.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        reader.close()
    return partielle


async def fermer_archive(
    partielle: Path, suivant: str, detail: str, auteur: str
) -> tuple[int, str]:
    """The archive's last entry (« semestre suivant construit ») and its `suivant` set: its
    journal head (number, fingerprint) returned, the file closed and whole."""
    archive = await Database.open(partielle)
    try:
        async with archive.write() as tx:
            await tx.execute("UPDATE semestre SET suivant = ?", (suivant,))
            numero = await journal.append(
                tx, auteur, "semestre.suivant", detail, apres={"semestre": suivant}
            )
            empreinte = await journal.empreinte_de(tx, numero)
    finally:
        await archive.close()
    connection = sqlite3.connect(partielle)  # one file by itself again, the WAL emptied into it
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    return numero, empreinte


def poser_archive(partielle: Path, cible: Path) -> None:
    """The finished archive takes its name (a copy cut short never does)."""
    os.replace(partielle, cible)


def retirer_archive(cible: Path) -> None:
    """What an interrupted change of semester left: the archive and its partial copy."""
    for name in (cible, Path(f"{cible}.partielle")):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


VIDEES = (
    "appel_etat",  # first: the jeton triggers of the others then touch nothing
    "procuration_voeu",
    "procuration",
    "prechoix_voeu",
    "stage_particulier",
    "choix",
    "tableau",
    "rang",
    "groupe_exaequo",
    "deplacement",
    "poste",
    "mandataire",
    "mandat",
    "invitation",
)
"""What belongs to one semester, emptied in an order their references allow."""


@dataclass(frozen=True, slots=True)
class Bascule:
    """What `construire` needs beyond the reports: the new semester, the archive's name and
    head, who acts."""

    code: str
    precedent: str
    label: str
    archive: str
    tete: int
    tete_empreinte: str
    auteur: str
    detail: str
    gestionnaires: tuple[int, ...] = ()
    """The gestionnaires the configuration names (told even if they never bound an account)."""


async def construire(
    tx: Transaction, bascule: Bascule, reports: Sequence[Report], carries: Sequence[str]
) -> int:
    """The live base turned into the next semester, inside the caller's write transaction
    (the archive is already made): what belongs to one semester deleted, the internes carried,
    the closing semester's journal entries dropped (its archive holds them), the lists given
    new ids above every old one, the semester row moved on, the switch journaled and each
    bound interne carried (not leaving) and each gestionnaire told once. Returns how many
    internes are told."""
    for table in VIDEES:
        await tx.execute(f"DELETE FROM {table}")
    await tx.execute("DELETE FROM notification WHERE envoyee_at IS NOT NULL")
    await tx.execute(
        "UPDATE import_attente SET etat = 'annule', donnees = NULL, fini_at = ? "
        "WHERE etat = 'attente'",  # the file (its phones) not kept past its semester
        (timestamp(now()),),
    )
    await _reporter(tx, reports)
    await _journal_vers_archive(tx, bascule.tete, bascule.tete_empreinte)
    top = await tx.value("SELECT coalesce(max(id), 0) FROM liste")
    await tx.execute(
        "UPDATE liste SET id = id + ?, etat = 'import', methode = NULL, preclassement_at = NULL, "
        "levee_validee = 0, final_valide = 0, perimee = NULL, empreinte_classement = NULL",
        (top,),
    )
    await tx.execute(
        "UPDATE semestre SET code = ?, precedent = ?, suivant = NULL, cree_at = ?, "
        "journal_depuis = ?, journal_depuis_empreinte = ?",
        (bascule.code, bascule.precedent, timestamp(now()), bascule.tete,
         bascule.tete_empreinte),
    )  # fmt: skip
    await tx.execute(
        "INSERT OR REPLACE INTO semestre_passe (code, archive, tete, tete_empreinte, passe_at, "
        "auteur) VALUES (?, ?, ?, ?, ?, ?)",
        (bascule.precedent, bascule.archive, bascule.tete, bascule.tete_empreinte,
         timestamp(now()), bascule.auteur),
    )  # fmt: skip
    await journal.append(
        tx, bascule.auteur, "semestre.nouveau", bascule.detail,
        avant={"semestre": bascule.precedent},
        apres={"semestre": bascule.code, "archive": bascule.archive, "tete": bascule.tete},
        internes=carries,
    )  # fmt: skip
    return await _prevenir(tx, bascule)


async def _reporter(tx: Transaction, reports: Sequence[Report]) -> None:
    await tx.executemany(
        "UPDATE interne SET semestres_valides = ?, phase = ?, actif = ? WHERE id = ?",
        [(r.semestres_valides, r.phase, int(r.actif), r.id) for r in reports],
    )
    await tx.executemany(
        "INSERT OR REPLACE INTO stage_effectue (cle, interne_id, semestre, terrain, "
        "etablissement, type, phase, valide, origine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'amphi')",
        [
            (s.cle, s.interne, s.semestre, s.terrain, s.etablissement, s.type, s.phase,
             int(s.valide))
            for s in (r.stage for r in reports) if s is not None
        ],
    )  # fmt: skip
    leaving = [(r.id,) for r in reports if r.fin_internat]
    await tx.executemany(
        "DELETE FROM notification WHERE envoyee_at IS NULL AND telegram_id IN "
        "(SELECT telegram_id FROM compte_telegram WHERE interne_id = ?)",
        leaving,
    )
    await tx.executemany("DELETE FROM compte_telegram WHERE interne_id = ?", leaving)
    await tx.executemany("DELETE FROM alerte_reglage WHERE interne_id = ?", leaving)
    await tx.executemany(
        "UPDATE interne SET telephone = NULL, email = NULL, actif = 0 WHERE id = ?", leaving
    )


async def _journal_vers_archive(tx: Transaction, tete: int, empreinte: str) -> None:
    """The closing semester's entries leave the live base (its archive holds them, and one
    more: `tete`); the guards lifted for this only, then put back as they were."""
    marks = ", ".join("?" * len(chaine.GARDES))
    guards = await tx.all(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        chaine.GARDES,
    )
    for name, _ in guards:
        await tx.execute(f"DROP TRIGGER {name}")
    await tx.execute("DELETE FROM journal_interne")
    await tx.execute("DELETE FROM journal WHERE id <= ?", (tete,))
    for _, sql in guards:
        await tx.execute(sql)
    if not await tx.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'journal'", (tete,)):
        await tx.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('journal', ?)", (tete,))


async def _prevenir(tx: Transaction, bascule: Bascule) -> int:
    """« Le semestre commence », once, to each bound interne still active or carried inactive
    (not those leaving: their accounts are gone) and to each gestionnaire."""
    internes, gestionnaires = await lies(tx)
    data = {"sorte": "semestre", "liste": "", "semestre": bascule.code, "label": bascule.label,
            "auteur": bascule.auteur}  # fmt: skip
    envois = [
        (f"semestre:{bascule.code}:{interne}", telegram_id,
         json.dumps({**data, "gestionnaire": False}))
        for interne, telegram_id in sorted(internes.items())
    ] + [
        (f"semestre:{bascule.code}:g:{telegram_id}", telegram_id,
         json.dumps({**data, "gestionnaire": True}))
        for telegram_id in sorted(set(gestionnaires) | set(bascule.gestionnaires))
    ]  # fmt: skip
    await tx.executemany(
        "INSERT OR IGNORE INTO notification (cle, telegram_id, prevue_at, donnees) "
        "VALUES (?, ?, ?, ?)",
        [(cle, telegram_id, timestamp(now()), donnees) for cle, telegram_id, donnees in envois],
    )
    return len(internes)
