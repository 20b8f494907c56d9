"""The room's page, served by the running bot's process with aiohttp: read-only, in French, no
login (or a secret in its address). It follows the call without reloading: the room's view is
rendered once per change and pushed to every viewer (Server-Sent Events) within a moment of any
act, whoever made it — the phone, `amphi appel` in another process, a remote choice, a time-out
— because what it watches is the base. The browser's EventSource reconnects by itself.

Its viewers are capped (`[web] spectateurs_max`, within the process's open files): the page
accepts its connections itself, never more at once than the cap and a margin, the next viewers
told in French to come back (503, retried by the page), idle connections dropped; the bot's own
files (Telegram, the webhook, the base, a backup) are never taken."""

import asyncio
import contextlib
import errno
import logging
import random
import resource
import socket
import time
from datetime import datetime
from importlib import resources

import jinja2
from aiohttp import web
from markupsafe import Markup

from bot.operations import salle
from bot.operations.base import Contexte
from bot.operations.config import WebConfig
from bot.web import erreurs
from ranking.errors import Refused
from ranking.horloge import paris_hhmm

logger = logging.getLogger("amphi.web")
INTERVALLE = 0.1
"""Seconds between two looks at the lists' versions (one indexed read per list)."""
BATTEMENT = 15.0
"""Seconds between two keep-alive comments on an idle stream (proxies close silent ones)."""
INACTIF = 15.0
"""Seconds an idle connection is kept (one that sends no request, or none after its last):
each holds a file of the bot's process."""
ARRET = 1.0
"""Seconds a request still running is given when the bot stops (the streams end at once)."""
RESERVE = 256
"""Files of the process kept for the bot itself (Telegram, the webhook, the base, a backup):
the viewers never take them."""
MARGE = 64
"""Connections accepted beyond the viewers' cap: the next viewers, told to come back (503);
the others wait in the system's queue until one of those is answered."""
ATTENTE = 1024
"""Connections the system queues while the page accepts no more."""
NOUVEL_ESSAI = (5, 15)
"""Seconds after which a viewer turned away tries again (drawn: they do not all come back at
once)."""
TROP_DE_SPECTATEURS = (
    "Trop de spectateurs en ce moment ({plafond} au plus) : cette page réessaie toute seule "
    "dans quelques secondes."
)
PLAFOND_REDUIT = (
    "[web] spectateurs_max = {voulu} : le processus n'a droit qu'à {limite} fichiers ouverts ; "
    "{plafond} spectateurs au plus (relever LimitNOFILE du service pour en accueillir plus)"
)
FICHIERS_EPUISES = (
    "page de la salle : plus aucun fichier libre pour accepter une connexion (limite du "
    "processus atteinte) : les nouvelles connexions attendent"
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
        self.spectateurs = 0
        """Event streams open now (the viewers)."""
        self.fini = False
        """The bot is stopping: every stream ends."""
        self.panne: str | None = None
        """Why the last look at the base failed (None: it did not)."""

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
            except Exception as error:  # a bad moment of the base: the page keeps its last view
                said = erreurs.raison(error)
                if said != self.panne:  # told once, not ten times a second
                    logger.warning(
                        "page de la salle non actualisée (%s) : elle garde sa dernière vue", said
                    )
                self.panne = said
            else:
                self.panne = None
            await asyncio.sleep(INTERVALLE)

    async def suivante(self, vue: int) -> bool:
        """Wait for a view newer than `vue`, or the end (False: nothing came within
        BATTEMENT)."""
        try:
            async with asyncio.timeout(BATTEMENT), self.change:
                await self.change.wait_for(lambda: self.numero > vue or self.fini)
        except TimeoutError:
            return False
        return True

    async def fermer(self) -> None:
        """Every stream ends now (the bot stops: no viewer holds it)."""
        self.fini = True
        async with self.change:
            self.change.notify_all()


def plafond(voulu: int) -> tuple[int, int]:
    """The viewers accepted at once, and the process's limit of open files (read now): never
    more than the limit leaves beside the bot's own files."""
    limite = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limite == resource.RLIM_INFINITY:
        return voulu, limite
    return max(1, min(voulu, limite - RESERVE - MARGE)), limite


def application(diffusion: Diffusion, maximum: int) -> web.Application:
    """The page, its projector view, its stylesheet and its event stream; at most `maximum`
    streams at once, the next viewers told so in French (503) and trying again by
    themselves."""
    chemin = diffusion.config.chemin

    def titre_() -> str:  # read at each request: the bot may move to a new semester
        config = diffusion.ctx.config
        parts = (config.circonscription, config.semestre and config.semestre.label)
        return " — ".join(part for part in parts if part)

    def complet() -> web.Response:
        attente = random.randint(*NOUVEL_ESSAI)
        html = diffusion.gabarits.get_template("complet.html").render(
            titre=titre_(), attente=attente, message=TROP_DE_SPECTATEURS.format(plafond=maximum)
        )
        response = web.Response(
            status=503, text=html, content_type="text/html", charset="utf-8",
            headers={"Retry-After": str(attente), "Cache-Control": "no-store"},
        )  # fmt: skip
        response.force_close()  # its file freed at once
        return response

    def page(vue: str):
        async def handle(request: web.Request) -> web.Response:
            if diffusion.spectateurs >= maximum:
                return complet()
            html = diffusion.gabarits.get_template("page.html").render(
                titre=titre_(), vue=vue, contenu=Markup(diffusion.html),
                tour_de_page=diffusion.config.tour_secondes * 1000,
            )  # fmt: skip
            return web.Response(text=html, content_type="text/html", charset="utf-8")

        return handle

    css = (resources.files("bot.web") / "gabarits" / "style.css").read_text(encoding="utf-8")

    async def style(request: web.Request) -> web.Response:
        return web.Response(text=css, content_type="text/css", charset="utf-8")

    entetes = {
        "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache",
        "X-Accel-Buffering": "no",
    }  # fmt: skip

    async def flux(request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":  # what the stream would be, without it
            return web.Response(headers=entetes)
        if diffusion.spectateurs >= maximum or diffusion.fini:
            return complet()
        diffusion.spectateurs += 1
        try:
            response = web.StreamResponse(headers=entetes)
            await response.prepare(request)
            vue = -1
            while not diffusion.fini:
                if diffusion.numero > vue:
                    vue = diffusion.numero
                    await response.write(diffusion.evenement)
                elif not await diffusion.suivante(vue) and not diffusion.fini:
                    await response.write(b": toujours en direct\n\n")
        except ConnectionResetError:  # the viewer left; a cancellation (shutdown) goes through
            pass
        finally:
            diffusion.spectateurs -= 1
        return response

    app = web.Application(middlewares=[erreurs.en_francais])
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
        self.spectateurs_max = config.spectateurs_max
        self.ecoute: socket.socket | None = None
        self.accueil: asyncio.Task | None = None
        self.epuise = float("-inf")

    async def demarrer(self, ctx: Contexte) -> None:
        self.spectateurs_max, limite = plafond(self.config.spectateurs_max)
        if self.spectateurs_max < self.config.spectateurs_max:
            logger.warning(PLAFOND_REDUIT.format(
                voulu=self.config.spectateurs_max, limite=limite, plafond=self.spectateurs_max
            ))  # fmt: skip
        self.diffusion = diffusion = Diffusion(ctx, self.config)
        await diffusion.actualiser()
        self.regard = asyncio.create_task(diffusion.regarder())
        self.runner = web.AppRunner(
            application(diffusion, self.spectateurs_max), handle_signals=False,
            access_log=None, keepalive_timeout=INACTIF, shutdown_timeout=ARRET,
            handler_cancellation=True,  # a viewer who leaves frees his place at once
        )  # fmt: skip
        await self.runner.setup()
        try:
            self.ecoute = socket.create_server(
                (self.config.ecoute, self.config.port), backlog=ATTENTE,
                family=socket.AF_INET6 if ":" in self.config.ecoute else socket.AF_INET,
            )  # fmt: skip
        except OSError as error:
            await self.arreter()
            why = POURQUOI.get(error.errno, "le système le refuse")
            raise Refused(
                f"[web] : la page de la salle ne peut pas écouter sur {self.config.ecoute}:"
                f"{self.config.port} : {why}"
            ) from None
        self.ecoute.setblocking(False)
        self.accueil = asyncio.create_task(self.accueillir())
        host, port = self.ecoute.getsockname()[:2]
        self.adresse = f"http://{host}:{port}{self.config.chemin}"
        secret = self.config.secret
        said = self.adresse.replace(secret, f"{secret[:4]}…") if secret else self.adresse
        logger.info(
            "page de la salle : %s (projecteur : %sprojecteur)%s, %d spectateurs au plus", said,
            said, " ; adresse complète : [web] secret de la configuration" if secret else "",
            self.spectateurs_max,
        )  # fmt: skip

    async def changer(self, ctx: Contexte) -> None:
        """The bot moved to a new semester: its lists, its label in the page's header."""
        if self.diffusion is not None:
            self.diffusion.ctx = ctx
            self.diffusion.version = None  # drawn again at its next look
            await self.diffusion.actualiser()

    async def accueillir(self) -> None:
        """Accept the connections, never more open at once than the viewers' cap and MARGE
        (each is a file of the bot's process): the others wait in the system's queue."""
        loop = asyncio.get_running_loop()
        server = self.runner.server
        protocole = erreurs.Protocole.usine(server)
        while True:
            while len(server.connections) >= self.spectateurs_max + MARGE:
                await asyncio.sleep(0.01)
            try:
                connection, _ = await loop.sock_accept(self.ecoute)
            except OSError:  # no file left (another part of the process took them)
                if time.monotonic() - self.epuise > 60:
                    self.epuise = time.monotonic()
                    logger.warning(FICHIERS_EPUISES)
                await asyncio.sleep(0.5)
                continue
            try:
                await loop.connect_accepted_socket(protocole, connection)
            except OSError:  # gone before it was served
                connection.close()

    async def arreter(self) -> None:
        if self.accueil is not None:
            self.accueil.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.accueil
        if self.ecoute is not None:
            self.ecoute.close()
        if self.diffusion is not None:
            await self.diffusion.fermer()
        if self.regard is not None:
            self.regard.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.regard
        if self.runner is not None:
            await self.runner.cleanup()
