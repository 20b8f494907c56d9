"""Plain-text aligned tables for the command line."""

import unicodedata
from collections.abc import Sequence
from itertools import repeat


def width(text: str) -> int:
    """Columns a string takes in a terminal: combining accents take none."""
    if text.isascii():  # nearly every cell: numbers, ids, most names
        return len(text)
    return sum(not unicodedata.combining(c) for c in text)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; indices in `right` are right-aligned (numbers).
    Built column by column, each cell padded by `str.ljust`/`str.rjust` where a character is
    a column (nearly always): a table of thousands of rows prints at once."""
    padded, widths = [], []
    for index, column in enumerate(zip(header, *rows, strict=True)):
        lengths = list(map(len, column))
        sizes = lengths if "".join(column).isascii() else list(map(width, column))
        widest = max(sizes)
        widths.append(widest)
        if sizes == lengths:
            pad = str.rjust if index in right else str.ljust
            padded.append(list(map(pad, column, repeat(widest))))
            continue
        gaps = [" " * (widest - size) for size in sizes]
        if index in right:
            padded.append([gap + cell for cell, gap in zip(column, gaps, strict=True)])
        else:
            padded.append([cell + gap for cell, gap in zip(column, gaps, strict=True)])
    lines = list(map(str.rstrip, map("  ".join, zip(*padded, strict=True))))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], rule, *lines[1:]])
