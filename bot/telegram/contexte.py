"""The bot's state, typed: what PTB hands every handler (`ContexteBot`), the bot's own objects
(`DonneesBot`, PTB's bot_data) and what each chat keeps (`DonneesChat`, PTB's chat_data).

The bot's objects are rebuilt at every start, never kept. A chat's data is kept in the base by
the persistence (bot/telegram/persistance.py) as the plain dictionary amphi has always written
(`DonneesChat.vers_dict`): a base written by an older amphi reads back, and so does this one's
by an older amphi. A user's data (the saisie of a conversation) stays a plain dictionary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.operations.base import Contexte, Ouverture
from bot.operations.config import TelegramConfig
from ranking.config import Config

if TYPE_CHECKING:
    from bot.telegram.alertes import Veilleur


@dataclass
class Suivis:
    """The chats with a call screen followed (found again in their chat data at start: a
    restarted bot follows them at once), and when each chat was last edited."""

    chats: set[int] = field(default_factory=set)
    edite_a: dict[int, float] = field(default_factory=dict)
    refuses: set[int] = field(default_factory=set)
    """The chats whose last redraw Telegram refused (said once in the log until one passes)."""


@dataclass
class DonneesBot:
    """The bot's own objects: its configuration (set by `construire`), the base and the
    sender (set once the base is open, in `post_init`), and what it follows while it runs."""

    telegram: TelegramConfig | None = None
    config: Config | None = None
    db_path: Path | None = None
    compagnons: tuple = ()
    """Services run beside the bot on its base (the room's page)."""
    ouverture: Ouverture | None = None
    ctx: Contexte | None = None
    """The operations' context of the bot itself (author « bot »): the sender, the jobs."""
    veilleur: Veilleur | None = None
    """The one sender of alerts and of the board."""
    suivis: Suivis = field(default_factory=Suivis)
    demarre_a: float | None = None
    """When the bot started (time.time()), for /etat."""
    sauvegarde_vue: Any = None
    """What the scheduled copy last saw of the base (nothing copied while it is unchanged)."""
    derniere_alerte: float = 0.0
    """When the gestionnaires were last told of an internal error (time.monotonic())."""


ECRANS, DERNIER, MONTRES = "ecrans_appel", "ecran_appel_dernier", "ecrans_montres"
RECHERCHES, RECHERCHES_POUR = "recherches", "recherches_pour"
"""The keys a chat's data is kept under in the base (unchanged since amphi kept it)."""


@dataclass
class DonneesChat:
    """What a chat keeps, across a restart too."""

    ecrans: dict[int, tuple] = field(default_factory=dict)
    """Its call screens followed, per list: (message, version shown, view). The view is the
    screen's `Vue` (what an older amphi kept there is redrawn as the main screen)."""
    dernier: int | None = None
    """The list whose call screen it used last (what a typed search looks in)."""
    montres: dict[int, str] = field(default_factory=dict)
    """Message id → the fingerprint of what a followed screen was last asked to show."""
    recherches: dict[int, str] = field(default_factory=dict)
    """Message id → the search typed for that message of postes (the latest last)."""
    recherches_pour: dict[int, object] = field(default_factory=dict)
    """Message id → whom that search was typed for (None: nobody in particular)."""

    def vers_dict(self) -> dict:
        """As kept in the base: only what is set (an empty dictionary: nothing kept)."""
        found = {
            ECRANS: self.ecrans,
            DERNIER: self.dernier,
            MONTRES: self.montres,
            RECHERCHES: self.recherches,
            RECHERCHES_POUR: self.recherches_pour,
        }
        return {key: value for key, value in found.items() if value not in (None, {})}

    @classmethod
    def depuis_dict(cls, data: dict) -> DonneesChat:
        """From what the base kept (what an unknown key holds is left out)."""
        return cls(
            ecrans=dict(data.get(ECRANS) or {}),
            dernier=data.get(DERNIER),
            montres=dict(data.get(MONTRES) or {}),
            recherches=dict(data.get(RECHERCHES) or {}),
            recherches_pour=dict(data.get(RECHERCHES_POUR) or {}),
        )


class ContexteBot(CallbackContext[ExtBot, dict, DonneesChat, DonneesBot]):
    """What a handler or a job receives: PTB's context, its bot_data and chat_data typed, and
    the operations' context of the person who sent the update (`ctx`)."""

    auteur: str = "telegram"

    @classmethod
    def from_update(cls, update: object, application: Application) -> ContexteBot:
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user:
            context.auteur = f"telegram:{update.effective_user.id}"
        return context

    @property
    def ctx(self) -> Contexte:
        """The operations' context, the author being this Telegram account (journal)."""
        base = self.bot_data.ctx
        return Contexte(base.db, base.config, self.auteur)


TYPES = ContextTypes(context=ContexteBot, bot_data=DonneesBot, chat_data=DonneesChat)

Appli = Application[ExtBot, ContexteBot, dict, DonneesChat, DonneesBot, JobQueue[ContexteBot]]
"""The bot's Application, its data typed."""
