"""Button presses answered: once each, while fresh, with an alert Telegram can show."""

from typing import TYPE_CHECKING

from bot.emulateur.model import ALERT_LIMIT, ApiError

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


async def answer_callback_query(emu: "Emulateur", params: dict) -> bool:
    query = emu.callbacks.get(str(params.get("callback_query_id")))
    if query is None or query["answered"]:
        raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                            "query ID is invalid")  # fmt: skip
    text = params.get("text")
    if text is not None and len(str(text)) > ALERT_LIMIT:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    query.update(answered=True, text=text)
    return True


METHODS = {"answerCallbackQuery": answer_callback_query}
