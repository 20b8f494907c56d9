"""Parsing cells of a table into typed records, collecting every fault with its line and column."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from ranking.bulk import bulk
from ranking.errors import InvalidInput, Problem
from ranking.table import Table, read_table
from ranking.text import fold

Parser = Callable[[str], object]


class Bad(Exception):
    """A cell's value is wrong; the message says why."""


TEXT_LIMIT = 200
MAX_RANG = 1_000_000
MAX_SEMESTRES = 30
# Characters that have no place in a name or a place, and can disguise one on a screen or a
# PDF: controls (line breaks included), zero-width marks and bidirectional overrides.
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_NUMBER = re.compile(r"(\d{1,7})(?:[.,](\d{1,12}))?")
_THOUSANDS = str.maketrans("", "", " \u00a0\u202f")


def shown(value: str, limit: int = 40) -> str:
    """A cell quoted in a message: a 10 MB cell is not printed back whole."""
    return value if len(value) <= limit else value[:limit] + "…"


def text(value: str) -> str:
    check_text(value)
    return unicodedata.normalize("NFC", value)


def check_text(value: str) -> None:
    if len(value) > TEXT_LIMIT:
        raise Bad(f"texte trop long ({len(value)} caractères, au plus {TEXT_LIMIT})")
    hidden = _HIDDEN.search(value)
    if hidden:
        raise Bad(
            f"caractère interdit U+{ord(hidden[0]):04X} ({_hidden_name(hidden[0])}) dans "
            f"« {shown(_HIDDEN.sub('�', value))} »"
        )


def _hidden_name(character: str) -> str:
    if character in "\n\r\u2028\u2029":
        return "retour à la ligne"
    if character == "\t":
        return "tabulation"
    if unicodedata.category(character) == "Cc":
        return "caractère de contrôle"
    return "caractère invisible ou de sens d'écriture"


def _digits(value: str) -> bool:
    """ASCII digits only: « ٣ » and « ² » are digits to Python, not to a gestionnaire."""
    return value.isascii() and value.isdigit()


def year(value: str) -> int:
    if len(value) == 4 and _digits(value) and 1950 <= int(value) <= 2100:
        return int(value)
    raise Bad(f"« {shown(value)} » n'est pas une année")


def rank(value: str) -> int:
    if _digits(value) and len(value) <= 7 and 1 <= int(value) <= MAX_RANG:
        return int(value)
    raise Bad(
        f"« {shown(value)} » n'est pas un rang (nombre entier de 1 à {MAX_RANG:_})".replace(
            "_", " "
        )
    )


def count(value: str) -> int:
    if _digits(value) and len(value) <= 2 and int(value) <= MAX_SEMESTRES:
        return int(value)
    raise Bad(
        f"« {shown(value)} » n'est pas un nombre de semestres (nombre entier de 0 à "
        f"{MAX_SEMESTRES})"
    )


def positive_number(value: str) -> int | Fraction:
    """A CNG rank: digits, a decimal comma or point, spaces between thousands; 0 < n ≤ 10⁶."""
    if _digits(value) and len(value) <= 7 and 0 < int(value) <= MAX_RANG:
        return int(value)  # the usual case, without the regex and the fraction
    match = _NUMBER.fullmatch(value.translate(_THOUSANDS))
    if match is None or not match.group(0).isascii():
        raise Bad(f"« {shown(value)} » n'est pas un nombre (virgule décimale acceptée)")
    whole, decimals = match.groups()
    number = Fraction(int(whole + (decimals or "")), 10 ** len(decimals or ""))
    if number <= 0:
        raise Bad(f"« {shown(value)} » doit être strictement positif")
    if number > MAX_RANG:
        raise Bad(f"« {shown(value)} » : au plus {MAX_RANG:_}".replace("_", " "))
    return number.numerator if number.denominator == 1 else number


def yes_no(value: str) -> bool:
    folded = fold(value)
    if folded in {"oui", "o", "vrai", "1", "true", "yes", "x"}:
        return True
    if folded in {"non", "n", "faux", "0", "false", "no"}:
        return False
    raise Bad(f"« {shown(value)} » n'est ni oui ni non")


def one_of(choices: Mapping[str, object], what: str, key: Callable[[str], str] = fold) -> Parser:
    """A parser accepting the names of `choices` (accents and case ignored), refusing the rest."""

    def parse(value: str) -> object:
        try:
            return choices[key(value)]
        except KeyError:
            raise Bad(f"« {shown(value)} » n'est pas {what}") from None

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
        column, faults = _parse_column(table.raw(name), parse, name in required)
        if name in table.marques:  # read by amphi, not as written: said so, not « vide »
            faults = sorted({**dict(faults), **dict(table.marques[name])}.items())
            for i, _ in table.marques[name]:
                column[i] = None
        values[name] = column
        problems.extend(Problem(message, lines[i], name) for i, message in faults)
    if unique in values:
        problems.extend(_duplicates(values[unique], lines, unique))
    return Columns(lines, values), problems


