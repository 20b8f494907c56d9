"""The call's acts, for both faces: each one transaction through the engine of `ranking.appel`,
the state shown after it read in the same transaction. Opening and closing a list take a copy of
the base first; opening reads the verification (règles §6)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.operations.appel.lecture import (
    Ecran,
    EtatAppel,
    absents,
    indexe,
    lire_ecran,
    lire_etat,
    ordonnes,
)
from bot.operations.base import Contexte
from ranking import appel as regles
from ranking import ouverture
from ranking.appel import Appel
from ranking.classement import RowKey
from ranking.cycle import Etat
from ranking.errors import AConfirmer, InvalidInput, Problem, Refused
from ranking.horloge import duree, paris_hhmm
from ranking.ordre import key_label
from storage import appel, journal, listes, maquette
from storage.database import Transaction
from storage.listes import Liste

INTERNE, POSTE, APRES = "interne", "poste", "rang après lequel"
"""What an act may have to be told (named so in the refusal when it is not)."""


class Acte(StrEnum):
    """Each act of the call, named once: `amphi appel <acte>` takes it, the call screen's
    buttons do it, the journal writes it `appel.<acte>`. `designe`: what it must be told."""

    designe: tuple[str, ...]

    OUVRIR = "ouvrir", ()
    CHOISIR = "choisir", (INTERNE, POSTE)
    ABSENT = "absent", (INTERNE,)
    PROCURATION = "procuration", (INTERNE,)
    INJOIGNABLE = "injoignable", (INTERNE,)
    ARRIVEE = "arrivee", (INTERNE,)
    DIFFERER = "differer", (INTERNE, APRES)
    OFFICE = "office", (INTERNE, POSTE)
    ANNULER = "annuler", ()
    CLORE = "clore", ()

    def __new__(cls, nom: str, designe: tuple[str, ...]):
        member = str.__new__(cls, nom)
        member._value_ = nom
        member.designe = designe
        return member


Operation = Callable[[Appel], tuple[Appel, str]]

AVANT = {Acte.OUVRIR: "ouverture", Acte.CLORE: "cloture"}
"""The acts a copy of the base is taken before (named after them)."""


def operation(
    acte: Acte,
    key: RowKey | None,
    poste: str | None,
    apres: int | None,
    motif: str | None = None,
) -> Operation:
    """The pure operation of the engine an act names, its arguments checked (`motif`: the
    gestionnaire's, for a place the maquette forbids, given hors maquette)."""
    given = {INTERNE: key, POSTE: poste, APRES: apres}
    missing = [name for name in acte.designe if given[name] is None]
    if missing:
        raise InvalidInput("", [Problem(f"{acte} : préciser {', '.join(missing)}")])
    match acte:
        case Acte.CHOISIR:
            return lambda a: regles.choisir(a, key, poste, motif)
        case Acte.ABSENT:
            return lambda a: regles.absent(a, key)
        case Acte.PROCURATION:
            return lambda a: regles.appliquer_procuration(a, key)
        case Acte.INJOIGNABLE:
            return lambda a: regles.injoignable(a, key)
        case Acte.ARRIVEE:
            return lambda a: regles.arrivee(a, key)
        case Acte.DIFFERER:
            return lambda a: regles.differer(a, key, apres)
        case Acte.OFFICE:
            return lambda a: regles.affecter_office(a, key, poste, motif)
        case Acte.ANNULER:
            return regles.annuler
        case Acte.CLORE:
            return regles.clore
    raise ValueError(f"{acte} n'est pas un acte du moteur de l'appel")


async def ouvrir(ctx: Contexte, nom: str, malgre: bool = False) -> EtatAppel:
    """The choice opened; a list the verification finds faults in only with `malgre` (the
    gestionnaire read them and confirms: journaled), else `AConfirmer` lists them."""
    said = await avant(ctx, nom, Acte.OUVRIR, malgre)
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        opened = await appel.ouvrir(tx, liste, ctx.auteur, said)
        return await lire_etat(tx, ctx, await listes.get(tx, nom), opened, [])


async def avant(ctx: Contexte, nom: str, acte: Acte, malgre: bool = False) -> str:
    """What comes before opening or closing a list, outside the act's transaction (both read
    the whole base): the verification for an opening (`_verifier_avant`), then a copy of the
    base. What the journal says of it (or "")."""
    if acte not in AVANT:
        return ""
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        try:  # the act's own rules: refused, it leaves the base as it is, no copy named after it
            if acte is Acte.OUVRIR:
                ouverture.check_ouvrable(liste)
            else:
                regles.clore(await appel.charger(tx, liste))
        except Refused:
            return ""  # the act says why, in its own words, after its own checks
    from bot.operations import sauvegarde  # opening and closing only: a choice starts without

    said = await _verifier_avant(ctx, nom, malgre) if acte is Acte.OUVRIR else ""
    await sauvegarde.automatique(ctx, f"{AVANT[acte]}-{nom}")
    return said


async def _verifier_avant(ctx: Contexte, nom: str, malgre: bool) -> str:
    """règles §6: before a list opens, what would make its day contestable. Nothing found: "".
    Found and not confirmed: refused with the findings; confirmed: what the journal says."""
    from bot.operations import verification

    found = await verification.constats(ctx, nom)
    if not found:
        return ""
    if not malgre:
        raise AConfirmer(
            f"liste « {nom} » : la vérification trouve {len(found)} constat(s) qui rendraient "
            "l'appel contestable ; l'ouvrir quand même se confirme (c'est journalisé)",
            tuple(f"[{c.sorte}] {c.texte}" for c in found),
        )
    kinds = Counter(c.sorte for c in found)
    return (
        f"ouvert malgré {len(found)} constat(s) de la vérification ("
        + ", ".join(f"{sorte} : {count}" for sorte, count in sorted(kinds.items()))
        + ")"
    )


@dataclass(frozen=True, slots=True)
class Appui:
    """A press on a call screen: the act, and indexes into the screen it was pressed on (the
    list's postes in natural order, the absents in rank order, a rank to defer after). They
    are read in the act's own transaction, once the screen's version is found unchanged."""

    acte: Acte
    poste: int | None = None
    absent: int | None = None
    apres: int | None = None
    hors_maquette: str | None = None
    """The gestionnaire's motif for a place the maquette forbids (règles §6)."""
    malgre: bool = False
    """« ouvrir »: the verification's findings were read and the opening confirmed."""

    def __post_init__(self):
        object.__setattr__(self, "acte", Acte(self.acte))  # named by its word: the same act


async def appuyer(ctx: Contexte, liste_id: int, version: int, appui: Appui) -> tuple[str, Ecran]:
    """One press on a call screen of `version`, as one transaction: refused if the list
    changed since the screen was drawn (`Perime`; `DejaFait` for the presser's own act just
    done), else the act on the very people and postes the screen showed. The sentence said and
    the screen after it. Opening reads the verification first (règles §6: `AConfirmer` unless
    `appui.malgre`), outside the act's transaction: it reads the whole base."""
    said = ""
    if appui.acte in AVANT:
        await _version_vue(ctx, liste_id, version, appui.acte)
        said = await avant(ctx, await _nom(ctx, liste_id), appui.acte, appui.malgre)
    async with ctx.db.write() as tx:
        liste = await listes.by_id(tx, liste_id)
        actions = [f"appel.{appui.acte}"]
        await journal.verifier_version(tx, liste.id, version, ctx.auteur, actions)
        if appui.acte is Acte.OUVRIR:
            opened = await appel.ouvrir(tx, liste, ctx.auteur, said)
            after = await listes.by_id(tx, liste_id)
            return "choix ouvert", await lire_ecran(tx, ctx, after, opened, [])
        current = await appel.charger(tx, liste)
        done = await agir_dans(tx, ctx, liste, operation_pressee(current, appui), appui.acte,
                               current)  # fmt: skip
        after = await listes.by_id(tx, liste_id)
        return done.phrase, await lire_ecran(tx, ctx, after, done.appel, done.durees)


def operation_pressee(current: Appel, appui: Appui) -> Operation:
    """The operation a press names on the call it was drawn from; refused when it names
    nobody (the screen showed someone the call no longer has)."""
    try:
        return operation(appui.acte, *designes(current, appui), appui.hors_maquette)
    except InvalidInput:
        raise Refused("personne n'est appelé pour cet acte : l'écran a été rafraîchi") from None


async def _nom(ctx: Contexte, liste_id: int) -> str:
    async with ctx.db.read() as tx:
        return (await listes.by_id(tx, liste_id)).nom


async def _version_vue(ctx: Contexte, liste_id: int, version: int, acte: Acte) -> None:
    """A press on an outdated screen is told so before anything else is said of it."""
    async with ctx.db.read() as tx:
        await journal.verifier_version(tx, liste_id, version, ctx.auteur, [f"appel.{acte}"])


def designes(current: Appel, appui: Appui) -> tuple[RowKey | None, str | None, int | None]:
    """The interne, poste and rank a press names, read from the call it was drawn from."""
    key = current.attente if appui.acte is Acte.INJOIGNABLE else current.appele()
    if appui.absent is not None:
        key = indexe(absents(current), appui.absent, "cet absent")
    poste = None
    if appui.poste is not None:
        poste = indexe(ordonnes(current), appui.poste, "ce poste")
    if appui.acte in (Acte.ANNULER, Acte.CLORE):
        key = None
    return key, poste, appui.apres


async def agir(
    ctx: Contexte,
    nom: str,
    acte: Acte | str,
    key: RowKey | None = None,
    poste: str | None = None,
    apres: int | None = None,
    hors_maquette: str | None = None,
) -> tuple[str, EtatAppel]:
    """One act of the call; its sentence and the call's state after it. `hors_maquette`: the
    motif for a place the maquette forbids (choisir, office), journaled with it."""
    acte = Acte(acte)
    pure = operation(acte, key, poste, apres, hors_maquette)
    await avant(ctx, nom, acte)  # a closing: the copy first
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        done = await agir_dans(tx, ctx, liste, pure, acte, key=key)
        state = await lire_etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)
        return done.phrase, state


