"""The real `amphi bot` process against the emulator served on 127.0.0.1: started, killed with
SIGKILL at the instant a test chooses, started again, stopped as systemd stops it. Its log is
kept beside the base; a test fails if a traceback reached it."""

import asyncio
import os
import resource
import signal
import socket
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.emulateur.http import port_of, servir
from tests.bot_harness import names
from tests.cli_harness import AMPHI


@dataclass
class Reseau:
    """Telegram as the bot reaches it: served on its port, or out of reach (nothing listens:
    connection refused, as when the server's network or Telegram is down)."""

    emulateur: Emulateur
    runner: object
    port: int

    async def couper(self) -> None:
        await self.runner.cleanup()

    async def retablir(self) -> None:
        self.runner = await servir(self.emulateur, self.port)


@dataclass
class BotProcess:
    path: Path
    environment: dict
    log: BinaryIO
    telegram: Reseau
    process: asyncio.subprocess.Process | None = None
    kills: list[tuple[float, float]] = field(default_factory=list)
    """When each kill was signalled, and when the process was gone (time.monotonic)."""
    fichiers: int | None = None
    """The process's limit of open files (`ulimit -n`), when a test sets one."""

    async def start(self) -> None:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (self.fichiers, self.fichiers))

        self.process = await asyncio.create_subprocess_exec(
            AMPHI, "bot", "--db", str(self.path), cwd=self.path.parent, env=self.environment,
            stdout=asyncio.subprocess.DEVNULL, stderr=self.log,
            preexec_fn=limit if self.fichiers else None,
        )  # fmt: skip

    async def kill(self) -> None:
        """kill -9: no shutdown at all."""
        signalled = time.monotonic()
        self.process.kill()
        await self.process.wait()
        self.kills.append((signalled, time.monotonic()))

    async def restart(self) -> None:
        await self.kill()
        await self.start()

    async def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), 30)


@asynccontextmanager
async def served_bot(
    tmp_path: Path, emulateur: Emulateur, config: str, fichiers: int | None = None
):
    """`amphi bot` on tmp_path/amphi.sqlite3 with `config`, Telegram being `emulateur` (and
    `fichiers` its limit of open files)."""
    runner = await servir(emulateur, 0)
    reseau = Reseau(emulateur, runner, port_of(runner))
    (tmp_path / "config.toml").write_text(
        config + f'\n[telegram]\nbase_url = "http://127.0.0.1:{reseau.port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{reseau.port}/file/bot"\n',  # a document sent
        encoding="utf-8",
    )
    environment = {**os.environ, "AMPHI_TELEGRAM_TOKEN": emulateur.token}
    try:
        with open(tmp_path / "bot.log", "wb") as log:
            bot = BotProcess(tmp_path / "amphi.sqlite3", environment, log, reseau,
                             fichiers=fichiers)  # fmt: skip
            await bot.start()
            try:
                yield bot
            finally:
                if bot.process.returncode is None:
                    bot.process.kill()
                    await bot.process.wait()
    finally:
        emulateur.relacher()
        await reseau.runner.cleanup()
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "Traceback" not in logged, logged


async def tap(emu: Emulateur, user: Utilisateur, message: Message, label: str) -> Message:
    """Press the button named `label` and wait for the bot to edit the message (a bot in its
    own process: nothing to await but what reaches Telegram)."""
    data = next(d for text, d in message.boutons if names(text, label))
    edits = message.modifications
    await emu.appuyer(user, message, data)
    await emu.attendre(lambda: message.modifications > edits, timeout=15)
    return message


def port_libre() -> int:
    """A port nothing listens on now, for a server the bot's process will open."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
