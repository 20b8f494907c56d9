"""Telegram accounts bound to a role by invitation codes.

Codes are shown once to the gestionnaire who creates them and stored only as a SHA-256 hash;
each works once, before it expires.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ranking import comptes as regles
from ranking.horloge import now, paris_jour, timestamp
from storage import journal
from storage.database import Transaction

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DUREE_INVITATION = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Compte:
    telegram_id: int
    role: str
    interne_id: str | None
    nom: str | None


def _hash(code: str) -> str:
    canonical = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


async def inviter(
    tx: Transaction,
    role: str,
    interne_id: str | None,
    auteur: str,
    duree: timedelta = DUREE_INVITATION,
    at: datetime | None = None,
) -> str:
    """A new single-use code for a gestionnaire, or for one interne; returned once, kept hashed."""
    at = at or now()
    if role == "interne":
        row = await tx.one("SELECT nom, prenom, actif FROM interne WHERE id = ?", (interne_id,))
        regles.check_invitable(interne_id, row is not None and bool(row["actif"]))
    code = _new_code()
    await tx.insert(
        "INSERT INTO invitation (code_hash, role, interne_id, cree_at, expire_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (_hash(code), role, interne_id, timestamp(at), timestamp(at + duree)),
    )
    who = "un gestionnaire" if role == "gestionnaire" else f"l'interne {interne_id}"
    await journal.append(
        tx, auteur, "invitation.creation", f"code d'invitation créé pour {who}, valable jusqu'au "
        f"{paris_jour(at + duree)}", apres={"role": role, "interne": interne_id},
        internes=[interne_id] if interne_id else (),
    )  # fmt: skip
    return code


async def utiliser(
    tx: Transaction, code: str, telegram_id: int, nom: str | None, at: datetime | None = None
) -> Compte:
    """Bind a Telegram account with a code: once, before expiry, one account per interne."""
    at = at or now()
    invitation = await tx.one("SELECT * FROM invitation WHERE code_hash = ?", (_hash(code),))
    regles.check_invitation(
        invitation is not None,
        invitation["utilise_at"] if invitation else None,
        invitation["expire_at"] if invitation else "",
        at,
    )
    regles.check_compte_libre(await compte(tx, telegram_id) is not None)
    interne_id = invitation["interne_id"]
    regles.check_interne_libre(
        interne_id,
        interne_id is not None
        and bool(
            await tx.value("SELECT 1 FROM compte_telegram WHERE interne_id = ?", (interne_id,))
        ),
    )
    await tx.insert(
        "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (telegram_id, invitation["role"], interne_id, nom, timestamp(at)),
    )
    await tx.execute(
        "UPDATE invitation SET utilise_at = ?, utilise_par = ? WHERE code_hash = ?",
        (timestamp(at), telegram_id, invitation["code_hash"]),
    )
    await journal.append(
        tx, f"telegram:{telegram_id}", "compte.liaison",
        f"compte Telegram {telegram_id} ({nom or 'sans nom'}) lié : {invitation['role']}"
        + (f" {interne_id}" if interne_id else ""),
        apres={"role": invitation["role"], "interne": interne_id}, at=at,
        internes=[interne_id] if interne_id else (),
    )  # fmt: skip
    return Compte(telegram_id, invitation["role"], interne_id, nom)


async def code_de(tx: Transaction, code: str) -> tuple[int | None, str | None, str | None]:
    """An invitation or a mandataire's link: the Telegram account that used it (None: not
    used, or no such code), the role it binds to and its interne."""
    if code.lower().startswith(PREFIXE_MANDAT):
        sql = "SELECT utilise_par, 'mandataire', interne_id FROM mandat WHERE code_hash = ?"
    else:
        sql = "SELECT utilise_par, role, interne_id FROM invitation WHERE code_hash = ?"
    row = await tx.one(sql, (_hash(code),))
    return (row[0], row[1], row[2]) if row else (None, None, None)


async def compte(tx: Transaction, telegram_id: int) -> Compte | None:
    row = await tx.one(
        "SELECT telegram_id, role, interne_id, nom FROM compte_telegram WHERE telegram_id = ?",
        (telegram_id,),
    )
    return None if row is None else Compte(*row)


async def delier(tx: Transaction, telegram_id: int, auteur: str) -> None:
    existing = await compte(tx, telegram_id)
    represented = await mandat_de(tx, telegram_id)
    regles.check_lie(telegram_id, existing is not None or represented is not None)
    await tx.execute("DELETE FROM compte_telegram WHERE telegram_id = ?", (telegram_id,))
    await tx.execute("DELETE FROM mandataire WHERE telegram_id = ?", (telegram_id,))
    before = (
        {"role": existing.role, "interne": existing.interne_id}
        if existing
        else {"role": "mandataire", "interne": represented}
    )
    await journal.append(
        tx, auteur, "compte.deliaison", f"compte Telegram {telegram_id} délié", avant=before,
        internes=[before["interne"]] if before["interne"] else (),
    )  # fmt: skip


async def verrou(tx: Transaction, telegram_id: int, at: datetime) -> datetime | None:
    """Until when this account's code attempts are locked (five wrong in an hour), or None."""
    return regles.verrou(await _tentatives(tx, telegram_id, at))


