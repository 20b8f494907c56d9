"""Helpers to write internes files as a gestionnaire would, and to rank them."""

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ranking.classement import PreClassement, preclassement
from ranking.config import ClassementConfig
from ranking.importer import parse_internes
from ranking.model import Formation, Semestre
from ranking.perimeter import resolve_perimetre
from tests import db_setup

COLUMNS = [
    "id", "nom", "prenom", "formation", "des", "discipline", "circonscription", "promotion",
    "concours", "rang_concours", "rin", "ri3", "semestres_valides", "hors_discipline", "phase",
    "telephone", "email", "actif",
]  # fmt: skip


def interne(id: str, **fields: object) -> dict[str, str]:
    """A médecine générale interne of Amiens, promotion 2024, on time for winter 2026."""
    row = {
        "id": id, "nom": f"Nom{id}", "prenom": "Prénom", "formation": "medecine",
        "des": "Médecine générale", "discipline": "Médecine générale",
        "circonscription": "Amiens", "promotion": "2024", "concours": "EDN",
        "rang_concours": id if id.isdigit() else "1", "rin": "", "ri3": "", "semestres_valides": "4",
        "hors_discipline": "", "phase": "", "telephone": "", "email": "", "actif": "oui",
    }  # fmt: skip
    row.update({key: str(value) for key, value in fields.items()})
    return row


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


async def liste_simple(path: Path, config, count: int, places: int) -> None:
    """MG alone in a base: `count` internes ranked by their id (rang = id), `places` places
    in postes of two (MG-1, MG-2…)."""
    database = await db_setup.Database.open(path)
    rows = csv_bytes([interne(str(n)) for n in range(1, count + 1)])
    await db_setup.import_all(database, config, rows, db_setup.postes_csv({"MG": places}))
    await db_setup.rank_to_final(database, config, "MG")
    await database.close()


def rank(
    rows: list[dict[str, str]],
    semestre: str = "2026-11",
    formation: str = "medecine",
    circonscription: str = "Amiens",
    discipline: str | None = "Médecine générale",
    config: ClassementConfig | None = None,
) -> PreClassement:
    """Import the rows as a file and rank one perimeter, as the CLI does."""
    config = config or ClassementConfig()
    internes = parse_internes(csv_bytes(rows), "internes.csv")
    perimetre = resolve_perimetre(
        Formation(formation), circonscription, discipline, config.groups, list(internes)
    )
    return preclassement(internes, perimetre, Semestre.parse(semestre), config)


def order(pre: PreClassement) -> list[str]:
    """Ids in display order, with /HD for hors-discipline rows."""
    return [
        ligne.interne.id + ("/HD" if ligne.statut.value == "hors_discipline" else "")
        for ligne in pre.lignes
    ]


@pytest.fixture
def make_rank():
    return rank


AT = datetime(2026, 10, 1, 8, 30, tzinfo=UTC)
"""A fixed moment for the journal of pure ranking operations."""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder holding config.toml and the internes and postes files of a small semester."""
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows.append(interne("7", discipline="Psychiatrie", des="Psychiatrie", rin=1))
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    (tmp_path / "postes.csv").write_bytes(db_setup.postes_csv({"MG": 6, "Psy": 2}))
    return tmp_path
