"""Before the bot serves: the token checked with Telegram (getMe), and the logs made fit for a
service's journal — in French, one line per network episode, never a traceback, never the
token.

A wrong or revoked token is a mistake of the person deploying: refused in French (exit 2 from
the command line), never retried. Telegram unreachable is a state of the world: retried with
back-off until it answers or the service is stopped."""

import asyncio
import logging
import re
import time

from aiohttp.http_exceptions import HttpProcessingError
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from ranking.errors import Refused

logger = logging.getLogger("amphi.bot")
ATTENTE_MAX = 60.0
"""Seconds between two tries at most while Telegram does not answer."""
JETON_REFUSE = (
    "Telegram refuse le jeton du bot (faux ou révoqué) : en demander un à @BotFather et le "
    "donner dans AMPHI_TELEGRAM_TOKEN (ou [telegram] token de la configuration)"
)
_JETON = re.compile(r"\d{5,}:[A-Za-z0-9_-]{8,}")
RESEAU = ("telegram", "httpx", "httpcore", "apscheduler", "aiohttp")
"""The libraries that speak of Telegram and the network: their records become French lines."""
EPISODE = 60.0
RETARD = "tour de fond en retard (machine chargée ?) : le tour suivant reprend le travail"
"""Seconds during which the same network trouble is not said again."""
REQUETE_MAL_FORMEE = "requête HTTP mal formée reçue ({cause}) : refusée (400), rien n'a changé"


async def verifier_jeton(bot: Bot) -> str:
    """The bot's @name once Telegram accepts the token; Refused when it rejects it; retried
    with back-off (a French line each time) while Telegram cannot be reached."""
    wait = 1.0
    while True:
        try:
            async with bot:
                return bot.username
        except InvalidToken:
            raise Refused(JETON_REFUSE) from None
        except (NetworkError, TelegramError) as error:
            if asyncio.current_task().cancelling():  # Ctrl-C while PTB was asking: its
                raise asyncio.CancelledError from None  # network error hid the stop asked
            logger.warning(
                "Telegram injoignable au démarrage (%s) : nouvel essai dans %.0f s",
                _sans_jeton(str(error)) or type(error).__name__, wait,
            )  # fmt: skip
        await asyncio.sleep(wait)
        wait = min(wait * 2, ATTENTE_MAX)


def _sans_jeton(text: str, jeton: str | None = None) -> str:
    if jeton:
        text = text.replace(jeton, "<jeton>")
    return _JETON.sub("<jeton>", text)


class Hygiene(logging.Filter):
    """On every handler: the token masked in any message, and the libraries' records (in
    English, with tracebacks) turned into one French line per episode of network trouble."""

    def __init__(self, jeton: str | None):
        super().__init__()
        self.jeton = jeton
        self.dits: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = _sans_jeton(record.getMessage(), self.jeton)
        if not record.name.startswith(RESEAU):  # ours, or another library's: kept, masked
            record.msg, record.args = message, ()
            return True
        if record.name.startswith("apscheduler") and record.levelno < logging.ERROR:
            return self._en_retard(record)
        error = record.exc_info[1] if record.exc_info else None
        cause = type(error).__name__ if error else message.split(":", 1)[0][:80]
        if time.monotonic() - self.dits.get(cause, float("-inf")) < EPISODE:
            return False
        self.dits[cause] = time.monotonic()
        message = f"Telegram : incident réseau ou de la bibliothèque ({cause}) : on réessaie"
        record.name = "amphi.reseau"
        if isinstance(error, HttpProcessingError):  # anyone's request to a port of ours
            message, record.name = REQUETE_MAL_FORMEE.format(cause=cause), "amphi.web"
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg, record.args, record.exc_info, record.exc_text = message, (), None, None
        return True

    def _en_retard(self, record: logging.LogRecord) -> bool:
        """The scheduler's own warnings (a wake-up run late or skipped while the previous
        round still ran): a busy machine, not the network; the next round does the work."""
        if time.monotonic() - self.dits.get("retard", float("-inf")) < EPISODE:
            return False
        self.dits["retard"] = time.monotonic()
        record.name, record.levelno, record.levelname = "amphi.bot", logging.INFO, "INFO"
        record.msg, record.args, record.exc_info, record.exc_text = RETARD, (), None, None
        return True


def journaux(jeton: str | None) -> None:
    """The service's log lines: time, level, what happened, in French and without the token."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s : %(message)s"
    )
    hygiene = Hygiene(jeton)
    for handler in logging.getLogger().handlers:
        handler.addFilter(hygiene)
    for name in (*RESEAU, "fontTools"):  # fpdf2's font subsetting chatters at INFO
        logging.getLogger(name).setLevel(logging.WARNING)


async def verifier_telegram(bot: Bot, telegram, gestionnaires_lies: list[int]) -> list[str]:
    """`amphi verifier --telegram`: each point, « ✔ … » or « ✘ … » with what to do."""
    said = []
    try:
        async with bot:
            said.append(f"✔ jeton accepté par Telegram : @{bot.username}")
            for ident in sorted(set(telegram.gestionnaires) | set(gestionnaires_lies)):
                try:
                    await bot.get_chat(ident)
                    said.append(f"✔ gestionnaire {ident} : a démarré le bot")
                except TelegramError:
                    said.append(
                        f"✘ gestionnaire {ident} : n'a pas encore écrit au bot "
                        "(il doit lui envoyer /start, sinon le bot ne peut rien lui dire)"
                    )
            if telegram.tableau is not None:
                said.append(await _tableau(bot, telegram.tableau))
            info = await bot.get_webhook_info()
            if telegram.webhook_url and info.url != telegram.webhook_url:
                said.append(
                    f"• webhook : Telegram a « {info.url or 'aucun'} », amphi bot "
                    f"enregistrera {telegram.webhook_url} au démarrage"
                )
            elif not telegram.webhook_url and info.url:
                said.append(
                    f"• webhook « {info.url} » enregistré chez Telegram alors que la "
                    "configuration est en long polling : amphi bot le retirera au démarrage"
                )
            else:
                said.append(
                    "✔ "
                    + (
                        "webhook enregistré"
                        if telegram.webhook_url
                        else "long polling (aucun webhook enregistré)"
                    )
                )
    except InvalidToken:
        said.append(f"✘ {JETON_REFUSE}")
    except (NetworkError, TelegramError) as error:
        said.append(f"✘ Telegram injoignable : {_sans_jeton(str(error), telegram.token)}")
    return said


async def _tableau(bot: Bot, chat_id: int) -> str:
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, bot.id)
    except TelegramError as error:
        return (
            f"✘ tableau {chat_id} : injoignable ({error.message}) ; ajouter le bot au "
            "groupe ou au canal, puis recopier son identifiant dans [telegram] tableau"
        )
    if member.status in ("left", "kicked"):
        return f"✘ tableau « {chat.title} » : le bot n'en fait pas partie"
    if chat.type == "channel" and member.status != "administrator":
        return f"✘ tableau « {chat.title} » : dans un canal, le bot doit être administrateur"
    return f"✔ tableau « {chat.title} » : le bot peut y écrire"
