"""What the journal decides: whether a screen drawn at one version of a list may still act on it,
and an entry amphi could not have written."""

from collections.abc import Iterable
from typing import NoReturn

from ranking.errors import DejaFait, Perime, Refused


def check_version(
    vue: int, actuelle: int, auteur: str, actions: Iterable[str],
    premiere: tuple[str, str, str] | None,
) -> None:  # fmt: skip
    """A press on a screen of version `vue` when the list is at `actuelle`: refused when the
    list changed since. `premiere`, the first change since (author, action, detail): when it is
    this author's own act of the same kind, the press is a double tap (or a retry): `DejaFait`,
    naming what was recorded. Otherwise `Perime`."""
    if actuelle == vue:
        return
    if premiere is not None and premiere[0] == auteur and premiere[1] in set(actions):
        raise DejaFait(f"déjà fait : {premiere[2]}")
    raise Perime("la liste a changé entre-temps : voici son état actuel")


def entree_illisible(numero: int) -> NoReturn:
    """An entry that does not read (a BLOB, a time or a state amphi never writes): refused in
    French, by its number."""
    raise Refused(
        f"l'entrée n°{numero} du journal ne se lit pas : elle a été changée hors d'amphi "
        "(amphi journal --verifier dit où la chaîne est rompue)"
    ) from None
