"""Who may use the Telegram bot, as what: invitation codes, binding (by code or by the phone
number of a shared contact), the role of a Telegram account, unbinding — for both faces."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.operations import base
from bot.operations.base import Contexte
from ranking import telephone
from ranking.config import Config
from ranking.errors import InvalidInput, Refused
from ranking.horloge import now, paris_hhmm
from storage import comptes, internes, listes, service, voeux
from storage.comptes import Compte
from storage.listes import Liste

JOURS_MAX = 90


@dataclass(frozen=True, slots=True)
class Qui:
    """A Telegram account as the bot sees it: its role (None: a stranger) and its interne."""

    telegram_id: int
    role: str | None
    interne_id: str | None = None
    nom: str | None = None

    @property
    def gestionnaire(self) -> bool:
        return self.role == "gestionnaire"

    @property
    def interne(self) -> bool:
        return self.role == "interne"

    @property
    def mandataire(self) -> bool:
        """He may read and change the procuration of `interne_id`, nothing else."""
        return self.role == "mandataire"


async def inviter(ctx: Contexte, interne_id: str | None, jours: int = 7) -> str:
    """A single-use code for one interne, or for a gestionnaire (`interne_id` None)."""
    role = "interne" if interne_id else "gestionnaire"
    async with ctx.db.write() as tx:
        return await comptes.inviter(tx, role, interne_id, ctx.auteur, timedelta(days=jours))


def lien(config: Config, code: str) -> str | None:
    """The deep link that binds in one tap (`[telegram] nom_du_bot`), or None."""
    nom = config.autres.get("telegram", {}).get("nom_du_bot")
    if not isinstance(nom, str) or not nom.strip():
        return None
    return f"https://t.me/{nom.strip().lstrip('@')}?start={code.replace('-', '')}"


async def delier(ctx: Contexte, telegram_id: int) -> None:
    async with ctx.db.write() as tx:
        await comptes.delier(tx, telegram_id, ctx.auteur)


async def qui(ctx: Contexte, telegram_id: int, gestionnaires: frozenset[int]) -> Qui:
    """The role, read from the database each time (the configuration's gestionnaires too)."""
    async with ctx.db.read() as tx:
        read = await comptes.identite(tx, telegram_id)
    found, represented, nom = read.compte, read.mandat, None
    if found is not None and found.interne_id:
        nom = f"{read.nom} {read.prenom}" if read.prenom is not None else None
        if not read.actif:
            found = None  # an interne made inactive (or gone) no longer reads the semester
    if telegram_id in gestionnaires:
        return Qui(telegram_id, "gestionnaire", None, found.nom if found else None)
    if found is None and represented is not None:
        return Qui(telegram_id, "mandataire", represented, read.mandant)
    if found is None:
        return Qui(telegram_id, None)
    return Qui(telegram_id, found.role, found.interne_id, nom or found.nom)


async def lier_par_code(
    ctx: Contexte,
    code: str,
    telegram_id: int,
    nom: str | None,
    update_id: int | None = None,
    gestionnaires: frozenset[int] = frozenset(),
) -> Compte:
    """Bind with an invitation code; five wrong codes in an hour lock the attempts. The same
    Telegram update delivered again (after a crash) finds the account already bound by it.
    A gestionnaire named in the configuration keeps his role: an interne's code or a
    mandataire's link sent from his account is refused, and stays valid for its owner."""
    at = now()
    if telegram_id in gestionnaires:
        raise Refused(
            "ce compte Telegram est celui d'un gestionnaire : il ne peut pas devenir celui d'un "
            "interne ni d'un mandataire (le code reste valable pour son destinataire)"
        )
    async with ctx.db.read() as tx:
        deja = await _lie_ailleurs(tx, code, telegram_id)
    if deja is not None:
        return deja
    if code.lower().startswith(comptes.PREFIXE_MANDAT):
        return await _lier_mandataire(ctx, code, telegram_id, nom, at)
    async with ctx.db.write() as tx:
        if update_id is not None and await comptes.deja_traite(tx, update_id):
            found = await comptes.compte(tx, telegram_id)
            if found is not None:
                return found
        locked = await comptes.verrou(tx, telegram_id, at)
        if locked is not None:
            raise Refused(
                f"trop de codes faux : nouvel essai possible à {paris_hhmm(locked)} "
                "(heure de Paris)"
            )
    try:
        async with ctx.db.write() as tx:
            bound = await comptes.utiliser(tx, code, telegram_id, nom, at)
            if update_id is not None:
                await comptes.marquer_traite(tx, update_id)
            return bound
    except Refused as refusal:
        if "inconnu" not in str(refusal):
            raise
        async with ctx.db.write() as tx:
            locks = await comptes.noter_echec(tx, telegram_id, at)
        if locks:
            raise Refused(
                f"{refusal} ; trop de codes faux : essais bloqués pour une heure"
            ) from None
        raise


async def _lie_ailleurs(tx, code: str, telegram_id: int) -> Compte | None:
    """An account already bound that sends another code: bound as that code says already (a
    second code for the same interne), its binding, the code left unused; else refused, told
    to whom it is bound and how to unbind it, the code unused. Its own code again (the
    invitation's link tapped a second time) finds its binding."""
    read = await comptes.identite(tx, telegram_id)
    if read.compte is None and read.mandat is None:
        return None
    used_by, role, interne_id = await comptes.code_de(tx, code)
    held = read.compte or Compte(telegram_id, "mandataire", read.mandat, read.mandant)
    if used_by == telegram_id:  # his own link tapped again: he is bound, and told so
        return held
    if role is not None and (role, interne_id) == (held.role, held.interne_id):
        return held
    if read.compte is None:
        raise Refused(
            f"ce compte Telegram est déjà lié : mandataire de l'interne {read.mandant or ''} "
            f"({read.mandat}) ; l'interne peut le révoquer (/mandataire), ou un gestionnaire le "
            "délier, avant d'utiliser un autre code (celui-ci n'a pas servi)"
        )
    if read.compte.interne_id is None:
        raise Refused(
            "ce compte Telegram est déjà lié : c'est celui d'un gestionnaire ; un autre "
            f"gestionnaire peut le délier (/delier {telegram_id}) avant d'utiliser un autre "
            "code (celui-ci n'a pas servi)"
        )
    nom = f"{read.nom} {read.prenom} " if read.prenom is not None else ""
    how = "/mesdonnees pour le délier" if read.actif else "un gestionnaire peut le délier"
    raise Refused(
        f"ce compte Telegram est déjà lié à l'interne {nom}({read.compte.interne_id}) ; "
        f"{how} avant d'utiliser un autre code (celui-ci n'a pas servi)"
    )


async def _lier_mandataire(
    ctx: Contexte, code: str, telegram_id: int, nom: str | None, at
) -> Compte:
    async with ctx.db.write() as tx:
        if await comptes.verrou(tx, telegram_id, at) is not None:
            raise Refused("trop de codes faux : réessayer dans une heure")
    try:
        async with ctx.db.write() as tx:
            interne_id = await comptes.utiliser_mandat(tx, code, telegram_id, nom, at)
    except Refused:
        async with ctx.db.write() as tx:
            await comptes.noter_echec(tx, telegram_id, at)
        raise
    return Compte(telegram_id, "mandataire", interne_id, nom)


async def lien_mandataire(ctx: Contexte, interne_id: str, jours: int = 7) -> tuple[str, str | None]:
    """A one-time code (and its t.me link) the interne forwards to his mandataire."""
    async with ctx.db.write() as tx:
        code = await comptes.inviter_mandataire(tx, interne_id, timedelta(days=jours))
    return code, lien(ctx.config, code)


async def lier_par_contact(
    ctx: Contexte, phone: str, telegram_id: int, contact_user_id: int | None, nom: str | None
) -> Compte:
    """Bind an interne whose imported phone is the number of the contact he shared (his own)."""
    if contact_user_id != telegram_id:
        raise Refused("partager son propre contact (bouton « Partager mon numéro »), pas un autre")
    try:
        number = telephone.normaliser(phone)
    except InvalidInput:
        raise Refused("numéro de téléphone illisible : demander un code au gestionnaire") from None
    async with ctx.db.write() as tx:
        rows = await internes.telephones_actifs(tx)
        matching = [found for found, phone in rows if telephone.meme_numero(phone, number)]
        if len(matching) != 1:
            raise Refused(
                "ce numéro ne correspond à aucun interne importé (ou à plusieurs) : demander un "
                "code d'invitation au gestionnaire"
            )
        return await comptes.lier_interne(tx, matching[0], telegram_id, nom, "contact", now())


@dataclass(frozen=True, slots=True)
class Invitation:
    interne_id: str
    nom: str
    prenom: str
    code: str
    lien: str | None


@dataclass(frozen=True, slots=True)
class InvitationsListe:
    """A mail merge for a list: the codes made now, and why the others got none."""

    nouvelles: tuple[Invitation, ...]
    deja_valables: int
    """Internes not bound yet who hold a code still valid: no second code is made."""
    classes: int
    """Rows of the list (none: nobody is ranked yet, nobody can be invited from it)."""


async def inviter_liste(ctx: Contexte, nom: str, jours: int = 7) -> InvitationsListe:
    """A code for every active interne of the list whose account is not bound yet and who
    holds no valid code (a mail merge): one transaction, all or nothing."""
    at = now()
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        compte = await listes.compte(tx, liste)
        rows = await comptes.sans_compte(tx, liste.id)
        valables = await comptes.avec_code_valable(tx, at)
        found = []
        for interne_id, nom_, prenom in rows:
            if interne_id in valables:
                continue
            code = await comptes.inviter(
                tx, "interne", interne_id, ctx.auteur, timedelta(days=jours), at
            )
            found.append(Invitation(interne_id, nom_, prenom, code, lien(ctx.config, code)))
        deja = sum(1 for interne_id, *_ in rows if interne_id in valables)
        return InvitationsListe(tuple(found), deja, compte.internes)


@dataclass(frozen=True, slots=True)
class FicheInterne:
    """What a gestionnaire reads of one interne, phone number included."""

    interne_id: str
    nom: str
    prenom: str
    actif: bool
    telephone: str | None
    email: str | None
    telegram: int | None
    procuration: tuple[str, ...]
    procuration_telephone: str | None


async def fiche(ctx: Contexte, interne_id: str) -> FicheInterne:
    async with ctx.db.read() as tx:
        row = await internes.contact(tx, interne_id)
        if row is None:
            raise Refused(f"interne {interne_id} inconnu")
        telegram_id = await comptes.telegram_de(tx, interne_id)
        procuration = await voeux.procuration(tx, interne_id)
    return FicheInterne(
        row["id"], row["nom"], row["prenom"], bool(row["actif"]), row["telephone"],
        row["email"], telegram_id, procuration.voeux if procuration else (),
        procuration.telephone if procuration else None,
    )  # fmt: skip


async def sans_telegram(ctx: Contexte, liste_id: int) -> tuple[Liste, list[tuple[str, str, str]]]:
    """The list's internes whose Telegram is not bound yet (id, nom, prénom), in call order."""
    async with ctx.db.read() as tx:
        liste = await listes.by_id(tx, liste_id)
        return liste, await comptes.sans_compte(tx, liste_id)


async def mandataires(ctx: Contexte, interne_id: str) -> list[tuple[int, str | None]]:
    async with ctx.db.read() as tx:
        return await comptes.mandataires(tx, interne_id)


async def revoquer_mandataire(ctx: Contexte, interne_id: str, telegram_id: int) -> str | None:
    async with ctx.db.write() as tx:
        return await comptes.revoquer_mandataire(tx, interne_id, telegram_id)


async def internes_libres(ctx: Contexte, limite: int = 8) -> tuple[list[str], int]:
    """Internes a rehearsal may speak as (not bound yet): a few ids, and how many there are."""
    async with ctx.db.read() as tx:
        return await comptes.internes_sans_compte(tx, limite)


async def gestionnaires_lies(path: Path, config: Config) -> list[int]:
    """The Telegram accounts bound as gestionnaires in the base at `path` (read only)."""
    opened = await base.ouvrir(path, config, "verifier", ecriture=False)
    try:
        async with opened.db.read() as tx:
            return await service.gestionnaires(tx)
    finally:
        await base.fermer(opened)
