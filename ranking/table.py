"""Read a CSV or XLSX file given as bytes into header + rows, remembering each row's line.

CSV may use `,` or `;`; its encoding is decided for the whole file: UTF-8 (with or without BOM),
UTF-16 or UTF-32 with their BOM, or Windows-1252. A UTF-8 file with a stray Windows-1252 line is
refused at that line, never decoded wholesale into « Ã© ». XLSX is read from its first sheet;
other spreadsheet or binary formats are named and refused. Nothing here touches the file system:
the caller hands over the bytes (a file, a Telegram document).
"""

import contextlib
import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ranking.errors import InvalidInput, Problem
from ranking.text import fold_key

_ZIP_MAGIC = b"PK\x03\x04"
_UTF8_BOM = b"\xef\xbb\xbf"
_UNICODE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_FOREIGN = (
    (b"\xd0\xcf\x11\xe0", "un classeur Excel 97-2003 (.xls) : l'enregistrer en .xlsx ou en CSV"),
    (b"%PDF", "un document PDF, pas un tableau : envoyer le fichier CSV ou XLSX"),
)
# A well-formed UTF-8 sequence of two bytes or more: a file holding one is meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_SHOWN_FAULTY_LINES = 10
LIGNES_MAX = 100_000
"""Rows a file may hold, header and blank rows included: twice the national file (some 50 000
internes). A bigger file is refused before its cells are checked."""
COLONNES_MAX = 200
"""Columns a spreadsheet row may span (a file has some twenty)."""
XLSX_MO_MAX = 256
"""Megabytes an XLSX may unzip to, all its parts together (a full national file takes about a
tenth of it): more is refused from the archive's directory, before anything is unzipped.
Python's zipfile never yields more of a part than the directory declares."""


@dataclass(frozen=True, slots=True)
class Table:
    """Header and body of a file, body kept column by column (blank rows out): whole columns
    are then checked at once rather than cell after cell."""

    source: str
    columns: dict[str, int]
    lines: tuple[int, ...]
    cells: tuple[tuple[str, ...], ...]
    marques: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Cells the reader could not take as written, by column: (row index, why) — a formula
    without its computed value, a date, a number a spreadsheet keeps inexactly. A fault only
    where amphi reads the column."""

    def has(self, column: str) -> bool:
        return column in self.columns

    def column(self, name: str) -> list[str]:
        """The column's cells, stripped."""
        return _stripped(self.cells[self.columns[name]])

    def raw(self, name: str) -> list[str] | tuple[str, ...]:
        """The column's cells as written, spaces around included: a column of few distinct
        values strips each of them once (`cells.read_columns`), not each of 50,000 cells."""
        return self.cells[self.columns[name]]


def column_name(header_cell: str) -> str:
    """`Rang concours`, `rang-concours` and `RANG_CONCOURS` all name the column `rang_concours`."""
    return fold_key(header_cell).replace(" ", "_")


def read_table(data: bytes, source: str) -> Table:
    if data.startswith(_ZIP_MAGIC):
        rows, marks = _xlsx_rows(data, source)
        lines = [line for line, _ in rows]
        return _build(lines, [cells for _, cells in rows], source, True, marks)
    lines, rows = _csv_rows(_decode(data, source), source)
    return _build(lines, rows, source, short_rows_allowed=False)


def _refuse(source: str, message: str, line: int | None = None) -> InvalidInput:
    return InvalidInput(source, [Problem(message, line=line)])


def _decode(data: bytes, source: str) -> str:
    """The file's text, in the one encoding the whole file is written in."""
    for bom, codec, name in _UNICODE_BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name, source)
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise _refuse(source, f"ce fichier est {what}")
    if data.count(b"\x00") > len(data) // 4:
        raise _refuse(
            source,
            "fichier binaire, ou texte UTF-16 sans marque d'ordre (BOM) : enregistrer le "
            "tableau en CSV UTF-8 ou en XLSX",
        )
    if b"\x00" in data:
        raise _nul(data, source)
    if data.startswith(_UTF8_BOM):
        return _strict(data[len(_UTF8_BOM) :], "utf-8", "UTF-8", source, offset=len(_UTF8_BOM))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        raise _mixed(data, source)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refuse(
            source, "encodage illisible : ni UTF-8 ni Windows-1252 (cp1252)", line
        ) from None


