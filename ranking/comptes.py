"""Who may bind a Telegram account: an invitation code or a mandataire's link, used
once before it expires, one account per interne; decided on what storage read."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from ranking.errors import Refused

TENTATIVES_MAX = 5
FENETRE_TENTATIVES = timedelta(hours=1)
"""Five wrong codes in an hour lock an account's attempts, for an hour from the first of them."""


def verrou(tentatives: Sequence[datetime]) -> datetime | None:
    """Until when an account's code attempts are locked, or None; `tentatives`: its wrong codes
    within the last `FENETRE_TENTATIVES`, in time order."""
    if len(tentatives) < TENTATIVES_MAX:
        return None
    return tentatives[-TENTATIVES_MAX] + FENETRE_TENTATIVES


def verrouille(tentatives: Sequence[datetime]) -> bool:
    """The last wrong code (among `tentatives`, as for `verrou`) is the one that locks."""
    return len(tentatives) == TENTATIVES_MAX


def check_invitable(interne_id: str | None, actif: bool) -> None:
    """An interne is invited only when he is known and active."""
    if not actif:
        raise Refused(f"interne {interne_id} inconnu ou inactif : pas d'invitation")


def check_invitation(trouvee: bool, utilise_at: str | None, expire_at: str, at: datetime) -> None:
    """An invitation code: known, not used yet, not expired at `at`."""
    if not trouvee:
        raise Refused("code d'invitation inconnu : vérifier le code reçu du gestionnaire")
    if utilise_at is not None:
        raise Refused("ce code d'invitation a déjà servi : en demander un nouveau au gestionnaire")
    if datetime.fromisoformat(expire_at) <= at:
        raise Refused("ce code d'invitation a expiré : en demander un nouveau au gestionnaire")


def check_mandat(trouve: bool, utilise_at: str | None, expire_at: str, at: datetime) -> None:
    """A mandataire's link: known, not used yet, not expired at `at`."""
    if not trouve:
        raise Refused("lien de mandataire inconnu : en demander un nouveau à l'interne")
    if utilise_at is not None:
        raise Refused("ce lien de mandataire a déjà servi : en demander un nouveau à l'interne")
    if datetime.fromisoformat(expire_at) <= at:
        raise Refused("ce lien de mandataire a expiré : en demander un nouveau à l'interne")


def check_compte_libre(deja_lie: bool) -> None:
    """One binding per Telegram account."""
    if deja_lie:
        raise Refused("ce compte Telegram est déjà lié ; le gestionnaire peut le délier")


def check_interne_libre(interne_id: str | None, deja_lie: bool) -> None:
    """One Telegram account per interne."""
    if deja_lie:
        raise Refused(f"l'interne {interne_id} est déjà lié à un autre compte Telegram")


def check_lie(telegram_id: int, lie: bool) -> None:
    if not lie:
        raise Refused(f"aucun compte Telegram {telegram_id} n'est lié")


def check_son_mandataire(est_le_sien: bool) -> None:
    if not est_le_sien:
        raise Refused("ce mandataire n'est plus le vôtre : rien à révoquer")
