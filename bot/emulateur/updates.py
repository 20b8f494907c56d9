"""Updates and the webhook: getUpdates long polling (refused while a webhook is set, as
Telegram does), setWebhook on an HTTPS URL with a well-formed secret, deleteWebhook."""

import asyncio
import itertools
import re
from typing import TYPE_CHECKING

from bot.emulateur.model import ApiError
from bot.emulateur.params import flag

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


async def get_updates(emu: "Emulateur", params: dict) -> list[dict]:
    if emu.webhook:
        raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                       "use deleteWebhook to delete the webhook first")  # fmt: skip
    offset = int(params.get("offset") or 0)
    limit = int(params.get("limit") or 100)
    timeout = float(params.get("timeout") or 0)
    while emu.updates and emu.updates[0]["update_id"] < offset:
        emu.updates.popleft()
    if not emu.updates and timeout > 0 and not emu.ferme:
        try:
            async with asyncio.timeout(timeout), emu.changed:
                await emu.changed.wait_for(lambda: bool(emu.updates) or emu.ferme)
        except TimeoutError:
            pass
    return list(itertools.islice(emu.updates, limit))


async def set_webhook(emu: "Emulateur", params: dict) -> bool:
    url, secret = str(params.get("url") or ""), params.get("secret_token")
    if not url.startswith("https://"):
        raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
        raise ApiError(400, "Bad Request: secret token contains unallowed characters")
    emu.webhook = {"url": url, "secret_token": secret}
    return True


async def delete_webhook(emu: "Emulateur", params: dict) -> bool:
    emu.webhook = None
    if flag(params.get("drop_pending_updates")):
        emu.updates.clear()
    return True


async def get_webhook_info(emu: "Emulateur", params: dict) -> dict:
    return {
        "url": emu.webhook["url"] if emu.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(emu.updates),
    }


METHODS = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
