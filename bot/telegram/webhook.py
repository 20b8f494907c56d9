"""Webhook mode, for a bot behind a reverse proxy: Telegram posts each update to
`[telegram] webhook_url`, the proxy hands it to amphi on `webhook_ecoute:webhook_port`. Served
with aiohttp (already amphi's), not PTB's tornado extra: a request without Telegram's secret
header is refused (403) before its body is read; nothing is processed."""

import hmac
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.operations.config import TelegramConfig

ENTETE = "X-Telegram-Bot-Api-Secret-Token"
TAILLE_MAX = 1 << 20
"""Bytes of an update accepted (Telegram's are a few kilobytes)."""


def application_web(application: Application, secret: str, path: str) -> web.Application:
    async def recevoir(request: web.Request) -> web.Response:
        given = request.headers.get(ENTETE, "")  # not ASCII: its undecodable bytes kept
        if not hmac.compare_digest(given.encode(errors="surrogateescape"), secret.encode()):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response()

    server = web.Application(client_max_size=TAILLE_MAX)
    server.router.add_post(path, recevoir)
    return server


def chemin(telegram: TelegramConfig) -> str:
    return urlparse(telegram.webhook_url).path or "/"


async def recevoir(application: Application, telegram: TelegramConfig):
    """Listening, then the webhook registered with Telegram (its secret with it): the updates
    received are handed to the application. Returns what stops listening."""
    server = application_web(application, telegram.webhook_secret, chemin(telegram))
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, telegram.webhook_ecoute, telegram.webhook_port).start()
    await application.bot.set_webhook(  # once listening: no update posted to nobody
        telegram.webhook_url, secret_token=telegram.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
    )  # fmt: skip
    return runner.cleanup
