"""The room's page under load and at shutdown, against the real `amphi bot` process: more
viewers than its files allow are told to come back (in French, the page retrying by itself)
while the bot keeps answering Telegram; a stop with viewers connected is a quick, clean exit;
what is logged of the page is French, without its secret or a traceback."""

import asyncio
import resource
import signal
import time

import aiohttp

from bot.emulateur import Emulateur
from tests import db_setup
from tests.bot_process import port_libre, served_bot
from tests.web.test_salle import SECRET, _day

VIEWERS = 1_100
FILES = 1_024


async def _logged(tmp_path, what: str) -> str:
    log = tmp_path / "bot.log"
    for _ in range(300):
        said = log.read_text(encoding="utf-8")
        if what in said:
            return said
        await asyncio.sleep(0.1)
    raise AssertionError(log.read_text(encoding="utf-8"))


async def _viewer(http: aiohttp.ClientSession, url: str, held: list, leave: asyncio.Event):
    """One viewer of the stream: (status, what he got, Retry-After); a viewer let in keeps
    his stream open, his first view read, until `leave`."""
    async with http.get(url, timeout=aiohttp.ClientTimeout(total=120)) as response:
        if response.status != 200:
            return response.status, await response.text(), response.headers.get("Retry-After")
        first = await response.content.readuntil(b"\n\n")
        held.append(first)
        await leave.wait()
        return 200, first.decode(), None


async def _raw(port: int, request: bytes) -> bytes:
    """What a request written by hand gets, until the server closes or is silent 2 s."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    got = b""
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), 2):
            got += chunk
    except TimeoutError:
        pass
    writer.close()
    return got


async def test_1100_viewers_on_1024_files_some_told_to_come_back_and_telegram_still_served(
    tmp_path,
):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2 * VIEWERS:  # the viewers are this process's files
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4 * VIEWERS), hard))
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    await db_setup.lier_premiers(path, 1)
    port = port_libre()
    emu = Emulateur()
    first = emu.utilisateur(10_000, "Interne 1")
    config = db_setup.CONFIG + f"\n[web]\nport = {port}\n"
    async with served_bot(tmp_path, emu, config, fichiers=FILES) as bot:  # ulimit -n 1024
        said = await _logged(tmp_path, "page de la salle")
        assert "500 spectateurs au plus" in said
        url = f"http://127.0.0.1:{port}/"
        held, leave = [], asyncio.Event()
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(connector=connector) as http:
            viewers = [asyncio.create_task(_viewer(http, f"{url}flux", held, leave))
                       for _ in range(VIEWERS)]  # fmt: skip
            async with asyncio.timeout(90):
                while len(held) + sum(v.done() for v in viewers) < VIEWERS:
                    await asyncio.sleep(0.1)
            refused = [v.result() for v in viewers if v.done()]
            assert len(held) == 500 and len(refused) == VIEWERS - 500
            assert all(b"Appel\xc3\xa9 : <strong>rang 1" in view for view in held)
            for status, text, retry in refused:
                assert status == 503 and "Trop de spectateurs en ce moment (500 au plus)" in text
                assert 5 <= int(retry) <= 15

            async with http.get(url) as page:  # the page itself, full: it retries by itself
                html = await page.text()
                assert page.status == 503 and '<html lang="fr">' in html
                assert '<meta http-equiv="refresh" content="' in html

            started = time.monotonic()  # Telegram is still served, at once
            await emu.ecrire(first, "/rang")
            answer = await emu.reponse(first.id, 0, timeout=10)
            assert "rang" in answer.text and time.monotonic() - started < 5

            leave.set()  # the viewers leave: the next one is let in
            await asyncio.gather(*viewers)
            for _ in range(50):
                async with http.get(url) as page:
                    if page.status == 200:
                        break
                await asyncio.sleep(0.1)
            assert page.status == 200
        await bot.stop()
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "Traceback" not in logged and "Error" not in logged, logged


async def test_sigterm_with_viewers_connected_exits_0_within_5_s(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    port = port_libre()
    async with served_bot(
        tmp_path, Emulateur(), db_setup.CONFIG + f"\n[web]\nport = {port}\n"
    ) as bot:
        await _logged(tmp_path, "page de la salle")
        held, leave = [], asyncio.Event()
        async with aiohttp.ClientSession() as http:
            viewers = [asyncio.create_task(_viewer(http, f"http://127.0.0.1:{port}/flux", held,
                                                   leave)) for _ in range(20)]  # fmt: skip
            async with asyncio.timeout(30):
                while len(held) < 20:
                    await asyncio.sleep(0.05)
            signalled = time.monotonic()
            bot.process.send_signal(signal.SIGTERM)
            status = await asyncio.wait_for(bot.process.wait(), 30)
            took = time.monotonic() - signalled
            leave.set()
            await asyncio.gather(*viewers, return_exceptions=True)
    assert status == 0 and took < 5, took


async def test_head_malformed_requests_and_the_secret_in_the_log(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    port = port_libre()
    config = db_setup.CONFIG + f'\n[web]\nport = {port}\nsecret = "{SECRET}"\n'
    async with served_bot(tmp_path, Emulateur(), config) as bot:
        said = await _logged(tmp_path, "page de la salle")
        assert f"http://127.0.0.1:{port}/{SECRET[:4]}…/" in said
        head = await _raw(port, f"HEAD /{SECRET}/flux HTTP/1.1\r\nHost: salle\r\n\r\n".encode())
        headers, _, body = head.partition(b"\r\n\r\n")
        assert headers.startswith(b"HTTP/1.1 200") and b"text/event-stream" in headers
        assert body == b""
        for bad in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
                    b"GET /\x00\xff HTTP/1.1\r\n\r\n"):  # fmt: skip
            answer = await _raw(port, bad)
            assert answer.split(b" ")[1] == b"400" and "Requête mal formée" in answer.decode()
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/{SECRET}/") as page,
        ):
            assert page.status == 200
        await asyncio.sleep(0.5)
        await bot.stop()
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert SECRET not in logged and "Telegram : incident" not in logged, logged
    assert "requête HTTP mal formée reçue (méthode inconnue)" in logged  # GARBAGE too
    assert logged.count("requête HTTP mal formée") == 3 and "Traceback" not in logged


async def test_a_cap_beyond_the_process_s_files_is_lowered_and_said(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    config = db_setup.CONFIG + f"\n[web]\nport = {port_libre()}\nspectateurs_max = 5000\n"
    async with served_bot(tmp_path, Emulateur(), config, fichiers=FILES) as bot:
        said = await _logged(tmp_path, "page de la salle")
        await bot.stop()
    assert (
        "WARNING amphi.web : [web] spectateurs_max = 5000 : le processus n'a droit qu'à 1024 "
        "fichiers ouverts ; 704 spectateurs au plus (relever LimitNOFILE du service pour en "
        "accueillir plus)"
    ) in said
    assert ", 704 spectateurs au plus" in said
