"""Telegram's flood control: about thirty messages a second for the whole bot, a short burst
then about one a second in a private chat, twenty a minute in a group; beyond, 429 with the
seconds to wait."""

from collections.abc import Callable

from bot.emulateur.model import ApiError

GLOBAL_RATE = 30  # messages per second, all chats together
PRIVATE_BURST, PRIVATE_RATE = 20, 1.0  # a short burst, then about one message a second
GROUP_BURST, GROUP_RATE = 20, 20 / 60


class Bucket:
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


class Debit:
    """The buckets of the whole bot and of each chat; `trop_vite` counts the 429s answered."""

    def __init__(self, clock: Callable[[], float], enabled: bool, private_rate: float):
        self.clock, self.enabled, self.private_rate = clock, enabled, private_rate
        self.whole = Bucket(GLOBAL_RATE, GLOBAL_RATE, clock)
        self.per_chat: dict[int, Bucket] = {}
        self.trop_vite = 0

    def take(self, chat_id: int) -> None:
        """One message (or edit) to `chat_id`, or `ApiError` 429."""
        if not self.enabled:
            return
        if chat_id not in self.per_chat:
            burst, rate = (
                (GROUP_BURST, GROUP_RATE) if chat_id < 0 else (PRIVATE_BURST, self.private_rate)
            )
            self.per_chat[chat_id] = Bucket(burst, rate, self.clock)
        for bucket in (self.whole, self.per_chat[chat_id]):
            wait = bucket.take()
            if wait is not None:
                self.trop_vite += 1
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