async def expirer(ctx: Contexte, nom: str) -> tuple[str, EtatAppel]:
    """The called interne's time ran out: his procuration applies, or he is passed."""
    if ctx.config.delai_secondes is None:
        raise Refused("aucun délai configuré : [appel] delai_secondes dans la configuration")
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        called = (await appel.charger(tx, liste)).appele()
        seuls = {called[0]} if called else set()
        rules = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
        done = await appel.expirer(tx, liste, ctx.config.delai_secondes, ctx.auteur, rules)
        state = await lire_etat(tx, ctx, await listes.get(tx, nom), done.appel, done.durees)
    return f"délai écoulé : {done.phrase}", state


async def reprendre_delais(ctx: Contexte, debut: datetime, fin: datetime) -> list[str]:
    """After amphi was stopped, the interne called on a list chosen from Telegram has his
    whole time again: nobody is passed for minutes he could not choose in. Per list, what
    was done (« MG : le délai de 1234 recommence (120 s) »)."""
    if ctx.config.delai_secondes is None:
        return []
    said = []
    async with ctx.db.write() as tx:
        for liste in await listes.all_listes(tx):
            if liste.nom not in ctx.config.a_distance or liste.etat is not Etat.CHOIX_OUVERT:
                continue
            called = (await appel.charger(tx, liste)).appele()
            if called is None:
                continue
            delai = duree(ctx.config.delai_secondes)
            done = f"le délai de {key_label(called)} recommence ({delai})"
            stop = f"amphi arrêté de {paris_hhmm(debut)} à {paris_hhmm(fin)}"
            await appel.reprendre_delai(tx, liste, ctx.auteur, f"{stop} : {done}", called[0])
            said.append(f"{liste.nom} : {done}")
    return said


async def reoffrir(
    ctx: Contexte, nom: str, vers: str, version: int | None = None
) -> tuple[Liste, list[str]]:
    """The closed list's places left offered on `vers`; with `version` (a phone's press), only
    if the closed list is as the screen showed it."""
    async with ctx.db.write() as tx:
        source, cible = await listes.get(tx, nom), await listes.get(tx, vers)
        if version is not None:
            await journal.verifier_version(tx, source.id, version, ctx.auteur)
        return cible, await appel.reoffrir(tx, source, cible, ctx.auteur)


async def agir_dans(
    tx: Transaction,
    ctx: Contexte,
    liste: Liste,
    pure: Operation,
    acte: Acte,
    current: Appel | None = None,
    key: RowKey | None = None,
):
    """The act in the transaction `tx`, held to the maquettes of the configuration (règles §6)
    when there are some: only the profiles it may concern are read (the called, the one
    waited for, the absents, the interne named)."""
    current = current or await appel.charger(tx, liste)
    seuls = {k[0] for k in (current.appele(), current.attente, key, *current.absents) if k}
    rules = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
    return await appel.agir(tx, liste, pure, acte, ctx.auteur, rules)
