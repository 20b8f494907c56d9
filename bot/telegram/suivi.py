"""The call screens followed: every call screen a gestionnaire's chat shows follows the call,
whoever moves it (another gestionnaire, a remote choice, `amphi appel`, a time-out), edited with
the call as it now is, the act that moved it on its first line, at most once a second per chat.

Which screens each chat follows is kept in its chat data (`DonneesChat.ecrans`, kept across a
restart by the persistence): a restarted bot follows them at once."""

import asyncio
import logging
import time

from telegram.error import BadRequest, TelegramError

from bot.operations import appel
from bot.operations.appel import Ecran
from bot.telegram import ecran
from bot.telegram.contexte import Appli, ContexteBot, Suivis
from bot.telegram.ecran_appel import SUIVIES, Vue, filtre, rendu
from bot.telegram.erreurs import panne
from bot.telegram.textes import appel as textes
from ranking.errors import Refused

logger = logging.getLogger("amphi.bot")

ESPACE_PAR_CHAT = 1.0
"""Seconds between two edits of one gestionnaire's chat (Telegram's pace for a chat)."""
DISPARU = ("message to edit not found", "message can't be edited", "message_id_invalid")
"""Telegram's words for a followed message that is gone for good (deleted, too old): the only
refusals (400) after which a screen is no longer followed."""


def retrouver(application: Appli) -> None:
    """At start: the screens followed before the stop, followed again."""
    chats = {c for c, data in application.chat_data.items() if data.ecrans}
    application.bot_data.suivis = Suivis(chats)


def suivre_ecran(
    context: ContexteBot, chat_id: int, message_id: int, shown: Ecran, view: Vue | None
) -> None:
    """The screen just drawn in this chat follows the call from now on (a closed list's does
    not: nothing moves it any more)."""
    suivis = context.bot_data.suivis
    chat = context.chat_data  # the chat of the press, or of the typed search
    screens = chat.ecrans
    if shown.etat is not None and shown.etat.appel.clos:  # a screen « à ouvrir » follows too
        screens.pop(shown.liste.id, None)
        return
    screens[shown.liste.id] = (message_id, shown.version, view)
    chat.dernier = shown.liste.id
    suivis.chats.add(chat_id)
    suivis.edite_a[chat_id] = time.monotonic()


async def suivre(application: Appli) -> float | None:
    """Every open call screen follows the call, whoever moved it: edited with the call as it
    now is, at most once a second per chat. Each list moved is read once for all the screens
    showing it, and the chats are edited side by side (each chat's own screens in turn).
    Returns in how many seconds a held-back screen may be edited (None: none held)."""
    suivis = application.bot_data.suivis
    if not suivis or not suivis.chats:
        return None
    followed = {
        chat_id: screens for chat_id in list(suivis.chats)
        if (chat := application.chat_data.get(chat_id)) and (screens := chat.ecrans)
    }  # fmt: skip
    suivis.chats = set(followed)
    ctx = application.bot_data.ctx
    versions = await appel.versions(ctx, {liste for s in followed.values() for liste in s})
    held, due = [], {}
    for chat_id, screens in followed.items():
        for liste_id, shown in list(screens.items()):
            version = shown[1]
            if versions.get(liste_id, version) == version:
                continue
            wait = suivis.edite_a.get(chat_id, float("-inf")) + ESPACE_PAR_CHAT - time.monotonic()
            if wait > 0:
                held.append(wait)
                continue
            suivis.edite_a[chat_id] = time.monotonic()
            due[chat_id] = (screens, liste_id, shown)
    lus = {liste_id: await _lire(ctx, liste_id)
           for liste_id in dict.fromkeys(liste_id for _, liste_id, _ in due.values())}  # fmt: skip
    await asyncio.gather(*(
        _suivre_ecran(application, suivis, chat_id, screens, liste_id, before, lus[liste_id])
        for chat_id, (screens, liste_id, before) in due.items()
    ))  # fmt: skip
    return min(held, default=None)


async def _suivre_ecran(
    application: Appli, suivis: Suivis, chat_id: int, screens: dict, liste_id: int, before, lu
) -> None:
    """One followed screen (`before`: as it was when the pass began) redrawn with the list as
    read (`lu`), and what it now shows kept in its chat's data."""
    message_id, _, view = before
    redrawn = None if lu is None else await _redessiner(
        application, suivis, chat_id, message_id, view, *lu
    )  # fmt: skip
    if screens.get(liste_id) != before:  # a press drew it anew meanwhile: that one holds
        return
    if redrawn is None:
        del screens[liste_id]
    else:
        screens[liste_id] = redrawn
    application.mark_data_for_update_persistence(chat_ids=chat_id)


async def _lire(ctx, liste_id: int):
    """The list's call screen as it now is; None when the list is gone (a new semester gave
    the lists new ids): its screens are no longer followed."""
    try:
        return await appel.ecran_suivi(ctx, liste_id)
    except Refused:
        return None


async def _redessiner(
    application, suivis: Suivis, chat_id: int, message_id: int, view, shown, dernier
):
    """One followed screen edited with the call as it now is (`shown`; `dernier`: the act that
    moved it last): what it then shows (None: no longer followed — the list closed, the
    message deleted or too old). Telegram refusing the
    edit (a 400: the chat unknown for a while) is said once and the screen still follows: the
    call's next move redraws it. A view kept by an older amphi (not a `Vue`) is redrawn as the
    main screen."""
    view = view if isinstance(view, Vue) and view.panneau in SUIVIES else None
    notice = textes.suivi(dernier) if dernier else None
    typed = filtre(application.chat_data.get(chat_id), message_id, shown)
    clos = shown.etat is not None and shown.etat.appel.clos
    text, markup = rendu(shown, view, notice, typed)
    try:
        await ecran.redessiner(application, chat_id, message_id, text, markup)
    except TelegramError as error:
        if panne(error):  # Telegram out of reach: tried again at the next round
            return message_id, None, view
        gone = not isinstance(error, BadRequest) or any(
            words in error.message.lower() for words in DISPARU
        )
        if gone or chat_id not in suivis.refuses:  # once while the chat is refused
            said = textes.ECRAN_PERDU_LOG if gone else textes.ECRAN_REFUSE_LOG
            logger.warning(said, chat_id, error.message)
        suivis.refuses.add(chat_id)
        return None if gone or clos else (message_id, shown.version, view)
    suivis.refuses.discard(chat_id)
    if clos:
        return None
    return message_id, shown.version, view
