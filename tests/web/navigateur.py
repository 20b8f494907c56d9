"""Debian's Chromium, headless, driven from Python over the DevTools protocol with aiohttp's
websocket client (no browser-automation package): open a page, read what it shows now, take a
picture of it."""

import asyncio
import base64
import itertools
import json
import shutil
import tempfile
from pathlib import Path

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ABSENT = (
    "Chromium absent : le test de la page dans un vrai navigateur est sauté. Pour le lancer : "
    "apt-get install chromium (.ci/run l'installe quand il tourne en root), puis make test."
)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-port=0",
)  # fmt: skip


class Navigateur:
    def __init__(self, largeur: int = 1280, hauteur: int = 720):
        self.taille = f"--window-size={largeur},{hauteur}"
        self.ids = itertools.count(1)

    async def __aenter__(self) -> "Navigateur":
        self.dossier = tempfile.TemporaryDirectory(
            prefix="amphi-chromium-", ignore_cleanup_errors=True
        )
        self.process = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, self.taille, f"--user-data-dir={self.dossier.name}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        port_file = Path(self.dossier.name) / "DevToolsActivePort"
        for _ in range(200):
            if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
                break
            await asyncio.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self.ws = await self.http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        await self.http.close()
        self.process.terminate()
        await self.process.wait()
        self.dossier.cleanup()

    async def envoyer(self, method: str, **params) -> dict:
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == ident:
                if "error" in data:
                    raise RuntimeError(data["error"])
                return data.get("result", {})
        raise ConnectionError("Chromium a fermé la connexion")

    async def ouvrir(self, url: str) -> None:
        await self.envoyer("Page.navigate", url=url)
        for _ in range(100):
            if await self.lire("document.readyState") == "complete":
                return
            await asyncio.sleep(0.05)

    async def lire(self, expression: str):
        found = await self.envoyer("Runtime.evaluate", expression=expression, returnByValue=True)
        return found["result"].get("value")

    async def attendre(self, expression: str, timeout: float = 10.0) -> None:
        """Until the page's `expression` is true (read every 50 ms)."""
        async with asyncio.timeout(timeout):
            while not await self.lire(expression):
                await asyncio.sleep(0.05)

    async def photo(self, cible: Path) -> None:
        shot = await self.envoyer("Page.captureScreenshot", format="png")
        cible.write_bytes(base64.b64decode(shot["data"]))
