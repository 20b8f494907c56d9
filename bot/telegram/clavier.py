"""Callback data, packed and parsed in one place: a short prefix and integers, ≤ 64 bytes.
Data can be forged: handlers re-check every value against the database and the presser's role."""

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

LISTE = "l"


@dataclass(frozen=True, slots=True)
class Rappel:
    kind: str
    values: tuple[int, ...]


def pack(kind: str, *values: int) -> str:
    data = ":".join((kind, *map(str, values)))
    if len(data.encode()) > 64:
        raise ValueError(f"callback data trop longue : {data}")
    return data


def parse(data: str | None) -> Rappel | None:
    """The callback, or None when it is not one amphi wrote (a forged or stale press)."""
    if not data or len(data) > 64:
        return None
    kind, *raw = data.split(":")
    if not all(value.lstrip("-").isdigit() and len(value) < 16 for value in raw):
        return None
    return Rappel(kind, tuple(int(value) for value in raw))


def pages(liste_id: int, page: int, count: int) -> InlineKeyboardMarkup | None:
    """◀ ▶ for a paged call list."""
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("◀", callback_data=pack(LISTE, liste_id, page - 1)))
    buttons.append(
        InlineKeyboardButton(f"{page + 1} / {count}", callback_data=pack(LISTE, liste_id, page))
    )
    if page + 1 < count:
        buttons.append(InlineKeyboardButton("▶", callback_data=pack(LISTE, liste_id, page + 1)))
    return InlineKeyboardMarkup([buttons]) if count > 1 else None


def listes(choices: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(nom, callback_data=pack(LISTE, liste_id, -1))]
            for liste_id, nom in choices
        ]
    )
