"""The room's page: what a projector, a hospital or an interne without Telegram sees of the day,
read over HTTP as a browser reads it, following the call as acts are made elsewhere (the
laptop in another process, the real bot), never showing what the room would not see."""

import asyncio
import logging
import re
import socket

import aiohttp
import pytest

from bot.emulateur import Emulateur
from bot.operations import appel as appel_operations
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from bot.operations.config import WebConfig, load_config, web_config
from bot.web.serveur import PageSalle
from ranking.errors import InvalidInput
from storage.database import Database
from tests import db_setup
from tests.bot_process import port_libre, served_bot
from tests.cli_harness import portable
from tests.conftest import liste_simple

SECRET = "salle-privee-0123456789"


async def _day(path) -> Database:
    """MG of 12 internes open for choice; rang 3 gave a procuration with his phone."""
    config = db_setup.config()
    (path.parent / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    await liste_simple(path, config, 12, 24)
    database = await Database.open(path)
    ctx = Contexte(database, config, "Mme Durand")
    await voeux_operations.deposer_procuration(
        ctx, "3", "06 12 34 56 78", ["MG-1", "MG-2", "MG-3"], None
    )
    await appel_operations.ouvrir(ctx, "MG")
    return database


async def _events(response: aiohttp.ClientResponse):
    """The Server-Sent Events of a stream: each event's data."""
    data: list[str] = []
    async for raw in response.content:
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith("data: "):
            data.append(line[len("data: ") :])
        elif not line and data:
            yield "\n".join(data)
            data = []


async def test_the_page_follows_the_laptop_s_acts_without_a_reload(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await _day(path)
    page = PageSalle(WebConfig(0))
    await page.demarrer(Contexte(database, db_setup.config(), "web"))
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(page.adresse) as response:
                html = await response.text()
                assert response.status == 200 and response.content_type == "text/html"
            assert '<html lang="fr">' in html
            assert "Appelé : <strong>rang 1 — Nom1 Prénom</strong>" in html
            assert "<caption>Ensuite</caption>" in html and "<td>Nom2 Prénom</td>" in html
            assert not any(phone in html for phone in ("06 12 34", "+33 6 12", "0612345678"))
            async with http.get(f"{page.adresse}flux") as stream:
                events = _events(stream)
                first = await anext(events)
                assert "rang 1 — Nom1 Prénom" in first
                await portable(path, "choisir", "1", "MG-5")  # the laptop, another process
                moved = await asyncio.wait_for(anext(events), timeout=3)
            assert "Appelé : <strong>rang 2 — Nom2 Prénom</strong>" in moved
            assert "<td>MG-5</td><td>CHU Amiens — service 5</td><td>1 / 2</td>" in moved
            assert "<caption>Derniers choix</caption>" in moved and "<td>Nom1 Prénom</td>" in moved
            async with http.get(f"{page.adresse}projecteur") as response:
                assert '<body class="projecteur">' in await response.text()
            async with http.get(f"{page.adresse}ailleurs") as response:
                assert response.status == 404
                assert (await response.text()).startswith("Page introuvable.")
    finally:
        await page.arreter()
        await database.close()


async def test_a_private_page_needs_its_secret_and_may_show_rangs_only(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await _day(path)
    page = PageSalle(WebConfig(0, secret=SECRET, rang_seul=True))
    await page.demarrer(Contexte(database, db_setup.config(), "web"))
    root = page.adresse.removesuffix(f"{SECRET}/")
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(root) as response:
                assert response.status == 404
            async with http.get(f"{root}flux") as response:
                assert response.status == 404
            async with http.get(page.adresse) as response:
                html = await response.text()
        assert "Appelé : <strong>rang 1</strong>" in html
        assert "Nom1" not in html and "Nom2" not in html
    finally:
        await page.arreter()
        await database.close()


def test_the_web_table_is_checked(tmp_path):
    def read(table: str):
        (tmp_path / "config.toml").write_text(db_setup.CONFIG + table, encoding="utf-8")
        config = load_config(str(tmp_path / "config.toml"))
        return web_config(config, "config.toml")

    assert read("") is None
    assert read("\n[web]\nport = 8080\n") == WebConfig(8080)
    assert read("\n[web]\nport = 8080\nspectateurs_max = 200\n").spectateurs_max == 200
    assert read("\n[web]\nport = 8080\ntour_secondes = 12\n").tour_secondes == 12
    with pytest.raises(InvalidInput) as unknown:
        read('\n[web]\nport = 8080\ncouleur = "bleu"\n')
    assert "couleur" in str(unknown.value)
    with pytest.raises(InvalidInput) as wrong:
        read(
            '\n[web]\nport = 99999\nsecret = "court"\nrang_seul = "oui"\nspectateurs_max = 0\n'
            "tour_secondes = 1\n"
        )
    said = str(wrong.value)
    assert "[web] port" in said and "[web] secret" in said and "[web] rang_seul" in said
    assert "[web] spectateurs_max : nombre entier de 1 à 100000 attendu" in said
    assert "[web] tour_secondes : nombre entier de 2 à 120 attendu" in said


async def test_amphi_bot_serves_the_page_and_says_where(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    port = port_libre()
    config = db_setup.CONFIG + f"\n[web]\nport = {port}\n"
    async with served_bot(tmp_path, Emulateur(), config) as bot:
        log = tmp_path / "bot.log"
        for _ in range(100):
            if "page de la salle" in log.read_text(encoding="utf-8"):
                break
            await asyncio.sleep(0.1)
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/") as page:
            assert "Appelé : <strong>rang 1 — Nom1 Prénom</strong>" in await page.text()
        await bot.stop()
    assert f"page de la salle : http://127.0.0.1:{port}/" in log.read_text(encoding="utf-8")


async def test_a_port_already_taken_is_refused_in_french_and_nothing_runs(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = db_setup.CONFIG + f"\n[web]\nport = {port}\n"
        async with served_bot(tmp_path, Emulateur(), config) as bot:
            assert await asyncio.wait_for(bot.process.wait(), 30) == 2
    said = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert f"la page de la salle ne peut pas écouter sur 127.0.0.1:{port} : port déjà pris" in said


async def test_the_next_ones_times_never_collapse_to_one_minute_after_a_burst_of_acts(tmp_path):
    """Four choices recorded a second or two apart (the laptop catching up): the five next are
    still estimated at the room's pace, at least half a minute each, not all at the same
    minute."""
    path = tmp_path / "amphi.sqlite3"
    await (await _day(path)).close()
    for rang, poste in (("1", "MG-5"), ("2", "MG-6"), ("3", "MG-7"), ("4", "MG-8")):
        await portable(path, "choisir", rang, poste)
        await asyncio.sleep(1.2)
    database = await Database.open(path)
    page = PageSalle(WebConfig(0))
    await page.demarrer(Contexte(database, db_setup.config(), "web"))
    try:
        async with aiohttp.ClientSession() as http, http.get(page.adresse) as response:
            html = await response.text()
    finally:
        await page.arreter()
        await database.close()
    suivants = html.split("<caption>Ensuite</caption>")[1].split("</table>")[0]
    times = re.findall(r"<td>(\d\d):(\d\d)</td></tr>", suivants)
    assert len(times) == 5, suivants
    minutes = [int(h) * 60 + int(m) for h, m in times]
    assert minutes == sorted(minutes) and minutes[-1] - minutes[0] >= 2, times


async def test_an_idle_connection_is_dropped(tmp_path):
    """A connection that asks nothing (or nothing more) holds a file of the bot: closed after
    a few seconds, while a viewer's stream stays open."""
    path = tmp_path / "amphi.sqlite3"
    database = await _day(path)
    page = PageSalle(WebConfig(0))
    await page.demarrer(Contexte(database, db_setup.config(), "web"))
    port = int(page.adresse.split(":")[2].split("/")[0])
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{page.adresse}flux") as stream:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            closed = await asyncio.wait_for(reader.read(), 30)  # the server closes it
            writer.close()
            assert closed == b""
            assert b"event: salle" in await stream.content.readuntil(b"\n\n")
            alive = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 20)
            assert alive == b": toujours en direct\n\n"  # the viewer's stream lives on
    finally:
        await page.arreter()
        await database.close()


async def _raw(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    got = await asyncio.wait_for(reader.read(), 10)  # the server answers, then closes
    writer.close()
    return got


async def test_every_answer_of_the_page_is_french_and_each_fault_one_line(tmp_path, caplog):
    """404, 405, a request that is not HTTP (400): French, for the viewer and in the log, where
    a malformed request is said once as such; a base gone bad is one line, no traceback."""
    caplog.set_level(logging.INFO, logger="amphi.web")
    path = tmp_path / "amphi.sqlite3"
    database = await _day(path)
    page = PageSalle(WebConfig(0))
    await page.demarrer(Contexte(database, db_setup.config(), "web"))
    port = int(page.adresse.split(":")[2].split("/")[0])
    try:
        async with aiohttp.ClientSession() as http:
            async with http.post(page.adresse, data="x") as response:
                assert response.status == 405 and "GET" in response.headers["Allow"]
                said = await response.text()
            assert said == "Méthode POST refusée : cette page se lit seulement (GET)."
            async with http.get(f"{page.adresse}ailleurs") as response:
                assert response.status == 404
                assert (await response.text()).startswith("Page introuvable.")
        for bad in (b"GARBAGE / HTTP/1.1\r\n\r\n", b"GARBAGE / HTTP/1.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n"):  # fmt: skip
            head, _, body = (await _raw(port, bad)).partition(b"\r\n\r\n")
            assert head.split(b" ")[1] == b"400", head
            assert (
                body.decode()
                == "Requête mal formée : refusée. Cette page se lit avec un navigateur."
            )
        await database.close()  # the base gone from under the page
        await asyncio.sleep(1)
    finally:
        await page.arreter()
    lines = [r.getMessage() for r in caplog.records if r.name == "amphi.web"]
    assert (
        lines.count(
            "requête HTTP mal formée reçue (méthode inconnue) : refusée (400), rien n'a changé"
        )
        == 1
    ), lines  # twice sent, said once
    assert (
        "requête HTTP mal formée reçue (requête illisible) : refusée (400), rien n'a changé"
        in lines
    )
    stale = [line for line in lines if line.startswith("page de la salle non actualisée (")]
    assert len(stale) == 1, lines
    assert not any(r.exc_info for r in caplog.records), "no traceback in the log"
