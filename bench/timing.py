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


def verdict(ok: bool) -> str:
    return "atteint" if ok else "NON ATTEINT"