async def _tentatives(tx: Transaction, telegram_id: int, at: datetime) -> list[datetime]:
    """The account's wrong codes within the window before `at`, in time order."""
    rows = await tx.all(
        "SELECT at FROM tentative_code WHERE telegram_id = ? AND at > ? ORDER BY at",
        (telegram_id, timestamp(at - regles.FENETRE_TENTATIVES)),
    )
    return [datetime.fromisoformat(row["at"]) for row in rows]


async def noter_echec(tx: Transaction, telegram_id: int, at: datetime) -> bool:
    """Record a wrong code; True when this one locks the account (journaled)."""
    await tx.execute(
        "INSERT INTO tentative_code (telegram_id, at) VALUES (?, ?)", (telegram_id, timestamp(at))
    )
    if regles.verrouille(await _tentatives(tx, telegram_id, at)):
        await journal.append(
            tx, f"telegram:{telegram_id}", "compte.verrou",
            f"compte Telegram {telegram_id} : {regles.TENTATIVES_MAX} codes faux en une heure, "
            "essais bloqués pour une heure", at=at,
        )  # fmt: skip
        return True
    return False


async def lier_interne(
    tx: Transaction, interne_id: str, telegram_id: int, nom: str | None, how: str, at: datetime
) -> Compte:
    """Bind an interne's account without a code (his shared contact matched his phone)."""
    regles.check_compte_libre(await compte(tx, telegram_id) is not None)
    regles.check_interne_libre(
        interne_id,
        bool(await tx.value("SELECT 1 FROM compte_telegram WHERE interne_id = ?", (interne_id,))),
    )
    await tx.insert(
        "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
        "VALUES (?, 'interne', ?, ?, ?)",
        (telegram_id, interne_id, nom, timestamp(at)),
    )
    await journal.append(
        tx, f"telegram:{telegram_id}", "compte.liaison",
        f"compte Telegram {telegram_id} ({nom or 'sans nom'}) lié : interne {interne_id} ({how})",
        apres={"role": "interne", "interne": interne_id}, at=at, internes=[interne_id],
    )  # fmt: skip
    return Compte(telegram_id, "interne", interne_id, nom)


async def deja_traite(tx: Transaction, update_id: int) -> bool:
    return bool(await tx.value("SELECT 1 FROM update_traite WHERE update_id = ?", (update_id,)))


async def marquer_traite(tx: Transaction, update_id: int) -> None:
    """In the same transaction as the update's writes: both or neither."""
    await tx.execute(
        "INSERT OR IGNORE INTO update_traite (update_id, at) VALUES (?, ?)",
        (update_id, timestamp(now())),
    )


PREFIXE_MANDAT = "m_"


async def inviter_mandataire(tx: Transaction, interne_id: str, duree: timedelta) -> str:
    """A one-time code the interne forwards to his mandataire (a `m_` deep-link parameter)."""
    at = now()
    code = PREFIXE_MANDAT + _new_code().replace("-", "")
    await tx.insert(
        "INSERT INTO mandat (code_hash, interne_id, cree_at, expire_at) VALUES (?, ?, ?, ?)",
        (_hash(code), interne_id, timestamp(at), timestamp(at + duree)),
    )
    await journal.append(
        tx, f"interne:{interne_id}", "mandat.creation",
        f"lien de mandataire créé par l'interne {interne_id}", internes=[interne_id],
    )  # fmt: skip
    return code


async def utiliser_mandat(
    tx: Transaction, code: str, telegram_id: int, nom: str | None, at: datetime
) -> str:
    """Bind a mandataire; returns the interne he represents."""
    row = await tx.one("SELECT * FROM mandat WHERE code_hash = ?", (_hash(code),))
    regles.check_mandat(
        row is not None, row["utilise_at"] if row else None, row["expire_at"] if row else "", at
    )
    regles.check_compte_libre(
        await compte(tx, telegram_id) is not None or bool(await mandat_de(tx, telegram_id))
    )
    await tx.execute(
        "INSERT INTO mandataire (telegram_id, interne_id, nom, lie_at) VALUES (?, ?, ?, ?)",
        (telegram_id, row["interne_id"], nom, timestamp(at)),
    )
    await tx.execute(
        "UPDATE mandat SET utilise_at = ?, utilise_par = ? WHERE code_hash = ?",
        (timestamp(at), telegram_id, row["code_hash"]),
    )
    await journal.append(
        tx, f"telegram:{telegram_id}", "compte.liaison",
        f"compte Telegram {telegram_id} ({nom or 'sans nom'}) lié : mandataire de "
        f"{row['interne_id']}", at=at, internes=[row["interne_id"]],
    )  # fmt: skip
    return row["interne_id"]


