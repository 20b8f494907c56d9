"""The bot's life from start to stop, for long polling and for the webhook alike.

SIGINT and SIGTERM only ask for the stop: one that comes while the bot is still starting is
heard once it has started, and everything then stops in PTB's order (updates, application,
persistence written to the base, then the base closed). PTB's own `run_polling` loses its way
on a signal in the middle of its start (« Event loop stopped before Future completed »), and
leaves the base open: the process then never ends, and systemd kills it after 90 s."""

import asyncio
import signal
from collections.abc import Awaitable, Callable

from telegram.ext import Application

Demarrage = Callable[[], Awaitable[Callable[[], Awaitable[None]] | None]]
"""What starts receiving updates once the application runs; it returns what stops it."""


async def vivre(application: Application, recevoir: Demarrage) -> None:
    """Started, alive until SIGINT/SIGTERM, stopped in order whatever came in between."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    arreter = None
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        arreter = await recevoir()
        await stop.wait()
    finally:
        if arreter is not None:
            await arreter()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
