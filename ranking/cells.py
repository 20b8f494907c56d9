"""Parsing cells of a table into typed records, collecting every fault with its line and column."""

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ranking.bulk import bulk
from ranking.errors import InvalidInput, Problem
from ranking.table import Table, read_table
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


def read_body(data: bytes, source: str, required: tuple[str, ...], nothing: str) -> Table:
    """A file's table, refused if a required column is missing or if it has no row."""
    with bulk():
        table = read_table(data, source)
    problems = missing_columns(table, required)
    if problems:
        raise InvalidInput(source, problems)
    if not table.lines:
        raise InvalidInput(source, [Problem(f"le fichier ne contient aucun {nothing}")])
    return table


def missing_columns(table: Table, required: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(f"colonne obligatoire manquante : {name}", 1, name)
        for name in required
        if not table.has(name)
    ]


@dataclass(frozen=True, slots=True)
class Columns:
    """A table read column by column: `values[name][i]` is row i's typed value (None if empty
    or faulty), `lines[i]` its line in the file."""

    lines: tuple[int, ...]
    values: dict[str, list[object]]

    def column(self, name: str, default: object = None) -> list[object]:
        return self.values.get(name) or [default] * len(self.lines)


class _Fault(str):
    """A cell's error message, standing in the column until the faults are collected."""


def read_columns(
    table: Table,
    parsers: Mapping[str, Parser],
    required: tuple[str, ...],
    unique: str = "id",
) -> tuple[Columns, list[Problem]]:
    """Typed columns and every fault of every row, duplicates of `unique` included.

    Work is done per column, each distinct value parsed once: a national file repeats the same
    formations, disciplines and promotions thousands of times. The caller uses the columns only
    when there is no fault: a file is taken whole or not at all.
    """
    lines = table.lines
    values: dict[str, list[object]] = {}
    problems = []
    for name, parse in parsers.items():
        if not table.has(name):
            continue
        column, faults = _parse_column(table.column(name), parse, name in required)
        values[name] = column
        problems.extend(Problem(message, lines[i], name) for i, message in faults)
    if unique in values:
        problems.extend(_duplicates(values[unique], lines, unique))
    return Columns(lines, values), problems


def _parse_column(
    cells: list[str], parse: Parser, required: bool
) -> tuple[list[object], list[tuple[int, str]]]:
    if parse is text and unicodedata.is_normalized("NFC", "\n".join(cells)):
        return _text_column(cells, required)
    faulty = False
    parsed: dict[str, object] = {}
    for value in set(cells):
        try:
            parsed[value] = parse(value) if value else None
        except Bad as bad:
            parsed[value] = _Fault(str(bad))
            faulty = True
    if "" in parsed:
        parsed[""] = _Fault(_EMPTY) if required else None
        faulty = faulty or required
    column = list(map(parsed.__getitem__, cells))
    faults = []
    if faulty:
        for i, value in enumerate(column):
            if type(value) is _Fault:
                faults.append((i, str(value)))
                column[i] = None
    return column, faults


def _text_column(cells: list[str], required: bool) -> tuple[list[object], list[tuple[int, str]]]:
    """Text already in NFC (nearly always) is its own value: no per-cell work."""
    if "" not in cells:
        return cells, []
    faults = [(i, _EMPTY) for i, cell in enumerate(cells) if not cell] if required else []
    return [cell or None for cell in cells], faults


_EMPTY = "cellule vide : valeur obligatoire"


def _duplicates(keys: list[object], lines: tuple[int, ...], name: str) -> list[Problem]:
    if len(set(keys)) == len(keys):
        return []
    first_line: dict[object, int] = {}
    problems = []
    for key, line in zip(keys, lines, strict=True):
        if key is None:
            continue
        if key in first_line:
            problems.append(
                Problem(f"l'identifiant « {key} » figure déjà ligne {first_line[key]}", line, name)
            )
        else:
            first_line[key] = line
    return problems
