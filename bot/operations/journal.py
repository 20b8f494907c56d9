"""The journal, for both faces: who did what and when, filtered by list, interne, date and
kind of action."""

import re
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


async def verifier(
    ctx: Contexte, attendue: tuple[int, str] | None = None
) -> tuple[int, list[str], tuple[int, str] | None]:
    """The chain checked: entries counted, where it breaks (in words), its head; with
    `attendue` (a head printed on the results), whether the journal still reaches it with
    that fingerprint: a cut of its end, numbering lowered too, is seen only so."""
    async with ctx.db.read() as tx:
        count, breaks = await journal.verifier_chaine(tx)
        head = await journal.tete(tx)
        found = await journal.empreinte_de(tx, attendue[0]) if attendue else None
    said = [rupture.phrase() for rupture in breaks]
    if attendue:
        said += _ecart(attendue, found, head[0] if head else 0)
    return count, said, head


def _ecart(attendue: tuple[int, str], found: str | None, last: int) -> list[str]:
    numero, printed = attendue
    if found is None and numero > last:
        cut = f"n°{last + 1}" if numero == last + 1 else f"n°{last + 1} à {numero}"
        return [
            f"la tête imprimée est l'entrée n°{numero}, le journal s'arrête à la n°{last} : "
            f"entrée(s) {cut} retirée(s) de sa fin hors d'amphi"
        ]
    if found is None:
        return [f"l'entrée n°{numero} de la tête imprimée n'est plus au journal"]
    if not found.startswith(printed):
        return [
            f"l'entrée n°{numero} n'a plus l'empreinte imprimée ({printed[:16]}, trouvée "
            f"{found[:16]}) : le journal a été réécrit depuis (une purge, « amphi purger », "
            "est inscrite au journal avec l'ancienne tête)"
        ]
    return []


_TETE = re.compile(
    r"(?:journal\s+)?(?:n°\s*)?(\d{1,18})\s*[:,]\s*(?:empreinte\s+)?([0-9a-f]{8,64})"
)


def tete_imprimee(text: str, option: str = "--tete") -> tuple[int, str]:
    """A head as printed on the results: « 412:3f2a9b0c1d2e4f50 », or as it is written
    there, « journal n°412, empreinte 3f2a9b0c1d2e4f50 »."""
    match = _TETE.fullmatch(text.strip().lower())
    if match is None:
        raise InvalidInput("", [Problem(
            f"argument {option} : « {text[:80]} » n'est pas une tête du journal (N:EMPREINTE, "
            "ex. 412:3f2a9b0c1d2e4f50, comme imprimé au pied des résultats)"
        )])  # fmt: skip
    return int(match[1]), match[2]


def tete_lisible(head: tuple[int, str] | None) -> str:
    """The chain's head as printed on results: « journal n°412, empreinte 3f2a9b0c1d2e »."""
    if head is None:
        return "journal vide"
    return f"journal n°{head[0]}, empreinte {head[1][:16]}"
