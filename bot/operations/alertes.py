"""Alerts of choice day, for the bot: what the call owes each bound interne is planned in the
database (a key per message, so a restarted bot or acts of `amphi appel` in another process never
make it twice), then sent and marked. Planning reads the lists being called every second."""

from dataclasses import dataclass
from datetime import timedelta

from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from ranking import alertes
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.horloge import cadence, now, rythme, timestamp
from storage import alertes as notifications
from storage import appel, journal, listes
from storage.alertes import Envoi

DISTANCE_MAX = 100


async def planifier(
    ctx: Contexte, connues: set[str] | None = None, vues: dict[int, tuple] | None = None
) -> int:
    """Plan every alert due now; returns how many are new. Computed in a read transaction: the
    write lock is taken only when something new is due (the command line runs beside).
    `connues`, kept by the one sender between rounds, holds the keys already planned: each
    round then skips them without asking the database (the insert still ignores a key planned
    elsewhere). `vues`, kept beside it, holds what each list's alerts were last planned from
    (its call, the bound internes, their distances): a list none of them changed since owes
    nothing new, and is not gone through again (an act moves one list, not the three)."""
    planned: dict[int, tuple] = {}
    async with ctx.db.read() as tx:
        if connues is not None and not connues:
            connues.update(await notifications.cles_connues(tx))
        seen = vues if connues is not None and vues is not None else None
        due = await _dues(tx, ctx.config.delai_secondes, connues or frozenset(), seen, planned)
        if connues is None:
            known = await notifications.cles_connues(tx, [row[0] for row in due]) if due else set()
        else:
            known = connues
    new = [row for row in due if row[0] not in known]
    if new:
        async with ctx.db.write() as tx:
            await notifications.prevoir(tx, new)
    if connues is not None:
        connues.update(row[0] for row in new)
        if vues is not None:  # every key they gave is planned now
            vues.update(planned)
    return len(new)


async def _dues(
    tx, delai: int | None, connues=frozenset(), vues=None, planned=None
) -> list[tuple[str, int, dict]]:
    """What is owed now, but the keys already planned (`connues`) and the lists planned from
    what they still are (`vues`; what each list is planned from goes in `planned`)."""
    bound = await notifications.internes_lies(tx)
    if not bound:
        return []
    reglages = await notifications.reglages(tx)
    found = []
    for liste in await listes.all_listes(tx):
        if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
            continue
        current = await appel.charger(tx, liste)
        if vues is not None:
            seen = vues.get(liste.id)
            if seen is not None and seen[0] is current and seen[1:] == (bound, reglages):
                continue
            planned[liste.id] = (current, bound, reglages)
        pace = None
        for due in alertes.dues(liste.id, current, bound, reglages, connues):
            data = {"sorte": due.sorte, "liste": liste.nom, "liste_id": liste.id,
                    "avant": due.avant, "poste": due.poste, "mention": due.mention,
                    "appel": due.appel, "raison": due.raison}  # fmt: skip
            if due.sorte == "approche":
                if pace is None:  # acts typed by a script give no estimate
                    pace = rythme(cadence(await appel.durees(tx, liste)), delai) or 0
                if pace:
                    data["vers"] = timestamp(now() + timedelta(seconds=pace * due.avant))
            found.append((due.cle, bound[due.interne], data))
    return found


async def a_envoyer(ctx: Contexte) -> list[Envoi]:
    async with ctx.db.read() as tx:
        return await notifications.a_envoyer(tx)


ECART_PAR_CHAT = 1.0
"""Seconds between two alerts to one chat: Telegram asks for no more than one message per
second in a chat; AIORateLimiter spaces groups and the whole bot, not private chats."""


@dataclass(frozen=True, slots=True)
class Espacement:
    maintenant: list[Envoi]
    """The oldest pending alert of each chat not told within the last second."""
    ensuite: float | None
    """In how many seconds the first of those held back may leave (None: none held)."""


def espacer(envois: list[Envoi], derniers: dict[int, float], maintenant: float) -> Espacement:
    """What may leave now, and when to look again: the others stay pending, in order."""
    chosen, seen, waits = [], set(), []
    for envoi in envois:
        chat = envoi.telegram_id
        wait = derniers.get(chat, float("-inf")) + ECART_PAR_CHAT - maintenant
        if chat in seen or wait > 0:
            waits.append(max(wait, ECART_PAR_CHAT if chat in seen else 0.0))
        else:
            chosen.append(envoi)
        seen.add(chat)
    return Espacement(chosen, min(waits, default=None))


async def envoyee(ctx: Contexte, cle: str, echec: str | None = None) -> bool:
    """Mark a message sent (or given up: `echec`); False if it already was."""
    async with ctx.db.write() as tx:
        return await notifications.marquer_envoyee(tx, cle, echec)