def _parse_column(
    cells: list[str] | tuple[str, ...], parse: Parser, required: bool
) -> tuple[list[object], list[tuple[int, str]]]:
    """Each distinct value stripped and parsed once; a text column of mostly distinct values
    (names, ids) is checked whole instead."""
    if parse is text and len(set(cells[:_SAMPLE])) * 4 > min(len(cells), _SAMPLE):
        cells = list(map(str.strip, cells))
        joined = " ".join(cells)  # a space composes with nothing: NFC cell by cell, or not
        if unicodedata.is_normalized("NFC", joined):
            return _text_column(cells, required, joined)
    bounds = _WHOLE.get(parse)
    if bounds is not None and len(set(cells[:_SAMPLE])) * 4 > min(len(cells), _SAMPLE):
        parsed_at_once = _whole_numbers(set(cells), required, *bounds)  # mostly distinct
        if parsed_at_once is not None:
            return list(map(parsed_at_once.__getitem__, cells)), []
    parsed = _Parsed(parse, required)
    column = list(map(parsed.__getitem__, cells))  # one pass: a value parsed when first met
    faults = []
    if parsed.faulty:
        for i, value in enumerate(column):
            if type(value) is _Fault:
                faults.append((i, str(value)))
                column[i] = None
    return column, faults


class _Parsed(dict):
    """The distinct values of a column, each stripped and parsed when first looked up."""

    def __init__(self, parse: Parser, required: bool):
        super().__init__()
        self.parse, self.faulty = parse, False
        self.empty = _Fault(_EMPTY) if required else None

    def __missing__(self, value: str) -> object:
        stripped = value.strip()
        if not stripped:
            found = self.empty
            self.faulty = self.faulty or found is not None
        else:
            try:
                found = self.parse(stripped)
            except Bad as bad:
                found = _Fault(str(bad))
                self.faulty = True
        self[value] = found
        return found


def _whole_numbers(
    distinct: set[str], required: bool, shortest: int, longest: int, low: int, high: int
) -> dict[str, int | None] | None:
    """Each of these values as the parser would read it, when all are ASCII digits of the
    length and within the bounds it takes (checked on the column, not value by value), or
    empty in an optional column; None: some is not, each is then read by the parser (and the
    faulty named)."""
    empty = "" in distinct
    values = distinct - {""} if empty else distinct
    joined = "".join(values)
    if (empty and required) or not values or not (joined.isascii() and joined.isdigit()):
        return None
    lengths = set(map(len, values))
    if min(lengths) < shortest or max(lengths) > longest:
        return None
    numbers = list(map(int, values))
    if min(numbers) < low or max(numbers) > high:
        return None
    parsed: dict[str, int | None] = dict(zip(values, numbers, strict=True))
    if empty:
        parsed[""] = None
    return parsed


_WHOLE: dict[Parser, tuple[int, int, int, int]] = {
    year: (4, 4, 1950, 2100),
    rank: (1, 7, 1, MAX_RANG),
    count: (1, 2, 0, MAX_SEMESTRES),
    positive_number: (1, 7, 1, MAX_RANG),  # its whole numbers; a decimal one, value by value
}
"""The parsers whose values are whole numbers: (shortest, longest, least, greatest)."""


def _text_column(
    cells: list[str], required: bool, joined: str
) -> tuple[list[object], list[tuple[int, str]]]:
    """Text already in NFC (nearly always) is its own value: no per-cell work, unless a cell
    is too long or holds a forbidden character (searched once over the column `joined`)."""
    faults = []
    if _HIDDEN.search(joined) or max(map(len, cells), default=0) > TEXT_LIMIT:
        for i, cell in enumerate(cells):
            try:
                check_text(cell)
            except Bad as bad:
                faults.append((i, str(bad)))
    if "" not in cells and not faults:
        return cells, []
    if required:
        faults += [(i, _EMPTY) for i, cell in enumerate(cells) if not cell]
    bad = {i for i, _ in faults}
    return [None if i in bad else cell or None for i, cell in enumerate(cells)], sorted(faults)


_EMPTY = "cellule vide : valeur obligatoire"
_SAMPLE = 1_000
"""The first cells of a text column, which tell whether its values are mostly distinct."""


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
