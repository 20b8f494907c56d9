"""`amphi emulateur chat`: a person talks to the real bot from the terminal, the emulator standing
for Telegram, on a real database (the demo's, or a rehearsal copy): to try every command by hand.

Lines typed are messages; `#N` presses button N of the last keyboard shown; `:fichier CHEMIN`
sends a document; `:contact NUMERO` shares a phone number; `:quitter` (or Ctrl-D) ends. What the
bot sends is printed as it comes, edits included; documents are saved in a folder."""

import asyncio
import itertools
import sys
import threading
import time
import zlib
from pathlib import Path

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.emulateur.http import Transport
from bot.operations import base, comptes, systeme
from bot.operations.base import Contexte
from bot.operations.config import TelegramConfig
from ranking.config import Config
from ranking.errors import Refused

GESTIONNAIRE_ID, INTERNE_ID = 900, 1_000
AIDE = (
    "Vous écrivez au bot comme dans Telegram. #N appuie sur le bouton N du dernier clavier ; "
    ":fichier CHEMIN envoie un document ; :contact NUMERO partage un numéro ; :quitter (ou "
    "Ctrl-D) termine. Tout ce qui est fait ici est enregistré dans la base : une base de "
    "répétition, jamais celle du semestre."
)


def qui(comme: str) -> tuple[str | None, bool]:
    """`gestionnaire` or `interne:ID`: the interne's id (None for a gestionnaire)."""
    if comme == "gestionnaire":
        return None, True
    if comme.startswith("interne:") and comme[8:].strip():
        return comme[8:].strip(), False
    raise Refused(f"option --comme : « {comme} » ; écrire gestionnaire ou interne:ID")


def chat(config: Config, db_path: Path, comme: str, dossier: Path) -> None:
    interne_id, gestionnaire = qui(comme)
    if not base.check_path(db_path, ecriture=True, creation=False):
        raise Refused(f"option --db : la base « {db_path} » n'existe pas : importer d'abord")
    asyncio.run(_session(config, db_path, interne_id, gestionnaire, dossier))


async def _session(config, db_path, interne_id, gestionnaire, dossier: Path) -> None:
    from bot.telegram.application import construire

    emulateur = Emulateur()
    # Telegram never numbers two updates alike, and the base remembers those it has handled: a
    # session numbering from 1 again would see its first updates taken for repeats of the last's.
    emulateur.next_update = itertools.count(int(time.time() * 1000))
    user_id = GESTIONNAIRE_ID if gestionnaire else _compte(interne_id)
    user = emulateur.utilisateur(user_id, "Gestionnaire" if gestionnaire else "Interne")
    table = config.autres.get("telegram", {})
    tableau = table.get("tableau") if isinstance(table.get("tableau"), int) else None
    if tableau is not None:
        emulateur.groupe(tableau, "Appel en direct")
    telegram = TelegramConfig(
        emulateur.token, "http://emulateur/bot", "http://emulateur/file/bot",
        frozenset({user_id}) if gestionnaire else frozenset(), None, None, tableau,
    )  # fmt: skip
    application = construire(config, telegram, db_path, {"transport": Transport(emulateur)})
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    _read_stdin(asyncio.get_running_loop(), lines)
    async with application:
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        shown = _Affichage(emulateur, [user_id, *([tableau] if tableau else [])], dossier)
        watcher = asyncio.create_task(shown.suivre())
        try:
            code = None
            ctx = application.bot_data.ctx
            if interne_id is not None:
                code = await comptes.inviter(Contexte(ctx.db, ctx.config, "chat"), interne_id)
            print(AIDE, flush=True)
            print(_libres(*await comptes.internes_libres(ctx)), flush=True)
            if code is not None:
                await emulateur.ecrire(user, f"/start {code}")
            await shown.calme()
            while (line := await lines.get()) is not None and line.strip() != ":quitter":
                await _envoyer(emulateur, user, shown, line.strip())
                await shown.calme()
        finally:
            watcher.cancel()
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


def _compte(interne_id: str) -> int:
    """The Telegram account of one interne in the chat: his own, the same at every session, so
    that `--comme interne:B` after a session as A is B (a fixed account stayed bound to A)."""
    return INTERNE_ID + zlib.crc32(interne_id.encode()) % 1_000_000_000


