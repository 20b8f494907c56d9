"""A Bot API call's parameters read as Telegram reads them: JSON fields, flags, a text in its
parse mode (checked, measured in UTF-16), an inline keyboard; `ApiError` 400 where Telegram
refuses them."""

import json

from bot.emulateur.html import EntitiesError, parse, utf16_length
from bot.emulateur.model import CALLBACK_DATA_LIMIT, ApiError


def chat_id_of(params: dict) -> int | None:
    try:
        return int(str(params.get("chat_id")))
    except ValueError:
        return None


def json_field(value: object) -> object:
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise ApiError(400, "Bad Request: can't parse JSON") from None


def flag(value: object) -> bool:
    return str(value).lower() in {"true", "1"}


def formatted(params: dict, name: str, limit: int, required: bool) -> tuple[str | None, list[dict]]:
    """The text as Telegram keeps it: parsed (no tags) with its entities."""
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(400, "Bad Request: message text is empty")
        return None, []
    shown, entities = str(raw), []
    mode = str(params.get("parse_mode", ""))
    if mode.upper() not in ("", "HTML", "MARKDOWN", "MARKDOWNV2"):
        raise ApiError(400, f"Bad Request: unsupported parse_mode: {mode[:40]}")
    if mode.upper() == "HTML":
        try:
            shown, entities = parse(shown)
        except EntitiesError as error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None
    if not shown.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(shown) > limit:
        what = "message is too long" if name == "text" else "message caption is too long"
        raise ApiError(400, f"Bad Request: {what}")
    return shown, entities


def markup(value: object) -> dict | None:
    keyboard = json_field(value)
    if not keyboard:
        return None
    for row in keyboard.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not (1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return keyboard
