"""What a typed command takes after its name, read in one place: a wrong count, a number that is
not one (« ² », « 1e9 »), a row name that is not ID or ID/HD are refused with the command's
usage, in French; nothing runs."""

from bot.operations.rows import row_key
from ranking.classement import RowKey
from ranking.errors import Refused


class Usage(Refused):
    """The command was not written as it is used: the message is its usage."""


def nombre(args: list[str], usage: str, at_least: int, at_most: int) -> list[str]:
    if not at_least <= len(args) <= at_most:
        raise Usage(usage)
    return args


def entier(text: str, usage: str, maximum: int) -> int:
    """A whole number written in ASCII digits, at most `maximum`."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        raise Usage(usage)
    value = int(text)
    if value > maximum:
        raise Usage(usage)
    return value


def ligne(text: str, usage: str) -> RowKey:
    """ID, or ID/HD for a hors-discipline row."""
    try:
        return row_key(text, "identifiant")
    except Refused:
        raise Usage(usage) from None