async def mandat_de(tx: Transaction, telegram_id: int) -> str | None:
    """The interne this account is the mandataire of, or None."""
    return await tx.value("SELECT interne_id FROM mandataire WHERE telegram_id = ?", (telegram_id,))


async def telegram_de(tx: Transaction, interne_id: str) -> int | None:
    """The Telegram account bound to this interne, if any."""
    return await tx.value(
        "SELECT telegram_id FROM compte_telegram WHERE interne_id = ?", (interne_id,)
    )


async def avec_code_valable(tx: Transaction, at: datetime) -> set[str]:
    """The internes holding an invitation code not used and not expired."""
    rows = await tx.all(
        "SELECT DISTINCT interne_id FROM invitation WHERE interne_id IS NOT NULL "
        "AND utilise_at IS NULL AND expire_at > ?",
        (timestamp(at),),
    )
    return {row[0] for row in rows}


async def sans_compte(tx: Transaction, liste_id: int) -> list[tuple[str, str, str]]:
    """(id, nom, prénom) of the list's active internes called there whose account is not bound
    yet, in call order."""
    rows = await tx.all(
        "SELECT DISTINCT i.id, i.nom, i.prenom FROM rang r "
        "JOIN interne i ON i.id = r.interne_id "
        "WHERE r.liste_id = ? AND i.actif AND NOT r.sortant AND i.id NOT IN "
        "(SELECT interne_id FROM compte_telegram WHERE interne_id IS NOT NULL) "
        "ORDER BY r.position",
        (liste_id,),
    )
    return [(row[0], row[1], row[2]) for row in rows]


@dataclass(frozen=True, slots=True)
class Identite:
    """What the bot reads of an account on every update, in one lookup: its binding (if
    any), the interne's name and whether he is active, and whose mandataire it is."""

    compte: Compte | None
    prenom: str | None
    nom: str | None
    actif: bool
    mandat: str | None
    mandant: str | None = None
    """The name of the interne whose mandataire it is, « NOM Prénom »."""


async def identite(tx: Transaction, telegram_id: int) -> Identite:
    row = await tx.one(
        "SELECT c.telegram_id, c.role, c.interne_id, c.nom, i.prenom, i.nom, i.actif, "
        "m.interne_id, mi.nom || ' ' || mi.prenom "
        "FROM (SELECT ?1 AS id) a LEFT JOIN compte_telegram c ON c.telegram_id = a.id "
        "LEFT JOIN interne i ON i.id = c.interne_id "
        "LEFT JOIN mandataire m ON m.telegram_id = a.id "
        "LEFT JOIN interne mi ON mi.id = m.interne_id",
        (telegram_id,),
    )
    compte = None if row[0] is None else Compte(row[0], row[1], row[2], row[3])
    return Identite(compte, row[4], row[5], bool(row[6]), row[7], row[8])


async def mandataires(tx: Transaction, interne_id: str) -> list[tuple[int, str | None]]:
    """The accounts that may edit his procuration: (Telegram id, name given by Telegram)."""
    rows = await tx.all(
        "SELECT telegram_id, nom FROM mandataire WHERE interne_id = ? ORDER BY lie_at",
        (interne_id,),
    )
    return [(row[0], row[1]) for row in rows]


async def revoquer_mandataire(tx: Transaction, interne_id: str, telegram_id: int) -> str | None:
    """His mandataire's account unbound (by the interne himself); its name, or Refused when
    it is not (or no longer) his mandataire."""
    nom = await tx.one(
        "SELECT nom FROM mandataire WHERE interne_id = ? AND telegram_id = ?",
        (interne_id, telegram_id),
    )
    regles.check_son_mandataire(nom is not None)
    await tx.execute("DELETE FROM mandataire WHERE telegram_id = ?", (telegram_id,))
    await journal.append(
        tx, f"interne:{interne_id}", "mandat.revocation",
        f"mandataire {nom[0] or telegram_id} (compte Telegram {telegram_id}) révoqué par "
        f"l'interne {interne_id}", internes=[interne_id],
    )  # fmt: skip
    return nom[0]


async def internes_sans_compte(tx: Transaction, limite: int) -> tuple[list[str], int]:
    """Active internes whose Telegram is not bound: the first `limite` ids, and how many."""
    condition = (
        "FROM interne WHERE actif AND id NOT IN "
        "(SELECT interne_id FROM compte_telegram WHERE interne_id IS NOT NULL)"
    )
    rows = await tx.all(f"SELECT id {condition} ORDER BY id LIMIT ?", (limite,))
    return [row[0] for row in rows], await tx.value(f"SELECT count(*) {condition}")
