"""CSV as both faces hand it out (the command line prints it, the bot sends it as a file)."""

import csv
import io
from collections.abc import Sequence


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
