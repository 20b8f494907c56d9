"""Callback data, declared once per kind: a short prefix and named integer fields, ≤ 64 bytes.

Each kind is a `Sorte`; the registry refuses two kinds with one prefix, and keeps the prefixes of
kinds no longer written (`retirer`): a button of an older amphi still on a screen is never read
as a press of a new kind. Kinds one handler answers are a `Famille`. Reading data never
raises: anything amphi did not write (a forged press, a button of an older version of the bot,
digits Python would read but we never write, like « ² ») reads as None. What it returns is
still only a claim: handlers re-check every value against the database and the presser's role.
"""

import re
from collections import namedtuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.textes import commun

LIMITE = 64
_ENTIER = re.compile(r"-?[0-9]{1,15}")
_SORTES: dict[str, "Sorte"] = {}


class Sorte:
    """One kind of button: `Sorte("A", "liste", "version")` packs `A:12:340` and reads it back
    as a named tuple. Fields left out when packing are 0."""

    def __init__(self, prefixe: str, *champs: str):
        if not re.fullmatch(r"[A-Za-z]{1,3}", prefixe):
            raise ValueError(f"préfixe de bouton invalide : {prefixe!r}")
        if prefixe in _SORTES:
            raise ValueError(f"deux sortes de boutons ont le préfixe {prefixe!r}")
        _SORTES[prefixe] = self
        self.prefixe = prefixe
        self.champs = champs
        self.donnees = namedtuple(f"Bouton{prefixe}", champs)
        self.donnees.sorte = self
        """What was read knows its kind: `data.sorte is CHOISIR`."""
        self.retiree = False
        self.motif = re.compile(rf"^{prefixe}(:|$)")
        """What `CallbackQueryHandler` is registered with: every data of this kind, well formed
        or not (the handler answers a malformed one)."""

    def __call__(self, **valeurs: int) -> str:
        unknown = set(valeurs) - set(self.champs)
        if unknown:
            raise TypeError(f"bouton {self.prefixe} : champs inconnus {sorted(unknown)}")
        data = ":".join((self.prefixe, *(str(int(valeurs.get(c, 0))) for c in self.champs)))
        if len(data.encode()) > LIMITE:
            raise ValueError(f"données de bouton trop longues : {data}")
        return data

    def bouton(self, libelle: str, **valeurs: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(libelle, callback_data=self(**valeurs))

    def lire(self, data: object):
        """The named values, or None when the data is not one of this kind as amphi writes it."""
        if self.retiree or not isinstance(data, str) or len(data) > LIMITE:
            return None
        prefixe, *raw = data.split(":")
        if prefixe != self.prefixe or len(raw) != len(self.champs):
            return None
        if not all(_ENTIER.fullmatch(value) for value in raw):
            return None
        return self.donnees(*(int(value) for value in raw))


def retirer(prefixe: str) -> Sorte:
    """A prefix amphi wrote once and no longer does: kept out of reach of any new kind, and its
    data, still on some screens, reads as None (the press is answered as a stale button)."""
    sorte = Sorte(prefixe)
    sorte.retiree = True
    return sorte


class Famille:
    """Kinds of button one handler answers: registered with one pattern, the data read as the
    kind it is (`data.sorte` says which), None when it is none of them."""

    def __init__(self, *membres: Sorte):
        self.membres = {sorte.prefixe: sorte for sorte in membres}
        prefixes = "|".join(sorted(self.membres, key=len, reverse=True))
        self.motif = re.compile(rf"^(?:{prefixes})(:|$)")

    def lire(self, data: object):
        if not isinstance(data, str):
            return None
        sorte = self.membres.get(data.split(":", 1)[0])
        return sorte.lire(data) if sorte is not None else None


def sortes() -> dict[str, Sorte]:
    """Every kind declared so far, by prefix."""
    return dict(_SORTES)


LISTE = Sorte("l", "liste", "page")
"""A page of an interne's call list (page -1: the page where he stands)."""


def pages(liste_id: int, page: int, count: int) -> InlineKeyboardMarkup | None:
    """◀ ▶ for a paged call list."""
    buttons = []
    if page > 0:
        buttons.append(LISTE.bouton(commun.BOUTON_PRECEDENT, liste=liste_id, page=page - 1))
    buttons.append(LISTE.bouton(commun.bouton_page(page, count), liste=liste_id, page=page))
    if page + 1 < count:
        buttons.append(LISTE.bouton(commun.BOUTON_SUIVANT, liste=liste_id, page=page + 1))
    return InlineKeyboardMarkup([buttons]) if count > 1 else None


def listes(choices: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[LISTE.bouton(nom, liste=liste_id, page=-1)] for liste_id, nom in choices]
    )
