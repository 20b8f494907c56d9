"""Plain-text aligned tables and CSV for the command line."""

import csv
import io
import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Columns a string takes in a terminal: combining accents take none."""
    if text.isascii():  # nearly every cell: numbers, ids, most names
        return len(text)
    return sum(not unicodedata.combining(c) for c in text)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; indices in `right` are right-aligned (numbers)."""
    sized = [[(cell, width(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(row[i][1] for row in sized) for i in range(len(header))]

    def line(cells: list[tuple[str, int]]) -> str:
        padded = []
        for i, (cell, size) in enumerate(cells):
            pad = " " * (widths[i] - size)
            padded.append(pad + cell if i in right else cell + pad)
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(sized[0]), rule, *(line(r) for r in sized[1:])])


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """CSV safe to open in a spreadsheet: a cell that would be read as a formula is
    neutralised with a leading apostrophe (OWASP's advice against CSV injection)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
    writer.writerow(header)
    writer.writerows([list(map(neutralised, row)) for row in rows])
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell
