"""Timing helpers: best and median of interleaved repetitions, results freed outside the clock."""

import statistics
import time
from collections.abc import Callable


def measure(
    functions: dict[str, Callable[[], object]], repeat: int = 7
) -> dict[str, tuple[float, float]]:
    """Run the functions in turn `repeat` times; (best, median) seconds for each."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            result = function()
            times[name].append(time.perf_counter() - start)
            del result
    return {name: (min(ts), statistics.median(ts)) for name, ts in times.items()}


BILAN: list[tuple[str, str, str, bool]] = []
"""Every target met or not in this run: feature, figure, target, verdict (the final table)."""


def verdict(ok: bool, fonction: str = "", mesure: str = "", objectif: str = "") -> str:
    """The word for a target; named (feature, figure, target), it also goes in the table."""
    if fonction:
        BILAN.append((fonction, mesure, objectif, ok))
    return "atteint" if ok else "NON ATTEINT"


def bilan() -> None:
    """One table of every target of the run."""
    header = ("fonction", "mesure", "objectif", "verdict")
    rows = [(f, m, o, "atteint" if ok else "NON ATTEINT") for f, m, o, ok in BILAN]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    print("Bilan")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print(("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip())
