"""The real `amphi bot` process against the emulator served on 127.0.0.1: started, killed with
SIGKILL at the instant a test chooses, started again, stopped as systemd stops it. Its log is
kept beside the base; a test fails if a traceback reached it."""

import asyncio
import os
import signal
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bot.repetition.emulator.core import Emulateur
from bot.repetition.emulator.http import port_of, servir
from tests.cli_harness import AMPHI


@dataclass
class BotProcess:
    path: Path
    environment: dict
    log: BinaryIO
    process: asyncio.subprocess.Process | None = None
    kills: list[tuple[float, float]] = field(default_factory=list)
    """When each kill was signalled, and when the process was gone (time.monotonic)."""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            AMPHI, "bot", "--db", str(self.path), cwd=self.path.parent, env=self.environment,
            stdout=asyncio.subprocess.DEVNULL, stderr=self.log,
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
async def served_bot(tmp_path: Path, emulateur: Emulateur, config: str):
    """`amphi bot` on tmp_path/amphi.sqlite3 with `config`, Telegram being `emulateur`."""
    runner = await servir(emulateur, 0)
    (tmp_path / "config.toml").write_text(
        config + f'\n[telegram]\nbase_url = "http://127.0.0.1:{port_of(runner)}/bot"\n',
        encoding="utf-8",
    )
    environment = {**os.environ, "AMPHI_TELEGRAM_TOKEN": emulateur.token}
    try:
        with open(tmp_path / "bot.log", "wb") as log:
            bot = BotProcess(tmp_path / "amphi.sqlite3", environment, log)
            await bot.start()
            try:
                yield bot
            finally:
                if bot.process.returncode is None:
                    bot.process.kill()
                    await bot.process.wait()
    finally:
        emulateur.relacher()
        await runner.cleanup()
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "Traceback" not in logged, logged
