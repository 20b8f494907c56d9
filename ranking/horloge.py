"""The clock of choice day: the pace of the call and each interne's estimated time of turn."""

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import islice

from ranking.appel import Appel
from ranking.classement import RowKey

WINDOW = 20


def cadence(durees: Sequence[float], window: int = WINDOW) -> float | None:
    """Median seconds per choice over the last `window` choices (robust to a long discussion)."""
    recent = list(durees)[-window:]
    return statistics.median(recent) if recent else None


def estimations(
    appel: Appel, secondes: float, maintenant: datetime, premiers: int | None = None
) -> list[tuple[RowKey, datetime]]:
    """When each interne still to be called (or the `premiers` next ones) should be called."""
    step = timedelta(seconds=secondes)
    keys = islice(appel.a_venir(), premiers)
    return [(key, maintenant + step * position) for position, key in enumerate(keys)]
