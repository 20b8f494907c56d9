"""Time, in one place: the clock (UTC, as stored), times shown to people (Europe/Paris), and
the clock of choice day: the pace of the call and each interne's estimated time of turn."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from ranking.appel import Appel
from ranking.classement import RowKey

WINDOW = 20
PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """How a moment is stored: UTC, ISO 8601 to the microsecond."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def paris(moment: datetime) -> str:
    """To the second: the journal, the call's status."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")


def paris_minute(moment: datetime) -> str:
    """To the minute: an edition time, a deadline."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def paris_jour(moment: datetime) -> str:
    """A day: the last day an invitation code is valid."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y")


def paris_hhmm(moment: datetime) -> str:
    """An estimated time of turn on choice day."""
    return moment.astimezone(PARIS).strftime("%H:%M")


def cadence(durees: Sequence[float], window: int = WINDOW) -> float | None:
    """Median seconds per choice over the last `window` choices (robust to a long discussion)."""
    recent = sorted(list(durees)[-window:])
    if not recent:
        return None
    middle = len(recent) // 2  # `statistics.median`, without importing it (and `random`)
    return recent[middle] if len(recent) % 2 else (recent[middle - 1] + recent[middle]) / 2


PLANCHER = 30.0
"""Seconds per choice at least in an estimate: a burst of acts (absents placed d'office,
procurations applied in a row) is not the room's pace."""


def rythme(pace: float | None, delai: int | None = None) -> float | None:
    """The pace estimates use: none for acts typed by a script (under a second each); else the
    recent one, at least PLANCHER and at most the time an interne is given when configured
    (`[appel] delai_secondes`: nobody takes longer), so the next ones are never estimated all
    at the same minute, nor later than the call can be."""
    if pace is None or pace < 1:
        return None
    if delai is None:
        return max(pace, PLANCHER)
    return min(max(pace, min(PLANCHER, delai)), delai)


def estimations(
    appel: Appel, secondes: float, maintenant: datetime, premiers: int | None = None
) -> list[tuple[RowKey, datetime]]:
    """When each interne still to be called (or the `premiers` next ones) should be called."""
    step = timedelta(seconds=secondes)
    keys = islice(appel.a_venir(), premiers)
    return [(key, maintenant + step * position) for position, key in enumerate(keys)]


def duree(seconds: float) -> str:
    """A delay as an interne reads it: « 45 s », « 2 min 05 s », « 1 h 02 min 05 s »."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