def _strict(data: bytes, codec: str, name: str, source: str, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, errors="replace")
        raise _refuse(
            source, f"caractère illisible : le fichier s'annonce en {name}", before.count("\n") + 1
        ) from None


def _nul(data: bytes, source: str) -> InvalidInput:
    """A text file with a few NUL bytes (a copy gone wrong): each named by line and column."""
    lines = data.split(b"\n")
    header = lines[0].decode("utf-8", errors="replace")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    names = [name.strip().strip('"') for name in header.split(delimiter)]
    faulty = []
    for number, line in enumerate(lines, start=1):
        if b"\x00" not in line:
            continue
        before = line[: line.index(b"\x00")].decode("utf-8", errors="replace")
        field = before.count(delimiter)
        column = names[field] if number > 1 and field < len(names) else None
        where = f"{len(before) + 1}e caractère de la ligne"
        faulty.append(Problem(f"caractère NUL (octet 0) au {where} : le retirer", number, column))
    more = len(faulty) - _SHOWN_FAULTY_LINES
    shown = faulty[:_SHOWN_FAULTY_LINES]
    if more > 0:
        shown.append(Problem(f"et {more} autre(s) ligne(s) dans ce cas"))
    return InvalidInput(source, shown)


def _mixed(data: bytes, source: str) -> InvalidInput:
    """A UTF-8 file with lines written in another encoding (pasted from an old export)."""
    faulty = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            faulty.append(Problem(_mixed_line(line, line[error.start]), line=number))
    more = len(faulty) - _SHOWN_FAULTY_LINES
    shown = faulty[:_SHOWN_FAULTY_LINES]
    if more > 0:
        shown.append(Problem(f"et {more} autre(s) ligne(s) dans ce cas"))
    return InvalidInput(source, shown)


def _mixed_line(line: bytes, byte: int) -> str:
    try:
        line.decode("cp1252")
    except UnicodeDecodeError:
        how = "cette ligne n'est lisible ni en UTF-8 ni en Windows-1252"
    else:
        how = "cette ligne semble écrite en Windows-1252"
    return (
        f"octet 0x{byte:02X} illisible en UTF-8 : le fichier est en UTF-8 mais {how} ; "
        "enregistrer tout le fichier en UTF-8"
    )


