"""The room's page, served by the running bot's process with aiohttp: read-only, in French, no
login (or a secret in its address). It follows the call without reloading: the room's view is
rendered once per change and pushed to every viewer (Server-Sent Events) within a moment of any
act, whoever made it — the phone, `amphi appel` in another process, a remote choice, a time-out
— because what it watches is the base. The browser's EventSource reconnects by itself."""

import asyncio
import contextlib
import errno
import logging
from datetime import datetime
from importlib import resources

import jinja2
from aiohttp import web
from markupsafe import Markup

from bot.operations import salle
from bot.operations.base import Contexte
from bot.operations.config import WebConfig
from ranking.errors import Refused
from ranking.horloge import paris_hhmm

logger = logging.getLogger("amphi.web")
INTERVALLE = 0.1
"""Seconds between two looks at the lists' versions (one indexed read per list)."""
BATTEMENT = 15.0
"""Seconds between two keep-alive comments on an idle stream (proxies close silent ones)."""
TOUR_DE_PAGE_MS = 8000
PAGE_INTROUVABLE = (
    "Page introuvable. Le choix des postes se suit à l'adresse donnée par le gestionnaire."
)


def _gabarits() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.web", "gabarits"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(qui=_qui, heure=_heure)
    return environment


def _qui(personne: salle.Interne) -> str:
    return f"rang {personne.rang}" + (f" — {personne.nom}" if personne.nom else "")


def _heure(moment: datetime | None) -> str:
    return paris_hhmm(moment) if moment else "—"


class Diffusion:
    """The room's view, rendered once per change, and the viewers waiting for the next."""

    def __init__(self, ctx: Contexte, config: WebConfig):
        self.ctx, self.config = ctx, config
        self.gabarits = _gabarits()
        self.version: tuple[tuple[int, int], ...] | None = None
        self.html = ""
        self.numero = 0
        self.evenement = b""
        """The view as one event of the stream, encoded once for every viewer."""
        self.change = asyncio.Condition()

    async def actualiser(self) -> None:
        """Render again if any list moved since the last look."""
        version = await salle.version(self.ctx)
        if version == self.version:
            return
        view = await salle.salle(self.ctx, self.config.rang_seul)
        self.html = self.gabarits.get_template("salle.html").render(
            salle=view, rang_seul=self.config.rang_seul
        )
        self.version = version
        self.numero += 1
        data = "".join(f"data: {line}\n" for line in self.html.splitlines())
        self.evenement = f"event: salle\nid: {self.numero}\n{data}\n".encode()
        async with self.change:
            self.change.notify_all()

    async def regarder(self) -> None:
        while True:
            try:
                await self.actualiser()
            except Exception:  # a bad moment of the base: the page keeps its last view
                logger.exception("page de la salle non actualisée")
            await asyncio.sleep(INTERVALLE)

    async def suivante(self, vue: int) -> bool:
        """Wait for a view newer than `vue` (False: none came within BATTEMENT)."""
        try:
            async with asyncio.timeout(BATTEMENT), self.change:
                await self.change.wait_for(lambda: self.numero > vue)
        except TimeoutError:
            return False
        return True


def application(diffusion: Diffusion) -> web.Application:
    chemin = diffusion.config.chemin
    config = diffusion.ctx.config
    titre = " — ".join(
        part for part in (config.circonscription, config.semestre and config.semestre.label) if part
    )

    def page(vue: str):
        async def handle(request: web.Request) -> web.Response:
            html = diffusion.gabarits.get_template("page.html").render(
                titre=titre, vue=vue, contenu=Markup(diffusion.html),
                tour_de_page=TOUR_DE_PAGE_MS,
            )  # fmt: skip
            return web.Response(text=html, content_type="text/html", charset="utf-8")

        return handle

    css = (resources.files("bot.web") / "gabarits" / "style.css").read_text(encoding="utf-8")

    async def style(request: web.Request) -> web.Response:
        return web.Response(text=css, content_type="text/css", charset="utf-8")

    async def flux(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        })  # fmt: skip
        await response.prepare(request)
        vue = -1
        try:
            while True:
                if diffusion.numero > vue:
                    vue = diffusion.numero
                    await response.write(diffusion.evenement)
                elif not await diffusion.suivante(vue):
                    await response.write(b": toujours en direct\n\n")
        except ConnectionResetError:  # the viewer left; a cancellation (shutdown) goes through
            pass
        return response

    @web.middleware
    async def en_francais(request: web.Request, handler):
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return web.Response(status=404, text=PAGE_INTROUVABLE, charset="utf-8")

    app = web.Application(middlewares=[en_francais])
    app.router.add_get(chemin, page("telephone"))
    app.router.add_get(f"{chemin}projecteur", page("projecteur"))
    app.router.add_get(f"{chemin}style.css", style)
    app.router.add_get(f"{chemin}flux", flux)
    return app


POURQUOI = {
    errno.EADDRINUSE: "port déjà pris par un autre programme (un autre amphi bot ?)",
    errno.EADDRNOTAVAIL: "cette adresse n'est pas celle de cette machine",
    errno.EACCES: "port réservé à l'administrateur (en dessous de 1024)",
}


class PageSalle:
    """The room's page beside the bot: started once the base is open, stopped before it
    closes (the bot's post_init and post_shutdown)."""

    def __init__(self, config: WebConfig):
        self.config = config
        self.runner: web.AppRunner | None = None
        self.diffusion: Diffusion | None = None
        self.regard: asyncio.Task | None = None
        self.adresse = ""

    async def demarrer(self, ctx: Contexte) -> None:
        self.diffusion = diffusion = Diffusion(ctx, self.config)
        await diffusion.actualiser()
        self.regard = asyncio.create_task(diffusion.regarder())
        self.runner = web.AppRunner(application(diffusion), handle_signals=False)
        await self.runner.setup()
        try:
            await web.TCPSite(self.runner, self.config.ecoute, self.config.port).start()
        except OSError as error:
            await self.arreter()
            why = POURQUOI.get(error.errno, "le système le refuse")
            raise Refused(
                f"[web] : la page de la salle ne peut pas écouter sur {self.config.ecoute}:"
                f"{self.config.port} : {why}"
            ) from None
        host, port = self.runner.addresses[0][:2]
        self.adresse = f"http://{host}:{port}{self.config.chemin}"
        logger.info("page de la salle : %s (projecteur : %sprojecteur)", self.adresse,
                    self.adresse)  # fmt: skip

    async def arreter(self) -> None:
        if self.regard is not None:
            self.regard.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.regard
        if self.runner is not None:
            await self.runner.cleanup()