async def regler(ctx: Contexte, interne_id: str, distances: list[int]) -> tuple[int, ...]:
    """The distances (turns before his) at which he is told; 1 to 3 of them, 1 to 100."""
    chosen = tuple(sorted(set(distances), reverse=True))
    if not 1 <= len(chosen) <= 3 or not all(1 <= d <= DISTANCE_MAX for d in chosen):
        raise Refused(f"de 1 à 3 distances, chacune de 1 à {DISTANCE_MAX} tours")
    async with ctx.db.write() as tx:
        await notifications.regler(tx, interne_id, chosen)
    return chosen


async def reglage(ctx: Contexte, interne_id: str) -> tuple[int, ...]:
    async with ctx.db.read() as tx:
        return await notifications.reglage(tx, interne_id) or alertes.DISTANCES


@dataclass(frozen=True, slots=True)
class Affiche:
    """A list on the board: where its message is, what it says, the list's version."""

    liste_id: int
    nom: str
    message_id: int | None
    ancien: str | None
    version: int


async def au_tableau(ctx: Contexte, chat_id: int) -> list[Affiche]:
    """The lists the board shows — those being called, and those closed since it showed them
    (their last edit says so) — read in one transaction."""
    async with ctx.db.read() as tx:
        shown = await notifications.tableau(tx, chat_id)
        found = []
        for li in await listes.all_listes(tx):
            if li.etat is Etat.CHOIX_OUVERT or (li.etat is Etat.CHOIX_CLOS and li.id in shown):
                message_id, texte = shown.get(li.id, (None, None))
                version = await journal.derniere(tx, li.id)
                found.append(Affiche(li.id, li.nom, message_id, texte, version))
        return found


async def afficher(ctx: Contexte, liste_id: int, chat_id: int, message_id: int, texte: str) -> None:
    async with ctx.db.write() as tx:
        await notifications.afficher(tx, liste_id, chat_id, message_id, texte)


async def expirer_delais(ctx: Contexte) -> list[str]:
    """For the lists chosen from Telegram: the called interne whose time ran out gets the
    engine's expiry (his procuration, else he is passed). Returns what happened."""
    if ctx.config.delai_secondes is None or not ctx.config.a_distance:
        return []
    async with ctx.db.read() as tx:  # read at once, only what the delay needs
        echus = [
            liste.nom for liste in await listes.all_listes(tx)
            if liste.etat is Etat.CHOIX_OUVERT and liste.nom in ctx.config.a_distance
            and (left := await appel_operations.delai_restant(tx, ctx, liste, now())) is not None
            and left <= 0
        ]  # fmt: skip
    said = []
    for nom in echus:
        try:
            phrase, _ = await appel_operations.expirer(ctx, nom)
        except Refused:  # acted on meanwhile (the gestionnaire, another process)
            continue
        said.append(phrase)
    return said


LONGUEUR_MESSAGE = 3000
"""Characters of a gestionnaire's message to a list: with its heading, one Telegram message."""


async def diffuser(ctx: Contexte, liste_id: int, texte: str) -> tuple[str, int]:
    """A gestionnaire's message to every bound interne called in the list, planned as alerts
    (sent at Telegram's pace, once each, across a restart) and journaled. Returns the list's
    name and how many will receive it."""
    texte = texte.strip()
    if not texte:
        raise Refused("le message est vide")
    if len(texte) > LONGUEUR_MESSAGE:
        raise Refused(f"message trop long ({len(texte)} caractères, au plus {LONGUEUR_MESSAGE})")
    async with ctx.db.write() as tx:
        liste = await listes.by_id(tx, liste_id)
        bound = await notifications.lies_de_liste(tx, liste_id)
        if not bound:
            raise Refused(f"liste « {liste.nom} » : aucun interne n'a encore lié son Telegram")
        entry = await journal.append(
            tx, ctx.auteur, "message.liste",
            f"message à {len(bound)} interne(s) de « {liste.nom} » : {texte}",
            liste_id=liste_id,
        )  # fmt: skip
        data = {"sorte": "message", "liste": liste.nom, "liste_id": liste_id, "texte": texte}
        await notifications.prevoir(
            tx, [(f"message:{entry}:{interne}", telegram_id, data)
                 for interne, telegram_id in bound.items()],
        )  # fmt: skip
    return liste.nom, len(bound)


async def destinataires(ctx: Contexte, liste_id: int) -> tuple[str, int]:
    """The list's name and how many of its internes a message would reach now."""
    async with ctx.db.read() as tx:
        liste = await listes.by_id(tx, liste_id)
        return liste.nom, len(await notifications.lies_de_liste(tx, liste_id))