async def _envoyer(emulateur: Emulateur, user: Utilisateur, shown, line: str) -> None:
    if not line:
        return
    if line.startswith("#"):
        pressed = shown.bouton(line[1:].strip())
        if pressed is None:
            print("(pas de bouton de ce numéro dans le dernier clavier)", flush=True)
            return
        query = await emulateur.appuyer(user, *pressed)
        await emulateur.attendre(lambda: emulateur.callbacks[query]["answered"], timeout=10)
        if said := emulateur.callbacks[query].get("text"):
            print(f"\n(réponse au bouton) › {said}", flush=True)
    elif line.startswith(":fichier "):
        path = Path(line[9:].strip())
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"(fichier illisible : {systeme.dire(error, path)})", flush=True)
            return
        await emulateur.envoyer_document(user, path.name, data)
    elif line.startswith(":contact "):
        await emulateur.partager_contact(user, line[9:].strip())
    else:
        await emulateur.ecrire(user, line)


def _libres(ids: list[str], count: int) -> str:
    if not count:
        return "Tous les internes ont lié leur Telegram : --comme gestionnaire seulement."
    more = f" … ({count} en tout)" if count > len(ids) else ""
    return f"Internes libres pour --comme interne:ID : {', '.join(ids)}{more}"


class _Affichage:
    """Prints each new or edited message of the chats followed; keeps the last keyboard."""

    def __init__(self, emulateur: Emulateur, chats: list[int], dossier: Path):
        self.emulateur, self.chats, self.dossier = emulateur, chats, dossier
        self.vus: dict[tuple[int, int], int] = {}
        self.clavier: tuple[Message, list[tuple[str, str]]] | None = None
        self.montres = 0

    async def suivre(self) -> None:
        while True:
            await self.emulateur.attendre(self._nouveau, timeout=3600)
            for chat in self.chats:
                for message in self.emulateur.recus(chat):
                    self._montrer(chat, message)

    async def calme(self, quiet: float = 0.3, longest: float = 5.0) -> None:
        """Until the bot has answered (something shown, then a quiet moment), at most `longest`
        seconds: lines typed ahead, or piped from a file, then meet the screens they expect."""
        start, waited = self.montres, 0.0
        while self.montres == start and waited < longest:
            await asyncio.sleep(0.05)
            waited += 0.05
        last = None
        while last != self.montres:
            last = self.montres
            await asyncio.sleep(quiet)

    def _nouveau(self) -> bool:
        return any(
            self.vus.get((chat, m.message_id)) != m.modifications
            for chat in self.chats
            for m in self.emulateur.recus(chat)
        )

    def _montrer(self, chat: int, message: Message) -> None:
        key = (chat, message.message_id)
        if self.vus.get(key) == message.modifications:
            return
        edited = key in self.vus
        self.vus[key] = message.modifications
        self.montres += 1
        who = "tableau" if chat < 0 else "bot"
        print(f"\n{who}{' (modifié)' if edited else ''} › {message.text or message.caption or ''}")
        if message.document and not edited:
            print(f"  document enregistré : {self._enregistrer(message.document)}")
        if message.boutons and chat > 0:
            self.clavier = (message, message.boutons)
            for n, (label, _) in enumerate(message.boutons, 1):
                print(f"  #{n} {label}")
        sys.stdout.flush()

    def _enregistrer(self, document: dict) -> Path:
        self.dossier.mkdir(parents=True, exist_ok=True)
        path = self.dossier / Path(document["file_name"]).name
        path.write_bytes(self.emulateur.files[document["file_id"]][1])
        return path

    def bouton(self, number: str) -> tuple[Message, str] | None:
        if self.clavier is None or not number.isdigit():
            return None
        message, buttons = self.clavier
        n = int(number)
        return (message, buttons[n - 1][1]) if 1 <= n <= len(buttons) else None


def _read_stdin(loop: asyncio.AbstractEventLoop, lines: asyncio.Queue) -> None:
    """Lines typed, fed to the loop by a daemon thread (Ctrl-C never waits for a line)."""

    def read() -> None:
        sys.stdin.reconfigure(errors="replace")  # a wrong encoding typed is shown, not fatal
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read, daemon=True).start()
