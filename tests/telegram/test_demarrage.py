"""`amphi bot` started as a service would be: a token Telegram rejects is refused in French with
exit 2 and never printed; Telegram unreachable is retried, said in French, without a traceback."""

import asyncio
import os
import signal

from bot.repetition.emulator.core import Emulateur
from bot.repetition.emulator.http import port_of, servir
from tests import db_setup
from tests.cli_harness import AMPHI

FAUX = "987654321:FauxJetonQuiNeDoitJamaisSAfficher"


def _config(tmp_path, port: int) -> str:
    path = tmp_path / "config.toml"
    path.write_text(db_setup.CONFIG + (
        f'\n[telegram]\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{port}/file/bot"\n'
    ), encoding="utf-8")  # fmt: skip
    return str(path)


async def _amphi_bot(tmp_path, port: int, token: str):
    base = tmp_path / "amphi.sqlite3"
    if not base.exists():
        await (await db_setup.prepared(base, places=40, open_mg=False)).close()
    return await asyncio.create_subprocess_exec(
        AMPHI, "bot", "--db", str(base), "--config", _config(tmp_path, port),
        env={**os.environ, "AMPHI_TELEGRAM_TOKEN": token},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_a_rejected_token_is_refused_in_french_and_never_printed(tmp_path):
    runner = await servir(Emulateur(), 0)
    try:
        process = await _amphi_bot(tmp_path, port_of(runner), FAUX)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await runner.cleanup()
    said = (stdout + stderr).decode()
    assert process.returncode == 2, said
    assert said.startswith("refusé : Telegram refuse le jeton du bot (faux ou révoqué)")
    assert "FauxJeton" not in said and "Traceback" not in said


async def test_telegram_unreachable_is_retried_and_said_in_french(tmp_path):
    runner = await servir(Emulateur(), 0)
    port = port_of(runner)
    await runner.cleanup()  # nobody answers on that port any more
    process = await _amphi_bot(tmp_path, port, FAUX)
    await asyncio.sleep(4)
    process.send_signal(signal.SIGINT)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    said = (stdout + stderr).decode()
    assert said.count("Telegram injoignable au démarrage") >= 2, said
    assert "nouvel essai dans 2 s" in said
    assert "FauxJeton" not in said and "Traceback" not in said