def _csv_rows(text: str, source: str) -> tuple[Sequence[int], list[list[str]]]:
    """The rows, and the line each starts on."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        rows = None  # located below, reading row by row
    terminator = "\n" if "\n" in text else "\r"
    physical = text.count(terminator) + (not text.endswith(terminator))
    if rows is not None and len(rows) > LIGNES_MAX:
        raise _trop_de_lignes(source)
    if rows is not None and len(rows) == physical:  # no cell spans lines: row i is on line i
        return range(1, len(rows) + 1), rows
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    numbered = []
    next_line = 1
    try:
        for cells in reader:
            numbered.append((next_line, cells))
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise _refuse(source, _csv_fault(str(error)), next_line) from None
    if len(numbered) > LIGNES_MAX:
        raise _trop_de_lignes(source)
    return [line for line, _ in numbered], [cells for _, cells in numbered]


def _csv_fault(message: str) -> str:
    if "field larger" in message:
        limit = csv.field_size_limit()
        return f"cellule trop longue (plus de {limit:,} caractères)".replace(",", " ")
    if "unexpected end of data" in message or "EOF" in message:
        return "guillemet ouvert jamais refermé : fichier tronqué ?"
    return "guillemets mal placés (une cellule entre guillemets doit être suivie du séparateur)"


Marks = dict[tuple[int, int], str]
"""(line, column index): why the cell is not taken as written."""


def _xlsx_rows(data: bytes, source: str) -> tuple[list[tuple[int, list[str]]], Marks]:
    _check_spreadsheet(data, source)
    marks: Marks = {}
    seen: list[object] = []
    text = functools.partial(_cell_text, seen=seen)
    rows = []
    with _workbook(data, source, computed=True) as sheet:
        if (sheet.max_row or 0) > LIGNES_MAX:  # as the sheet declares it: said at once
            raise _trop_de_lignes(source)
        if (sheet.max_column or 0) > COLONNES_MAX:
            raise _refuse(source, _trop_de_colonnes(sheet.max_column))
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > LIGNES_MAX:
                raise _trop_de_lignes(source)
            if len(values) > COLONNES_MAX:
                raise _refuse(source, _trop_de_colonnes(len(values)), line)
            rows.append((line, list(map(text, values))))
            if seen:  # rare: a date, a number kept inexactly
                marks.update(((line, column), _fault(value)) for column, value in
                             enumerate(values) if _fault(value))  # fmt: skip
                seen.clear()
    if _has_formulas(data):
        with _workbook(data, source, computed=False) as sheet:
            for (line, cells), values in zip(rows, sheet.iter_rows(values_only=True), strict=False):
                marks.update(((line, column), _FORMULA) for column, value in enumerate(values)
                             if column < len(cells) and not cells[column]
                             and _formula(value))  # fmt: skip
    return rows, marks


@contextlib.contextmanager
def _workbook(data: bytes, source: str, computed: bool):
    """The first sheet; `computed`: cells' values as the spreadsheet last computed them,
    otherwise their formulas."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=computed)
    except Exception:  # openpyxl raises whatever the broken archive makes it meet
        message = "fichier XLSX illisible (abîmé, ou pas au format Excel .xlsx)"
        raise InvalidInput(source, [Problem(message)]) from None
    try:
        yield workbook.worksheets[0]
    except InvalidInput:
        raise
    except Exception:
        message = "fichier XLSX illisible (feuille abîmée)"
        raise InvalidInput(source, [Problem(message)]) from None
    finally:
        workbook.close()


def _trop_de_colonnes(largeur: int) -> str:
    return (
        f"la feuille s'étend sur {largeur} colonnes : amphi en lit au plus {COLONNES_MAX} ; "
        "rien n'est importé"
    )


def _trop_de_lignes(source: str) -> InvalidInput:
    most = f"{LIGNES_MAX:,}".replace(",", " ")
    return _refuse(
        source,
        f"plus de {most} lignes (lignes vides comprises) : amphi en lit au plus {most}, deux "
        "fois le fichier national d'internes ; rien n'est importé",
    )


def _check_spreadsheet(data: bytes, source: str) -> None:
    """A ZIP file is an Excel workbook only if it says so: an OpenDocument sheet or a Word
    document is named for what it is."""
    import zipfile  # only for a ZIP file: the command line starts without it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(member.file_size for member in archive.infolist())
            if unzipped > XLSX_MO_MAX * 1024 * 1024:
                raise _refuse(
                    source,
                    f"fichier XLSX qui se décompresse en {unzipped // 1024 // 1024} Mo, au-delà "
                    f"des {XLSX_MO_MAX} Mo qu'amphi lit (une archive piégée, ou pas un tableau "
                    "d'internes ou de postes) ; rien n'est importé",
                )
            kind = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return  # openpyxl says it is unreadable
    if b"opendocument.spreadsheet" in kind:
        raise _refuse(source, "classeur OpenDocument (.ods) : l'enregistrer en .xlsx ou en CSV")
    if "xl/workbook.xml" not in names and not any(n.startswith("xl/") for n in names):
        raise _refuse(source, "fichier ZIP qui n'est pas un classeur Excel .xlsx")


_FORMULA = "formule sans valeur calculée (enregistrez le classeur dans le tableur)"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
EXACT = 2**53
"""Beyond, a spreadsheet's number (a double) no longer holds every integer."""


def _has_formulas(data: bytes) -> bool:
    """Whether a sheet holds a formula: only then are the cells read a second time."""
    import zipfile  # only for a ZIP file: the command line starts without it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not name.startswith("xl/worksheets/"):
                    continue
                with archive.open(name) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return False
    return False


