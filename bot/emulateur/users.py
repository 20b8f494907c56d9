"""The users' side of the emulator: people who write, share a contact, send a document, press a
button, block the bot; a group the bot is in. Each act becomes the update Telegram would give
the bot."""

import time

from bot.emulateur import files
from bot.emulateur.html import utf16_length
from bot.emulateur.model import Message, Utilisateur


class Utilisateurs:
    """The people's acts, mixed into `Emulateur` (whose state they change)."""

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
        return await self._from_user(user, _typed(text))

    async def ecrire_dans_groupe(self, user: Utilisateur, chat_id: int, text: str) -> Message:
        """The user types in a group the bot is in (a /command gets its entity)."""
        return await self._from_user(user, _typed(text), self.groups[chat_id])

    async def partager_contact(self, user: Utilisateur, phone: str, own: bool = True) -> Message:
        contact = {"phone_number": phone, "first_name": user.first_name}
        if own:
            contact["user_id"] = user.id
        return await self._from_user(user, Message(0, {}, 0, False, extra={"contact": contact}))

    async def envoyer_document(
        self, user: Utilisateur, name: str, data: bytes, mime: str = "text/csv"
    ) -> Message:
        document = files.store(self, name, data, mime)
        return await self._from_user(user, Message(0, {}, 0, False, document=document))

    async def appuyer(self, user: Utilisateur, message: Message, data: str) -> str:
        """The user presses the button of `message` whose callback data is `data` (a forged
        press may name any data: the bot must check it)."""
        query_id = str(next(self.next_update) + 10**9)
        query = {
            "id": query_id, "from": user.as_dict(), "chat_instance": str(message.chat["id"]),
            "message": message.as_dict(self.bot_user, None), "data": data,
        }  # fmt: skip
        self.callbacks[query_id] = {"answered": False, "text": None}
        await self.push({"callback_query": query})
        return query_id

    def bloquer(self, user: Utilisateur) -> None:
        user.bloque = True

    def supprimer(self, message: Message) -> None:
        """Someone deletes a message (an administrator of the group, the user in his chat)."""
        self.chats[message.chat["id"]].remove(message)

    async def _from_user(
        self, user: Utilisateur, message: Message, chat: dict | None = None
    ) -> Message:
        chat = chat or {"id": user.id, "type": "private", "first_name": user.first_name}
        message.message_id = self.message_id(chat["id"])
        message.chat, message.date = chat, int(time.time())
        self.chats.setdefault(chat["id"], []).append(message)
        await self.push({"message": message.as_dict(self.bot_user, user.as_dict())})
        return message


def _typed(text: str) -> Message:
    """A typed text; a leading /command gets its bot_command entity."""
    extra = {}
    if text.startswith("/"):
        command = text.split()[0]
        extra["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
    return Message(0, {}, 0, False, text=text, extra=extra)
