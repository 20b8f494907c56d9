"""The journal, for both faces: who did what and when, filtered by list, interne, date and
kind of action."""

from datetime import datetime

from bot.operations.base import Contexte
from ranking.errors import InvalidInput, Problem
from ranking.horloge import PARIS
from storage import journal, listes
from storage.journal import ACTIONS, Ligne

_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y", "%d/%m/%Y %H:%M")


def depuis(text: str, option: str = "--depuis") -> datetime:
    """A date, or a date and time, in Paris time: « 2026-11-22 », « 22/11/2026 14:30 »."""
    for form in _FORMATS:
        try:
            return datetime.strptime(text.strip(), form).replace(tzinfo=PARIS)
        except ValueError:
            continue
    raise InvalidInput(
        "",
        [Problem(f"{option} : « {text[:40]} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA, "
                 "heure HH:MM facultative, heure de Paris)")],
    )  # fmt: skip


def actions(text: str, option: str = "--action") -> list[str]:
    found = journal.actions_matching(text)
    if not found:
        known = ", ".join(sorted({label.split(" :")[0] for label in ACTIONS.values()}))
        raise InvalidInput("", [Problem(f"{option} : « {text[:40]} » inconnue ({known})")])
    return found


async def lignes(
    ctx: Contexte,
    liste: str | None = None,
    *,
    interne: str | None = None,
    depuis: datetime | None = None,
    actions: list[str] | None = None,
    derniers: int | None = None,
    jusqu_a: int | None = None,
) -> list[Ligne]:
    async with ctx.db.read() as tx:
        liste_id = (await listes.get(tx, liste)).id if liste else None
        return await journal.lignes(
            tx, liste_id, interne=interne, depuis=depuis, actions=actions, derniers=derniers,
            jusqu_a=jusqu_a,
        )  # fmt: skip


async def verifier(ctx: Contexte) -> tuple[int, list, tuple[int, str] | None]:
    """The chain checked: entries counted, where it breaks, its head."""
    async with ctx.db.read() as tx:
        count, breaks = await journal.verifier_chaine(tx)
        return count, breaks, await journal.tete(tx)


def tete_lisible(head: tuple[int, str] | None) -> str:
    """The chain's head as printed on results: « journal n°412, empreinte 3f2a9b0c1d2e »."""
    if head is None:
        return "journal vide"
    return f"journal n°{head[0]}, empreinte {head[1][:16]}"
