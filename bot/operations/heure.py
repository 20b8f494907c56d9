"""Times are stored in UTC and shown to people in Europe/Paris."""

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris(moment: datetime) -> str:
    """To the second: the journal, the call's status."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")


def paris_minute(moment: datetime) -> str:
    """To the minute: an edition time, a deadline."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def paris_hhmm(moment: datetime) -> str:
    """An estimated time of turn on choice day."""
    return moment.astimezone(PARIS).strftime("%H:%M")
