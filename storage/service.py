"""The running bot's heartbeat: when it was last seen alive, and what was due meanwhile."""

from datetime import datetime

from ranking.horloge import timestamp
from storage.database import Transaction


async def battement(tx: Transaction, at: datetime) -> None:
    await tx.execute(
        "INSERT INTO service_etat (id, vu_at) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET vu_at = excluded.vu_at",
        (timestamp(at),),
    )


async def vu_at(tx: Transaction) -> datetime | None:
    raw = await tx.value("SELECT vu_at FROM service_etat WHERE id = 1")
    return datetime.fromisoformat(raw) if raw else None


async def gestionnaires(tx: Transaction) -> list[int]:
    """The Telegram accounts bound as gestionnaires."""
    rows = await tx.all("SELECT telegram_id FROM compte_telegram WHERE role = 'gestionnaire'")
    return [row[0] for row in rows]
