"""Parsing cells of a table into typed records, collecting every fault with its line and column."""

import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ranking.errors import Problem
from ranking.table import Table
from ranking.text import fold

Parser = Callable[[str], object]


class Bad(Exception):
    """A cell's value is wrong; the message says why."""


def text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def year(value: str) -> int:
    if len(value) == 4 and value.isdigit() and 1950 <= int(value) <= 2100:
        return int(value)
    raise Bad(f"« {value} » n'est pas une année")


def rank(value: str) -> int:
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise Bad(f"« {value} » n'est pas un rang (nombre entier à partir de 1)")


def count(value: str) -> int:
    if value.isdigit():
        return int(value)
    raise Bad(f"« {value} » n'est pas un nombre de semestres (nombre entier, 0 ou plus)")


def positive_number(value: str) -> int | Fraction:
    try:
        number = Fraction(Decimal(value.replace(",", ".").replace(" ", "")))
    except (InvalidOperation, ValueError):
        raise Bad(f"« {value} » n'est pas un nombre (virgule décimale acceptée)") from None
    if number <= 0:
        raise Bad(f"« {value} » doit être strictement positif")
    return number.numerator if number.denominator == 1 else number


def yes_no(value: str) -> bool:
    folded = fold(value)
    if folded in {"oui", "o", "vrai", "1", "true", "yes", "x"}:
        return True
    if folded in {"non", "n", "faux", "0", "false", "no"}:
        return False
    raise Bad(f"« {value} » n'est ni oui ni non")


def one_of(choices: Mapping[str, object], what: str, key: Callable[[str], str] = fold) -> Parser:
    """A parser accepting the names of `choices` (accents and case ignored), refusing the rest."""

    def parse(value: str) -> object:
        try:
            return choices[key(value)]
        except KeyError:
            raise Bad(f"« {value} » n'est pas {what}") from None

    return parse


def missing_columns(table: Table, required: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(f"colonne obligatoire manquante : {name}", 1, name)
        for name in required
        if not table.has(name)
    ]


def read_records(
    table: Table,
    parsers: Mapping[str, Parser],
    required: tuple[str, ...],
    unique: str = "id",
) -> tuple[list[tuple[int, dict[str, object]]], list[Problem]]:
    """Typed values of every row (faulty cells left out) and every fault, duplicates included.

    The caller uses the records only when there is no fault: a file is taken whole or not at all.
    """
    present = [
        (name, table.columns[name], parse) for name, parse in parsers.items() if table.has(name)
    ]
    records = []
    problems = []
    first_line_of: dict[object, int] = {}
    for line, cells in table.rows:
        values: dict[str, object] = {}
        faults = []
        for name, index, parse in present:
            cell = cells[index]
            if not cell:
                if name in required:
                    faults.append(Problem("cellule vide : valeur obligatoire", line, name))
                continue
            try:
                values[name] = parse(cell)
            except Bad as bad:
                faults.append(Problem(str(bad), line, name))
        key = values.get(unique)
        if key is not None:
            if key in first_line_of:
                faults.append(
                    Problem(
                        f"l'identifiant « {key} » figure déjà ligne {first_line_of[key]}",
                        line,
                        unique,
                    )
                )
            else:
                first_line_of[key] = line
        problems.extend(faults)
        records.append((line, values))
    return records, problems
