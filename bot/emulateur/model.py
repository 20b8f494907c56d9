"""What the emulator holds and answers with: a user, a message as a chat shows it, Telegram's
refusal, and the limits Telegram enforces on what the bot sends."""

from dataclasses import dataclass, field

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
ALERT_LIMIT = 200

NON_MODIFIE = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
"""Telegram's answer to an edit that would leave the message as it is (text or keyboard)."""


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def payload(self) -> dict:
        body = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Utilisateur:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    phone_number: str | None = None
    bloque: bool = False

    def as_dict(self) -> dict:
        data = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["language_code"] = "fr"
        return data


@dataclass
class Message:
    """A message as a chat shows it now (edits applied)."""

    message_id: int
    chat: dict
    date: int
    du_bot: bool
    text: str | None = None
    reply_markup: dict | None = None
    document: dict | None = None
    caption: str | None = None
    modifications: int = 0
    entities: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    recu_a: float = 0.0
    """When it reached Telegram (the emulator's clock: time.monotonic unless a test gives one)."""

    def as_dict(self, bot_user: dict, sender: dict | None) -> dict:
        data = {
            "message_id": self.message_id,
            "from": bot_user if self.du_bot else sender,
            "chat": self.chat,
            "date": self.date,
            **self.extra,
        }
        if self.text is not None:
            data["text"] = self.text
        if self.entities:
            data["entities"] = self.entities
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup  # Telegram echoes inline keyboards only
        if self.document:
            data["document"] = self.document
        if self.caption:
            data["caption"] = self.caption
        if self.modifications:
            data["edit_date"] = self.date
        return data

    @property
    def boutons(self) -> list[tuple[str, str]]:
        """(label, callback data) of its inline keyboard, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]
