"""Read a CSV or XLSX file given as bytes into header + rows, remembering each row's line.

CSV may use `,` or `;`, be UTF-8 (with or without BOM) or cp1252; XLSX is read from its first sheet.
Nothing here touches the file system: the caller hands over the bytes (a file, a Telegram document).
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from ranking.errors import InvalidInput, Problem
from ranking.text import fold_key

_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Table:
    """Header and body of a file, body kept column by column (stripped cells, blank rows out):
    whole columns are then checked at once rather than cell after cell."""

    source: str
    columns: dict[str, int]
    lines: tuple[int, ...]
    cells: tuple[list[str], ...]

    def has(self, column: str) -> bool:
        return column in self.columns

    def column(self, name: str) -> list[str]:
        return self.cells[self.columns[name]]


def column_name(header_cell: str) -> str:
    """`Rang concours`, `rang-concours` and `RANG_CONCOURS` all name the column `rang_concours`."""
    return fold_key(header_cell).replace(" ", "_")


def read_table(data: bytes, source: str) -> Table:
    if data.startswith(_XLSX_MAGIC):
        raw_rows = _xlsx_rows(data, source)
    else:
        raw_rows = _csv_rows(_decode(data, source))
    return _build(raw_rows, source)


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(
            source,
            [Problem("encodage illisible : ni UTF-8 ni Windows-1252 (cp1252)", line=line)],
        ) from None


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    terminator = "\n" if "\n" in text else "\r"
    physical = text.count(terminator) + (not text.endswith(terminator))
    if len(rows) == physical:  # no cell spans lines: row i is on line i
        return list(zip(range(1, len(rows) + 1), rows, strict=True))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered = []
    next_line = 1
    for cells in reader:
        numbered.append((next_line, cells))
        next_line = reader.line_num + 1
    return numbered


def _xlsx_rows(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = "fichier XLSX illisible (abîmé, ou pas au format Excel .xlsx)"
        raise InvalidInput(source, [Problem(message)]) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (line, [_cell_text(value) for value in values])
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _build(raw_rows: list[tuple[int, list[str]]], source: str) -> Table:
    if not raw_rows:
        raise InvalidInput(source, [Problem("le fichier est vide : aucune ligne d'en-tête")])
    header_line, header = raw_rows[0]
    names: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        name = column_name(cell)
        if not name:
            continue
        if name in names:
            problems.append(
                Problem(f"la colonne « {cell.strip()} » figure deux fois", header_line, name)
            )
        else:
            names[name] = index
    width = len(header)
    body = [(line, cells) for line, cells in raw_rows[1:] if any(cells)]
    problems.extend(
        Problem(
            f"{len(cells)} cellules alors que l'en-tête a {width} colonnes "
            "(séparateur ou guillemets mal placés ?)",
            line,
        )
        for line, cells in body
        if len(cells) > width and any(map(str.strip, cells[width:]))
    )
    if problems:
        raise InvalidInput(source, problems)
    rows = [cells for _, cells in body]
    if any(len(cells) != width for cells in rows):
        rows = [[*cells[:width], *[""] * (width - len(cells))] for cells in rows]
    columns = tuple(_stripped(column) for column in zip(*rows, strict=True)) if rows else ()
    return Table(source, names, tuple(line for line, _ in body), columns or ([],) * width)


def _stripped(column: tuple[str, ...]) -> list[str]:
    return list(map(str.strip, column))
