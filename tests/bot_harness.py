"""The real, unpatched PTB Application of `amphi bot` against the Bot API emulator (in-process
httpx transport), on a real SQLite file. A test fails on any breach the emulator recorded."""

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.emulateur.http import Transport
from bot.operations.config import TelegramConfig
from bot.telegram.application import construire
from bot.telegram.textes.alertes import MARQUES_ALERTE
from ranking.config import Config

GESTIONNAIRE_ID = 900


def is_alert(message: Message) -> bool:
    return (message.text or "").startswith(MARQUES_ALERTE)


def names(text: str, label: str) -> bool:
    """A button's text names `label`: it begins with it, or it ends with it as a poste's id
    (« Cabinet 12 · 3 pl. · MG-12 »: postes are shown by their terrain, the id last)."""
    return text.startswith(label) or text.endswith(f" · {label.strip()}")


async def press(bot, user, message, label: str, nouveaux: int = 0):
    """Press the button whose label starts with `label`: the message edited (`nouveaux` 0),
    or the last of the `nouveaux` messages the bot sends."""
    emu = bot.emulateur
    data = next(d for text, d in message.boutons if names(text, label))
    count, edits = len(emu.recus(user.id)), message.modifications
    query = await emu.appuyer(user, message, data)
    await emu.attendre(lambda: emu.callbacks[query]["answered"])
    if nouveaux:
        await emu.attendre(lambda: len(emu.recus(user.id)) >= count + nouveaux)
        return emu.recus(user.id)[count + nouveaux - 1]
    await emu.attendre(lambda: message.modifications > edits)
    return message


async def press_confirmed(bot, user, message, label: str):
    """Press a button that asks for a confirming second press (« absent… », « annuler le dernier
    choix… », « clore la liste… »): nothing is done on the first; then « Confirmer »."""
    asked = await press(bot, user, message, label)
    assert asked.text.startswith("❓ À confirmer : "), asked.text
    return await press(bot, user, asked, "Confirmer")


async def two_call_screens(bot, second_code: str, liste: str = "MG"):
    """The configured gestionnaire and a second one (bound by `second_code`), each with the
    call screen of `liste` open: (g1, g2, g1's screen, g2's screen)."""
    emu = bot.emulateur
    g1 = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
    g2 = emu.utilisateur(901, "M. Petit")
    await bot.dire(g2, f"/start {second_code}")
    mine = await press(bot, g1, await bot.dire(g1, "/appel"), liste)
    his = await press(bot, g2, await bot.dire(g2, "/appel"), liste)
    return g1, g2, mine, his


@dataclass
class Session:
    emulateur: Emulateur
    application: object

    async def dire(self, user: Utilisateur, text: str) -> Message:
        """The user writes; the bot's first answer (alerts of the call aside)."""
        before = len(self.emulateur.recus(user.id))
        await self.emulateur.ecrire(user, text)
        await self.emulateur.attendre(lambda: bool(self.answers(user, before)))
        return self.answers(user, before)[0]

    def answers(self, user: Utilisateur, since: int) -> list[Message]:
        return [m for m in self.emulateur.recus(user.id)[since:] if not is_alert(m)]

    def alertes(self, user: Utilisateur) -> list[str]:
        return [m.text for m in self.emulateur.recus(user.id) if is_alert(m)]

    async def reponses(self, user: Utilisateur, text: str, count: int) -> list[Message]:
        before = len(self.emulateur.recus(user.id))
        await self.emulateur.ecrire(user, text)
        await self.emulateur.attendre(lambda: len(self.emulateur.recus(user.id)) >= before + count)
        return self.emulateur.recus(user.id)[before:]


@asynccontextmanager
async def bot_running(
    config: Config,
    db_path: Path,
    tableau: int | None = None,
    deja: Emulateur | None = None,
    **emulateur,
):
    """`deja`: an emulator that outlives this bot (its users known before the bot starts, a
    restart against the same Telegram)."""
    emulateur = deja or Emulateur(**emulateur)
    if tableau is not None:
        emulateur.groupe(tableau, "Appel en direct")
    telegram = TelegramConfig(
        emulateur.token,
        base_url="http://emulateur/bot",
        base_file_url="http://emulateur/file/bot",
        gestionnaires=frozenset({GESTIONNAIRE_ID}),
        tableau=tableau,
    )
    application = construire(config, telegram, db_path, {"transport": Transport(emulateur)})
    async with application:  # as run_polling does, without owning the event loop
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield Session(emulateur, application)
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)
    assert emulateur.violations == [], emulateur.violations
