"""The call screens followed: every call screen a gestionnaire's chat shows follows the call,
whoever moves it (another gestionnaire, a remote choice, `amphi appel`, a time-out), edited with
the call as it now is, the act that moved it on its first line, at most once a second per chat.

Which screens each chat follows is kept in its chat_data (kept across a restart by the
persistence): a restarted bot follows them at once."""

import logging
import time
from dataclasses import dataclass, field

from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from bot.operations import appel
from bot.operations.appel import Ecran
from bot.telegram import ecran, textes
from bot.telegram.acces import CTX
from bot.telegram.ecran_appel import SUIVIES, Vue, filtre, rendu
from bot.telegram.erreurs import panne

logger = logging.getLogger("amphi.bot")
SUIVIS = "ecrans_suivis"
ECRANS, DERNIER = "ecrans_appel", "ecran_appel_dernier"
"""In a chat's chat_data (kept across a restart by the persistence): its call screens
followed, per list (message, version shown, view), and the list whose screen it used last
(what a typed search looks in)."""
ESPACE_PAR_CHAT = 1.0
"""Seconds between two edits of one gestionnaire's chat (Telegram's pace for a chat)."""
DISPARU = ("message to edit not found", "message can't be edited", "message_id_invalid")
"""Telegram's words for a followed message that is gone for good (deleted, too old): the only
refusals (400) after which a screen is no longer followed."""


@dataclass
class Suivis:
    """The chats with a call screen followed (found again in their chat_data at start: a
    restarted bot follows them at once), and when each chat was last edited."""

    chats: set[int] = field(default_factory=set)
    edite_a: dict[int, float] = field(default_factory=dict)
    refuses: set[int] = field(default_factory=set)
    """The chats whose last redraw Telegram refused (said once in the log until one passes)."""


def retrouver(application: Application) -> None:
    """At start: the screens followed before the stop, followed again."""
    chats = {c for c, data in application.chat_data.items() if data.get(ECRANS)}
    application.bot_data[SUIVIS] = Suivis(chats)


def suivre_ecran(context, chat_id: int, message_id: int, shown: Ecran, view: Vue | None) -> None:
    """The screen just drawn in this chat follows the call from now on (a closed list's does
    not: nothing moves it any more)."""
    suivis = context.bot_data.setdefault(SUIVIS, Suivis())
    chat = context.chat_data  # the chat of the press, or of the typed search
    screens = chat.setdefault(ECRANS, {})
    if shown.etat is not None and shown.etat.appel.clos:  # a screen « à ouvrir » follows too
        screens.pop(shown.liste.id, None)
        return
    screens[shown.liste.id] = (message_id, shown.version, view)
    chat[DERNIER] = shown.liste.id
    suivis.chats.add(chat_id)
    suivis.edite_a[chat_id] = time.monotonic()


async def suivre(application: Application) -> float | None:
    """Every open call screen follows the call, whoever moved it: edited with the call as it
    now is, at most once a second per chat. Returns in how many seconds a held-back screen may
    be edited (None: none held)."""
    suivis: Suivis | None = application.bot_data.get(SUIVIS)
    if not suivis or not suivis.chats:
        return None
    followed = {
        chat_id: screens for chat_id in list(suivis.chats)
        if (screens := application.chat_data.get(chat_id, {}).get(ECRANS))
    }  # fmt: skip
    suivis.chats = set(followed)
    ctx = application.bot_data[CTX]
    versions = await appel.versions(ctx, {liste for s in followed.values() for liste in s})
    held = []
    for chat_id, screens in followed.items():
        for liste_id, (message_id, version, view) in list(screens.items()):
            if versions.get(liste_id, version) == version:
                continue
            wait = suivis.edite_a.get(chat_id, float("-inf")) + ESPACE_PAR_CHAT - time.monotonic()
            if wait > 0:
                held.append(wait)
                continue
            suivis.edite_a[chat_id] = time.monotonic()
            before = screens[liste_id]
            redrawn = await _redessiner(application, suivis, chat_id, message_id, liste_id, view)
            if screens.get(liste_id) != before:  # a press drew it anew meanwhile: that one holds
                continue
            if redrawn is None:
                del screens[liste_id]
            else:
                screens[liste_id] = redrawn
            application.mark_data_for_update_persistence(chat_ids=chat_id)
    return min(held, default=None)


async def _redessiner(
    application, suivis: Suivis, chat_id: int, message_id: int, liste_id: int, view
):
    """One followed screen edited with the call as it now is: what it then shows (None: no
    longer followed — the list closed, the message deleted or too old). Telegram refusing the
    edit (a 400: the chat unknown for a while) is said once and the screen still follows: the
    call's next move redraws it. A view kept by an older amphi (not a `Vue`) is redrawn as the
    main screen."""
    shown, dernier = await appel.ecran_suivi(application.bot_data[CTX], liste_id)
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
