"""The bot itself: getMe, and its command menus per scope (setMyCommands checks each name and
description as Telegram does)."""

import json
from typing import TYPE_CHECKING

from bot.emulateur.model import ApiError
from bot.emulateur.params import json_field

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


async def get_me(emu: "Emulateur", params: dict) -> dict:
    return emu.bot_user


async def set_my_commands(emu: "Emulateur", params: dict) -> bool:
    commands = json_field(params.get("commands")) or []
    if len(commands) > 100:
        raise ApiError(400, "Bad Request: too many commands")
    for command in commands:
        name, description = command.get("command", ""), command.get("description", "")
        if not (1 <= len(name) <= 32) or not all(c.islower() or c.isdigit() or c == "_"
                                                 for c in name):  # fmt: skip
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not (1 <= len(description) <= 256):
            raise ApiError(400, "Bad Request: command description is invalid")
    emu.commandes[_scope(params)] = commands
    return True


async def delete_my_commands(emu: "Emulateur", params: dict) -> bool:
    emu.commandes.pop(_scope(params), None)
    return True


def _scope(params: dict) -> str:
    return json.dumps(json_field(params.get("scope")) or {"type": "default"})


METHODS = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands,
}
