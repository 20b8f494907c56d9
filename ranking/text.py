"""French text helpers: accent- and case-insensitive matching, alphabetical order, numbers."""

import re
import unicodedata
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_SEPARATORS = str.maketrans({c: " " for c in "-_'’‘`´.,;/"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, accent-free, ligature-free form used to compare user-typed words.

    Cached: a file repeats the same disciplines, subdivisions and names thousands of times.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


@lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """`fold` that also treats hyphens, apostrophes and underscores as spaces (column names)."""
    return fold(text.translate(_SEPARATORS))


@lru_cache(maxsize=1 << 16)
def alphabetical_key(nom: str, prenom: str) -> tuple[str, str, str, str]:
    """French directory order: accents, case and punctuation ignored, then breaking ties."""
    return (
        fold_key(nom).replace(" ", ""),
        fold_key(prenom).replace(" ", ""),
        fold(nom),
        fold(prenom),
    )


def format_decimal(value: Fraction, places: int, separator: str = ",") -> str:
    """Round half up to `places` decimals and write with the given decimal separator."""
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = str(exact.quantize(quantum, rounding=ROUND_HALF_UP))
    return text.replace(".", separator)


def format_number(value: Fraction, separator: str = ",") -> str:
    """An integer as is, anything else with 2 decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    return format_decimal(value, 2, separator)


@lru_cache(maxsize=1 << 16)
def naturel(text: str) -> tuple:
    """« MG-2 » before « MG-10 », as people count. Cached: each screen of the call sorts the
    list's postes."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def matches(query: str, *fields: str | None) -> bool:
    """True when every word typed begins a word of the fields, accents, case and punctuation
    ignored (« amiens ger » finds « CHU Amiens — Gériatrie »); a number is a whole word
    (« 17 » finds « service 17 », not « service 170 »)."""
    words = fold_key(" ".join(field for field in fields if field)).split()
    return all(
        any(word == typed if typed.isdigit() else word.startswith(typed) for word in words)
        for typed in fold_key(query).split()
    )


def forme_lue(poste: str) -> str:
    """An id as a reader takes it: Unicode compatibility forms folded (NFKC), case ignored."""
    if poste.isascii():
        return poste.casefold()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", poste).casefold())


def canonique(typed: str, ids: Collection[str]) -> str:
    """The poste `typed` names among `ids`, as stored: its case and its characters' forms do
    not matter (`mga-030` is MGA-030). Unknown: `typed` itself, for the caller to refuse it by
    that name."""
    if typed in ids:
        return typed
    read = forme_lue(typed)
    same = [poste for poste in ids if forme_lue(poste) == read]
    return same[0] if len(same) == 1 else typed


def de_lieu(name: str) -> str:
    """« de Lyon », « d'Amiens », « d'Île-de-France »."""
    return f"d'{name}" if name and fold(name[0]) in "aeiouy" else f"de {name}"