def _formula(value: object) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or (
        value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula")
    )


def _fault(value: object) -> str | None:
    """Why a cell's value is not taken as written (None: it is)."""
    if isinstance(value, datetime | date):
        return (
            f"date « {value.strftime('%d/%m/%Y')} » : amphi n'attend pas de date ici (mettre "
            "la cellule au format Texte et y écrire la valeur)"
        )
    if isinstance(value, float) and value.is_integer() and abs(value) >= EXACT:
        shown = f"{value:.14E}".replace(".", ",")
        return (
            f"nombre « {shown} » de plus de 15 chiffres : le tableur ne le garde pas exactement "
            "(mettre la cellule au format Texte et y écrire la valeur)"
        )
    return None


def _cell_text(value: object, seen: list[object]) -> str:
    """A cell as text; a value not taken as written is also put in `seen`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= EXACT:
            seen.append(value)
        return str(int(value))
    if isinstance(value, datetime | date):
        seen.append(value)
        return value.isoformat()
    return str(value)


def _build(
    raw_lines: Sequence[int],
    raw_rows: list[list[str]],
    source: str,
    short_rows_allowed: bool,
    marks: Marks | None = None,
) -> Table:
    """Header and body (`raw_rows`, each starting on its line of `raw_lines`); a CSV row
    shorter than the header is a cut line, refused (a spreadsheet leaves its trailing empty
    cells out, and they are empty)."""
    if not raw_rows:
        raise InvalidInput(source, [Problem("le fichier est vide : aucune ligne d'en-tête")])
    header_line, header = raw_lines[0], raw_rows[0]
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
    rows = raw_rows[1:]
    if not problems and width and set(map(len, rows)) <= {width}:  # whole rows: turned at once
        columns = tuple(zip(*rows, strict=True))
        if not columns or "" not in columns[0]:  # and none blank (its first cell empty)
            lines = tuple(raw_lines[1:])
            return Table(source, names, lines, columns or ((),) * width,
                         _marques(marks, names, lines))  # fmt: skip
    body = [(line, cells) for line, cells in zip(raw_lines[1:], rows, strict=True)
            if cells and (cells[0] or any(cells))]  # fmt: skip
    uneven = any(len(cells) != width for _, cells in body)
    if uneven:
        problems.extend(_widths(body, width, short_rows_allowed))
    if problems:
        raise InvalidInput(source, problems)
    rows = [cells for _, cells in body]
    if uneven:
        rows = [[*cells[:width], *[""] * (width - len(cells))] for cells in rows]
    columns = tuple(zip(*rows, strict=True)) if rows else ()
    lines = tuple(line for line, _ in body)
    return Table(source, names, lines, columns or ((),) * width, _marques(marks, names, lines))


def _marques(
    marks: Marks | None, names: dict[str, int], lines: tuple[int, ...]
) -> dict[str, list[tuple[int, str]]]:
    if not marks:
        return {}
    index = {line: i for i, line in enumerate(lines)}
    name_of = {column: name for name, column in names.items()}
    found: dict[str, list[tuple[int, str]]] = {}
    for (line, column), why in sorted(marks.items()):
        if line in index and column in name_of:
            found.setdefault(name_of[column], []).append((index[line], why))
    return found


def _widths(body: list[tuple[int, list[str]]], width: int, short_rows_allowed: bool) -> list:
    """Rows whose cell count is not the header's: a misplaced separator, a cut line."""
    problems = []
    problems.extend(
        Problem(
            f"{len(cells)} cellules alors que l'en-tête a {width} colonnes "
            "(séparateur ou guillemets mal placés ?)",
            line,
        )
        for line, cells in body
        if len(cells) > width and any(map(str.strip, cells[width:]))
    )
    if not short_rows_allowed:
        problems.extend(
            Problem(
                f"{len(cells)} cellule(s) alors que l'en-tête a {width} colonnes "
                "(ligne tronquée ?)",
                line,
            )
            for line, cells in body
            if len(cells) < width
        )
    return problems


def _stripped(column: tuple[str, ...] | list[str]) -> list[str]:
    return list(map(str.strip, column))
