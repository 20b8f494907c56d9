"""A Telegram Bot API emulator: the bot's side (the methods amphi calls, answered with
Telegram's JSON shapes and refused as Telegram refuses) and the users' side (write, share a
contact, send a document, press a button, block the bot), with a record of what each chat
received. Breaches of what Telegram enforces are kept in `violations`: a test fails on them.
"""

import asyncio
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.repetition.emulator.html import EntitiesError, parse, utf16_length

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
ALERT_LIMIT = 200
GLOBAL_RATE = 30  # messages per second, all chats together
PRIVATE_BURST, PRIVATE_RATE = 20, 1.0  # a short burst, then about one message a second
GROUP_BURST, GROUP_RATE = 20, 20 / 60


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


class _Bucket:
    def __init__(self, burst: float, rate: float, clock: Callable[[], float]):
        self.burst, self.rate, self.clock = burst, rate, clock
        self.tokens, self.at = burst, clock()

    def take(self) -> int | None:
        """None when allowed, else the seconds to wait (Telegram's retry_after)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return max(1, int((1 - self.tokens) / self.rate + 0.999))


class Emulateur:
    def __init__(
        self,
        token: str = "123456:EMULATEUR",
        username: str = "amphi_bot",
        clock: Callable[[], float] = time.monotonic,
        flood: bool = True,
        rythme_par_chat: float = PRIVATE_RATE,
        latence: float = 0.0,
    ):
        """`flood=False` lifts Telegram's rate limits (a bench of the bot's own work);
        `rythme_par_chat` is what a private chat accepts a second after its burst (a day played
        faster than people would play it raises it: a real call makes a choice a half-minute);
        `latence`: the seconds of a round trip to Telegram, half on the way there (then the
        call takes effect), half on the way back."""
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_user = {
            "id": self.bot_id, "is_bot": True, "first_name": "amphi", "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }  # fmt: skip
        self.clock = clock
        self.users: dict[int, Utilisateur] = {}
        self.groups: dict[int, dict] = {}
        self.chats: dict[int, list[Message]] = {}
        self.updates: deque[dict] = deque()
        self.webhook: dict | None = None
        """Set by setWebhook: then getUpdates is refused, as Telegram does."""
        self.violations: list[str] = []
        self.trop_vite = 0
        self.bloques = 0
        self.commandes: dict[str, list[dict]] = {}
        self.files: dict[str, tuple[dict, bytes]] = {}
        self.callbacks: dict[str, dict] = {}
        self._next_update = itertools.count(1)
        self._next_message: dict[int, itertools.count] = {}
        self._next_file = itertools.count(1)
        self._changed = asyncio.Condition()
        self._global = _Bucket(GLOBAL_RATE, GLOBAL_RATE, clock)
        self._per_chat: dict[int, _Bucket] = {}
        self._flood_control = flood
        self._private_rate = rythme_par_chat
        self.latence = latence
        self.en_vol = 0
        self.en_vol_max = 0
        """Messages sent at once (received, their answer not yet back): now, and at most."""
        self.retenus: list[tuple[str, dict]] = []
        self.refus: dict[int, ApiError] = {}
        """Chats Telegram refuses every message and edit to, as it answers (a test's choice: a
        chat it no longer knows, an account closed); not a breach of the bot."""
        self._retenir: Callable[[str, dict], bool] | None = None
        self._relache = asyncio.Event()

    # ---- the users' side -------------------------------------------------------------------

    def utilisateur(self, user_id: int, first_name: str, **details: str) -> Utilisateur:
        user = Utilisateur(user_id, first_name, **details)
        self.users[user_id] = user
        self.chats.setdefault(user_id, [])
        return user

    def groupe(self, chat_id: int, title: str) -> None:
        self.groups[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats.setdefault(chat_id, [])

    async def ecrire(self, user: Utilisateur, text: str) -> Message:
        """The user types a text; a leading /command gets its bot_command entity."""
        extra = {}
        if text.startswith("/"):
            command = text.split()[0]
            extra["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        return await self._from_user(user, Message(0, {}, 0, False, text=text, extra=extra))

    async def partager_contact(self, user: Utilisateur, phone: str, own: bool = True) -> Message:
        contact = {"phone_number": phone, "first_name": user.first_name}
        if own:
            contact["user_id"] = user.id
        return await self._from_user(user, Message(0, {}, 0, False, extra={"contact": contact}))

    async def envoyer_document(
        self, user: Utilisateur, name: str, data: bytes, mime: str = "text/csv"
    ) -> Message:
        document = self._store_file(name, data, mime)
        return await self._from_user(user, Message(0, {}, 0, False, document=document))

    async def appuyer(self, user: Utilisateur, message: Message, data: str) -> str:
        """The user presses the button of `message` whose callback data is `data` (a forged
        press may name any data: the bot must check it)."""
        query_id = str(next(self._next_update) + 10**9)
        query = {
            "id": query_id, "from": user.as_dict(), "chat_instance": str(message.chat["id"]),
            "message": message.as_dict(self.bot_user, None), "data": data,
        }  # fmt: skip
        self.callbacks[query_id] = {"answered": False, "text": None}
        await self._push({"callback_query": query})
        return query_id

    def bloquer(self, user: Utilisateur) -> None:
        user.bloque = True

    def retenir(self, condition: Callable[[str, dict], bool] | None) -> None:
        """The bot's calls matching `condition(method, params)` never reach Telegram: held
        (in `retenus`) until `relacher`, then refused — the network cut while the bot waits for
        them (a test kills the bot at that instant)."""
        self._retenir = condition

    def relacher(self) -> None:
        self._retenir = None
        self._relache.set()

    def recus(self, chat_id: int) -> list[Message]:
        """What the bot sent to this chat, in order, edits applied."""
        return [m for m in self.chats.get(chat_id, []) if m.du_bot]

    def dernier(self, chat_id: int) -> Message:
        return self.recus(chat_id)[-1]

    async def attendre(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Until `condition()` holds (checked after each bot call), or TimeoutError."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(condition)

    async def reponse(self, chat_id: int, after: int, timeout: float = 10.0) -> Message:
        """The first message the bot sends to `chat_id` once it holds `after` of them."""
        await self.attendre(lambda: len(self.recus(chat_id)) > after, timeout)
        return self.recus(chat_id)[after]

    async def ecrire_dans_groupe(self, user: Utilisateur, chat_id: int, text: str) -> Message:
        """The user types in a group the bot is in (a /command gets its entity)."""
        extra = {}
        if text.startswith("/"):
            command = text.split()[0]
            extra["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        message = Message(0, {}, 0, False, text=text, extra=extra)
        return await self._from_user(user, message, self.groups[chat_id])

    def supprimer(self, message: Message) -> None:
        """Someone deletes a message (an administrator of the group, the user in his chat)."""
        self.chats[message.chat["id"]].remove(message)

    async def _from_user(
        self, user: Utilisateur, message: Message, chat: dict | None = None
    ) -> Message:
        chat = chat or {"id": user.id, "type": "private", "first_name": user.first_name}
        message.message_id = self._message_id(chat["id"])
        message.chat, message.date = chat, int(time.time())
        self.chats.setdefault(chat["id"], []).append(message)
        await self._push({"message": message.as_dict(self.bot_user, user.as_dict())})
        return message

    async def _push(self, update: dict) -> None:
        update["update_id"] = next(self._next_update)
        self.updates.append(update)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _message_id(self, chat_id: int) -> int:
        return next(self._next_message.setdefault(chat_id, itertools.count(1)))

    def _store_file(self, name: str, data: bytes, mime: str) -> dict:
        number = next(self._next_file)
        document = {
            "file_id": f"DOC{number:06d}", "file_unique_id": f"U{number:06d}",
            "file_name": name, "mime_type": mime, "file_size": len(data),
        }  # fmt: skip
        self.files[document["file_id"]] = (document, data)
        return document

    # ---- the bot's side --------------------------------------------------------------------

    async def appeler(self, method: str, params: dict[str, object]) -> object:
        """One Bot API call: its result, or `ApiError` as Telegram would answer."""
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            self._breach(method, "404 Not Found: méthode inconnue de l'émulateur")
            raise ApiError(404, "Not Found")
        refused = self.refus.get(_chat_id(params))
        if refused is not None and method.lower().startswith(("send", "edit")):
            raise refused
        if self._retenir is not None and self._retenir(method, params):
            self.retenus.append((method, params))
            await self._notify()
            await self._relache.wait()
            raise ApiError(502, "Bad Gateway")
        sending = method.lower().startswith("send")
        self.en_vol += sending
        self.en_vol_max = max(self.en_vol_max, self.en_vol)
        try:
            if self.latence:
                await asyncio.sleep(self.latence / 2)
            try:
                result = await handler(params)
            except ApiError as error:
                if error.code == 400:
                    self._breach(method, f"400 {error.description}")
                raise
            await self._notify()
            return result
        finally:
            if self.latence:  # the answer on its way back: the call is still in flight
                await asyncio.sleep(self.latence / 2)
            self.en_vol -= sending

    def _breach(self, method: str, what: str) -> None:
        self.violations.append(f"{method} : {what}")

    async def _m_getme(self, params: dict) -> dict:
        return self.bot_user

    async def _m_setwebhook(self, params: dict) -> bool:
        url, secret = str(params.get("url") or ""), params.get("secret_token")
        if not url.startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret}
        return True

    async def _m_deletewebhook(self, params: dict) -> bool:
        self.webhook = None
        if _bool(params.get("drop_pending_updates")):
            self.updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict) -> dict:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _m_getchat(self, params: dict) -> dict:
        """A group the bot is in, or a user who has written to it (else, as Telegram: not
        found)."""
        chat_id = int(str(params.get("chat_id", "0")))
        if chat_id in self.groups:
            return {**self.groups[chat_id], "accent_color_id": 0, "max_reaction_count": 11}
        user = self.users.get(chat_id)
        if user is None or not self.chats.get(chat_id):
            raise ApiError(400, "Bad Request: chat not found")
        return {"id": user.id, "type": "private", "first_name": user.first_name,
                "accent_color_id": 0, "max_reaction_count": 11}  # fmt: skip

    async def _m_getchatmember(self, params: dict) -> dict:
        chat_id = int(str(params.get("chat_id", "0")))
        if chat_id not in self.groups:
            raise ApiError(400, "Bad Request: chat not found")
        if int(str(params.get("user_id", "0"))) != self.bot_id:
            raise ApiError(400, "Bad Request: user not found")
        return {"status": "member", "user": self.bot_user}

    async def _m_getupdates(self, params: dict) -> list[dict]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                           "use deleteWebhook to delete the webhook first")  # fmt: skip
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()
        if not self.updates and timeout > 0:
            try:
                async with asyncio.timeout(timeout), self._changed:
                    await self._changed.wait_for(lambda: bool(self.updates))
            except TimeoutError:
                pass
        return list(itertools.islice(self.updates, limit))

    async def _m_setmycommands(self, params: dict) -> bool:
        commands = _json(params.get("commands")) or []
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32) or not all(c.islower() or c.isdigit() or c == "_"
                                                     for c in name):  # fmt: skip
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not (1 <= len(description) <= 256):
                raise ApiError(400, "Bad Request: command description is invalid")
        self.commandes[json.dumps(_json(params.get("scope")) or {"type": "default"})] = commands
        return True

    async def _m_deletemycommands(self, params: dict) -> bool:
        self.commandes.pop(json.dumps(_json(params.get("scope")) or {"type": "default"}), None)
        return True

    async def _m_sendchataction(self, params: dict) -> bool:
        self._chat(params)
        return True

    async def _m_sendmessage(self, params: dict) -> dict:
        chat = self._chat(params)
        text, entities = _formatted(params, "text", TEXT_LIMIT, required=True)
        markup = _markup(params.get("reply_markup"))
        self._flood(chat["id"])
        message = Message(self._message_id(chat["id"]), chat, int(time.time()), True,
                          text=text, reply_markup=markup, entities=entities,
                          recu_a=self.clock())  # fmt: skip
        self.chats[chat["id"]].append(message)
        return message.as_dict(self.bot_user, None)

    async def _m_senddocument(self, params: dict) -> dict:
        chat = self._chat(params)
        document = params.get("document")
        if isinstance(document, tuple):
            name, data, mime = document
            stored = self._store_file(name, data, mime or "application/octet-stream")
        elif isinstance(document, str) and document in self.files:
            stored = self.files[document][0]
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, _ = _formatted(params, "caption", CAPTION_LIMIT, required=False)
        self._flood(chat["id"])
        message = Message(self._message_id(chat["id"]), chat, int(time.time()), True,
                          document=stored, caption=caption,
                          reply_markup=_markup(params.get("reply_markup")))  # fmt: skip
        self.chats[chat["id"]].append(message)
        return message.as_dict(self.bot_user, None)

    async def _m_editmessagetext(self, params: dict) -> dict:
        message = self._bot_message(params)
        text, entities = _formatted(params, "text", TEXT_LIMIT, required=True)
        markup = _markup(params.get("reply_markup"))
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise ApiError(400, NON_MODIFIE)
        self._flood(message.chat["id"])
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.modifications += 1
        return message.as_dict(self.bot_user, None)

    async def _m_editmessagereplymarkup(self, params: dict) -> dict:
        message = self._bot_message(params)
        markup = _markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise ApiError(400, NON_MODIFIE)
        message.reply_markup = markup
        message.modifications += 1
        return message.as_dict(self.bot_user, None)

    async def _m_deletemessage(self, params: dict) -> bool:
        message = self._bot_message(params)
        self.chats[message.chat["id"]].remove(message)
        return True

    async def _m_answercallbackquery(self, params: dict) -> bool:
        query = self.callbacks.get(str(params.get("callback_query_id")))
        if query is None or query["answered"]:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                                "query ID is invalid")  # fmt: skip
        text = params.get("text")
        if text is not None and len(str(text)) > ALERT_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.update(answered=True, text=text)
        return True

    async def _m_getfile(self, params: dict) -> dict:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        document, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": document["file_unique_id"],
                "file_size": len(data), "file_path": f"documents/{file_id}"}  # fmt: skip

    def fichier(self, path: str) -> bytes | None:
        """A stored file's bytes, by the path getFile gave."""
        found = self.files.get(path.rsplit("/", 1)[-1])
        return None if found is None else found[1]

    def _chat(self, params: dict) -> dict:
        chat_id = int(str(params.get("chat_id", "0")))
        if chat_id in self.groups:
            return self.groups[chat_id]
        user = self.users.get(chat_id)
        if user is None and chat_id > 0:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if user is None:
            raise ApiError(400, "Bad Request: chat not found")
        if user.bloque:
            self.bloques += 1
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return {"id": user.id, "type": "private", "first_name": user.first_name}

    def _bot_message(self, params: dict) -> Message:
        chat = self._chat(params)
        wanted = int(str(params.get("message_id", "0")))
        for message in self.chats[chat["id"]]:
            if message.message_id == wanted and message.du_bot:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    def _flood(self, chat_id: int) -> None:
        if not self._flood_control:
            return
        if chat_id not in self._per_chat:
            burst, rate = (
                (GROUP_BURST, GROUP_RATE) if chat_id < 0 else (PRIVATE_BURST, self._private_rate)
            )
            self._per_chat[chat_id] = _Bucket(burst, rate, self.clock)
        for bucket in (self._global, self._per_chat[chat_id]):
            wait = bucket.take()
            if wait is not None:
                self.trop_vite += 1
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)


def _chat_id(params: dict) -> int | None:
    try:
        return int(str(params.get("chat_id")))
    except ValueError:
        return None


def _json(value: object) -> object:
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise ApiError(400, "Bad Request: can't parse JSON") from None


def _bool(value: object) -> bool:
    return str(value).lower() in {"true", "1"}


def _formatted(
    params: dict, name: str, limit: int, required: bool
) -> tuple[str | None, list[dict]]:
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


def _markup(value: object) -> dict | None:
    markup = _json(value)
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not (1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup
