"""A Telegram Bot API emulator for offline tests, the demo and rehearsals: Telegram on this
machine, as strict as Telegram. It knows nothing of amphi.

`core` the state and the way in of each call; the Bot API by area: `messages` (send, edit,
delete), `callbacks` (presses answered), `chats` (chats and members), `files` (documents),
`updates` (getUpdates, the webhook), `commands` (getMe, the command menus); `flood` Telegram's
rate limits; `params` and `html` how Telegram reads a call's fields and its HTML; `users` the
people's side; `http` the emulator over HTTP (an httpx transport, a server on 127.0.0.1).
"""

from bot.emulateur.core import Emulateur
from bot.emulateur.flood import GLOBAL_RATE
from bot.emulateur.model import ApiError, Message, Utilisateur

__all__ = ["GLOBAL_RATE", "ApiError", "Emulateur", "Message", "Utilisateur"]
