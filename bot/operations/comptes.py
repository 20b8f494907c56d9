"""Who may use the Telegram bot, as what: invitation codes and unbinding, for both faces."""

from datetime import timedelta

from bot.operations.base import Contexte
from storage import comptes

JOURS_MAX = 90


async def inviter(ctx: Contexte, interne_id: str | None, jours: int = 7) -> str:
    """A single-use code for one interne, or for a gestionnaire (`interne_id` None)."""
    role = "interne" if interne_id else "gestionnaire"
    async with ctx.db.write() as tx:
        return await comptes.inviter(tx, role, interne_id, ctx.auteur, timedelta(days=jours))


async def delier(ctx: Contexte, telegram_id: int) -> None:
    async with ctx.db.write() as tx:
        await comptes.delier(tx, telegram_id, ctx.auteur)
