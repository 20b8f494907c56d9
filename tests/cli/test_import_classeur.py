"""What a spreadsheet holds that is not what it shows: a formula whose value was never
computed, a date, a number longer than a spreadsheet keeps exactly. Each is named in French
with its line and column where amphi reads it; an id typed in full width is the one it reads
as. Real `amphi import` processes."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from tests import db_setup
from tests.cli_harness import amphi


def _postes_xlsx(workdir, last_row: list) -> int:
    rows = list(csv.reader(io.StringIO((workdir / "postes.csv").read_text(encoding="utf-8"))))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active.append(last_row)
    book.save(workdir / "postes.xlsx")
    return len(rows) + 1


@pytest.mark.parametrize(
    ("cells", "column", "said"),
    [
        (
            ["MG-98", "=1+1", "MG", 1], "terrain",
            "formule sans valeur calculée (enregistrez le classeur dans le tableur)",
        ),
        (
            ["MG-98", "CHU", "MG", "=2*1"], "capacite",
            "formule sans valeur calculée (enregistrez le classeur dans le tableur)",
        ),
        (
            [date(2026, 1, 1), "CHU", "MG", 1], "id",
            "date « 01/01/2026 » : amphi n'attend pas de date ici (mettre la cellule au format "
            "Texte et y écrire la valeur)",
        ),
        (
            [12345678901234567890, "CHU", "MG", 1], "id",
            "nombre « 1,23456789012346E+19 » de plus de 15 chiffres : le tableur ne le garde pas "
            "exactement (mettre la cellule au format Texte et y écrire la valeur)",
        ),
    ],
)  # fmt: skip
def test_a_cell_not_taken_as_it_shows_is_named_with_its_line_and_column(
    workdir, cells, column, said
):
    header = (workdir / "postes.csv").read_text(encoding="utf-8").split("\n", 1)[0].strip()
    assert header.split(",")[:4] == ["id", "terrain", "liste", "capacite"], header
    line = _postes_xlsx(workdir, cells + [""] * (len(header.split(",")) - len(cells)))
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    before = db_setup.dump(workdir / "amphi.sqlite3")
    result = amphi(workdir, "import", "postes", "postes.xlsx", "--oui")
    assert result.returncode == 2, result.stdout
    assert result.stderr == f"erreur : postes.xlsx, ligne {line}, colonne {column} : {said}\n"
    assert db_setup.dump(workdir / "amphi.sqlite3") == before


def test_a_long_integer_a_spreadsheet_keeps_exactly_is_read_exactly(workdir):
    _postes_xlsx(workdir, [123456789012345, "CHU", "MG", 1])
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    result = amphi(workdir, "import", "postes", "postes.xlsx", "--oui")
    assert result.returncode == 0, result.stderr
    assert "123456789012345 " in result.stdout, result.stdout
