"""Plain-text aligned tables for the command line."""

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Columns a string takes in a terminal: combining accents take none."""
    if text.isascii():  # nearly every cell: numbers, ids, most names
        return len(text)
    return sum(not unicodedata.combining(c) for c in text)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; indices in `right` are right-aligned (numbers).
    Built column by column: a table of thousands of rows prints at once."""
    table = [list(header), *(list(row) for row in rows)]
    padded, widths = [], []
    for index, column in enumerate(zip(*table, strict=True)):
        ascii_only = "".join(column).isascii()
        sizes = list(map(len if ascii_only else width, column))
        widest = max(sizes)
        widths.append(widest)
        gaps = [" " * (widest - size) for size in sizes]
        if index in right:
            padded.append([gap + cell for cell, gap in zip(column, gaps, strict=True)])
        else:
            padded.append([cell + gap for cell, gap in zip(column, gaps, strict=True)])
    lines = ["  ".join(cells).rstrip() for cells in zip(*padded, strict=True)]
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], rule, *lines[1:]])
